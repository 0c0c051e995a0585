"""Deadlines: the Vietnamese time expressions that set a deadline or a recurring duty, as
``Deadline`` records (``shared/docs/record-contract.md``, "Deadline").

    >>> [m.deadline.date for m in find_deadlines("báo cáo trước ngày 05/01/2026.", None)]
    ['2026-01-05']

Forms read (any case, any whitespace between words, line breaks included):

* ``by`` — a day: "trước ngày 30 tháng 10 năm 2025", "trước 16 giờ 00, thứ Sáu, ngày 05/12/2025",
  "chậm nhất ngày 5-1-2026", "đến hết ngày 31.12.2025", "hạn chót 30/11"; "trước ngày X" is X
  itself (the contract's reading). "trước tháng 12/2025" is the day before the month begins.
* ``within`` — a period: "trong tháng 12/2025", "chậm nhất trong tháng 11 năm 2025",
  "trong quý I/2026", "trong 6 tháng đầu năm 2026", "trong năm 2026", "trong giai đoạn 2026 - 2030",
  "trong tuần đầu tháng 12/2025"; ``date`` is the last day of the period.
* ``recurring`` — "định kỳ sáng thứ Hai hằng tuần", "hằng quý", "trước ngày 20 hằng tháng",
  "định kỳ 6 tháng", "Kể từ tháng 11 năm 2025, định kỳ hằng tháng" (``starts`` 2025-11-01).
* ``relative`` — counted from an event: "trước 05 ngày tính đến ngày tổ chức Hội nghị",
  "trong thời hạn 05 ngày làm việc kể từ ngày nhận được văn bản", "trước khi tổ chức Hội nghị".
* ``ongoing`` — "thường xuyên" where it says when the work is done ("thực hiện thường xuyên",
  "Thời hạn: thường xuyên"), not where it describes ("chi thường xuyên", "chưa thường xuyên").
* after a completion verb or a label, a bare date or period: "Hoàn thành tháng 12/2025",
  "Thời hạn: 30/11/2025" (the verb and the label are not part of ``raw``).

What is *not* a deadline, so not returned: dates of cited documents and meetings, periods
of past results ("Trong năm 2025, … đã …"), descriptions ("hồ sơ được tiếp nhận trước ngày
01/7/2025", "nhiệm vụ được giao trong năm 2025"), data cut-offs ("tính đến ngày 30/9/2025"),
dated deadlines that end before the document's date, and a bare "hằng năm" with no verb of
duty in its clause ("… viên chức hằng năm").

A date without a year takes the document date's year, rolled forward a year when that would
put it before the document date; a warning says so. Without a document date its ``date`` is
null, with a warning.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from vndocx.lang.patterns import alternation, anchor_regex
from vndocx.lang.rule_tables import load_date_words
from vndocx.lang.text import fold_space, stroke_digits
from vndocx.records import Deadline

_WORDS = load_date_words()


_S, _W = r"\s+", r"\s*"  # some whitespace, any whitespace
_YEAR = r"(?:19|20)\d{2}"
_NUM = r"\d{1,2}"
_WEEKDAY = alternation(_WORDS["weekday"])
_DAYPART = alternation(_WORDS["daypart"])
_EVERY = alternation(_WORDS["every"])
_UNIT = alternation(_WORDS["period"]) + r"(?![\w/])(?!\s*\d)"
_QUARTER_NUMERAL = r"IV|III|II|I|[1-4]|(?-i:H)"  # "H": OCR's reading of "II" ("Quý H năm 2026")
_QUARTER = rf"(?:{_QUARTER_NUMERAL})(?!\w)"
_COUNT = alternation(_WORDS["count"])[:-1] + r"|\d{1,2})"
_LABEL = alternation(_WORDS["label"])
_COMPLETE = alternation(_WORDS["complete"])
_EVENT = alternation(_WORDS["event"])
_YEAR_TAIL = rf"(?:{_W}[/.-]{_W}|{_W},?{_S}năm{_S})"

# A day: "ngày 30 tháng 10 năm 2025", "30/10/2025", "5-1-2026", "ngày 05/01" (groups for parsing).
_DATE_P = (rf"(?:ngày{_W})?(?:(?P<d1>{_NUM}){_S}tháng{_S}(?P<m1>{_NUM})(?:{_W},?{_S}năm{_S}(?P<y1>{_YEAR}))?"
           rf"|(?P<d2>{_NUM}){_W}(?P<s1>[/.-]){_W}(?P<m2>{_NUM})(?:{_W}(?P<s2>[/.-]){_W}(?P<y2>{_YEAR}))?)"
           r"(?![\d/])")
# A period: month(s), quarter(s), part of a year, a week of a month, a year, a span of years.
_PERIOD_P = (
    rf"(?:(?:cuối|hết){_S})?(?:"
    rf"(?:(?P<hn>{_COUNT}){_S}tháng{_S}|nửa{_S})(?P<hw>đầu|cuối){_S}năm(?:{_S}(?P<hy>{_YEAR}))?"
    rf"|tuần{_S}(?P<ww>đầu|cuối)(?:{_S}của)?{_S}tháng{_S}(?P<wm>{_NUM})(?:{_YEAR_TAIL}(?P<wy>{_YEAR}))?"
    rf"|tháng{_S}(?P<ms>{_NUM}(?:{_W}(?:,|và){_W}(?:tháng{_S})?{_NUM})*)(?!\d)(?:{_YEAR_TAIL}(?P<my>{_YEAR}))?"
    rf"|quý{_S}(?P<qs>{_QUARTER}(?:{_W}(?:,|và){_W}(?:quý{_S})?{_QUARTER})*)(?:{_YEAR_TAIL}(?P<qy>{_YEAR}))?"
    rf"|giai{_S}đoạn{_S}(?P<g1>{_YEAR}){_W}[-–]{_W}(?P<g2>{_YEAR})"
    rf"|năm{_S}(?P<yy>{_YEAR})"
    r")(?![\d/])"
)
_DATE = re.compile(_DATE_P, re.I)
_PERIOD = re.compile(_PERIOD_P, re.I)
_DATE_NG = re.sub(r"\(\?P<\w+>", "(?:", _DATE_P)
_PERIOD_NG = re.sub(r"\(\?P<\w+>", "(?:", _PERIOD_P)

_TIME = rf"\d{{1,2}}{_W}(?:giờ|h|g)(?:{_W}\d{{2}})?(?:{_W}phút)?(?:{_W},?{_W}{_DAYPART})?"
_WEEKDAY_PREFIX = rf"(?:(?:{_DAYPART}){_S})?{_WEEKDAY}"
# What a recurring duty's day or time is ("thứ Hai", "ngày 20", "ngày 05 tháng 12", "trước 16h00").
_DAY_ANCHOR = (rf"(?:(?:{_DAYPART}){_S})?{_WEEKDAY}"
               rf"|(?:trước{_S})?ngày{_S}{_NUM}(?:{_W}/{_W}{_NUM}|{_S}tháng{_S}{_NUM})?|trước{_S}{_TIME}|tuần{_S}(?:đầu|cuối)|(?:đầu|cuối|giữa)")
_KY = "k[ỳỷ]"  # "kỳ", and the hook OCR puts for its grave ("Định kỷ hằng năm")
_RECUR = (
    rf"(?:(?:theo{_S})?định{_S}{_KY}(?:{_S}vào)?{_S}(?:(?:{_DAY_ANCHOR}){_S})?{_EVERY}{_S}(?P<u1>{_UNIT})"
    rf"|(?:theo{_S})?định{_S}{_KY}{_S}(?P<n>{_COUNT}){_S}(?P<nu>tháng|tuần)(?:{_S}(?:một|0?1){_S}lần)?"
    rf"|(?P<n2>{_COUNT}){_S}(?P<nu2>tháng|tuần){_S}(?:một|0?1){_S}lần"
    rf"|(?:vào{_S})?(?:{_DAY_ANCHOR}){_S}{_EVERY}{_S}(?P<u2>{_UNIT})"
    rf"|{_EVERY}{_S}(?P<u3>{_UNIT})"
    # "định kỳ tổng hợp …", "định kỳ báo cáo …": a recurring duty whose period is not said
    rf"|(?P<bare>(?:theo{_S})?định{_S}{_KY})(?={_S}(?:tổng{_S}hợp|báo{_S}cáo|kiểm{_S}tra|đánh{_S}giá|rà{_S}soát|cập{_S}nhật)))"
)
_START = rf"(?:kể{_S}từ|bắt{_S}đầu{_S}từ|từ){_S}(?P<start>{_DATE_NG}|{_PERIOD_NG})"
_CLAUSE_END = r"(?=\s+(?:để|nhằm)(?!\w)|\s*[.;,()\n]|\s*$)"
_TAIL = r"[^.;,()\n]{0,80}?"
_EVENT_END = rf"(?:(?:mỗi|các|từng){_S})?(?:(?:cuộc|đợt|việc|buổi){_S})?{_EVENT}(?!\w){_TAIL}"
_AMOUNT = rf"(?P<n>\d{{1,3}})(?:{_W}\([^)]{{1,20}}\))?{_S}(?:ngày|tuần|tháng|giờ)(?:{_S}làm{_S}việc)?"

_FORMS: list[tuple[str, re.Pattern[str]]] = [(name, re.compile(pattern, re.I)) for name, pattern in (
    ("starts_recur", rf"{_START}{_W},?{_W}(?P<rec>{_RECUR})"),
    ("recur_starts", rf"(?P<rec>{_RECUR}){_W},?{_W}{_START}"),
    ("recur", rf"(?P<rec>{_RECUR})"),
    ("label", rf"{_LABEL}{_W}:{_W}"),
    ("complete", rf"{_COMPLETE}{_W}:?{_W}(?P<raw>(?:vào{_S})?(?:(?P<period>{_PERIOD_NG})|(?P<date>{_DATE_NG})))"),
    ("by", rf"(?:trước|chậm{_S}nhất(?:{_S}là)?(?:{_S}(?:vào|trước|đến|trong))?|hạn{_S}(?:chót|cuối)(?:{_S}là)?"
           rf"|(?:từ{_S}{_DATE_NG}{_W})?(?:đến|tới)(?:{_S}hết)?(?={_S}ngày)){_S}"
           rf"(?:{_TIME}{_W},?{_W})?(?:{_WEEKDAY_PREFIX}{_W},?{_W})?(?P<date>{_DATE_NG})"
           rf"(?:{_W}\({_W}{_WEEKDAY}{_W}\))?"),
    ("rel_before", rf"trước{_S}{_AMOUNT}(?:{_S}(?:(?:tính{_S}đến|tính{_S}từ|so{_S}với|kể{_S}từ){_S})?"
                   rf"(?:ngày|khi|thời{_S}điểm|lúc|buổi|kỳ|phiên|hội{_S}nghị)(?!\w){_TAIL}{_CLAUSE_END})?"),
    ("rel_event", rf"trước{_S}(?:(?:ngày|thời{_S}điểm|khi){_S})?{_EVENT}(?!\w){_TAIL}{_CLAUSE_END}"),
    # the end of an event the work follows: "sau khi kết thúc việc kiểm tra", "Cuối đợt giám sát", and
    # "Kết thúc mỗi cuộc kiểm tra, …" before its clause (alone, "Kết thúc đợt giám sát." says it ended)
    ("rel_end", rf"(?:(?:sau{_S}khi{_S}kết{_S}thúc|cuối){_S}{_EVENT_END}{_CLAUSE_END}"
                rf"|kết{_S}thúc{_S}{_EVENT_END}(?=\s*,))"),
    ("rel_after", rf"sau{_S}{_AMOUNT}(?:{_W},?{_W}(?:kể{_S}từ|tính{_S}từ){_S}(?:ngày|khi)(?!\w){_TAIL}{_CLAUSE_END})"),
    ("before_period", rf"trước{_S}(?P<period>(?=(?:(?:cuối|hết){_S})?(?:tháng|quý|năm){_S}){_PERIOD_NG})"),
    ("within", rf"(?:chậm{_S}nhất(?:{_S}là)?(?:{_S}(?:trong|vào|đến{_S}hết))?|trong(?:{_S}(?:thời{_S}gian|suốt))?"
               rf"|ngay{_S}trong|đến{_S}hết){_S}(?P<period>{_PERIOD_NG})"),
    ("rel_within", rf"(?:trong(?:{_S}(?:vòng|thời{_S}hạn|phạm{_S}vi))?|chậm{_S}nhất(?:{_S}là)?(?:{_S}sau)?){_S}"
                   rf"{_AMOUNT}(?!{_S}(?:qua|vừa{_S}qua|gần{_S}(?:đây|nhất)|liên{_S}tiếp|đầu|cuối))"
                   rf"(?:{_W},?{_W}(?:kể{_S}từ|tính{_S}từ|từ{_S}khi|sau{_S}khi|từ{_S}ngày)(?!\w){_TAIL}{_CLAUSE_END})?"),
    ("ongoing_starts", rf"thường{_S}xuyên(?:{_W},?{_W}liên{_S}tục)?{_W},?{_W}{_START}"),
    ("ongoing", rf"thường{_S}xuyên(?:{_W},?{_W}liên{_S}tục)?"),
)]


def _first_words(kind: str) -> set[str]:
    return {w.split()[0].lower() for w in _WORDS[kind]}


# The forms an expression starting with a given word can be (so each anchor tries only those).
_STARTS: dict[str, tuple[str, ...]] = {
    "trước": ("recur", "by", "rel_before", "rel_event", "before_period"),
    "chậm": ("by", "within", "rel_within"),
    "trong": ("within", "rel_within"),
    "ngay": ("within",),
    "đến": ("by", "within"),
    "tới": ("by",),
    "hạn": ("by",),
    "từ": ("starts_recur", "by"),
    "sau": ("rel_after", "rel_end"),
    "kết": ("rel_end",),
    "kể": ("starts_recur",),
    "bắt": ("starts_recur",),
    "thường": ("ongoing_starts", "ongoing"),
    "định": ("recur_starts", "recur"),
    "theo": ("recur_starts", "recur"),
    "vào": ("recur_starts", "recur"),
    "tuần": ("recur_starts", "recur"),
    "ngày": ("recur_starts", "recur"),
    "đầu": ("recur_starts", "recur"),
    "cuối": ("recur_starts", "recur", "rel_end"),
    "giữa": ("recur_starts", "recur"),
}
for _word in _first_words("every") | _first_words("daypart") | _first_words("weekday"):
    _STARTS[_word] = ("recur_starts", "recur")
for _word in [*_WORDS["count"], "1", "2", "3", "6", "12", "01", "02", "03", "06"]:  # "2 tuần một lần"
    _STARTS[_word] = (*_STARTS.get(_word, ()), "recur")
for _word in _first_words("label"):
    _STARTS[_word] = (*_STARTS.get(_word, ()), "label")
for _word in _first_words("complete"):
    _STARTS[_word] = ("complete",)
_FORM = dict(_FORMS)
_DISPATCH = {word: [(name, _FORM[name]) for name, _ in _FORMS if name in names] for word, names in _STARTS.items()}


_ANCHOR = anchor_regex(_STARTS)
_FIRST_WORD = re.compile(r"\w+")

_DUTY = re.compile(r"(?<!\w)" + alternation(_WORDS["duty"]) + r"(?!\w)", re.I)
_DESCRIBED = re.compile(rf"(?<!\w)(?:được{_S})?{alternation(_WORDS['described'])}{_W}$", re.I)
# ... unless the participle is what the work asks for: "trình Ủy ban nhân dân tỉnh ban hành trước ngày …"
_ASKED = re.compile(rf"(?<!\w)(?:trình|tham{_S}mưu|đề{_S}nghị|đề{_S}xuất)(?!\w)[^,;.:()\n]{{0,60}}?"
                    rf"{alternation(_WORDS['described'])}{_W}$", re.I)
_NEGATED = re.compile(rf"(?<!\w){alternation(_WORDS['negation'])}{_W}$", re.I)
_PAST = re.compile(r"(?<!\w)(?:đã|vừa)(?!\w)", re.I)
# "tính đến ngày 30/9", "số liệu đến ngày …", "Tình hình … đến ngày …": a cut-off, not a deadline.
_AS_OF = re.compile(r"(?<!\w)(?:tính|số\s+liệu|tình\s+hình|kết\s+quả|lũy\s+kế)(?!\w)", re.I)
_UNTIL = re.compile(r"(?:từ\s.*?)?(?:đến|tới)\s", re.I)
_CLAUSE_START = re.compile(r"(?:^|[.;:!?\n(])\W*$")
_CLAUSE_BACK = re.compile(r"[^,;.:()\n]*$")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "H": 2}
_RECURRENCE = {w: v or None for w, v in _WORDS["period"].items()}
_EVERY_MONTHS = {1: "monthly", 3: "quarterly", 6: "half-yearly", 12: "yearly"}
_EVERY_WEEKS = {1: "weekly", 2: "biweekly"}
_COUNTS = {w: int(v) for w, v in _WORDS["count"].items()}


@dataclass
class DeadlineMatch:
    """A time expression found in a text: its span there, the Deadline it sets, and what was
    doubtful about it (a year taken from the document date)."""

    span: tuple[int, int]
    deadline: Deadline
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Dates and periods


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


class _Year:
    """Fills in a missing year from the document date, rolling forward; records the warning."""

    def __init__(self, raw: str, doc_date: date | None) -> None:
        self.raw, self.doc_date, self.warnings = raw, doc_date, []
        self.missing = self.invalid = False

    def resolve(self, year: str | None, make) -> date | None:
        """``make(year) -> date`` with the printed year, or the document's (rolled forward)."""
        if year:
            return make(int(year))
        self.missing = True
        if self.doc_date is None:
            self.warnings.append(f"deadline without a year and no document date: {self.raw!r}")
            return None
        value = make(self.doc_date.year)
        if value is not None and value < self.doc_date:
            value = make(self.doc_date.year + 1)
            self.warnings.append(f"deadline without a year, taken as {self.doc_date.year + 1} "
                                 f"(the year after the document's): {self.raw!r}")
        else:
            self.warnings.append(f"deadline without a year, taken as {self.doc_date.year} "
                                 f"(the document's): {self.raw!r}")
        return value


def _day(text: str, year: _Year) -> date | None:
    """The day a date expression names; None when it names no calendar day (a warning says
    so) or has no year to take."""
    m = _DATE.search(text)
    if m is None:
        return None
    if m.group("d1"):
        d, mo, y = m.group("d1", "m1", "y1")
    else:
        if m.group("s2") and m.group("s2") != m.group("s1"):
            return None
        d, mo, y = m.group("d2", "m2", "y2")

    def make(y: int) -> date | None:
        try:
            return date(y, int(mo), int(d))
        except ValueError:
            return None

    value = year.resolve(y, make)
    if value is None and (y or year.doc_date):
        year.invalid = True
    return value


def _period(text: str, year: _Year) -> tuple[date, date] | None:
    """First and last day of the period a period expression names."""
    m = _PERIOD.search(text)
    if m is None:
        return None
    g = m.groupdict()
    if g["hw"]:
        months = int(_WORDS["count"].get(g["hn"].lower(), g["hn"])) if g["hn"] else 6
        if not 1 <= months <= 12:
            return None
        first_month, last_month = (1, months) if _WORDS["half"][g["hw"].lower()] == "1" else (13 - months, 12)
        return _span(year, g["hy"], first_month, last_month)
    if g["ww"]:
        month = int(g["wm"])
        if not 1 <= month <= 12:
            return None
        bounds = year.resolve(g["wy"], lambda y: _last_day(y, month))
        if bounds is None:
            return None
        first = bounds.replace(day=1)
        return (first, first + timedelta(days=6)) if g["ww"].lower() == "đầu" else (bounds - timedelta(days=6), bounds)
    if g["ms"]:
        months = [int(n) for n in re.findall(r"\d+", g["ms"])]
        if not all(1 <= n <= 12 for n in months):
            return None
        return _span(year, g["my"], months[0], months[-1])
    if g["qs"]:
        quarters = [_ROMAN.get(q.upper()) or int(q) for q in re.findall(_QUARTER_NUMERAL, g["qs"], re.I)]
        return _span(year, g["qy"], 3 * quarters[0] - 2, 3 * quarters[-1])
    if g["g1"]:
        return date(int(g["g1"]), 1, 1), date(int(g["g2"]), 12, 31)
    y = int(g["yy"])
    return date(y, 1, 1), date(y, 12, 31)


def _span(year: _Year, printed: str | None, first_month: int, last_month: int) -> tuple[date, date] | None:
    end = year.resolve(printed, lambda y: _last_day(y, last_month))
    return None if end is None else (date(end.year, first_month, 1), end)


# ---------------------------------------------------------------------------------------------
# Reading one expression


def _recurrence(m: re.Match[str]) -> str | None:
    if m.group("bare"):
        return None
    unit = m.group("u1") or m.group("u2") or m.group("u3")
    if unit:
        return _RECURRENCE.get(re.sub(r"\s+", " ", unit.lower()))
    count, per = (m.group("n"), m.group("nu")) if m.group("n") else (m.group("n2"), m.group("nu2"))
    n = int(count) if count.isdigit() else _COUNTS[count.lower()]
    return _EVERY_WEEKS.get(n) if per.lower() == "tuần" else _EVERY_MONTHS.get(n)


def _read(name: str, m: re.Match[str], text: str, year: _Year) -> tuple[int, Deadline] | None:
    """The Deadline of form ``name`` matched by ``m`` and where its raw text starts; None when
    the date in it is not a calendar day."""
    raw_start = m.start()
    if name in ("starts_recur", "recur_starts", "recur", "ongoing_starts"):
        starts = None
        if name != "recur":
            start_text = m.group("start")
            bounds = _period(start_text, year) if _PERIOD.fullmatch(start_text) else None
            first = bounds[0] if bounds else _day(start_text, year)
            starts = first.isoformat() if first else None
        if name == "ongoing_starts":
            return raw_start, Deadline(raw="", kind="ongoing", starts=starts)
        return raw_start, Deadline(raw="", kind="recurring", recurrence=_recurrence(m), starts=starts)
    if name in ("rel_before", "rel_event", "rel_within", "rel_after", "rel_end"):
        return raw_start, Deadline(raw="", kind="relative")
    if name == "ongoing":
        return raw_start, Deadline(raw="", kind="ongoing")
    if name == "complete":
        raw_start = m.start("raw")
    period = m.groupdict().get("period")
    if period:
        bounds = _period(period, year)
        if name == "before_period" and bounds and not re.match(r"(?:cuối|hết)\s", period, re.I):
            return raw_start, Deadline(raw="", kind="by", date=(bounds[0] - timedelta(days=1)).isoformat())
        kind = "by" if name == "before_period" else "within"
        return raw_start, Deadline(raw="", kind=kind, date=bounds and bounds[1].isoformat())
    day = _day(m.group("date"), year)
    if year.invalid:
        return None
    return raw_start, Deadline(raw="", kind="by", date=day and day.isoformat())


def _is_deadline(name: str, m: re.Match[str], text: str, deadline: Deadline, explicit_year: bool,
                 doc_date: date | None) -> bool:
    """Whether the expression sets a deadline where it stands (see the module docstring)."""
    before = text[max(0, m.start() - 60):m.start()]
    clause = _CLAUSE_BACK.search(before).group()
    if name == "ongoing":
        after = text[m.end():m.end() + 2]
        ends_clause = not after.strip() or after.lstrip()[:1] in ".;,)" or after.startswith("\n")
        if _NEGATED.search(before):
            return False
        if not text[:m.start()].strip() and _DUTY.match(text[m.end():m.end() + 40].lstrip()):
            return True  # a task that opens "Thường xuyên theo dõi …": the adverb says when the whole work is done
        return before.rstrip().endswith("(") or (ends_clause and bool(_DUTY.search(clause)))
    if name == "rel_after":  # "Sau 10 ngày làm việc kể từ …, các Tổ gửi …": a clause's start ("chậm … sau 08 giờ": no)
        return bool(re.search(r"(?:^|[.;:(,\n])\s*$", before))
    if name == "ongoing_starts":  # "thực hiện thường xuyên từ tháng 8/2026": the duty and when it begins
        return not _NEGATED.search(before) and bool(_DUTY.search(clause))
    if name == "recur":
        if m.group("u3") is not None:  # a bare "hằng năm": a verb of duty must own it, or it opens the duty
            if _CLAUSE_START.search(before):  # "Hằng năm, xây dựng kế hoạch …" (not "Hằng năm, tỉnh đã …")
                return not _PAST.search(re.split(r"[.;:\n]", text[m.end():m.end() + 200], maxsplit=1)[0])
            return bool(_DUTY.search(clause)) and not _DESCRIBED.search(before)
        return True
    if name in ("starts_recur", "recur_starts"):
        return True
    if _DESCRIBED.search(before) and not _ASKED.search(before):
        return False
    if name == "by" and _UNTIL.match(m.group()) and (
            _AS_OF.search(clause) or (_CLAUSE_START.search(before) and not re.search(r"\shết\s", m.group()))):
        return False  # "Đến ngày 19/12/2025, giải ngân đạt …": where things stood
    if name in ("by", "within", "before_period", "complete") and _CLAUSE_START.search(before):
        rest = re.split(r"[.;:\n]", text[m.end():m.end() + 300], maxsplit=1)[0]
        if _PAST.search(rest):
            return False  # "Trong năm 2025, Văn phòng … đã …": a report of results
    if _PAST.search(" ".join(clause.split()[-5:])):
        return False  # "đã hoàn thành trong tháng 10"
    return not (explicit_year and doc_date and deadline.date and deadline.date < doc_date.isoformat())


def _clean(text: str, start: int, end: int) -> tuple[int, int]:
    """Trim whitespace and closing punctuation off a span."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    while start < end and text[start].isspace():
        start += 1
    return start, end


def _match_at(text: str, pos: int, doc_date: date | None, labelled: bool = False,
              bare: bool = False) -> DeadlineMatch | None:
    """The deadline expression that starts at ``pos``, if one does and sets a deadline there
    (``labelled``: it stands after a label or alone in a cell, so it does by its place;
    ``bare``: a date or period with no preposition counts)."""
    first = _FIRST_WORD.match(text, pos)
    for name, pattern in _DISPATCH.get(first.group().lower(), ()) if first else ():
        m = pattern.match(text, pos)
        if m is None:
            continue
        if name == "label":
            inner = _match_at(text, m.end(), doc_date, labelled=True, bare=True)
            if inner is not None:
                return inner
            continue
        year = _Year(fold_space(text[m.start():m.end()]), doc_date)
        read = _read(name, m, text, year)
        if read is None:
            continue
        raw_start, deadline = read
        start, end = _clean(text, raw_start, m.end())
        deadline.raw = fold_space(text[start:end])
        if labelled or _is_deadline(name, m, text, deadline, not year.missing, doc_date):
            return DeadlineMatch((start, end), deadline, year.warnings)
        return None
    return _bare(text, pos, doc_date) if bare else None


_BARE_DATE = re.compile(rf"(?P<date>{_DATE_NG})", re.I)
_BARE_PERIOD = re.compile(rf"(?P<period>{_PERIOD_NG})", re.I)


def _bare(text: str, pos: int, doc_date: date | None) -> DeadlineMatch | None:
    """A date or a period with no word before it (a table cell, after a label)."""
    for kind, pattern in (("within", _BARE_PERIOD), ("by", _BARE_DATE)):
        m = pattern.match(text, pos)
        if m is None:
            continue
        start, end = _clean(text, m.start(), m.end())
        raw = fold_space(text[start:end])
        year = _Year(raw, doc_date)
        if kind == "within":
            bounds = _period(m.group("period"), year)
            value = bounds and bounds[1]
        else:
            value = _day(m.group("date"), year)
            if year.invalid:
                return None
        return DeadlineMatch((start, end), Deadline(raw=raw, kind=kind, date=value and value.isoformat()),
                             year.warnings)
    return None


# A day or month OCR read as the letters of its digits' strokes ("ngày 1Š tháng 6", "tháng Š năm
# 2026"): read as those digits.
_STROKE_SLOT = re.compile(r"(?<=ngày )(?=\S{0,1}[^\d\s])\S{1,2}(?= tháng )"
                          r"|(?<=tháng )(?=\S{0,1}[^\d\s])\S{1,2}(?= năm \d)")


def _read_strokes(m: re.Match[str]) -> str:
    digits = stroke_digits(m.group())
    return digits if digits and len(digits) == len(m.group()) else m.group()  # the spans must not move


def find_deadlines(text: str, doc_date: date | None) -> list[DeadlineMatch]:
    """Return every time expression in ``text`` that sets a deadline or a recurring duty, in
    order and not overlapping; each span points into ``text`` and ``Deadline.raw`` is the
    expression there with whitespace folded, without the verb or label before it."""
    found: list[DeadlineMatch] = []
    pos = 0
    text = _STROKE_SLOT.sub(_read_strokes, text)  # same length: the spans still point into the text given
    for anchor in _ANCHOR.finditer(text):
        if anchor.start() < pos:
            continue
        match = _match_at(text, anchor.start(), doc_date)
        if match is not None:
            found.append(match)
            pos = match.span[1]
    return found


def parse_deadline(raw: str, doc_date: date | None) -> Deadline | None:
    """Return the Deadline a short text states — a table cell such as "30/11/2025",
    "Quý IV/2025", "Thường xuyên", "Tháng 12/2025", "Trước ngày 15/02/2026", "Hằng tháng" —
    or None when it states none. ``raw`` of the result is the expression found, whitespace
    folded; no context rule applies (a cell is a deadline by where it stands)."""
    text = fold_space(raw)
    if not text:
        return None
    match = _match_at(text, 0, doc_date, labelled=True, bare=True)
    if match is None:
        for anchor in _ANCHOR.finditer(text):
            match = _match_at(text, anchor.start(), doc_date, labelled=True)
            if match is not None:
                break
    if match is None:
        m = re.search(r"\d", text)
        match = _bare(text, m.start(), doc_date) if m else None
    return match.deadline if match else None


def parse_date(text: str, doc_date: date | None = None) -> date | None:
    """Return the day a printed date names — "ngày 24 tháng 11 năm 2025", "27/10/2025",
    "5-1-2026", "ngày 05/01" (the year taken from ``doc_date`` and rolled forward) — or None
    when ``text`` is not one date or names no calendar day."""
    text = fold_space(text)
    if not _DATE.fullmatch(text):
        return None
    return _day(text, _Year(text, doc_date))


_ANY_DATE = re.compile(rf"(?<![\w/]){_DATE_NG}|(?<![\w/])(?=(?:tháng|quý|năm|giai)\s)(?i:{_PERIOD_NG})", re.I)


def find_dates(text: str, doc_date: date | None = None) -> list[tuple[tuple[int, int], str | None]]:
    """Return every printed date and dated period in ``text`` — "ngày 24 tháng 11 năm 2025",
    "27/10/2025", "tháng 12/2025", "quý I/2026", "năm 2026" — as ((start, end), ISO date of
    the day or of the period's last day, None when it has no year and no ``doc_date``), in
    order. Deadlines or not: this is what a DATE entity marks."""
    found = []
    for m in _ANY_DATE.finditer(text):
        printed = m.group()
        year = _Year(printed, doc_date)
        if _PERIOD.fullmatch(printed):
            if not re.search(r"\d{4}", printed) and printed.casefold().startswith("năm"):
                continue
            bounds = _period(printed, year)
            value = bounds[1] if bounds else None
        else:
            if not re.search(r"ngày|tháng|\d{4}", printed, re.I):
                continue  # "24/38": a count, not a day
            value = _day(printed, year)
            if year.invalid:
                continue
        start, end = _clean(text, m.start(), m.end())
        found.append(((start, end), value.isoformat() if value else None))
    return found
