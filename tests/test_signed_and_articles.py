"""Signed PDFs (number and day in form-field widgets, the signature dictionary, the printed stamp)
and decisions' articles, on the project's own phenomenon samples (samples/phenomena/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vndocx
from vndocx.extraction.signature import stamp_signature
from vndocx.ingest import read
from vndocx.ingest.widgets import pdf_date

ROOT = Path(__file__).resolve().parents[1]
PHENOMENA = ROOT / "samples" / "phenomena"
GOLD = ROOT / "samples" / "gold" / "phenomena"


def gold(name: str) -> dict:
    return json.loads((GOLD / f"{name}.json").read_text("utf-8"))


def test_widget_values_are_read_into_their_lines() -> None:
    texts = [line.text for line in read(PHENOMENA / "rendered" / "signed_pdf.pdf")[0].lines]
    assert any(t.replace(" ", "").startswith("Số:312/UBND-KT") for t in texts), texts[:8]
    assert "Lạc Sơn, ngày 14 tháng 3 năm 2026" in texts


def test_signed_pdf_record_has_number_date_and_signature_and_no_stamp_in_fields() -> None:
    want = gold("signed_pdf")
    doc = vndocx.extract(PHENOMENA / "rendered" / "signed_pdf.pdf")
    assert (doc.number, doc.symbol, doc.date) == (want["number"], want["symbol"], want["date"])
    assert doc.signature is not None
    assert doc.signature.signed_by == want["signature"]["signed_by"]
    assert doc.signature.signed_at == want["signature"]["signed_at"]
    assert "Ký bởi" in (doc.signature.raw or "")
    fields = json.dumps([doc.issuer, doc.distribution, doc.signer.model_dump() if doc.signer else None],
                        ensure_ascii=False)
    assert "Ký bởi" not in fields and "Thời gian ký" not in fields


def test_a_pdf_with_bytes_before_its_header_is_read(tmp_path: Path) -> None:
    path = tmp_path / "mailed.pdf"
    path.write_bytes(b"\x00\x17garbage from a mail gateway\n" + (PHENOMENA / "rendered" / "signed_pdf.pdf").read_bytes())
    assert vndocx.extract(path).number == "312"


@pytest.mark.parametrize(("text", "by", "at"), [
    ("Ký bởi: Ủy ban nhân dân tỉnh Lạc Sơn Thời gian ký: 14.03.2026 09:12:30 +07:00",
     "Ủy ban nhân dân tỉnh Lạc Sơn", "2026-03-14T09:12:30+07:00"),
    ("Người ký: Sở Y tế Email: vanthu@syt.lacson.gov.vn Cơ quan: Tỉnh Lạc Sơn Thời gian ký: 03.01.2026 15:20:11 +07:00",
     "Sở Y tế", "2026-01-03T15:20:11+07:00"),
    ("Ký bởi: Văn phòng", "Văn phòng", None),
    ("SAO Y; ỦY BAN NHÂN DÂN TỈNH LẠC SƠN: Thời gian ký: 2026-03-14T09:12:30+07:00",  # a copy's stamp, ISO time
     "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "2026-03-14T09:12:30+07:00"),
])
def test_printed_stamps(text: str, by: str, at: str | None) -> None:
    found = stamp_signature(text)
    assert (found.signed_by, found.signed_at) == (by, at)


@pytest.mark.parametrize(("raw", "iso"), [
    ("D:20260314091230+07'00'", "2026-03-14T09:12:30+07:00"),
    ("D:20260314021230Z", "2026-03-14T02:12:30+00:00"),
    ("D:20260314", "2026-03-14T00:00:00"),
    ("yesterday", None),
])
def test_pdf_dates(raw: str, iso: str | None) -> None:
    assert pdf_date(raw) == iso


def test_execution_article_is_one_task_with_every_body_it_names() -> None:
    want = next(t for t in gold("quyet_dinh_articles")["tasks"] if "thi hành" in t["text"])
    doc = vndocx.extract(PHENOMENA / "quyet_dinh_articles.txt")
    got = [t for t in doc.tasks if "thi hành" in t.text]
    assert len(got) == 1
    assert got[0].owner == want["owner"]
    assert got[0].co_owners == want["co_owners"]


def test_effect_and_decision_articles_are_not_tasks() -> None:
    doc = vndocx.extract_text(
        "QUYẾT ĐỊNH\nVề việc ban hành Quy chế làm việc\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế làm việc.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ và Thủ trưởng các cơ quan, đơn vị có "
        "liên quan chịu trách nhiệm thi hành Quyết định này./.\n")
    assert [(t.owner, t.co_owners) for t in doc.tasks] == [("Chánh Văn phòng Ủy ban nhân dân tỉnh",
                                                            ["Giám đốc Sở Nội vụ"])]


def test_type_name_that_opens_the_title_line() -> None:
    doc = vndocx.extract_text("ỦY BAN NHÂN DÂN TỈNH LẠC SƠN\n\nCHƯƠNG TRÌNH CÔNG TÁC THÁNG 3 NĂM 2026\n"
                              "CỦA ỦY BAN NHÂN DÂN TỈNH\n\n1. Các công việc cần tập trung chỉ đạo:\n")
    assert doc.doc_type == "Chương trình"
    assert doc.issuer == "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN"
    assert doc.subject == "CÔNG TÁC THÁNG 3 NĂM 2026 CỦA ỦY BAN NHÂN DÂN TỈNH"


LETTER = ("SỞ NỘI VỤ\nSố: 57/SNV-CCVC\nV/v rà soát vị trí việc làm\n\nKính gửi:\n- Sở Tài chính;\n- Sở Y tế.\n\n"
          "{body}\n\nNơi nhận:\n- Như trên;\n- Lưu: VT.\n\nGIÁM ĐỐC\n\n\n\nNguyễn Văn An\n")


@pytest.mark.parametrize(("body", "want"), [
    ("Thực hiện chỉ đạo của tỉnh, Ủy ban nhân dân tỉnh giao Sở Tài chính chủ trì, phối hợp với Sở Y tế rà soát "
     "định mức biên chế, báo cáo trước ngày 20/5/2026.", [("Sở Tài chính", ["Sở Y tế"], "2026-05-20")]),
    ("Đề nghị Quý cơ quan cử 01 công chức làm đầu mối và gửi danh sách trước ngày 10/5/2026.",
     [("Sở Tài chính", ["Sở Y tế"], "2026-05-10")]),
    ("Sở Y tế có trách nhiệm cập nhật số liệu lên phần mềm quản lý.", [("Sở Y tế", [], None)]),
    ("Theo đề nghị của Giám đốc Sở Tài chính, Sở Nội vụ đã tổng hợp số liệu.", []),
    ("Năm 2025, Ủy ban nhân dân tỉnh đã giao Sở Y tế rà soát vị trí việc làm.", []),
    ("Sở Nội vụ sẽ tổ chức hội nghị hướng dẫn vào ngày 15/5/2026.", []),
    ("Kính đề nghị Quý cơ quan quan tâm, phối hợp thực hiện./.", []),
    ("Sở Nội vụ đã tổng hợp tình hình thực hiện các nhiệm vụ giao cho các cơ quan, địa phương.", []),
])
def test_assignments_inside_a_paragraph(body: str, want: list) -> None:
    doc = vndocx.extract_text(LETTER.format(body=body))
    got = [(t.owner, t.co_owners, t.deadline.date if t.deadline else None) for t in doc.tasks]
    assert got == want


def test_one_paragraph_letter_sample() -> None:
    want = gold("cong_van_paragraph")["tasks"]
    doc = vndocx.extract(PHENOMENA / "cong_van_paragraph.txt")
    assert [(t.owner, t.co_owners) for t in doc.tasks] == [(t["owner"], t["co_owners"]) for t in want]
    assert [t.deadline.date if t.deadline else None for t in doc.tasks] == \
        [t["deadline"]["date"] if t["deadline"] else None for t in want]


@pytest.mark.parametrize(("mark", "urgency", "confidentiality"), [
    ("HỎA TỐC", "Hỏa tốc", None), ("THƯỢNG KHẨN", "Thượng khẩn", None), ("KHẨN", "Khẩn", None),
    ("MẬT", None, "Mật"), ("TỐI MẬT", None, "Tối mật"), ("- Khẩn -", None, None),
])
def test_urgency_and_confidentiality_marks_are_fields_not_issuer(mark: str, urgency, confidentiality) -> None:
    doc = vndocx.extract_text(f"SỞ Y TẾ\nSố: 171/SYT-NVY\n{mark}\nV/v tiêm chủng mở rộng\n\nKính gửi: Các bệnh viện.\n\n"
                              "Đề nghị các bệnh viện báo cáo trước ngày 05/01/2026.\n")
    assert (doc.urgency, doc.confidentiality) == (urgency, confidentiality)
    assert doc.issuer == "SỞ Y TẾ" and doc.number == "171"


def test_a_plan_whose_numbering_skips_a_heading_says_so() -> None:
    doc = vndocx.extract_text("SỞ Y TẾ\nSố: 12/KH-SYT\n\nKẾ HOẠCH\nTiêm chủng mở rộng năm 2026\n\nI. MỤC ĐÍCH\n"
                              "Nâng cao tỷ lệ tiêm chủng.\nII. NỘI DUNG\nTổ chức tiêm chủng tại các trạm y tế.\n"
                              "IV. KINH PHÍ\nTừ nguồn ngân sách tỉnh.\n")
    assert any("jumps from 2 to 4" in w for w in doc.warnings)


def test_assignment_wording_without_a_task_is_a_warning() -> None:
    doc = vndocx.extract_text("SỞ Y TẾ\nSố: 12/BC-SYT\n\nBÁO CÁO\nKết quả tiêm chủng năm 2025\n\n"
                              "Năm 2025, Ủy ban nhân dân tỉnh giao Sở Y tế chủ trì triển khai tiêm chủng.\n")
    assert not doc.tasks
    assert any("no task was found" in w for w in doc.warnings)


@pytest.mark.ocr
def test_red_stamps_and_seal_are_set_aside_before_ocr() -> None:
    want = gold("scan_stamps")
    doc = vndocx.extract(PHENOMENA / "rendered" / "scan_stamps.png")
    assert doc.signer is not None and doc.signer.name == want["signer"]["name"]  # under the round seal
    assert doc.recipients == want["recipients"]  # under the received-document stamp
    assert doc.issuer == want["issuer"]
    assert any("red ink" in w for w in doc.warnings)
    assert "ĐẾN" not in json.dumps([doc.issuer, doc.subject, doc.recipients, doc.number], ensure_ascii=False)


def test_without_red_ink_a_page_is_read_as_grey() -> None:
    from PIL import Image

    from vndocx.ingest.ocr import without_red_ink

    page = Image.new("RGB", (200, 100), "white")
    page.paste((20, 20, 20), (10, 10, 60, 30))  # black print
    page.paste((200, 30, 40), (80, 10, 150, 60))  # a red seal
    page.paste((30, 40, 180), (10, 60, 60, 90))  # blue handwriting
    gray, share = without_red_ink(page)
    assert share > 0.1
    assert gray.getpixel((100, 30)) == 255  # the seal is paper
    assert gray.getpixel((30, 20)) < 60 and gray.getpixel((30, 75)) < 80  # print and handwriting stay dark
    plain, none = without_red_ink(Image.new("RGB", (50, 50), "white"))
    assert none == 0.0 and plain.mode == "L"


def test_a_bare_title_shares_the_body_of_the_holder_after_it() -> None:
    """"Hiệu trưởng, Giám đốc các cơ sở đào tạo" is one holder (a head word that needs its body);
    "Bộ trưởng" names its own body and stays a holder of its own."""
    doc = vndocx.extract_text(
        "QUYẾT ĐỊNH\nVề việc ban hành Quy chế đào tạo\n\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế đào tạo.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Văn phòng, Vụ trưởng Vụ Đào tạo, Hiệu trưởng, Giám đốc các cơ sở đào tạo thuộc Bộ chịu trách "
        "nhiệm thi hành Quyết định này./.\n")
    assert [(t.owner, t.co_owners) for t in doc.tasks] == [
        ("Chánh Văn phòng", ["Vụ trưởng Vụ Đào tạo", "Hiệu trưởng, Giám đốc các cơ sở đào tạo thuộc Bộ"])]


REGULATION = ("ỦY BAN NHÂN DÂN HUYỆN ĐỒI MAI\nSố: 01/2026/QĐ-UBND\nQUYẾT ĐỊNH\nBan hành Quy định chức năng, nhiệm vụ "
              "của Phòng Văn hóa\n\nĐiều 1. Vị trí và chức năng.\nPhòng Văn hóa là cơ quan chuyên môn.\n"
              "Điều 5. Trưởng phòng Văn hóa và Thông tin chịu trách nhiệm trước Ủy ban nhân dân huyện về toàn bộ "
              "hoạt động của Phòng.\n"
              "Điều 6. Trưởng phòng Văn hóa và Thông tin có trách nhiệm phối hợp với các cơ quan có liên quan triển "
              "khai thực hiện Quy định này.\n"
              "Điều 7. Trong quá trình thực hiện nếu có vướng mắc thì Trưởng phòng Nội vụ có trách nhiệm tổng hợp, "
              "báo cáo Ủy ban nhân dân huyện.\n"
              "Điều 8. Văn phòng Ủy ban nhân dân huyện, các ban, ngành có liên quan và các đồng chí có tên tại Điều 1 "
              "căn cứ Quyết định thi hành./.\n")


def test_articles_that_give_an_office_holder_work_are_tasks() -> None:
    """An article whose sentence gives work to an office holder (after an introductory clause
    too) is a task; being answerable to ("chịu trách nhiệm trước …") is not; "căn cứ Quyết định thi
    hành" is the execution article, its catch-all left out and the people of Điều 1 kept."""
    tasks = vndocx.extract_text(REGULATION).tasks
    assert [(t.section, t.owner, t.co_owners) for t in tasks] == [
        ("6", "Trưởng phòng Văn hóa và Thông tin", []),
        ("7", "Trưởng phòng Nội vụ", []),
        ("8", "Văn phòng Ủy ban nhân dân huyện", ["các đồng chí có tên tại Điều 1"])]


def test_the_signature_stamp_of_a_copy_is_read_from_the_ocr_of_a_page_image() -> None:
    """A signed copy printed and photographed: the stamp's two lines are OCR'd with the page."""
    from vndocx.extraction.signature import digital_signature
    from vndocx.pages import Line, Page

    lines = ["SAO Y; ỦY BAN NHÂN DÂN TỈNH LẠC SƠN:", "Thời gian ký: 2026-03-14T09:12:30+07:00",
             "ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "Số: 70/KH-UBND"]
    page = Page(number=1, kind="ocr", lines=[Line(t, page=1, conf=90.0) for t in lines])
    signature = digital_signature([page], None, None)
    assert (signature.signed_by, signature.signed_at) == ("ỦY BAN NHÂN DÂN TỈNH LẠC SƠN", "2026-03-14T09:12:30+07:00")
    text_page = Page(number=1, kind="text", lines=[Line(t, page=1) for t in lines[2:]])
    assert digital_signature([text_page], None, None) is None  # no stamp, no signature


def test_execution_article_spells_out_kinds_localities_and_chief_inspectors() -> None:
    """"Giám đốc, Thủ trưởng các Sở, ban, ngành: A, B" names the directors of Sở A and Sở B;
    "Chủ tịch UBND phường X và phường Y" the chairs of both wards; "Chánh Thanh tra" is one title."""
    doc = vndocx.extract_text(
        "QUYẾT ĐỊNH\nVề việc điều chỉnh quy hoạch khu dân cư\n\nĐiều 1. Phê duyệt điều chỉnh quy hoạch.\n"
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
        "Điều 3. Chánh Thanh tra tỉnh; Giám đốc, Thủ trưởng các Sở, ban, ngành: Xây dựng, Tài chính; Chủ tịch UBND "
        "phường Đồi Mai 2 và phường Hòa An chịu trách nhiệm thi hành Quyết định này./.\n")
    assert [(t.owner, t.co_owners) for t in doc.tasks] == [(
        "Chánh Thanh tra tỉnh", ["Giám đốc Sở Xây dựng", "Giám đốc Sở Tài chính",
                                 "Chủ tịch Ủy ban nhân dân phường Đồi Mai 2", "Chủ tịch Ủy ban nhân dân phường Hòa An"])]
