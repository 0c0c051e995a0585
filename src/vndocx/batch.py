"""Batch extraction over files and folders: one record per document, failures recorded
and skipped, output written atomically so an interrupted run never leaves a half line."""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from vndocx.errors import VndocxError
from vndocx.ingest import SUPPORTED_SUFFIXES
from vndocx.records import Document


@dataclass(frozen=True)
class Failure:
    """A file that could not be extracted, and why."""

    source: str
    error: str

    def to_json(self) -> str:
        return json.dumps({"source": self.source, "error": self.error}, ensure_ascii=False)


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Yield the files named by ``paths``: files as given, folders recursed (sorted) for the
    suffixes vndocx reads. Raises FileNotFoundError for a path that does not exist."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
        elif path.exists():
            yield path
        else:
            raise FileNotFoundError(path)


def errors_path(out: Path) -> Path:
    """``tasks.jsonl`` → ``tasks.errors.jsonl``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


@contextmanager
def atomic_writer(path: Path):
    """Open a temporary file beside ``path`` for writing; it replaces ``path`` only when the
    block ends without an exception."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def extract_one(path: Path, extract: Callable[[Path], Document]) -> Document | Failure:
    """The Document of ``path``, or a Failure naming the reason; never raises for bad input."""
    try:
        return extract(path)
    except VndocxError as err:
        return Failure(str(path), err.reason)
    except MemoryError:
        return Failure(str(path), "out of memory while reading the file")
    except Exception as err:  # a reader bug must not stop the batch: record it and go on
        return Failure(str(path), f"internal error {type(err).__name__}: {err}")


def run_batch(
    files: list[Path],
    write: Callable[[Document], None],
    fail: Callable[[Failure], None],
    extract: Callable[[Path], Document],
    progress: Callable[[Path], None] = lambda _: None,
) -> tuple[int, int]:
    """Extract each file in order, handing Documents to ``write`` and Failures to ``fail``;
    returns (documents written, failures)."""
    done = failed = 0
    for path in files:
        result = extract_one(path, extract)
        if isinstance(result, Failure):
            fail(result)
            failed += 1
        else:
            write(result)
            done += 1
        progress(path)
    return done, failed
