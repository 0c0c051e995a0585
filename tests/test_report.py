"""The HTML task register: its content read back as HTML, and its behaviour in headless Chromium."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

import vndocx
from test_export import NOTICE_TEXT, TODAY, make_documents
from vndocx.export import is_overdue
from vndocx.records import Deadline, Document, Task
from vndocx.report import main, render_report, task_state, write_report

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


class Page(HTMLParser):
    """Just enough of the DOM for the checks: attributes of every element, text of ids, row cells."""

    def __init__(self, markup: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str]]] = []
        self.ids: dict[str, dict[str, str]] = {}
        self.text_of: dict[str, str] = {}
        self.rows: list[dict[str, str]] = []  # tr attributes of the task table
        self.cells: list[list[str]] = []
        self._open_ids: list[tuple[str, str]] = []
        self._in_tasks = False
        self._cell: list[str] | None = None
        self.feed(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.elements.append((tag, a))
        if "id" in a:
            assert a["id"] not in self.ids, f"duplicate id {a['id']}"
            self.ids[a["id"]] = a
            if tag not in ("input", "br", "meta", "link", "img"):
                self._open_ids.append((tag, a["id"]))
                self.text_of[a["id"]] = ""
        if tag == "table" and a.get("id") == "tasks":
            self._in_tasks = True
        if self._in_tasks and tag == "tr" and "data-owner" in a:
            self.rows.append(a)
            self.cells.append([])
        if self._in_tasks and tag == "td" and self.cells:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()
        if tag == "table":
            self._in_tasks = False
        if tag == "td" and self._cell is not None:
            self.cells[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        for _tag, ident in self._open_ids:
            self.text_of[ident] += data
        if self._cell is not None:
            self._cell.append(data)


def test_page_has_a_row_per_task_and_marks_overdue_ones():
    documents = make_documents()
    page = Page(render_report(documents, TODAY))
    tasks = [(d, t) for d in documents for t in d.tasks]
    assert len(page.rows) == len(tasks) == 8
    for row, cells, (_doc, task) in zip(page.rows, page.cells, tasks, strict=True):
        assert row["data-owner"] == (task.owner or "(chưa xác định)")
        assert ("overdue" in row["class"].split()) == is_overdue(task, TODAY)
        assert task.text in cells[3]
    # the first notice task: due 30/10/2025, two days before the reference date
    assert page.cells[0][4].startswith("30/10/2025")
    assert "Quá hạn 2 ngày" in page.cells[0][4]
    assert page.rows[1]["data-state"] == "due-month open"  # 30/11/2025, in November
    assert page.rows[3]["data-state"] == "undated"  # monthly, no date
    assert page.rows[4]["data-state"] == "done"  # Hoàn thành before its deadline
    assert page.rows[5]["data-month"] == "2025-10"
    assert page.text_of["today"] == "01/11/2025"


def test_each_task_links_to_its_passage_and_back():
    documents = make_documents()
    page = Page(render_report(documents, TODAY))
    hrefs = [a["href"] for tag, a in page.elements if tag == "a" and a.get("href", "").startswith("#")]
    for href in hrefs:
        assert href[1:] in page.ids, f"dangling link {href}"
    # a task with a span: its passage is a <mark> holding exactly the task text, inside the document's <details>
    assert page.text_of["src-0-1"] == documents[0].tasks[0].text
    assert page.ids["src-0-1"]["class"] == "task overdue"
    assert "#src-0-1" in hrefs and "#t-0-1" in hrefs
    assert page.ids["doc-0"] is not None and page.text_of["doc-0"].count("Sở Khoa học và Công nghệ:") == 1
    # the document text is all there, in order, around the marks
    assert NOTICE_TEXT.replace("\n", "") in page.text_of["doc-0"].replace("\n", "").replace("↑1", "").replace(
        "↑2", "").replace("↑3", "").replace("↑4", "")  # fmt: skip
    # a task without a span links to its whole document instead
    assert page.ids.get("src-2-1") is None and "#doc-2" in hrefs


def test_page_is_self_contained():
    markup = render_report(make_documents(), TODAY)
    page = Page(markup)
    for tag, attrs in page.elements:
        assert tag not in ("link", "img", "iframe"), tag
        assert "src" not in attrs or tag != "script", attrs
        for value in attrs.values():
            assert not value.startswith(("http:", "https:", "//")), value
    assert "<style>" in markup and "<script>" in markup
    assert "@import" not in markup and "url(" not in markup


def test_text_is_escaped():
    doc = Document(
        source="x.txt",
        text="Giao <b>Sở A</b> & Sở B",
        tasks=[Task(text="<b>Sở A</b> & Sở B", owner='Sở "A" <X>', span=(5, 23))],
    )
    page = Page(render_report([doc], TODAY))
    assert page.rows[0]["data-owner"] == 'Sở "A" <X>'
    assert page.text_of["src-0-1"] == "<b>Sở A</b> & Sở B"
    assert "<b>Sở A</b>" not in render_report([doc], TODAY)  # no markup from the documents' text


def test_bad_or_overlapping_spans_do_not_break_the_text():
    text = "Chủ trì rà soát và báo cáo trước ngày 30/10/2025."
    doc = Document(
        source="x.txt",
        text=text,
        tasks=[
            Task(text="rà soát và báo cáo", owner="Sở A", span=(8, 26)),
            Task(text="báo cáo", owner="Sở B", span=(19, 26)),  # inside the first
            Task(text="ngoài văn bản", owner="Sở C", span=(40, 400)),  # past the end
        ],
    )
    page = Page(render_report([doc], TODAY))
    assert page.text_of["doc-0"].replace("↑1", "").replace("↑2", "").endswith(text)
    assert "src-0-2" in page.ids and "src-0-3" not in page.ids
    assert page.ids["t-0-3"] is not None


def test_copies_of_a_document_are_shown_once():
    notice, report, _bare = make_documents()
    pdf = notice.model_copy(update={"source": "rendered/hp_215_tb.pdf"})
    page = Page(render_report([notice, report, pdf], TODAY))
    assert len(page.rows) == 7 and "doc-2" not in page.ids
    assert "Cũng đọc từ: rendered/hp_215_tb.pdf" in page.text_of["doc-0"]
    assert "(1 tệp là bản sao, đã gộp)" in render_report([notice, report, pdf], TODAY)
    assert len(Page(render_report([notice, report, pdf], TODAY, dedupe=False)).rows) == 11


def test_task_state_on_the_reference_date():
    due = Deadline(raw="trước ngày 15/11/2025", date="2025-11-15", kind="by")
    task = Task(text="x", deadline=due)
    assert task_state(task, date(2025, 11, 1)).tokens == "due-month open"
    assert task_state(task, date(2025, 11, 15)).tokens == "due-month open"  # the day itself is not late
    late = task_state(task, date(2025, 11, 16))
    assert (late.tokens, late.days_late) == ("overdue", 1)
    assert task_state(task.model_copy(update={"status": "Đã hoàn thành"}), date(2026, 1, 1)).tokens == "done"
    assert task_state(Task(text="x"), date(2026, 1, 1)).tokens == "undated"


def test_main_reads_batch_output(tmp_path, capsys):
    records = tmp_path / "tasks.jsonl"
    records.write_text("".join(d.model_dump_json() + "\n" for d in make_documents()), encoding="utf-8")
    out = tmp_path / "site" / "report.html"
    assert main([str(records), "-o", str(out), "--today", "2025-11-01", "--title", "Nhiệm vụ tỉnh Hà Phong"]) == 0
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.rows) == 8 and page.text_of["today"] == "01/11/2025"
    assert "Nhiệm vụ tỉnh Hà Phong" in out.read_text(encoding="utf-8")
    assert out.stat().st_mode & 0o044  # readable by others like any file, not private as a temp file
    assert main([str(tmp_path / "missing.jsonl"), "-o", str(out)]) == 1
    assert "missing.jsonl" in capsys.readouterr().err
    with pytest.raises(SystemExit) as exit_info:
        main([str(records), "-o", str(out), "--today", "31/12/2025"])
    assert exit_info.value.code == 2


def test_samples_report(tmp_path):
    """The real pipeline on samples/: one row per task, every highlighted passage is its task's text."""
    paths = sorted(SAMPLES.glob("*.txt"))
    if not paths:
        pytest.skip(f"no samples in {SAMPLES}")
    documents = [vndocx.extract(p) for p in paths]
    out = write_report(documents, tmp_path / "report.html", date(2025, 12, 31))
    page = Page(out.read_text(encoding="utf-8"))
    assert len(page.rows) == sum(len(d.tasks) for d in documents) > 0
    for doc_id, doc in enumerate(documents):
        assert f"doc-{doc_id}" in page.ids
        for n, task in enumerate(doc.tasks, start=1):
            if f"src-{doc_id}-{n}" in page.ids and page.ids[f"src-{doc_id}-{n}"].get("class", "").startswith("task"):
                assert page.text_of[f"src-{doc_id}-{n}"] == doc.text[task.span[0] : task.span[1]]


# ----------------------------------------------------------------------------------------------
# In a browser


@pytest.fixture(scope="module")
def browser():
    if CHROMIUM is None or CHROMEDRIVER is None:
        pytest.skip("headless Chromium is not installed (apt-get install chromium chromium-driver)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    profile = tempfile.mkdtemp(prefix="vndocx-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
                 "--window-size=1400,1000"):  # fmt: skip
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


def _open(browser, tmp_path, documents=None):
    out = write_report(documents or make_documents(), tmp_path / "report.html", TODAY)
    browser.get(out.as_uri())
    return out


def _visible_rows(browser) -> list[tuple[str, str]]:
    """(row id, owner cell) of the task rows shown, top to bottom."""
    return browser.execute_script(
        "return Array.from(document.querySelectorAll('#tasks tbody tr'))"
        ".filter(r => !r.hidden && r.offsetParent !== null).map(r => [r.id, r.cells[1].textContent]);"
    )


def _select(browser, element_id: str, value: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(browser.find_element(By.ID, element_id)).select_by_value(value)


def test_browser_shows_the_table_and_filters_by_owner(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, tmp_path)
    assert browser.title == "Sổ theo dõi nhiệm vụ"
    assert len(_visible_rows(browser)) == 8
    assert browser.find_element(By.ID, "shown").text == "8 / 8 nhiệm vụ"

    _select(browser, "f-owner", "Sở Tài chính")
    rows = _visible_rows(browser)
    assert [r[0] for r in rows] == ["t-1-1", "t-1-3"]
    assert {r[1] for r in rows} == {"Sở Tài chính"}
    assert browser.find_element(By.ID, "shown").text == "2 / 8 nhiệm vụ"

    _select(browser, "f-owner", "Sở Nội vụ")  # only coordinates: nothing as chủ trì …
    assert _visible_rows(browser) == []
    assert browser.find_element(By.ID, "empty").is_displayed()
    browser.find_element(By.ID, "f-co").click()  # … one task with phối hợp included
    assert [r[0] for r in _visible_rows(browser)] == ["t-0-1"]

    browser.find_element(By.ID, "f-reset").click()
    _select(browser, "f-month", "2025-10")
    assert [r[0] for r in _visible_rows(browser)] == ["t-0-1", "t-1-2"]
    _select(browser, "f-month", "")
    _select(browser, "f-state", "overdue")
    assert [r[0] for r in _visible_rows(browser)] == ["t-0-1", "t-1-2"]
    browser.find_element(By.ID, "f-reset").click()
    browser.find_element(By.ID, "f-text").send_keys("dong luy")  # without diacritics
    assert [r[0] for r in _visible_rows(browser)] == ["t-1-2"]
    errors = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert errors == []


def test_browser_sorts_by_deadline_with_blanks_last(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, tmp_path)
    header = browser.find_elements(By.CSS_SELECTOR, "#tasks thead th")[4]
    assert header.text.startswith("Thời hạn")
    header.click()
    order = [r[0] for r in _visible_rows(browser)]
    # 30/9, 15/10, 30/10, 30/11, 15/12, 31/12, then the monthly duty and the ongoing one
    assert order == ["t-1-1", "t-1-2", "t-0-1", "t-0-2", "t-0-3", "t-1-3", "t-0-4", "t-2-1"]
    header.click()
    assert [r[0] for r in _visible_rows(browser)][:3] == ["t-1-3", "t-0-3", "t-0-2"]
    assert header.get_attribute("aria-sort") == "descending"


def test_browser_overdue_rows_are_highlighted(browser, tmp_path):
    _open(browser, tmp_path)
    colours = browser.execute_script(
        "return Array.from(document.querySelectorAll('#tasks tbody tr'))"
        ".map(r => [r.id, getComputedStyle(r.cells[2]).backgroundColor]);"
    )
    late = {row for row, colour in colours if colour == "rgb(251, 227, 228)"}
    assert late == {"t-0-1", "t-1-2"}


def test_browser_source_link_opens_the_document_at_the_task(browser, tmp_path):
    from selenium.webdriver.common.by import By

    _open(browser, tmp_path)
    assert browser.execute_script("return document.getElementById('doc-0').open") is False
    browser.find_element(By.CSS_SELECTOR, "#t-0-3 a.src").click()
    assert browser.execute_script("return document.getElementById('doc-0').open") is True
    mark = browser.find_element(By.ID, "src-0-3")
    assert mark.is_displayed() and mark.text.startswith("Bố trí công chức phụ trách chuyển đổi số")
    assert browser.execute_script("return location.hash") == "#src-0-3"
    in_view = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", mark
    )
    assert in_view
    # and back to the row, even when a filter hid it
    _select(browser, "f-owner", "Sở Tài chính")
    browser.find_element(By.CSS_SELECTOR, "a.back[href='#t-0-3']").click()
    assert browser.find_element(By.ID, "t-0-3").is_displayed()


def test_documents_with_warnings_are_marked() -> None:
    """A document with warnings gets a badge on its rows and in its block, and is listed under
    "Văn bản cần kiểm tra", even with no task at all (its tasks may have been missed)."""
    with_tasks = vndocx.extract(SAMPLES / "02_ke_hoach.txt")
    assert with_tasks.tasks
    with_tasks.warnings.clear()
    with_tasks.warnings.append("số mục nhảy từ II sang IV")
    no_tasks = vndocx.extract_text("THÔNG BÁO\nVề việc họp\nGiao Sở Tài chính chủ trì.\nNơi nhận:\n- Lưu: VT.",
                                   source="b.txt")
    no_tasks.tasks.clear()
    no_tasks.warnings.append("có câu giao việc nhưng không trích được nhiệm vụ nào")
    clean = vndocx.extract_text(NOTICE_TEXT.replace("Số:", "Số: 9"), source="c.txt")
    clean.warnings.clear()
    page = Page(render_report([with_tasks, no_tasks, clean], TODAY, dedupe=False))
    warned_rows = [r for r in page.rows if "data-warn" in r]
    assert warned_rows and len(warned_rows) == len(with_tasks.tasks)
    assert all(r["data-warn"] == "1" for r in warned_rows)
    assert "check-0" in page.ids and "check-1" in page.ids and "check-2" not in page.ids
    assert "không tìm thấy nhiệm vụ nào" in page.text_of["check-1"]
    assert "nhảy từ II sang IV" in page.text_of["check-0"]
    assert page.ids["doc-0"].get("class") == "warned" and "class" not in page.ids["doc-2"]
    assert "to-check" in page.ids
    assert "to-check" not in Page(render_report([clean], TODAY)).ids


# ----------------------------------------------------------------------------------------------
# Page crops: where each task and field was read


RENDERED = SAMPLES / "rendered"


def _printed_box(pdf: Path, page: int, words: list[str]) -> tuple[float, float, float, float]:
    """The box (points) of the first run of ``words`` the sample's renderer drew on ``page``, read
    straight from the rendered PDF with pdfplumber."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        drawn = doc.pages[page - 1].extract_words()
    texts = [w["text"] for w in drawn]
    for i in range(len(texts) - len(words) + 1):
        if texts[i:i + len(words)] == words:
            run = drawn[i:i + len(words)]
            return (min(w["x0"] for w in run), min(w["top"] for w in run),
                    max(w["x1"] for w in run), max(w["bottom"] for w in run))
    raise AssertionError(f"{words} not drawn on page {page} of {pdf}")


@pytest.mark.parametrize("suffix", [".pdf", ".scan.pdf"])
def test_browser_task_link_shows_the_crop_with_the_task_words_outlined(browser, tmp_path, suffix):
    from selenium.webdriver.common.by import By

    if suffix == ".scan.pdf":
        from conftest import need_tesseract

        need_tesseract()
    source = tmp_path / f"04_cong_van{suffix}"
    shutil.copy(RENDERED / source.name, source)
    doc = vndocx.extract(source)
    out = write_report([doc], tmp_path / "report.html", TODAY)
    assert (tmp_path / "report_files").is_dir()
    browser.get(out.as_uri())
    n = 2
    task = doc.tasks[n - 1]
    crop = browser.find_element(By.ID, f"crop-src-0-{n}")
    assert not crop.is_displayed()
    browser.find_element(By.CSS_SELECTOR, f"#t-0-{n} a.src").click()
    assert crop.is_displayed()
    assert browser.execute_script("return arguments[0].complete && arguments[0].naturalWidth > 0",
                                  crop.find_element(By.TAG_NAME, "img"))
    # the outlined box, in pixels of the 100 dpi page image, back to points
    x0, y0, x1, y1 = browser.execute_script(
        "const c = arguments[0], i = c.querySelector('img').getBoundingClientRect(),"
        " b = c.querySelector('.box').getBoundingClientRect(), s = c.querySelector('img').naturalWidth / i.width;"
        "return [(b.left - i.left) * s, (b.top - i.top) * s, (b.right - i.left) * s, (b.bottom - i.top) * s];", crop)
    points = [v * 72 / 100 for v in (x0, y0, x1, y1)]
    words = _printed_box(RENDERED / "04_cong_van.pdf", task.provenance.page, task.text.split()[:3])
    overlap_w = min(points[2], words[2]) - max(points[0], words[0])
    overlap_h = min(points[3], words[3]) - max(points[1], words[1])
    assert overlap_w > 0.8 * (words[2] - words[0]) and overlap_h > 0.6 * (words[3] - words[1]), (points, words)


def test_header_fields_show_their_crop_on_click(browser, tmp_path):
    from selenium.webdriver.common.by import By

    source = tmp_path / "04_cong_van.pdf"
    shutil.copy(RENDERED / source.name, source)
    doc = vndocx.extract(source)
    out = write_report([doc], tmp_path / "report.html", TODAY)
    browser.get(out.as_uri())
    browser.find_element(By.CSS_SELECTOR, "#doc-0 > summary").click()
    fields = browser.find_elements(By.CSS_SELECTOR, "#doc-0 dl.fields .field-crop")
    assert len(fields) >= 8  # type, number, symbol, issuers, date, subject, recipients, distribution, signer
    number = next(f for f in fields if f.find_element(By.CLASS_NAME, "value").text == doc.number)
    assert not number.find_element(By.CSS_SELECTOR, ".crop-view").is_displayed()
    number.find_element(By.CLASS_NAME, "value").click()
    assert number.find_element(By.CSS_SELECTOR, ".crop-view").is_displayed()
    box = number.find_element(By.CSS_SELECTOR, ".box")
    assert box.size["width"] > 20 and box.size["height"] > 5


def test_missing_source_renders_without_crops_and_says_so(tmp_path):
    source = tmp_path / "04_cong_van.pdf"
    shutil.copy(RENDERED / source.name, source)
    doc = vndocx.extract(source)
    source.unlink()
    out = write_report([doc], tmp_path / "report.html", TODAY)
    page = Page(out.read_text(encoding="utf-8"))
    assert not [a for tag, a in page.elements if tag == "img"]
    assert "Không tìm thấy tệp gốc" in page.text_of["doc-0"] and len(page.rows) == len(doc.tasks)
    assert not (tmp_path / "report_files").exists()


def test_low_confidence_tasks_and_fields_are_marked():
    from vndocx.records import Provenance

    doc = Document(source="scan.pdf", text="Sở A báo cáo. Sở B báo cáo.", number="12",
                   provenance={"number": Provenance(page=1, bbox=(1, 1, 5, 5), confidence=0.41)},
                   tasks=[Task(text="Sở A báo cáo.", span=(0, 13), provenance=Provenance(page=1, bbox=(1, 1, 9, 9),
                                                                                          confidence=0.35)),
                          Task(text="Sở B báo cáo.", span=(14, 27), provenance=Provenance(page=1, bbox=(1, 1, 9, 9),
                                                                                           confidence=0.95))])
    page = Page(render_report([doc], TODAY))
    assert [r.get("data-low") for r in page.rows] == ["1", None]
    low = [a for tag, a in page.elements if "low" in a.get("class", "").split()]
    assert any("35%" in a.get("title", "") for a in low) and any("41%" in a.get("title", "") for a in low)


def test_values_filled_into_form_fields_and_the_signature_say_so(tmp_path):
    """signed_pdf: the number and day are filled into form fields after signing; the signature
    comes from the signature dictionary and its printed stamp."""
    source = tmp_path / "signed_pdf.pdf"
    shutil.copy(SAMPLES / "phenomena" / "rendered" / source.name, source)
    doc = vndocx.extract(source)
    page = Page(write_report([doc], tmp_path / "report.html", TODAY).read_text(encoding="utf-8"))
    fields = page.text_of["doc-0"]
    assert fields.count("ô nhập liệu (form field)") == 3  # number, symbol (one line) and the date line
    assert "từ dấu chữ ký in trên trang 1" in fields


def test_unreadable_source_renders_without_crops_and_says_why(tmp_path):
    source = tmp_path / "04_cong_van.pdf"
    shutil.copy(RENDERED / source.name, source)
    doc = vndocx.extract(source)
    source.write_bytes(b"%PDF-1.4 not a PDF any more")
    page = Page(write_report([doc], tmp_path / "report.html", TODAY).read_text(encoding="utf-8"))
    assert not [a for tag, a in page.elements if tag == "img"]
    assert "Không đọc được trang 1 của tệp gốc" in page.text_of["doc-0"]
