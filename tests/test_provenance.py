"""Provenance on every sample rendering: each field's box holds the field's printed words and each
task's box holds its first line, checked against where the renderer put the words.

The expected positions are the words of the sample's text PDF as scripts/make_samples.py wrote them,
read straight from that file with pdfplumber (not through vndocx); the scan and its PNG are that PDF
rasterised at 300 dpi (scripts/sample_scan.py), so their pixels are the points × 300/72, give or take
the skew of under a degree that the OCR stage turns back.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import pytest

import vndocx

from conftest import need_tesseract

RENDERED = Path(__file__).resolve().parents[1] / "samples" / "rendered"
NAMES = sorted(p.name.removesuffix(".pdf") for p in RENDERED.glob("*.pdf") if not p.name.endswith(".scan.pdf"))
SCAN_DPI = 300
# (file suffix, pixels per point of the expected positions, slack in those units)
KINDS = {"pdf": (".pdf", 1.0, 1.5), "scan": (".scan.pdf", SCAN_DPI / 72, 28.0), "png": (".png", SCAN_DPI / 72, 28.0)}
# Fields whose value is not printed word for word (an ISO date, a type a V/v line implies).
DERIVED = {"date", "doc_type", "signature"}


def _fold(text: str) -> str:
    """Lower case without marks or punctuation: OCR may lose a mark the checks do not test."""
    base = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return re.sub(r"[^\w]", "", "".join(c for c in base if not unicodedata.combining(c)))


@functools.cache
def printed_words(name: str) -> dict[int, list[tuple[str, tuple[float, float, float, float]]]]:
    """page → (folded word, box in points) of every word the renderer drew on it."""
    import pdfplumber

    with pdfplumber.open(RENDERED / f"{name}.pdf") as pdf:
        return {n: [(_fold(w["text"]), (w["x0"], w["top"], w["x1"], w["bottom"])) for w in page.extract_words()]
                for n, page in enumerate(pdf.pages, start=1)}


@functools.cache
def record(name: str, kind: str) -> vndocx.Document:
    if kind != "pdf":
        need_tesseract()
    return vndocx.extract(RENDERED / f"{name}{KINDS[kind][0]}")


def _inside(word_box, box, scale: float, slack: float) -> bool:
    x0, y0, x1, y1 = (v * scale for v in word_box)
    return x0 >= box[0] - slack and y0 >= box[1] - slack and x1 <= box[2] + slack and y1 <= box[3] + slack


def _missing(tokens: list[str], page: int, box, name: str, kind: str) -> list[str]:
    """The tokens (folded, non-empty) that no word drawn inside ``box`` on ``page`` prints."""
    _, scale, slack = KINDS[kind]
    inside = {word for word, wbox in printed_words(name)[page] if _inside(wbox, box, scale, slack)}
    return [t for t in tokens if t and not any(t in word for word in inside)]


def _field_tokens(doc: vndocx.Document, field: str) -> list[str]:
    value = getattr(doc, field)
    if field == "signer":
        value = [*value.authority, value.title or "", value.name or ""]
    if isinstance(value, list):
        value = " ".join(value)
    return [_fold(t) for t in str(value).split()]


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("name", NAMES)
def test_each_field_box_holds_the_field_words(name: str, kind: str) -> None:
    doc = record(name, kind)
    filled = [f for f in ("number", "symbol", "issuer", "parent_issuer", "place", "date_raw", "subject", "recipients",
                          "distribution", "signer", "urgency", "confidentiality") if getattr(doc, f)]
    pages = len(printed_words(name)) if kind != "png" else 1
    assert set(filled) <= set(doc.provenance), f"fields without provenance: {set(filled) - set(doc.provenance)}"
    for field in filled:
        where = doc.provenance[field]
        assert 1 <= where.page <= pages and where.bbox is not None, (field, where)
        assert (where.confidence is None) == (kind == "pdf"), (field, where)
        if field in DERIVED:
            continue
        missing = _missing(_field_tokens(doc, field), where.page, where.bbox, name, kind)
        # OCR may misread a word or two of a long field; the box must still hold what was read right
        allowed = 0 if kind == "pdf" else max(1, len(_field_tokens(doc, field)) // 5)
        assert len(missing) <= allowed, f"{name}.{kind} {field}={getattr(doc, field)!r}: {missing} not in {where}"


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("name", NAMES)
def test_each_task_box_holds_its_first_line(name: str, kind: str) -> None:
    doc = record(name, kind)
    assert doc.tasks or kind != "pdf"  # a PNG is page 1 only; OCR may miss a scan's assignments
    for task in doc.tasks:
        where = task.provenance
        assert where is not None and where.bbox is not None, task.text
        first = [_fold(t) for t in task.text.split()[:4]]
        missing = _missing(first, where.page, where.bbox, name, kind)
        assert len(missing) <= (0 if kind == "pdf" else 1), f"{name}.{kind} {task.text[:60]!r}: {missing} not in {where}"


@pytest.mark.parametrize("suffix", [".txt", ".docx"])
def test_text_and_docx_have_pages_without_boxes(suffix: str) -> None:
    path = (RENDERED if suffix == ".docx" else RENDERED.parent) / f"04_cong_van{suffix}"
    doc = vndocx.extract(path)
    # a text file's pages are its form feeds; a DOCX has no pages before it is laid out
    pages = path.read_text(encoding="utf-8").count("\f") + 1 if suffix == ".txt" else 1
    assert {"number", "symbol", "issuer", "date", "subject", "signer", "distribution"} <= set(doc.provenance)
    assert doc.provenance["number"].page == 1
    for where in [*doc.provenance.values(), *(t.provenance for t in doc.tasks)]:
        assert where is not None and 1 <= where.page <= pages and where.bbox is None and where.confidence is None


def test_a_null_field_has_no_entry() -> None:
    doc = vndocx.extract_text("Kính gửi: Sở Nội vụ tỉnh Lạc Sơn\n\nĐề nghị Sở Nội vụ báo cáo trước ngày 15/12/2026.")
    assert doc.number is None and "number" not in doc.provenance
    assert set(doc.provenance) == {name for name in doc.provenance if getattr(doc, name)}
