"""The phenomenon samples (samples/phenomena/): each rendering really shows its phenomenon, read
back with readers independent of the renderer (pypdf, pdfplumber, python-docx and lxml, PIL); the
hand-written answers (samples/gold/phenomena/) are valid records that agree with the source texts;
the renderings are reproducible byte for byte."""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import pytest

from vndocx.records import Document

from conftest import ROOT, SAMPLES

PHENOMENA = SAMPLES / "phenomena"
RENDERED = PHENOMENA / "rendered"
GOLD = SAMPLES / "gold" / "phenomena"
SCRIPT = ROOT / "scripts" / "make_samples.py"
STEMS = sorted(p.stem for p in PHENOMENA.glob("*.txt"))
TAGS = {"signed-pdf-form-fields", "signature-stamp", "digital-signature", "docx-layout-table", "docx-textbox",
        "scan-stamp-red", "scan-seal-over-signer", "handwritten-number-or-date", "receipt-stamp",
        "damaged-glyph-map", "one-paragraph-assignment", "decision-articles", "several-dates-in-one-task",
        "appendix-task-table"}
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def fold(value):
    if isinstance(value, str):
        return " ".join(unicodedata.normalize("NFC", value).split())
    if isinstance(value, list):
        return [fold(v) for v in value]
    if isinstance(value, dict):
        return {k: fold(v) for k, v in value.items()}
    return value


@functools.cache
def gold(stem: str) -> dict:
    return json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))


def record(stem: str) -> dict:
    return {k: v for k, v in gold(stem).items() if not k.startswith("_") and k != "phenomena"}


def source(stem: str) -> str:
    return (PHENOMENA / f"{stem}.txt").read_text(encoding="utf-8")


def page_text(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


# --- the answers ---------------------------------------------------------------------------------

def test_every_phenomenon_sample_has_an_answer_and_its_renderings() -> None:
    assert len(STEMS) >= 7
    assert sorted(p.stem for p in GOLD.glob("*.json")) == STEMS
    missing = [name for stem in STEMS for name in gold(stem)["_renderings"]
               if not ((PHENOMENA if name.endswith(".txt") else RENDERED) / name).is_file()]
    assert not missing, f"run `make samples`: missing {missing}"
    used = {tag for stem in STEMS for tag in gold(stem)["phenomena"]}
    assert used <= TAGS, f"unknown phenomenon tags {sorted(used - TAGS)}"
    assert used == TAGS, f"no sample shows {sorted(TAGS - used)}"


@pytest.mark.parametrize("stem", STEMS)
def test_gold_is_a_valid_document(stem: str) -> None:
    data = record(stem)
    document = Document.model_validate(data)
    assert document.source == f"{stem}.txt"
    for name in ("doc_type", "number", "symbol", "issuer", "parent_issuer", "place", "date", "date_raw", "subject",
                 "recipients", "distribution", "signer", "urgency", "confidentiality", "signature", "tasks",
                 "references"):
        assert name in data, f"{stem}: the answer does not say what {name!r} is"
    assert all(task.span is None for task in document.tasks)
    assert gold(stem)["phenomena"], f"{stem}: no phenomenon tag"


@pytest.mark.parametrize("stem", STEMS)
def test_gold_values_are_printed_in_the_source_text(stem: str) -> None:
    text = fold(source(stem).replace("|", "\n"))
    head = fold(source(stem).split("\n\n")[0])
    data = fold(record(stem))
    if data["number"]:
        assert f"Số: {data['number']}/{data['symbol']}" in head
    for body in (data["issuer"], data["parent_issuer"]):
        assert body is None or all(w in head.split() for w in body.split()), f"{stem}: {body!r} not in the header"
    assert data["date_raw"] in head
    day, month, year = re.search(r"ngày (\d+) tháng (\d+) năm (\d{4})", data["date_raw"]).groups()
    assert data["date"] == f"{year}-{int(month):02d}-{int(day):02d}"
    assert data["date_raw"].startswith(f"{data['place']}, ")
    signer = data["signer"]
    values = [data["subject"], *data["recipients"], *data["distribution"], signer["name"], signer["title"],
              *signer["authority"], *(r["raw"] for r in data["references"])]
    absent = [v for v in values if v and v not in text]
    assert not absent, f"{stem}: not in the source text: {absent}"
    for task in data["tasks"]:
        assert task["text"] in text, f"{stem}: task text not in the source: {task['text'][:80]!r}"
        for deadline in [task["deadline"], *task["milestones"]]:
            if deadline:
                assert deadline["raw"] in task["text"] or task["section"] is None, deadline
                assert deadline["raw"] in text
        for body in [task["owner"], *task["co_owners"]]:
            name = re.sub(r"^(Giám đốc |Chủ tịch )?(Sở )?", "", body) if body else None
            assert name is None or name in text, f"{stem}: {body!r} is not named in the source"


# --- 1. signed_pdf ---------------------------------------------------------------------------------

def test_signed_pdf_number_and_day_live_in_form_widgets_not_in_the_page() -> None:
    from pypdf import PdfReader

    path = RENDERED / "signed_pdf.pdf"
    want = gold("signed_pdf")
    reader = PdfReader(path)
    fields = reader.get_fields()
    values = {name: f.get("/V") for name, f in fields.items() if f.get("/FT") == "/Tx"}
    assert sorted(values.values()) == sorted([want["number"], want["date"][-2:].lstrip("0")])
    for annot in reader.pages[0]["/Annots"]:
        widget = annot.get_object()
        if widget["/FT"] == "/Tx":
            stream = widget["/AP"]["/N"].get_object().get_data()
            assert f"({widget['/V']}) Tj".encode() in stream, "the appearance stream draws the value"
    text = fold(page_text(path))
    assert "Số: /UBND-KT" in text and want["number"] not in text
    assert "Lạc Sơn, ngày tháng 3 năm 2026" in text and want["date_raw"] not in text
    assert want["signature"]["raw"] in text, "the printed stamp is on the page"
    assert fold(want["date_raw"]) in fold(source("signed_pdf"))


def test_signed_pdf_has_a_signature_dictionary() -> None:
    from pypdf import PdfReader

    path = RENDERED / "signed_pdf.pdf"
    data = path.read_bytes()
    reader = PdfReader(path)
    assert int(reader.trailer["/Root"]["/AcroForm"]["/SigFlags"]) == 3
    sig_fields = [f for f in reader.get_fields().values() if f.get("/FT") == "/Sig"]
    assert len(sig_fields) == 1
    sig = sig_fields[0]["/V"].get_object()
    want = gold("signed_pdf")["signature"]
    assert sig["/Type"] == "/Sig" and sig["/Name"] == want["signed_by"]
    m = re.fullmatch(r"D:(\d{14})([+-])(\d\d)'(\d\d)'", sig["/M"])
    assert m, sig["/M"]
    signed = dt.datetime.strptime(m.group(1) + m.group(2) + m.group(3) + m.group(4), "%Y%m%d%H%M%S%z")
    assert signed == dt.datetime.fromisoformat(want["signed_at"])
    start, hole, end, rest = (int(v) for v in sig["/ByteRange"])
    assert start == 0 and end + rest == len(data), "the byte range covers the file"
    assert data[hole:hole + 1] == b"<" and data[end - 1:end] == b">", "the gap is the /Contents string"
    assert len(sig["/Contents"]) >= 1024


# --- 2. docx_layout and docx_textbox -------------------------------------------------------------

def _borders(table) -> set[str]:
    borders = table._tbl.tblPr.find(f"{W}tblBorders")
    return {edge.get(f"{W}val") for edge in borders} if borders is not None else set()


def _cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def test_docx_layout_header_and_closing_are_borderless_layout_tables() -> None:
    import docx

    document = docx.Document(str(RENDERED / "docx_layout.docx"))
    want = gold("docx_layout")
    header, closing, appendix = document.tables
    for table in (header, closing):
        assert _borders(table) <= {"nil", "none"} and _borders(table), "a layout table has no borders"
        assert len(table.columns) == 3
        assert all(not row.cells[1].text.strip() for row in table.rows), "the middle column is an empty spacer"
    issuer, motto = header.rows[0].cells[0], header.rows[0].cells[2]
    assert " ".join(_cell_lines(issuer)[:2]) == want["issuer"], "issuer lines are paragraphs of one cell"
    assert _cell_lines(motto)[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    number, date = header.rows[1].cells[0].text, header.rows[1].cells[2].text
    assert number == f"Số: {want['number']}/{want['symbol']}" and date == want["date_raw"]
    left, right = _cell_lines(closing.rows[0].cells[0]), _cell_lines(closing.rows[0].cells[2])
    assert left[0] == "Nơi nhận:" and len(left) == 1 + len(want["distribution"])
    assert right == [*want["signer"]["authority"], want["signer"]["title"], want["signer"]["name"]]
    # the appendix task table stays a ruled table, its header row repeated
    assert _borders(appendix) == {"single"}
    rows = [[c.text for c in row.cells] for row in appendix.rows]
    assert rows[0] == ["STT", "Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"]
    table_tasks = [t for t in want["tasks"] if t["section"] is None]
    assert [r[1] for r in rows[1:]] == [t["text"] for t in table_tasks]
    assert [r[2] for r in rows[1:]] == [t["owner"] for t in table_tasks]
    assert appendix.rows[0]._tr.trPr.find(f"{W}tblHeader") is not None
    assert document.sections[-1].page_width > document.sections[-1].page_height, "the appendix is landscape"


def test_docx_textbox_header_is_in_anchored_text_boxes_and_a_tab_line() -> None:
    import docx
    from lxml import etree

    path = RENDERED / "docx_textbox.docx"
    want = gold("docx_textbox")
    with zipfile.ZipFile(path) as archive:
        root = etree.fromstring(archive.read("word/document.xml"))
    boxes = root.findall(f".//{W}txbxContent")
    texts = ["\n".join("".join(t.text or "" for t in p.iter(f"{W}t")) for p in box.iter(f"{W}p")) for box in boxes]
    assert any(want["issuer"] in t and want["parent_issuer"] in t for t in texts)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in t for t in texts)
    anchors = root.findall(".//{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}anchor")
    assert len(anchors) == 2, "two floating text boxes (Word's DrawingML, with VML fallbacks)"
    assert len(boxes) == 4, "each box's content is repeated in its VML fallback, as Word writes it"
    document = docx.Document(str(path))
    body = "\n".join(p.text for p in document.paragraphs)
    assert "CỘNG HÒA" not in body and want["issuer"] not in body, "the header is not in the body paragraphs"
    line = next(p.text for p in document.paragraphs if p.text.strip().startswith("Số:"))
    assert re.fullmatch(rf"\t?Số: {want['number']}/{want['symbol']}\t+{re.escape(want['date_raw'])}", line), line
    assert len(document.tables) == 1, "only the closing is a table"


# --- 3. scan_stamps --------------------------------------------------------------------------------

def _count(region, test) -> int:
    import numpy as np

    pixels = np.asarray(region, dtype=np.int16)
    r, g, b = pixels[..., 0], pixels[..., 1], pixels[..., 2]
    return int(test(r, g, b).sum())


def _red(r, g, b):
    return (r > 140) & (r - g > 60) & (r - b > 50)


def _blue(r, g, b):
    return (b > 80) & (b - r > 35) & (b - g > 20)


def test_scan_stamps_shows_red_stamps_and_blue_handwriting() -> None:
    from PIL import Image

    regions = gold("scan_stamps")["_regions"]
    with Image.open(RENDERED / "scan_stamps.png") as image:
        assert image.mode == "RGB" and round(image.info["dpi"][0]) == 300
        assert abs(image.width - 2480) <= 2 and abs(image.height - 3508) <= 2
        crop = {name: image.crop(tuple(box)) for name, box in regions.items()}
    assert _count(crop["vv_lines"], _red) > 2000, "the receipt stamp lies over the subject (V/v) lines"
    assert _count(crop["kinh_gui_label"], _red) > 120, "… and reaches the Kính gửi line"
    assert _count(crop["seal"], _red) > 5000, "the seal lies over the signer"
    assert _count(crop["number_slot"], _blue) > 150, "the number is written in blue ink"
    assert _count(crop["day_slot"], _blue) > 100, "the day is written in blue ink"
    assert _count(crop["issuer_block"], _red) < 50 and _count(crop["issuer_block"], _blue) < 50


def test_scan_stamps_pdf_is_an_image_only_colour_scan() -> None:
    import pdfplumber

    with pdfplumber.open(RENDERED / "scan_stamps.scan.pdf") as pdf:
        assert len(pdf.pages) == gold("scan_stamps").get("_pages", 1)
        page = pdf.pages[0]
        assert not page.chars and len(page.images) == 1
        assert "RGB" in str(page.images[0]["colorspace"])


# --- 4. damaged_glyphs -----------------------------------------------------------------------------

def test_damaged_glyphs_text_layer_is_wrong_while_the_page_is_right() -> None:
    import numpy as np
    import pypdfium2 as pdfium

    sys.path.insert(0, str(SCRIPT.parent))
    from sample_pdf import render_pdf
    from sample_text import parse_sample

    path = RENDERED / "damaged_glyphs.pdf"
    text = fold(page_text(path))
    src = fold(source("damaged_glyphs"))
    assert "chất lượng" in src and "tổng kết" in src
    assert "chát lượng" in text and "tông kết" in text and "Tông kết" in text
    assert "chất lượng" not in text and "ấ" not in text and "ổ" not in text and "ầ" not in text
    assert "Ủy ban nhân dân tỉnh" in text, "other accented letters are mapped right"

    def pixels(data: bytes) -> np.ndarray:
        document = pdfium.PdfDocument(data)
        try:
            return np.asarray(document[0].render(scale=1).to_pil().convert("L"))
        finally:
            document.close()

    intact = render_pdf(parse_sample(PHENOMENA / "damaged_glyphs.txt"))
    assert np.array_equal(pixels(path.read_bytes()), pixels(intact)), "the page shows the right glyphs"


# --- 5 and 6. the text phenomena -------------------------------------------------------------------

def test_cong_van_paragraph_is_one_paragraph_and_its_pdf_reads_back() -> None:
    text = source("cong_van_paragraph")
    blocks = text.split("\n\n")
    assert blocks[1].startswith("Kính gửi:") and blocks[3].startswith("Nơi nhận:")
    paragraphs = [line for line in blocks[2].split("\n") if line.strip()]
    assert len(paragraphs) == 1, "the whole body is one paragraph"
    for task in gold("cong_van_paragraph")["tasks"]:
        assert task["text"] in paragraphs[0]
    assert "Sở Khoa học và Công nghệ sẽ" in paragraphs[0]
    pdf = fold(page_text(RENDERED / "cong_van_paragraph.pdf"))
    assert "Đề nghị Quý cơ quan" in pdf and "Đề nghị các đơn vị báo cáo về Sở Khoa học và Công nghệ" in pdf


def test_quyet_dinh_articles_has_work_and_execution_articles() -> None:
    want = gold("quyet_dinh_articles")
    two_dates = [t for t in want["tasks"] if t["deadline"] and t["milestones"]]
    assert two_dates and two_dates[0]["milestones"][0]["date"] < two_dates[0]["deadline"]["date"]
    execution = next(t for t in want["tasks"] if "chịu trách nhiệm thi hành" in t["text"])
    assert execution["section"] == "3" and execution["owner"] == "Chánh Văn phòng Ủy ban nhân dân tỉnh"
    pdf = fold(page_text(RENDERED / "quyet_dinh_articles.pdf"))
    assert "Điều 2. Tổ chức thực hiện" in pdf and "chịu trách nhiệm thi hành Quyết định này./." in pdf


# --- reproducible ----------------------------------------------------------------------------------

def test_phenomenon_renderings_are_byte_identical_across_runs(tmp_path: Path) -> None:
    runs = [tmp_path / "a", tmp_path / "b"]
    for out in runs:
        subprocess.run([sys.executable, str(SCRIPT), "--phenomena", "--out", str(out)], check=True,
                       capture_output=True, text=True, timeout=600)
    names = sorted(p.name for p in runs[0].iterdir())
    assert names == sorted(n for s in STEMS for n in gold(s)["_renderings"] if not n.endswith(".txt"))
    changed = [n for n in names if (runs[0] / n).read_bytes() != (runs[1] / n).read_bytes()]
    assert not changed, f"not reproducible: {changed}"
    stale = [n for n in names if n.endswith(".docx") and (runs[0] / n).read_bytes() != (RENDERED / n).read_bytes()]
    stale += [n for n in names if n.endswith(".pdf") and not n.endswith(".scan.pdf")
              and page_text(runs[0] / n) != page_text(RENDERED / n)]
    assert not stale, f"samples/phenomena/rendered is out of date for {stale}: run `make samples`"
