"""No super-linear step on hostile text: long lines built from the parsers' own pieces ("ngày ",
"tháng", digits, commas, "Số:", runs of blanks) go through the whole text pipeline and each
parser in time that grows linearly with the line. Each example is timed at two lengths and
against a linear baseline (ordinary words of the same length) measured in the same test; the
margins are generous (a backtracking regex is 100–1,000 times over them at these lengths)."""

from __future__ import annotations

import importlib
import time
from datetime import date

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import hostile_inputs as h
from vndocx.pipeline import extract_text

SHORT, LONG = 2_000, 8_000
# Prefixes that put a parser in the middle of its pattern, and pieces that pump its runs.
PREFIXES = ("", "Hà Nội, ngày", "Hà Nội, ngày 1 tháng", "Hà Nội, ngày 1 tháng 2 năm", "Số:", "Số: 12",
            "Căn cứ Công văn số 12/UBND", "Căn cứ Quyết định", "theo Kế hoạch số 5/KH-UBND ngày 1",
            "Ký bởi:", "Các sở ", "Sở Nội vụ", "trước ngày", "Điều 1.", "- ", "1. ", "quan", "UBND tỉnh")
PIECES = (" ", "\t", " .", ". ", "1", "1 ", "12/", ", ", ",", "…", "_", "-", "ngày ", "tháng ", "năm ",
          "Số: ", "và ", "của ", "Sở ", "Aa ", "¹", "(", "1/1/", "ngày 1 tháng ", *h.adversarial_lines().values())


def _timed(call, text: str) -> float:
    start = time.perf_counter()
    call(text)
    return time.perf_counter() - start


def _line(prefix: str, piece: str, chars: int) -> str:
    return prefix + (piece * (chars // len(piece) + 1))[:chars - len(prefix)]


def _pipeline(where: str):
    return lambda line: extract_text(h.long_line_text(line, len(line), where))


def _over(short: float, long: float, baseline: float) -> bool:
    return long > 0.5 + 20 * baseline or (long > 0.1 and long > 10 * short)


def _check_linear(call, prefix: str, piece: str, baseline: float) -> None:
    short = _timed(call, _line(prefix, piece, SHORT))
    long = _timed(call, _line(prefix, piece, LONG))
    if _over(short, long, baseline):  # timed again, the best of three: a busy machine is not a regex
        short = min(short, *(_timed(call, _line(prefix, piece, SHORT)) for _ in range(2)))
        long = min(long, *(_timed(call, _line(prefix, piece, LONG)) for _ in range(2)))
    context = f"prefix={prefix!r} piece={piece!r}: {short:.3f} s at {SHORT}, {long:.3f} s at {LONG}, " \
              f"baseline {baseline:.3f} s"
    assert long <= 0.5 + 20 * baseline, context
    if long > 0.1:  # above the timer's noise: the growth itself (4× for linear, 16× for quadratic)
        assert long <= 10 * short, context


@pytest.fixture(scope="module")
def pipeline_baseline() -> dict[str, float]:
    extract_text(h.LETTER)  # load the tables and the model first
    return {where: max(_timed(_pipeline(where), _line("", "Sở Nội vụ tổ chức ", LONG)) for _ in range(2))
            for where in h.PLACES}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@example(prefix="Hà Nội, ngày", piece=" ", where="number")  # the line that hung (the date-line regex)
@example(prefix="Số:", piece=" ", where="header")
@example(prefix="", piece="1/1/", where="header")  # the issuer line's leading specks (a digit run, no space)
@given(prefix=st.sampled_from(PREFIXES), piece=st.sampled_from(PIECES), where=st.sampled_from(sorted(h.PLACES)))
def test_pipeline_is_linear_on_long_lines(pipeline_baseline, prefix: str, piece: str, where: str) -> None:
    _check_linear(_pipeline(where), prefix, piece, pipeline_baseline[where])


def _parsers():
    references = importlib.import_module("vndocx.extraction.references")
    deadlines = importlib.import_module("vndocx.extraction.deadlines")
    signature = importlib.import_module("vndocx.extraction.signature")
    owners = importlib.import_module("vndocx.extraction.owners")
    header = importlib.import_module("vndocx.segment.header")
    day = date(2026, 1, 5)
    return {
        "parse_date_line": header.parse_date_line,
        "find_references": references.find_references,
        "find_deadlines": lambda text: deadlines.find_deadlines(text, day),
        "parse_deadline": lambda text: deadlines.parse_deadline(text, day),
        "find_dates": lambda text: deadlines.find_dates(text, day),
        "stamp_signature": signature.stamp_signature,
        "split_bodies": owners.split_bodies,
    }


PARSERS = _parsers()


@pytest.fixture(scope="module")
def parser_baseline() -> dict[str, float]:
    out = {}
    for name, call in PARSERS.items():
        call(h.LETTER)
        out[name] = max(_timed(call, _line("", "Sở Nội vụ tổ chức ", LONG)) for _ in range(2))
    return out


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_each_parser_is_linear_on_long_lines(parser_baseline, name: str) -> None:
    # every prefix with every piece: each call takes milliseconds when linear
    for prefix in PREFIXES:
        for piece in PIECES:
            _check_linear(PARSERS[name], prefix, piece, parser_baseline[name])


def test_the_place_and_date_line_of_the_issue_is_fast() -> None:
    # the case that hung: a date line whose blanks run on for thousands of characters
    header = importlib.import_module("vndocx.segment.header")
    for line in ("Hà Nội, ngày" + " " * 4000, "Hà Nội, ngày 1 tháng" + " " * 4000 + "x"):
        assert _timed(header.parse_date_line, line) < 0.05
    assert header.parse_date_line("Hà Nội, ngày   5   tháng 3 năm 2026")[1] == "2026-03-05"
