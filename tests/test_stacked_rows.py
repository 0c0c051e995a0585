"""A ruled row that stacks several entries: a plan's schedule lists several "- " items in one
cell and, beside them, the bodies of each group of items level with the first item of the
group, a blank between groups. Each group is a logical row of its own (ingest), so each item
takes the bodies printed level with it (extraction)."""

from __future__ import annotations

from pathlib import Path

import vndocx
from vndocx.ingest import read
from vndocx.ingest.layout import stacked_rows
from vndocx.pages import Line

from conftest import need_font


def _cell(*lines: tuple[float, str]) -> list[Line]:
    return [Line(text=text, page=1, bbox=(0, top, 100, top + 12)) for top, text in lines]


ITEMS = _cell((100, "- Tổ chức hội nghị"), (116, "sơ kết quý I"), (132, "- Tổ chức hội thi"),
              (148, "- Tọa đàm về cải cách"), (164, "hành chính"))


def test_entries_level_with_their_items_part_the_row() -> None:
    owners = _cell((108, "Văn phòng, Công"), (124, "đoàn"), (156, "Phòng Nội vụ"))
    rows = stacked_rows([_cell((100, "3/2026")), ITEMS, owners])
    assert [[" ".join(ln.text for ln in c) for c in row] for row in rows] == [
        ["3/2026", "- Tổ chức hội nghị sơ kết quý I - Tổ chức hội thi", "Văn phòng, Công đoàn"],
        ["3/2026", "- Tọa đàm về cải cách hành chính", "Phòng Nội vụ"],
    ]


def test_a_row_without_stacked_entries_stays_whole() -> None:
    centred = _cell((124, "Văn phòng, Công"), (140, "đoàn"))  # one entry, lower than the first item
    level_with_none = _cell((100, "Văn phòng"), (120, "Công đoàn"))  # the second entry within the first item
    for owners in (centred, level_with_none):
        assert len(stacked_rows([_cell((100, "3/2026")), ITEMS, owners])) == 1
    apart = _cell((100, "Văn phòng"), (150, "Công đoàn"))
    assert len(stacked_rows([ITEMS[:2], apart])) == 1  # one item only: nothing to part


def _schedule_pdf(path: Path) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setFont("Serif", 12)
    for y, left, right in ((800, "UBND HUYỆN ĐỒI MAI", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                           (784, "PHÒNG VĂN HÓA", "Độc lập - Tự do - Hạnh phúc"),
                           (768, "Số: 12/KH-PVH", "Đồi Mai, ngày 5 tháng 1 năm 2026")):
        c.drawString(50, y, left)
        c.drawString(300, y, right)
    c.drawString(260, 730, "KẾ HOẠCH")
    c.drawString(180, 714, "Tổ chức các hoạt động văn hóa năm 2026")
    c.drawString(50, 690, "Phòng Văn hóa xây dựng lịch thực hiện như sau:")
    xs, top, bottom = (50, 120, 360, 540), 670, 450
    for x in xs:
        c.line(x, top, x, bottom)
    for y in (top, 650, bottom):
        c.line(xs[0], y, xs[-1], y)
    for x, text in zip(xs, ("Thời gian", "Nội dung", "Đơn vị thực hiện"), strict=False):
        c.drawString(x + 4, 656, text)
    c.drawString(54, 636, "3/2026")
    content = ["- Tổ chức hội nghị tuyên truyền", "pháp luật cho đoàn viên", "- Tổ chức hội thi văn nghệ",
               "quần chúng", "- Tọa đàm về xây dựng gia đình", "văn hóa tại các thôn"]
    for n, text in enumerate(content):
        c.drawString(124, 636 - 16 * n, text)
    for y, text in ((628, "Văn phòng, Đoàn"), (612, "Thanh niên"), (556, "Hội Phụ nữ; Văn phòng")):
        c.drawString(364, y, text)
    c.drawString(50, 420, "Nơi nhận:")
    c.drawString(50, 404, "- Lưu: VT.")
    c.drawString(330, 420, "TRƯỞNG PHÒNG")
    c.drawString(330, 360, "Lê Văn Minh")
    c.save()
    return path


def test_a_schedule_row_gives_each_item_the_bodies_level_with_it(tmp_path: Path) -> None:
    path = _schedule_pdf(tmp_path / "lich.pdf")
    (table,) = read(path)[0].tables
    assert [row[2].replace("\n", " ") for row in table.rows[1:]] == ["Văn phòng, Đoàn Thanh niên",
                                                                      "Hội Phụ nữ; Văn phòng"]
    doc = vndocx.extract(path)
    assert [(t.text, t.owner, t.co_owners) for t in doc.tasks] == [
        ("Tổ chức hội nghị tuyên truyền pháp luật cho đoàn viên", "Văn phòng", ["Đoàn Thanh niên"]),
        ("Tổ chức hội thi văn nghệ quần chúng", "Văn phòng", ["Đoàn Thanh niên"]),
        ("Tọa đàm về xây dựng gia đình văn hóa tại các thôn", "Hội Phụ nữ", ["Văn phòng"]),
    ]
    assert all(t.deadline and t.deadline.date == "2026-03-31" for t in doc.tasks)
