"""Batch extraction over files and folders: one record per document, failures recorded and
skipped, interrupted runs resumed.

How a run writes its output (``OUT`` = ``tasks.jsonl``):

- Every finished file is appended at once to the journal ``OUT.journal.jsonl`` as one whole
  line (its content hash, its source, and the record or the reason it failed), written with
  one unbuffered ``write`` per record (so it survives ``kill -9``) and fsync'ed once a second
  while records arrive and when the run stops (so it survives a power cut). A run stopped by
  SIGINT, SIGTERM or ``kill -9`` loses only the files in flight; a half-written last line is
  cut off when the run resumes. The journal is locked: a second run on the same output stops.
- When every file is done, ``OUT`` is written from the journal in the order of the sorted
  inputs, to a temporary file that replaces ``OUT`` in one rename, together with the index
  ``.vndocx/OUT.index.jsonl`` (each record's sha256, source and byte range; in a hidden side
  folder beside ``OUT``, so the folder holds only the files the user named) and, when a file
  failed or was skipped, ``OUT.errors.jsonl``; the journal is then deleted. ``OUT`` itself is
  therefore always a whole earlier result or the whole new one.
- Every input is accounted for: a file that failed is in the errors file with its reason, and
  so is a file of a folder that was not read because vndocx does not read its type
  (``"skipped": true``); hidden files and folders (a name starting with ".") are not looked at.
- ``--resume`` hashes each input (sha256 of its bytes) and reuses any record with that hash
  found in the journal or in the index of the previous ``OUT``: a renamed file is not redone
  (its record is copied with the new ``source``), a changed file is, and files that failed
  are tried again. Without ``--resume`` a leftover journal is discarded.

The files are extracted by an executor (``vndocx.pool.ProcessPool``, ``vndocx.pool.InProcess``
or ``vndocx.dask.DaskExecutor``); all of them run ``process_file`` on each path.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vndocx.errors import VndocxError

if TYPE_CHECKING:
    from vndocx.records import Document


def _supported() -> frozenset[str]:
    """The suffixes vndocx reads (``vndocx.ingest.SUPPORTED_SUFFIXES``, imported when first needed)."""
    from vndocx.ingest import SUPPORTED_SUFFIXES

    return SUPPORTED_SUFFIXES

DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY_MB = 4096


@dataclass(frozen=True)
class Failure:
    """A file that could not be extracted, and why."""

    source: str
    error: str

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "error": self.error}, ensure_ascii=False)


@dataclass(frozen=True)
class Outcome:
    """What extracting one file gave: its record as one JSON line (``record``), or the reason
    it failed (``error``); ``sha256`` is the hash of the bytes read (None if none could be)."""

    source: str
    sha256: str | None
    record: str | None = None
    error: str | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return self.record is not None


@dataclass(frozen=True)
class BatchOptions:
    """Settings of one batch run (sent to every worker).

    ``timeout``: seconds one file may take (None: no limit). ``max_memory_mb``: address space
    per worker process (None: no limit). ``ocr_threads``: pages of one scan OCR'd at once."""

    restore: bool = True
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    ocr_threads: int = 1


@dataclass
class BatchSummary:
    """Counts of one run: files extracted now, records reused from before, files failed, files
    of folders skipped (a type vndocx does not read)."""

    extracted: int
    reused: int
    failed: int
    output: Path
    errors: Path | None
    seconds: float
    skipped: int = 0

    @property
    def documents(self) -> int:
        return self.extracted + self.reused


class Executor(Protocol):
    """Runs ``process_file`` over ``(index, path)`` jobs, yielding ``(index, Outcome)`` as each
    finishes (in any order). Pulls jobs lazily, so only a few are ever in flight."""

    options: BatchOptions

    def map_unordered(self, jobs: Iterable[tuple[int, str]]) -> Iterator[tuple[int, Outcome]]: ...

    def close(self) -> None: ...

    def __enter__(self) -> Executor: ...

    def __exit__(self, *exc) -> None: ...


class ExecutorBase:
    """``with executor:`` closes it at the end of the block."""

    def close(self) -> None:
        """Release what the executor holds (worker processes, a cluster client)."""

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()


@dataclass(frozen=True)
class Skipped:
    """A file of a folder that was not read: vndocx does not read its type."""

    source: str
    suffix: str

    @property
    def error(self) -> str:
        kinds = " ".join(sorted(_supported()))
        return f"skipped: unsupported file type {self.suffix or '(no suffix)'} (vndocx reads {kinds})"

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "error": self.error, "skipped": True}, ensure_ascii=False)


@dataclass
class Inputs:
    """What ``scan_inputs`` found: the files to extract, and the files of folders left out."""

    files: list[Path]
    skipped: list[Skipped]


def _walk(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, hidden files and folders left out, in no particular order."""
    for root, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in names:
            if not name.startswith("."):
                path = Path(root, name)
                if path.is_file():
                    yield path


def scan_inputs(paths: Iterable[str | Path]) -> Inputs:
    """The files named by ``paths``: files as given (whatever their type: the readers say why
    one cannot be read), folders recursed (sorted) for the types vndocx reads; the other files
    of those folders are listed as skipped. Raises FileNotFoundError for a path that does not
    exist."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    supported = _supported()
    for path in map(Path, paths):
        if path.is_dir():
            for found in sorted(_walk(path)):
                suffix = found.suffix.lower()
                if suffix in supported:
                    files.append(found)
                else:
                    skipped.append(Skipped(str(found), suffix))
        elif path.exists():
            files.append(path)
        else:
            raise FileNotFoundError(path)
    return Inputs(files, skipped)


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files ``scan_inputs`` would extract (the skipped ones left out)."""
    yield from scan_inputs(paths).files


def skipped_summary(skipped: Sequence[Skipped]) -> str:
    """``2 skipped (unsupported: .json, .doc)``: the count and the types, most frequent first."""
    from collections import Counter

    kinds = Counter(s.suffix or "(no suffix)" for s in skipped)
    return f"{len(skipped)} skipped (unsupported: {', '.join(k for k, _ in kinds.most_common())})"


def errors_path(out: Path) -> Path:
    """``tasks.jsonl`` → ``tasks.errors.jsonl``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


@contextmanager
def atomic_writer(path: Path, binary: bool = False):
    """Open a temporary file beside ``path`` for writing (text, or bytes when ``binary``); it
    is fsync'ed and replaces ``path`` only when the block ends without an exception."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes the file private; outputs are not
        with os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise
    _sync_dir(path.parent)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _sync_dir(folder: Path) -> None:
    """fsync a folder so a rename in it survives a power cut (no-op where unsupported)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of the file's bytes (raises OSError when it cannot be read)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_one(path: Path, extract: Callable[[Path], Document]) -> Document | Failure:
    """The Document of ``path``, or a Failure naming the reason; never raises for bad input."""
    try:
        return extract(path)
    except VndocxError as err:
        return Failure(str(path), err.reason)
    except MemoryError:
        return Failure(str(path), "out of memory while reading the file")
    except RecursionError:
        return Failure(str(path), "the file is nested too deeply to read")
    except Exception as err:  # a reader bug must not stop the batch: record it and go on
        return Failure(str(path), f"internal error {type(err).__name__}: {err}")


def make_extractor(options: BatchOptions) -> Callable[[Path], Document]:
    """The ``path -> Document`` function of a pipeline set up as ``options`` say."""
    from vndocx.pipeline import Pipeline

    pipeline = Pipeline(isolation="none")  # the workers are isolated processes already
    if not options.restore:
        pipeline.disable("restore")
    return pipeline.extract


def process_file(path: str | Path, extract: Callable[[Path], Document]) -> Outcome:
    """Hash and extract one file; never raises for bad input."""
    start = time.perf_counter()
    source = str(path)
    try:
        sha = file_sha256(path)
    except FileNotFoundError:
        return Outcome(source, None, error="file not found (deleted or moved after the run started)")
    except IsADirectoryError:
        return Outcome(source, None, error="is a folder, not a file")
    except OSError as err:
        return Outcome(source, None, error=f"cannot read the file ({err.strerror})")
    result = extract_one(Path(path), extract)
    if isinstance(result, Failure):
        return Outcome(source, sha, error=result.error, seconds=time.perf_counter() - start)
    return Outcome(source, sha, record=result.model_dump_json(), seconds=time.perf_counter() - start)


def run_batch(
    files: Sequence[Path],
    out: Path,
    executor: Executor,
    *,
    resume: bool = False,
    on_outcome: Callable[[Outcome | None], None] = lambda _: None,
    skipped: Sequence[Skipped] = (),
    errors: Path | None = None,
) -> BatchSummary:
    """Extract ``files`` with ``executor`` into ``out`` (one record per line, sorted as
    ``files`` are), failures into ``OUT.errors.jsonl``; see the module docstring for the journal
    and ``resume``. ``on_outcome`` is called once per file: with its Outcome, or with None for
    a record reused from an earlier run. ``skipped`` (from ``scan_inputs``) are listed in the
    errors file after the failures; ``errors`` is where that file goes (default
    ``errors_path(out)``). Returns the counts. An exception (KeyboardInterrupt
    included) leaves ``out`` as it was and the journal holding every finished file. The
    executor stays open: whoever made it closes it (executors are context managers)."""
    from vndocx.journal import Journal, Ref, finalize, load_index

    start = time.perf_counter()
    meta = record_options(executor.options)
    entries: list[Ref | Failure | None] = [None] * len(files)
    extracted = reused = 0
    with Journal(journal_path(out), meta) as journal:
        known: dict[str, Ref] = {}
        if resume:
            known.update(load_index(out, meta))
            known.update(journal.resume())
        else:
            journal.start()

        def jobs() -> Iterator[tuple[int, str]]:
            nonlocal reused
            for index in _largest_first(files):
                path = files[index]
                if known:
                    try:
                        ref = known.get(file_sha256(path))
                    except OSError:
                        ref = None  # the worker records why it cannot be read
                    if ref is not None:
                        entries[index] = ref
                        reused += 1
                        on_outcome(None)
                        continue
                yield index, str(path)

        for index, outcome in executor.map_unordered(jobs()):
            ref = journal.add(outcome)
            entries[index] = ref if ref is not None else Failure(outcome.source, outcome.error or "unknown error")
            extracted += outcome.ok
            on_outcome(outcome)
        errors = errors or errors_path(out)
        failed = finalize(out, files, entries, journal, meta, skipped=skipped, errors=errors)
        journal.remove()
    listed = failed or skipped
    return BatchSummary(extracted, reused, failed, out, errors if listed else None, time.perf_counter() - start,
                        len(skipped))


def _largest_first(files: Sequence[Path]) -> list[int]:
    """Indexes of ``files`` by decreasing size: the long files (scans) start first, so the run
    does not end waiting on one of them while the other workers are idle. The output is sorted
    by ``files`` whatever order they finish in."""

    def size(index: int) -> int:
        try:
            return os.stat(files[index]).st_size
        except OSError:
            return 0

    return sorted(range(len(files)), key=lambda i: (-size(i), i))


def record_options(options: BatchOptions) -> dict:
    """The options that change what a record holds (a resumed run reuses records made with the
    same ones only)."""
    return {"restore": options.restore}


def journal_path(out: Path) -> Path:
    """``tasks.jsonl`` → ``tasks.journal.jsonl``."""
    return out.with_name(f"{out.stem}.journal.jsonl")


SIDE_FOLDER = ".vndocx"


def side_folder(out: Path) -> Path:
    """The hidden folder beside ``out`` for what a run keeps but the user did not name (the
    index; the records behind an Excel, CSV or Parquet register)."""
    return out.parent if out.parent.name == SIDE_FOLDER else out.parent / SIDE_FOLDER


def index_path(out: Path) -> Path:
    """``out/tasks.jsonl`` → ``out/.vndocx/tasks.index.jsonl``."""
    return side_folder(out) / f"{out.stem}.index.jsonl"


def legacy_index_path(out: Path) -> Path:
    """Where vndocx 0.1 kept the index: ``tasks.index.jsonl`` beside ``tasks.jsonl``."""
    return out.with_name(f"{out.stem}.index.jsonl")


def records_path(table: Path) -> Path:
    """Where the JSONL of full records behind a register goes: ``out/register.xlsx`` →
    ``out/.vndocx/register.jsonl`` (``--resume`` reuses it)."""
    return side_folder(table) / f"{table.stem}.jsonl"
