"""Task finding on wordings of real letters and directives, on documents written here (a
fictional province): letter items under dotted items, labels naming the owners, whole names
with lower-case parts, roles and the people holding them, lists of members, classes of
bodies, office holders opening a clause, numbered bodies, damaged item numbers."""

from __future__ import annotations

import vndocx
from vndocx.ingest import text_to_pages
from vndocx.segment import segment

HEAD = """BỘ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                   Độc lập - Tự do - Hạnh phúc
Số: 05/CT-BHTS                     Hà Nội, ngày 06 tháng 01 năm 2026

CHỈ THỊ
Về nhiệm vụ trọng tâm năm 2026

Để hoàn thành kế hoạch năm 2026, Bộ trưởng yêu cầu các cơ quan, đơn vị thực hiện tốt các nhiệm vụ sau:
"""
FOOT = """
Nơi nhận:
- Như trên;
- Lưu: VT.
                                   BỘ TRƯỞNG

                                   Hoàng Minh Khôi
"""


def _district_plan(number: str, date: str, subject: str) -> str:
    """The header of a plan of the district of Đồi Mai, number "<number>/KH-UBND" (two digits)."""
    return f"""ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐỒI MAI                      Độc lập - Tự do - Hạnh phúc
Số: {number}/KH-UBND                     Đồi Mai, {date}

KẾ HOẠCH
{subject}

"""


def _tasks(body: str, head: str = HEAD):
    return vndocx.extract_text(head + body + FOOT, source="t").tasks


def test_letter_items_under_a_dotted_item_take_its_body() -> None:
    tasks = _tasks("""1. Về hạ tầng số:
1.1. Vụ Kế hoạch số và các cơ quan, đơn vị liên quan:
a) Xây dựng kế hoạch đầu tư hạ tầng số giai đoạn 2026 - 2030.
b) Rà soát danh mục dự án chuyển tiếp.
1.2. Văn phòng Bộ:
a) Tổng hợp tình hình thực hiện hằng quý.
b) Đôn đốc các đơn vị báo cáo đúng hạn.
""")
    assert [t.section for t in tasks] == ["1.1.1.a", "1.1.1.b", "1.1.2.a", "1.1.2.b"]
    assert [t.owner for t in tasks] == ["Vụ Kế hoạch số"] * 2 + ["Văn phòng Bộ"] * 2  # the class ends the name


def test_a_label_names_the_owners_of_its_work_and_of_the_items_below() -> None:
    tasks = _tasks("""1. Về dữ liệu:
Cục Lưu trữ, bảo tồn và số hóa tư liệu, Vụ Pháp chế: Xây dựng quy chế chia sẻ dữ liệu giữa các cơ quan trong năm 2026.
2. Về địa phương:
Sở Hạ tầng số các tỉnh, thành phố trực thuộc Trung ương:
2.1. Tham mưu chính quyền địa phương ban hành kế hoạch chuyển đổi số.
2.2. Báo cáo kết quả về Bộ trước ngày 15/12/2026.
""")
    label, first, second = tasks
    assert label.text.startswith("Xây dựng quy chế")  # the label is not part of the work
    assert label.owner == "Cục Lưu trữ, bảo tồn và số hóa tư liệu"  # lower-case parts after the comma kept
    assert label.co_owners == ["Vụ Pháp chế"]
    local = "Sở Hạ tầng số các tỉnh, thành phố trực thuộc Trung ương"
    assert first.owner == second.owner == local
    assert second.deadline.date == "2026-12-15"


def test_a_name_with_lower_case_parts_is_kept_whole_as_a_co_owner() -> None:
    (task,) = _tasks("""1. Vụ Kế hoạch số chủ trì, phối hợp với Cục Lưu trữ, bảo tồn và số hóa tư liệu, Cục Hạ tầng xây dựng đề án kho dữ liệu.
""")
    assert task.owner == "Vụ Kế hoạch số"
    assert task.co_owners == ["Cục Lưu trữ, bảo tồn và số hóa tư liệu", "Cục Hạ tầng"]


DECISION = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
THỊ TRẤN ĐỒI MAI                   Độc lập - Tự do - Hạnh phúc
Số: 12/QĐ-UBND                     Đồi Mai, ngày 05 tháng 01 năm 2026

QUYẾT ĐỊNH
Về việc phân công nhiệm vụ công chức năm 2026

CHỦ TỊCH ỦY BAN NHÂN DÂN THỊ TRẤN ĐỒI MAI
Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Phân công nhiệm vụ công chức như sau:
1. Công chức Tư pháp - Hộ tịch, Ông Trần Văn Bình.
- Thực hiện đăng ký hộ tịch theo quy định.
- Tham mưu công tác phổ biến, giáo dục pháp luật.
2. Công chức Địa chính - Xây dựng, Bà Lưu Thị Mận.
- Quản lý hồ sơ địa chính trên địa bàn.
Điều 2. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_a_role_and_the_person_holding_it_own_the_items_below() -> None:
    tasks = vndocx.extract_text(DECISION + FOOT, source="d").tasks
    assert [t.owner for t in tasks] == ["Công chức Tư pháp - Hộ tịch, Ông Trần Văn Bình"] * 2 + [
        "Công chức Địa chính - Xây dựng, Bà Lưu Thị Mận"]
    assert not any(t.text.startswith("Công chức") for t in tasks)  # the heading is no task


NOTICE = """HỘI ĐỒNG NHÂN DÂN                  CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 08/TB-HĐND                     Hà Phong, ngày 02 tháng 3 năm 2026

THÔNG BÁO
Phân công thành viên Đoàn kiểm tra

I. THÀNH PHẦN
1. Đoàn kiểm tra số 01
(1) Ông Đặng Văn Lộc - Phó Chủ tịch Hội đồng nhân dân tỉnh, Trưởng đoàn;
(2) Bà Chu Thị Quyên - Phó Giám đốc Sở Y tế;
Thành phần mời dự: đại diện lãnh đạo các sở, ngành liên quan.
II. NHIỆM VỤ
1. Tổ công tác số 02: tổ chức làm việc với Ủy ban nhân dân các xã trong tháng 4 năm 2026.
2. Thư ký các Đoàn kiểm tra
- Chuẩn bị các điều kiện phục vụ hoạt động kiểm tra.
- Giúp Trưởng đoàn xây dựng báo cáo kết quả kiểm tra.
"""


def test_members_are_not_tasks_and_numbered_bodies_and_roles_own_work() -> None:
    tasks = vndocx.extract_text(NOTICE + FOOT, source="n").tasks
    assert not any(t.text.startswith(("(1)", "(2)", "Thành phần")) for t in tasks)
    group, prepare, report = tasks
    assert group.owner == "Tổ công tác số 02"
    assert prepare.owner == report.owner == "Thư ký các Đoàn kiểm tra"


def test_a_head_word_in_lower_case_after_the_verb() -> None:
    (task,) = _tasks("Giao phòng Kinh tế tham mưu bố trí kinh phí trước ngày 30/6/2026.\n",
                     head=HEAD.replace("thực hiện tốt các nhiệm vụ sau:", "thực hiện tốt nhiệm vụ."))
    assert task.owner == "Phòng Kinh tế"


def test_a_class_heading_and_office_holders_opening_a_clause() -> None:
    tasks = _tasks("""1. Về cải cách hành chính:
a) Các bộ, ngành, địa phương:
- Rà soát thủ tục hành chính nội bộ.
- Đẩy mạnh dịch vụ công trực tuyến toàn trình.
b) Bộ trưởng, Thủ trưởng các cơ quan ngang bộ và Chủ tịch Ủy ban nhân dân các tỉnh làm Trưởng Ban Chỉ đạo chỉ đạo triển khai kế hoạch.
""")
    review, online, holders = tasks
    assert review.owner == online.owner == "Các bộ, ngành, địa phương"
    assert holders.owner == "Bộ trưởng"
    assert holders.co_owners == ["Thủ trưởng các cơ quan ngang bộ", "Chủ tịch Ủy ban nhân dân các tỉnh"]


DAMAGED = """ỦY BAN NHÂN DÂN
TỈNH HÀ PHONG
Số: 91/KH-UBND
Hà Phong, ngày 12 tháng 3 năm 2026
KẾ HOẠCH
Chuyển đổi số năm 2026
I. NHIỆM VỤ
3. Sở Tài chính bố trí kinh phí.
4. Sở Nội vụ hướng dẫn vị trí việc làm.
Š. Trung tâm Dữ liệu tỉnh vận hành kho dữ liệu.
6. Sở Y tế số hóa hồ sơ sức khỏe.
7. Sở Xây dựng cập nhật dữ liệu công trình.
8. Về doanh nghiệp:
§.1. Các doanh nghiệp viễn thông bảo đảm hạ tầng mạng.
§.2. Các doanh nghiệp bưu chính bảo đảm chuyển phát.
"""


def test_item_numbers_ocr_damaged_are_read_by_their_sequence() -> None:
    seg = segment(text_to_pages(DAMAGED))
    items = seg.document.sections[0].children
    assert [c.number for c in items] == ["3", "4", "5", "6", "7", "8"]  # "Š." read as the 5 its sequence expects
    assert [c.number for c in items[-1].children] == ["8.1", "8.2"]  # "§" as the 8 of its parent


def test_a_lookalike_that_does_not_fit_the_sequence_is_left_alone() -> None:
    seg = segment(text_to_pages(DAMAGED.replace("Š. Trung", "B. Trung")))
    assert [c.number for c in seg.document.sections[0].children] == ["3", "4", "6", "7", "8"]


DECREE = """CHÍNH PHỦ                          CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                   Độc lập - Tự do - Hạnh phúc
Số: 41/2026/NĐ-CP                  Hà Nội, ngày 20 tháng 3 năm 2026

NGHỊ ĐỊNH
Về quản lý kho dữ liệu số

Căn cứ Luật Tổ chức Chính phủ;
Chính phủ ban hành Nghị định về quản lý kho dữ liệu số.
Điều 1. Nguyên tắc quản lý kho dữ liệu
1. Dữ liệu phải được phân loại theo mức độ bảo mật.
2. Người được giao quản lý dữ liệu có trách nhiệm sao lưu dữ liệu hằng tuần.
Điều 2. Trách nhiệm quản lý kho dữ liệu
1. Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các cấp trong phạm vi quyền hạn của mình có trách nhiệm:
a) Bố trí kinh phí vận hành kho dữ liệu.
b) Kiểm tra việc sao lưu dữ liệu của các cơ quan trực thuộc.
Điều 3. Hiệu lực thi hành
Nghị định này có hiệu lực kể từ ngày 01 tháng 5 năm 2026.
"""


def test_a_decree_gives_work_only_in_its_articles_of_implementation() -> None:
    tasks = vndocx.extract_text(DECREE + FOOT, source="nd").tasks
    assert [t.section for t in tasks] == ["2.1.a", "2.1.b"]  # the rules of article 1 are no tasks
    assert {t.owner for t in tasks} == {"Các bộ"}
    assert tasks[0].co_owners == ["cơ quan ngang bộ", "Ủy ban nhân dân các cấp"]


def test_a_class_of_single_words_stays_whole_in_a_duty_lead_in() -> None:
    tasks = _tasks("""1. Các sở, ngành, địa phương có trách nhiệm:
a) Rà soát thủ tục hành chính nội bộ.
""")
    assert [t.owner for t in tasks] == ["Các sở, ngành, địa phương"]


REGULATION = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐỒI MAI                      Độc lập - Tự do - Hạnh phúc
Số: 03/2026/QĐ-UBND                Đồi Mai, ngày 10 tháng 02 năm 2026

QUYẾT ĐỊNH
Ban hành Quy định chức năng, nhiệm vụ của Phòng Kinh tế

Căn cứ Luật Tổ chức chính quyền địa phương;
QUYẾT ĐỊNH:
Điều 1. Vị trí và chức năng
Phòng Kinh tế là cơ quan chuyên môn thuộc Ủy ban nhân dân huyện.
Điều 2. Lãnh đạo Phòng Kinh tế
1. Phòng Kinh tế có Trưởng phòng và 02 Phó Trưởng phòng.
2. Phó Trưởng phòng là người giúp Trưởng phòng phụ trách một số mặt công tác.
Điều 3. Quyết định này có hiệu lực kể từ ngày ký.
"""


def test_a_role_heading_in_a_regulation_describes_the_office_and_gives_no_work() -> None:
    assert vndocx.extract_text(REGULATION + FOOT, source="r").tasks == []


REMEDIAL = _district_plan("44", "ngày 10 tháng 4 năm 2026", "Khắc phục hạn chế sau kiểm tra công tác lưu trữ") + """I. NỘI DUNG HẠN CHẾ VÀ BIỆN PHÁP KHẮC PHỤC
1. Việc lập hồ sơ điện tử còn chậm, nhiều phòng chưa cập nhật.
Giải pháp thực hiện: Giao Phòng Nội vụ chủ trì hướng dẫn các phòng lập hồ sơ điện tử.
- Rà soát danh mục hồ sơ của từng phòng.
2. Kho lưu trữ chưa bảo đảm nhiệt độ, độ ẩm.
"""


def test_a_remedial_plan_gives_the_remedies_not_the_shortcomings() -> None:
    tasks = vndocx.extract_text(REMEDIAL + FOOT, source="k").tasks
    assert [t.text[:20] for t in tasks] == ["Giải pháp thực hiện:", "Rà soát danh mục hồ "]
    assert {t.owner for t in tasks} == {"Phòng Nội vụ"}


SCHEDULE = """SỞ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 09/KH-SHTS                     Hà Phong, ngày 06 tháng 01 năm 2026

KẾ HOẠCH
Thi đua năm 2026

I. MỤC ĐÍCH
Phát động phong trào thi đua trong toàn ngành.

Nơi nhận:
- Lưu: VT.
                                   GIÁM ĐỐC

                                   Đinh Văn Toàn

| Thời gian | Nội dung | Đơn vị thực hiện |
| 3/2026 | - Phát động thi đua đợt 1 - Tổ chức hội thi tin học trẻ | Văn phòng chủ trì, phối hợp với Công đoàn Sở |
| 4-5/2026 | Sơ kết thi đua đợt 1 | Phòng Kế hoạch, Công đoàn Sở |
"""


def test_a_schedule_table_gives_one_task_per_item_with_owner_and_month() -> None:
    tasks = vndocx.extract_text(SCHEDULE, source="s").tasks
    assert [t.text for t in tasks] == ["Phát động thi đua đợt 1", "Tổ chức hội thi tin học trẻ", "Sơ kết thi đua đợt 1"]
    launch, contest, review = tasks
    assert launch.owner == contest.owner == "Văn phòng" and launch.co_owners == ["Công đoàn Sở"]
    assert launch.deadline.date == "2026-03-31" and launch.deadline.raw == "3/2026"
    assert review.owner == "Phòng Kế hoạch" and review.co_owners == ["Công đoàn Sở"]
    assert review.deadline.date == "2026-05-31"


def test_a_class_of_units_spelled_out_and_a_class_label_split_into_its_bodies() -> None:
    units, label = _tasks("""1. Về đất đai:
- UBND các huyện: Hòa An và Đồi Mai chỉ đạo các xã rà soát hồ sơ đất đai.
2. Về phương tiện:
Các đơn vị: Văn phòng Ủy ban nhân dân tỉnh bố trí phương tiện; Sở Nội vụ cử cán bộ tham gia đoàn.
""")
    assert units.owner == "Ủy ban nhân dân huyện Hòa An" and units.co_owners == ["Ủy ban nhân dân huyện Đồi Mai"]
    assert label.owner == "Văn phòng Ủy ban nhân dân tỉnh" and label.co_owners == ["Sở Nội vụ"]


def test_a_work_programme_calendar_lists_events_not_tasks() -> None:
    calendar = SCHEDULE.replace("KẾ HOẠCH\nThi đua năm 2026", "CHƯƠNG TRÌNH\nCông tác tháng 3 năm 2026")
    assert "CHƯƠNG TRÌNH" in calendar
    assert vndocx.extract_text(calendar, source="c").tasks == []


def test_a_long_conclusion_that_hands_its_points_to_a_body_is_work_and_a_lead_in() -> None:
    """A paragraph that asks a body for work and ends by listing the points to heed ("…, yêu
    cầu Sở … hoàn thiện …, trong đó lưu ý các nội dung sau:"): the request is a task, and each
    numbered point after it is that body's task too: one that enumerates "như: …" inside its
    clause is not a heading, and one that names "vướng mắc" is no list of difficulties."""
    doc = vndocx.extract_text("""ỦY BAN NHÂN DÂN TỈNH LẠC SƠN
Số: 52/TB-UBND
Lạc Sơn, ngày 3 tháng 6 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh về dự thảo Đề án phát triển giao thông nông thôn

Ngày 28 tháng 5 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh chủ trì cuộc họp nghe báo cáo dự thảo Đề án.

Đề án có phạm vi rộng, liên quan đến nhiều sở, ngành và các xã, phường trên địa bàn tỉnh, do đó, để tiếp tục hoàn thiện dự thảo Đề án bảo đảm chất lượng trước khi trình Hội đồng nhân dân tỉnh, yêu cầu Sở Xây dựng tiếp thu tối đa ý kiến của các đại biểu dự họp và phối hợp với các sở, ngành liên quan rà soát để hoàn thiện dự thảo Đề án, trong đó lưu ý các nội dung sau:
1. Rà soát danh mục các tuyến đường cần cải tạo như: đường liên xã, đường nội đồng, bảo đảm phù hợp với quy hoạch tỉnh.
2. Bổ sung phương án huy động nguồn lực xã hội hóa để thực hiện Đề án. Trường hợp phát sinh khó khăn, vướng mắc thì báo cáo Ủy ban nhân dân tỉnh.

Nơi nhận:
- Sở Xây dựng;
- Lưu: VT.
CHỦ TỊCH

Hà Minh Châu
""")
    got = [(t.owner, t.text[:24]) for t in doc.tasks]
    assert got == [("Sở Xây dựng", "yêu cầu Sở Xây dựng tiếp"), ("Sở Xây dựng", "Rà soát danh mục các tuy"),
                   ("Sở Xây dựng", "Bổ sung phương án huy độ")]
    assert doc.tasks[1].text.endswith("như: đường liên xã, đường nội đồng, bảo đảm phù hợp với quy hoạch tỉnh.")


REMEDIES = _district_plan("51", "ngày 12 tháng 5 năm 2026", "Khắc phục hạn chế sau kiểm tra công tác văn thư") + """I. NỘI DUNG HẠN CHẾ VÀ BIỆN PHÁP KHẮC PHỤC
1. Sổ đăng ký văn bản đến chưa ghi đủ các cột theo mẫu.
- Nguyên nhân: Công chức văn thư mới được phân công, chưa nắm vững nghiệp vụ.
- Giải pháp thực hiện: Giao các Trưởng phòng, ban được phân công theo dõi sổ văn bản của đơn vị mình chủ trì, thực hiện:
+ Ghi đủ các cột của sổ đăng ký văn bản đến theo mẫu.
+ Kiểm tra sổ đăng ký của phòng mỗi tháng một lần.
- Thời gian thực hiện: Thực hiện thường xuyên từ tháng 6/2026.
2. Văn bản đi còn sai thể thức.
- Nguyên nhân: Chưa kiểm soát thể thức trước khi phát hành.
- Giải pháp thực hiện:
+ Giao Phòng Nội vụ chủ trì, hướng dẫn các phòng rà soát thể thức văn bản trước khi trình ký.
- Thời gian thực hiện: Đã khắc phục xong từ tháng 4/2026.
3. Hồ sơ lưu trữ chưa được chỉnh lý.
- Giải pháp thực hiện: Chỉnh lý hồ sơ lưu trữ các năm 2020 - 2024.
- Thời gian thực hiện: Đã khắc phục xong từ tháng 4/2026; giao Văn phòng HĐND&UBND huyện chủ trì theo dõi việc lập hồ sơ hằng năm.
"""


def test_a_remedy_leads_its_items_gives_them_its_time_and_its_time_is_no_task() -> None:
    tasks = vndocx.extract_text(REMEDIES + FOOT, source="k").tasks
    assert [t.text[:22] for t in tasks] == [
        "Giải pháp thực hiện: G", "Ghi đủ các cột của sổ ", "Kiểm tra sổ đăng ký củ",
        "Giao Phòng Nội vụ chủ ", "Giải pháp thực hiện: C", "Thời gian thực hiện: Đ"]
    held = "Trưởng phòng, ban được phân công theo dõi sổ văn bản của đơn vị"  # described up to "chủ trì"
    assert [t.owner for t in tasks[:3]] == [held] * 3
    assert [(t.deadline.kind, t.deadline.starts) for t in tasks[:3]] == [
        ("ongoing", "2026-06-01"), ("ongoing", "2026-06-01"), ("recurring", None)]  # its own "mỗi tháng" stays
    assert tasks[4].deadline is None  # the time line of its remedy gives work, and no time, of its own
    assert tasks[3].owner == "Phòng Nội vụ" and tasks[3].deadline is None  # done already: no date
    # "…; giao Văn phòng … chủ trì …" in the time line: work of its own, for that body
    assert tasks[5].owner == "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"


CLASSES = _district_plan("52", "ngày 12 tháng 5 năm 2026", "Bảo vệ bí mật nhà nước năm 2026") + """I. NỘI DUNG
1. Các nội dung yêu cầu thực hiện:
Chủ tịch Ủy ban nhân dân huyện yêu cầu các phòng, ban, đơn vị, UBND các xã, thị trấn, cán bộ, công chức, viên chức thực hiện nghiêm các nội dung sau:
- Lập sổ quản lý tài liệu mật theo mẫu.
- Không soạn thảo tài liệu mật trên máy tính kết nối Internet.
2. Về các nhóm chỉ tiêu:
Ủy ban nhân dân huyện yêu cầu các đơn vị tập trung thực hiện các nội dung sau:
a) Mục tiêu, quan điểm:
- Năm 2026 không để xảy ra lộ, lọt bí mật nhà nước.
b) Các nhiệm vụ:
- Tổ chức tập huấn nghiệp vụ bảo vệ bí mật nhà nước cho công chức mới.
II. TỔ CHỨC THỰC HIỆN
1. Trưởng các phòng, ban, đơn vị; UBND các xã, thị trấn, các cá nhân có liên quan căn cứ Kế hoạch này nghiêm túc thực hiện.
"""


def test_a_lead_in_asking_classes_of_bodies_hands_its_items_to_them_not_to_the_people() -> None:
    tasks = vndocx.extract_text(CLASSES + FOOT, source="c").tasks
    assert [t.text[:20] for t in tasks] == ["Lập sổ quản lý tài l", "Không soạn thảo tài ", "Tổ chức tập huấn ngh",
                                            "Trưởng các phòng, ba"]  # the aims under "a) Mục tiêu" are no work
    assert [(t.owner, t.co_owners) for t in tasks[:2]] == [
        ("các phòng, ban, đơn vị", ["Ủy ban nhân dân các xã, thị trấn"])] * 2
    assert tasks[2].owner is None  # "các đơn vị" alone names nobody
    # a role over a class, then bodies, then the catch-all that is no co-owner
    assert (tasks[3].owner, tasks[3].co_owners) == ("Trưởng các phòng, ban, đơn vị", ["Ủy ban nhân dân các xã, thị trấn"])


FIELDS = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 77/KH-UBND                     Hà Phong, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Thực hiện công tác dân vận chính quyền năm 2026

I. MỤC ĐÍCH, YÊU CẦU
1. Nâng cao hiệu quả công tác dân vận của cơ quan hành chính nhà nước.
II. NHIỆM VỤ
1. Đổi mới công tác dân vận chính quyền
a) Quán triệt các văn bản của Trung ương về công tác dân vận.
b) Xây dựng quy chế làm việc của chính quyền với Mặt trận.
Cơ quan thực hiện: Các cơ quan, đơn vị, địa phương;
Thời gian thực hiện: Thường xuyên.
2. Rà soát các văn bản của tỉnh về dân chủ ở cơ sở, đề xuất sửa đổi, bổ sung:
a) Cơ quan chủ trì: Sở Nội vụ;
b) Cơ quan phối hợp: Sở Tư pháp, các cơ quan, đơn vị, địa phương;
c) Thời gian thực hiện: Hoàn thành trước ngày 30 tháng 9 năm 2026.
3. Nâng cao hiệu quả tiếp công dân, đối thoại với Nhân dân.
- Cơ quan chủ trì: Thanh tra tỉnh;
- Cơ quan phối hợp: Sở Nội vụ;
- Thời gian thực hiện: Thường xuyên.
"""


def test_items_that_carry_their_owner_partners_and_time_as_fields() -> None:
    tasks = vndocx.extract_text(FIELDS + FOOT, source="f").tasks
    assert [t.text[:20] for t in tasks] == ["Quán triệt các văn b", "Xây dựng quy chế làm", "Rà soát các văn bản ",
                                            "Nâng cao hiệu quả ti"]  # the fields are no work of their own
    assert [t.owner for t in tasks] == [None, "Các cơ quan, đơn vị, địa phương", "Sở Nội vụ", "Thanh tra tỉnh"]
    assert [t.co_owners for t in tasks] == [[], [], ["Sở Tư pháp"], ["Sở Nội vụ"]]  # the catch-all is none
    assert [t.deadline and (t.deadline.kind, t.deadline.date) for t in tasks] == [
        None, ("ongoing", None), ("by", "2026-09-30"), ("ongoing", None)]


def test_fields_under_a_heading_that_reads_as_results_still_make_its_items_work() -> None:
    text = FIELDS.replace("1. Đổi mới công tác dân vận chính quyền", "III. Về công tác dân vận chính quyền") \
        .replace("II. NHIỆM VỤ\n", "")
    tasks = vndocx.extract_text(text + FOOT, source="f").tasks
    assert [t.owner for t in tasks][-2:] == ["Sở Nội vụ", "Thanh tra tỉnh"]


LAST_ITEMS = _district_plan("60", "ngày 02 tháng 6 năm 2026", "Chuyển đổi số năm 2026") + """III. TỔ CHỨC THỰC HIỆN
1. Phòng Văn hóa và Thông tin chủ trì hướng dẫn các xã lập trang thông tin điện tử.
2. Giao Văn phòng HĐND&UBND huyện chủ trì, theo dõi, tổng hợp kết quả, báo cáo Ủy ban nhân dân huyện trước ngày 30/9/2026./.
"""


def test_the_last_item_ending_the_body_is_work_and_the_closing_paragraph_no_part_of_it() -> None:
    tasks = vndocx.extract_text(LAST_ITEMS + FOOT, source="l").tasks
    assert [t.owner for t in tasks] == ["Phòng Văn hóa và Thông tin", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân huyện"]
    assert tasks[1].deadline.date == "2026-09-30"
    closing = LAST_ITEMS.replace("trước ngày 30/9/2026./.", "trước ngày 30/9/2026.") + (
        "Trên đây là Kế hoạch chuyển đổi số năm 2026 của Ủy ban nhân dân huyện. Văn phòng HĐND&UBND huyện có "
        "trách nhiệm theo dõi, đôn đốc việc thực hiện Kế hoạch này./.\n")
    tasks = vndocx.extract_text(closing + FOOT, source="l").tasks
    assert tasks[1].text.endswith("trước ngày 30/9/2026.")  # the closing is not more of the last item
    assert tasks[2].text.startswith("Văn phòng HĐND&UBND huyện có trách nhiệm theo dõi")  # its own assignment


def test_a_unit_named_with_its_parent_body_is_one_owner() -> None:
    tasks = _tasks("""1. Vụ Kế hoạch số - Văn phòng Bộ:
a) Tổng hợp kế hoạch đầu tư hạ tầng số của các đơn vị.
2. Cục Hạ tầng số chủ trì, phối hợp với Vụ Pháp chế - Văn phòng Bộ rà soát quy chuẩn kỹ thuật.
""")
    assert [t.owner for t in tasks] == ["Vụ Kế hoạch số - Văn phòng Bộ", "Cục Hạ tầng số"]
    assert tasks[1].co_owners == ["Vụ Pháp chế - Văn phòng Bộ"]


def test_the_body_after_an_introductory_clause_owns_the_work() -> None:
    tasks = _tasks("""1. Vụ Kế hoạch số:
- Xây dựng kế hoạch kiểm tra năm 2026.
- Kết thúc mỗi cuộc kiểm tra, Văn phòng Bộ thông báo kết luận của Bộ trưởng đến các đơn vị được kiểm tra.
- Trong quá trình thực hiện, nếu có vướng mắc thì Chánh Văn phòng Bộ báo cáo Bộ trưởng xem xét.
- Lãnh đạo các cơ quan, đơn vị được kiểm tra chịu trách nhiệm chuẩn bị báo cáo theo đề cương.
""")
    assert [t.owner for t in tasks] == ["Vụ Kế hoạch số", "Văn phòng Bộ", "Chánh Văn phòng Bộ",
                                        "Lãnh đạo các cơ quan, đơn vị được kiểm tra"]


def test_an_office_holder_over_one_body_is_the_owner_as_printed_over_a_class_the_class() -> None:
    tasks = _tasks("""1. Cục Hạ tầng số:
- Xây dựng kho dữ liệu dùng chung.
- Giám đốc Trung tâm Lưu trữ số có trách nhiệm bố trí kho lưu trữ dự phòng.
- Chủ tịch Ủy ban nhân dân các xã chỉ đạo cập nhật dữ liệu dân cư.
""")
    assert [t.owner for t in tasks] == ["Cục Hạ tầng số", "Giám đốc Trung tâm Lưu trữ số", "Ủy ban nhân dân các xã"]


def test_names_contact_lines_and_part_titles_are_no_work() -> None:
    tasks = _tasks("""1. Kiện toàn Ban biên tập Cổng thông tin điện tử của Bộ gồm:
1.1. Ông Trần Văn Khải - Chánh Văn phòng Bộ -
Trưởng ban;
1.2. Bà Lê Thu Hà - Phó Chánh Văn phòng Bộ -
Thành viên.
2. Các đơn vị gửi tin bài về đầu mối tiếp nhận:
Cục Hạ tầng số
Địa chỉ: Số 18 đường Hùng Vương, phường Đông Lạc;
Hòm thư điện tử tiếp nhận tin bài: tinbai@hatangso.example.vn.
3. Vụ Pháp chế rà soát quy chế biên tập trước ngày 30/6/2026.
Mục 2
TỔ CHỨC THỰC HIỆN
""")
    assert [t.text[:22] for t in tasks] == ["Vụ Pháp chế rà soát qu"]


LETTER = """SỞ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 88/SHTS-VP                     Hà Phong, ngày 02 tháng 6 năm 2026
V/v họp xét thi đua năm 2026

Kính gửi: Các đơn vị trực thuộc.

Ngày 28/5/2026, Trưởng Ban Chỉ đạo chuyển đổi số tỉnh đã chủ trì họp sơ kết 6 tháng.
Nhận được công văn này, đề nghị Thủ trưởng các đơn vị cử đại diện dự họp xét thi đua đúng thành phần; đồng thời gửi danh sách đề nghị khen thưởng về Văn phòng Sở trước ngày 10/6/2026.
Đề nghị các đơn vị nghiêm túc tổ chức thực hiện Công văn này./.
"""


def test_a_letter_asks_office_holders_and_its_closing_sentence_is_no_task() -> None:
    tasks = vndocx.extract_text(LETTER + FOOT, source="l").tasks
    assert [t.owner for t in tasks] == ["Thủ trưởng các đơn vị"]  # nothing from what was done, nor the closing
    assert tasks[0].text.endswith("trước ngày 10/6/2026.")  # "; đồng thời …" goes on: "đ" is no capital
    assert tasks[0].deadline.date == "2026-06-10"


QUALITY = _district_plan("09", "ngày 10 tháng 02 năm 2026", "Kiểm tra chất lượng công trình xây dựng năm 2026") + """I. TỔ CHỨC THỰC HIỆN
1. Phòng có chức năng quản lý đất đai thuộc Ủy ban nhân dân huyện có trách nhiệm giúp Ủy ban nhân dân huyện thực hiện các nội dung sau:
a) Kiểm tra định kỳ việc tuân thủ quy định về chất lượng công trình.
b) Phối hợp với Trung tâm Phát triển quỹ đất huyện lập danh sách công trình hết thời hạn sử dụng.
"""


def test_a_heading_sentence_names_its_subject_not_the_body_it_helps() -> None:
    tasks = vndocx.extract_text(QUALITY + FOOT, source="q").tasks
    assert [(t.owner, t.co_owners) for t in tasks] == [
        ("Phòng có chức năng quản lý đất đai thuộc Ủy ban nhân dân huyện", []),
        ("Phòng có chức năng quản lý đất đai thuộc Ủy ban nhân dân huyện", ["Trung tâm Phát triển quỹ đất huyện"])]  # "lập" ends the name


def test_các_before_a_list_of_bodies_is_not_part_of_the_first_name() -> None:
    (task,) = _tasks("""1. Các Sở Công Thương, Sở Xây dựng, Sở Y tế tổ chức kiểm tra an toàn công trình trong tháng 6/2026.
""")
    assert (task.owner, task.co_owners) == ("Sở Công Thương", ["Sở Xây dựng", "Sở Y tế"])


def test_an_item_whose_dash_ocr_misread_on_a_scan_is_an_item_of_its_own() -> None:
    from vndocx.pages import Line, Page
    from vndocx.pipeline import Pipeline

    body = ["1. Văn phòng Sở",
            "- Tổng hợp kết quả thực hiện nhiệm vụ tháng 02/2026 của các phòng.",
            "_ Đề xuất nội dung làm việc với Ủy ban nhân dân tỉnh, gửi Văn phòng Sở trước ngày 20/3/2026.",
            "_.~ Hoàn tất hồ sơ khen thưởng năm 2025.",
            "\" Tham mưu kế hoạch tập huấn nghiệp vụ văn thư.",
            "-~ Cập nhật danh mục hồ sơ năm 2026."]
    text = HEAD.replace("CHỈ THỊ", "THÔNG BÁO") + "\n".join(body) + FOOT
    lines = [Line(t, page=1, conf=90.0) for t in text.splitlines()]
    tasks = Pipeline(isolation="none").run([Page(number=1, kind="scan", lines=lines)], "s.png").tasks
    assert [t.text[:14] for t in tasks] == ["Tổng hợp kết q", "Đề xuất nội du", "Hoàn tất hồ sơ", "Tham mưu kế ho",
                                           "Cập nhật danh "]
    assert {t.owner for t in tasks} == {"Văn phòng Sở"}


def test_a_dashed_name_wrapped_at_its_dash_does_not_open_an_item() -> None:
    """A full line that stops mid-sentence, then "- Xã hội …": the line broke inside "Kinh tế - Xã
    hội", no new item; a dash after a line that ends short or ends a sentence opens one."""
    from vndocx.pages import Line, Page
    from vndocx.pipeline import Pipeline

    rows = [("1. Phòng Kế hoạch - Tài chính", 60, 300),
            ("- Rà soát các nhiệm vụ năm 2026 của Sở theo chương trình thực hiện Kế hoạch phát triển Kinh tế", 60, 540),
            ("- Xã hội năm 2026 của tỉnh, trình lãnh đạo Sở lộ trình thực hiện.", 60, 420),
            ("- Tham mưu kế hoạch bổ sung quy hoạch ngành", 60, 330),
            ("- Tổng hợp báo cáo tháng gửi Văn phòng Sở.", 60, 340)]
    head = HEAD.replace("CHỈ THỊ", "THÔNG BÁO").splitlines()
    lines = [Line(t, page=1, bbox=(60, 20 + 14 * i, 540, 32 + 14 * i), conf=90.0) for i, t in enumerate(head)]
    top = 20 + 14 * len(head)
    lines += [Line(t, page=1, bbox=(x0, top + 14 * i, x1, top + 12 + 14 * i), conf=90.0)
              for i, (t, x0, x1) in enumerate(rows)]
    tasks = Pipeline(isolation="none").run([Page(number=1, kind="scan", width=600, lines=lines)], "s.png").tasks
    assert [t.text[:20] for t in tasks] == ["Rà soát các nhiệm vụ", "Tham mưu kế hoạch bổ", "Tổng hợp báo cáo thá"]
    assert "Kinh tế - Xã hội năm 2026" in tasks[0].text


def test_asking_to_report_difficulties_is_the_closing_formula_a_named_body_asked_is_work() -> None:
    tasks = _tasks("""1. Vụ Kế hoạch số tổng hợp kết quả chuyển đổi số năm 2026.
2. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, đề nghị các cơ quan, đơn vị phản ánh về Bộ để được hướng dẫn./.
""")
    assert [t.owner for t in tasks] == ["Vụ Kế hoạch số"]
    (task,) = _tasks("""1. Quá trình thực hiện nếu có vướng mắc thì Chánh Văn phòng Bộ báo cáo Bộ trưởng xem xét./.
""")
    assert task.owner == "Chánh Văn phòng Bộ"


def test_one_kind_of_body_and_its_names_after_a_colon() -> None:
    tasks = _tasks("""II. TỔ CHỨC THỰC HIỆN
1. Giao các Sở: Tài chính, Nông nghiệp và Môi trường, Xây dựng và các cơ quan liên quan có trách nhiệm kiểm tra các nội dung sau khi điều chỉnh quy hoạch.
2. Các Phòng: Nội vụ, Tư pháp phối hợp rà soát thủ tục hành chính.
""")
    assert tasks[0].text.startswith("Giao các Sở: Tài chính")
    assert (tasks[0].owner, tasks[0].co_owners) == ("Sở Tài chính", ["Sở Nông nghiệp và Môi trường", "Sở Xây dựng"])
    assert (tasks[1].owner, tasks[1].co_owners) == ("Phòng Nội vụ", ["Phòng Tư pháp"])


def test_a_class_of_sectors_coordinates_and_a_catch_all_does_not() -> None:
    """"các sở, ngành" names the province's departments, a co-owner; with "địa phương" added, or a
    qualifier after the kind ("các ngành chức năng"), it is everybody and nobody in particular."""
    tasks = _tasks("""1. Trung tâm Phục vụ hành chính công tỉnh:
- Phối hợp với các sở, ngành rà soát quy trình nội bộ của các thủ tục hành chính.
- Phối hợp với các Sở, ban, ngành cập nhật dịch vụ công trực tuyến.
- Phối hợp với các sở, ngành, địa phương tuyên truyền dịch vụ công trực tuyến.
- Phối hợp với các ngành chức năng kiểm tra việc niêm yết thủ tục.
""")
    assert [t.co_owners for t in tasks] == [["các sở, ngành"], ["các Sở, ban, ngành"], [], []]


def test_the_coordinating_bodies_end_at_the_clause_verb() -> None:
    (task,) = _tasks("1. Công an tỉnh phối hợp Sở Tư pháp tiếp nhận hồ sơ và chuyển Sở Nội vụ thẩm định.\n")
    assert (task.owner, task.co_owners) == ("Công an tỉnh", ["Sở Tư pháp"])


def test_a_coordinating_body_named_with_verbs_inside_is_kept_whole() -> None:
    """The term of the construction law: "công trình" is no "trình", and "xây dựng" inside the name no verb."""
    (task,) = _tasks("1. Sở Xây dựng chủ trì, phối hợp với Sở quản lý công trình xây dựng chuyên ngành kiểm tra "
                     "an toàn công trình.\n")
    assert task.co_owners == ["Sở quản lý công trình xây dựng chuyên ngành"]


def test_a_class_opening_the_clause_keeps_its_description_up_to_the_verb() -> None:
    """The verb after "được giao" describes the class; "các tổ chức" is no verb "tổ chức"; the
    remit after the class ("theo thẩm quyền") is no part of its name."""
    tasks = _tasks("""1. Các Cục được giao thực hiện chức năng thanh tra chuyên ngành phối hợp với Thanh tra Bộ kiểm tra việc cấp phép.
2. Các Hội, Hiệp hội, các tổ chức hoạt động trong lĩnh vực hạ tầng số chủ động góp ý dự thảo luật.
3. Các cơ quan, đơn vị theo thẩm quyền cần nâng cao hiệu quả công tác tiếp công dân.
""")
    assert [t.owner for t in tasks] == [
        "Các Cục được giao thực hiện chức năng thanh tra chuyên ngành",
        "Các Hội, Hiệp hội, các tổ chức hoạt động trong lĩnh vực hạ tầng số",
        "Các cơ quan, đơn vị"]


def test_a_heading_of_office_holders_names_each_holder() -> None:
    """Holders of a council and the heads and deputies of units, at ";" and before each title; the
    verb "tổ chức" is no verb after "các"."""
    (task,) = _tasks("""1. Các thành viên Hội đồng Thi đua - Khen thưởng huyện; Trưởng, Phó các phòng, ban, Trưởng các tổ chức đoàn thể cơ quan có trách nhiệm:
- Quán triệt pháp luật về thi đua, khen thưởng đến công chức.
""")
    assert task.owner == "Các thành viên Hội đồng Thi đua - Khen thưởng huyện"
    assert task.co_owners == ["Trưởng, Phó các phòng, ban", "Trưởng các tổ chức đoàn thể cơ quan"]


def test_the_units_every_ministry_has_resolve_from_damaged_spellings() -> None:
    (task,) = _tasks("1. Vụ Thị đua - Khen thưởng chủ trì tổng hợp hồ sơ khen thưởng.\n")
    assert task.owner == "Vụ Thi đua - Khen thưởng"


def test_a_label_lists_its_bodies_with_semicolons_and_the_last_name_ends_at_the_colon() -> None:
    (task,) = _tasks("1. Học viện Hạ tầng số; Trường Cao đẳng Kỹ thuật Đồi Mai; Trường Trung cấp Công nghiệp In: "
                     "Tổ chức tuyển sinh năm 2026 bảo đảm chỉ tiêu được giao.\n")
    assert task.text == "Tổ chức tuyển sinh năm 2026 bảo đảm chỉ tiêu được giao."
    assert (task.owner, task.co_owners) == (
        "Học viện Hạ tầng số", ["Trường Cao đẳng Kỹ thuật Đồi Mai", "Trường Trung cấp Công nghiệp In"])


def test_a_lead_in_item_for_a_class_gives_it_the_plus_items_below() -> None:
    """The class as printed, the genre's terms written out ("HTTT"), for the "+" items only."""
    tasks = _tasks("""1. Các Sở, ban, ngành tỉnh
- Tập trung triển khai các chỉ tiêu được giao.
- Đối với các Sở, ban, ngành có HTTT triển khai tới Ủy ban nhân dân cấp xã:
+ Tiếp nhận thông tin, hỗ trợ xử lý vướng mắc của các đơn vị.
+ Tổ chức tập huấn khai thác các nền tảng số.
- Cung cấp tài liệu chuyên ngành cho người dân.
""")
    lead = "Các Sở, ban, ngành có hệ thống thông tin triển khai tới Ủy ban nhân dân cấp xã"
    assert [t.owner for t in tasks] == ["Các Sở, ban, ngành tỉnh", lead, lead, "Các Sở, ban, ngành tỉnh"]


def test_the_issuers_own_part_is_no_task() -> None:
    # a plan of the district's People's Committee: what the committee itself does is no work it gives
    tasks = _tasks("""II. TỔ CHỨC THỰC HIỆN
1. Ủy ban nhân dân huyện:
- Thống nhất quản lý công tác bảo vệ môi trường trên địa bàn huyện.
2. Phòng Tài nguyên và Môi trường:
- Chủ trì kiểm tra các cơ sở sản xuất, báo cáo trước ngày 15/6/2026.
3. Ủy ban nhân dân các xã, thị trấn tuyên truyền đến người dân.
""", _district_plan("31", "ngày 02 tháng 3 năm 2026", "Bảo vệ môi trường năm 2026"))
    assert [t.owner for t in tasks] == ["Phòng Tài nguyên và Môi trường", "Ủy ban nhân dân các xã, thị trấn"]


def test_a_joint_texts_issuers_each_have_their_share() -> None:
    head = HEAD.replace("BỘ HẠ TẦNG SỐ   ", "BỘ HẠ TẦNG SỐ -", 1).replace("\n", "\nBỘ NỘI VỤ", 1)
    tasks = _tasks("""1. Bộ Hạ tầng số:
- Xây dựng cơ sở dữ liệu hạ tầng số.
2. Bộ Nội vụ:
- Hướng dẫn tuyển dụng công chức chuyên trách.
""", head)
    assert [t.owner for t in tasks] == ["Bộ Hạ tầng số", "Bộ Nội vụ"]


def test_a_lead_in_that_asks_a_class_first_gives_it_the_items() -> None:
    tasks = _tasks("""I. NỘI DUNG
1. Các nội dung yêu cầu thực hiện:
Chủ tịch Ủy ban nhân dân huyện yêu cầu các phòng, ban, UBND các xã, thị trấn, cán bộ, công chức thực hiện nghiêm các nội dung sau:
- Rà soát hồ sơ lưu trữ của cơ quan.
2. Các phòng, Công an huyện:
- Phối hợp với các phòng chuyên môn tổ chức hội thi.
""", _district_plan("40", "ngày 04 tháng 3 năm 2026", "Công tác lưu trữ năm 2026"))
    assert [(t.owner, t.co_owners) for t in tasks] == [
        ("các phòng, ban", ["Ủy ban nhân dân các xã, thị trấn"]),
        ("Các phòng", ["Công an huyện", "các phòng chuyên môn"])]


def test_a_label_that_leads_into_items_gives_them_its_bodies() -> None:
    tasks = _tasks("""1. Về xây dựng thể chế:
Các cục, vụ thuộc Bộ: Xây dựng, trình ban hành đúng hạn các văn bản quy phạm pháp luật, cụ thể:
1.1. Trình đúng tiến độ các đề án trong Chương trình công tác năm 2026.
1.2. Rà soát văn bản hết hiệu lực trước ngày 30/6/2026.
""")
    assert [t.owner for t in tasks] == ["Các cục, vụ thuộc Bộ"] * 3


def test_a_heading_that_says_when_gives_its_items_that_time() -> None:
    tasks = _tasks("""1. Các nhiệm vụ phải hoàn thành trong tháng 4 năm 2026:
- Vụ Kế hoạch số hoàn thiện phương án cắt giảm điều kiện kinh doanh.
- Văn phòng Bộ trình dự thảo Quy chế làm việc trước ngày 20 tháng 4 năm 2026.
""")
    assert [(t.deadline.date, t.deadline.kind) for t in tasks] == [("2026-04-30", "within"), ("2026-04-20", "by")]


def test_a_clause_of_a_rules_article_that_gives_a_body_its_part_is_a_task() -> None:
    head = HEAD.replace("Số: 05/CT-BHTS", "Số: 07/2026/TT-BHTS").replace(
        "CHỈ THỊ\nVề nhiệm vụ trọng tâm năm 2026", "THÔNG TƯ\nQuy định về thi chứng chỉ kỹ năng số").split("\nĐể hoàn")[0]
    tasks = _tasks("""
Điều 1. Phạm vi điều chỉnh
Thông tư này quy định về thi và cấp chứng chỉ kỹ năng số.
Điều 2. Ngân hàng câu hỏi thi
1. Ngân hàng câu hỏi thi được xây dựng thống nhất trên phạm vi cả nước.
2. Cục Chuyển đổi số chủ trì xây dựng, quản lý và vận hành ngân hàng câu hỏi thi.
3. Các cơ quan, tổ chức có trách nhiệm bố trí kinh phí cho kỳ thi.
4. Các trung tâm sát hạch thực hiện chế độ báo cáo sau mỗi đợt thi.
""", head)
    assert [(t.section, t.owner) for t in tasks] == [("2.2", "Cục Chuyển đổi số"), ("2.4", "Các trung tâm sát hạch")]


OPINION = """UBND TỈNH LẠC SƠN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ NỘI VỤ                                Độc lập - Tự do - Hạnh phúc
Số: 88/SNV-CCHC                          Lạc Sơn, ngày 10 tháng 3 năm 2026
V/v góp ý dự thảo tài liệu kỹ thuật

Kính gửi: Tổ Công tác triển khai Đề án số hóa hồ sơ tỉnh Lạc Sơn.

1. Sở Nội vụ cơ bản nhất trí với dự thảo tài liệu kèm theo Công văn số 12/TCT của Tổ Công tác. Tuy nhiên, có một số ý kiến như sau:
- Về kết nối dữ liệu:
Hiện nay hệ thống quản lý hồ sơ của tỉnh đã kết nối với Cổng dịch vụ công. Vì vậy, đề nghị Tổ công tác phối hợp với Sở Khoa học và Công nghệ làm rõ lộ trình nâng cấp hệ thống.
- Về trường thông tin:
Tài liệu chỉ yêu cầu hai trường thông tin khi tra cứu.
2. Trong quá trình thực hiện, nếu có vướng mắc, Sở Nội vụ sẽ kịp thời báo cáo Tổ Công tác./.
"""


def test_a_letter_of_opinions_asks_the_recipient_by_its_short_name() -> None:
    tasks = vndocx.extract_text(OPINION + FOOT, source="o").tasks
    assert [(t.owner, t.co_owners) for t in tasks] == [
        ("Tổ Công tác triển khai Đề án số hóa hồ sơ tỉnh Lạc Sơn", ["Sở Khoa học và Công nghệ"])]


def test_a_reports_account_of_what_was_done_is_no_work_its_plan_is() -> None:
    head = HEAD.replace("Số: 05/CT-BHTS", "Số: 61/BC-BHTS").replace(
        "CHỈ THỊ\nVề nhiệm vụ trọng tâm năm 2026", "BÁO CÁO\nKết quả công tác tháng 12 năm 2025").split("\nĐể hoàn")[0]
    tasks = _tasks("""
TÌNH HÌNH THỰC HIỆN CÔNG TÁC THÁNG 12 NĂM 2025
1. Chỉ đạo các đơn vị trực thuộc rà soát hạ tầng mạng cấp xã.
2. Triển khai thực hiện chỉ đạo của Bộ trưởng về chuyển đổi số.
II. NHIỆM VỤ TRỌNG TÂM THÁNG 01 NĂM 2026
1. Vụ Kế hoạch số tổng hợp báo cáo năm trước ngày 15/01/2026.
""", head)
    assert [(t.owner, t.text[:20]) for t in tasks] == [("Vụ Kế hoạch số", "Vụ Kế hoạch số tổng ")]


def test_a_holder_named_in_brackets_owns_the_work_and_its_plus_items() -> None:
    tasks = _tasks("""II. TỔ CHỨC THỰC HIỆN
1. Về bảo vệ bí mật nhà nước:
- Giao phòng có công chức vi phạm (cụ thể Phòng Nội vụ, Thanh tra huyện) chủ trì, rà soát máy tính soạn thảo tài liệu mật.
+ Quán triệt đến công chức về việc soạn thảo tài liệu mật trên máy tính không kết nối mạng.
+ Tham mưu kinh phí trang bị máy tính riêng cho công tác bảo mật.
""", _district_plan("44", "ngày 05 tháng 3 năm 2026", "Khắc phục tồn tại về bảo vệ bí mật nhà nước"))
    assert [(t.owner, t.co_owners) for t in tasks] == [
        ("Phòng Nội vụ", ["Thanh tra huyện"]), ("Phòng Nội vụ", []), ("Phòng Nội vụ", [])]
    tasks = _tasks("""II. TỔ CHỨC THỰC HIỆN
1. Về bảo vệ bí mật nhà nước:
- Giao Phòng Nội vụ chủ trì, rà soát máy tính soạn thảo tài liệu mật.
- Về công tác tuyên truyền:
+ Đăng tin về bảo vệ bí mật nhà nước trên trang thông tin điện tử huyện.
""", _district_plan("44", "ngày 05 tháng 3 năm 2026", "Khắc phục tồn tại về bảo vệ bí mật nhà nước"))
    assert tasks[-1].owner is None  # another "-" item, a lead-in, ends the first one's parts


def test_a_lead_in_that_delegates_gives_the_items_to_the_delegate() -> None:
    tasks = _tasks("""II. TỔ CHỨC THỰC HIỆN
1. Về kiểm tra an toàn nhà văn hóa:
Phân cấp Ủy ban nhân dân các xã, thị trấn tổ chức thực hiện việc kiểm tra an toàn nhà văn hóa trên địa bàn, cụ thể:
a) Rà soát các nhà văn hóa thôn đã xuống cấp.
b) Báo cáo kết quả về Phòng Văn hóa và Thông tin trước ngày 30/6/2026.
""", _district_plan("47", "ngày 06 tháng 3 năm 2026", "Kiểm tra an toàn nhà văn hóa"))
    assert [t.owner for t in tasks][-2:] == ["Ủy ban nhân dân các xã, thị trấn"] * 2


def test_a_list_of_bodies_goes_on_after_a_semicolon_and_a_bare_locality_is_the_bodys_before() -> None:
    (task,) = _tasks("""1. Giao Sở Xây dựng chủ trì, phối hợp với UBND huyện Đồi Mai; UBND xã Hòa An, xã Lạc Thủy và các đơn vị liên quan kiểm tra ranh giới khu đất.
""")
    assert task.owner == "Sở Xây dựng"
    assert task.co_owners == ["Ủy ban nhân dân huyện Đồi Mai", "Ủy ban nhân dân xã Hòa An",
                              "Ủy ban nhân dân xã Lạc Thủy"]


def test_units_named_by_their_bare_head_word_open_a_clause() -> None:
    # an office names its own units by the head word alone ("Công đoàn", "Chi bộ"); "căn cứ" is
    # the clause's verb, no part of a name
    tasks = _tasks("""1. Công đoàn, Chi đoàn Thanh niên căn cứ nội dung Chỉ thị phát động phong trào thi đua.
2. Đề nghị Chi ủy, Chi bộ tăng cường lãnh đạo việc thực hiện Chỉ thị.
""")
    assert [(t.owner, t.co_owners) for t in tasks] == [("Công đoàn", ["Chi đoàn Thanh niên"]),
                                                       ("Chi ủy", ["Chi bộ"])]


def test_a_long_list_of_classes_opening_a_clause_is_a_joint_assignment() -> None:
    # past the length of one class: the first named leads, the others (classes as printed, bodies
    # by name) coordinate
    (task,) = _tasks("""III. TỔ CHỨC THỰC HIỆN
1. Các phòng chuyên môn thuộc Ủy ban nhân dân huyện, các đơn vị sự nghiệp công lập trực thuộc, Công an huyện và Ủy ban nhân dân các xã, thị trấn tiếp tục thực hiện nghiêm các nhiệm vụ cải cách hành chính.
""", head=_district_plan("07", "ngày 12 tháng 01 năm 2026", "Cải cách hành chính năm 2026"))
    assert task.owner == "Các phòng chuyên môn thuộc Ủy ban nhân dân huyện"
    assert task.co_owners == ["các đơn vị sự nghiệp công lập trực thuộc", "Công an huyện",
                              "Ủy ban nhân dân các xã, thị trấn"]


WEBSITES = """UBND HUYỆN ĐỒI MAI                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
                                         Độc lập - Tự do - Hạnh phúc
Số: 214/UBND-VHTT                        Đồi Mai, ngày 16 tháng 3 năm 2026
V/v xây dựng trang thông tin điện tử cấp xã

Kính gửi: UBND các xã, thị trấn.

Để trang thông tin điện tử cấp xã hoạt động hiệu quả, đề nghị thực hiện các nội dung sau:
1. Rà soát, công khai thủ tục hành chính trên trang thông tin điện tử trước ngày 30/4/2026.
2. Cập nhật thông tin chỉ đạo, điều hành lên trang thông tin điện tử hằng tuần.
"""


def test_a_letters_work_that_names_no_one_is_its_recipients() -> None:
    tasks = vndocx.extract_text(WEBSITES + FOOT, source="w").tasks
    assert [(t.owner, t.co_owners) for t in tasks] == [("Ủy ban nhân dân các xã, thị trấn", [])] * 2
    plan = WEBSITES.replace("Số: 214/UBND-VHTT", "Số: 21/KH-UBND").replace(
        "V/v xây dựng trang thông tin điện tử cấp xã", "KẾ HOẠCH\nXây dựng trang thông tin điện tử cấp xã")
    assert all(t.owner is None for t in vndocx.extract_text(plan + FOOT, source="p").tasks)  # no letter: no one named


CONCLUSIONS = """UBND TỈNH LẠC SƠN                       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
VĂN PHÒNG                                Độc lập - Tự do - Hạnh phúc
Số: 77/TB-VP                             Lạc Sơn, ngày 20 tháng 4 năm 2026

THÔNG BÁO
Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Văn hóa

Ngày 18 tháng 4 năm 2026, Chủ tịch Ủy ban nhân dân tỉnh làm việc với Sở Văn hóa. Sau khi nghe báo cáo, Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:
I. ĐÁNH GIÁ CHUNG
Ghi nhận những kết quả Sở Văn hóa đã đạt được trong quý I năm 2026.
II. VỀ CÁC KIẾN NGHỊ CỦA SỞ VĂN HÓA
1. Về việc xây dựng Đề án bảo tồn di sản (Đề án dự kiến hoàn thành năm 2028): Giao Sở Văn hóa chủ trì, phối hợp với Sở Tài chính hoàn thiện dự thảo, trình Ủy ban nhân dân tỉnh trước ngày 30 tháng Š năm 2026.
2. Về đề nghị bổ sung kinh phí tu bổ di tích: Đồng ý về chủ trương, giao Sở Tài chính chủ trì thẩm định, báo cáo Ủy ban nhân dân tỉnh trong tháng 6 năm 2026.
3. Về kiến nghị tổ chức Lễ hội Đồi Mai: Sở Văn hóa căn cứ tình hình thực tế xây dựng kế hoạch tổ chức, báo cáo trước ngày 15/5/2026.
4. Về đề nghị bổ sung biên chế: Ghi nhận, sẽ xem xét khi có chỉ tiêu biên chế mới.
"""


def test_a_notices_answers_to_proposals_that_give_work_are_tasks() -> None:
    tasks = vndocx.extract_text(CONCLUSIONS + FOOT, source="c").tasks
    assert [(t.owner, t.co_owners, t.deadline and t.deadline.date) for t in tasks] == [
        ("Sở Văn hóa", ["Sở Tài chính"], "2026-05-30"),  # the answer's date (a month OCR read as "Š"), not the topic's
        ("Sở Tài chính", [], "2026-06-30"),
        ("Sở Văn hóa", [], "2026-05-15"),
    ]  # the fourth answer only notes: no work
    report = CONCLUSIONS.replace("Số: 77/TB-VP", "Số: 77/BC-VP").replace(
        "THÔNG BÁO\nKết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc với Sở Văn hóa",
        "BÁO CÁO\nKết quả công tác văn hóa quý I năm 2026")
    assert vndocx.extract_text(report + FOOT, source="r").tasks == []  # a report's proposals assign nothing


def test_the_person_named_after_an_office_is_part_of_the_owner() -> None:
    tasks = _tasks("""1. Giao Phó Thủ tướng Chính phủ Lê Minh Khang chủ trì họp với Bộ Tài chính, Bộ Tư pháp đề xuất phương án chuyển giao, báo cáo trước ngày 15/5/2026.
2. Phân công Phó Thủ tướng Chính phủ Lê Minh Khang theo dõi, trực tiếp chỉ đạo Bộ Hạ tầng số.
""")
    assert [t.owner for t in tasks] == ["Phó Thủ tướng Chính phủ Lê Minh Khang"] * 2  # "phân công" gives work as "giao"


def test_a_unit_named_with_the_body_it_belongs_to_is_one_owner() -> None:
    (task,) = _tasks("""1. Trung tâm Kỹ thuật Hạ tầng thuộc Công ty Cổ phần Viễn thông Đồi Mai có trách nhiệm vận hành hệ thống trước ngày 30/6/2026.
""")
    assert task.owner == "Trung tâm Kỹ thuật Hạ tầng thuộc Công ty Cổ phần Viễn thông Đồi Mai"


def test_a_class_encouraged_to_do_the_work_owns_it() -> None:
    (task,) = _tasks("""1. Khuyến khích các doanh nghiệp viễn thông trên địa bàn tỉnh cử nhân sự hỗ trợ người dân cài đặt ứng dụng.
""")
    assert task.owner == "Các doanh nghiệp viễn thông trên địa bàn tỉnh"


DRAFT_LETTER = """SỞ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 91/SHTS-VP                     Hà Phong, ngày 05 tháng 6 năm 2026
V/v góp ý dự thảo Quy chế làm việc

Kính gửi:
- Phòng Kế hoạch - Tài chính;
- Phòng Bưu chính - Viễn thông.

Để Quy chế được hoàn chỉnh trước khi trình Giám đốc Sở ban hành, căn cứ Luật Ban hành văn bản quy phạm pháp luật năm 2015, Văn phòng Sở đề nghị Phòng Kế hoạch - Tài chính, Phòng Bưu chính - Viễn thông có ý kiến đóng góp đối với dự thảo.
Văn bản góp ý đối với dự thảo Quy chế làm việc của Sở Hạ tầng số tỉnh, Hà Phong đề nghị các đơn vị gửi về Văn phòng Sở trước ngày 12/6/2026.
Dự thảo có phạm vi điều chỉnh rộng, do đó, đề nghị Thanh tra Sở rà soát kỹ các quy định về kiểm tra nội bộ.
"""


def test_a_sentence_that_opens_with_its_purpose_is_the_work_whole() -> None:
    """A clause starts after the last comma before "đề nghị" only where that comma opens it: a
    sentence opening "Để …" or "Căn cứ …" is the work whole, and a comma inside a phrase ("… tỉnh,
    Hà Phong đề nghị") cuts nothing; ", do đó, đề nghị …" still starts the work at "đề nghị"."""
    tasks = vndocx.extract_text(DRAFT_LETTER + FOOT, source="l").tasks
    assert [t.text[:24] for t in tasks] == ["Để Quy chế được hoàn chỉ", "Văn bản góp ý đối với dự",
                                           "đề nghị Thanh tra Sở rà "]
    assert [t.owner for t in tasks] == ["Phòng Kế hoạch - Tài chính", "Phòng Kế hoạch - Tài chính", "Thanh tra Sở"]


REPORT_LETTER = """SỞ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 95/SHTS-VP                     Hà Phong, ngày 01 tháng 12 năm 2026
V/v báo cáo công tác chuyển đổi số năm 2026

Kính gửi:
- Giám đốc các trung tâm trực thuộc Sở;
- Trưởng các phòng thuộc Sở.

Thực hiện Công văn số 210/BHTS-VP của Bộ Hạ tầng số, Giám đốc Sở yêu cầu Giám đốc các trung tâm trực thuộc Sở thực hiện các nội dung sau:
Báo cáo kết quả chuyển đổi số năm 2026 theo mẫu (đính kèm) gửi về Văn phòng Sở trước ngày 16/12/2026. Để kịp tổng hợp báo cáo Bộ, đề nghị các đơn vị gửi bản mềm qua thư điện tử vanphong@haphong.gov.vn.
"""


def test_a_later_sentence_or_paragraph_that_asks_again_is_a_task_of_its_own() -> None:
    """A paragraph of two requests is two tasks, the second (asking "các đơn vị", nobody in
    particular) the lead-in's bodies' too; a paragraph without a dash that asks a body for work
    is no more of the item above it."""
    tasks = vndocx.extract_text(REPORT_LETTER + FOOT, source="l").tasks
    assert [(t.text[:22], t.owner, t.deadline and t.deadline.date) for t in tasks] == [
        ("Báo cáo kết quả chuyển", "Giám đốc các trung tâm trực thuộc Sở", "2026-12-16"),
        ("Để kịp tổng hợp báo cá", "Giám đốc các trung tâm trực thuộc Sở", None)]
    tasks = _tasks("""1. Các Cục tập trung triển khai kế hoạch chuyển đổi số năm 2026.
2. Văn phòng Bộ theo dõi, đôn đốc việc thực hiện các nhiệm vụ được giao.
Yêu cầu các Vụ, Ủy ban nhân dân các tỉnh thực hiện nghiêm túc chế độ báo cáo định kỳ.
""")
    assert [(t.text[:20], t.owner, t.co_owners) for t in tasks] == [
        ("Các Cục tập trung tr", "Các Cục", []), ("Văn phòng Bộ theo dõ", "Văn phòng Bộ", []),
        ("Yêu cầu các Vụ, Ủy b", "các Vụ", ["Ủy ban nhân dân các tỉnh"])]


FORMS_LETTER = """SỞ HẠ TẦNG SỐ                      CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH HÀ PHONG                      Độc lập - Tự do - Hạnh phúc
Số: 97/SHTS-VP                     Hà Phong, ngày 20 tháng 12 năm 2026
V/v báo cáo tình hình sử dụng vật tư

Kính gửi: Các trung tâm trực thuộc Sở.

Sở Hạ tầng số đề nghị các trung tâm trực thuộc Sở báo cáo tình hình sử dụng vật tư như sau:
1. Biểu mẫu báo cáo đính kèm, đề nghị tải về tại hộp thư điện tử: vanphongsohatangso()gimaiLcom
Lưu ý: mỗi đơn vị dùng một biểu mẫu riêng, số liệu phải khớp với hóa đơn mua vật tư.
2. Báo cáo gửi về Văn phòng Sở trước ngày 10/01/2027.
Sở Hạ tầng số đề nghị các đơn vị khẩn trương thực hiện chế độ báo cáo theo đúng quy định./. ~jg
"""


def test_an_item_that_gives_an_address_after_its_colon_is_work_not_a_title() -> None:
    """"1. …, đề nghị tải về tại hộp thư điện tử: <address>" (the "@" lost to OCR) is the item's
    work, not its title; the letter's last paragraph ("…./." and a speck of OCR debris) is no more
    of the item above it."""
    tasks = vndocx.extract_text(FORMS_LETTER + FOOT, source="l").tasks
    assert tasks[0].text.startswith("Biểu mẫu báo cáo đính kèm, đề nghị tải về")
    assert tasks[0].text.endswith("khớp với hóa đơn mua vật tư.")
    assert tasks[1].text == "Báo cáo gửi về Văn phòng Sở trước ngày 10/01/2027."
    assert tasks[1].deadline.date == "2027-01-10"


def test_a_courteous_request_is_work_and_the_courteous_closing_is_not() -> None:
    # "kính đề nghị" asks the recipients for work (after a comma too); "Kính đề nghị … quan tâm, tạo
    # điều kiện" is the closing formula. "các thành viên" asked in a letter to "Thành viên Đoàn …"
    # is that recipient, the symbol it cites as printed ("12/QĐ-UBND", not written out).
    doc = vndocx.extract_text("""VĂN PHÒNG ĐIỀU PHỐI NÔNG THÔN MỚI TỈNH ĐỒI MAI
Số: 12/VPĐP-KH
V/v lịch kiểm tra

Kính gửi: Thành viên Đoàn kiểm tra liên ngành theo Quyết định số 12/QĐ-UBND của Ủy ban nhân dân tỉnh

Văn phòng Điều phối nông thôn mới tỉnh thông báo lịch kiểm tra như sau:
Thời gian: từ ngày 16/10/2026 đến ngày 20/10/2026.
Văn phòng bố trí xe chung để chở Đoàn, kính đề nghị các thành viên Đoàn tập trung tại Văn phòng lúc 7 giờ ngày 16/10/2026.
Kính đề nghị Ủy ban nhân dân tỉnh quan tâm, tạo điều kiện./.
""")
    assert [(t.owner, t.text) for t in doc.tasks] == [(
        "Thành viên Đoàn kiểm tra liên ngành theo Quyết định số 12/QĐ-UBND của Ủy ban nhân dân tỉnh",
        "kính đề nghị các thành viên Đoàn tập trung tại Văn phòng lúc 7 giờ ngày 16/10/2026.")]


def test_a_conclusions_appraisal_that_goes_on_to_give_work_gives_that_work() -> None:
    # "1. Đánh giá cao …; giao Sở … phối hợp …": the item appraises, then, after the ";", assigns
    doc = vndocx.extract_text("""BAN CHỈ ĐẠO CẢI CÁCH HÀNH CHÍNH TỈNH ĐỒI MAI
Số: 7/TB-BCĐ

THÔNG BÁO
Kết luận của Trưởng Ban Chỉ đạo tại phiên họp thứ nhất

Ngày 10 tháng 3 năm 2026, Trưởng Ban Chỉ đạo chủ trì phiên họp. Trưởng Ban Chỉ đạo kết luận như sau:
1. Đánh giá cao công tác chuẩn bị tài liệu của Sở Nội vụ và ý kiến của các thành viên Ban Chỉ đạo; giao Sở Nội vụ phối hợp với Văn phòng Ủy ban nhân dân tỉnh tiếp thu ý kiến, hoàn thiện các dự thảo.
2. Đánh giá cao kết quả cải cách hành chính năm 2025 của các sở, ngành.
3. Các sở, ngành phối hợp chặt chẽ để hoàn thành các nhiệm vụ được giao.
Văn phòng Ban Chỉ đạo thông báo để các cơ quan biết, thực hiện./.
""")
    assert [(t.owner, t.co_owners, t.text[:30]) for t in doc.tasks] == [
        ("Sở Nội vụ", ["Văn phòng Ủy ban nhân dân tỉnh"], "giao Sở Nội vụ phối hợp với Vă"),
        ("Các sở, ngành", [], "Các sở, ngành phối hợp chặt ch")]
