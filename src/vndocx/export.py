"""Tables and files from records: pandas DataFrames, JSONL, CSV, an Excel task register, Parquet.

``to_dataframe`` flattens documents into two tables (one row per task, one row per document);
``write_records`` writes documents in the format an office or an analyst asks for, and ``convert``
turns the JSONL a batch run wrote into CSV, Excel or Parquet. Every file is written to a temporary
file beside the target, fsync'ed and renamed over it (``vndocx.batch.outputs.atomic_path``), so a reader
never sees half a file. The Excel file is a
task register meant to be opened and filtered by people: Vietnamese headers, real date cells,
frozen header row, autofilter, wrapped task text, overdue rows shaded when opened.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple

from vndocx.batch.outputs import atomic_path
from vndocx.lang.rule_tables import load_statuses
from vndocx.records import Document, Task

if TYPE_CHECKING:  # pandas loads on first use: ``vndocx report`` and ``--help`` do not need it
    import pandas as pd

ExportFormat = Literal["jsonl", "csv", "xlsx", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "xlsx", "parquet")

LIST_SEPARATOR = "; "
# the statuses that say a task is finished, casefolded, spaces removed
DONE_STATUSES = tuple("".join(s.split()).casefold() for s, done in load_statuses().items() if done)
NO_OWNER = "(chưa xác định)"

# Deadline kinds as an office reads them.
DEADLINE_KIND_LABELS: dict[str, str] = {
    "by": "Trước ngày",
    "within": "Trong thời gian",
    "recurring": "Định kỳ",
    "relative": "Tính từ sự kiện",
    "ongoing": "Thường xuyên",
}

TASK_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "doc_label", "doc_type", "doc_number", "doc_symbol", "doc_date", "issuer", "task_no",
    "section", "owner", "co_owners", "text", "deadline_raw", "deadline_date", "deadline_kind",
    "recurrence", "milestones", "status", "code", "span_start", "span_end",
)  # fmt: skip
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "doc_label", "doc_type", "number", "symbol", "issuer", "parent_issuer", "place",
    "date", "date_raw", "subject", "signer_name", "signer_title", "signer_authority", "recipients",
    "distribution", "n_tasks", "n_sections", "n_references", "n_footnotes", "warnings",
)  # fmt: skip
_DATE_COLUMNS = {"doc_date", "deadline_date", "date"}
_INT_COLUMNS = {"doc_id", "task_no", "span_start", "span_end", "n_tasks", "n_sections", "n_references",
                "n_footnotes"}  # fmt: skip

TASK_SHEET = "Nhiệm vụ"
DOCUMENT_SHEET = "Văn bản"
EXCEL_DATE_FORMAT = "DD/MM/YYYY"
EXCEL_MAX_ROWS = 1_048_576


class Frames(NamedTuple):
    """The two tables of ``to_dataframe``; unpacks as ``tasks, documents = to_dataframe(docs)``."""

    tasks: pd.DataFrame
    documents: pd.DataFrame


# ----------------------------------------------------------------------------------------------
# Reading a task as an office does


def is_done(status: str | None) -> bool:
    """Return True when a reported status says the task is finished ("Hoàn thành", "Đã hoàn thành"),
    spaces ignored (OCR drops them: "Hoànthành")."""
    if not status:
        return False
    folded = "".join(unicodedata.normalize("NFC", status).split()).casefold()
    return folded.startswith(DONE_STATUSES)


def parse_iso_date(value: str | None) -> date | None:
    """Return the ``date`` of an ISO ``YYYY-MM-DD`` string, or None when it is absent or not a real date."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def task_due_date(task: Task) -> date | None:
    """Return the task's deadline as a ``date``, or None when it has no dated deadline."""
    return parse_iso_date(task.deadline.date) if task.deadline else None


def is_overdue(task: Task, today: date) -> bool:
    """Return True when the task's deadline date is before ``today`` and its status is not done."""
    due = task_due_date(task)
    return due is not None and due < today and not is_done(task.status)


def document_reference(doc: Document) -> str | None:
    """Return the printed "số/ký hiệu" of a document ("981/VPUBND-PVHCC", "/KH-UBND"), or None."""
    if doc.number and doc.symbol:
        return f"{doc.number}/{doc.symbol}"
    if doc.symbol:
        return f"/{doc.symbol}"  # number left blank for the signer, as printed
    return doc.number


def document_label(doc: Document) -> str:
    """Return a short human label for a document: type and number, else type and source file name."""
    ref = document_reference(doc)
    kind = doc.doc_type or "Văn bản"
    if ref:
        return f"{kind} số {ref}"
    return f"{kind} ({Path(doc.source).name})"


class Deduplicated(NamedTuple):
    """What ``unique_documents`` returns: the documents kept, in first-seen order, and for each kept
    document's source the sources of the copies merged into it."""

    documents: list[Document]
    duplicates: dict[str, list[str]]


# Which copy of a document to keep: text as typed beats a PDF's text layer, which beats OCR of an image.
_SOURCE_RANK = {".docx": 0, ".txt": 0, ".md": 0, ".pdf": 1}
_IMAGE_RANK = 2


def _fold(text: str | None) -> str:
    return "".join((text or "").split()).casefold()


def document_key(doc: Document) -> tuple[str, ...] | None:
    """Return what identifies a document by its header, spaces and case ignored: type, number, symbol,
    date and issuer; when the number or the date is blank (a draft), type, symbol, issuer and subject.
    None when even that is missing (a fragment, a text without header)."""
    if not doc.symbol:
        return None
    if doc.number and doc.date:
        return (doc.doc_type or "", doc.number, _fold(doc.symbol), doc.date, _fold(doc.issuer))
    if doc.subject:
        return (doc.doc_type or "", "", _fold(doc.symbol), doc.date or "", _fold(doc.issuer), _fold(doc.subject))
    return None


def _preference(doc: Document) -> tuple[int, int, int]:
    rank = _SOURCE_RANK.get(Path(doc.source).suffix.lower(), _IMAGE_RANK)
    return rank, len(doc.warnings), -len(doc.tasks)


def unique_documents(documents: Iterable[Document]) -> Deduplicated:
    """Merge copies of the same document read from several files (the PDF, the DOCX and a scan of one
    Công văn) so that its tasks are counted once. Documents with the same ``document_key`` are copies;
    of those the one read most directly is kept (DOCX or text, then PDF, then images; then the fewest
    warnings, the most tasks, the first seen), at the position of the first copy. Documents without a
    key are all kept."""
    kept: list[Document] = []
    slot: dict[tuple[str, ...], int] = {}
    copies: dict[int, list[str]] = {}
    for doc in documents:
        key = document_key(doc)
        if key is None:
            kept.append(doc)
            continue
        if key not in slot:
            slot[key] = len(kept)
            kept.append(doc)
            continue
        i = slot[key]
        if _preference(doc) < _preference(kept[i]):
            kept[i], doc = doc, kept[i]
        copies.setdefault(i, []).append(doc.source)
    return Deduplicated(kept, {kept[i].source: sorted(sources) for i, sources in copies.items()})


def overdue_mask(tasks: pd.DataFrame, today: date) -> pd.Series:
    """Return a boolean Series over a ``to_dataframe`` task table: deadline before ``today``, not done."""
    import pandas as pd

    due = tasks["deadline_date"]
    late = due.notna() & (due < pd.Timestamp(today))
    done = tasks["status"].map(lambda s: is_done(s if isinstance(s, str) else None)).astype(bool)
    return (late & ~done).astype(bool)


# ----------------------------------------------------------------------------------------------
# DataFrames


def _join(items: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(items) if items else None


def _task_row(doc_id: int, doc: Document, label: str, task_no: int, task: Task) -> dict[str, Any]:
    deadline = task.deadline
    return {
        "doc_id": doc_id,
        "source": doc.source,
        "doc_label": label,
        "doc_type": doc.doc_type,
        "doc_number": doc.number,
        "doc_symbol": doc.symbol,
        "doc_date": parse_iso_date(doc.date),
        "issuer": doc.issuer,
        "task_no": task_no,
        "section": task.section,
        "owner": task.owner,
        "co_owners": _join(task.co_owners),
        "text": task.text,
        "deadline_raw": deadline.raw if deadline else None,
        "deadline_date": task_due_date(task),
        "deadline_kind": deadline.kind if deadline else None,
        "recurrence": deadline.recurrence if deadline else None,
        "milestones": _join([m.raw for m in task.milestones]),
        "status": task.status,
        "code": task.code,
        "span_start": task.span[0] if task.span else None,
        "span_end": task.span[1] if task.span else None,
    }


def _document_row(doc_id: int, doc: Document, label: str) -> dict[str, Any]:
    signer = doc.signer
    return {
        "doc_id": doc_id,
        "source": doc.source,
        "doc_label": label,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "parent_issuer": doc.parent_issuer,
        "place": doc.place,
        "date": parse_iso_date(doc.date),
        "date_raw": doc.date_raw,
        "subject": doc.subject,
        "signer_name": signer.name if signer else None,
        "signer_title": signer.title if signer else None,
        "signer_authority": _join(signer.authority) if signer else None,
        "recipients": _join(doc.recipients),
        "distribution": _join(doc.distribution),
        "n_tasks": len(doc.tasks),
        "n_sections": len(doc.sections),
        "n_references": len(doc.references),
        "n_footnotes": len(doc.footnotes),
        "warnings": _join(doc.warnings),
    }


def _frame(rows: list[dict[str, Any]], columns: Sequence[str]) -> pd.DataFrame:
    import pandas as pd

    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for col in columns:
        if col in _DATE_COLUMNS:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        elif col in _INT_COLUMNS:
            frame[col] = frame[col].astype("Int64")
        else:
            # Plain Python str/None cells whatever pandas' default string dtype is.
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def to_dataframe(documents: Iterable[Document]) -> Frames:
    """Flatten documents into ``(tasks, documents)`` DataFrames, returned as a ``Frames`` named tuple.

    ``tasks`` has one row per task (columns ``TASK_COLUMNS``): its document's ``doc_id`` (position
    in the input), source, ``doc_label`` ("Thông báo số 215/TB-VP"), type, number, symbol, date and
    issuer, then the task's ``task_no`` (1-based within its document), section, owner, co-owners and
    milestones joined with ``"; "``, text, deadline raw/date/kind/recurrence, status, code and
    ``span_start``/``span_end`` (offsets into the document's text). ``documents`` has one row per
    document (columns ``DOCUMENT_COLUMNS``) with its counts of tasks, sections, references, footnotes.
    Dates are ``datetime64[ns]`` (``NaT`` when absent or not a real date); counts and offsets are
    nullable ``Int64``; missing text values are ``None``. ``documents`` is consumed once, lazily: the
    documents' full text is not kept.
    """
    task_rows: list[dict[str, Any]] = []
    doc_rows: list[dict[str, Any]] = []
    for doc_id, doc in enumerate(documents):
        label = document_label(doc)
        doc_rows.append(_document_row(doc_id, doc, label))
        task_rows.extend(_task_row(doc_id, doc, label, n, task) for n, task in enumerate(doc.tasks, start=1))
    return Frames(_frame(task_rows, TASK_COLUMNS), _frame(doc_rows, DOCUMENT_COLUMNS))


# ----------------------------------------------------------------------------------------------
# Files


def iter_jsonl(path: str | Path) -> Iterator[Document]:
    """Yield the documents stored one JSON object per line in ``path`` (blank lines skipped).

    Raises ValueError naming the file and line of a line that is not a valid record."""
    path = Path(path)
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                yield Document.model_validate_json(line)
            except ValueError as err:
                first = str(err).splitlines()[0]
                raise ValueError(f"{path}:{number}: not a vndocx record ({first})") from err


def read_jsonl(path: str | Path) -> list[Document]:
    """Return the documents stored one JSON object per line in ``path`` (as ``write_records`` writes)."""
    return list(iter_jsonl(path))


def companion_path(path: Path, table: str) -> Path:
    """Return where the second table of a two-table export goes: ``tasks.csv`` → ``tasks.documents.csv``."""
    return path.with_name(f"{path.stem}.{table}{path.suffix}")


def format_of(path: str | Path, fmt: str | None = None) -> ExportFormat:
    """Return the export format: ``fmt`` when given, else the file suffix (``.xlsx`` → ``"xlsx"``).

    Raises ValueError for a format vndocx cannot write, naming the accepted ones."""
    name = (fmt or Path(path).suffix.lstrip(".")).lower()
    if name not in FORMATS:
        source = f"format {name!r}" if fmt else f"{Path(path).name!r} (suffix {name!r})"
        raise ValueError(f"unknown export format for {source}: expected one of {', '.join(FORMATS)}")
    return name  # type: ignore[return-value]


def write_records(
    documents: Iterable[Document], path: str | Path, format: ExportFormat | str | None = None
) -> list[Path]:
    """Write documents to ``path`` and return the paths written (each written atomically).

    ``format`` defaults to the file suffix. ``jsonl``: one ``Document`` per line (the full record).
    ``csv`` and ``parquet``: the task table at ``path`` and the document table beside it
    (``companion_path(path, "documents")``); CSV is UTF-8 with a byte-order mark so Excel reads the
    Vietnamese text correctly, dates as ``YYYY-MM-DD``. ``xlsx``: one workbook, sheets "Nhiệm vụ"
    and "Văn bản" (see ``write_excel``). Raises ValueError for an unknown format.
    """
    path = Path(path)
    fmt = format_of(path, format)
    if fmt == "jsonl":
        with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8", newline="\n") as fh:
            for doc in documents:
                fh.write(doc.model_dump_json() + "\n")
        return [path]
    if fmt == "xlsx":
        return [write_excel(documents, path)]
    tasks, documents_df = to_dataframe(documents)
    doc_path = companion_path(path, "documents")
    for frame, target in ((tasks, path), (documents_df, doc_path)):
        with atomic_path(target) as tmp:
            if fmt == "csv":
                frame.to_csv(tmp, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
            else:
                frame.to_parquet(tmp, index=False, engine="pyarrow")
    return [path, doc_path]


def convert(jsonl_path: Path, out_path: Path, fmt: str | None = None) -> list[Path]:
    """Convert a JSONL file of records (what ``vndocx extract`` writes) to ``fmt`` at ``out_path``.

    ``fmt`` is ``csv``, ``xlsx``, ``parquet`` or ``jsonl`` (a validated copy); it defaults to the
    suffix of ``out_path``. Records are read one line at a time. Returns the paths written (two for
    csv and parquet: tasks, then documents). Raises ValueError naming the file and line of a bad
    record, or for an unknown format; ``out_path`` is left as it was on any error.
    """
    jsonl_path, out_path = Path(jsonl_path), Path(out_path)
    fmt = format_of(out_path, fmt)
    if jsonl_path.resolve() == out_path.resolve():
        raise ValueError(f"{out_path}: the output would overwrite its own input")
    return write_records(iter_jsonl(jsonl_path), out_path, fmt)


# ----------------------------------------------------------------------------------------------
# Excel task register

class SheetRow(NamedTuple):
    """What one row of a register sheet is made from: its number, the document, its key
    (``document_hash``) and, on the task sheet, the task."""

    n: int
    doc: Document
    key: str
    task: Task | None = None


ColumnKind = Literal["int", "text", "wrap", "date"]


@dataclass(frozen=True)
class Column:
    """One column of a register sheet: its header, width (characters), kind (picks the cell
    format, and how a cell is read back) and how its value is taken from a ``SheetRow``."""

    header: str
    width: float
    kind: ColumnKind
    value: Callable[[SheetRow], Any]
    hidden: bool = False  # a key column: kept in the file, out of sight and off the printed page


def document_hash(doc: Document) -> str:
    """The key of a document across runs: the sha256 of its source file's bytes, as the batch side
    records it; ``text:`` and the sha256 of its text when the file cannot be read."""
    try:
        with open(doc.source, "rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return "text:" + hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


def _span_cell(task: Task | None) -> str | None:
    return f"{task.span[0]}-{task.span[1]}" if task is not None and task.span else None


def _task(row: SheetRow) -> Task:
    assert row.task is not None
    return row.task


def _kind_label(row: SheetRow) -> str | None:
    deadline = _task(row).deadline
    return DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind) if deadline else None


TASK_SHEET_COLUMNS: tuple[Column, ...] = (
    Column("STT", 6, "int", lambda r: r.n),
    Column("Đơn vị chủ trì", 30, "wrap", lambda r: _task(r).owner),
    Column("Đơn vị phối hợp", 28, "wrap", lambda r: _join(_task(r).co_owners)),
    Column("Nội dung nhiệm vụ", 70, "wrap", lambda r: _task(r).text),
    Column("Thời hạn", 12, "date", lambda r: task_due_date(_task(r))),
    Column("Thời hạn (nguyên văn)", 26, "wrap", lambda r: _task(r).deadline.raw if _task(r).deadline else None),
    Column("Loại thời hạn", 15, "text", _kind_label),
    Column("Trạng thái", 15, "text", lambda r: _task(r).status),
    Column("Văn bản giao", 26, "wrap", lambda r: document_label(r.doc)),
    Column("Ngày văn bản", 12, "date", lambda r: parse_iso_date(r.doc.date)),
    Column("Cơ quan ban hành", 26, "wrap", lambda r: r.doc.issuer),
    Column("Mục", 8, "text", lambda r: _task(r).section),
    Column("Mã nhiệm vụ", 16, "text", lambda r: _task(r).code),
    Column("Tệp nguồn", 24, "text", lambda r: Path(r.doc.source).name),
    # the keys `vndocx merge` reads a corrected register back by
    Column("Mã tệp (sha256)", 20, "text", lambda r: r.key, hidden=True),
    Column("Vị trí trong văn bản", 14, "text", lambda r: _span_cell(r.task), hidden=True),
)
DOCUMENT_SHEET_COLUMNS: tuple[Column, ...] = (
    Column("STT", 6, "int", lambda r: r.n),
    Column("Loại văn bản", 14, "text", lambda r: r.doc.doc_type),
    Column("Số, ký hiệu", 22, "text", lambda r: document_reference(r.doc)),
    Column("Ngày", 12, "date", lambda r: parse_iso_date(r.doc.date)),
    Column("Cơ quan ban hành", 28, "wrap", lambda r: r.doc.issuer),
    Column("Cơ quan chủ quản", 24, "wrap", lambda r: r.doc.parent_issuer),
    Column("Trích yếu", 60, "wrap", lambda r: r.doc.subject),
    Column("Người ký", 20, "text", lambda r: r.doc.signer.name if r.doc.signer else None),
    Column("Chức vụ", 22, "wrap", lambda r: r.doc.signer.title if r.doc.signer else None),
    Column("Số nhiệm vụ", 10, "int", lambda r: len(r.doc.tasks)),
    Column("Tệp nguồn", 24, "text", lambda r: Path(r.doc.source).name),
    Column("Cảnh báo", 40, "wrap", lambda r: _join(r.doc.warnings)),
    Column("Mã tệp (sha256)", 20, "text", lambda r: r.key, hidden=True),
)


def read_sheet(path: str | Path, sheet: str, columns: Sequence[Column]) -> Iterator[tuple[int, dict[str, Any]]]:
    """The rows of ``sheet`` in the workbook at ``path`` as (row number, {header: value}) for the
    headers of ``columns``, date cells as ``date``, blank cells as None; raises ValueError naming
    the file when the sheet or one of the headers is missing."""
    from openpyxl import load_workbook

    wb = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in wb.sheetnames:
            raise ValueError(f"{path}: no sheet {sheet!r} (sheets: {', '.join(wb.sheetnames)})")
        rows = wb[sheet].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(rows, ())]
        where = {}
        for column in columns:
            if column.header not in header:
                raise ValueError(f"{path}: sheet {sheet!r} has no column {column.header!r}")
            where[column.header] = header.index(column.header)
        for number, values in enumerate(rows, start=2):
            if not any(v is not None and str(v).strip() for v in values):
                continue
            yield number, {h: _cell_value(values[i] if i < len(values) else None, column.kind, path, sheet, number, h)
                           for column in columns for h, i in ((column.header, where[column.header]),)}
    finally:
        wb.close()


def _cell_value(value: Any, kind: str, path, sheet: str, row: int, header: str) -> Any:
    """A cell's value as its column's kind reads it: a ``date`` for date columns (a date cell, or
    text typed as dd/mm/yyyy or yyyy-mm-dd), stripped text otherwise, None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if kind == "date":
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        text = str(value).strip()
        for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
            try:
                return datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(f"{path}: sheet {sheet!r} row {row}, column {header!r}: {text!r} is not a date "
                         "(write it as dd/mm/yyyy)")
    if kind == "int":
        return int(value) if not isinstance(value, str) else int(value.strip())
    return str(value).strip()


def _overdue_formula(due_col: str, status_col: str) -> str:
    # LEFT(..)= compares case-insensitively in Excel and LibreOffice; mirrors is_done().
    status = f'SUBSTITUTE(${status_col}2," ","")'
    done = ",".join(f'LEFT({status},{len(s)})="{s}"' for s in DONE_STATUSES)
    return f"AND(ISNUMBER(${due_col}2),${due_col}2<TODAY(),NOT(OR({done})))"


def write_excel(documents: Iterable[Document], path: str | Path) -> Path:
    """Write an Excel task register to ``path`` (atomically) and return ``path``.

    Sheet "Nhiệm vụ": one row per task (chủ trì, phối hợp, nội dung, thời hạn as a date cell in
    dd/mm/yyyy, the deadline as printed, status, the assigning document — a link to its row in
    "Văn bản" —, section, code); sheet "Văn bản": one row per document. Both have a bold frozen
    header row, an autofilter, set column widths, wrapped long text and landscape A4 print settings
    (header row repeated on every page); task rows whose deadline has passed (Excel's ``TODAY()``)
    and whose status is not "Hoàn thành" are shaded when opened. Rows are streamed to disk
    (openpyxl write-only mode), so memory stays flat however many documents there are.
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink
    from openpyxl.worksheet.worksheet import Worksheet

    path = Path(path)
    wb = Workbook(write_only=True)
    task_ws = wb.create_sheet(TASK_SHEET)
    doc_ws = wb.create_sheet(DOCUMENT_SHEET)

    # One named style per column kind (and the header): a cell takes its style by name.
    header_style = NamedStyle("vndocx header", font=Font(bold=True), fill=PatternFill("solid", fgColor="DDE5F0"),
                              alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"))
    wb.add_named_style(header_style)
    for kind in ("int", "text", "wrap", "date"):
        style = NamedStyle(f"vndocx {kind}", alignment=Alignment(wrap_text=kind == "wrap", vertical="top"))
        if kind == "date":
            style.number_format = EXCEL_DATE_FORMAT
        wb.add_named_style(style)
    link_font = Font(color="0563C1", underline="single")

    def setup(ws: Any, columns: Sequence[Column]) -> None:
        # In write-only mode the sheet view and column widths must be set before the first row.
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = Worksheet.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        header = []
        for col, column in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(col)].width = column.width
            ws.column_dimensions[get_column_letter(col)].hidden = column.hidden
            cell = WriteOnlyCell(ws, value=column.header)
            cell.style = header_style.name
            header.append(cell)
        ws.append(header)

    def cells(ws: Any, columns: Sequence[Column], row: SheetRow) -> list[Any]:
        out = []
        for column in columns:
            cell = WriteOnlyCell(ws, value=column.value(row))
            cell.style = f"vndocx {column.kind}"
            out.append(cell)
        return out

    setup(task_ws, TASK_SHEET_COLUMNS)
    setup(doc_ws, DOCUMENT_SHEET_COLUMNS)
    task_headers = [column.header for column in TASK_SHEET_COLUMNS]
    link_col = task_headers.index("Văn bản giao")

    task_row = doc_row = 1
    try:
        for doc in documents:
            doc_row += 1
            key = document_hash(doc)
            doc_ws.append(cells(doc_ws, DOCUMENT_SHEET_COLUMNS, SheetRow(doc_row - 1, doc, key)))
            for task in doc.tasks:
                task_row += 1
                if task_row > EXCEL_MAX_ROWS:
                    raise ValueError(f"{path}: more than {EXCEL_MAX_ROWS - 1:,} tasks, the most one Excel sheet "
                                     "holds: export to csv or parquet instead")  # fmt: skip
                row = cells(task_ws, TASK_SHEET_COLUMNS, SheetRow(task_row - 1, doc, key, task))
                link = row[link_col]
                # An internal link (location, not target) so Excel and LibreOffice jump within the file.
                link.hyperlink = Hyperlink(
                    ref=f"{get_column_letter(link_col + 1)}{task_row}", location=f"'{DOCUMENT_SHEET}'!A{doc_row}"
                )
                link.font = link_font
                task_ws.append(row)
    except BaseException:
        for ws in (task_ws, doc_ws):
            with suppress(Exception):
                ws.close()  # end the sheet's half-written stream (a bad record from a lazy reader)
        raise

    for ws, columns, last in ((task_ws, TASK_SHEET_COLUMNS, task_row), (doc_ws, DOCUMENT_SHEET_COLUMNS, doc_row)):
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"

    if task_row > 1:
        due = get_column_letter(1 + task_headers.index("Thời hạn"))
        status = get_column_letter(1 + task_headers.index("Trạng thái"))
        task_ws.conditional_formatting.add(
            f"A2:{get_column_letter(len(task_headers))}{task_row}",
            FormulaRule(formula=[_overdue_formula(due, status)], fill=PatternFill("solid", fgColor="F8D7DA")),
        )

    wb.properties.title = "Sổ theo dõi nhiệm vụ"
    wb.properties.creator = "vndocx"
    with atomic_path(path) as tmp:
        wb.save(tmp)
    return path
