"""Damaged glyph maps: a text PDF whose body font's ToUnicode map sends ấ to á, ầ to à, ổ and ộ
to ô, ế to é (the page shows the right letters, the text layer does not), beside a heading font
whose map is intact. The reader finds the damaged font, repairs its words from the language
model and leaves the other font alone; a healthy PDF is not touched."""

from __future__ import annotations

import io
import textwrap
import zlib
from pathlib import Path

import pytest

from vndocx.ingest.pdf import read_pdf
from vndocx.repair.glyphs import FontRepair, missing_letters, repair_fonts

from conftest import SAMPLES, need_font

DAMAGE = {"ấ": "á", "Ấ": "Á", "ầ": "à", "ổ": "ô", "ộ": "ô", "ế": "é"}

HEADINGS = [
    "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BÌNH LĨNH",
    "BÁO CÁO",
    "Tổng kết công tác quản lý chất lượng vật tư nông nghiệp năm 2025",
    "I. KẾT QUẢ ĐẠT ĐƯỢC",
]
# In the intact font too: a note long enough to be judged, with the letters the body font loses.
NOTE = ("Lưu ý: các số liệu tổng hợp trong báo cáo này là số liệu chính thức, đã được đối chiếu với "
        "kết quả kiểm tra thực tế tại các huyện; mọi đề xuất điều chỉnh phải gửi bằng văn bản theo "
        "đúng yêu cầu trước khi tổng kết năm, kèm theo một bản tổng hợp có chữ ký của thủ trưởng "
        "đơn vị và dấu của cơ quan, để Sở kiểm tra lần cuối.")
BODY = [
    "Năm 2025, Sở Nông nghiệp và Môi trường tỉnh Bình Lĩnh đã tổ chức kiểm tra chất lượng vật tư "
    "nông nghiệp tại 64 cơ sở kinh doanh, phát hiện 7 cơ sở vi phạm về nhãn hàng hóa và xử phạt "
    "theo quy định. Công tác tổng hợp số liệu được thực hiện đầy đủ, kịp thời; nhiều địa phương đã "
    "chủ động xây dựng kế hoạch cấp nước sạch cho các hộ dân vùng cao.",
    "Bên cạnh kết quả đạt được, vẫn còn một số tồn tại: việc cập nhật cơ sở dữ liệu đất đai còn "
    "chậm, chất lượng một số công trình thủy lợi cấp xã chưa đáp ứng yêu cầu, công tác phối hợp "
    "giữa các cấp có lúc chưa chặt chẽ.",
    "Để khắc phục những hạn chế nêu trên, Sở đề nghị Ủy ban nhân dân các huyện chỉ đạo các phòng "
    "chuyên môn tổng kiểm tra hiện trạng công trình, báo cáo kết quả trước ngày 30 tháng 6 năm "
    "2026. Trung tâm Khuyến nông chủ trì tổ chức tập huấn kỹ thuật cho cán bộ cấp cơ sở, tổng hợp "
    "nhu cầu vốn đầu tư và đề xuất danh mục dự án ưu tiên. Chi cục Thủy lợi phối hợp với các đơn "
    "vị liên quan rà soát toàn bộ hệ thống kênh mương, lập kế hoạch sửa chữa, nâng cấp trong quý "
    "III năm 2026.",
    "Các đơn vị thuộc Sở tiếp tục đẩy mạnh cải cách thủ tục hành chính, nâng cao chất lượng phục "
    "vụ người dân và doanh nghiệp; định kỳ hằng tháng tổng hợp tình hình thực hiện nhiệm vụ, gửi "
    "Văn phòng Sở trước ngày 25 để tổng hợp, báo cáo Giám đốc Sở và Ủy ban nhân dân tỉnh.",
]


def _fonts() -> tuple[Path, Path]:
    regular = need_font()
    bold = regular.with_name("LiberationSerif-Bold.ttf")
    if not bold.exists():
        pytest.skip(f"{bold} is absent (apt-get install fonts-liberation2)")
    return regular, bold


def _render() -> bytes:
    """The intact report: headings and the note in the bold face, the body in the regular one."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    regular, bold = _fonts()
    pdfmetrics.registerFont(TTFont("GlyphBody", str(regular)))
    pdfmetrics.registerFont(TTFont("GlyphHead", str(bold)))
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4, invariant=1)
    y = 800.0

    def write(font: str, text: str, width: int = 88) -> None:
        nonlocal y
        c.setFont(font, 11)
        for line in textwrap.wrap(text, width):
            c.drawString(56, y, line)
            y -= 15
        y -= 4

    for heading in HEADINGS:
        write("GlyphHead", heading)
    for paragraph in BODY:
        write("GlyphBody", paragraph)
    write("GlyphHead", NOTE, 80)
    c.save()
    return out.getvalue()


def _damage(pdf: bytes, base_font: str) -> bytes:
    """``pdf`` with the ToUnicode map of the fonts named ``base_font`` broken by DAMAGE."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    swaps = [(f"<{ord(a):04X}>".encode(), f"<{ord(b):04X}>".encode()) for a, b in DAMAGE.items()]
    broken = 0
    for page in writer.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            if not str(font["/BaseFont"]).endswith(base_font) or "/ToUnicode" not in font:
                continue
            cmap = font["/ToUnicode"].get_object()
            data = cmap.get_data()
            for old, new in swaps:
                broken += data.count(old)
                data = data.replace(old, new)
            cmap.pop("/DecodeParms", None)
            cmap[NameObject("/Filter")] = NameObject("/FlateDecode")
            cmap.decoded_self = None
            cmap._data = zlib.compress(data)
    assert broken, "reportlab wrote no ToUnicode entry for the letters to damage"
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _words(path: Path) -> list[str]:
    return [w for page in read_pdf(path) for line in page.lines for w in line.text.split()]


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("glyphs")
    intact = _render()
    (folder / "intact.pdf").write_bytes(intact)
    (folder / "damaged.pdf").write_bytes(_damage(intact, "LiberationSerif"))
    return folder / "intact.pdf", folder / "damaged.pdf"


def test_the_text_layer_of_the_body_font_is_damaged_and_the_heading_font_is_not(pdfs) -> None:
    import pdfplumber

    _, damaged = pdfs
    with pdfplumber.open(damaged) as pdf:
        chars = pdf.pages[0].chars
    body = "".join(ch["text"] for ch in chars if ch["fontname"].endswith("+LiberationSerif"))
    head = "".join(ch["text"] for ch in chars if ch["fontname"].endswith("+LiberationSerif-Bold"))
    assert "chát" in body and "tông" in body and not set(DAMAGE) & set(body)
    assert all(word in head for word in ("chất", "tổng", "cầu", "một", "kết"))


def test_damaged_font_repaired_and_intact_font_left_alone(pdfs) -> None:
    intact, damaged = pdfs
    right, read = _words(intact), _words(damaged)
    assert len(right) == len(read)
    wrong = [i for i, w in enumerate(right) if set(DAMAGE) & set(w)]  # the words the damage reaches
    assert len(wrong) >= 30
    restored = sum(read[i] == right[i] for i in wrong)
    assert restored >= 0.95 * len(wrong), [(right[i], read[i]) for i in wrong if read[i] != right[i]]
    untouched = [i for i in range(len(right)) if i not in set(wrong)]
    assert [read[i] for i in untouched] == [right[i] for i in untouched], "no other word changes"
    pages = read_pdf(damaged)
    (warning,) = [w for w in pages[0].warnings if "glyph map" in w]
    assert "LiberationSerif:" in warning and "LiberationSerif-Bold" not in warning
    assert "á→ấ" in warning and "ô→ổ" in warning
    assert all(line.repaired for line in pages[0].lines if "chất lượng vật tư nông nghiệp tại" in line.text)


def test_healthy_pdfs_are_not_repaired(pdfs) -> None:
    intact, _ = pdfs
    paths = [intact, *sorted((SAMPLES / "rendered").glob("0[1-3]*[a-z].pdf"))]
    for path in paths:
        for page in read_pdf(path):
            assert not [w for w in page.warnings if "glyph map" in w], path.name
            assert not any(line.repaired for line in page.lines), path.name


def _lines(text: str, font: str) -> list[list[tuple[str, str]]]:
    return [[(w, font) for w in line.split()] for line in text.split("\n")]


def _damaged(text: str) -> str:
    return text.translate(str.maketrans(DAMAGE))


def test_repair_fonts_per_font_on_words() -> None:
    body = "\n".join(BODY)
    lines = [*_lines(_damaged(body), "Body"), [], *_lines(NOTE, "Note")]
    texts, reports = repair_fonts(lines)
    got = [w for line in texts for w in line]
    want = body.split() + NOTE.split()
    assert len(got) == len(want)
    reached = [i for i, w in enumerate(want) if w != _damaged(w)]
    assert sum(got[i] == want[i] for i in reached) >= 0.95 * len(reached)
    assert got[len(body.split()):] == NOTE.split()
    (report,) = [r for r in reports if r.pairs]
    assert isinstance(report, FontRepair) and report.font == "Body" and not report.beyond
    assert set(report.missing) >= {"ấ", "ổ"} and "ấ" in report.pairs["á"]


def test_a_short_font_takes_the_damage_found_in_its_sibling() -> None:
    title = "Báo cáo tổng kết chất lượng"  # too short to judge by itself
    lines = [*_lines(_damaged(title), "Title"), [], *_lines(_damaged("\n".join(BODY)), "Body")]
    texts, reports = repair_fonts(lines)
    assert " ".join(texts[0]) == title
    assert {r.font for r in reports if r.pairs} == {"Title", "Body"}


def test_missing_letters_and_beyond_repair() -> None:
    # a short text lacks some rare letters by chance, never the common ones it holds
    assert not set(DAMAGE) & set(missing_letters(" ".join(BODY).split()))
    assert {"ấ", "ầ", "ổ"} <= set(missing_letters(_damaged(" ".join(BODY)).split()))
    # a font that also writes every fourth word as debris stays unreadable after the repair
    words = _damaged("\n".join(BODY)).split()
    noisy = " ".join("qxz" if i % 4 == 0 else w for i, w in enumerate(words))
    _, reports = repair_fonts(_lines(noisy, "Noisy"))
    assert [r.beyond for r in reports if r.pairs] == [True]


# Broken maps as producers break them: the circumflex lost (ấ → á), the tone lost (ổ → ô, ệ → ê),
# the horn lost (ư → u, ơ → o), in small letters and capitals alike or in small letters only.
MAPS = [{"ấ": "á", "Ấ": "Á", "ầ": "à", "ổ": "ô"},
        {"ế": "é", "ệ": "ẹ", "ộ": "ọ", "Ế": "É"},
        {"ư": "u", "ơ": "o", "ừ": "ù", "ứ": "ú", "ờ": "ò", "ớ": "ó"}]


@pytest.mark.parametrize("broken", MAPS, ids=["circumflex", "tone", "horn"])
def test_sample_documents_with_a_broken_map_are_restored(broken: dict[str, str]) -> None:
    reached = restored = 0
    for path in sorted(SAMPLES.glob("0*.txt")):
        text = path.read_text(encoding="utf-8")
        lines = [[(w, "F") for w in line.split()] for line in text.split("\n")]
        healthy, _ = repair_fonts(lines)
        assert healthy == [[w for w, _ in line] for line in lines], f"{path.name}: a healthy font is changed"
        table = str.maketrans(broken)
        texts, _ = repair_fonts([[(w.translate(table), f) for w, f in line] for line in lines])
        for line, got in zip(lines, texts, strict=True):
            for (want, _), word in zip(line, got, strict=True):
                if want.translate(table) != want:
                    reached += 1
                    restored += word == want
                else:
                    assert word == want, f"{path.name}: {want!r} changed to {word!r}"
    assert reached > 100 and restored >= 0.95 * reached, (restored, reached)
