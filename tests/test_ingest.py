"""Readers on real files made here: text encodings, a text-layer PDF with a two-column
header, an encrypted and a corrupt PDF, DOCX paragraphs and tables, images through OCR,
and every error path naming the file and the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from vndocx.errors import CorruptFile, DecodeError, EmptyDocument, EncryptedFile, UnsupportedFormat
from vndocx.ingest import read

from conftest import need_font, need_tesseract

HEADER_LEFT = ["ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "SỞ TƯ PHÁP", "Số: 47/TB-STP"]
HEADER_RIGHT = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Lạc Sơn, ngày 3 tháng 2 năm 2026"]
BODY = "Sở Tư pháp đề nghị các phòng chuyên môn hoàn thành báo cáo trước ngày 20 tháng 2 năm 2026."


def make_pdf(path: Path, encrypt: str | None = None) -> Path:
    """A one-page A4 PDF with the two header columns side by side and one body line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt, invariant=1)
    c.setFont("Serif", 12)
    y = 800
    for left, right in zip(HEADER_LEFT, HEADER_RIGHT, strict=True):
        c.drawString(60, y, left)
        c.drawString(310, y, right)
        y -= 18
    c.drawString(60, 700, BODY[:70])
    c.drawString(60, 684, BODY[70:])
    c.save()
    return path


def test_utf8_and_utf16_text(tmp_path: Path) -> None:
    text = "THÔNG BÁO\nKết luận của Giám đốc Sở\f- Trang hai"
    (tmp_path / "a.txt").write_bytes(text.encode("utf-8"))
    (tmp_path / "b.txt").write_bytes(text.encode("utf-16"))  # with BOM
    (tmp_path / "c.md").write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    for name in ("a.txt", "b.txt", "c.md"):
        pages = read(tmp_path / name)
        assert [p.number for p in pages] == [1, 2]
        assert [ln.text for ln in pages[0].lines] == ["THÔNG BÁO", "Kết luận của Giám đốc Sở"]
        assert pages[1].lines[0].text == "- Trang hai"


def test_undecodable_text_names_file_and_byte(tmp_path: Path) -> None:
    path = tmp_path / "cp1258.txt"
    path.write_bytes("Kế hoạch".encode()[:3] + b"\xff\xfe\x80 abc")
    with pytest.raises(DecodeError) as err:
        read(path)
    assert str(path) in str(err.value) and "offset" in str(err.value)


@pytest.mark.parametrize(
    ("name", "content", "error", "words"),
    [
        ("empty.pdf", b"", EmptyDocument, "empty"),
        ("empty.txt", b"", EmptyDocument, "empty"),
        ("blank.txt", b"  \n\n \t\n", EmptyDocument, "no text"),
        ("tool.pdf", b"MZ\x90\x00\x03" + b"\x00" * 100, UnsupportedFormat, "Windows executable"),
        # read by its content, which is a damaged PNG: the error says both
        ("photo.docx", b"\x89PNG\r\n\x1a\n" + b"\x00" * 50, CorruptFile, "named .docx but the content is a PNG"),
        ("scan.png", b"not an image at all", UnsupportedFormat, "content"),
        ("old.doc", b"\xd0\xcf\x11\xe0", CorruptFile, "not a whole Word 97 file"),
        ("notes.xyz", b"hello", UnsupportedFormat, "unsupported file type"),
        ("cut.pdf", b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", CorruptFile, "not a readable PDF"),
        ("bad.docx", b"PK\x03\x04" + b"\x00" * 40, CorruptFile, "DOCX"),
    ],
)
def test_bad_files_raise_named_errors(tmp_path: Path, name, content, error, words) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(error) as err:
        read(path)
    assert str(err.value).startswith(str(path)) and words in str(err.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(Exception, match="file not found"):
        read(tmp_path / "nothing.txt")


def test_truncated_pdf_is_corrupt(tmp_path: Path) -> None:
    good = make_pdf(tmp_path / "good.pdf").read_bytes()
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(good[: len(good) // 3])
    with pytest.raises(CorruptFile, match=r"cut\.pdf"):
        read(cut)


def test_encrypted_pdf(tmp_path: Path) -> None:
    path = make_pdf(tmp_path / "locked.pdf", encrypt="mật-khẩu")
    with pytest.raises(EncryptedFile, match="password"):
        read(path)


def test_text_pdf_keeps_positions_and_splits_header_columns(tmp_path: Path) -> None:
    pages = read(make_pdf(tmp_path / "doc.pdf"))
    assert len(pages) == 1 and pages[0].kind == "pdf"
    lines = {ln.text: ln for ln in pages[0].lines}
    for left, right in zip(HEADER_LEFT, HEADER_RIGHT, strict=True):
        assert left in lines and right in lines, sorted(lines)
        assert lines[left].bbox[2] < lines[right].bbox[0]  # side by side, not merged
        assert abs(lines[left].bbox[1] - lines[right].bbox[1]) < 2
    assert all(ln.words and ln.bbox for ln in pages[0].lines)


def test_docx_paragraphs_layout_table_and_data_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    layout = document.add_table(rows=1, cols=2)
    layout.cell(0, 0).text = "SỞ TƯ PHÁP\nSố: 47/TB-STP"
    layout.cell(0, 1).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nLạc Sơn, ngày 3 tháng 2 năm 2026"
    document.add_paragraph("THÔNG BÁO")
    data = document.add_table(rows=2, cols=3)
    for col, value in enumerate(["STT", "Nhiệm vụ", "Thời hạn"]):
        data.cell(0, col).text = value
    for col, value in enumerate(["1", "Rà soát hồ sơ tồn đọng", "31/3/2026"]):
        data.cell(1, col).text = value
    document.add_paragraph("Nơi nhận:")
    path = tmp_path / "doc.docx"
    document.save(path)

    (page,) = read(path)
    texts = [ln.text for ln in page.lines]
    assert texts.index("SỞ TƯ PHÁP") < texts.index("THÔNG BÁO") < texts.index("Nơi nhận:")
    left = next(ln for ln in page.lines if ln.text == "SỞ TƯ PHÁP")
    right = next(ln for ln in page.lines if ln.text.startswith("CỘNG HÒA"))
    assert left.bbox[0] < 0.5 <= right.bbox[0] and left.bbox[1] == right.bbox[1]
    assert page.tables[0].rows[1] == ["1", "Rà soát hồ sơ tồn đọng", "31/3/2026"]
    assert "| 1 | Rà soát hồ sơ tồn đọng | 31/3/2026 |" in texts


def _render(lines: list[tuple[int, int, str]], size=(1400, 700), font_size: int = 30):
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(need_font()), font_size)
    image = Image.new("L", size, 255)
    draw = ImageDraw.Draw(image)
    for x, y, text in lines:
        draw.text((x, y), text, font=font, fill=0)
    return image


@pytest.mark.ocr
def test_png_and_multipage_tiff_through_ocr(tmp_path: Path) -> None:
    need_tesseract()
    header = [(60, 60 + 50 * i, left) for i, left in enumerate(HEADER_LEFT)]
    header += [(760, 60 + 50 * i, right) for i, right in enumerate(HEADER_RIGHT)]
    first = _render(header)
    second = _render([(60, 60, "Nơi nhận: Như trên; Lưu: VT.")])
    first.save(tmp_path / "p.png")
    first.save(tmp_path / "p.tiff", save_all=True, append_images=[second])

    (page,) = read(tmp_path / "p.png")
    assert page.kind == "ocr"
    texts = [ln.text for ln in page.lines]
    assert "SỞ TƯ PHÁP" in texts and "Số: 47/TB-STP" in texts, texts
    motto = next(ln for ln in page.lines if ln.text.startswith("CỘNG HÒA"))
    assert motto.bbox[0] > 700 and motto.conf is not None and motto.words[0].conf > 50

    pages = read(tmp_path / "p.tiff")
    assert [p.number for p in pages] == [1, 2]
    assert "Nơi nhận" in pages[1].lines[0].text


def test_pdf_footnote_marks_become_superscripts(tmp_path: Path) -> None:
    """A raised small digit after a word, and at the head of the note, reads as a
    superscript mark; a digit in the note's own (small) text stays a digit."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    path = tmp_path / "note.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Serif", 13)
    c.drawString(60, 700, "các cơ quan liên quan")
    width = pdfmetrics.stringWidth("các cơ quan liên quan", "Serif", 13)
    c.setFont("Serif", 8)
    c.drawString(60 + width, 706, "2")
    c.drawString(60, 106, "2")
    c.setFont("Serif", 10)
    c.drawString(60 + pdfmetrics.stringWidth("2", "Serif", 8), 100, "Công văn số 31 của Sở Tài chính")
    c.save()
    texts = [ln.text for ln in read(path)[0].lines]
    assert "các cơ quan liên quan²" in texts, texts
    assert "² Công văn số 31 của Sở Tài chính" in texts or "²Công văn số 31 của Sở Tài chính" in texts, texts


def _ruled_table(cells: list[list[str]], columns: list[int], top: int, row_height: int):
    from PIL import ImageDraw

    image = _render([(60, 40, "PHỤ LỤC TIẾN ĐỘ"), (60, top + row_height * len(cells) + 40, "Nơi nhận: Lưu VT.")],
                    size=(1400, top + row_height * len(cells) + 120))
    draw = ImageDraw.Draw(image)
    rows = [top + row_height * i for i in range(len(cells) + 1)]
    for y in rows:
        draw.line([(columns[0], y), (columns[-1], y)], fill=0, width=3)
    for x in columns:
        draw.line([(x, rows[0]), (x, rows[-1])], fill=0, width=3)
    from PIL import ImageFont

    font = ImageFont.truetype(str(need_font()), 30)
    for r, row in enumerate(cells):
        for c, text in enumerate(row):
            draw.text((columns[c] + 12, rows[r] + 15), text, font=font, fill=0)
    return image


@pytest.mark.parametrize("turn", [-1.7, -0.45, 0.0, 0.3, 0.62, 1.2])
def test_skew_of_a_turned_page_is_measured_to_a_twentieth_of_a_degree(turn: float) -> None:
    """An A4 page of 12-point text at 300 dpi turned by a known angle: the estimate undoes it
    (a square-on page stays 0)."""
    from vndocx.ingest.grid import estimate_skew

    page = _render([(240, 240 + 66 * i, (BODY * 2)[i * 7 % 40:][:75]) for i in range(45)], (2480, 3508), 42)
    turned = page.rotate(turn, resample=3, fillcolor=255)
    assert abs(estimate_skew(turned) + turn) <= 0.05


@pytest.mark.ocr
def test_signer_title_beside_the_distribution_list_stays_one_line(tmp_path: Path) -> None:
    """Accented and plain capitals of a signer's title have boxes of different heights; set
    between two rows of the Nơi nhận list, the title must still come out as one line."""
    need_tesseract()
    left = ["Nơi nhận:", "- Thường trực Tỉnh ủy (b/c);", "- Thường trực HĐND tỉnh (b/c);", "- Lưu: VT, KT."]
    rows = [(60, 60 + 52 * i, text) for i, text in enumerate(left)]
    rows += [(820, 100, "KT. CHỦ TỊCH"), (800, 180, "PHÓ CHỦ TỊCH"), (790, 330, "Hoàng Minh Khôi")]
    _render(rows, size=(1400, 420)).rotate(0.5, resample=3, fillcolor=255).save(tmp_path / "closing.png")
    (page,) = read(tmp_path / "closing.png")
    texts = [ln.text for ln in page.lines]
    assert "PHÓ CHỦ TỊCH" in texts and "- Thường trực HĐND tỉnh (b/c);" in texts, texts


@pytest.mark.ocr
def test_scanned_ruled_table_read_into_columns_by_its_rules(tmp_path: Path) -> None:
    """A skewed scan of a ruled task table: the rules give the column bands, every OCR word
    lands in its cell, and the rules are not read as letters."""
    need_tesseract()
    cells = [["STT", "Mã", "Nhiệm vụ", "Thời hạn"],
             ["1", "NV07", "Rà soát hồ sơ", "30/11/2025"],
             ["2", "NV08", "Tập huấn cán bộ", "15/12/2025"]]
    image = _ruled_table(cells, columns=[60, 170, 360, 900, 1300], top=120, row_height=80)
    image.rotate(-0.5, resample=3, fillcolor=255).save(tmp_path / "table.png")
    (page,) = read(tmp_path / "table.png")
    (table,) = page.tables
    assert table.rows == cells
    table_lines = [ln for ln in page.lines if ln.table == 0]
    assert [ln.row for ln in table_lines] == [0, 1, 2]
    assert table_lines[1].text == "| 1 | NV07 | Rà soát hồ sơ | 30/11/2025 |"
    assert page.lines[-1].text.startswith("Nơi nhận")


def test_docx_footnotes_keep_their_marks_and_notes() -> None:
    """Word keeps footnotes in their own part: the reference becomes a superscript mark in the
    sentence and the note follows the text under a rule, as the other readers give them."""
    path = Path(__file__).resolve().parents[1] / "samples" / "rendered" / "01_thong_bao_ket_luan.docx"
    if not path.exists():
        pytest.skip("samples/rendered is made by scripts/make_samples.py")
    (page,) = read(path)
    texts = [ln.text for ln in page.lines]
    assert any("Cổng Dịch vụ công quốc gia²;" in t for t in texts)
    rule = texts.index("_" * 20)
    assert texts[rule + 1].startswith("¹Theo số liệu tại Báo cáo số 352/BC-SKHCN")
    assert texts[rule + 2].startswith("²Lỗi đồng bộ")


@pytest.mark.ocr
def test_pdf_with_a_garbled_text_layer_is_ocred_from_its_image(tmp_path: Path) -> None:
    """An earlier OCR without Vietnamese data left an invisible text layer of damaged words
    over the scan: the layer is judged not Vietnamese and the page image is OCR'd instead."""
    need_tesseract()
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    lines = [(60, 60 + 50 * i, text) for i, text in enumerate([*HEADER_LEFT, BODY[:60], BODY[60:]])]
    image = _render(lines, size=(1400, 420))
    path = tmp_path / "ocred.pdf"
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.drawImage(ImageReader(image), 40, 842 - 40 - 252, width=840 * 0.6, height=252)
    layer = c.beginText(60, 700)
    layer.setTextRenderMode(3)  # invisible, as OCR layers are
    layer.setFont("Helvetica", 10)
    for _ in range(4):
        layer.textLine("S6 Tu phdp dé nghi cdc phdng chuyén mén hodn thdnh bdo cdo trudc ngdy 20 thdng 2")
    c.drawText(layer)
    c.save()

    (page,) = read(path)
    assert page.kind == "ocr"
    assert any("text layer unreadable" in w for w in page.warnings)
    assert any(ln.text.startswith("Sở Tư pháp đề nghị các phòng") for ln in page.lines)
