"""What a batch run writes, and how: one atomic, fsync'ed writer for every output
(``atomic_path``), the checks an output must pass before any work (``check_outputs``), the
leftovers of a killed write (``clean_leftovers``), and the folder the readers' temporary files
go to (``reader_scratch``)."""

from __future__ import annotations

import os
import re
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

from vndocx.batch.inputs import display_source, not_regular

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
    sync_dir(path.parent)


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


def sync_dir(folder: Path) -> None:
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
