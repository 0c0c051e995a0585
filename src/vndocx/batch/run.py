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

What is read (the walk, every entry it passes over listed with its reason, names that are not
UTF-8) is ``vndocx.batch.inputs``; how outputs are written and checked before work is
``vndocx.batch.outputs``.

The files are extracted by an executor (``vndocx.batch.pool.ProcessPool``, ``vndocx.batch.pool.InProcess``
or ``vndocx.batch.dask.DaskExecutor``); all of them run ``process_file`` on each path.
"""

from __future__ import annotations

import errno
import hashlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vndocx.batch import inputs
from vndocx.batch.inputs import Skipped, bad_name_warning, display_source, not_regular
from vndocx.batch.outcomes import (  # noqa: F401  (also reached as vndocx.batch.*)
    SIDE_FOLDER,
    Failure,
    Outcome,
    errors_path,
    index_path,
    journal_path,
    legacy_index_path,
    records_path,
    resume_key,
    side_folder,
)
from vndocx.batch.outputs import check_outputs, clean_leftovers
from vndocx.errors import VndocxError
from vndocx.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from vndocx.records import Document


DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_MEMORY_MB = 4096


@dataclass(frozen=True)
class BatchOptions:
    """Settings of one batch run (sent to every worker).

    ``timeout``: seconds one file may take (None: no limit). ``max_memory_mb``: address space
    per worker process (None: no limit). ``ocr_threads``: pages of one scan OCR'd at once.
    ``limits``: the sizes a document may have (``vndocx.limits.Limits``), checked before work.
    ``isolation``: where PDFs and images are read (``vndocx.pipeline.Pipeline``): "none", in
    the process that extracts (pool workers are processes of their own), or "process", in a
    reader child (for extraction in the calling process, which a pdfium crash must not end)."""

    restore: bool = True
    timeout: float | None = DEFAULT_TIMEOUT
    max_memory_mb: int | None = DEFAULT_MAX_MEMORY_MB
    ocr_threads: int = 1
    limits: Limits = DEFAULT_LIMITS
    isolation: str = "none"


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


class NotRegular(OSError):
    """The path is a FIFO, a device, a socket or a folder: it is not opened."""


def file_sha256(path: str | Path) -> str:
    """Hex sha256 of the file's bytes (raises OSError when it cannot be read, NotRegular
    without opening it when it is not a regular file: a FIFO would block, a device never end)."""
    reason = not_regular(os.stat(path).st_mode)
    if reason is not None:
        raise NotRegular(reason)
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
        if isinstance(err.__cause__, MemoryError):  # the reader ran out of this process's memory
            return Failure(display_source(path), "out of memory while reading the file")
        return Failure(display_source(path), display_source(err.reason), type(err).__name__)
    except MemoryError:
        return Failure(display_source(path), "out of memory while reading the file")
    except RecursionError:
        return Failure(display_source(path), "the file is nested too deeply to read")
    except Exception as err:  # a reader bug must not stop the batch: record it and go on
        return Failure(display_source(path), display_source(f"internal error {type(err).__name__}: {err}"))


def make_extractor(options: BatchOptions) -> Callable[[Path], Document]:
    """The ``path -> Document`` function of a pipeline set up as ``options`` say."""
    from vndocx.pipeline import Pipeline

    # Pool workers are processes of their own already: no second child per file.
    pipeline = Pipeline(limits=options.limits, isolation=options.isolation)
    if not options.restore:
        pipeline.disable("restore")
    return pipeline.extract


def _unreadable(path: str | Path) -> str | None:
    """Why ``path`` is not opened at all (gone, a dangling link, a link loop, a FIFO or device,
    unreadable), or None."""
    try:
        reason = not_regular(os.stat(path).st_mode)
    except FileNotFoundError:
        if os.path.islink(path):
            return f"dangling link (points to {display_source(os.readlink(path))}, which does not exist)"
        return "file not found (deleted or moved after the run started)"
    except OSError as err:
        if err.errno == errno.ELOOP:
            return "a link loop (the link leads back to itself)"
        return f"cannot read the file ({err.strerror})"
    return reason


def process_file(path: str | Path, extract: Callable[[Path], Document]) -> Outcome:
    """Extract one file and hash its bytes; never raises for bad input. The hash comes after
    the extraction, so that a file refused at once as over a limit (``TooLarge``: a sparse 4 GB
    text) is not read whole first: its outcome has no hash (a failed file is tried again on
    resume whatever its hash)."""
    start = time.perf_counter()
    source = display_source(path)
    reason = _unreadable(path)
    if reason is not None:
        return Outcome(source, None, error=reason)
    result = extract_one(Path(path), extract)
    if isinstance(result, Failure):
        sha = None
        if result.kind != "TooLarge":  # a file over a limit is not read whole just to hash it
            with suppress(OSError):
                sha = file_sha256(path)
        return Outcome(source, sha, error=result.error, seconds=time.perf_counter() - start)
    try:
        sha = file_sha256(path)
    except OSError as err:
        return Outcome(source, None, error=f"cannot read the file ({err.strerror or err})",
                       seconds=time.perf_counter() - start)
    warning = bad_name_warning(path)
    if warning is not None:
        result = result.model_copy(update={"source": source, "warnings": [*result.warnings, warning]})
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
    on_note: Callable[[str], None] | None = None,
) -> BatchSummary:
    """Extract ``files`` with ``executor`` into ``out`` (one record per line, sorted as
    ``files`` are), failures into ``OUT.errors.jsonl``; see the module docstring for the journal
    and ``resume``. ``on_outcome`` is called once per file: with its Outcome, or with None for
    a record reused from an earlier run. ``skipped`` (from ``scan_inputs``) are listed in the
    errors file after the failures; ``errors`` is where that file goes (default
    ``errors_path(out)``). ``on_note`` gets each line of the journal or index that was dropped
    because it did not validate (default: printed on stderr); its file is redone. Outputs are
    checked first (``check_outputs``: OutputError), and temporary files a killed run left
    beside them are deleted. Returns the counts. An exception (KeyboardInterrupt
    included) leaves ``out`` as it was and the journal holding every finished file. The
    executor stays open: whoever made it closes it (executors are context managers)."""
    from vndocx.batch.journal import Journal, Ref, finalize, load_index

    start = time.perf_counter()
    meta = record_options(executor.options)
    errors = errors or errors_path(out)
    written = [out, errors, journal_path(out), index_path(out)]
    check_outputs(written, files)
    if on_note is None:
        def on_note(note: str) -> None:
            print(f"vndocx: {note}", file=sys.stderr)
    entries: list[Ref | Failure | None] = [None] * len(files)
    extracted = reused = 0
    with Journal(journal_path(out), meta) as journal:
        clean_leftovers([out, errors, index_path(out)])
        known: dict[tuple[str, str], Ref] = {}
        if resume:
            known.update(load_index(out, meta, on_note=on_note))
            known.update(journal.resume(on_note=on_note))
        else:
            journal.start()

        def jobs() -> Iterator[tuple[int, str]]:
            nonlocal reused
            for index in _largest_first(files):
                path = files[index]
                if known:
                    try:
                        ref = known.get(resume_key(file_sha256(path), display_source(path)))
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
            entries[index] = ref if ref is not None else Failure(display_source(outcome.source),
                                                                 display_source(outcome.error or "unknown error"))
            extracted += outcome.ok
            on_outcome(outcome)
        failed = finalize(out, files, entries, journal, meta, skipped=skipped, errors=errors)
        journal.remove()
    listed = failed or skipped
    return BatchSummary(extracted, reused, failed, out, errors if listed else None, time.perf_counter() - start,
                        len(skipped))


# Where callers found them before the walk moved to vndocx.batch.inputs (vndocx.batch.dask, scripts).
Inputs, scan_inputs, iter_inputs = inputs.Inputs, inputs.scan_inputs, inputs.iter_inputs


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
    same ones only): ``restore``, and the limits when they are not the defaults."""
    meta: dict = {"restore": options.restore}
    sizes = {k: v for k, v in asdict(options.limits).items() if k not in _RUN_LIMITS}
    if sizes != {k: v for k, v in asdict(DEFAULT_LIMITS).items() if k not in _RUN_LIMITS}:
        meta["limits"] = sizes
    return meta


# Limits of the reader process's run (time, memory), not of what a record holds.
_RUN_LIMITS = frozenset(("seconds", "memory_mb"))
