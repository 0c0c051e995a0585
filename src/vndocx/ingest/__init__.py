"""Ingest stage: a file on disk → pages of lines (text, page, box, confidence).

The reader is chosen by the file's content, checked against its name, so a renamed file is
refused with a clear reason instead of being half-read.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from vndocx.errors import CorruptFile, EmptyDocument, NotRegularFile, TooLarge, UnsupportedFormat, VndocxError
from vndocx.ingest.convert import read_converted
from vndocx.ingest.docx import read_docx
from vndocx.ingest.guards import check_regular, file_kind
from vndocx.ingest.ocr import read_image
from vndocx.ingest.pdf import read_pdf
from vndocx.ingest.text import read_text, text_to_pages
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Line, Page, PageTable, Word

Reader = Callable[[Path, Limits], list[Page]]

READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".md": read_text,
    ".pdf": read_pdf,
    ".docx": read_docx,
    ".doc": read_converted,
    ".rtf": read_converted,
    ".odt": read_converted,
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
    ".odt": (b"PK\x03\x04",),
    ".doc": (b"\xd0\xcf\x11\xe0",),
    ".rtf": (b"{\\rtf",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".tif": (b"II*\x00", b"MM\x00*"),
    ".tiff": (b"II*\x00", b"MM\x00*"),
}
_ODT = b"application/vnd.oasis.opendocument.text"
# PDF readers look for the header within the first 1,024 bytes.
_HEAD_BYTES = 1024
_KNOWN_CONTENT = (
    (b"MZ", "a Windows executable"),
    (b"\x7fELF", "an ELF executable"),
    (b"PK\x03\x04", "a ZIP archive"),
    (b"%PDF-", "a PDF"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"\xd0\xcf\x11\xe0", "an old Office (OLE2) file, e.g. .doc"),
    (b"{\\rtf", "an RTF file"),
)


def _describe(head: bytes) -> str:
    for magic, what in _KNOWN_CONTENT:
        if head.startswith(magic):
            return what
    return f"unrecognised content (starts with {head[:8]!r})"


def read(path: str | Path, limits: Limits | None = None) -> list[Page]:
    """Return the pages of the document at ``path``, within ``limits`` (default ``DEFAULT_LIMITS``).

    Raises NotRegularFile for a FIFO, device, socket or folder (checked before opening),
    UnsupportedFormat for an unknown suffix or content that does not match the suffix,
    EmptyDocument for an empty file, TooLarge for a file over a limit, and the reader's own
    VndocxError subclasses otherwise.
    """
    import os
    import stat

    limits = limits or DEFAULT_LIMITS
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix not in READERS:
        kinds = " ".join(sorted(READERS))
        raise UnsupportedFormat(source, f"unsupported file type {suffix or '(no suffix)'!r}; vndocx reads {kinds}")
    check_regular(path)
    try:
        # O_NONBLOCK: should the path have become a FIFO since the check, opening it cannot block
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            mode = os.fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise NotRegularFile(source, f"{file_kind(mode)} is not a regular file: refused unread")
            head = handle.read(_HEAD_BYTES)
    except FileNotFoundError as err:
        raise VndocxError(source, "file not found") from err
    except OSError as err:
        raise VndocxError(source, f"cannot read the file ({err.strerror})") from err
    if not head:
        raise EmptyDocument(source, "the file is empty (0 bytes)")
    magics = _MAGIC.get(suffix)
    named = suffix
    if suffix == ".pdf" and b"%PDF-" in head:
        pass  # readers accept bytes before the header (PDF 32000-1, annex H), as some mail gateways leave them
    elif (magics and not head.startswith(magics)) or (not magics and _sniff(path, head)):
        suffix = _sniff(path, head) or ""
        if suffix not in READERS:
            raise UnsupportedFormat(source, f"named {named} but the content is {_describe(head)}")
    try:
        pages = READERS[suffix](path, limits)
    except TooLarge:
        raise
    except VndocxError as err:
        if suffix != named:  # say what the file is, since its name says otherwise
            raise type(err)(source, f"named {named or '(no suffix)'} but the content is {_describe(head)}, "
                                    f"and that failed: {err.reason}") from err
        raise
    except (MemoryError, RecursionError):
        raise  # the caller's to handle: a worker that ran out of memory retires (``vndocx.batch.pool``)
    except Exception as err:
        # the parsers under the readers (pdfminer, zipfile, lxml, PIL) fail on malformed files
        # with errors of their own: a broken file is a CorruptFile, whatever broke
        raise CorruptFile(source, f"not a readable {suffix[1:].upper()} ({type(err).__name__}: {err})") from err
    if not any(line.text.strip() for page in pages for line in page.lines):
        raise EmptyDocument(source, "no text found on any page")
    if suffix != named:
        pages[0].warnings.append(f"named {named or '(no suffix)'} but the content is {_describe(head)}: "
                                 f"read as {suffix[1:].upper()}")
    return pages


def _sniff(path: Path, head: bytes) -> str | None:
    """The suffix of the kind of file ``head`` (its first bytes) shows, or None for text or unknown
    content; a ZIP is told apart by the part that makes it a DOCX or an ODT."""
    if b"%PDF-" in head:
        return ".pdf"
    for suffix in (".png", ".jpg", ".tif", ".doc", ".rtf"):
        if head.startswith(_MAGIC[suffix]):
            return suffix
    if head.startswith(b"PK\x03\x04"):
        import zipfile

        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return ".docx"
                if "mimetype" in names and archive.read("mimetype").startswith(_ODT):
                    return ".odt"
        except (zipfile.BadZipFile, OSError):
            return None
    return None


__all__ = ["READERS", "SUPPORTED_SUFFIXES", "Line", "Page", "PageTable", "Word", "read", "text_to_pages"]
