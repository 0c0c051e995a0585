"""vndocx: Vietnamese administrative documents to structured records.

    >>> import vndocx
    >>> doc = vndocx.extract("samples/01_thong_bao_ket_luan.txt")
    >>> [(t.owner, t.deadline and t.deadline.date) for t in doc.tasks]

Heavy modules (OCR, PDF, the language model) load on first use, so importing is fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Literal

from vndocx.errors import (
    CorruptFile,
    DecodeError,
    EmptyDocument,
    EncryptedFile,
    NotRegularFile,
    TooLarge,
    UnsupportedFormat,
    VndocxError,
)
from vndocx.lazy import lazy_attributes
from vndocx.limits import DEFAULT_LIMITS, Limits

if TYPE_CHECKING:
    from vndocx.records import Deadline, Document, Footnote, Reference, Section, Signer, Task


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vndocx")
    except PackageNotFoundError:  # run from a checkout that was never installed
        return "0+unknown"


__version__ = _version()

if TYPE_CHECKING:
    from vndocx import nlp
    from vndocx.export import to_dataframe
    from vndocx.extraction.link import Link, link
    from vndocx.pipeline import Pipeline, extract_text
    from vndocx.repair import restore_diacritics
    from vndocx.report import write_report


def extract(path: str | Path, *, limits: Limits | None = None,
            isolation: Literal["process", "none"] = "process") -> Document:
    """Return the Document read from the file at ``path`` (text, PDF, scan, image or DOCX)
    through the default pipeline, within ``limits`` (``Limits``; a breach raises ``TooLarge``).
    ``isolation="process"`` reads PDFs and images in a reused child process with a time and
    memory limit, so a reader crash is an error, not the end of the caller; ``"none"`` reads
    them in this process."""
    from vndocx.pipeline import extract as run

    return run(path, limits=limits, isolation=isolation)


_LAZY = {
    **dict.fromkeys(("Deadline", "Document", "Footnote", "Reference", "Section", "Signer", "Task"), "vndocx.records"),
    "Link": "vndocx.extraction.link",
    "link": "vndocx.extraction.link",
    "to_dataframe": "vndocx.export",
    "write_report": "vndocx.report",
    "Pipeline": "vndocx.pipeline",
    "extract_text": "vndocx.pipeline",
    "restore_diacritics": "vndocx.repair",
}

# Submodules reached as attributes (``vndocx.nlp.load()``, ``vndocx.batch.dask.extract_bag``) without an
# import of their own; they load spaCy and Dask, so only when first used.
_LAZY_MODULES = ("nlp", "batch", "export", "report")

__getattr__ = lazy_attributes(__name__, _LAZY, _LAZY_MODULES)


__all__ = [
    "DEFAULT_LIMITS",
    "CorruptFile",
    "Deadline",
    "DecodeError",
    "Document",
    "EmptyDocument",
    "EncryptedFile",
    "Footnote",
    "Limits",
    "Link",
    "NotRegularFile",
    "Pipeline",
    "Reference",
    "Section",
    "Signer",
    "Task",
    "TooLarge",
    "UnsupportedFormat",
    "VndocxError",
    "__version__",
    "extract",
    "extract_text",
    "link",
    "nlp",
    "restore_diacritics",
    "to_dataframe",
    "write_report",
]
