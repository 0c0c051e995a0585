"""Hostile inputs, written by code into a folder: every class of issue 15 (truncated,
bit-flipped, self-referencing and bomb PDFs; XML bombs and XXE in DOCX; huge and multi-frame
images; NUL and invalid bytes; huge lines and files; FIFOs, link loops, bad names), and the
runners that put them through ``vndocx extract`` and through ``vndocx.extract()`` in a child
process under an address-space limit, classifying what each gave.

``tests/test_hostile.py`` writes one representative case per class (``scale="test"``);
``benchmarks/hostile.py`` writes more sizes and variants (``scale="full"``).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import hostile_inputs as hi

ROOT = Path(__file__).resolve().parents[1]
PASSWD_MARK = "root:x:0:0"  # the first line of /etc/passwd on every Linux

NOTICE = """ỦY BAN NHÂN DÂN TỈNH LẠC SƠN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ KẾ HOẠCH VÀ ĐẦU TƯ       Độc lập - Tự do - Hạnh phúc
Số: {n}/TB-SKH       Lạc Sơn, ngày 9 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Giám đốc Sở tại cuộc họp giao ban quý I năm 2026

Giám đốc Sở yêu cầu:
1. Phòng Đăng ký kinh doanh:
- Chủ trì rà soát hồ sơ doanh nghiệp tạm ngừng, hoàn thành trước ngày 30 tháng 4 năm 2026.
2. Văn phòng Sở tổng hợp báo cáo, gửi trước ngày 15 tháng 5 năm 2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC



Trịnh Quang Vũ
"""


def notice(n: int) -> str:
    """A short fictional notice (số ``n``) that vndocx reads into a record with two tasks."""
    return NOTICE.format(n=n)


# ------------------------------------------------------------------------------------------
# PDF bytes written by hand


def pdf_bytes(objects: list[bytes], root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object ``i + 1`` is ``objects[i]`` (the bytes between ``obj`` and ``endobj``),
    with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % off for off in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, root, trailer_extra, xref)
    return bytes(out)


def stream(data: bytes, extra: bytes = b"", compress: bool = False) -> bytes:
    if compress:
        data = zlib.compress(data)
        extra += b" /Filter /FlateDecode"
    return b"<< /Length %d %s >>\nstream\n" % (len(data), extra) + data + b"\nendstream"


def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A text-layer PDF of ``lines`` (ASCII drawn in Helvetica) on each of ``pages`` pages."""
    ops = [b"BT /F1 11 Tf 60 780 Td 14 TL"]
    for line in lines:
        safe = line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + safe + b") '")
    ops.append(b"ET")
    content = stream(b"\n".join(ops))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               content]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    return pdf_bytes(objects)


def good_pdf(n: int = 1) -> bytes:
    return text_pdf(["THONG BAO", f"So: {n}/TB-SKH", "Giam doc So yeu cau:",
                     "1. Phong Dang ky kinh doanh ra soat ho so, hoan thanh truoc ngay 30/4/2026."])


def blank_pages_pdf(pages: int, box: tuple[int, int] = (595, 842)) -> bytes:
    """``pages`` blank pages of ``box`` points (each its own page object)."""
    kids = b" ".join(b"%d 0 R" % (3 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages)]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] >>" % box] * pages
    return pdf_bytes(objects)


def self_kids_pdf() -> bytes:
    """A page tree whose /Pages node lists itself as its kid."""
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"])


def self_resources_pdf() -> bytes:
    """A page drawing a form XObject whose resources are its own: it draws itself for ever."""
    form = stream(b"/X1 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources 4 0 R")
    return pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources 4 0 R /Contents 6 0 R >>",
                      b"<< /XObject << /X1 5 0 R >> >>", form, stream(b"/X1 Do")])


def laughs_pdf(depth: int = 9, fan: int = 10) -> bytes:
    """XObjects that nest like "billion laughs": form i draws form i+1 ``fan`` times."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /XObject << /X0 5 0 R >> >> "
               b"/Contents 4 0 R >>", stream(b"/X0 Do")]
    for level in range(depth):
        body = b" ".join([b"q 0.9 0 0 0.9 1 1 cm /X%d Do Q" % (level + 1)] * fan)
        objects.append(stream(body, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] "
                                    b"/Resources << /XObject << /X%d %d 0 R >> >>" % (level + 1, 6 + level)))
    objects.append(stream(b"0 0 1 1 re f", b"/Type /XObject /Subtype /Form /BBox [0 0 595 842]"))
    return pdf_bytes(objects)


def deflate_bomb(size: int) -> bytes:
    """zlib bytes that inflate to ``size`` zero bytes (about size / 1000 bytes)."""
    packer = zlib.compressobj(9)
    block = bytes(1 << 20)
    parts = [packer.compress(block) for _ in range(size >> 20)]
    return b"".join(parts) + packer.flush()


def bomb_pdf(size: int, where: str) -> bytes:
    """A text PDF carrying a deflate stream that inflates to ``size`` bytes: in its /Metadata
    (``"metadata"``), in an object nothing uses (``"unused"``) or as the page content (``"content"``)."""
    data = deflate_bomb(size)
    bomb = b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (
        len(data), b"/Type /Metadata /Subtype /XML " if where == "metadata" else b"") + data + b"\nendstream"
    content = stream(b"BT /F1 11 Tf 60 780 Td (THONG BAO So 7/TB-SKH) Tj ET")
    page_contents = b"6 0 R" if where == "content" else b"4 0 R"
    catalog = b"<< /Type /Catalog /Pages 2 0 R /Metadata 6 0 R >>" if where == "metadata" else \
        b"<< /Type /Catalog /Pages 2 0 R >>"
    return pdf_bytes([catalog, b"<< /Type /Pages /Kids [5 0 R] /Count 1 >>",
                      b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", content,
                      b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                      b"/Contents %s >>" % page_contents, bomb])


def encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf(3))))
    writer.encrypt("mật-khẩu", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bit_flipped(data: bytes, share: float, seed: int) -> bytes:
    """``data`` with one bit flipped in ``share`` of its bytes (the first 16 kept, so it still
    says it is a PDF)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, int(len(out) * share))):
        at = rng.randrange(16, len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


# ------------------------------------------------------------------------------------------
# DOCX parts written by hand

_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                  '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                  '<Default Extension="xml" ContentType="application/xml"/>'
                  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                  'officedocument.wordprocessingml.document.main+xml"/></Types>')
_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
         '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
         'officeDocument" Target="word/document.xml"/></Relationships>')
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(document_xml: str | bytes, compress_level: int = 6) -> bytes:
    """A DOCX (zip) whose ``word/document.xml`` is ``document_xml``."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compress_level) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        zf.writestr("word/document.xml", document_xml)
    return buffer.getvalue()


def paragraphs_xml(texts: list[str], doctype: str = "") -> str:
    body = "".join(f"<w:p><w:r><w:t>{t}</w:t></w:r></w:p>" for t in texts)
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{doctype}'
            f'<w:document xmlns:w="{_W}"><w:body>{body}</w:body></w:document>')


def good_docx(n: int) -> bytes:
    return docx_bytes(paragraphs_xml(notice(n).splitlines()))


def xxe_docx() -> bytes:
    doctype = '<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return docx_bytes(paragraphs_xml([*notice(41).splitlines()[:6], "Ghi chú: &xxe;"], doctype))


def laughs_docx(levels: int = 9) -> bytes:
    entities = '<!ENTITY lol0 "lolololololololololo">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, levels + 1))
    return docx_bytes(paragraphs_xml(["THÔNG BÁO", f"&lol{levels};"], f"<!DOCTYPE w:document [{entities}]>"))


def many_paragraphs_docx(count: int) -> bytes:
    return docx_bytes(paragraphs_xml(["THÔNG BÁO", *(f"Đoạn {i}." for i in range(count))]))


def zip_bomb_docx(size: int) -> bytes:
    """A DOCX whose document.xml inflates to ``size`` bytes of spaces inside one paragraph."""
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_W}"><w:body><w:p><w:r><w:t>'
    tail = "</w:t></w:r></w:p></w:body></w:document>"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", _CONTENT_TYPES)
        zf.writestr("_rels/.rels", _RELS)
        with zf.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(head.encode())
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                part.write(block)
            part.write(tail.encode())
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------
# Images


def png_claiming(width: int, height: int, bit_depth: int = 8, colour: int = 0) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels, with one tiny IDAT."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    ihdr = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([bit_depth, colour, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def frames_image(fmt: str, frames: int, size: tuple[int, int]) -> bytes:
    """A multi-frame TIFF or APNG of ``frames`` white frames of ``size`` pixels."""
    from PIL import Image

    first = Image.new("L", size, 255)
    rest = [Image.new("L", size, 255 - (i % 2)) for i in range(frames - 1)]
    buffer = io.BytesIO()
    if fmt == "tiff":
        first.save(buffer, "TIFF", save_all=True, append_images=rest, compression="tiff_adobe_deflate")
    else:
        first.save(buffer, "PNG", save_all=True, append_images=rest, default_image=False)
    return buffer.getvalue()


def grey16_png() -> bytes:
    """A 16-bit greyscale PNG scan of a few lines of a notice."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1240, 500), 255)
    draw = ImageDraw.Draw(page)
    font_path = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    font = ImageFont.truetype(str(font_path), 34) if font_path.exists() else ImageFont.load_default()
    for row, text in enumerate(notice(52).splitlines()[3:9]):
        draw.text((40, 30 + row * 60), text, fill=0, font=font)
    wide = (np.asarray(page, dtype=np.uint16) * 257).astype(">u2")
    image = Image.frombytes("I;16B", page.size, wide.tobytes())
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------
# The corpus


@dataclass(frozen=True)
class Case:
    """One hostile input: its file name, its class, and how to make it (``make(path)``)."""

    name: str
    category: str
    make: Callable[[Path], None]
    good: bool = False  # a normal document: it must get its record


def _bytes(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data())


def _text(data: Callable[[], str]) -> Callable[[Path], None]:
    return lambda path: path.write_text(data(), encoding="utf-8")


def _sparse(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        with path.open("wb") as handle:
            handle.write(notice(60).encode())
            handle.truncate(size)  # a hole: no disk used

    return make


def _huge_text(size: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        block = (notice(61) * 50).encode()
        with path.open("wb") as handle:
            for _ in range(size // len(block) + 1):
                handle.write(block)

    return make


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _loop(path: Path) -> None:
    path.mkdir()
    (path / "note.txt").write_text(notice(70), encoding="utf-8")
    (path / "again").symlink_to(".")  # the folder links to itself


def _date_line(n: int) -> str:
    return notice(80).replace("Lạc Sơn, ngày 9 tháng 3 năm 2026",
                              "Lạc Sơn, ngày " + "9 tháng 3 " * (n // 10) + "năm")


def _footnote(digits: int) -> str:
    return notice(81).replace("Nơi nhận:", "9" * digits + " Theo văn bản số 12/UBND.\nNơi nhận:")


def _nul_every(step: int) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        text = notice(82)
        path.write_text("\0".join(text[i:i + step] for i in range(0, len(text), step)), encoding="utf-8")

    return make


def _invalid_bytes(path: Path) -> None:
    rng = random.Random(7)
    path.write_bytes(notice(83).encode() + bytes(rng.randrange(128, 256) for _ in range(4000)))


def _truncated(share: float) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = good_pdf(90)
        path.write_bytes(data[:int(len(data) * share)])

    return make


def cases(scale: str = "test") -> list[Case]:
    """The hostile cases (and a few good documents) at ``scale`` "test" (one per class, small)
    or "full" (more sizes and variants, for ``benchmarks/hostile.py``)."""
    full = scale == "full"
    mb = 1 << 20
    found = [
        Case("good_1.txt", "good", _text(lambda: notice(1)), good=True),
        Case("good_2.docx", "good", _bytes(lambda: good_docx(2)), good=True),
        Case("good_3.pdf", "good", _bytes(lambda: good_pdf(3)), good=True),
        Case(os.fsdecode(b"good_\xff\xfe_4.txt"), "bad name", _text(lambda: notice(4)), good=True),
        Case("pdf_truncated_half.pdf", "truncated pdf", _truncated(0.5)),
        Case("pdf_bitflip_1.pdf", "bit-flipped pdf", _bytes(lambda: bit_flipped(good_pdf(91), 0.01, 1))),
        Case("pdf_self_kids.pdf", "self-referencing pdf", _bytes(self_kids_pdf)),
        Case("pdf_self_resources.pdf", "self-referencing pdf", _bytes(self_resources_pdf)),
        Case("pdf_laughs.pdf", "xobject laughs pdf", _bytes(laughs_pdf)),
        Case("pdf_bomb_metadata.pdf", "deflate bomb pdf", _bytes(lambda: bomb_pdf(256 * mb, "metadata"))),
        Case("pdf_bomb_content.pdf", "deflate bomb pdf", _bytes(lambda: bomb_pdf(256 * mb, "content"))),
        Case("pdf_5000_pages.pdf", "many pages pdf", _bytes(lambda: blank_pages_pdf(5000))),
        Case("pdf_huge_mediabox.pdf", "huge page pdf", _bytes(lambda: blank_pages_pdf(20, (14400, 14400)))),
        Case("pdf_encrypted.pdf", "encrypted pdf", _bytes(encrypted_pdf)),
        Case("docx_xxe.docx", "xxe docx", _bytes(xxe_docx)),
        Case("docx_laughs.docx", "xml bomb docx", _bytes(laughs_docx)),
        Case("docx_100k_paragraphs.docx", "many paragraphs docx", _bytes(lambda: many_paragraphs_docx(100_000))),
        Case("docx_zip_bomb.docx", "zip bomb docx", _bytes(lambda: zip_bomb_docx(256 * mb))),
        Case("png_60k_square.png", "huge image", _bytes(lambda: png_claiming(60_000, 60_000))),
        Case("tiff_600_frames.tiff", "multi-frame image", _bytes(lambda: frames_image("tiff", 600, (64, 64)))),
        Case("apng_600_frames.png", "multi-frame image", _bytes(lambda: frames_image("png", 600, (64, 64)))),
        Case("png_grey16.png", "16-bit image", _bytes(grey16_png)),
        Case("text_nul_every_97.txt", "nul bytes", _nul_every(97)),
        Case("text_invalid_bytes.txt", "invalid bytes", _invalid_bytes),
        Case("text_date_line_4000.txt", "huge line", _text(lambda: _date_line(4000))),
        Case("text_footnote_5000_digits.txt", "huge number", _text(lambda: _footnote(5000))),
        Case("text_line_200k.txt", "huge line", _text(lambda: notice(84) + "a " * 100_000 + "\n")),
        # the parsers' own pieces repeated into long lines (tests/hostile_inputs.py, the library side's)
        *(Case(f"text_line_{piece}.txt", "huge line", _text(lambda piece=piece: hi.long_line_text(
            hi.adversarial_lines()[piece], 4000, "body"))) for piece in ("place_date", "mixed", "digits")),
        Case("text_superscript_mark_5000.txt", "huge number", _text(lambda: hi.footnote_mark_text(5000))),
        Case("text_sparse_1g.txt", "huge file", _sparse(1 << 30)),
        Case("text_empty.txt", "empty", _bytes(lambda: b"")),
        Case("fifo.txt", "fifo", _fifo),
        Case("zero.txt", "device link", _link("/dev/zero")),
        Case("dangling.pdf", "dangling link", _link("nowhere/missing.pdf")),
        Case("loop", "link loop", _loop),
        Case("text_named_docx.docx", "mislabelled", _text(lambda: notice(1))),  # good_1.txt's bytes
    ]
    if full:
        found += [
            Case("good_5.txt", "good", _text(lambda: notice(5)), good=True),
            Case("pdf_truncated_90.pdf", "truncated pdf", _truncated(0.9)),
            Case("pdf_truncated_10.pdf", "truncated pdf", _truncated(0.1)),
            *(Case(f"pdf_bitflip_{seed}.pdf", "bit-flipped pdf",
                   _bytes(lambda seed=seed: bit_flipped(good_pdf(92), 0.02, seed))) for seed in range(2, 12)),
            Case("pdf_bomb_unused.pdf", "deflate bomb pdf", _bytes(lambda: bomb_pdf(1024 * mb, "unused"))),
            Case("pdf_bomb_metadata_1g.pdf", "deflate bomb pdf", _bytes(lambda: bomb_pdf(1024 * mb, "metadata"))),
            Case("pdf_laughs_12.pdf", "xobject laughs pdf", _bytes(lambda: laughs_pdf(12, 10))),
            Case("pdf_2000_pages.pdf", "many pages pdf", _bytes(lambda: blank_pages_pdf(2000))),
            Case("pdf_20000_pages.pdf", "many pages pdf", _bytes(lambda: blank_pages_pdf(20000))),
            Case("pdf_text_1500_pages.pdf", "many pages pdf",
                 _bytes(lambda: text_pdf(["THONG BAO", "Trang noi dung."], pages=1500))),
            Case("pdf_mediabox_3390.pdf", "huge page pdf", _bytes(lambda: blank_pages_pdf(20, (3390, 3390)))),
            Case("docx_laughs_12.docx", "xml bomb docx", _bytes(lambda: laughs_docx(12))),
            Case("docx_300k_paragraphs.docx", "many paragraphs docx",
                 _bytes(lambda: many_paragraphs_docx(300_000))),
            Case("docx_zip_bomb_2g.docx", "zip bomb docx", _bytes(lambda: zip_bomb_docx(2048 * mb))),
            Case("png_16bit_claiming_30k.png", "huge image", _bytes(lambda: png_claiming(30_000, 30_000, 16, 0))),
            Case("png_rgba_claiming_20k.png", "huge image", _bytes(lambda: png_claiming(20_000, 20_000, 8, 6))),
            Case("tiff_2000_frames.tiff", "multi-frame image", _bytes(lambda: frames_image("tiff", 2000, (64, 64)))),
            Case("tiff_40_a4_frames.tiff", "multi-frame image",
                 _bytes(lambda: frames_image("tiff", 40, (2480, 3508)))),
            Case("apng_1000_frames.png", "multi-frame image", _bytes(lambda: frames_image("png", 1000, (64, 64)))),
            Case("text_nul_every_7.txt", "nul bytes", _nul_every(7)),
            *(Case(f"text_line_{piece}_{where}.txt", "huge line", _text(
                lambda piece=piece, where=where: hi.long_line_text(hi.adversarial_lines()[piece], 20_000, where)))
              for piece in hi.adversarial_lines() for where in ("header", "body", "signer")),
            Case("text_superscript_mark_50000.txt", "huge number", _text(lambda: hi.footnote_mark_text(50_000))),
            Case("text_date_line_20000.txt", "huge line", _text(lambda: _date_line(20000))),
            Case("text_footnote_50000_digits.txt", "huge number", _text(lambda: _footnote(50000))),
            Case("text_line_2m.txt", "huge line", _text(lambda: notice(85) + "ngày 1 " * 300_000 + "\n")),
            Case("text_300mb.txt", "huge file", _huge_text(300 * mb)),
            Case("text_sparse_4g.txt", "huge file", _sparse(4 << 30)),
            Case("zero.pdf", "device link", _link("/dev/zero")),
            Case("urandom.docx", "device link", _link("/dev/urandom")),
            Case("fifo.pdf", "fifo", _fifo),
            Case("self_link.txt", "link loop", _link("self_link.txt")),
            Case(os.fsdecode(b"\xc3(\xa0\xa1.pdf"), "bad name", _bytes(lambda: good_pdf(6)), good=True),
        ]
    return found


def write_corpus(folder: Path, scale: str = "test") -> list[Case]:
    """Write the cases into ``folder`` (made if missing); returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = cases(scale)
    for case in written:
        case.make(folder / case.name)
    return written


# ------------------------------------------------------------------------------------------
# Runners


@dataclass
class Result:
    """What one input gave: ``outcome`` is "record", "named error", "hang", "crash" or
    "traceback" (an exception that is not one of vndocx's named errors); ``max_rss_mb`` is the
    peak memory of the process that called ``vndocx.extract()`` (so far, when one process read
    several; the library's reader child is not counted)."""

    name: str
    outcome: str
    detail: str = ""
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    text: str = field(default="", repr=False)


_LIBRARY_RUNNER = r"""
import json, os, resource, signal, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]) << 20, resource.RLIM_INFINITY))
import vndocx
from vndocx.errors import VndocxError
class Hang(BaseException):
    pass
def alarm(*_):
    raise Hang
signal.signal(signal.SIGALRM, alarm)
timeout = float(sys.argv[2])
for name in sys.argv[3:]:
    path = os.fsdecode(bytes.fromhex(name))
    print(json.dumps({"start": name}), flush=True)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        doc = vndocx.extract(path)
        out = {"outcome": "record", "detail": "", "text": doc.text[:200000] + json.dumps(doc.model_dump())}
    except VndocxError as err:
        out = {"outcome": "named error", "detail": type(err).__name__ + ": " + err.reason, "text": str(err)}
    except Hang:
        out = {"outcome": "hang", "detail": f"still running after {timeout:g} s"}
    except MemoryError:
        out = {"outcome": "crash", "detail": "MemoryError"}
    except BaseException as err:
        out = {"outcome": "traceback", "detail": f"{type(err).__name__}: {err}"[:300]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out["seconds"] = time.perf_counter() - start
    out["name"] = name
    # VmHWM: the peak of this process since its exec (ru_maxrss keeps the forking parent's)
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    out["rss_mb"] = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps(out, ensure_ascii=True), flush=True)
"""


def _pump(stream: IO[bytes], put: Callable[[bytes | None], object]) -> None:
    """Hand each line of ``stream`` to ``put``, then None at its end."""
    for line in stream:
        put(line)
    put(None)


def run_library(paths: list[Path], memory_mb: int = 1024, timeout: float = 20.0,
                one_process_each: bool = False, src: Path = ROOT / "src") -> dict[str, Result]:
    """``vndocx.extract()`` on each path in a child Python process capped at ``memory_mb`` of
    address space; a file still running after ``timeout`` s is a "hang" (the child's alarm
    stops it, or, stuck in native code, the child is killed 5 s later), a child that dies a
    "crash"; the next file goes on in a fresh child. With ``one_process_each`` every file gets
    its own child, so ``max_rss_mb`` is that file's. ``src``: the vndocx sources to run. Keys
    are the file names."""
    import queue
    import threading

    results: dict[str, Result] = {}
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_THREAD_LIMIT": "1"}
    pending = [os.fsencode(p).hex() for p in paths]

    def name_of(hexed: str) -> str:
        return Path(os.fsdecode(bytes.fromhex(hexed))).name

    while pending:
        batch = pending[:1] if one_process_each else pending
        proc = subprocess.Popen([sys.executable, "-c", _LIBRARY_RUNNER, str(memory_mb), str(timeout), *batch],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        lines: queue.Queue = queue.Queue()
        stderr: list[bytes] = []
        threading.Thread(target=_pump, args=(proc.stdout, lines.put), daemon=True).start()
        threading.Thread(target=_pump, args=(proc.stderr, stderr.append), daemon=True).start()
        current, started, done, killed = None, time.perf_counter(), set(), False
        deadline = time.monotonic() + 120  # start-up: imports
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                proc.kill()
                killed = True
                continue
            if line is None:
                break
            entry = json.loads(line)
            if "start" in entry:
                current, started = entry["start"], time.perf_counter()
                deadline = time.monotonic() + timeout + 5
                continue
            results[name_of(entry["name"])] = Result(name_of(entry["name"]), entry["outcome"], entry["detail"],
                                                     entry["seconds"], entry["rss_mb"], text=entry.get("text", ""))
            done.add(entry["name"])
            current = None
        proc.wait()
        if current is not None:
            tail = b"".join(x for x in stderr if x).decode("utf-8", "replace")[-300:]
            outcome, detail = ("hang", f"stuck in native code after {timeout:g} s; killed") if killed else \
                ("crash", f"the process died (exit {proc.returncode}): {tail}")
            results[name_of(current)] = Result(name_of(current), outcome, detail, time.perf_counter() - started)
            done.add(current)
        elif not done:
            raise RuntimeError(f"the library runner did not start: {b''.join(x for x in stderr if x).decode('utf-8', 'replace')}")
        pending = [n for n in pending if n not in done]
    return results


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (links not followed) with its size and mtime."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            found[os.path.relpath(path, folder)] = (info.st_size, info.st_mtime_ns)
    return found


@dataclass
class CliRun:
    """One ``vndocx extract`` over a folder: exit code, stderr, wall time, and what it wrote."""

    code: int
    stderr: str
    seconds: float
    records: dict[str, dict]
    errors: dict[str, str]


def run_cli(inputs: list[Path], out: Path, *args: str, timeout: float = 600, tmpdir: Path | None = None,
            src: Path = ROOT / "src") -> CliRun:
    """``vndocx extract INPUTS -o OUT ARGS`` in a subprocess (the vndocx of ``src``, temporary
    files in ``tmpdir``); records and errors by file name. A run past ``timeout`` is killed
    (code -9)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vndocx.cli", "extract", *map(os.fsencode, inputs), "-o",
                             str(out), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmpdir,
                            start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    records = {}
    if out.is_file():
        for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # an invalid line in the output: the file counts as lost
            records[Path(record["source"]).name] = record
    errors = {}
    errors_file = out.with_name(f"{out.stem}.errors.jsonl")
    if errors_file.is_file():
        for line in errors_file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            errors[Path(entry["source"]).name] = entry["error"]
    return CliRun(proc.returncode, stderr.decode("utf-8", "replace"), seconds, records, errors)


BAD_CLI_ERRORS = ("timed out", "internal error", "the worker process died", "out of memory")


def cli_outcome(name: str, run: CliRun) -> Result:
    """Classify one file of a CLI run: "record", "named error", or what went wrong ("hang" for
    a time limit reached, "crash" for a dead worker or out of memory, "traceback" for an
    internal error, "lost" when the file is in neither the output nor the errors file)."""
    if name in run.records:
        return Result(name, "record", text=json.dumps(run.records[name], ensure_ascii=False))
    error = run.errors.get(name)
    if error is None:
        return Result(name, "lost", "neither in the output nor in the errors file")
    if error.startswith("timed out"):
        return Result(name, "hang", error)
    if error.startswith("internal error"):
        return Result(name, "traceback", error)
    if error.startswith(BAD_CLI_ERRORS):
        return Result(name, "crash", error)
    return Result(name, "named error", error)


def shown_name(name: str) -> str:
    """The name as vndocx shows it (bytes that are not UTF-8 escaped as ``\\xff``)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
