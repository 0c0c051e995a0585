"""The task register as one self-contained HTML page, for people who do not use notebooks.

``write_report(documents, out, today)`` writes a page with no outside resources (CSS and
JavaScript inline, no CDN, no fonts to fetch): a summary (tasks, overdue, due this month), a
sortable table of every task with filters by owner (chủ trì, optionally with phối hợp), by month
of the deadline, by state and by free text, a per-owner summary, and each document's full text
with its task passages highlighted. Every task row links to its passage (``#src-D-N``) and every
passage links back to its row (``#t-D-N``). Overdue means: a dated deadline before ``today`` and a
status that is not "Hoàn thành". Documents that carry warnings (``Document.warnings``: damaged text,
assignment wording that gave no task, numbering that jumps) are marked: their task rows carry a
"cảnh báo" badge, their block in the sources is flagged, and the section "Văn bản cần kiểm tra"
lists each of them with its warnings, those with no task at all included, so a document whose
tasks were missed does not pass unseen. Without JavaScript the page still shows the whole table.

The page is rendered by jinja2 (autoescaping) from ``templates/report.html``. ``write_report`` also
shows where each value was read (``Provenance``): the pages of PDF and image sources are rendered
once at 100 dpi into ``report_files/`` beside the page (``vndocx.page_images``); a task's source
link opens, beside its passage, the crop of its page with the box outlined, and each header field
of a document opens its crop on hover or click. Values OCR read with low confidence are marked.

    python -m vndocx.report out/tasks.jsonl -o out/report.html --today 2025-12-31
"""

from __future__ import annotations

import argparse
import calendar
import json
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

from vndocx.export import (
    NO_OWNER,
    atomic_path,
    document_label,
    is_done,
    iter_jsonl,
    parse_iso_date,
    task_due_date,
    unique_documents,
)
from vndocx.lang.text import strip_accents
from vndocx.page_images import Crop, PageImage, crop, filled_in
from vndocx.records import Document, Provenance, Task

DEFAULT_TITLE = "Sổ theo dõi nhiệm vụ"


def _template(name: str) -> str:
    return resources.files("vndocx").joinpath("templates", name).read_text(encoding="utf-8")


def _dmy(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _sort_key(name: str) -> tuple[str, str]:
    """Vietnamese-ish order without locale data: letters without marks first, then as printed."""
    return strip_accents(name.casefold()), name


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vndocx")
    except PackageNotFoundError:
        return "dev"


@dataclass(frozen=True)
class TaskState:
    """Where a task stands on the reference date: ``due`` (its deadline date or None), ``overdue``,
    ``due_this_month`` (falls due in the reference month, not yet late, not done), ``done``; ``days_late``
    counts days past the deadline when overdue."""

    due: date | None
    overdue: bool
    due_this_month: bool
    done: bool
    days_late: int

    @property
    def tokens(self) -> str:
        """Space-separated state names the page's state filter matches (``overdue due-month open undated done``)."""
        names = []
        if self.overdue:
            names.append("overdue")
        if self.due_this_month:
            names.append("due-month")
        if self.done:
            names.append("done")
        if self.due is None:
            names.append("undated")
        elif not self.done and not self.overdue:
            names.append("open")
        return " ".join(names)


def task_state(task: Task, today: date) -> TaskState:
    """Return where ``task`` stands on ``today`` (see ``TaskState``)."""
    due = task_due_date(task)
    done = is_done(task.status)
    overdue = due is not None and due < today and not done
    this_month = due is not None and not done and not overdue and (due.year, due.month) == (today.year, today.month)
    return TaskState(due, overdue, this_month, done, (today - due).days if overdue and due else 0)


def _month_key(due: date | None) -> str:
    return f"{due.year:04d}-{due.month:02d}" if due else "none"


def _month_label(key: str) -> str:
    if key == "none":
        return "Không có ngày hạn"
    year, month = key.split("-")
    return f"Tháng {int(month)}/{year}"


def _valid_span(task: Task, text: str) -> tuple[int, int] | None:
    if task.span is None:
        return None
    start, end = task.span
    return (start, end) if 0 <= start < end <= len(text) else None


# Below this OCR confidence (0–1) a task or field is marked "độ tin cậy thấp". Measured on the real
# scans (benchmarks/realdocs.py, calibration table): values read under 0.9 are wrong two to three
# times as often as those above it, while the OCR stage's own 60/100 mark almost never fires.
LOW_CONFIDENCE = 0.9

# The header and closing fields the register shows per document, in the order of the page.
_FIELDS = (("doc_type", "Loại văn bản"), ("number", "Số"), ("symbol", "Ký hiệu"), ("parent_issuer", "Cơ quan chủ quản"),
           ("issuer", "Cơ quan ban hành"), ("date_raw", "Địa danh, ngày"), ("subject", "Trích yếu"),
           ("urgency", "Độ khẩn"), ("confidentiality", "Độ mật"), ("recipients", "Kính gửi"),
           ("distribution", "Nơi nhận"), ("signer", "Người ký"), ("signature", "Chữ ký số"))

# What a signing tool fills into a PDF's form fields after signing: the number and the day of issue.
_FILLED_IN = {"number", "symbol", "date_raw"}

Images = Callable[[str, int], PageImage | None]


def _low(where: Provenance | None) -> str:
    """The tooltip of a "low confidence" mark for ``where``, or "" when it was read confidently."""
    if where is None or where.confidence is None or where.confidence >= LOW_CONFIDENCE:
        return ""
    return f"OCR đọc với độ tin cậy {100 * where.confidence:.0f}% (trang {where.page}): hãy đối chiếu với bản gốc"


def _crop(images: Images | None, doc: Document, where: Provenance | None) -> Crop | None:
    if images is None or where is None or where.bbox is None:
        return None
    image = images(doc.source, where.page)
    return crop(image, where) if image else None


def _field_value(doc: Document, name: str) -> str:
    value = getattr(doc, name)
    if name == "signer":
        return " · ".join(x for x in (*value.authority, value.title, value.name) if x)
    if name == "signature":
        return " · ".join(x for x in (value.signed_by, value.signed_at) if x)
    return "; ".join(value) if isinstance(value, list) else str(value)


def _fields(doc: Document, images: Images | None) -> list[dict]:
    """The header and closing fields of ``doc`` with where each was read and its crop."""
    widgets = getattr(images, "form_fields", None)  # a PageRenderer knows the PDF's form fields
    out = []
    for name, label in _FIELDS:
        if not getattr(doc, name):
            continue
        where = doc.provenance.get(name)
        origin = ""
        if name == "signature" and where is None:
            origin = "từ chữ ký số của tệp PDF"
        elif name == "signature":
            origin = f"từ dấu chữ ký in trên trang {where.page}"
        elif name in _FILLED_IN and where is not None and widgets is not None \
                and filled_in(where, widgets(doc.source, where.page)):
            origin = f"trang {where.page}, dòng có giá trị điền vào ô nhập liệu (form field) của PDF"
        out.append({"label": label, "value": _field_value(doc, name), "crop": _crop(images, doc, where),
                    "page": where.page if where else None, "origin": origin, "low": _low(where)})
    return out


def _text_parts(doc_id: int, doc: Document, today: date, images: Images | None) -> list[dict]:
    """The document's text cut into plain stretches and task passages (with their crops)."""
    text = doc.text
    marks: list[tuple[int, int, int, Task]] = []
    for n, task in enumerate(doc.tasks, start=1):
        span = _valid_span(task, text)
        if span:
            marks.append((span[0], span[1], n, task))
    marks.sort(key=lambda m: m[:3])
    parts: list[dict] = []
    pos = 0
    for start, end, n, task in marks:
        if start < pos:
            # Overlaps the passage before it: an anchor where it starts, inside that passage.
            parts.append({"kind": "anchor", "n": n})
            continue
        parts.append({"kind": "text", "text": text[pos:start]})
        css = "task overdue" if task_state(task, today).overdue else "task"
        parts.append({"kind": "mark", "n": n, "css": css, "text": text[start:end],
                      "crop": _crop(images, doc, task.provenance)})
        pos = end
    parts.append({"kind": "text", "text": text[pos:]})
    return parts


def _has_boxes(doc: Document) -> bool:
    return any(p.bbox for p in doc.provenance.values()) or any(t.provenance and t.provenance.bbox for t in doc.tasks)


def _block(doc_id: int, doc: Document, label: str, today: date, copies: list[str], images: Images | None) -> dict:
    doc_date = parse_iso_date(doc.date)
    facts = " · ".join(
        x for x in (doc.issuer, doc_date and _dmy(doc_date), f"{len(doc.tasks)} nhiệm vụ", Path(doc.source).name) if x
    )
    parts = _text_parts(doc_id, doc, today, images)
    fields = _fields(doc, images)
    note = ""
    problem = getattr(images, "problems", {}).get(doc.source)  # a PageRenderer says why it drew no page
    if images is not None and _has_boxes(doc) and (problem or not Path(doc.source).is_file()):
        note = f"{problem or 'Không tìm thấy tệp gốc ' + doc.source}: sổ không có ảnh trang của văn bản này."
    return {"doc_id": doc_id, "doc": doc, "label": label, "facts": facts, "copies": copies, "parts": parts,
            "fields": fields, "note": note}


def _row(doc_id: int, n: int, row_no: int, doc: Document, label: str, task: Task, state: TaskState) -> dict:
    classes = " ".join(c for c in ("overdue" if state.overdue else "", "due-month" if state.due_this_month else "",
                                   "done" if state.done else "") if c)  # fmt: skip
    doc_date = parse_iso_date(doc.date)
    return {
        "doc_id": doc_id, "n": n, "row_no": row_no, "doc": doc, "label": label, "task": task, "state": state,
        "classes": classes, "owner": task.owner or NO_OWNER, "co_json": json.dumps(task.co_owners, ensure_ascii=False),
        "month": _month_key(state.due), "due": _dmy(state.due) if state.due else "",
        "source": f"src-{doc_id}-{n}" if _valid_span(task, doc.text) else f"doc-{doc_id}",
        "where": " ".join(x for x in (task.section and f"Mục {task.section}", task.code) if x),
        "doc_date": _dmy(doc_date) if doc_date else "", "warnings": len(doc.warnings), "low": _low(task.provenance),
    }


def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(loader=PackageLoader("vndocx", "templates"), autoescape=select_autoescape(["html"]),
                       undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def render_report(
    documents: Iterable[Document], today: date | None = None, title: str = DEFAULT_TITLE, *, dedupe: bool = True,
    images: Images | None = None,
) -> str:
    """Return the HTML page of the task register of ``documents`` (see the module docstring).

    ``today`` is the reference date for "overdue" and "this month" (default: the current date). With
    ``dedupe``, copies of one document read from several files are shown once
    (``vndocx.export.unique_documents``) and the page names the merged files. ``images(source, page)``
    gives the rendered page a task or field was read on (``vndocx.page_images.PageRenderer``); without
    it the page has no crops and no image at all; with it, a document whose source file is gone gets a note."""
    today = today or date.today()
    duplicates: dict[str, list[str]] = {}
    if dedupe:
        documents, duplicates = unique_documents(documents)
    rows: list[dict] = []
    blocks: list[dict] = []
    owners: Counter[str] = Counter()
    co_owned: Counter[str] = Counter()
    months: Counter[str] = Counter()
    per_owner: dict[str, list[int]] = {}  # owner -> [tasks, overdue, due this month, undated]
    totals = Counter()
    n_documents = 0
    checks: list[dict] = []
    for doc_id, doc in enumerate(documents):
        n_documents += 1
        label = document_label(doc)
        if doc.warnings:
            checks.append({"doc_id": doc_id, "doc": doc, "label": label, "file": Path(doc.source).name})
        for n, task in enumerate(doc.tasks, start=1):
            state = task_state(task, today)
            rows.append(_row(doc_id, n, len(rows) + 1, doc, label, task, state))
            owner = task.owner or NO_OWNER
            owners[owner] += 1
            co_owned.update(set(task.co_owners))
            months[_month_key(state.due)] += 1
            counts = per_owner.setdefault(owner, [0, 0, 0, 0])
            counts[0] += 1
            counts[1] += state.overdue
            counts[2] += state.due_this_month
            counts[3] += state.due is None
            totals.update(overdue=state.overdue, month=state.due_this_month, undated=state.due is None,
                          done=state.done)  # fmt: skip
        blocks.append(_block(doc_id, doc, label, today, duplicates.get(doc.source, []), images))

    # Bodies that only coordinate are listed too, so "kể cả phối hợp" can find them.
    names = sorted(set(owners) | set(co_owned), key=_sort_key)
    month_keys = sorted(k for k in months if k != "none") + (["none"] if "none" in months else [])
    last_day = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    cards = [
        {"css": css, "state": state, "count": count, "text": text, "tip": tip}
        for css, state, count, text, tip in (
            ("all", "", len(rows), "nhiệm vụ", ""),
            ("late", "overdue", totals["overdue"], "quá hạn", ""),
            ("soon", "due-month", totals["month"], "đến hạn trong tháng", f"từ {_dmy(today)} đến {_dmy(last_day)}"),
            ("undated", "undated", totals["undated"], "không có ngày hạn", ""),
            ("done", "done", totals["done"], "đã hoàn thành", ""),
        )
    ]  # fmt: skip
    return _environment().get_template("report.html").render(
        title=title, version=_version(), css=_template("report.css"), js=_template("report.js"),
        n_documents=n_documents, n_merged=sum(len(v) for v in duplicates.values()),
        today=_dmy(today), today_iso=today.isoformat(), this_month=f"{today.month}/{today.year}",
        cards=cards, no_owner=NO_OWNER, rows=rows, checks=checks, blocks=blocks,
        owner_options=[{"name": n, "count": owners[n], "co": co_owned[n]} for n in names],
        month_options=[{"key": k, "label": _month_label(k), "count": months[k]} for k in month_keys],
        most=max((c[0] for c in per_owner.values()), default=1),
        owner_rows=[{"name": name, "c": c} for name, c in
                    sorted(per_owner.items(), key=lambda item: (-item[1][0], _sort_key(item[0])))],
    )


def pages_folder(out: Path) -> Path:
    """The folder beside the register ``out`` that holds its page images (``report_files/``)."""
    return out.with_name(f"{out.stem}_files")


def write_report(
    documents: Iterable[Document],
    out: Path,
    today: date | None = None,
    *,
    title: str = DEFAULT_TITLE,
    dedupe: bool = True,
    crops: bool = True,
) -> Path:
    """Write the HTML task register of ``documents`` to ``out`` (atomically, UTF-8) and return ``out``.

    ``today`` is the reference date for overdue tasks (default: the current date); ``dedupe``: see
    ``render_report``. With ``crops``, the pages that tasks and fields were read on (PDF and image
    sources that are still where ``Document.source`` says) are rendered once into ``pages_folder(out)``,
    and each task and field shows its crop; a source that is missing gets a note instead."""
    from vndocx.page_images import PageRenderer

    out = Path(out)
    folder = pages_folder(out)
    renderer = PageRenderer(folder, folder.name) if crops else None
    page = render_report(documents, today, title, dedupe=dedupe, images=renderer)
    with atomic_path(out) as tmp:
        tmp.write_text(page, encoding="utf-8")
    return out


def _iso_day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date in the form YYYY-MM-DD: {value!r}") from None


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``-o/--output``, ``--today`` and ``--title`` options of a report command to ``parser``."""
    parser.add_argument("-o", "--output", type=Path, required=True, help="the HTML file to write")
    parser.add_argument("--today", type=_iso_day, default=None,
                        help="reference date for overdue tasks, YYYY-MM-DD (default: today)")  # fmt: skip
    parser.add_argument("--title", default=DEFAULT_TITLE, help=f"page title (default: {DEFAULT_TITLE})")


def main(argv: list[str] | None = None) -> int:
    """``python -m vndocx.report RECORDS.jsonl… -o report.html [--today YYYY-MM-DD]``: the report of
    records a batch run wrote. Returns the exit code: 0, 1 when a file cannot be read, 2 for usage errors."""
    parser = argparse.ArgumentParser(prog="python -m vndocx.report", description=__doc__.splitlines()[0])
    parser.add_argument("records", nargs="+", type=Path, help="JSONL files written by `vndocx extract`")
    add_report_arguments(parser)
    args = parser.parse_args(argv)

    def documents() -> Iterable[Document]:
        for path in args.records:
            yield from iter_jsonl(path)

    try:
        out = write_report(documents(), args.output, args.today, title=args.title)
    except FileNotFoundError as err:
        print(f"vndocx report: no such file: {err.filename}", file=sys.stderr)
        return 1
    except ValueError as err:
        print(f"vndocx report: {err}", file=sys.stderr)
        return 1
    print(f"report → {out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
