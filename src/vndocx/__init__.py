"""vndocx: Vietnamese administrative documents to structured records.

    >>> import vndocx
    >>> doc = vndocx.extract("samples/01_thong_bao_ket_luan.txt")
    >>> [(t.owner, t.deadline and t.deadline.date) for t in doc.tasks]

Heavy modules (OCR, PDF, the language model) load on first use, so importing is fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

# The extract *stage* is the subpackage vndocx.extract; importing a subpackage sets the parent's
# attribute of that name, which would shadow the function below the first time the stage loads.
# Loading it here, before the function is defined, keeps ``vndocx.extract`` the function.
import vndocx.extract  # noqa: F401
from vndocx.errors import (
    CorruptFile,
    DecodeError,
    EmptyDocument,
    EncryptedFile,
    UnsupportedFormat,
    VndocxError,
)
from vndocx.lazy import lazy_attributes
from vndocx.records import Deadline, Document, Footnote, Reference, Section, Signer, Task

if TYPE_CHECKING:
    from vndocx.export import to_dataframe
    from vndocx.extract.link import Link, link
    from vndocx.pipeline import Pipeline, extract_text
    from vndocx.repair import restore_diacritics
    from vndocx.report import write_report


def extract(path: str | Path) -> Document:
    """Return the Document read from the file at ``path`` (text, PDF, scan, image or DOCX)
    through the default pipeline."""
    from vndocx.pipeline import extract as run

    return run(path)


_LAZY = {
    "Link": "vndocx.extract.link",
    "link": "vndocx.extract.link",
    "to_dataframe": "vndocx.export",
    "write_report": "vndocx.report",
    "Pipeline": "vndocx.pipeline",
    "extract_text": "vndocx.pipeline",
    "restore_diacritics": "vndocx.repair",
}

__getattr__ = lazy_attributes(__name__, _LAZY)


__all__ = [
    "CorruptFile",
    "Deadline",
    "DecodeError",
    "Document",
    "EmptyDocument",
    "EncryptedFile",
    "Footnote",
    "Link",
    "Pipeline",
    "Reference",
    "Section",
    "Signer",
    "Task",
    "UnsupportedFormat",
    "VndocxError",
    "extract",
    "extract_text",
    "link",
    "restore_diacritics",
    "to_dataframe",
    "write_report",
]
