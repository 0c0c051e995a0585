"""Generators of hostile input files, written by code into a folder (``tmp_path``): each function
writes one file (``name`` in ``folder``) and returns its path. Shared by the library's tests
(``test_limits.py``, ``test_isolation.py``) and the sweep's corpus (``hostile_corpus.py``).

PDFs are written object by object (``pdf_file``) with a correct cross-reference table, so the
readers meet the hostile structure itself, not a broken file.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

# A short document in the genre (fictional province and people), for files that need real text.
LETTER = """UBND TỈNH NAM HÀ GIANG
SỞ NỘI VỤ
Số: 12/TB-SNV
THÔNG BÁO
Về việc rà soát hồ sơ công chức
Sở Nội vụ đề nghị các phòng rà soát hồ sơ công chức, báo cáo trước ngày 15 tháng 3 năm 2026.
Nơi nhận:
- Như trên;
- Lưu: VT.
GIÁM ĐỐC
Lê Văn Tâm
"""


# ------------------------------------------------------------------ PDF
def pdf_bytes(objects: list[bytes], root: int = 1) -> bytes:
    """A PDF whose object ``n`` (from 1) is ``objects[n - 1]`` (the text between ``n 0 obj`` and
    ``endobj``), with a cross-reference table and a trailer naming ``root`` as the catalog."""
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, root, xref))
    return out.getvalue()


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    """A stream object's text holding ``data`` (Flate-compressed when ``compress``)."""
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d%s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def _text_content(text: str = "Thông báo số 12") -> bytes:
    safe = text.encode("latin-1", "replace").replace(b"(", b"").replace(b")", b"")
    return b"BT /F1 12 Tf 72 720 Td (" + safe + b") Tj ET"


_FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"


def pdf_file(folder: Path, name: str, objects: list[bytes]) -> Path:
    """Write ``pdf_bytes(objects)`` to ``folder/name``; returns the path."""
    path = Path(folder) / name
    path.write_bytes(pdf_bytes(objects))
    return path


def blank_pages_pdf(folder: Path, pages: int = 5000, size: tuple[float, float] = (595, 842),
                    name: str = "blank_pages.pdf") -> Path:
    """A PDF of ``pages`` blank pages of ``size`` points (5,000 A4 pages by default)."""
    first = 3
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %g %g] >>" % size] * pages
    return pdf_file(folder, name, objects)


def huge_mediabox_pdf(folder: Path, pages: int = 20, side: float = 3390.0, name: str = "huge_mediabox.pdf") -> Path:
    """``pages`` blank pages of ``side`` × ``side`` points (a page to render at 300 dpi for OCR of
    about 14,000² pixels)."""
    return blank_pages_pdf(folder, pages, (side, side), name=name)


def self_referencing_pages_pdf(folder: Path, count: int = 1_000_000, name: str = "self_pages.pdf") -> Path:
    """A page tree whose node lists itself among its kids (and claims ``count`` pages)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count %d >>" % count,
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               stream(_text_content()), _FONT]
    return pdf_file(folder, name, objects)


def pages_counted_apart_pdf(folder: Path) -> Path:
    """A page tree that lists its second page twice (``Kids [3 0 R 6 0 R 6 0 R]``): pdfium counts
    three pages, pdfplumber (which skips a node it has seen) two."""
    text = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R /Resources << /Font << /F1 5 0 R >> >> >>"
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R 6 0 R 6 0 R] /Count 3 >>",
               text % 4, stream(_text_content("Trang mot: Thong bao so 12")), _FONT,
               text % 7, stream(_text_content("Trang hai: bao cao truoc ngay 15"))]
    return pdf_file(folder, "pages_counted_apart.pdf", objects)


def self_referencing_resources_pdf(folder: Path, name: str = "self_resources.pdf") -> Path:
    """A page drawing a form XObject that draws itself (its resources name itself)."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /X 5 0 R >> >> >>",
               stream(b"/X Do"),
               stream(b"/X Do", b" /Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                b"/Resources << /XObject << /X 5 0 R >> >>")]
    return pdf_file(folder, name, objects)


def xobject_laughs_pdf(folder: Path, levels: int = 10, fan: int = 10, name: str = "xobject_laughs.pdf") -> Path:
    """"Billion laughs" of form XObjects: each level draws the one below ``fan`` times, so the
    page draws ``fan ** levels`` forms; the innermost shows a word of text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /XObject << /L 5 0 R >> >> >>",
               stream(b"/L Do")]
    form = b" /Type /XObject /Subtype /Form /BBox [0 0 595 842]"
    for level in range(levels):
        number = 5 + level
        if level == levels - 1:
            objects.append(stream(_text_content("ha"), form + b" /Resources << /Font << /F1 %d 0 R >> >>"
                                  % (number + 1)))
            objects.append(_FONT)
        else:
            objects.append(stream(b" ".join([b"/L Do"] * fan), form + b" /Resources << /XObject << /L %d 0 R >> >>"
                                  % (number + 1)))
    return pdf_file(folder, name, objects)


def deflate_bomb(inflated: int) -> bytes:
    """zlib bytes that inflate to ``inflated`` bytes of zeros (about a thousandth of that)."""
    packer = zlib.compressobj(9)
    chunk = bytes(1 << 20)
    parts = [packer.compress(chunk) for _ in range(inflated >> 20)]
    return b"".join(parts) + packer.flush()


def deflate_bomb_pdf(folder: Path, inflated: int = 300 << 20, where: str = "unused",
                     name: str = "deflate_bomb.pdf") -> Path:
    """A one-page PDF with text, carrying a stream that inflates to ``inflated`` bytes of zeros:
    ``where`` "unused" (an orphan object), "metadata" (the catalog's metadata stream) or
    "content" (the page's content stream, in place of its text)."""
    bomb = deflate_bomb(inflated)
    meta = b" /Metadata 7 0 R" if where == "metadata" else b""
    kind = b"" if where == "content" else b" /Type /Metadata /Subtype /XML"
    objects = [b"<< /Type /Catalog /Pages 2 0 R%s >>" % meta,
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>" % (7 if where == "content" else 4),
               stream(_text_content()), _FONT, b"<< /Unused true >>",
               b"<< /Length %d%s /Filter /FlateDecode >>\nstream\n" % (len(bomb), kind) + bomb + b"\nendstream"]
    return pdf_file(folder, name, objects)


# ------------------------------------------------------------------ images
def tiff_frames(folder: Path, frames: int = 2000, size: tuple[int, int] = (16, 16), name: str = "frames.tiff") -> Path:
    """A multi-page TIFF of ``frames`` white frames of ``size`` pixels."""
    from PIL import Image

    path = Path(folder) / name
    first = Image.new("L", size, 255)
    first.save(path, "TIFF", save_all=True,
               append_images=[Image.new("L", size, 255) for _ in range(frames - 1)], compression="packbits")
    return path


def apng_frames(folder: Path, frames: int = 1000, size: tuple[int, int] = (64, 64), name: str = "frames.png") -> Path:
    """An animated PNG of ``frames`` frames of ``size`` pixels (named .png)."""
    from PIL import Image

    path = Path(folder) / name
    images = [Image.new("L", size, 255 - i % 2) for i in range(frames)]  # each unlike the last: none merged
    images[0].save(path, "PNG", save_all=True, append_images=images[1:], duration=10)
    return path


def png_header_bomb(folder: Path, width: int = 60_000, height: int = 60_000, bit_depth: int = 8, colour: int = 0,
                    name: str = "bomb.png") -> Path:
    """A PNG whose header claims ``width`` × ``height`` pixels of ``bit_depth`` bits in PNG
    colour type ``colour`` (0 grey, 6 RGBA), with almost no data."""
    import struct

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, bit_depth, colour, 0, 0, 0)
    body = zlib.compress(b"\0" * 1024)
    path = Path(folder) / name
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b""))
    return path


def scan_in_mode(folder: Path, source: Path, mode: str) -> Path:
    """The page image ``source`` saved in ``mode``: "I;16" (16-bit grey PNG, full 0–65535 range),
    "CMYK" (TIFF), "P" (palette PNG), "RGBA" (PNG, paper transparent), "LA" (grey + alpha)."""
    import numpy as np
    from PIL import Image

    page = Image.open(source).convert("L")
    name = {"I;16": "grey16.png", "CMYK": "cmyk.tiff", "P": "palette.png", "RGBA": "alpha.png", "LA": "grey_alpha.png"}
    path = Path(folder) / name[mode]
    if mode == "I;16":
        a = np.asarray(page, dtype=np.uint16) * 257
        Image.fromarray(a.astype("<u2")).save(path)  # uint16: mode I;16
    elif mode == "RGBA":
        a = np.asarray(page)
        rgba = np.zeros((*a.shape, 4), dtype=np.uint8)  # black ink, alpha from darkness: the paper is transparent
        rgba[..., 3] = 255 - a
        Image.fromarray(rgba).save(path)
    elif mode == "LA":
        page.convert("LA").save(path)
    else:
        (page.convert("RGB").quantize(256) if mode == "P" else page.convert(mode)).save(path)
    return path


# ------------------------------------------------------------------ DOCX
_CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  b'<Default Extension="xml" ContentType="application/xml"/>'
                  b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  b'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         b'officeDocument" Target="word/document.xml"/></Relationships>')
_W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_file(folder: Path, name: str, document_xml: bytes | Iterable[bytes],
              extra: dict[str, bytes | Iterable[bytes]] | None = None, level: int = 6) -> Path:
    """A minimal DOCX whose ``word/document.xml`` is ``document_xml``; ``extra`` adds parts. A
    part given as pieces (an iterable of bytes) is streamed in, so it may inflate past memory;
    ``level`` is the deflate level. Returns the path."""
    path = Path(folder) / name
    parts = {"[Content_Types].xml": _CONTENT_TYPES, "_rels/.rels": _RELS, "word/document.xml": document_xml,
             **(extra or {})}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as archive:
        for part, data in parts.items():
            if isinstance(data, bytes):
                archive.writestr(part, data)
                continue
            with archive.open(part, "w", force_zip64=True) as handle:
                for piece in data:
                    handle.write(piece)
    return path


def document_xml(paragraphs: list[str], prolog: bytes = b"") -> bytes:
    """A ``word/document.xml`` of plain paragraphs, ``prolog`` (a DOCTYPE) before the root."""
    from xml.sax.saxutils import escape

    body = b"".join(b"<w:p><w:r><w:t>" + escape(p).encode() + b"</w:t></w:r></w:p>" for p in paragraphs)
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>' + prolog
            + b'<w:document xmlns:w="' + _W + b'"><w:body>' + body + b"</w:body></w:document>")


def docx_paragraphs(folder: Path, count: int = 100_000, name: str = "paragraphs.docx") -> Path:
    """A DOCX of ``count`` short paragraphs (after ``LETTER``'s lines)."""
    return docx_file(folder, name, document_xml(LETTER.splitlines() + [f"Dòng {i}." for i in range(count)]))


def docx_xml_bomb(folder: Path, levels: int = 9, name: str = "xml_bomb.docx") -> Path:
    """A DOCX whose document.xml is a "billion laughs" entity bomb: ``levels`` entities, each
    ten of the one before (``2 × 10 ** levels`` characters)."""
    lol = b'<!ENTITY a0 "ha">' + b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10)
                                         for i in range(1, levels + 1))
    top = b"&a%d;" % levels
    xml = document_xml([top.decode()], b"<!DOCTYPE w:document [" + lol + b"]>").replace(b"&amp;" + top[1:], top)
    return docx_file(folder, name, xml)


def docx_xxe(folder: Path, target: str = "/etc/passwd", name: str = "xxe.docx") -> Path:
    """A DOCX whose document.xml pulls ``target`` in through an external entity."""
    xml = document_xml([*LETTER.splitlines(), "&xxe;"], b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file://%s">]>'
                       % target.encode()).replace(b"&amp;xxe;", b"&xxe;")
    return docx_file(folder, name, xml)


def _spaces(count: int, head: bytes, tail: bytes) -> Iterator[bytes]:
    """``head``, ``count`` spaces (whole MiB) in pieces of 1 MiB, then ``tail``."""
    yield head
    block = b" " * (1 << 20)
    for _ in range(count >> 20):
        yield block
    yield tail


def docx_zip_bomb(folder: Path, inflated: int = 300 << 20, in_document: bool = False,
                  name: str = "zip_bomb.docx") -> Path:
    """A DOCX with a part that inflates to ``inflated`` bytes of spaces: an extra part (an XML
    comment) by default, or, ``in_document``, the text of document.xml's one paragraph."""
    if in_document:
        head, tail = document_xml(["#"]).split(b"#")
        return docx_file(folder, name, _spaces(inflated, head, tail), level=9)
    return docx_file(folder, name, document_xml(LETTER.splitlines()),
                     {"word/padding.xml": _spaces(inflated, b"<!--", b"-->")}, level=9)


# ------------------------------------------------------------------ text
def huge_text_file(folder: Path, size: int = 300_000_000, sparse: bool = True, name: str = "huge.txt",
                   text: str = LETTER) -> Path:
    """A text file of ``size`` bytes: ``text`` then NUL bytes, sparse where the file system
    allows (no disk used), or, not ``sparse``, ``text`` written again and again."""
    path = Path(folder) / name
    with path.open("wb") as handle:
        block = text.encode() * (1 if sparse else max(1, (1 << 20) // len(text.encode())))
        for _ in range(1 if sparse else size // len(block) + 1):
            handle.write(block)
        handle.truncate(size)
    return path


def adversarial_lines() -> dict[str, str]:
    """Pieces of the parsers' own patterns, to be repeated into long lines: name → piece."""
    return {
        "date": "ngày ", "month": "tháng ", "year": "năm ", "digits": "1", "commas": ", ",
        "number": "Số: ", "place_date": "Hà Nội, ngày 1 tháng ", "slash": "12/", "deadline": "trước ngày ",
        "owner": "Sở Nội vụ, ", "dots": ". ", "dash": "- ", "roman": "I", "article": "Điều 1. ",
        "footnote": "¹", "quote": "“", "paren": "(", "mixed": "ngày 1, tháng 2/3 năm 4; ",
    }


# Where ``long_line_text`` puts its line: after the line that starts with each of these.
PLACES = {"header": "SỞ NỘI VỤ", "number": "Số: 12", "title": "Về việc", "body": "Sở Nội vụ đề nghị",
          "recipients": "- Như trên", "signer": "GIÁM ĐỐC"}


def long_line_text(piece: str, chars: int = 4000, where: str = "body") -> str:
    """``LETTER`` with one extra line of ``piece`` repeated to ``chars`` characters, after the
    line that ``PLACES[where]`` starts (in the header block, the body, the closing…)."""
    line = (piece * (chars // max(1, len(piece)) + 1))[:chars]
    lines = LETTER.splitlines()
    at = next(i for i, text in enumerate(lines) if text.startswith(PLACES[where]))
    return "\n".join([*lines[:at + 1], line, *lines[at + 1:]]) + "\n"


def nul_every(text: str, every: int = 97) -> str:
    """``text`` with a NUL character inserted every ``every`` characters."""
    return "\0".join(text[i:i + every] for i in range(0, len(text), every))


def footnote_mark_text(digits: int = 5000) -> str:
    """``LETTER`` with two footnotes marked in superscript digits, "¹" and a number of ``digits``
    digits ("⁹⁹⁹…"), each referred to in the body."""
    mark = "⁹" * digits
    body = LETTER.replace("báo cáo trước", f"báo cáo¹ trước ngày 1/4/2026, hồ sơ{mark} gửi trước", 1)
    return (body + "____________________\n" + "¹ Theo Công văn số 5/SNV ngày 2/1/2026.\n"
            + f"{mark} Theo Kế hoạch số 7/KH-SNV ngày 3/1/2026.\n")


# ------------------------------------------------------------------ special files
def fifo(folder: Path, name: str = "fifo.txt") -> Path:
    """A named pipe called ``name``."""
    path = Path(folder) / name
    os.mkfifo(path)
    return path


def dev_zero_link(folder: Path) -> Path:
    """A link called ``zero.txt`` to ``/dev/zero``."""
    path = Path(folder) / "zero.txt"
    path.symlink_to("/dev/zero")
    return path


__all__ = [
    "LETTER",
    "adversarial_lines",
    "apng_frames",
    "blank_pages_pdf",
    "deflate_bomb",
    "deflate_bomb_pdf",
    "dev_zero_link",
    "document_xml",
    "docx_file",
    "docx_paragraphs",
    "docx_xml_bomb",
    "docx_xxe",
    "docx_zip_bomb",
    "fifo",
    "footnote_mark_text",
    "huge_mediabox_pdf",
    "huge_text_file",
    "long_line_text",
    "nul_every",
    "pages_counted_apart_pdf",
    "pdf_bytes",
    "pdf_file",
    "png_header_bomb",
    "scan_in_mode",
    "self_referencing_pages_pdf",
    "self_referencing_resources_pdf",
    "stream",
    "tiff_frames",
    "xobject_laughs_pdf",
]
