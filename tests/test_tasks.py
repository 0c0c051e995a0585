"""Task finding on documents written here: where assignments are (headings of assignments,
lead-ins, articles of a decision, appendix tables), who owns them (heading, opening body,
joint assignment, "phối hợp với"), and what is not a task (background, proposals, closing
formulas)."""

from __future__ import annotations

import pytest

import vndocx

from conftest import SAMPLES

NOTICE = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 77/TB-UBND                     Hà Phong, ngày 03 tháng 02 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về chuyển đổi số

Ngày 30 tháng 01 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh chủ trì buổi làm việc về chuyển đổi số.
Kết quả năm 2025 cơ bản đạt kế hoạch; một số chỉ tiêu còn chậm.
Để hoàn thành các chỉ tiêu năm 2026, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Tài chính:
- Chủ trì, phối hợp với Sở Nội vụ và các cơ quan, đơn vị liên quan tham mưu bố trí kinh phí cho các xã, phường.
- Hoàn thành việc thẩm định dự toán trong tháng 3 năm 2026.
2. Sở Tư pháp, Sở Xây dựng: rà soát thủ tục hành chính thuộc lĩnh vực quản lý, báo cáo trước ngày 20/3/2026.
3. Ủy ban nhân dân các xã, phường:
- Phối hợp với Bưu điện tỉnh tiếp nhận hồ sơ tại nhà cho người cao tuổi.
- Công an tỉnh chủ trì, phối hợp với Sở Tư pháp làm sạch dữ liệu hộ tịch.
Văn phòng Ủy ban nhân dân tỉnh Hà Phong thông báo để các sở, ngành, xã, phường biết, thực hiện./.

Nơi nhận:
- Như trên;
- Lưu: VT.
                                   TL. CHỦ TỊCH
                                   CHÁNH VĂN PHÒNG

                                   Lê Thu Trang
"""


def _tasks(text: str):
    return vndocx.extract_text(text, source="t").tasks


def test_assignments_under_headings_with_owners_and_co_owners() -> None:
    doc = vndocx.extract_text(NOTICE, source="notice")
    tasks = doc.tasks
    assert [t.section for t in tasks] == ["1", "1", "2", "3", "3"]
    fin, fin2, joint, wards, police = tasks
    assert fin.owner == "Sở Tài chính" and fin.co_owners == ["Sở Nội vụ"]  # catch-all dropped
    assert fin2.owner == "Sở Tài chính" and fin2.deadline.date == "2026-03-31"
    assert fin2.deadline.kind == "within"
    assert joint.owner == "Sở Tư pháp" and joint.co_owners == ["Sở Xây dựng"]
    assert joint.deadline.date == "2026-03-20" and joint.deadline.kind == "by"
    assert wards.owner == "Ủy ban nhân dân các xã, phường" and wards.co_owners == ["Bưu điện tỉnh"]
    assert police.owner == "Công an tỉnh" and police.co_owners == ["Sở Tư pháp"]
    for task in tasks:  # every span points at the task's own words in Document.text
        start, end = task.span
        assert doc.text[start:end].split()[:3] == task.text.split()[:3]
    assert not any("thông báo để" in t.text for t in tasks)


REPORT = """UBND TỈNH HÀ PHONG                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ XÂY DỰNG                        Độc lập - Tự do - Hạnh phúc
Số: 15/BC-SXD                      Hà Phong, ngày 10 tháng 01 năm 2026

BÁO CÁO
Kết quả công tác năm 2025

I. KẾT QUẢ ĐẠT ĐƯỢC
1. Đã cấp 420 giấy phép xây dựng, đạt 100% đúng hạn.
II. NHIỆM VỤ TRỌNG TÂM NĂM 2026
1. Hoàn thành quy hoạch chung đô thị trong quý II/2026.
2. Kiểm tra trật tự xây dựng định kỳ hằng quý.
III. KIẾN NGHỊ
1. Đề nghị Bộ Xây dựng sớm ban hành hướng dẫn về nhà ở xã hội.

Nơi nhận:
- UBND tỉnh;
- Lưu: VT.
                                   GIÁM ĐỐC

                                   Phạm Hữu Nghĩa
"""


def test_report_tasks_only_in_its_tasks_part() -> None:
    tasks = _tasks(REPORT)
    assert [t.section for t in tasks] == ["II.1", "II.2"]
    assert tasks[0].deadline.date == "2026-06-30"
    assert tasks[1].deadline.kind == "recurring" and tasks[1].deadline.recurrence == "quarterly"
    assert all("Bộ Xây dựng" not in t.text for t in tasks)  # a proposal to a higher level


DECISION = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 301/QĐ-UBND                    Hà Phong, ngày 12 tháng 02 năm 2026

QUYẾT ĐỊNH
Về việc ban hành Danh mục dữ liệu mở năm 2026

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ PHONG
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Ban hành kèm theo Quyết định này Danh mục dữ liệu mở năm 2026.
Điều 2. Tổ chức thực hiện
1. Sở Khoa học và Công nghệ:
a) Công bố Danh mục trên Cổng dữ liệu của tỉnh trước ngày 01/3/2026.
b) Hướng dẫn các cơ quan cập nhật dữ liệu hằng tháng.
2. Các sở, ngành cung cấp dữ liệu thuộc Danh mục đúng thời hạn.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
                                   CHỦ TỊCH

                                   Trần Quang Vinh
"""


def test_decision_tasks_are_the_clauses_of_its_execution_article() -> None:
    tasks = _tasks(DECISION)
    assert [t.section for t in tasks] == ["2.1.a", "2.1.b", "2.2"]
    assert tasks[0].owner == tasks[1].owner == "Sở Khoa học và Công nghệ"
    assert tasks[0].deadline.date == "2026-03-01"
    assert tasks[1].deadline.recurrence == "monthly"


EXECUTION_HEAD = DECISION.split("Điều 1.")[0] + "Điều 1. Phê duyệt Danh mục dữ liệu mở năm 2026 (kèm theo).\n"
EXECUTION_FOOT = "\n" + DECISION.split("Nơi nhận:")[1].join(["Nơi nhận:", ""])


@pytest.mark.parametrize("last_article", [
    # the bodies fill the article
    "Điều 2. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Khoa học và Công nghệ, Trưởng Ban Dân tộc "
    "tỉnh Hà Phong chịu trách nhiệm thi hành Quyết định này./.",
    # the article says when the decision takes effect, and its bodies follow in a paragraph of their own
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\nChánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở "
    "Khoa học và Công nghệ, Trưởng Ban Dân tộc tỉnh Hà Phong chịu trách nhiệm thi hành Quyết định này./.",
])
def test_the_execution_article_is_a_task_of_the_bodies_it_names(last_article: str) -> None:
    tasks = _tasks(EXECUTION_HEAD + last_article + "\n" + EXECUTION_FOOT)
    assert len(tasks) == 1 and tasks[0].section == "2"
    assert tasks[0].text.startswith("Chánh Văn phòng") and tasks[0].text.endswith("thi hành Quyết định này.")
    assert tasks[0].owner == "Chánh Văn phòng Ủy ban nhân dân tỉnh"
    assert tasks[0].co_owners == ["Giám đốc Sở Khoa học và Công nghệ", "Trưởng Ban Dân tộc tỉnh Hà Phong"]


@pytest.mark.parametrize(("bodies", "co_owners"), [
    # ";" separates the items: a comma inside one ("các Vụ, Cục") is part of it
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Thủ trưởng các Vụ, Cục; Giám đốc các Sở Y tế và Thủ trưởng "
     "các đơn vị có liên quan", ["Thủ trưởng các Vụ, Cục", "Giám đốc các Sở Y tế"]),
    # a catch-all with a qualifier, and one after "và" at the end of a named holder
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Thủ trưởng các đơn vị có liên quan thuộc Sở Y tế, Giám đốc "
     "Trung tâm Y tế huyện Mỹ Lâm và các tổ chức, cá nhân có liên quan", ["Giám đốc Trung tâm Y tế huyện Mỹ Lâm"]),
    # holders after a comma that are no role word: "các thành viên …", "người đứng đầu …"
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Nội vụ, các thành viên Ban Chỉ đạo tỉnh, người đứng đầu "
     "các doanh nghiệp nhà nước và các tổ chức, cá nhân có liên quan",
     ["Giám đốc Sở Nội vụ", "các thành viên Ban Chỉ đạo tỉnh", "người đứng đầu các doanh nghiệp nhà nước"]),
    # "có liên quan" qualifying a whole comma list: no holder in it
    ("Chánh Văn phòng Ủy ban nhân dân tỉnh; Giám đốc Sở Xây dựng; chủ đầu tư, tổ chức, cá nhân có liên quan",
     ["Giám đốc Sở Xây dựng"]),
])
def test_the_execution_article_lists_holders_and_leaves_catch_alls_out(bodies: str, co_owners: list[str]) -> None:
    tasks = _tasks(EXECUTION_HEAD + f"Điều 2. {bodies} chịu trách nhiệm thi hành Quyết định này./.\n" + EXECUTION_FOOT)
    assert len(tasks) == 1
    assert tasks[0].owner == "Chánh Văn phòng Ủy ban nhân dân tỉnh"
    assert tasks[0].co_owners == co_owners


def test_a_paragraph_after_an_article_that_names_no_execution_is_no_task() -> None:
    tasks = _tasks(EXECUTION_HEAD + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
                   "Danh mục được công bố trên Cổng dữ liệu của tỉnh.\n" + EXECUTION_FOOT)
    assert tasks == []


LETTER_WITH_TABLE = """UBND TỈNH HÀ PHONG                 CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
VĂN PHÒNG                          Độc lập - Tự do - Hạnh phúc
Số: 45/VP-TH                       Hà Phong, ngày 20 tháng 01 năm 2026
V/v tiến độ nhiệm vụ

Kính gửi: Sở Nội vụ

Văn phòng gửi tình hình thực hiện nhiệm vụ (Phụ lục kèm theo) để Sở Nội vụ theo dõi./.

Nơi nhận:
- Như trên;
- Lưu: VT.
                                   CHÁNH VĂN PHÒNG

                                   Đỗ Minh Tâm

PHỤ LỤC
| STT | Mã nhiệm vụ | Nhiệm vụ | Thời hạn | Trạng thái |
|---|---|---|---|---|
| 1 | NV01_TB77 | Rà soát biên chế các xã | 31/01/2026 | Hoàn thành |
| 2 | NV02_TB77 | Tập huấn kỹ năng số | Quý I/2026 | Đang thực hiện |
"""


def test_appendix_rows_are_tasks_with_code_status_and_deadline() -> None:
    doc = vndocx.extract_text(LETTER_WITH_TABLE, source="letter")
    tasks = [t for t in doc.tasks if t.code]
    assert [(t.code, t.status, t.section) for t in tasks] == [
        ("NV01_TB77", "Hoàn thành", None), ("NV02_TB77", "Đang thực hiện", None)]
    assert tasks[0].deadline.date == "2026-01-31" and tasks[1].deadline.date == "2026-03-31"
    assert tasks[0].deadline.raw == "31/01/2026"
    start, end = tasks[1].span
    assert doc.text[start:end] == "Tập huấn kỹ năng số"


def test_ocr_damaged_table_cells_are_mended() -> None:
    """OCR drops the underscores of codes and the spaces of statuses; the row still gives the
    code and one of the usual statuses, and an unusual status is kept as printed."""
    damaged = LETTER_WITH_TABLE.replace("| NV01_TB77 |", "| NV01 TB77 |").replace(
        "| Hoàn thành |", "| Hoànthành ._ |").replace("| Đang thực hiện |", "| Chờ vốn bổ sung |")
    tasks = [t for t in vndocx.extract_text(damaged).tasks if t.code]
    assert [(t.code, t.status) for t in tasks] == [("NV01_TB77", "Hoàn thành"), ("NV02_TB77", "Chờ vốn bổ sung")]


@pytest.mark.parametrize("catch_all", [
    "các cơ quan, đơn vị liên quan", "các đơn vị có liên quan", "các địa phương", "các sở, ngành liên quan",
    "các ngành chức năng", "các sở, ban, ngành, địa phương", "các đơn vị trực thuộc",
])
def test_catch_all_partners_are_never_co_owners(catch_all: str) -> None:
    """A sample's task with its named partner replaced by a formula of the genre: no co-owner."""
    text = (SAMPLES / "01_thong_bao_ket_luan.txt").read_text(encoding="utf-8")
    text = text.replace("phối hợp với Ủy ban nhân dân các xã, phường tham mưu", f"phối hợp với {catch_all} tham mưu")
    (task,) = [t for t in vndocx.extract_text(text).tasks if "biệt phái" in t.text]
    assert task.owner == "Sở Nội vụ" and task.co_owners == []


CONCLUSIONS = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 81/TB-UBND                     Hà Phong, ngày 10 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với ngành văn hóa

Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:
1. Ghi nhận kết quả đạt được của ngành văn hóa trong năm 2025.
2. Phòng Báo chí - Xuất bản chủ trì tổ chức hội thi báo chí tỉnh, hoàn thành trước ngày 15/6/2026.
3. Phòng có chức năng quản lý văn hóa thuộc Ủy ban nhân dân cấp xã có trách nhiệm kiểm tra các điểm karaoke.

Nơi nhận:
- Như trên;
- Lưu: VT.
                                   KT. CHỦ TỊCH
                                   PHÓ CHỦ TỊCH

                                   Trần Văn Minh
"""


def test_numbered_items_without_a_heading_are_read_as_sentences() -> None:
    tasks = _tasks(CONCLUSIONS)
    assert [(t.section, t.owner) for t in tasks] == [
        ("2", "Phòng Báo chí - Xuất bản"),
        ("3", "Phòng có chức năng quản lý văn hóa thuộc Ủy ban nhân dân cấp xã"),
    ]  # item 1 acknowledges results: not a task
    assert tasks[0].deadline is not None and tasks[0].deadline.date == "2026-06-15"


def test_items_below_a_numbered_sentence_that_names_a_body_are_its_work() -> None:
    text = CONCLUSIONS.replace(
        "3. Phòng có chức năng",
        "3. Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành và Ủy ban nhân dân các xã, phường theo chức "
        "năng, nhiệm vụ được giao tập trung rà soát, thực hiện quyết liệt, hiệu quả các nhiệm vụ sau đây:\n"
        "a) Về công tác thi đua\n- Hướng dẫn đăng ký thi đua trước ngày 20/4/2026.\n"
        "b) Về khen thưởng\n- Thẩm định hồ sơ khen thưởng trong tháng 11 năm 2026.\n4. Phòng có chức năng")
    owners = {t.text[:20]: t.owner for t in _tasks(text)}
    assert owners["Hướng dẫn đăng ký th"] == "Sở Nội vụ"
    assert owners["Thẩm định hồ sơ khen"] == "Sở Nội vụ"


def test_a_numbered_lead_in_naming_a_body_hands_it_the_items_below() -> None:
    text = CONCLUSIONS.replace(
        "3. Phòng có chức năng",
        "3. Thời gian tới, Sở Du lịch cần nỗ lực, cố gắng hơn nữa, hành động quyết liệt, sáng tạo, chủ động "
        "phối hợp chặt chẽ với các địa phương, tập trung thực hiện tốt các nhiệm vụ trọng tâm sau đây:\n"
        "a) Hoàn thiện quy hoạch các khu du lịch trong quý III năm 2026.\n"
        "b) Xây dựng bộ nhận diện du lịch của tỉnh.\n"
        "4. Năm 2025, Sở Tài chính đã tổ chức nhiều hoạt động thiết thực, hiệu quả, được các cơ quan, đơn vị "
        "và Nhân dân đánh giá cao, góp phần hoàn thành các chỉ tiêu của tỉnh, trong đó có các hoạt động sau:\n"
        "a) Hội nghị tập huấn về dự toán.\n"
        "5. Phòng có chức năng")
    tasks = _tasks(text)
    owners = {t.text[:20]: t.owner for t in tasks}
    assert owners["Hoàn thiện quy hoạch"] == "Sở Du lịch"
    assert owners["Xây dựng bộ nhận diệ"] == "Sở Du lịch"
    assert not any(t.text.startswith("Hội nghị tập huấn") for t in tasks)  # what was done is not a task
