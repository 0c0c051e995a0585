"""Tables and files from records: pandas DataFrames, JSONL, CSV, an Excel task register, Parquet.

``to_dataframe`` flattens documents into two tables (one row per task, one row per document);
``write_records`` writes them in the format an office or an analyst asks for. The Excel file is a
task register meant to be opened and filtered by people: Vietnamese headers, real date cells,
frozen header row, autofilter, wrapped task text, overdue rows highlighted when opened.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any, Literal

import pandas as pd

from vndocx.records import Document, Task

ExportFormat = Literal["jsonl", "csv", "xlsx", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("jsonl", "csv", "xlsx", "parquet")

LIST_SEPARATOR = "; "
DONE_STATUSES = ("hoàn thành", "đã hoàn thành")

# Deadline kinds as an office reads them.
DEADLINE_KIND_LABELS: dict[str, str] = {
    "by": "Trước ngày",
    "within": "Trong thời gian",
    "recurring": "Định kỳ",
    "relative": "Tính từ sự kiện",
    "ongoing": "Thường xuyên",
}

TASK_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "doc_type", "doc_number", "doc_symbol", "doc_date", "issuer", "task_no",
    "section", "owner", "co_owners", "text", "deadline_raw", "deadline_date", "deadline_kind",
    "recurrence", "milestones", "status", "code", "span_start", "span_end",
)  # fmt: skip
DOCUMENT_COLUMNS: tuple[str, ...] = (
    "doc_id", "source", "doc_type", "number", "symbol", "issuer", "parent_issuer", "place", "date",
    "date_raw", "subject", "signer_name", "signer_title", "signer_authority", "recipients",
    "distribution", "n_tasks", "n_sections", "n_references", "n_footnotes", "warnings",
)  # fmt: skip
_DATE_COLUMNS = {"doc_date", "deadline_date", "date"}
_INT_COLUMNS = {"doc_id", "task_no", "span_start", "span_end", "n_tasks", "n_sections", "n_references",
                "n_footnotes"}  # fmt: skip

TASK_SHEET = "Nhiệm vụ"
DOCUMENT_SHEET = "Văn bản"
EXCEL_DATE_FORMAT = "DD/MM/YYYY"


def is_done(status: str | None) -> bool:
    """Return True when a reported status says the task is finished ("Hoàn thành", "Đã hoàn thành")."""
    if not status:
        return False
    folded = unicodedata.normalize("NFC", status).strip().casefold()
    return folded.startswith(DONE_STATUSES)


def is_overdue(task: Task, today: date) -> bool:
    """Return True when the task's deadline date is before ``today`` and its status is not done."""
    due = task_due_date(task)
    return due is not None and due < today and not is_done(task.status)


def task_due_date(task: Task) -> date | None:
    """Return the task's deadline as a ``date``, or None when it has no dated deadline."""
    if task.deadline is None or task.deadline.date is None:
        return None
    return date.fromisoformat(task.deadline.date)


def document_reference(doc: Document) -> str | None:
    """Return the printed "số/ký hiệu" of a document ("981/VPUBND-PVHCC", "/KH-UBND"), or None."""
    if doc.number and doc.symbol:
        return f"{doc.number}/{doc.symbol}"
    if doc.symbol:
        return f"/{doc.symbol}"  # number left blank for the signer, as printed
    return doc.number


def document_label(doc: Document) -> str:
    """Return a short human label for a document: type and number, else type and source name."""
    ref = document_reference(doc)
    kind = doc.doc_type or "Văn bản"
    if ref:
        return f"{kind} số {ref}"
    return f"{kind} ({Path(doc.source).name})"


def overdue_mask(tasks: pd.DataFrame, today: date) -> pd.Series:
    """Return a boolean Series over a ``to_dataframe`` task table: deadline before ``today``, not done."""
    due = tasks["deadline_date"]
    late = due.notna() & (due < pd.Timestamp(today))
    done = tasks["status"].map(lambda s: is_done(s if isinstance(s, str) else None)).astype(bool)
    return (late & ~done).astype(bool)


def _iso_date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _join(items: Sequence[str]) -> str | None:
    return LIST_SEPARATOR.join(items) if items else None


def _task_row(doc_id: int, doc: Document, task_no: int, task: Task) -> dict[str, Any]:
    deadline = task.deadline
    return {
        "doc_id": doc_id,
        "source": doc.source,
        "doc_type": doc.doc_type,
        "doc_number": doc.number,
        "doc_symbol": doc.symbol,
        "doc_date": _iso_date(doc.date),
        "issuer": doc.issuer,
        "task_no": task_no,
        "section": task.section,
        "owner": task.owner,
        "co_owners": _join(task.co_owners),
        "text": task.text,
        "deadline_raw": deadline.raw if deadline else None,
        "deadline_date": _iso_date(deadline.date) if deadline else None,
        "deadline_kind": deadline.kind if deadline else None,
        "recurrence": deadline.recurrence if deadline else None,
        "milestones": _join([m.raw for m in task.milestones]),
        "status": task.status,
        "code": task.code,
        "span_start": task.span[0] if task.span else None,
        "span_end": task.span[1] if task.span else None,
    }


def _document_row(doc_id: int, doc: Document) -> dict[str, Any]:
    signer = doc.signer
    return {
        "doc_id": doc_id,
        "source": doc.source,
        "doc_type": doc.doc_type,
        "number": doc.number,
        "symbol": doc.symbol,
        "issuer": doc.issuer,
        "parent_issuer": doc.parent_issuer,
        "place": doc.place,
        "date": _iso_date(doc.date),
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
    frame = pd.DataFrame.from_records(rows, columns=list(columns))
    for col in columns:
        if col in _DATE_COLUMNS:
            frame[col] = pd.to_datetime(frame[col]).astype("datetime64[ns]")
        elif col in _INT_COLUMNS:
            frame[col] = frame[col].astype("Int64")
        else:
            frame[col] = frame[col].astype(object).where(frame[col].notna(), None)
    return frame


def to_dataframe(documents: Iterable[Document]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Flatten documents into ``(tasks, documents)`` DataFrames.

    ``tasks`` has one row per task (columns ``TASK_COLUMNS``): its document's ``doc_id`` (position
    in the input), source, type, number, symbol, date and issuer, then the task's ``task_no``
    (1-based within its document), section, owner, co-owners and milestones joined with ``"; "``,
    text, deadline raw/date/kind/recurrence, status, code and ``span_start``/``span_end``.
    ``documents`` has one row per document (columns ``DOCUMENT_COLUMNS``) with task counts.
    Dates are ``datetime64`` (``NaT`` when absent); counts and offsets are nullable ``Int64``;
    missing text values are ``None``.
    """
    task_rows: list[dict[str, Any]] = []
    doc_rows: list[dict[str, Any]] = []
    for doc_id, doc in enumerate(documents):
        doc_rows.append(_document_row(doc_id, doc))
        task_rows.extend(_task_row(doc_id, doc, n, task) for n, task in enumerate(doc.tasks, start=1))
    return _frame(task_rows, TASK_COLUMNS), _frame(doc_rows, DOCUMENT_COLUMNS)


def read_jsonl(path: str | Path) -> list[Document]:
    """Return the documents stored one JSON object per line in ``path`` (as ``write_records`` writes)."""
    with Path(path).open(encoding="utf-8") as fh:
        return [Document.model_validate_json(line) for line in fh if line.strip()]


def companion_path(path: Path, table: str) -> Path:
    """Return where the second table of a two-table export goes: ``tasks.csv`` → ``tasks.documents.csv``."""
    return path.with_name(f"{path.stem}.{table}{path.suffix}")


def write_records(
    documents: Iterable[Document], path: str | Path, format: ExportFormat | None = None
) -> list[Path]:
    """Write documents to ``path`` and return the paths written.

    ``format`` defaults to the file suffix. ``jsonl``: one ``Document`` per line (the full record).
    ``csv`` and ``parquet``: the task table at ``path`` and the document table beside it
    (``companion_path(path, "documents")``); CSV is UTF-8 with a byte-order mark so Excel reads the
    Vietnamese text correctly. ``xlsx``: one workbook, sheets "Nhiệm vụ" and "Văn bản".
    """
    path = Path(path)
    fmt = format or path.suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: expected one of {', '.join(FORMATS)}")
    docs = list(documents)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "jsonl":
        with path.open("w", encoding="utf-8", newline="\n") as fh:
            for doc in docs:
                fh.write(doc.model_dump_json() + "\n")
        return [path]
    if fmt == "xlsx":
        write_excel(docs, path)
        return [path]
    tasks, documents_df = to_dataframe(docs)
    doc_path = companion_path(path, "documents")
    if fmt == "csv":
        tasks.to_csv(path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
        documents_df.to_csv(doc_path, index=False, encoding="utf-8-sig", date_format="%Y-%m-%d")
    else:
        tasks.to_parquet(path, index=False, engine="pyarrow")
        documents_df.to_parquet(doc_path, index=False, engine="pyarrow")
    return [path, doc_path]


# ----------------------------------------------------------------------------------------------
# Excel task register

# (header, width, kind) per column; kind picks the cell format.
_TASK_SHEET_COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("STT", 6, "int"),
    ("Đơn vị chủ trì", 30, "wrap"),
    ("Đơn vị phối hợp", 28, "wrap"),
    ("Nội dung nhiệm vụ", 70, "wrap"),
    ("Thời hạn", 12, "date"),
    ("Thời hạn (nguyên văn)", 26, "wrap"),
    ("Loại thời hạn", 15, "text"),
    ("Trạng thái", 15, "text"),
    ("Văn bản giao", 26, "wrap"),
    ("Ngày văn bản", 12, "date"),
    ("Cơ quan ban hành", 26, "wrap"),
    ("Mục", 8, "text"),
    ("Mã nhiệm vụ", 16, "text"),
    ("Tệp nguồn", 24, "text"),
)
_DOCUMENT_SHEET_COLUMNS: tuple[tuple[str, float, str], ...] = (
    ("STT", 6, "int"),
    ("Loại văn bản", 14, "text"),
    ("Số, ký hiệu", 22, "text"),
    ("Ngày", 12, "date"),
    ("Cơ quan ban hành", 28, "wrap"),
    ("Cơ quan chủ quản", 24, "wrap"),
    ("Trích yếu", 60, "wrap"),
    ("Người ký", 20, "text"),
    ("Chức vụ", 22, "wrap"),
    ("Số nhiệm vụ", 10, "int"),
    ("Tệp nguồn", 24, "text"),
    ("Cảnh báo", 40, "wrap"),
)


def _task_sheet_values(doc: Document, n: int, task: Task) -> list[Any]:
    deadline = task.deadline
    return [
        n,
        task.owner,
        _join(task.co_owners),
        task.text,
        task_due_date(task),
        deadline.raw if deadline else None,
        DEADLINE_KIND_LABELS.get(deadline.kind, deadline.kind) if deadline else None,
        task.status,
        document_label(doc),
        _iso_date(doc.date),
        doc.issuer,
        task.section,
        task.code,
        Path(doc.source).name,
    ]


def _document_sheet_values(n: int, doc: Document) -> list[Any]:
    signer = doc.signer
    return [
        n,
        doc.doc_type,
        document_reference(doc),
        _iso_date(doc.date),
        doc.issuer,
        doc.parent_issuer,
        doc.subject,
        signer.name if signer else None,
        signer.title if signer else None,
        len(doc.tasks),
        Path(doc.source).name,
        _join(doc.warnings),
    ]


def write_excel(documents: Iterable[Document], path: str | Path) -> Path:
    """Write an Excel task register to ``path`` and return it.

    Sheet "Nhiệm vụ": one row per task (chủ trì, phối hợp, nội dung, thời hạn as a date cell in
    dd/mm/yyyy, status, the assigning document — a link to its row in "Văn bản" —, section, code);
    sheet "Văn bản": one row per document. Both have a bold frozen header row, an autofilter, set
    column widths, wrapped long text and landscape A4 print settings; task rows whose deadline has
    passed (Excel's ``TODAY()``) and whose status is not "Hoàn thành" are shaded when opened.
    """
    from openpyxl import Workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.hyperlink import Hyperlink

    path = Path(path)
    docs = list(documents)
    wb = Workbook()
    task_ws = wb.active
    task_ws.title = TASK_SHEET
    doc_ws = wb.create_sheet(DOCUMENT_SHEET)

    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDE5F0")
    header_align = Alignment(wrap_text=True, vertical="center", horizontal="center")
    wrap = Alignment(wrap_text=True, vertical="top")
    top = Alignment(vertical="top")

    def setup(ws: Any, columns: tuple[tuple[str, float, str], ...]) -> None:
        for col, (header, width, _kind) in enumerate(columns, start=1):
            cell = ws.cell(row=1, column=col, value=header)
            cell.font, cell.fill, cell.alignment = header_font, header_fill, header_align
            ws.column_dimensions[get_column_letter(col)].width = width
        ws.freeze_panes = "A2"
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True

    def put(ws: Any, row: int, columns: tuple[tuple[str, float, str], ...], values: list[Any]) -> None:
        for col, ((_h, _w, kind), value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = ws.cell(row=row, column=col, value=value)
            if kind == "date":
                cell.number_format = EXCEL_DATE_FORMAT
            cell.alignment = wrap if kind == "wrap" else top

    setup(task_ws, _TASK_SHEET_COLUMNS)
    setup(doc_ws, _DOCUMENT_SHEET_COLUMNS)

    doc_link_col = 1 + [h for h, _w, _k in _TASK_SHEET_COLUMNS].index("Văn bản giao")
    task_row = 2
    for doc_index, doc in enumerate(docs):
        doc_row = doc_index + 2
        put(doc_ws, doc_row, _DOCUMENT_SHEET_COLUMNS, _document_sheet_values(doc_index + 1, doc))
        for task in doc.tasks:
            put(task_ws, task_row, _TASK_SHEET_COLUMNS, _task_sheet_values(doc, task_row - 1, task))
            link = task_ws.cell(row=task_row, column=doc_link_col)
            # An internal link (location, not target) so Excel and LibreOffice jump within the file.
            link.hyperlink = Hyperlink(ref=link.coordinate, location=f"'{DOCUMENT_SHEET}'!A{doc_row}")
            link.font = Font(color="0563C1", underline="single")
            task_row += 1

    for ws, columns, last in ((task_ws, _TASK_SHEET_COLUMNS, task_row - 1),
                              (doc_ws, _DOCUMENT_SHEET_COLUMNS, len(docs) + 1)):  # fmt: skip
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(last, 1)}"

    if task_row > 2:
        headers = [h for h, _w, _k in _TASK_SHEET_COLUMNS]
        due = get_column_letter(1 + headers.index("Thời hạn"))
        status = get_column_letter(1 + headers.index("Trạng thái"))
        # LEFT(..)= compares case-insensitively in Excel and LibreOffice; mirrors is_done().
        formula = (
            f"AND(ISNUMBER(${due}2),${due}2<TODAY(),"
            f'NOT(OR(LEFT(${status}2,10)="Hoàn thành",LEFT(${status}2,13)="Đã hoàn thành")))'
        )
        task_ws.conditional_formatting.add(
            f"A2:{get_column_letter(len(headers))}{task_row - 1}",
            FormulaRule(formula=[formula], fill=PatternFill("solid", fgColor="F8D7DA")),
        )

    wb.properties.title = "Sổ theo dõi nhiệm vụ"
    wb.properties.creator = "vndocx"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
