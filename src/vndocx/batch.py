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

import errno
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from vndocx.errors import VndocxError
from vndocx.limits import DEFAULT_LIMITS, Limits

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
    kind: str = ""  # the error's class (TooLarge, CorruptFile, …) when a reader raised it

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


@dataclass(frozen=True)
class Skipped:
    """A file or folder of a walk that was not read, and why: vndocx does not read its type
    (``reason`` None, the ``suffix`` says), or ``reason`` (not a regular file, a link loop, a
    dangling link, a folder that cannot be listed)."""

    source: str
    suffix: str
    reason: str | None = None
    kind: str = "unsupported"

    @property
    def error(self) -> str:
        if self.reason is not None:
            return f"skipped: {self.reason}"
        kinds = " ".join(sorted(_supported()))
        return f"skipped: unsupported file type {self.suffix or '(no suffix)'} (vndocx reads {kinds})"

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "error": self.error, "skipped": True}, ensure_ascii=False)


@dataclass
class Inputs:
    """What ``scan_inputs`` found: the files to extract, and the files of folders left out."""

    files: list[Path]
    skipped: list[Skipped]


def display_source(path: str | Path) -> str:
    """The name of ``path`` as records, journal and errors file show it: the path itself, or,
    when its bytes are not valid UTF-8 (``os.fsdecode`` left surrogates), those bytes escaped
    as ``\\xff`` so that the name prints and encodes anywhere."""
    name = os.fspath(path)
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return name


BAD_NAME_WARNING = "the file name is not valid UTF-8"


def bad_name_warning(path: str | Path) -> str | None:
    """The warning a record gets when its file name is not valid UTF-8 (None when it is)."""
    shown = display_source(path)
    if shown == os.fspath(path):
        return None
    return f"{BAD_NAME_WARNING}: its bytes are shown escaped in source ({Path(shown).name})"


_FILE_TYPES = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
               (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def not_regular(mode: int) -> str | None:
    """Why a file of ``mode`` (``os.stat().st_mode``) is not read: "not a regular file (a
    FIFO (named pipe))", …; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    what = next((name for test, name in _FILE_TYPES if test(mode)), "of an unknown kind")
    return f"not a regular file ({what}); it was not opened"


class _Walk:
    """One recursive walk of a folder: links followed once (a folder reached again, through a
    loop or a second link, is not walked again), everything passed over listed in ``skipped``."""

    def __init__(self, supported: frozenset[str]) -> None:
        self.supported = supported
        self.files: list[Path] = []
        self.skipped: list[Skipped] = []
        self.seen: dict[tuple[int, int], Path] = {}

    def skip(self, path: Path, reason: str, kind: str) -> None:
        self.skipped.append(Skipped(display_source(path), path.suffix.lower(), reason, kind))

    def folder(self, folder: Path) -> None:
        try:
            info = os.stat(folder)
            self.seen[(info.st_dev, info.st_ino)] = folder
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: os.fsencode(e.name))
        except OSError as err:
            self.skip(folder, f"cannot list the folder ({err.strerror or err})", "unlistable folder")
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue  # hidden files and folders are not looked at
            self.entry(Path(entry.path), entry.is_symlink())

    def entry(self, path: Path, link: bool) -> None:
        try:
            info = os.stat(path)  # follows a link
        except OSError as err:
            if link and err.errno == errno.ELOOP:
                self.skip(path, "a link loop (the link leads back to itself)", "link loop")
            elif link:
                target = os.readlink(path) if os.path.islink(path) else "?"
                self.skip(path, f"dangling link (points to {display_source(target)}, which cannot be read: "
                                f"{err.strerror or err})", "dangling link")
            else:
                self.skip(path, f"cannot read the file ({err.strerror or err})", "unreadable")
            return
        if stat.S_ISDIR(info.st_mode):
            first = self.seen.get((info.st_dev, info.st_ino))
            if first is not None:
                how = "a link loop" if link else "a folder reached twice"
                self.skip(path, f"{how}: leads to the folder {display_source(first)}, already walked", "link loop")
                return
            self.folder(path)
            return
        reason = not_regular(info.st_mode)
        if reason is not None:
            self.skip(path, reason, "not a regular file")
        elif path.suffix.lower() in self.supported:
            self.files.append(path)
        else:
            self.skipped.append(Skipped(display_source(path), path.suffix.lower()))


def scan_inputs(paths: Iterable[str | Path]) -> Inputs:
    """The files named by ``paths``: files as given (whatever their type: the readers say why
    one cannot be read; a FIFO or device is refused unopened by ``process_file``), folders
    recursed (sorted by name bytes) for the types vndocx reads; the other entries of those
    folders (unsupported types, FIFOs, devices, sockets, link loops, dangling links, folders
    that cannot be listed) are listed as skipped with their reason. Raises FileNotFoundError for
    a path that does not exist."""
    files: list[Path] = []
    skipped: list[Skipped] = []
    supported = _supported()
    for path in map(Path, paths):
        if path.is_dir():
            walk = _Walk(supported)
            walk.folder(path)
            files.extend(walk.files)
            skipped.extend(walk.skipped)
        elif path.exists():
            files.append(path)
        elif path.is_symlink():
            files.append(path)  # a dangling link: process_file says so
        else:
            raise FileNotFoundError(display_source(path))
    return Inputs(files, skipped)


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files ``scan_inputs`` would extract (the skipped ones left out)."""
    yield from scan_inputs(paths).files


def skipped_summary(skipped: Sequence[Skipped]) -> str:
    """``3 skipped (unsupported: .json, .doc; not a regular file: 1)``: the count, the
    unsupported types (most frequent first), then the other reasons with their counts."""
    from collections import Counter

    types = Counter(s.suffix or "(no suffix)" for s in skipped if s.reason is None)
    others = Counter(s.kind for s in skipped if s.reason is not None)
    parts = [f"unsupported: {', '.join(k for k, _ in types.most_common())}"] if types else []
    parts += [f"{kind}: {count}" for kind, count in others.most_common()]
    return f"{len(skipped)} skipped ({'; '.join(parts)})"


def errors_path(out: Path) -> Path:
    """``tasks.jsonl`` → ``tasks.errors.jsonl``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


TEMP_SUFFIX = ".tmp"
_TEMP_RANDOM = 8  # characters tempfile.mkstemp adds to a name


def temp_name_length(name: str) -> int:
    """Bytes of the name of the temporary file ``atomic_path`` writes for ``name``."""
    return len(os.fsencode(f".{name}.")) + _TEMP_RANDOM + len(TEMP_SUFFIX)


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (for writers that take a path: pandas,
    openpyxl); when the block ends without an exception the file is fsync'ed and replaces
    ``path`` in one rename, otherwise it is deleted. The file gets the permissions ``open()``
    would give it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMP_SUFFIX, dir=path.parent)
    tmp = Path(name)
    try:
        os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes the file private; outputs are not
        os.close(fd)
        yield tmp
        with open(tmp, "rb") as written:
            os.fsync(written.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _sync_dir(path.parent)


@contextmanager
def atomic_writer(path: Path, binary: bool = False):
    """Open a temporary file beside ``path`` for writing (text, or bytes when ``binary``); it
    is fsync'ed and replaces ``path`` only when the block ends without an exception."""
    with atomic_path(path) as tmp, open(tmp, "wb") if binary else open(tmp, "w", encoding="utf-8") as handle:
        yield handle


def clean_leftovers(paths: Iterable[Path]) -> list[Path]:
    """Delete the temporary files a killed ``atomic_path`` left beside each of ``paths``
    (``.NAME.xxxxxxxx.tmp``); returns those deleted. Call it holding the output's lock."""
    removed = []
    for path in paths:
        pattern = re.compile(re.escape(f".{path.name}.") + rf"[A-Za-z0-9_]{{{_TEMP_RANDOM}}}" + re.escape(TEMP_SUFFIX))
        try:
            names = os.listdir(path.parent)
        except OSError:
            continue
        for name in names:
            if pattern.fullmatch(name):
                leftover = path.parent / name
                try:
                    if leftover.is_file() and not leftover.is_symlink():
                        leftover.unlink()
                        removed.append(leftover)
                except OSError:
                    pass
    return removed


_SCRATCH_PREFIX = "vndocx-run-"
_scratch: Path | None = None


@contextmanager
def reader_scratch() -> Iterator[Path]:
    """Point the temporary files of the readers (Tesseract's page images, pytesseract's
    outputs), in this process and in the workers and Tesseract runs it starts, at a folder of
    this process, emptied when the block ends: a worker killed mid-page (time limit, crash)
    leaves nothing in the system's temporary folder. The folder lives as long as the process
    (a fork server started in the block keeps it); those of processes that died (``kill -9``)
    are removed the next time one is made. Yields the folder."""
    global _scratch
    from multiprocessing import util

    # multiprocessing's own folder (the fork server's socket, whose path must stay short) stays
    # where it was: made now, before TMPDIR changes
    util.get_temp_dir()
    if _scratch is None or not _scratch.is_dir():
        base = Path(tempfile.gettempdir())
        _remove_dead_scratch(base)
        _scratch = Path(tempfile.mkdtemp(prefix=f"{_SCRATCH_PREFIX}{os.getpid()}-", dir=base))
        import shutil

        # at exit, after multiprocessing has removed its own folder inside (exit priority -100)
        util.Finalize(None, shutil.rmtree, (_scratch, True), exitpriority=-101)
    saved = os.environ.get("TMPDIR"), tempfile.tempdir
    os.environ["TMPDIR"] = str(_scratch)
    tempfile.tempdir = str(_scratch)
    try:
        yield _scratch
    finally:
        if saved[0] is None:
            os.environ.pop("TMPDIR", None)
        else:
            os.environ["TMPDIR"] = saved[0]
        tempfile.tempdir = saved[1]
        _empty(_scratch)


def _empty(folder: Path) -> None:
    import shutil

    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("pymp-"):
            continue  # multiprocessing's own folder (the fork server's socket): it lives as long as the process
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with suppress(OSError):
                os.unlink(entry.path)


def _remove_dead_scratch(base: Path) -> None:
    """Remove the scratch folders of vndocx processes that no longer run."""
    import shutil

    try:
        names = os.listdir(base)
    except OSError:
        return
    for name in names:
        if not name.startswith(_SCRATCH_PREFIX):
            continue
        pid = name[len(_SCRATCH_PREFIX):].split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            shutil.rmtree(base / name, ignore_errors=True)
        except OSError:
            pass


class OutputError(ValueError):
    """An output path vndocx refuses to write (names the path and the reason)."""


def _name_max(folder: Path) -> int:
    """NAME_MAX of the file system ``folder`` (or its nearest existing parent) is on."""
    for candidate in (folder, *folder.parents):
        try:
            return os.pathconf(candidate, "PC_NAME_MAX")
        except (OSError, ValueError):
            continue
    return 255


def check_outputs(outputs: Iterable[Path], inputs: Iterable[Path] = ()) -> None:
    """Refuse, before any work, outputs that cannot or must not be written: one that is an
    input, a symbolic link, a folder, a device or other non-regular file, one whose folder is
    a file, and a name too long for its file system once the temporary suffix is added. Raises
    OutputError naming the path and the problem."""
    outputs = [Path(p) for p in outputs]
    given = {}
    for path in inputs:
        try:
            info = os.stat(path)
        except OSError:
            continue
        given[(info.st_dev, info.st_ino)] = path
    for out in outputs:
        shown = display_source(out)
        if os.path.islink(out):
            raise OutputError(f"{shown}: the output is a symbolic link; name the file itself (vndocx replaces "
                              "the output, which would replace the link, not what it points to)")
        try:
            info = os.stat(out)
        except FileNotFoundError:
            info = None
        except NotADirectoryError:
            raise OutputError(f"{shown}: a part of the output's folder is a file, not a folder") from None
        except OSError as err:
            raise OutputError(f"{shown}: cannot check the output ({err.strerror})") from None
        if info is not None:
            if stat.S_ISDIR(info.st_mode):
                raise OutputError(f"{shown}: the output is a folder; name a file in it (e.g. {shown}/tasks.jsonl)")
            reason = not_regular(info.st_mode)
            if reason is not None:
                raise OutputError(f"{shown}: the output is {reason.split('(', 1)[1].split(')')[0]}, not a regular "
                                  "file; vndocx writes only regular files")
            first = given.get((info.st_dev, info.st_ino))
            if first is not None:
                raise OutputError(f"{shown}: the output is the input {display_source(first)}; writing it would "
                                  "destroy that input")
        parent = out.parent
        if parent.exists() and not parent.is_dir():
            raise OutputError(f"{shown}: the output's folder {display_source(parent)} is a file, not a folder")
        limit = _name_max(parent)
        if temp_name_length(out.name) > limit:
            raise OutputError(f"{shown}: the name is too long: {len(os.fsencode(out.name))} bytes, and its "
                              f"temporary file adds {temp_name_length(out.name) - len(os.fsencode(out.name))}; "
                              f"the file system allows {limit}")


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
    from vndocx.journal import Journal, Ref, finalize, load_index

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


def resume_key(sha256: str, source: str) -> tuple[str, str]:
    """What a resumed run matches a record by: the content hash and the reader the file's name
    picks (its suffix), so that a file refused as ``.docx`` never gets the record of a ``.txt``
    with the same bytes."""
    return sha256, Path(source).suffix.lower()


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
