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

    python -m vndocx.report out/tasks.jsonl -o out/report.html --today 2025-12-31
"""

from __future__ import annotations

import argparse
import calendar
import html
import json
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable
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
from vndocx.records import Document, Task

DEFAULT_TITLE = "Sổ theo dõi nhiệm vụ"
_PLACEHOLDER = re.compile(r"\{\{(\w+)\}\}")


def _template(name: str) -> str:
    return resources.files("vndocx").joinpath("templates", name).read_text(encoding="utf-8")


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def _dmy(value: date) -> str:
    return f"{value.day:02d}/{value.month:02d}/{value.year}"


def _sort_key(name: str) -> tuple[str, str]:
    """Vietnamese-ish order without locale data: letters without marks first, then as printed."""
    base = unicodedata.normalize("NFD", name.casefold()).replace("đ", "d")
    return "".join(c for c in base if not unicodedata.combining(c)), name


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


def _warn_badge(doc: Document, doc_id: int) -> str:
    """The "cảnh báo" badge of a document with warnings (its warnings as the tooltip), or ""."""
    if not doc.warnings:
        return ""
    n = len(doc.warnings)
    tip = _e("\n".join(doc.warnings))
    return (f'<a class="badge warn" href="#check-{doc_id}" title="{tip}">⚠ {n} cảnh báo</a>')


def _task_row(doc_id: int, n: int, row_no: int, doc: Document, label: str, task: Task, state: TaskState) -> str:
    owner = task.owner or NO_OWNER
    classes = " ".join(c for c in ("overdue" if state.overdue else "", "due-month" if state.due_this_month else "",
                                   "done" if state.done else "") if c)  # fmt: skip
    deadline = task.deadline
    if state.due:
        due_cell = f'<td data-sort="{state.due.isoformat()}">{_dmy(state.due)}'
        if deadline and deadline.raw:
            due_cell += f"<small>{_e(deadline.raw)}</small>"
    elif deadline:
        # data-last: sorts after every date in both directions, as tasks with no deadline do
        due_cell = f'<td data-sort="{_e(deadline.raw)}" data-last><span class="none">{_e(deadline.raw)}</span>'
    else:
        due_cell = '<td data-sort=""><span class="none">—</span>'
    if state.overdue:
        due_cell += f'<span class="badge late">Quá hạn {state.days_late} ngày</span>'
    elif state.due_this_month:
        due_cell += '<span class="badge soon">Đến hạn tháng này</span>'
    due_cell += "</td>"
    status = _e(task.status) if task.status else ""
    if state.done:
        status = f'<span class="badge done">{status}</span>'
    source = f"src-{doc_id}-{n}" if _valid_span(task, doc.text) else f"doc-{doc_id}"
    co_owners = "; ".join(task.co_owners)
    where = " ".join(x for x in (task.section and f"Mục {task.section}", task.code) if x)
    doc_date = parse_iso_date(doc.date)
    warn = f' data-warn="{len(doc.warnings)}"' if doc.warnings else ""
    return (
        f'<tr id="t-{doc_id}-{n}" class="{classes}" data-owner="{_e(owner)}" '
        f'data-co="{_e(json.dumps(task.co_owners, ensure_ascii=False))}" data-month="{_month_key(state.due)}" '
        f'data-state="{state.tokens}"{warn}>'
        f'<td data-sort="{row_no}">{row_no}</td>'
        f"<td>{_e(task.owner) if task.owner else '<span class=none>' + _e(NO_OWNER) + '</span>'}</td>"
        f"<td>{_e(co_owners)}</td>"
        f'<td>{_e(task.text)} <a class="src" href="#{source}" title="Xem trong văn bản gốc">nguồn ↗</a></td>'
        f"{due_cell}<td>{status}</td>"
        f'<td data-sort="{_e(label)}"><a href="#doc-{doc_id}">{_e(label)}</a>'
        f"{f'<small>{_dmy(doc_date)}</small>' if doc_date else ''}{_warn_badge(doc, doc_id)}</td>"
        f"<td>{_e(where)}</td></tr>"
    )


def _document_block(doc_id: int, doc: Document, label: str, today: date, copies: list[str]) -> str:
    text = doc.text
    marks: list[tuple[int, int, int, bool]] = []  # start, end, task number, overdue
    for n, task in enumerate(doc.tasks, start=1):
        span = _valid_span(task, text)
        if span:
            marks.append((span[0], span[1], n, task_state(task, today).overdue))
    marks.sort()
    parts: list[str] = []
    pos = 0
    for start, end, n, late in marks:
        back = f'<a class="back" href="#t-{doc_id}-{n}" title="Về dòng nhiệm vụ">↑{n}</a>'
        if start < pos:
            # Overlaps the passage before it: an anchor where it starts, inside that passage.
            parts.append(f'<span id="src-{doc_id}-{n}"></span>{back}')
            continue
        parts.append(_e(text[pos:start]))
        css = "task overdue" if late else "task"
        parts.append(f'<mark id="src-{doc_id}-{n}" class="{css}">{_e(text[start:end])}</mark>{back}')
        pos = end
    parts.append(_e(text[pos:]))
    doc_date = parse_iso_date(doc.date)
    facts = " · ".join(
        x for x in (doc.issuer, doc_date and _dmy(doc_date), f"{len(doc.tasks)} nhiệm vụ", Path(doc.source).name) if x
    )
    subject = f" — {_e(doc.subject)}" if doc.subject else ""
    also = ""
    if copies:
        also = f'<p class="copies">Cũng đọc từ: {_e(", ".join(copies))}</p>'
    warnings = ""
    if doc.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in doc.warnings)
        warnings = f'<ul class="warnings" title="Điều chương trình chưa chắc chắn">{items}</ul>'
    flag = f' <span class="badge warn">⚠ {len(doc.warnings)} cảnh báo</span>' if doc.warnings else ""
    css = ' class="warned"' if doc.warnings else ""
    return (
        f'<details id="doc-{doc_id}"{css}><summary><b>{_e(label)}</b>{flag}{subject}<br><small>{_e(facts)}</small>'
        f'</summary>{also}{warnings}<pre class="doc-text">{"".join(parts)}</pre></details>'
    )


def _check_item(doc_id: int, doc: Document, label: str) -> str:
    """One document of "Văn bản cần kiểm tra": its label (to its text), task count and warnings."""
    items = "".join(f"<li>{_e(w)}</li>" for w in doc.warnings)
    tasks = f"{len(doc.tasks)} nhiệm vụ" if doc.tasks else "không tìm thấy nhiệm vụ nào"
    return (f'    <li id="check-{doc_id}"><a href="#doc-{doc_id}">{_e(label)}</a> '
            f'<small>{_e(Path(doc.source).name)} · {tasks}</small><ul class="warnings">{items}</ul></li>')


def render_report(
    documents: Iterable[Document], today: date | None = None, title: str = DEFAULT_TITLE, *, dedupe: bool = True
) -> str:
    """Return the HTML page of the task register of ``documents`` (see the module docstring).

    ``today`` is the reference date for "overdue" and "this month" (default: the current date). With
    ``dedupe``, copies of one document read from several files are shown once
    (``vndocx.export.unique_documents``) and the page names the merged files."""
    today = today or date.today()
    duplicates: dict[str, list[str]] = {}
    if dedupe:
        documents, duplicates = unique_documents(documents)
    rows: list[str] = []
    blocks: list[str] = []
    owners: Counter[str] = Counter()
    co_owned: Counter[str] = Counter()
    months: Counter[str] = Counter()
    per_owner: dict[str, list[int]] = {}  # owner -> [tasks, overdue, due this month, undated]
    totals = Counter()
    n_documents = 0
    checks: list[str] = []
    for doc_id, doc in enumerate(documents):
        n_documents += 1
        label = document_label(doc)
        if doc.warnings:
            checks.append(_check_item(doc_id, doc, label))
        for n, task in enumerate(doc.tasks, start=1):
            state = task_state(task, today)
            rows.append(_task_row(doc_id, n, len(rows) + 1, doc, label, task, state))
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
        blocks.append(_document_block(doc_id, doc, label, today, duplicates.get(doc.source, [])))

    # Bodies that only coordinate are listed too, so "kể cả phối hợp" can find them.
    names = sorted(set(owners) | set(co_owned), key=_sort_key)
    owner_options = "\n".join(
        f'      <option value="{_e(name)}">{_e(name)} ({owners[name]}'
        f"{f' + {co_owned[name]} phối hợp' if co_owned[name] else ''})</option>"
        for name in names
    )
    month_keys = sorted(k for k in months if k != "none") + (["none"] if "none" in months else [])
    month_options = "\n".join(
        f'      <option value="{k}">{_e(_month_label(k))} ({months[k]})</option>' for k in month_keys
    )
    most = max((c[0] for c in per_owner.values()), default=1)
    owner_rows = "\n".join(
        f'      <tr><td><button type="button" class="owner-link" data-owner="{_e(name)}">{_e(name)}</button></td>'
        f"<td>{c[0]}</td><td>{c[1] or ''}</td><td>{c[2] or ''}</td><td>{c[3] or ''}</td>"
        f'<td class="bar-col"><div class="bar" style="width:{100 * c[0] / most:.1f}%">'
        f'<i style="width:{100 * c[1] / c[0]:.1f}%"></i></div></td></tr>'
        for name, c in sorted(per_owner.items(), key=lambda item: (-item[1][0], _sort_key(item[0])))
    )
    n_merged = sum(len(v) for v in duplicates.values())
    last_day = date(today.year, today.month, calendar.monthrange(today.year, today.month)[1])
    cards = "\n".join(
        f'    <button type="button" class="{css}" data-state="{state}"{tip}><b>{count}</b>{_e(text)}</button>'
        for css, state, count, text, tip in (
            ("all", "", len(rows), "nhiệm vụ", ""),
            ("late", "overdue", totals["overdue"], "quá hạn", ""),
            ("soon", "due-month", totals["month"], "đến hạn trong tháng",
             f' title="từ {_dmy(today)} đến {_dmy(last_day)}"'),
            ("undated", "undated", totals["undated"], "không có ngày hạn", ""),
            ("done", "done", totals["done"], "đã hoàn thành", ""),
        )
    )  # fmt: skip
    check_section = ""
    warned = ""
    if checks:
        warned = f' · <a href="#to-check" class="warned">{len(checks)} văn bản cần kiểm tra</a>'
        check_section = (
            '<section id="to-check">\n  <h2>Văn bản cần kiểm tra</h2>\n'
            '  <p class="hint">Các văn bản này có cảnh báo (chữ đọc từ bản quét kém, câu giao việc mà không '
            'trích được nhiệm vụ, số mục nhảy cóc…): nhiệm vụ của chúng có thể thiếu hoặc sai, hãy đối chiếu '
            'với văn bản gốc.</p>\n  <ul class="checks">\n' + "\n".join(checks) + "\n  </ul>\n</section>"
        )
    values = {
        "title": _e(title),
        "warned": warned,
        "checks": check_section,
        "version": _e(_version()),
        "css": _template("report.css"),
        "js": _template("report.js"),
        "n_documents": str(n_documents),
        "merged": f" ({n_merged} tệp là bản sao, đã gộp)" if n_merged else "",
        "n_tasks": str(len(rows)),
        "today": _dmy(today),
        "today_iso": today.isoformat(),
        "this_month": f"{today.month}/{today.year}",
        "cards": cards,
        "owner_options": owner_options,
        "month_options": month_options,
        "rows": "\n".join(rows),
        "owner_rows": owner_rows,
        "documents": "\n".join(blocks),
    }
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], _template("report.html"))


def write_report(
    documents: Iterable[Document],
    out: Path,
    today: date | None = None,
    *,
    title: str = DEFAULT_TITLE,
    dedupe: bool = True,
) -> Path:
    """Write the HTML task register of ``documents`` to ``out`` (atomically, UTF-8) and return ``out``.

    ``today`` is the reference date for overdue tasks (default: the current date); ``dedupe``: see
    ``render_report``."""
    out = Path(out)
    page = render_report(documents, today, title, dedupe=dedupe)
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
