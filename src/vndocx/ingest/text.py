"""Plain-text reader (.txt, .md): UTF-8, UTF-16 with a BOM, or a single-byte Vietnamese code page
(Windows-1258) recognised by its syllables; a form feed starts a new page."""

from __future__ import annotations

import codecs
import unicodedata
from pathlib import Path

from vndocx.errors import DecodeError, TooLarge
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Line, Page

_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def decode(data: bytes, source: str) -> str:
    """Return the text of ``data``: a BOM decides the encoding, else strict UTF-8.

    Raises DecodeError naming the byte offset of the first undecodable byte.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as err:
                raise DecodeError(source, f"invalid {encoding} text at byte {err.start}") from err
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        text = single_byte(data)
        if text is not None:
            return text
        raise DecodeError(
            source,
            f"not UTF-8 text, nor Windows-1258: undecodable byte 0x{data[err.start]:02x} at offset {err.start} "
            "(save the file as UTF-8, or UTF-16 with a byte-order mark)",
        ) from err


# Share of words that must be Vietnamese syllables for a single-byte decoding to be taken.
MIN_SYLLABLE_SHARE = 0.8
CODE_PAGES = ("cp1258",)


def single_byte(data: bytes) -> str | None:
    """``data`` decoded from the single-byte Vietnamese code page (Windows-1258, whose tone marks
    are combining characters) under which its words are Vietnamese syllables; None when none fits."""
    from vndocx.lang.syllables import syllable_share

    for encoding in CODE_PAGES:
        try:
            text = unicodedata.normalize("NFC", data.decode(encoding))
        except UnicodeDecodeError:
            continue
        share, words = syllable_share(text[:20000])
        if words and share >= MIN_SYLLABLE_SHARE:
            return text
    return None


def text_to_pages(text: str) -> list[Page]:
    """Split ``text`` into pages (on form feeds) of lines without geometry."""
    pages = []
    for number, chunk in enumerate(text.split("\f"), start=1):
        lines = [Line(text=line, page=number) for line in chunk.splitlines()]
        pages.append(Page(number=number, kind="text", lines=lines))
    return pages


def read_text(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """Return the pages of a text file; raises TooLarge, before reading it, for a file of more
    than ``limits.text_bytes`` bytes."""
    size = path.stat().st_size
    if size > limits.text_bytes:
        raise TooLarge(str(path), "bytes", limits.text_bytes, size, "a text file")
    with path.open("rb") as handle:
        data = handle.read(limits.text_bytes + 1)  # the file may have grown since
    if len(data) > limits.text_bytes:
        raise TooLarge(str(path), "bytes", limits.text_bytes, None, "a text file")
    return text_to_pages(decode(data, str(path)))
