"""Deadlines: every written form of a Vietnamese time expression, what is not a deadline, year
inference, table cells, and property tests that write generated dates in every form."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vndocx.extraction.deadlines import find_dates, find_deadlines, parse_date, parse_deadline

from conftest import need_shared

DOC = date(2025, 10, 20)


def _one(text: str, doc_date: date | None = DOC):
    found = find_deadlines(text, doc_date)
    assert len(found) == 1, (text, [m.deadline for m in found])
    match = found[0]
    start, end = match.span
    assert " ".join(text[start:end].split()) == match.deadline.raw  # the span is the raw text
    return match.deadline, match.warnings


@pytest.mark.parametrize(("text", "raw", "iso", "kind"), [
    ("Sở Nội vụ tổng hợp, báo cáo trước ngày 30 tháng 10 năm 2025.", "trước ngày 30 tháng 10 năm 2025",
     "2025-10-30", "by"),
    ("Các xã gửi danh sách trước ngày 05/01/2026 để tổng hợp.", "trước ngày 05/01/2026", "2026-01-05", "by"),
    ("Hoàn thành trong tháng 12/2025.", "trong tháng 12/2025", "2025-12-31", "within"),
    ("giải quyết dứt điểm (hoàn thành chậm nhất trong tháng 11 năm 2025) các hồ sơ tồn đọng",
     "chậm nhất trong tháng 11 năm 2025", "2025-11-30", "within"),
    ("Trình Ủy ban nhân dân tỉnh Lạc Sơn trong quý I/2026.", "trong quý I/2026", "2026-03-31", "within"),
    ("Tỷ lệ hồ sơ trực tuyến đạt 80% trong năm 2026.", "trong năm 2026", "2026-12-31", "within"),
    ("nộp báo cáo chậm nhất là ngày 5-1-2026", "chậm nhất là ngày 5-1-2026", "2026-01-05", "by"),
    ("Tiếp nhận ý kiến đến hết ngày 31.12.2025.", "đến hết ngày 31.12.2025", "2025-12-31", "by"),
    ("Gửi văn bản về Sở Công Thương trước 16 giờ 00, thứ Sáu, ngày 05/12/2025.",
     "trước 16 giờ 00, thứ Sáu, ngày 05/12/2025", "2025-12-05", "by"),
    ("Thời gian thực hiện: Từ ngày 01/11/2025 đến ngày 30/11/2025.",
     "Từ ngày 01/11/2025 đến ngày 30/11/2025", "2025-11-30", "by"),
    ("Hoàn thành tháng 12/2025.", "tháng 12/2025", "2025-12-31", "within"),
    ("Hoàn thành trong 6 tháng đầu năm 2026.", "trong 6 tháng đầu năm 2026", "2026-06-30", "within"),
    ("Sửa lỗi trong tuần đầu tháng 12/2025.", "trong tuần đầu tháng 12/2025", "2025-12-07", "within"),
    ("Thực hiện trong giai đoạn 2026 - 2030.", "trong giai đoạn 2026 - 2030", "2030-12-31", "within"),
    ("Tổ chức tập huấn trong tháng 11 và tháng 12 năm 2025.", "trong tháng 11 và tháng 12 năm 2025",
     "2025-12-31", "within"),
    ("Trình đề án trước tháng 12/2025.", "trước tháng 12/2025", "2025-11-30", "by"),
    ("Hoàn thành trong quý IV năm 2025.", "trong quý IV năm 2025", "2025-12-31", "within"),
    ("Thời hạn: 30/11/2025", "30/11/2025", "2025-11-30", "by"),
    ("Tiến độ hoàn thành: Quý 2/2026", "Quý 2/2026", "2026-06-30", "within"),
    ("Hoàn\n\nthành trước ngày 15 tháng 01 năm 2026.", "trước ngày 15 tháng 01 năm 2026", "2026-01-15", "by"),
])
def test_dated_forms(text: str, raw: str, iso: str, kind: str) -> None:
    deadline, warnings = _one(text)
    assert (deadline.raw, deadline.date, deadline.kind) == (raw, iso, kind)
    assert deadline.recurrence is None and deadline.starts is None and warnings == []


@pytest.mark.parametrize(("text", "raw", "recurrence", "starts"), [
    ("Báo cáo tại cuộc họp giao ban định kỳ sáng thứ Hai hằng tuần.", "định kỳ sáng thứ Hai hằng tuần",
     "weekly", None),
    ("Kể từ tháng 11 năm 2025, định kỳ hằng tháng công khai kết quả.",
     "Kể từ tháng 11 năm 2025, định kỳ hằng tháng", "monthly", "2025-11-01"),
    ("Định kỳ hằng quý, bắt đầu từ quý I/2026, báo cáo tiến độ.", "Định kỳ hằng quý, bắt đầu từ quý I/2026",
     "quarterly", "2026-01-01"),
    ("Kiểm tra trật tự xây dựng định kỳ hàng quý.", "định kỳ hàng quý", "quarterly", None),
    ("Tổng hợp, báo cáo Ủy ban nhân dân tỉnh hằng tháng.", "hằng tháng", "monthly", None),
    ("Các xã báo cáo trước ngày 20 hằng tháng.", "trước ngày 20 hằng tháng", "monthly", None),
    ("Gửi kế hoạch năm sau trước ngày 15/12 hằng năm.", "trước ngày 15/12 hằng năm", "yearly", None),
    ("Tỉnh đoàn giới thiệu ít nhất hai mô hình mới mỗi tháng.", "mỗi tháng", "monthly", None),
    ("Báo cáo sơ kết định kỳ 6 tháng một lần.", "định kỳ 6 tháng một lần", "half-yearly", None),
    ("Họp giao ban chuyên môn hai tuần một lần.", "hai tuần một lần", "biweekly", None),
    ("Cập nhật số liệu lên hệ thống trước 16h00 hằng ngày.", "trước 16h00 hằng ngày", "daily", None),
    ("Báo cáo kết quả định kỳ vào ngày 05 tháng 12 hằng năm.", "định kỳ vào ngày 05 tháng 12 hằng năm", "yearly",
     None),
    ("Tổ chức giao ban vào chiều thứ Sáu hằng tuần.", "vào chiều thứ Sáu hằng tuần", "weekly", None),
    ("Hằng năm, xây dựng kế hoạch kiểm tra công tác văn thư.", "Hằng năm", "yearly", None),  # opening the duty
    ("Định kỷ hằng quý báo cáo kết quả.", "Định kỷ hằng quý", "quarterly", None),  # OCR's hook for the grave
])
def test_recurring_forms(text: str, raw: str, recurrence: str | None, starts: str | None) -> None:
    deadline, _ = _one(text)
    assert (deadline.raw, deadline.kind, deadline.date) == (raw, "recurring", None)
    assert (deadline.recurrence, deadline.starts) == (recurrence, starts)


@pytest.mark.parametrize(("text", "raw"), [
    ("Gửi tham luận trước 03 ngày tính đến ngày khai mạc Hội nghị để in tài liệu.",
     "trước 03 ngày tính đến ngày khai mạc Hội nghị"),
    ("Trả lời trong thời hạn 07 ngày làm việc kể từ ngày nhận được văn bản, gửi Sở Tư pháp.",
     "trong thời hạn 07 ngày làm việc kể từ ngày nhận được văn bản"),
    ("Hoàn thiện tài liệu trước khi tổ chức Hội nghị.", "trước khi tổ chức Hội nghị"),
    ("Phản hồi trong vòng 03 ngày làm việc.", "trong vòng 03 ngày làm việc"),
    ("Gửi báo cáo về Sở Nội vụ trước khi kiểm tra ít nhất 05 ngày;", "trước khi kiểm tra ít nhất 05 ngày"),
    ("Kết thúc đợt giám sát. Sau 10 ngày làm việc kể từ ngày kết thúc giám sát, các Tổ gửi báo cáo.",
     "Sau 10 ngày làm việc kể từ ngày kết thúc giám sát"),
    ("Kết thúc mỗi cuộc kiểm tra, Tổ kiểm tra gửi biên bản về Sở Nội vụ.", "Kết thúc mỗi cuộc kiểm tra"),
    ("Gửi thông báo kết luận sau khi kết thúc việc kiểm tra.", "sau khi kết thúc việc kiểm tra"),
    ("Cuối đợt giám sát, mỗi thành viên gửi nhận xét về Tổ trưởng.", "Cuối đợt giám sát"),
])
def test_relative_forms(text: str, raw: str) -> None:
    deadline, _ = _one(text)
    assert (deadline.raw, deadline.kind, deadline.date) == (raw, "relative", None)


@pytest.mark.parametrize("text", [
    "việc kiểm tra thực hiện thường xuyên.",
    "Duy trì thường xuyên, liên tục.",
    "Rà soát dữ liệu (thường xuyên).",
    "Thời hạn: thường xuyên",
])
def test_ongoing(text: str) -> None:
    deadline, _ = _one(text)
    assert deadline.kind == "ongoing" and deadline.raw.lower().startswith("thường xuyên") and deadline.date is None


@pytest.mark.parametrize(("text", "raw", "starts"), [
    ("Thời gian thực hiện: Thực hiện thường xuyên từ tháng 11/2025.", "thường xuyên từ tháng 11/2025", "2025-11-01"),
    ("Tổ chức thực hiện thường xuyên, liên tục kể từ ngày 01/12/2025, giao Văn phòng theo dõi.",
     "thường xuyên, liên tục kể từ ngày 01/12/2025", "2025-12-01"),
])
def test_ongoing_from_a_start(text: str, raw: str, starts: str) -> None:
    deadline, _ = _one(text)
    assert (deadline.kind, deadline.raw, deadline.starts, deadline.date) == ("ongoing", raw, starts, None)


@pytest.mark.parametrize("text", [
    "Kế hoạch số 12/KH-UBND ngày 24 tháng 11 năm 2025 của Ủy ban nhân dân tỉnh Lạc Sơn",  # a citation's date
    "Ngày 08 tháng 10 năm 2025, tại trụ sở, Chủ tịch chủ trì cuộc họp.",  # the meeting
    "những hồ sơ được tiếp nhận trước ngày 01 tháng 7 năm 2025 còn tồn đọng",  # a description
    "hoàn thành các nhiệm vụ được giao trong năm 2026.",
    "hồ sơ phát sinh trước ngày 15/9/2025 còn tồn đọng",
    "Trong năm 2025, Sở Nội vụ đã tham mưu ban hành nhiều văn bản quan trọng.",  # past results
    "Ba đơn vị đã hoàn thành trong tháng 9/2025.",
    "số liệu tính đến ngày 30/9/2025",  # a cut-off
    "Đến ngày 19/12/2025, tỷ lệ giải ngân đạt 61%.",
    "phân loại mức độ hoàn thành nhiệm vụ của cán bộ, công chức, viên chức hằng năm.",  # a description
    "Hằng năm, Sở Nội vụ đã tổ chức hội thi văn thư giỏi.",  # what was done each year
    "bố trí từ nguồn chi thường xuyên của đơn vị",  # an expense line
    "nguồn chi thường xuyên từ năm 2026 của đơn vị",  # an expense line, with its start
    "Đã khắc phục xong từ tháng 6/2025.",  # done
    "việc theo dõi, đôn đốc hồ sơ trễ hạn chưa thường xuyên;",  # a finding
    "kiểm duyệt nội dung trước khi báo cáo trên Hệ thống",
    "chậm tiếp nhận hồ sơ sau 08 giờ làm việc, kể từ khi người dân nộp hồ sơ",
    "Qua tổng hợp, trong 12 tháng qua có 40 hồ sơ trễ hạn.",
    "đạt 24/38 xã, phường",
    "báo cáo trước ngày 31/11/2025",  # not a calendar day
    "Hoàn thành trong tháng 9/2025.",  # ended before the document's date (2025-10-20)
])
def test_not_deadlines(text: str) -> None:
    assert find_deadlines(text, DOC) == []


def test_several_in_order_with_spans() -> None:
    text = ("Báo cáo tiến độ trước ngày 05 tháng 11 năm 2025 và hoàn thành trước ngày 30/11/2025; "
            "sau đó cập nhật định kỳ hằng tháng.")
    found = find_deadlines(text, DOC)
    assert [m.deadline.date for m in found] == ["2025-11-05", "2025-11-30", None]
    assert [m.deadline.kind for m in found] == ["by", "by", "recurring"]
    assert [text[slice(*m.span)] for m in found] == [
        "trước ngày 05 tháng 11 năm 2025", "trước ngày 30/11/2025", "định kỳ hằng tháng"]
    assert found[0].span[1] <= found[1].span[0] <= found[1].span[1] <= found[2].span[0]


def test_year_from_the_document_date_rolled_forward() -> None:
    deadline, warnings = _one("Gửi báo cáo trước ngày 05/01.", date(2025, 12, 20))
    assert deadline.date == "2026-01-05" and deadline.raw == "trước ngày 05/01"
    assert len(warnings) == 1 and "2026" in warnings[0] and "trước ngày 05/01" in warnings[0]
    deadline, warnings = _one("Gửi báo cáo trước ngày 5 tháng 1.", date(2025, 12, 20))
    assert deadline.date == "2026-01-05" and warnings
    deadline, warnings = _one("Hoàn thành trong tháng 11.", date(2025, 10, 2))
    assert deadline.date == "2025-11-30" and "2025" in warnings[0]
    deadline, warnings = _one("Hoàn thành trong quý I.", date(2025, 10, 2))
    assert deadline.date == "2026-03-31" and warnings


def test_no_year_and_no_document_date() -> None:
    deadline, warnings = _one("Gửi báo cáo trước ngày 05/01.", None)
    assert deadline.date is None and deadline.kind == "by"
    assert warnings and "no document date" in warnings[0]


def test_a_deadline_before_the_document_is_kept_without_its_date() -> None:
    # Without a document date nothing is known to be past.
    deadline, _ = _one("Hoàn thành trong tháng 9/2025.", None)
    assert deadline.date == "2025-09-30"


@pytest.mark.parametrize(("cell", "iso", "kind", "recurrence"), [
    ("30/11/2025", "2025-11-30", "by", None),
    ("Quý IV/2025", "2025-12-31", "within", None),
    ("Thường xuyên", None, "ongoing", None),
    ("Tháng 12/2025", "2025-12-31", "within", None),
    ("Năm 2026", "2026-12-31", "within", None),
    ("Hằng tháng", None, "recurring", "monthly"),
    ("Trước ngày 15/02/2026", "2026-02-15", "by", None),
    ("  31/01/2026 ", "2026-01-31", "by", None),
    ("6 tháng đầu năm 2026", "2026-06-30", "within", None),
    ("Chậm nhất 30/11", "2025-11-30", "by", None),
])
def test_parse_deadline_cells(cell: str, iso: str | None, kind: str, recurrence: str | None) -> None:
    deadline = parse_deadline(cell, DOC)
    assert deadline is not None
    assert (deadline.date, deadline.kind, deadline.recurrence) == (iso, kind, recurrence)
    assert deadline.raw == " ".join(cell.split())


@pytest.mark.parametrize("cell", ["", "Đã hoàn thành", "Sở Nội vụ", "32/31/2025"])
def test_parse_deadline_cells_without_one(cell: str) -> None:
    assert parse_deadline(cell, DOC) is None


def test_parse_date_and_find_dates() -> None:
    assert parse_date("ngày 24 tháng 11 năm 2025") == date(2025, 11, 24)
    assert parse_date("27/10/2025") == date(2025, 10, 27)
    assert parse_date("ngày 05/01", date(2025, 12, 20)) == date(2026, 1, 5)
    assert parse_date("ngày 05/01") is None and parse_date("31/11/2025") is None and parse_date("Sở") is None
    text = "Ngày 14 tháng 10 năm 2025, 24/38 xã đã báo cáo; kế hoạch trong quý I/2026 và năm 2027."
    assert [(text[s:e], iso) for (s, e), iso in find_dates(text)] == [
        ("Ngày 14 tháng 10 năm 2025", "2025-10-14"), ("quý I/2026", "2026-03-31"), ("năm 2027", "2027-12-31")]


# ---- property tests: a date written in every form reads back as itself

DATES = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))


def _forms(d: date) -> list[str]:
    return [
        f"ngày {d.day:02d} tháng {d.month:02d} năm {d.year}",
        f"ngày {d.day} tháng {d.month} năm {d.year}",
        f"ngày {d.day:02d}/{d.month:02d}/{d.year}",
        f"{d.day}/{d.month}/{d.year}",
        f"{d.day}-{d.month}-{d.year}",
        f"{d.day:02d}.{d.month:02d}.{d.year}",
    ]


@given(DATES, st.sampled_from(["trước", "chậm nhất", "hạn chót", "đến hết"]), st.integers(0, 5))
@settings(max_examples=150, deadline=None)
def test_property_days_round_trip(d: date, trigger: str, form: int) -> None:
    written = _forms(d)[form]
    if trigger == "đến hết" and not written.startswith("ngày"):
        written = f"ngày {written}"
    text = f"Sở Tư pháp gửi báo cáo {trigger} {written} để tổng hợp."
    found = find_deadlines(text, None)
    assert len(found) == 1
    assert found[0].deadline.date == d.isoformat() and found[0].deadline.kind == "by"
    assert text[slice(*found[0].span)] == f"{trigger} {written}"
    assert parse_date(written) == d


@given(DATES, st.sampled_from(["tháng {m}/{y}", "tháng {m} năm {y}", "tháng {m:02d}/{y}", "Tháng {m}-{y}"]))
@settings(max_examples=100, deadline=None)
def test_property_months_round_trip(d: date, form: str) -> None:
    written = form.format(m=d.month, y=d.year)
    last = (d.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    deadline, _ = _one(f"Hoàn thành trong {written}.", None)
    assert (deadline.date, deadline.kind, deadline.raw) == (last.isoformat(), "within", f"trong {written}")
    assert parse_deadline(written, None).date == last.isoformat()


@given(st.integers(2000, 2099), st.integers(1, 4), st.sampled_from(["roman", "arabic"]),
       st.sampled_from(["/", " năm "]))
@settings(max_examples=80, deadline=None)
def test_property_quarters_round_trip(year: int, quarter: int, numeral: str, joint: str) -> None:
    q = ["I", "II", "III", "IV"][quarter - 1] if numeral == "roman" else str(quarter)
    last = date(year, 3 * quarter, 1) + timedelta(days=31)
    last = last.replace(day=1) - timedelta(days=1)
    deadline, _ = _one(f"Trình Ủy ban nhân dân tỉnh trong quý {q}{joint}{year}.", None)
    assert deadline.date == last.isoformat() and deadline.kind == "within"


@given(DATES, DATES)
@settings(max_examples=100, deadline=None)
def test_property_year_taken_from_the_document_date(d: date, doc_date: date) -> None:
    if d.month == 2 and d.day == 29:
        return
    found = find_deadlines(f"Báo cáo trước ngày {d.day:02d}/{d.month:02d}.", doc_date)
    assert len(found) == 1 and len(found[0].warnings) == 1
    got = date.fromisoformat(found[0].deadline.date) if found[0].deadline.date else None
    same_year = date(doc_date.year, d.month, d.day) if not (d.month == 2 and d.day == 29) else None
    if same_year and same_year >= doc_date:
        assert got == same_year
    else:
        assert got is None or (got.year == doc_date.year + 1 and got >= doc_date)


# ---- the worked seed (../shared/gold): every deadline of its tasks, and none where it has none


def test_gold_deadlines_are_found_in_their_tasks() -> None:
    gold_dir = need_shared("gold")
    checked = 0
    for path in sorted(gold_dir.glob("*.json")):
        for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]:
            found = [m.deadline.model_dump() for m in find_deadlines(task["text"], None)]
            if task["deadline"] is None:
                assert found == [], task["text"][:60]
            else:
                assert task["deadline"] in found, task["text"][:60]
            checked += 1
    assert checked >= 16


PIECES = st.sampled_from(["trước ngày ", "tháng ", "quý ", "năm ", "hằng ", "định kỳ ", "thường xuyên",
                          "Kể từ ", "chậm nhất ", "trong ", "05/01", "31/12/2025", "IV/2026", ", ", ". ", "\n",
                          "Sở Tư pháp ", "báo cáo ", "được giao ", "ngày 7 tháng 13 ", "2025", "thứ Hai "])


@given(st.one_of(st.text(max_size=200), st.lists(PIECES, max_size=40).map("".join)),
       st.one_of(st.none(), DATES))
@settings(max_examples=300, deadline=None)
def test_property_any_text_gives_valid_spans(text: str, doc_date: date | None) -> None:
    previous_end = 0
    for match in find_deadlines(text, doc_date):
        start, end = match.span
        assert previous_end <= start < end <= len(text)
        assert " ".join(text[start:end].split()) == match.deadline.raw
        if match.deadline.date:
            date.fromisoformat(match.deadline.date)
        previous_end = end
    parse_deadline(text, doc_date)


@pytest.mark.parametrize(("text", "iso"), [
    ("trình Thủ tướng Chính phủ trước ngày 1Š tháng 6 năm 2026.", "2026-06-15"),  # OCR: a 5 read as Š
    ("hoàn thành trước ngày lO tháng 7 năm 2026", "2026-07-10"),
    ("hoàn thành trước ngày 2| tháng 7 năm 2026", None),  # the stem of a 1, 4 or 7
])
def test_a_day_ocr_read_as_letters_is_read_by_its_strokes(text: str, iso: str | None) -> None:
    found = find_deadlines(text, date(2026, 5, 4))
    assert [m.deadline.date for m in found] == ([iso] if iso else [])
    assert all(text[m.span[0]:m.span[1]].startswith("trước ngày") for m in found)


@pytest.mark.parametrize(("text", "raw", "kind"), [
    ("Tổng hợp báo cáo tổng kết, trình Ủy ban nhân dân tỉnh ban hành trước ngày 27/9/2026.", "trước ngày 27/9/2026", "by"),
    ("Tham mưu Chủ tịch Ủy ban nhân dân tỉnh phê duyệt trước ngày 30/9/2026.", "trước ngày 30/9/2026", "by"),
    ("Văn phòng Sở theo dõi, định kỳ tổng hợp tình hình thực hiện.", "định kỳ", "recurring"),
])
def test_what_the_work_asks_for_and_a_period_not_said(text: str, raw: str, kind: str) -> None:
    deadline, _ = _one(text)
    assert (deadline.raw, deadline.kind) == (raw, kind)
    assert deadline.recurrence is None


@pytest.mark.parametrize("text", ["Rà soát các văn bản ban hành trước ngày 01/7/2026.",
                                  "Các dự án được phê duyệt trước ngày 30/9/2026 phải quyết toán."])
def test_a_date_that_describes_a_document_is_no_deadline(text: str) -> None:
    assert find_deadlines(text, date(2026, 9, 1)) == []


def test_a_quarter_whose_roman_ocr_read_as_h_is_the_second() -> None:
    deadline, _ = _one("Các nhiệm vụ phải hoàn thành trong Quý H năm 2026:")  # "II" read as "H"
    assert (deadline.date, deadline.kind) == ("2026-06-30", "within")
    assert find_deadlines("trong quý h năm 2026", date(2026, 4, 1)) == []  # a lower-case "h" is no numeral
