"""The crash-safe side of a batch run: the append-only journal of finished files, the index of
a finished output, and the final sorted write (design in ``vndocx.batch``).

Journal line (``OUT.journal.jsonl``), written with one ``write`` and flushed at once::

    {"sha256": "…", "source": "a.pdf"}<TAB>{the record, exactly as in OUT}
    {"sha256": "…", "source": "b.pdf", "error": "the PDF is password-protected"}

JSON escapes tabs inside strings, so the first tab always ends the header. The first line of
the journal and the last line of the index name the options the records were made with; a
journal or an index made with other options is not reused.
"""

from __future__ import annotations

import fcntl
import json
import os
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from vndocx.batch import Failure, Outcome, Skipped, _sync_dir, atomic_writer, errors_path, index_path, legacy_index_path
from vndocx.records import Document

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

    def resume(self) -> dict[str, Ref]:
        """Keep the journal of an interrupted run: cut a half-written last line, and return the
        records it holds by sha256 (failed files are not returned, so they are tried again).
        A journal made with other options is emptied instead. Reads line by line."""
        found: dict[str, Ref] = {}
        end = 0  # where the last whole line ends
        with self.path.open("rb") as reader:
            for line in reader:
                if not line.endswith(b"\n"):
                    break  # a half-written last line
                if end == 0:
                    try:
                        meta = json.loads(line)
                    except ValueError:
                        meta = None
                    if meta != self.meta:
                        break
                else:
                    head, tab, record = line[:-1].partition(b"\t")
                    try:
                        entry = json.loads(head)
                    except ValueError:
                        entry = {}
                    if tab and entry.get("sha256") and record.startswith(b"{") and record.endswith(b"}"):
                        start = end + len(head) + 1
                        found[entry["sha256"]] = Ref(JOURNAL, start, len(record), entry["source"], entry["sha256"])
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
        head = {"sha256": outcome.sha256, "source": outcome.source}
        if not outcome.ok:
            head["error"] = outcome.error
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


def load_index(out: Path, meta: dict | None = None) -> dict[str, Ref]:
    """The records of the finished output ``out`` by sha256, from ``OUT.index.jsonl``; empty
    when either file is missing, the index is incomplete, they do not match (size), or the
    records were made with other options."""
    found: dict[str, Ref] = {}
    trailer = None
    index = index_path(out)
    if not index.exists() and legacy_index_path(out).exists():
        index = legacy_index_path(out)  # an output written by vndocx 0.1
    try:
        with index.open(encoding="utf-8") as handle:
            for line in handle:
                if trailer is not None:
                    return {}  # the trailer must be the last line
                entry = json.loads(line)
                if "sha256" in entry:
                    found[entry["sha256"]] = Ref(OLD_OUTPUT, entry["offset"], entry["length"],
                                                 entry["source"], entry["sha256"])
                else:
                    trailer = entry
        size = out.stat().st_size
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    if trailer is None or trailer.get("options") != (meta or {}) or trailer.get("bytes") != size:
        return {}
    return found


def _renamed(record: bytes, source: str) -> bytes:
    """The record with ``source`` in place of the name it was extracted under."""
    doc = Document.model_validate_json(record)
    return doc.model_copy(update={"source": source}).model_dump_json().encode()


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
                source = str(path)
                if not isinstance(entry, Ref):
                    failures.append(entry or Failure(source, "not processed (the run stopped early)"))
                    continue
                if entry.store == JOURNAL:
                    record = journal.read(entry)
                else:
                    record = os.pread(old.fileno(), entry.length, entry.offset)
                if entry.source != source:
                    record = _renamed(record, source)
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
        _sync_dir(errors.parent)
    return len(failures)
