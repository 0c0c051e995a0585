"""What one file's extraction gave (``Outcome``, ``Failure``) and where a run keeps its files
(journal, index, errors file, the hidden side folder), shared by the batch run and its journal."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path


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


def errors_path(out: Path) -> Path:
    """``tasks.jsonl`` → ``tasks.errors.jsonl``."""
    return out.with_name(f"{out.stem}.errors.jsonl")


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
