"""A notice whose requests follow one lead-in paragraph: "… đề nghị A; B triển khai các nội dung
sau:" hands the numbered items to A, with B beside it, unless an item names its own subject
("Chủ đầu tư …", "Các chủ hồ chứa …"); an item that opens "Thường xuyên theo dõi …" is ongoing
work. And a PDF exported from Word, which puts an invisible white box behind each line of a
justified paragraph: the boxes are no table, and the paragraph reads in its place."""

from __future__ import annotations

from pathlib import Path

import vndocx
from vndocx.ingest import read

from conftest import need_font

HEAD = """BAN CHỈ HUY PCTT VÀ TKCN                CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
HUYỆN ĐỒI MAI                          Độc lập - Tự do - Hạnh phúc
Số: 31/TB-PCTT                         Đồi Mai, ngày 12 tháng 8 năm 2026

THÔNG BÁO
Cảnh báo, ứng phó với đợt mưa lớn

"""
LEAD_IN = ("Để chủ động ứng phó với mưa lớn, Văn phòng Ban Chỉ huy PCTT và TKCN huyện đề nghị Ban Chỉ huy "
           "PCTT và TKCN các xã, thị trấn; các cơ quan, đơn vị trong huyện triển khai các nội dung sau:")
ITEMS = ["1. Thường xuyên theo dõi diễn biến của mưa lũ để thông báo kịp thời cho nhân dân.",
         "2. Chủ đầu tư chỉ đạo các nhà thầu có phương án bảo đảm an toàn tại các công trình đang thi công.",
         "3. Các chủ hồ chứa nước thủy lợi tổ chức trực ban, vận hành hồ đúng quy trình đã được phê duyệt."]
FOOT = """
Nơi nhận:
- Như trên;
- Lưu: VT.
                                        CHÁNH VĂN PHÒNG

                                        Trần Văn Lâm
"""


def test_a_lead_in_hands_the_items_to_its_bodies_unless_an_item_names_its_own() -> None:
    doc = vndocx.extract_text(HEAD + LEAD_IN + "\n" + "\n".join(ITEMS) + "\n" + FOOT, source="t")
    council = "Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn các xã, thị trấn"
    assert [(t.text[:20], t.owner, t.co_owners) for t in doc.tasks] == [
        ("Thường xuyên theo dõ", council, ["các cơ quan, đơn vị trong huyện"]),
        ("Chủ đầu tư chỉ đạo c", "Chủ đầu tư", []),
        ("Các chủ hồ chứa nước", "Các chủ hồ chứa nước thủy lợi", []),
    ]
    assert doc.tasks[0].deadline is not None and doc.tasks[0].deadline.kind == "ongoing"
    assert [t.deadline for t in doc.tasks[1:]] == [None, None]


def _boxed_pdf(path: Path) -> Path:
    """The notice with a white, unstroked box behind each line of the lead-in, and two narrower
    boxes behind runs of words on some lines (as Word's export draws them)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import simpleSplit
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Serif", 12)
    for y, line in zip(range(800, 700, -16), HEAD.strip("\n").splitlines(), strict=False):
        c.drawString(50, y, line.strip() if len(line) < 40 else line[:40].strip())
        if len(line) > 40:
            c.drawString(300, y, line[40:].strip())
    y = 690
    for n, line in enumerate(simpleSplit(LEAD_IN, "Serif", 12, 480)):
        c.setFillColorRGB(1, 1, 1)
        c.rect(50, y - 4, 490, 16, stroke=0, fill=1)
        if n % 2:
            c.rect(80, y - 4, 150, 16, stroke=0, fill=1)
            c.rect(390, y - 4, 150, 16, stroke=0, fill=1)
        c.setFillColorRGB(0, 0, 0)
        c.drawString(52, y, line)
        y -= 16
    for item in ITEMS:
        for line in simpleSplit(item, "Serif", 12, 480):
            c.drawString(52, y, line)
            y -= 16
    for line in FOOT.strip("\n").splitlines():
        c.drawString(50 if not line.startswith(" ") else 330, y, line.strip())
        y -= 16
    c.save()
    return path


def test_white_boxes_behind_lines_are_no_table(tmp_path: Path) -> None:
    path = _boxed_pdf(tmp_path / "thong_bao.pdf")
    page = read(path)[0]
    assert page.tables == []
    texts = [ln.text for ln in page.lines]
    lead = next(i for i, t in enumerate(texts) if t.startswith("Để chủ động"))
    assert lead < next(i for i, t in enumerate(texts) if t.startswith("1. Thường xuyên"))
    doc = vndocx.extract(path)
    assert [t.owner for t in doc.tasks][:1] == ["Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn các xã, thị trấn"]
