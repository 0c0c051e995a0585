"""DOCX as offices lay it out, on files written here with python-docx (fictional content): the
header in two floating text boxes (DrawingML with its VML fallback, read once), a two-block line
set with tabs, the first page's header (a draft mark) and footer (a page number), a signer block
in a table nested in a layout cell, a three-column layout table with an empty spacer column; and
the record read from such a file."""

from __future__ import annotations

from pathlib import Path

import pytest

import vndocx
from vndocx.ingest import read

from conftest import SAMPLES

NS = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
      'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
      'xmlns:v="urn:schemas-microsoft-com:vml"')
ISSUER = ["UBND TỈNH HÒA VÂN", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"]
MOTTO = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]


def _paragraphs(lines: list[str]) -> str:
    return "".join(f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r><w:t xml:space="preserve">{t}</w:t></w:r></w:p>'
                   for t in lines)


def _text_box(lines: list[str], offset: int, width: int, n: int):
    """A run holding a floating text box as Word writes it: DrawingML, and the same text again in
    its VML fallback."""
    from docx.oxml import parse_xml

    body = _paragraphs(lines)
    return parse_xml(
        f'<w:r {NS}><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>'
        f'<wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" relativeHeight="{n}" behindDoc="0" '
        f'locked="0" layoutInCell="1" allowOverlap="1"><wp:simplePos x="0" y="0"/>'
        f'<wp:positionH relativeFrom="margin"><wp:posOffset>{offset}</wp:posOffset></wp:positionH>'
        f'<wp:positionV relativeFrom="paragraph"><wp:posOffset>0</wp:posOffset></wp:positionV>'
        f'<wp:extent cx="{width}" cy="720000"/><wp:wrapNone/><wp:docPr id="{n}" name="Text Box {n}"/>'
        f'<a:graphic><a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">'
        f'<wps:wsp><wps:cNvSpPr txBox="1"/><wps:spPr/><wps:txbx><w:txbxContent>{body}</w:txbxContent></wps:txbx>'
        f'<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing></mc:Choice>'
        f'<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{body}</w:txbxContent></v:textbox></v:shape>'
        f'</w:pict></mc:Fallback></mc:AlternateContent></w:r>')


def _page_field(paragraph) -> None:
    from docx.oxml import parse_xml

    paragraph._p.append(parse_xml(f'<w:fldSimple {NS} w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'))


def _text_box_notice(path: Path) -> Path:
    """A Thông báo whose header stands in two text boxes, number and place-date on one tabbed line."""
    import docx
    from docx.shared import Cm

    document = docx.Document()
    section = document.sections[0]
    text_width = section.page_width - section.left_margin - section.right_margin
    anchor = document.add_paragraph()
    anchor._p.append(_text_box(ISSUER, 0, int(0.42 * text_width), 1))
    anchor._p.append(_text_box(MOTTO, int(0.48 * text_width), int(0.52 * text_width), 2))
    line = document.add_paragraph("Số: 31/TB-SGDĐT\t\tHòa Vân, ngày 12 tháng 5 năm 2026")
    line.paragraph_format.tab_stops.add_tab_stop(Cm(9))
    document.add_paragraph("THÔNG BÁO").alignment = 1
    document.add_paragraph("Về việc tổ chức kỳ thi học sinh giỏi cấp tỉnh năm 2026").alignment = 1
    document.add_paragraph("-\tCác trường trung học phổ thông gửi danh sách thí sinh về Sở trước ngày 30/5/2026.")
    document.add_paragraph("Sở Giáo dục và Đào tạo thông báo để các đơn vị biết, thực hiện./.")
    document.save(path)
    return path


def test_text_boxes_are_read_once_in_their_places(tmp_path: Path) -> None:
    (page,) = read(_text_box_notice(tmp_path / "notice.docx"))
    texts = [ln.text for ln in page.lines]
    for text in ISSUER + MOTTO:
        assert texts.count(text) == 1, (text, texts)  # not again from the VML fallback
    issuer = [ln for ln in page.lines if ln.text in ISSUER]
    motto = [ln for ln in page.lines if ln.text in MOTTO]
    assert all(ln.bbox[2] <= 0.5 for ln in issuer) and all(ln.bbox[0] >= 0.5 for ln in motto)
    assert [ln.bbox[1] for ln in issuer] == [ln.bbox[1] for ln in motto], "side by side, row for row"
    assert texts.index(ISSUER[0]) < texts.index("THÔNG BÁO")


def test_a_tabbed_two_block_line_is_two_positioned_blocks(tmp_path: Path) -> None:
    (page,) = read(_text_box_notice(tmp_path / "notice.docx"))
    number = next(ln for ln in page.lines if ln.text.startswith("Số:"))
    date = next(ln for ln in page.lines if ln.text.startswith("Hòa Vân, ngày"))
    assert number.text == "Số: 31/TB-SGDĐT" and date.text == "Hòa Vân, ngày 12 tháng 5 năm 2026"
    assert number.bbox[1] == date.bbox[1] and number.bbox[2] <= 0.5 <= date.bbox[0]
    item = next(ln for ln in page.lines if ln.text.startswith("-"))
    assert item.text.startswith("-\tCác trường") and item.bbox[:3:2] == (0.0, 1.0), "a list's tab is no column"


def test_record_from_text_boxes_and_tab_line(tmp_path: Path) -> None:
    doc = vndocx.extract(_text_box_notice(tmp_path / "notice.docx"))
    assert (doc.issuer, doc.parent_issuer) == ("SỞ GIÁO DỤC VÀ ĐÀO TẠO", "UBND TỈNH HÒA VÂN")
    assert (doc.number, doc.symbol, doc.place, str(doc.date)) == ("31", "TB-SGDĐT", "Hòa Vân", "2026-05-12")
    assert doc.doc_type == "Thông báo"


def test_sample_with_text_boxes_reads_its_issuer_once() -> None:
    import json

    gold = json.loads((SAMPLES / "gold" / "phenomena" / "docx_textbox.json").read_text(encoding="utf-8"))
    doc = vndocx.extract(SAMPLES / "phenomena" / "rendered" / "docx_textbox.docx")
    assert (doc.issuer, doc.parent_issuer) == (gold["issuer"], gold["parent_issuer"])
    assert (doc.number, str(doc.date)) == (gold["number"], gold["date"])


def test_first_page_header_and_footer_in_order_page_numbers_left_out(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    section = document.sections[0]
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "DỰ THẢO"
    section.header.paragraphs[0].text = "Bản in lại từ trang hai"
    _page_field(section.first_page_footer.paragraphs[0])
    section.first_page_footer.add_paragraph("Tài liệu lưu hành nội bộ")
    document.add_paragraph("UBND TỈNH HÒA VÂN")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tổ chức hội thao ngành năm 2026")
    path = tmp_path / "draft.docx"
    document.save(path)
    (page,) = read(path)
    texts = [ln.text for ln in page.lines]
    assert texts == ["DỰ THẢO", "UBND TỈNH HÒA VÂN", "KẾ HOẠCH", "Tổ chức hội thao ngành năm 2026",
                     "Tài liệu lưu hành nội bộ"]
    assert [ln.bbox[1] for ln in page.lines] == sorted(ln.bbox[1] for ln in page.lines)


def test_watermark_of_the_header_is_read(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    document = docx.Document()
    header = document.sections[0].header.paragraphs[0]
    header._p.append(parse_xml(f'<w:r {NS}><w:pict><v:shape><v:textpath string="DỰ THẢO"/></v:shape></w:pict></w:r>'))
    document.add_paragraph("THÔNG BÁO")
    path = tmp_path / "mark.docx"
    document.save(path)
    (page,) = read(path)
    assert [ln.text for ln in page.lines] == ["DỰ THẢO", "THÔNG BÁO"]


def test_signer_block_in_a_nested_table(tmp_path: Path) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("Các đơn vị triển khai thực hiện./.")
    closing = document.add_table(rows=1, cols=2)
    left, right = closing.cell(0, 0), closing.cell(0, 1)
    left.text = "Nơi nhận:\n- Như trên;\n- Lưu: VT."
    right.paragraphs[0].text = "TM. ỦY BAN NHÂN DÂN"
    nested = right.add_table(rows=2, cols=1)
    nested.cell(0, 0).text = "CHỦ TỊCH"
    nested.cell(1, 0).text = "Lò Văn Khiêm"
    data = document.add_table(rows=2, cols=3)
    for col, value in enumerate(["STT", "Nội dung", "Thời hạn"]):
        data.cell(0, col).text = value
    data.cell(1, 0).text = "1"
    inner = data.cell(1, 1).add_table(rows=1, cols=1)
    inner.cell(0, 0).text = "Sửa chữa phòng học"
    data.cell(1, 2).text = "30/6/2026"
    path = tmp_path / "closing.docx"
    document.save(path)
    (page,) = read(path)
    by_text = {ln.text: ln for ln in page.lines}
    block = ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lò Văn Khiêm"]
    assert [by_text[t].bbox[1] for t in block] == sorted(by_text[t].bbox[1] for t in block)
    assert all(by_text[t].bbox[0] >= 0.5 for t in block) and by_text["Nơi nhận:"].bbox[2] <= 0.5
    assert by_text["Nơi nhận:"].bbox[1] == by_text["TM. ỦY BAN NHÂN DÂN"].bbox[1]
    assert "Sửa chữa phòng học" in page.tables[0].rows[1][1]
    doc = vndocx.extract(path)
    assert doc.signer and doc.signer.name == "Lò Văn Khiêm" and doc.signer.title == "CHỦ TỊCH"


def test_joint_signatures_side_by_side_and_the_list_below_them(tmp_path: Path) -> None:
    # A joint circular: each minister's deputy signs "KT. BỘ TRƯỞNG" / whose ministry / title,
    # side by side in a layout table, empty paragraphs for the signature; Nơi nhận comes below.
    import docx

    document = docx.Document()
    document.add_paragraph("Điều 9. Các cơ quan, đơn vị chịu trách nhiệm thi hành Thông tư liên tịch này./.")
    signers = document.add_table(rows=1, cols=2)
    for cell, (ministry, name) in zip(signers.rows[0].cells, [("BỘ NỘI VỤ", "Đinh Văn Khải"),
                                                             ("BỘ TÀI CHÍNH", "Lương Thị Hoa")], strict=True):
        cell.text = f"KT. BỘ TRƯỞNG\n{ministry}\nTHỨ TRƯỞNG\n\n\n(đã ký)\n\n\n{name}"
    document.add_paragraph("")
    document.add_paragraph("Nơi nhận:")
    for item in ("- Thủ tướng, các Phó Thủ tướng Chính phủ;", "- UBND các tỉnh, thành phố trực thuộc Trung ương;",
                 "- Lưu: VT (BNV, BTC)."):
        document.add_paragraph(item)
    path = tmp_path / "joint.docx"
    document.save(path)
    doc = vndocx.extract(path)
    assert doc.distribution == ["Thủ tướng, các Phó Thủ tướng Chính phủ",
                                "UBND các tỉnh, thành phố trực thuộc Trung ương", "Lưu: VT (BNV, BTC)"]
    assert doc.signer is not None
    assert (doc.signer.authority, doc.signer.title, doc.signer.name) == (
        ["KT. BỘ TRƯỞNG BỘ TÀI CHÍNH"], "THỨ TRƯỞNG", "Lương Thị Hoa")


@pytest.mark.parametrize("middle", ["", "Ghi chú"])
def test_three_column_layout_table_with_a_spacer(tmp_path: Path, middle: str) -> None:
    import docx

    document = docx.Document()
    header = document.add_table(rows=2, cols=3)
    header.cell(0, 0).text = "SỞ Y TẾ"
    header.cell(0, 2).text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    header.cell(1, 0).text = "Số: 8/KH-SYT"
    header.cell(1, 1).text = middle
    header.cell(1, 2).text = "Hòa Vân, ngày 2 tháng 4 năm 2026"
    path = tmp_path / "header.docx"
    document.save(path)
    (page,) = read(path)
    if middle:  # text in all three columns: a data table
        assert page.tables and page.tables[0].rows[1] == ["Số: 8/KH-SYT", "Ghi chú", "Hòa Vân, ngày 2 tháng 4 năm 2026"]
        return
    assert not page.tables
    left = {ln.text: ln for ln in page.lines if ln.bbox[2] <= 0.5}
    right = {ln.text: ln for ln in page.lines if ln.bbox[0] >= 0.5}
    assert set(left) == {"SỞ Y TẾ", "Số: 8/KH-SYT"}
    assert set(right) == {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hòa Vân, ngày 2 tháng 4 năm 2026"}


def test_content_controls_are_read_and_a_table_of_contents_is_not(tmp_path: Path) -> None:
    import docx
    from docx.oxml import parse_xml

    def control(text: str, gallery: str | None = None):
        props = (f'<w:sdtPr><w:docPartObj><w:docPartGallery w:val="{gallery}"/></w:docPartObj></w:sdtPr>'
                 if gallery else "<w:sdtPr/>")
        return parse_xml(f'<w:sdt {NS}>{props}<w:sdtContent><w:p><w:r><w:t>{text}</w:t></w:r></w:p>'
                         f'</w:sdtContent></w:sdt>')

    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    body = document.element.body
    body.insert(1, control("1. Mục đích\t3", "Table of Contents"))
    body.insert(2, control("Số: 14/KH-UBND"))
    path = tmp_path / "controls.docx"
    document.save(path)
    (page,) = read(path)
    assert [ln.text for ln in page.lines] == ["KẾ HOẠCH", "Số: 14/KH-UBND"]


def test_a_leader_tab_to_a_number_is_no_second_block(tmp_path: Path) -> None:
    import docx
    from docx.shared import Cm

    document = docx.Document()
    line = document.add_paragraph("Kinh phí sửa chữa trường học\t120.000.000")
    line.paragraph_format.tab_stops.add_tab_stop(Cm(14))
    path = tmp_path / "amount.docx"
    document.save(path)
    (page,) = read(path)
    assert [ln.text for ln in page.lines] == ["Kinh phí sửa chữa trường học\t120.000.000"]


def test_word_automatic_numbering_is_written_out(tmp_path) -> None:
    """Paragraphs Word numbers itself (a numbered list style) carry their printed numbers."""
    import docx

    from vndocx.ingest.docx import read_docx

    document = docx.Document()
    document.add_paragraph("Lập danh sách thí sinh.", style="List Number")
    document.add_paragraph("Bố trí phòng thi.", style="List Number")
    document.add_paragraph("Ghi chú không đánh số.")
    path = tmp_path / "numbered.docx"
    document.save(str(path))
    texts = [line.text for line in read_docx(path)[0].lines]
    assert texts[:3] == ["1. Lập danh sách thí sinh.", "2. Bố trí phòng thi.", "Ghi chú không đánh số."]
