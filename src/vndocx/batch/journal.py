"""The crash-safe side of a batch run: the append-only journal of finished files, the index of
a finished output, and the final sorted write (design in ``vndocx.batch.run``).

Journal line (``OUT.journal.jsonl``), written with one ``write`` and flushed at once::

    {"sha256": "…", "source": "a.pdf"}<TAB>{the record, exactly as in OUT}
    {"sha256": "…", "source": "b.pdf", "error": "the PDF is password-protected"}

JSON escapes tabs inside strings, so the first tab always ends the header. The first line of
the journal and the last line of the index name the options the records were made with; a
journal or an index made with other options is not reused. Nothing read back is trusted: a
journal or index line that does not validate (its shape, the hash, the record itself, where
the index says it is) is dropped with a note and its file redone, never copied.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vndocx.batch.inputs import BAD_NAME_WARNING, Skipped, bad_name_warning, display_source
from vndocx.batch.outcomes import Failure, Outcome, errors_path, index_path, legacy_index_path, resume_key
from vndocx.batch.outputs import atomic_writer, sync_dir
from vndocx.records import Document

Note = Callable[[str], None]
_SHA256 = re.compile(r"[0-9a-f]{64}")

# Where a record's bytes are: the previous output, or this run's journal.
OLD_OUTPUT, JOURNAL = 0, 1
FORMAT = 1


class JournalBusy(RuntimeError):
    """Another run is writing the same output."""


@dataclass(frozen=True, slots=True)
class Ref:
    """A finished record: ``length`` bytes at ``offset`` in ``store``, made from the file
    ``source`` whose bytes hash to ``sha256``."""

    store: int
    offset: int
    length: int
    source: str
    sha256: str


class Journal:
    """The append-only journal of one output, locked against a second run on the same output.

    ``meta`` (a small JSON-able dict: the options that change records) is written as the first
    line; ``resume`` discards a journal made with other ``meta``."""

    def __init__(self, path: Path, meta: dict | None = None, fsync_every: float = 1.0) -> None:
        self.path = path
        self.meta = {"vndocx_journal": FORMAT, **(meta or {})}
        self.fsync_every = fsync_every
        self._handle: BinaryIO | None = None
        self._size = 0
        self._synced = time.monotonic()

    def __enter__(self) -> Journal:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise JournalBusy(f"{self.path}: another vndocx run is writing this output") from None
        self._handle = os.fdopen(fd, "r+b", buffering=0)
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    @property
    def handle(self) -> BinaryIO:
        if self._handle is None:
            raise ValueError(f"{self.path}: the journal is not open")
        return self._handle

    def start(self) -> None:
        """Empty the journal for a fresh run."""
        self.handle.truncate(0)
        self._size = 0
        self._append(json.dumps(self.meta).encode() + b"\n")

    def resume(self, on_note: Note = lambda _: None) -> dict[tuple[str, str], Ref]:
        """Keep the journal of an interrupted run: cut a half-written last line, and return the
        records it holds by ``resume_key`` (failed files are not returned, so they are tried
        again). A line that does not validate is dropped (``on_note`` says which) and its file
        redone. A journal made with other options is emptied instead. Reads line by line."""
        found: dict[tuple[str, str], Ref] = {}
        end = 0  # where the last whole line ends
        number = 0
        with self.path.open("rb") as reader:
            for line in reader:
                number += 1
                if not line.endswith(b"\n"):
                    break  # a half-written last line
                if end == 0:
                    try:
                        meta = json.loads(line)
                    except ValueError:
                        meta = None
                    if meta != self.meta:
                        on_note(f"{display_source(self.path)}: made with other options or damaged on its first "
                                "line; not reused, every file is redone")
                        break
                else:
                    ref = _journal_line(line, end)
                    if isinstance(ref, Ref):
                        found[resume_key(ref.sha256, ref.source)] = ref
                    elif ref is not None:
                        on_note(f"{display_source(self.path)}:{number}: dropped a journal line ({ref}); "
                                "its file is redone")
                end += len(line)
        if end == 0:  # empty, or made with other options
            self.start()
            return {}
        self.handle.truncate(end)
        self.handle.seek(end)
        self._size = end
        return found

    def add(self, outcome: Outcome) -> Ref | None:
        """Append one finished file; returns where its record is (None for a failure)."""
        head = {"sha256": outcome.sha256, "source": display_source(outcome.source)}
        if not outcome.ok:
            head["error"] = display_source(outcome.error or "unknown error")
            self._append(json.dumps(head, ensure_ascii=False).encode() + b"\n")
            return None
        prefix = json.dumps(head, ensure_ascii=False).encode() + b"\t"
        record = outcome.record.encode()
        start = self._size + len(prefix)
        self._append(prefix + record + b"\n")
        return Ref(JOURNAL, start, len(record), outcome.source, outcome.sha256 or "")

    def _append(self, line: bytes) -> None:
        handle = self.handle
        view = memoryview(line)
        while view:  # an unbuffered write may be partial; a kill between leaves no newline
            view = view[handle.write(view):]
        self._size += len(line)
        if time.monotonic() - self._synced >= self.fsync_every:
            self.sync()

    def sync(self) -> None:
        """fsync the journal (records are flushed at once; this makes them survive a power cut)."""
        os.fsync(self.handle.fileno())
        self._synced = time.monotonic()

    def read(self, ref: Ref) -> bytes:
        """The record bytes at ``ref`` (a JOURNAL ref)."""
        return os.pread(self.handle.fileno(), ref.length, ref.offset)

    def close(self) -> None:
        """fsync and close (the lock goes with it)."""
        if self._handle is not None:
            try:
                self.sync()
            finally:
                self._handle.close()
                self._handle = None

    def remove(self) -> None:
        """Delete the journal (after its records are in the output), then release the lock."""
        self.path.unlink(missing_ok=True)
        self.close()


def _valid_head(entry: object) -> str | None:
    """Why a journal header or index entry is not one vndocx wrote (None when it is)."""
    if not isinstance(entry, dict):
        return f"a {type(entry).__name__}, not an object"
    sha = entry.get("sha256")
    if not isinstance(sha, str) or not _SHA256.fullmatch(sha):
        return "no valid sha256"
    if not isinstance(entry.get("source"), str):
        return "no source"
    return None


def _valid_record(record: bytes) -> str | None:
    """Why ``record`` is not one whole JSON record (None when it is)."""
    try:
        Document.model_validate_json(record)
    except ValueError as err:
        return f"the record does not validate: {str(err).splitlines()[0]}"
    return None


def _journal_line(line: bytes, start: int) -> Ref | str | None:
    """The Ref of one journal line (beginning at byte ``start``), None for a failure line, or
    why the line is dropped."""
    head, tab, record = line[:-1].partition(b"\t")
    try:
        entry = json.loads(head)
    except ValueError:
        return "the header is not JSON"
    problem = _valid_head(entry) if tab or not isinstance(entry, dict) or "error" not in entry else None
    if problem is not None:
        return problem
    if not tab:
        return None  # a failed file: tried again
    problem = _valid_record(record)
    if problem is not None:
        return problem
    return Ref(JOURNAL, start + len(head) + 1, len(record), entry["source"], entry["sha256"])


def load_index(out: Path, meta: dict | None = None, on_note: Note = lambda _: None) -> dict[tuple[str, str], Ref]:
    """The records of the finished output ``out`` by ``resume_key``, from its index; empty when
    either file is missing, the index is incomplete, they do not match (size), or the records
    were made with other options. An entry that does not validate (its shape, or the bytes it
    points at are not one whole record line of ``out``) is dropped (``on_note`` says which)."""
    found: dict[tuple[str, str], Ref] = {}
    trailer = None
    index = index_path(out)
    if not index.exists() and legacy_index_path(out).exists():
        index = legacy_index_path(out)  # an output written by vndocx 0.1
    entries: list[tuple[int, dict]] = []
    try:
        with index.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if trailer is not None:
                    on_note(f"{display_source(index)}: lines after the trailer; the index is not used")
                    return {}  # the trailer must be the last line
                try:
                    entry = json.loads(line)
                except ValueError:
                    on_note(f"{display_source(index)}:{number}: dropped an index line (not JSON)")
                    continue
                if isinstance(entry, dict) and "output" in entry and "sha256" not in entry:
                    trailer = entry
                else:
                    entries.append((number, entry))
        size = out.stat().st_size
    except (OSError, UnicodeDecodeError):
        return {}
    if trailer is None or trailer.get("options") != (meta or {}) or trailer.get("bytes") != size:
        return {}
    with out.open("rb") as old:
        for number, entry in entries:
            problem = _valid_head(entry)
            if problem is None:
                problem = _index_record(old, entry, size)
            if problem is not None:
                on_note(f"{display_source(index)}:{number}: dropped an index line ({problem}); its file is redone")
                continue
            found[resume_key(entry["sha256"], entry["source"])] = Ref(
                OLD_OUTPUT, entry["offset"], entry["length"], entry["source"], entry["sha256"])
    return found


def _index_record(old: BinaryIO, entry: dict, size: int) -> str | None:
    """Why the bytes an index entry points at are not one whole record line of the output."""
    offset, length = entry.get("offset"), entry.get("length")
    if not (type(offset) is int and type(length) is int and offset >= 0 and length > 0 and offset + length < size):
        return "no valid offset and length"
    start = max(offset - 1, 0)
    data = os.pread(old.fileno(), length + 1 + (offset - start), start)
    if (offset and data[:1] != b"\n") or data[-1:] != b"\n":
        return "its offset is not the start of a line"
    return _valid_record(data[offset - start:-1])


def _renamed(record: bytes, path: Path) -> bytes:
    """The record with ``path``'s name in place of the one it was extracted under (and the
    warning about a name that is not UTF-8 where, and only where, it applies)."""
    doc = Document.model_validate_json(record)
    warnings = [w for w in doc.warnings if not w.startswith(BAD_NAME_WARNING)]
    warning = bad_name_warning(path)
    if warning is not None:
        warnings.append(warning)
    return doc.model_copy(update={"source": display_source(path), "warnings": warnings}).model_dump_json().encode()


def finalize(
    out: Path,
    files: Sequence[Path],
    entries: Sequence[Ref | Failure | None],
    journal: Journal,
    meta: dict | None = None,
    *,
    skipped: Sequence[Skipped] = (),
    errors: Path | None = None,
) -> int:
    """Write ``out`` (the records in the order of ``files``), its index and its errors file
    (``errors``, default ``errors_path(out)``: the failures, then the ``skipped`` files), each
    replacing the old one in a single rename; returns the number of failed files.

    The index ends with a trailer line giving the output's size, and is renamed into place
    before the output: if the run dies between the two renames the sizes disagree and the
    index is ignored."""
    old = out.open("rb") if any(isinstance(e, Ref) and e.store == OLD_OUTPUT for e in entries) else None
    failures: list[Failure] = []
    try:
        with atomic_writer(out, binary=True) as handle, atomic_writer(index_path(out)) as index:
            offset = records = 0
            for path, entry in zip(files, entries, strict=True):
                source = display_source(path)
                if not isinstance(entry, Ref):
                    failures.append(entry or Failure(source, "not processed (the run stopped early)"))
                    continue
                if entry.store == JOURNAL:
                    record = journal.read(entry)
                else:
                    record = os.pread(old.fileno(), entry.length, entry.offset)
                if entry.source != source:
                    record = _renamed(record, path)
                handle.write(record + b"\n")
                index.write(json.dumps({"sha256": entry.sha256, "source": source, "offset": offset,
                                        "length": len(record)}, ensure_ascii=False) + "\n")
                offset += len(record) + 1
                records += 1
            index.write(json.dumps({"output": out.name, "bytes": offset, "records": records,
                                    "options": meta or {}}) + "\n")
    finally:
        if old is not None:
            old.close()
    legacy = legacy_index_path(out)
    if legacy != index_path(out) and legacy.exists():
        legacy.unlink()  # vndocx 0.1 kept the index beside the output; it now lives in the side folder
    errors = errors or errors_path(out)
    if failures or skipped:
        with atomic_writer(errors) as handle:
            handle.writelines(f.to_json() + "\n" for f in [*failures, *skipped])
    elif errors.exists():
        errors.unlink()  # a stale list from an earlier run would mislead
        sync_dir(errors.parent)
    return len(failures)
