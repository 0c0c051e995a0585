"""What a batch run reads: the files named on the command line and found in folders, and
everything a folder walk passes over without reading, with the reason (unsupported types,
FIFOs, devices, sockets, link loops, dangling links, folders that cannot be listed); and how a
file name that is not valid UTF-8 is shown (``display_source``)."""

from __future__ import annotations

import errno
import json
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path


def _supported() -> frozenset[str]:
    """The suffixes vndocx reads (``vndocx.ingest.SUPPORTED_SUFFIXES``, imported when first needed)."""
    from vndocx.ingest import SUPPORTED_SUFFIXES

    return SUPPORTED_SUFFIXES

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
