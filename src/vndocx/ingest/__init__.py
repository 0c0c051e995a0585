"""Ingest stage: a file on disk → pages of lines (text, page, box, confidence).

The reader is chosen by the file's content, checked against its name, so a renamed file is
refused with a clear reason instead of being half-read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vndocx.errors import CorruptFile, EmptyDocument, UnsupportedFormat, VndocxError
from vndocx.ingest.base import Line, Page, Table, Word
from vndocx.ingest.docx import read_docx
from vndocx.ingest.ocr import read_image
from vndocx.ingest.pdf import read_pdf
from vndocx.ingest.text import read_text, text_to_pages

Reader = Callable[[Path], list[Page]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".png": read_image,
    ".jpg": read_image,
    ".jpeg": read_image,
    ".tif": read_image,
    ".tiff": read_image,
}
SUPPORTED_SUFFIXES = frozenset(READERS)

_MAGIC = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
}
# PDF readers look for the header within the first 1,024 bytes.
_HEAD_BYTES = 1024
_KNOWN_CONTENT = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF-", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE2) file, e.g. .doc: save it as .docx"),
    (b"{\\rtf", "an RTF file"),
)


def _describe(head: bytes) -> str:
    for magic, what in _KNOWN_CONTENT:
        if head.startswith(magic):
            return what
    return f"unrecognised content (starts with {head[:8]!r})"


def read(path: str | Path) -> list[Page]:
    """Return the pages of the document at ``path``.

    Raises UnsupportedFormat for an unknown suffix or content that does not match the suffix,
    EmptyDocument for an empty file, and the reader's own VndocxError subclasses otherwise.
    """
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        kinds = " ".join(sorted(READERS))
        raise UnsupportedFormat(source, f"unsupported file type {suffix or '(no suffix)'!r}; vndocx reads {kinds}")
    try:
        with path.open("rb") as handle:
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError as err:
        raise VndocxError(source, "file not found") from err
    except OSError as err:
        raise VndocxError(source, f"cannot read the file ({err.strerror})") from err
    if not head:
        raise EmptyDocument(source, "the file is empty (0 bytes)")
    magics = _MAGIC.get(suffix)
    if suffix == ".pdf" and b"%PDF-" in head:
        pass  # readers accept bytes before the header (PDF 32000-1, annex H), as some mail gateways leave them
    elif magics and not head.startswith(magics):
        raise UnsupportedFormat(source, f"named {suffix} but the content is {_describe(head)}")
    try:
        pages = READERS[suffix](path)
    except (VndocxError, MemoryError, RecursionError):
        raise
    except Exception as err:
        # the parsers under the readers (pdfminer, zipfile, lxml, PIL) fail on malformed files
        # with errors of their own: a broken file is a CorruptFile, whatever broke
        raise CorruptFile(source, f"not a readable {suffix[1:].upper()} ({type(err).__name__}: {err})") from err
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise EmptyDocument(source, "no text found on any page")
    return pages


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "Line", "Page", "Table", "Word", "read", "text_to_pages"]
