"""Review round trip: the corrections an official made in the Excel register (owner, deadline,
status of a task), read back into the records, and kept for every later run on the same files.

    vndocx merge register.xlsx tasks.jsonl -o corrected.jsonl [--corrections FILE]

A task is known by its document's key (the sha256 of the source file, the register's hidden
column "Mã tệp (sha256)") and its span in the document's text (hidden column "Vị trí trong văn
bản"). Each cell of the register's "Nhiệm vụ" sheet that differs from the record is a correction;
corrections are stored, one JSON line per task, in ``.vndocx/corrections.jsonl`` beside the
records (or the file ``--corrections`` names) and applied to the records on every merge, so that
extracting a folder again and merging again never loses one. A stored correction whose task no
longer stands at its span is applied to the task of the same document with the same text, and
reported as moved; with no such task it is reported as unmatched and kept in the store.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from vndocx.export import (
    TASK_SHEET,
    TASK_SHEET_COLUMNS,
    atomic_path,
    document_hash,
    iter_jsonl,
    read_sheet,
    task_due_date,
)
from vndocx.records import Deadline, Document, Task

CORRECTIONS_FILE = "corrections.jsonl"
Key = tuple[str, tuple[int, int]]  # (document key, task span)
# record field → the register column an official corrects it in
EDITABLE = {"owner": "Đơn vị chủ trì", "deadline": "Thời hạn", "status": "Trạng thái"}
_KEY, _SPAN, _TEXT = "Mã tệp (sha256)", "Vị trí trong văn bản", "Nội dung nhiệm vụ"
_COLUMNS = [c for c in TASK_SHEET_COLUMNS if c.header in {*EDITABLE.values(), _KEY, _SPAN, _TEXT, "STT"}]


@dataclass
class Correction:
    """What an official changed on one task: ``values`` maps owner / deadline (ISO date) / status
    to the corrected value (None: cleared)."""

    document: str
    span: tuple[int, int]
    text: str
    values: dict[str, str | None]

    @property
    def key(self) -> Key:
        return self.document, self.span


@dataclass
class MergeResult:
    """What a merge did: tasks corrected, corrections newly read from the register, and lines
    naming the corrections applied to a task that moved and those that found no task."""

    corrected: int = 0
    read: int = 0
    moved: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)


def corrections_path(records: Path) -> Path:
    """Where the corrections of the records at ``records`` are kept: ``.vndocx/corrections.jsonl``
    beside them (the batch side's hidden folder)."""
    from vndocx.batch.run import side_folder

    return side_folder(Path(records)) / CORRECTIONS_FILE


def load_corrections(path: Path) -> dict[Key, Correction]:
    """The stored corrections by (document key, span); empty when the file does not exist.
    Raises ValueError naming the file and line of a line that is not a correction."""
    found: dict[Key, Correction] = {}
    if not path.exists():
        return found
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                correction = Correction(entry["document"], tuple(entry["span"]), entry["text"], dict(entry["values"]))
            except (ValueError, KeyError, TypeError) as err:
                raise ValueError(f"{path}, line {number}: not a correction ({err})") from None
            found[correction.key] = correction
    return found


def save_corrections(path: Path, corrections: Iterable[Correction]) -> None:
    """Write ``corrections`` to ``path`` atomically, one JSON line each."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with atomic_path(path) as tmp, tmp.open("w", encoding="utf-8") as handle:
        for c in sorted(corrections, key=lambda c: c.key):
            handle.write(json.dumps({"document": c.document, "span": list(c.span), "text": c.text,
                                     "values": c.values}, ensure_ascii=False) + "\n")


def _span(cell: str | None) -> tuple[int, int] | None:
    try:
        start, end = (int(x) for x in (cell or "").split("-"))
    except ValueError:
        return None
    return start, end


def _current(task: Task) -> dict[str, str | None]:
    due = task_due_date(task)
    return {"owner": task.owner, "deadline": due.isoformat() if due else None, "status": task.status}


def read_register(path: Path, tasks: dict[Key, Task],
                  corrections: dict[Key, Correction], result: MergeResult) -> None:
    """Add to ``corrections`` every cell of the register at ``path`` that differs from its task in
    ``tasks`` (by document key and span); a row whose task is not in the records is reported."""
    for number, row in read_sheet(path, TASK_SHEET, _COLUMNS):
        span = _span(row[_SPAN])
        if not row[_KEY] or span is None:
            result.unmatched.append(f"{path}, row {number}: no key (hidden columns {_KEY!r}, {_SPAN!r}); not read")
            continue
        key = (row[_KEY], span)
        task = tasks.get(key)
        if task is None:
            if key not in corrections:
                result.unmatched.append(f"{path}, row {number} ({row[_TEXT]!r:.60}): no such task in the records")
            continue
        cells = {name: row[header] for name, header in EDITABLE.items()}
        cells["deadline"] = cells["deadline"].isoformat() if isinstance(cells["deadline"], date) else None
        changed = {name: value for name, value in cells.items() if value != _current(task)[name]}
        if changed:
            stored = corrections.setdefault(key, Correction(key[0], span, task.text, {}))
            stored.values.update(changed)
            result.read += 1


def _apply(task: Task, values: dict[str, str | None]) -> None:
    if "owner" in values:
        task.owner = values["owner"]
    if "status" in values:
        task.status = values["status"]
    if "deadline" in values:
        iso = values["deadline"]
        if iso is None:
            task.deadline = None
        else:
            raw = task.deadline.raw if task.deadline else date.fromisoformat(iso).strftime("%d/%m/%Y")
            task.deadline = Deadline(raw=raw, date=iso, kind="by")


def apply_corrections(documents: Iterable[tuple[str, Document]],
                      corrections: dict[Key, Correction], result: MergeResult) -> Iterator[Document]:
    """Yield each (key, document) of ``documents`` with the stored corrections applied; a correction
    whose task moved is re-keyed to its new span in ``corrections``; those that found no task
    are reported once all documents have passed."""
    used: set[Key] = set()
    by_document: dict[str, list[Correction]] = {}
    for c in corrections.values():
        by_document.setdefault(c.document, []).append(c)
    for key, doc in documents:
        for c in by_document.get(key, []):
            task = next((t for t in doc.tasks if t.span == c.span and t.text == c.text), None)
            if task is None:
                task = next((t for t in doc.tasks if t.text == c.text and t.span), None)
                if task is None:
                    continue
                result.moved.append(f"{doc.source}: task {c.text!r:.60} moved from {c.span} to {task.span}; "
                                    "correction applied")
                del corrections[c.key]
                c.span = tuple(task.span)
                corrections[c.key] = c
            _apply(task, c.values)
            used.add(c.key)
            result.corrected += 1
        yield doc
    for c in corrections.values():
        if c.key not in used:
            result.unmatched.append(f"task {c.text!r:.60} (file {c.document[:12]}…, span {c.span}) not found in "
                                    "the records: correction kept, not applied")


def merge(register: Path, records: Path, out: Path, store: Path | None = None) -> MergeResult:
    """Read the corrected ``register`` (.xlsx written by vndocx) against the ``records`` (JSONL),
    store its corrections with those kept before (``store``, default ``corrections_path(records)``),
    and write the corrected records to ``out``; returns what was done."""
    records, out = Path(records), Path(out)
    if records.resolve() == out.resolve():
        raise ValueError(f"{out}: the output would overwrite its own input")
    store = Path(store) if store else corrections_path(records)
    corrections = load_corrections(store)
    keyed = [(document_hash(doc), doc) for doc in iter_jsonl(records)]
    tasks = {(key, tuple(t.span)): t for key, doc in keyed for t in doc.tasks if t.span}
    result = MergeResult()
    read_register(Path(register), tasks, corrections, result)
    with atomic_path(out) as tmp, tmp.open("w", encoding="utf-8") as handle:
        for doc in apply_corrections(keyed, corrections, result):
            handle.write(doc.model_dump_json() + "\n")
    save_corrections(store, corrections.values())
    return result

