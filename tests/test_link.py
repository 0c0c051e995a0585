"""Links: citations resolved to the documents of a collection, by number, symbol and date."""

from __future__ import annotations

import vndocx
from vndocx.extraction.link import Link, link
from vndocx.records import Document, Reference, Task


def _doc(source: str, number: str | None, symbol: str | None, date: str | None = None,
         doc_type: str | None = "Kế hoạch", refs: list[Reference] = (), tasks: list[str] = ()) -> Document:
    return Document(source=source, number=number, symbol=symbol, date=date, doc_type=doc_type,
                    references=list(refs), tasks=[Task(text=t) for t in tasks])


def _ref(number: str, symbol: str, date: str | None = None, doc_type: str = "Kế hoạch") -> Reference:
    return Reference(doc_type=doc_type, number=number, symbol=symbol, date=date,
                     raw=f"{doc_type} số {number}/{symbol}")


def test_links_by_number_symbol_and_date_with_the_tasks_that_cite() -> None:
    plan = _doc("plan.pdf", "105", "KH-UBND", "2025-10-27")
    notice = _doc("notice.pdf", "7", "TB-VP", "2025-11-30", doc_type="Thông báo",
                  refs=[_ref("105", "KH-UBND", "2025-10-27")],
                  tasks=["Sở Nội vụ rà soát biên chế.",
                         "Sở Tài chính hoàn thành các nội dung tại Kế hoạch số 105/KH-UBND trước ngày 15/12/2025."])
    links = link([plan, notice])
    assert links == [Link(source="notice.pdf", reference=notice.references[0], target="plan.pdf",
                          matched_on="number+symbol+date", tasks=[1])]


def test_number_and_symbol_normalised() -> None:
    plan = _doc("plan.pdf", "08", "KH–UBND")
    notice = _doc("n.pdf", "1", "TB-VP", doc_type="Thông báo", refs=[_ref("8", "kh-ubnd")])
    [only] = link([notice, plan])
    assert only.target == "plan.pdf" and only.matched_on == "number+symbol" and not only.ambiguous


def test_dates_that_differ_do_not_link_and_undated_matches_are_flagged() -> None:
    old = _doc("2024.pdf", "105", "KH-UBND", "2024-03-01")
    new = _doc("2025.pdf", "105", "KH-UBND", "2025-10-27")
    dated = _doc("a.pdf", "1", "TB-VP", doc_type="Thông báo", refs=[_ref("105", "KH-UBND", "2025-10-27")])
    wrong = _doc("b.pdf", "2", "TB-VP", doc_type="Thông báo", refs=[_ref("105", "KH-UBND", "2023-01-01")])
    undated = _doc("c.pdf", "3", "TB-VP", doc_type="Thông báo", refs=[_ref("105", "KH-UBND")])
    links = link([old, new, dated, wrong, undated])
    assert [(ln.source, ln.target, ln.ambiguous) for ln in links] == [
        ("a.pdf", "2025.pdf", False), ("c.pdf", "2024.pdf", True), ("c.pdf", "2025.pdf", True)]


def test_types_must_agree_and_no_self_links() -> None:
    plan = _doc("plan.pdf", "12", "UBND-KT", doc_type="Công văn")
    decision = _doc("dec.pdf", "12", "UBND-KT", doc_type="Quyết định",
                    refs=[_ref("12", "UBND-KT", doc_type="Văn bản")])
    other = _doc("x.pdf", "3", "TB-VP", refs=[_ref("12", "UBND-KT", doc_type="Quyết định")])
    links = link([plan, decision, other])
    assert [(ln.source, ln.target) for ln in links] == [("dec.pdf", "plan.pdf"), ("x.pdf", "dec.pdf")]


def test_link_extracted_documents() -> None:
    plan_text = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LẠC SƠN                       Độc lập - Tự do - Hạnh phúc
Số: 41/KH-UBND                     Lạc Sơn, ngày 02 tháng 3 năm 2026

KẾ HOẠCH
Số hóa sổ hộ tịch năm 2026

I. NHIỆM VỤ
1. Sở Tư pháp chủ trì số hóa sổ hộ tịch, hoàn thành trong quý III/2026.

Nơi nhận:
- Lưu: VT.
                                   CHỦ TỊCH

                                   Đinh Quốc Huy
"""
    notice_text = """ỦY BAN NHÂN DÂN                    CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LẠC SƠN                       Độc lập - Tự do - Hạnh phúc
Số: 9/TB-UBND                      Lạc Sơn, ngày 20 tháng 4 năm 2026

THÔNG BÁO
Kết luận về tiến độ số hóa sổ hộ tịch

Chủ tịch Ủy ban nhân dân tỉnh yêu cầu:
1. Sở Tư pháp đẩy nhanh tiến độ theo Kế hoạch số 41/KH-UBND ngày 02/3/2026 của Ủy ban nhân dân tỉnh.
2. Sở Tài chính bố trí kinh phí trong tháng 5/2026.

Nơi nhận:
- Lưu: VT.
                                   CHỦ TỊCH

                                   Đinh Quốc Huy
"""
    pipeline = vndocx.Pipeline().disable("restore")  # typed text: no diacritics to restore
    plan = pipeline.extract_text(plan_text, source="plan.txt")
    notice = pipeline.extract_text(notice_text, source="notice.txt")
    links = link([plan, notice])
    assert [(ln.source, ln.target, ln.matched_on) for ln in links] == [
        ("notice.txt", "plan.txt", "number+symbol+date")]
    [task] = [notice.tasks[i] for i in links[0].tasks]
    assert task.owner == "Sở Tư pháp"
