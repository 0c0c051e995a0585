"""Tasks: where the assignments of a document are, who owns them, and by when.

One bullet (or numbered clause, or unbulleted paragraph) of a section whose kind is
``tasks`` is one task; so is each row of an appendix table that has a task column.
The owner is the body that opens the clause ("Sở Tư pháp chủ trì …", "Giao Sở …"), or else
the body named by the enclosing heading ("2. Sở Khoa học và Công nghệ:"); co-owners come
from the "phối hợp (với) …" clause.
"""

from __future__ import annotations

import re
from datetime import date
from itertools import pairwise

from vndocx.extraction.abbreviations import document_abbreviations
from vndocx.extraction.assignments import INTRO_END, sentence_assignments
from vndocx.extraction.deadlines import find_deadlines, parse_deadline
from vndocx.extraction.owners import PREDICATE_RE, Gazetteer, split_bodies, spread_localities, unit_of
from vndocx.lang.genre import CLOSING_FORMULA, INLINE_LIST, ITEM_FIELD
from vndocx.lang.patterns import alternation
from vndocx.lang.rule_tables import load_statuses, load_surnames, load_units
from vndocx.lang.syllables import CAPITAL, SMALL
from vndocx.lang.text import fold_space
from vndocx.records import Deadline, Task
from vndocx.segment import Paragraph, Segments

# Verbs that end a "phối hợp với …" list of bodies ("… với Sở Tài chính theo dõi, đôn đốc").
_CLAUSE_END = re.compile(
    r"(?<!\w)(?:theo dõi|đôn đốc|kiểm tra|tổng hợp|rà soát|xây dựng|nghiên cứu|thẩm định|chuẩn bị|"
    r"thiết lập|hướng dẫn|tham mưu|tổ chức|triển khai|thực hiện|trong việc|để|nhằm|về việc|"
    r"(?<!công\s)(?<!quá\s)(?<!chương\s)(?<!quy\s)(?<!lộ\s)(?<!tiến\s)trình|"  # not "công trình", "quá trình"
    r"đề xuất|cung cấp|giải quyết|báo cáo|theo|tại|trong)\b|[;.(]"
)
_SPACES = re.compile(r"\s*")
_COORDINATE = re.compile(r"\bphối\s+hợp(?:\s+chặt\s+chẽ)?(?:\s+với)?\s+", re.I)
_ASSIGN = re.compile(r"^(?:Giao(?:\s+cho)?|Đề\s+nghị|Yêu\s+cầu)\s+", re.I)
# A paragraph ending with ":" longer than this is work in itself, not only a lead-in to a list
# (unless it hands the list on with "yêu cầu/đề nghị/giao …", and then it is both)
_LEAD_IN_LENGTH = 300
_DEMAND = re.compile(r"\b(?:yêu\s+cầu|đề\s+nghị|giao(?:\s+cho)?|phân\s+cấp(?:\s+cho)?|ủy\s+quyền(?:\s+cho)?)\s+", re.I)
_FOR = re.compile(r"^(?:Đối\s+với|Về\s+phía|(?P<duty>(?:Trách\s+nhiệm|Nhiệm\s+vụ)(?:,?\s+(?:và\s+)?quyền\s+hạn)?\s+của"
                  rf"|(?-i:Trách\s+nhiệm)(?=\s+(?-i:{CAPITAL}{SMALL}))))\s+", re.I)
# the words of a duty heading's holder that describe it ("cơ quan quản lý trực tiếp", "trung tâm
# sát hạch"): a few, none a verb of the clause
_HOLDER = re.compile(r"^[\w\s-]{3,60}$")
_LAST = re.compile(r"\./\.(?:\s+\S{1,6})?\s*$")  # "./." and perhaps a speck of OCR debris after it
# A decision's execution article: "Chánh Văn phòng …, Giám đốc các Sở …, Chủ tịch Ủy ban nhân dân
# các xã … chịu trách nhiệm thi hành Quyết định này./."
_EXECUTION = re.compile(r"\b(?:(?:chịu|có)\s+trách\s+nhiệm\s+(?:thi\s+hành|tổ\s+chức\s+thực\s+hiện)"
                        r"|căn\s+cứ\s+quyết\s+định(?:\s+này)?\s+thi\s+hành)\b", re.I)
# Role words that open the name of an office holder ("Chánh Văn phòng …", "Giám đốc Sở …").
_ROLE = (r"(?:Chánh|Phó|Giám\s+đốc|Chủ\s+tịch|Thủ\s+trưởng|Trưởng|Cục\s+trưởng|Vụ\s+trưởng|Tổng\s+cục\s+trưởng|"
         r"Bộ\s+trưởng|Người\s+đứng\s+đầu|Hiệu\s+trưởng|Lãnh\s+đạo)\b")
_BODY_WORDS = (r"(?:Ủy|Uỷ)\s+ban|UBND|Sở|Ban|Bộ|Văn\s+phòng|Công\s+an|Cục|Chi\s+cục|Trung\s+tâm|Phòng|Hội|"
               r"Đài|Báo|Kho\s+bạc|Ngân\s+hàng|Bảo\s+hiểm|Viện|Trường|Tổ|Đoàn|Các")
# people named by the article that lists them ("các đồng chí có tên tại Điều 1", "các ông, bà …")
_PEOPLE = r"(?:các\s+)?(?:đồng\s+chí|ông|bà)\b"
# A list of bodies and roles is cut at ";", before a role, a body or "các …" after ", ", and
# before a role or people after " và ", never inside a name ("Thủ trưởng các cơ quan, đơn vị …").
_HOLDER_AFTER_COMMA = rf"{_ROLE}|người\s+đứng\s+đầu\b|(?:các\s+)?(?i:thành\s+viên)\b"
_LIST_CUT = re.compile(rf";\s*|,\s+(?:và\s+)?(?={_HOLDER_AFTER_COMMA}|{_BODY_WORDS}|các\s)"
                       rf"|\s+và\s+(?={_ROLE}|{_PEOPLE})")
# Where a list is cut at ";", a comma inside an item separates only office holders: "Thủ trưởng
# các Vụ, Cục; Giám đốc các Sở …" is two items, not three.
_ROLE_CUT = re.compile(rf",\s+(?:và\s+)?(?={_HOLDER_AFTER_COMMA})|\s+và\s+(?={_ROLE})")
_ADDRESS = re.compile(r"^(?:các\s+)?ông\s*(?:,|\(|/)?\s*bà\)?\s*:?\s*", re.I)
# "… có liên quan", "… liên quan thuộc Bộ …", "các tổ chức, cá nhân …": nobody in particular
_CATCH_ALL = re.compile(r"(?:có\s+)?liên\s+quan(?:\s+(?:thuộc|trực\s+thuộc|của|trên\s+địa\s+bàn)\s[^,;]*)?\s*$"
                        r"|^(?:các\s+)?(?:tổ\s+chức,\s+)?cá\s+nhân", re.I)
_ARTICLE = re.compile(r"^Điều\s+\d+\s*[.:]?\s*")
_SENTENCE = re.compile(rf"(?<=[.])\s+(?={CAPITAL})")
# In a plan or a directive, the part headed "Nội dung …" lists the work to be done.
_PLANS = frozenset({"Kế hoạch", "Chỉ thị", "Chương trình", "Phương án", "Đề án"})
_REPORTS = frozenset({"Báo cáo", "Tờ trình", "Thuyết minh"})
# A submission to a higher level and its explanatory note propose; they assign no work (the
# contract's "proposals to higher levels"), however their parts are numbered.
_PROPOSALS = frozenset({"Tờ trình", "Thuyết minh"})
# A legal text (decree, circular, law) gives work only in its articles of implementation: who
# carries it out ("Trách nhiệm thi hành", "Tổ chức thực hiện", "Trách nhiệm của Bộ …"); its other
# articles lay down rules ("Nguyên tắc …", "Trách nhiệm của cơ quan, tổ chức, cá nhân …").
_NORMATIVE = frozenset({"Nghị định", "Thông tư", "Thông tư liên tịch", "Luật", "Bộ luật", "Pháp lệnh"})
_IMPLEMENTING = re.compile(
    r"^(?:Trách\s+nhiệm\s+(?:thi\s+hành|tổ\s+chức\s+thực\s+hiện|quản\s+lý|của\s+(?:các\s+)?(?:Bộ|Ủy\s+ban|UBND|Sở|"
    r"Cục|Tổng\s+cục|Văn\s+phòng|Bộ\s+trưởng|Chủ\s+tịch|Thủ\s+trưởng)\b)|Tổ\s+chức\s+thực\s+hiện|Điều\s+khoản\s+thi\s+hành|"
    r"Hướng\s+dẫn\s+thi\s+hành)", re.I)
# A clause of an article that names the state body it charges ("1. Trách nhiệm của Bộ Giáo dục và
# Đào tạo"): the article implements the text, whatever its own title ("Trách nhiệm của các cơ quan").
_BODY_DUTIES = re.compile(rf"^Trách\s+nhiệm\s+(?:của\s+)?(?:Bộ|Ủy\s+ban|UBND|Sở|Cục|Tổng\s+cục)\s+{CAPITAL}")
_CONTENT = re.compile(r"^(?:n[ộo]i\s+dung|nhi[ệe]m\s+v[ụu])\b", re.I)
_COMPLETION = re.compile(r"hoàn\s+thành|thời\s+(?:gian|hạn)\s+hoàn\s+thành", re.I)
_TASK_COLUMN = re.compile(r"nhiệm\s+vụ", re.I)
_CODE_COLUMN = re.compile(r"^mã", re.I)
_STATUS_COLUMN = re.compile(r"trạng\s+thái|tình\s+trạng", re.I)
_DUE_COLUMN = re.compile(r"thời\s+hạn|hạn\s+hoàn\s+thành", re.I)
_OWNER_COLUMN = re.compile(r"chủ\s+trì|đơn\s+vị\s+thực\s+hiện|cơ\s+quan\s+thực\s+hiện", re.I)
# Statuses as results tables word them; OCR-damaged cells are matched back to these.
STATUSES = tuple(load_statuses())
_STATUS_KEYS = {re.sub(r"\W+", "", s).lower(): s for s in STATUSES}
_BARE_UNITS = re.compile(r"^(?:các\s+)?" + alternation(u.word for u in load_units() if u.is_class) + r"\b", re.I)


# The remedy of a shortcoming in a remedial plan ("Giải pháp thực hiện: …", "Biện pháp khắc phục: …").
_REMEDY = re.compile(r"^(?:Giải\s+pháp|Biện\s+pháp)(?:\s+(?:thực\s+hiện|khắc\s+phục))?\s*:", re.I)
# When a remedy is carried out ("Thời gian thực hiện: Thực hiện thường xuyên từ tháng 8/2026"): its
# date, not work of its own unless it gives some ("…; giao Văn phòng … chủ trì …")
_REMEDY_TIME = re.compile(r"^Thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành|khắc\s+phục))?\s*:", re.I)

# An annex heading in capitals anywhere on its line (OCR may join it to the issuer's name).
_ANNEX_LINE = re.compile(r"(?:^|\s)PH[ỤU]\s+L[ỤU]C(?:\s+[IVX\d]+)?\s*$|^\W*PH[ỤU]\s+L[ỤU]C\b")


def _debris(text: str) -> bool:
    """Whether a paragraph is OCR debris (digits, symbols, broken syllables), not words: no task."""
    words = re.findall(r"[^\W\d_]{2,}", text)
    letters = sum(len(w) for w in words)
    return not words or letters < 0.5 * len(text.replace(" ", ""))


def _doc_date(segments: Segments) -> date | None:
    iso = segments.document.date
    return date.fromisoformat(iso) if iso else None


# "Giao phòng Tài chính …": a body's head word in lower case after the verb, its name capitalised.
_LOWER_TYPE = re.compile(rf"^(?:phòng|sở|ban|văn\s+phòng|trung\s+tâm|tổ|đoàn|chi\s+cục|cục|vụ)(?=\s+{CAPITAL})")


_UNITS_LIST = re.compile(r"^(?P<body>.+?)\s+các\s+(?P<unit>huyện|xã|phường|quận|thị\s+xã|thành\s+phố|tỉnh)$", re.I)


def _units_spelled_out(name: str, after: str) -> list[str]:
    """The bodies of "UBND các huyện: Hòa An và Đồi Mai …" one by one ("UBND huyện Hòa An", …);
    [] when ``name`` is no class of units followed by a colon and the places' names."""
    m = _UNITS_LIST.match(name)
    colon = re.match(r"\s*:\s*", after)
    if not m or not colon:
        return []
    proper = rf"{CAPITAL}\w*(?:[ \t]+{CAPITAL}\w*){{0,3}}"
    listed = re.match(rf"{proper}(?:\s*(?:,|và)\s*{proper})+", after[colon.end():])
    if not listed:
        return []
    places = [p.strip() for p in re.split(r",\s*|\s+và\s+", listed.group())]
    return [f"{m['body']} {m['unit'].lower()} {p}" for p in places]


def _bodies_at_start(text: str, gazetteer: Gazetteer) -> list[str]:
    """Bodies named at the very start of a clause, before its verb ("Công an tỉnh, Văn phòng
    UBND tỉnh phối hợp …" → both); [] when the clause opens with a verb."""
    text = _LOWER_TYPE.sub(lambda m: m.group(0)[0].upper() + m.group(0)[1:], _ASSIGN.sub("", text))
    found, pos = _bare_heads(text, gazetteer)
    for (start, end), name in gazetteer.find(text):
        if start < pos:
            continue
        gap = text[pos:start]
        if found and gap.strip() in ("-", "–") and gap != gap.strip() and unit_of(found[-1], name):
            found[-1] = f"{found[-1]} - {name}"  # "Vụ Cải cách hành chính - Văn phòng Ban Chỉ đạo": a unit of that body
            pos = end
            continue
        if found and re.fullmatch(r"\s+(?:trực\s+)?thuộc\s+", gap):
            found[-1] = f"{found[-1]}{gap}{name}"  # "Trung tâm … thuộc Công ty …": a unit named with its body
            pos = end
            continue
        if gap.strip(" ,;:").casefold() not in ("", "và", "các"):
            break
        if not found and (spelled := _units_spelled_out(name, text[end:])):
            return spelled  # "UBND các huyện: Hòa An và Đồi Mai chỉ đạo …"
        # "Các Tổ công tác …" opening the clause: the class as printed
        found.append(f"{gap.strip()} {name}" if not found and gap.strip() == "Các" else name)
        pos = end
        if re.match(_ROLE, name) and (held := _HOLDER_NAME.match(text, end)) and held["surname"] in load_surnames():
            found[-1] = f"{found[-1]} {held['name']}"  # "Phó Thủ tướng Chính phủ Phạm Thị Thanh Trà": who holds it
            pos = held.end()
    if len(found) > 1 and found[0].startswith("Các "):
        found[0] = found[0][4:]  # "Các Sở Công Thương, Sở Giao thông vận tải …": "các" goes with the list
    return found


_LIST_GAP = re.compile(r"\s*,\s*|\s+và\s+")


def _bare_heads(text: str, gazetteer: Gazetteer) -> tuple[list[str], int]:
    """The units a clause opens with by their bare head word, as an office names its own
    ("Công đoàn, Chi đoàn Sở căn cứ …", "Chi ủy, Chi bộ tăng cường …"): head words of two or
    three words, each followed by the next item of the list or by the clause's verb; with where
    they end ([], 0 when the clause opens otherwise)."""
    heads: list[str] = []
    pos = 0
    while pos < len(text) and text[pos].isupper():
        words = [m.end() for m in re.finditer(r"\w+", text[pos:pos + 40])]
        end = next((pos + words[n - 1] for n in (3, 2) if len(words) >= n
                    and gazetteer.is_head_word(text[pos:pos + words[n - 1]])), None)
        if end is None:
            break
        if gap := _LIST_GAP.match(text, end):
            heads.append(text[pos:end])
            pos = gap.end()
            continue
        if PREDICATE_RE.match(text, end):
            heads.append(text[pos:end])
            pos = end
        break
    return (heads, pos) if heads else ([], 0)


# The person named right after an office, three or four words from a family name ("Phạm Thị Thanh
# Trà"), never a place's two ("… Hà Nội").
_HOLDER_NAME = re.compile(rf"\s+(?P<name>(?P<surname>{CAPITAL}\w*)(?:\s+{CAPITAL}\w*){{2,3}})(?![\w-])")


def _named_at_start(text: str, gazetteer: Gazetteer) -> list[str]:
    """``_bodies_at_start`` with each name in its canonical form."""
    return [gazetteer.canonical(n)[0] for n in _bodies_at_start(text, gazetteer)]


# A holder the gazetteer cannot name, described up to the work it leads ("Giao các Trưởng phòng, ban
# được phân công tham mưu văn bản chủ trì, thực hiện …"); "mình" ("đơn vị mình") is no part of it.
_HELD = re.compile(r"^(?P<who>[^.;:()]{3,200}?)(?:\s+mình)?\s+chủ\s+trì\b")
# A holder described, then named in brackets: "… (cụ thể phòng Nội vụ, Thanh tra thị xã) chủ trì …"
_SPECIFIED = re.compile(r"^[^.;:()]{3,120}?\s*\(\s*(?:cụ\s+thể(?:\s+là)?|gồm(?:\s+có)?)\s*:?\s*"
                        r"(?P<named>[^()]{3,150})\)")
_PLURAL_ROLE = re.compile(r"^các\s+(?=(?:Trưởng|Phó|Giám\s+đốc|Chủ\s+tịch|Thủ\s+trưởng)\b)")
# "…; giao Văn phòng … chủ trì …": a clause of the task's own text that gives it to a body to lead
# (not "giao Chính phủ quy định …", a law's delegation)
_GIVEN = re.compile(r"(?:^|[;,:.]\s+)(?:[Gg]iao(?:\s+cho)?|[Pp]hân\s+công)\s+")
# A clause that opens (after a short link, "Vì vậy,") by asking for the work: whom it asks owns it
_ASKS = re.compile(r"^(?:[^,;.:]{1,30},\s*)?(?:[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Kk]huyến\s+khích)\s+")
_LEADS = re.compile(r"\b(?:chủ\s+trì|tham\s+mưu|theo\s+dõi)\b")


# A sentence after the first that asks for work ("… 16/12/2017. Để bảo đảm …, đề nghị các đơn vị …").
_REQUEST_SENTENCE = re.compile(rf"(?<=[.;])\s+(?={CAPITAL}[^.;:]{{0,80}}?\b(?:đề\s+nghị|yêu\s+cầu)\s+"
                               r"(?P<whom>các\s|Quý\s)?)")


def _second_request(text: str, gazetteer: Gazetteer) -> int | None:
    """Where a sentence that asks for work of its own begins, after the first sentence of ``text``; None
    when no later sentence does."""
    for m in _REQUEST_SENTENCE.finditer(text):
        if m.group("whom") or _lead_in_bodies(text[m.end():], gazetteer):
            return m.end()
    return None


def _new_request(text: str, gazetteer: Gazetteer) -> bool:
    """Whether a paragraph asks a body for work of its own ("Yêu cầu các bộ, ngành … thực hiện
    …"), so it is no more of the item above, though it has no dash of its own."""
    return bool(_DEMAND.match(text) and _lead_in_bodies(text, gazetteer))


def _assignees(text: str, gazetteer: Gazetteer) -> list[str]:
    """Whom a verb of assignment gives the work to, from the words after it: the bodies named
    there, else the office holders (a role over a body or class), else a holder described up
    to "chủ trì"; []."""
    if found := _bodies_at_start(text, gazetteer):
        return found
    role = gazetteer.role(text)
    if role and len(role.split()) >= 3:  # "đề nghị Thủ trưởng các đơn vị …": the office holders, as printed
        return [gazetteer.expand(fold_space(role))]
    if (m := _SPECIFIED.match(text)) and (named := split_bodies(m["named"], gazetteer)):
        return named  # "phòng có cá nhân vi phạm (cụ thể phòng Nội vụ, Thanh tra thị xã)": the bodies it names
    m = _HELD.match(text)
    if not m or re.search(r"\b(?:yêu\s+cầu|đề\s+nghị|đã)\b", m["who"], re.I):
        return []
    return [gazetteer.expand(_PLURAL_ROLE.sub("", fold_space(m["who"])))]


_LABEL = re.compile(r"^(?P<label>[^:.()“”\"]{3,250}?)\s*:\s+(?P<rest>\S.{8,})$", re.S)
_CLASS_LABEL = re.compile(r"^(?:Các|các)\s+(?:(?i:sở|phòng|bộ|cơ\s+quan|đơn\s+vị|ban|ngành|địa\s+phương|doanh\s+nghiệp|"
                          r"trường(?!\s+hợp)|bệnh\s+viện|tổ\s+chức|cục|vụ|trung\s+tâm)|Tổ|Đoàn|Hội)(?!\w)[^:;]{0,100}$")


# The kinds of body a list may name once for all its names ("các Sở: Tài chính, Nội vụ").
_LISTED_KIND = r"(?P<kind>Sở|Bộ|Ban|Phòng|Cục|Vụ)"
# "Giao các Sở: Tài chính, Xây dựng và … có trách nhiệm …": one kind of body, its names after the colon
_KIND_LIST = re.compile(rf"^(?:(?:Giao|Đề\s+nghị|Yêu\s+cầu)(?:\s+cho)?\s+)?(?:[Cc]ác\s+){_LISTED_KIND}"
                        r"\s*:\s*(?P<rest>\S.*)$", re.S)


def _kind_list(text: str, gazetteer: Gazetteer) -> list[str]:
    """The bodies a clause gives its work to by one kind and their names ("Giao các Sở: Tài
    chính, Nông nghiệp và Môi trường, Xây dựng và các cơ quan liên quan …" → "Sở Tài chính",
    "Sở Nông nghiệp và Môi trường", "Sở Xây dựng"), or [] when fewer than two such names follow."""
    m = _KIND_LIST.match(text)
    if not m:
        return []
    names = []
    for piece in re.split(r",\s+", m["rest"]):
        named = f"{m['kind']} {piece}"
        found = gazetteer.find(named)
        if not found or found[0][0][0] != 0:
            break
        names.append(gazetteer.canonical(found[0][1])[0])
        if found[0][0][1] < len(named.rstrip(" .;")):
            break  # the clause goes on after the last name
    return names if len(names) > 1 else []


def _label(text: str, gazetteer: Gazetteer) -> tuple[list[str], str] | None:
    """(owners, the work) of a clause labelled with the bodies it is given to ("Sở …, Sở …:
    <the work>", "Các đơn vị trực thuộc: <the work>", the whole clause for "Giao các Sở: Tài
    chính, Xây dựng …"); None when the text before ":" is no list of bodies (a topic, "Thời gian: …")."""
    if named := _kind_list(text, gazetteer):
        return named, text
    m = _LABEL.match(text)
    if not m:
        return None
    label_bodies = gazetteer.find(m["label"])
    if label_bodies and _units_spelled_out(label_bodies[-1][1], text[label_bodies[-1][0][1]:]):
        return None  # "UBND các huyện: Hòa An và Đồi Mai …": the places, not the work, follow the colon
    names = _body_list(m["label"], gazetteer)
    if names and _CLASS_LABEL.match(m["label"].strip()):
        # "Các đơn vị: Văn phòng … bố trí …; Sở … cử …": the class is split into the bodies its clauses open with
        named = [gazetteer.canonical(n)[0] for clause in re.split(r";\s*", m["rest"])
                 for n in _bodies_at_start(clause, gazetteer)[:1]]
        names = list(dict.fromkeys(named)) or names
    return (names, m["rest"]) if names else None


def _whole_role(text: str, gazetteer: Gazetteer) -> list[str]:
    """[the role as printed] when ``text`` is one role over a body or class ("Thư ký các Tổ công
    tác", "Các thành viên Hội đồng"), else []."""
    text = text.strip(" :")
    role = gazetteer.role(text)
    return [gazetteer.expand(fold_space(text))] if role and len(role) >= len(text) - 1 else []


def _body_list(text: str, gazetteer: Gazetteer, classes: bool = True) -> list[str]:
    """The bodies ``text`` is made of — a list of bodies ("Sở …, Sở … và các cơ quan liên
    quan"), a role, or (``classes``: text known to be a label) a class ("Các đơn vị trực
    thuộc") — or [] when it says more than that."""
    text = text.strip(" :")
    if _VERB_IN_LABEL.search(text):
        return []
    person = _PERSON_TAIL.search(text)
    if person and (_body_list(text[:person.start()], gazetteer) or gazetteer.role(text[:person.start()])):
        return [fold_space(text)]  # "Công chức Văn phòng, Ông Nguyễn Văn A": the role and who holds it
    role = gazetteer.role(text)
    if role and len(role) >= len(text) - 1:
        return [gazetteer.expand(fold_space(text))]  # "Thư ký các Đoàn kiểm tra"
    if PREDICATE_RE.search(text):
        return []
    names = _heading_bodies(text, gazetteer)
    found = gazetteer.find(text)
    covered = sum(e - s for (s, e), _ in found)
    if names and found and found[0][0][0] == 0 and covered >= 0.6 * len(text):
        return names
    if classes and _CLASS_LABEL.match(text):
        return [gazetteer.expand(fold_space(text))]
    return []


# A person named after the role they hold ("…, Ông Trần Văn A", "… - Bà Lê Thị B").
_PERSON_TAIL = re.compile(rf"\s*[,–-]?\s*(?:Ông|Bà|[Đđ]ồng\s+chí|Đ/c)\s+{CAPITAL}\w*(?:\s+{CAPITAL}\w*){{1,4}}\s*$")
# One member of a list of people ("(3) Bà Lê Thị B - Phó Giám đốc Sở …;"): who takes part, not work.
_MEMBER = re.compile(r"^(?:\(\d{1,2}\)\s*)?(?:Ông|Bà|[Đđ]ồng\s+chí|Đ/c)\s+"
                     rf"{CAPITAL}\w*(?:\s+{CAPITAL}\w*){{1,4}}\s*[-–,(]")

# Lines of a list that say who attends or where, not what to do.
_NOT_WORK = re.compile(r"^(?:Thành\s+phần(?:\s+mời)?(?:\s+dự)?|Địa\s+điểm|Địa\s+chỉ|Đầu\s+mối(?:\s+liên\s+hệ)?|"
                       r"(?:Số\s+)?[Đđ]iện\s+thoại|Fax|Hòm\s+thư(?:\s+điện\s+tử)?[^:]{0,40}|E-?mail|Website)\s*:"
                       r"|^\*\s*\S.{0,30}$", re.I)


def _only_a_name(text: str, gazetteer: Gazetteer) -> bool:
    """Whether an item is a name and nothing more — a member's role in a list of members
    ("Phó Trưởng ban;", "Thành viên."), a body on a line of its own (a letter's contact block),
    a part's number or title: no work to do."""
    bare = fold_space(re.sub(r"^[\W_]+|[\W_]+$", "", text))
    if len(re.findall(r"\w+", bare)) < 3 or bare.isupper():
        return True  # "Mục 2", a title in capitals ("PHÂN CẤP KIỂM TRA …"): the text's frame
    role = gazetteer.role(bare)
    found = gazetteer.find(bare)
    return bool(role and len(role) >= len(bare) - 1) or bool(
        len(found) == 1 and found[0][0] == (0, len(bare)))


# The work after a label opens with its verb ("Sở …: Xây dựng …"), not with a topic.
_VERB_START = re.compile(rf"^(?:{CAPITAL}\w*\s+\w+)")

# A label holds no verb of its own ("Sở Tư pháp hướng dẫn: …" is a sentence).
_VERB_IN_LABEL = re.compile(r"\b(?:chủ\s+trì|phối\s+hợp|thực\s+hiện|báo\s+cáo|triển\s+khai|tổ\s+chức\s+thực|"
                            r"hướng\s+dẫn|tham\s+mưu|là|gồm|như\s+sau|sau\s+đây)\b", re.I)


_DUTY_LEAD = re.compile(r"^(?P<list>[^.;:]{3,250}?)(?:,?\s+(?:trong\s+phạm\s+vi|theo\s+(?:chức\s+năng|thẩm\s+quyền))"
                        r"[^.;:]{0,80}?)?\s+(?:có|chịu)\s+trách\s+nhiệm\s*(?:sau(?:\s+đây)?|như\s+sau)?\s*:\s*$")


def _duty_subjects(text: str, gazetteer: Gazetteer) -> list[str]:
    """The bodies of a lead-in "<list> có trách nhiệm:", first the owner: a list of classes, each
    of several words, split at its commas ("Các bộ, cơ quan ngang bộ, Ủy ban nhân dân các cấp"),
    a class whose parts are single words kept whole ("Các sở, ngành, địa phương"); []."""
    m = _DUTY_LEAD.match(text.strip())
    if not m:
        return []
    subject = fold_space(m["list"])
    if names := _body_list(subject, gazetteer, classes=False):
        return names
    parts = [p for p in re.split(r",\s+|\s+và\s+", subject) if p]
    if len(parts) > 1 and all(len(p.split()) >= 2 for p in parts) and _CLASS_LABEL.match(subject):
        return [gazetteer.canonical(p)[0] for p in parts]
    return [subject] if _CLASS_LABEL.match(subject) else []


# A duty's verb in a heading: it is a sentence ("Phòng … có trách nhiệm giúp Ủy ban nhân dân cấp
# huyện …"), whose subject names the bodies, not the body it helps.
_SENTENCE_VERB = re.compile(r"\s(?:có|chịu)\s+trách\s+nhiệm\b|\s(?:giúp|tham\s+mưu\s+cho)\s")


def _heading_bodies(title: str | None, gazetteer: Gazetteer) -> list[str]:
    """Bodies a heading names ("Sở Khoa học và Công nghệ", "Đối với các xã, phường", "Các Sở:
    Tư pháp, Nội vụ; Thuế tỉnh", "Đề nghị Hiệp hội Doanh nghiệp tỉnh"); [] for a topic heading."""
    if not title:
        return []
    title = title.strip(" :")
    duty = _FOR.match(title)
    title = _ASSIGN.sub("", title[duty.end():] if duty else title)
    if _BARE_UNITS.match(title):
        return [f"Ủy ban nhân dân {title}" if title.startswith("các") else f"Ủy ban nhân dân các {title}"]
    verb = _SENTENCE_VERB.search(title)
    subject = title[:verb.start()] if verb else title
    if gazetteer.role(subject) and not PREDICATE_RE.search(f" {subject}") and len(holders := _holder_list(subject)) > 1:
        return [gazetteer.expand(h) for h in holders]  # "Các Thành viên Hội đồng …; Trưởng, Phó các Phòng …"
    if verb and re.match(_BODY_WORDS, title):
        return [gazetteer.canonical(p)[0] for p in split_bodies(subject)]  # the sentence's subject
    if len(title) < 200:
        parts = [gazetteer.canonical(p) for p in split_bodies(title) if not PREDICATE_RE.match(f" {p}")]
        if parts and 2 * sum(known for _, known in parts) >= len(parts):
            return [name for name, _ in parts]  # a list of bodies, the unknown kept as printed
    found = _named_at_start(title, gazetteer)
    if not found and duty and duty["duty"] and _HOLDER.match(title) and not PREDICATE_RE.search(f" {title}"):
        return [title[0].upper() + title[1:]]  # "Trách nhiệm của trung tâm sát hạch": the holder as printed
    return found


def _co_owners(text: str, owner: str | None, gazetteer: Gazetteer) -> list[str]:
    """The bodies of the "phối hợp (với) …" clauses of ``text`` other than ``owner``, canonical:
    named bodies and classes ("các sở, ngành"), not catch-alls ("các cơ quan, đơn vị liên quan")."""
    names: list[str] = []
    for m in _COORDINATE.finditer(text):
        clause = text[m.end():]
        listed = fold_space(clause[:_clause_end(clause, gazetteer)])
        for part in split_bodies(listed, gazetteer, catch_alls=True):
            if gazetteer.is_catch_all(part) and not (gazetteer.is_class(part) and _ends_item(part, listed)):
                continue
            name = gazetteer.canonical(part)[0]
            if name != owner and name not in names:
                names.append(name)
    return names


def _ends_item(part: str, listed: str) -> bool:
    """Whether ``part`` stands in ``listed`` as a whole item ("các ngành" of "các ngành chức năng" does not)."""
    return bool(re.search(re.escape(part) + r"(?:\s*[,;]|\s+và\s|\s*$)", listed))


def _clause_end(clause: str, gazetteer: Gazetteer) -> int:
    """Where the list of bodies that opens ``clause`` ends: at the clause's verb or punctuation,
    never inside a body's name ("Sở quản lý công trình xây dựng chuyên ngành")."""
    names = [span for span, _ in gazetteer.find(clause)]
    starts = {a for a, _ in names}
    ends = [m.start() for m in (*_CLAUSE_END.finditer(clause), *PREDICATE_RE.finditer(clause))
            # "…; UBND phường A, …": a ";" before another body goes on with the list
            if m.group() != ";" or _SPACES.match(clause, m.end()).end() not in starts]
    return min((e for e in ends if not any(a < e < b for a, b in names)), default=len(clause))


def _deadlines(text: str, doc_date: date | None) -> tuple[Deadline | None, list[Deadline], list[str]]:
    matches = find_deadlines(text, doc_date)
    if not matches:
        return None, [], []
    warnings = [w for m in matches for w in m.warnings]
    completion = [m for m in matches if _COMPLETION.search(text[max(0, m.span[0] - 30):m.span[0]])]
    chosen = (completion or matches)[-1]
    return chosen.deadline, [m.deadline for m in matches if m is not chosen], warnings


def document_gazetteer(segments: Segments) -> Gazetteer:
    """The gazetteer of public bodies plus the bodies, the place and the abbreviations this
    document names."""
    place = segments.document.place
    table = Gazetteer.default()
    abbreviations = document_abbreviations(segments.document.text, table.known_abbreviations(), table.is_whole_name)
    return table.with_names(_named_bodies(segments), places=[place] if place else [], abbreviations=abbreviations)


def find_tasks(segments: Segments, gazetteer: Gazetteer) -> tuple[list[Task], list[str]]:
    """Return the document's tasks in reading order, and warnings (unknown owners, dates
    without a year); ``gazetteer`` from ``document_gazetteer``."""
    doc_date = _doc_date(segments)
    tasks: list[Task] = []
    warnings: list[str] = []
    if segments.document.doc_type in _PROPOSALS:
        return tasks, warnings
    heading_owner: dict[str, list[str]] = {}
    current: Task | None = None
    current_section: str | None = None
    body_sections: set[str] = set()  # sections whose heading names the body they give work to
    aims: set[str] = set()  # sections whose heading's title says they hold aims or grounds, not work
    plan = segments.document.doc_type in _PLANS
    report = segments.document.doc_type in _REPORTS
    normative = segments.document.doc_type in _NORMATIVE
    conclusions = segments.document.doc_type in _CONCLUSIONS
    rules: set[str] = set()  # a legal text's articles that lay down rules, not work for a body
    charging = {p.section.split(".")[0] for p in segments.paragraphs
                if p.section and p.heading and _BODY_DUTIES.match(p.heading[1] or "")} if normative else set()
    remedies: set[str] = set()  # a plan's shortcomings whose remedies have begun
    remedy_start: dict[str, int] = {}  # where in ``tasks`` each shortcoming's remedies begin
    in_article: str | None = None  # the section of the decision's article being read, if any
    sub_owner: list[str] = []  # the class a "- Đối với các …:" lead-in gives its "+" items
    heading_due: dict[str, Deadline] = {}  # the time a heading gives the work below it
    planned: set[str] = set()  # a report's sections whose heading names work to do
    dash_task: Task | None = None  # the task of the last "-" item, whose "+" items are its parts
    field_items, fielded = (set(), set()) if report else _fielded_items(segments.paragraphs)
    items: dict[str, Task] = {}  # the task of each item, for the fields that follow it
    for index, paragraph in enumerate(segments.paragraphs):
        if paragraph.heading is not None or paragraph.bullet not in (None, "+"):
            dash_task = None  # any other "-" item (a lead-in, one skipped) or a heading ends the "+" items' work
        if _ANNEX_LINE.search(paragraph.text):
            break  # an annex the segmenter did not see ("ỦY BAN NHÂN DÂN TỈNH PHỤ LỤC"): its tables are read below
        if paragraph.heading is None and _debris(paragraph.text):
            continue
        if report and paragraph.section is None:
            continue  # a report's prose: its "yêu cầu" and plans are the issuer's own, not assignments
        if report and paragraph.heading is not None and paragraph.heading[1] and paragraph.kind == "tasks":
            planned.add(paragraph.section or "")  # "III. NHIỆM VỤ TRỌNG TÂM NĂM 2026"
        if report and not _within(paragraph.section or "", planned):
            continue  # what a report says was done ("1. Chỉ đạo các đơn vị …" under its results) is no work to do
        if normative and paragraph.heading is not None and "." not in (paragraph.section or ".") and \
                paragraph.text.startswith("Điều") and not _IMPLEMENTING.match(paragraph.heading[1] or "") \
                and paragraph.section not in charging:
            rules.add(paragraph.section)
        if paragraph.section and _within(paragraph.section, rules):
            own = _own_text(paragraph, None) if paragraph.heading else ""
            if own and _acting_subject(own, gazetteer):
                # "2. Bộ … chủ trì xây dựng …" in an article of rules: a clause that gives a body its part
                tasks.append(task := Task(text=fold_space(own), section=paragraph.section,
                                          span=(paragraph.start + len(paragraph.text) - len(own),
                                                paragraph.start + len(paragraph.text))))
                _fill(task, {}, paragraph.section, gazetteer, doc_date, warnings)
            continue
        if fielded and paragraph.section and (field := ITEM_FIELD.match(_field_text(paragraph))):
            item = _item_of(items, paragraph)
            if item is not None:  # "a) Cơ quan chủ trì: Sở Nội vụ;" under its item: who, with whom, by when
                _apply_field(item, field, gazetteer, doc_date)
                current = None
                continue
        if paragraph.kind in ("other", "basis", "results", "proposals") and index in fielded:
            paragraph.kind = "tasks"  # items that carry their owner as a field are work, whatever the heading says
        if paragraph.heading is not None and "." not in (paragraph.section or "."):
            in_article = paragraph.section if paragraph.text.startswith("Điều") else None
        if in_article and _within(paragraph.section or "", {in_article}) and not paragraph.bullet \
                and _EXECUTION.search(paragraph.text):
            # the execution article, whether its bodies fill the article ("Điều 3. Chánh Văn phòng …
            # chịu trách nhiệm thi hành …"), follow its date of effect in a paragraph of their own or
            # make one of its clauses ("1. Chánh Văn phòng, Vụ trưởng … chịu trách nhiệm thi hành …")
            text = _own_text(paragraph, None) if paragraph.heading else paragraph.text
            task = _article_task(text, paragraph.start + len(paragraph.text) - len(text), paragraph.section,
                                 gazetteer, doc_date, warnings)
            if task is not None:
                tasks.append(task)
                current = None
                continue
        if paragraph.heading is not None and paragraph.heading[1] and paragraph.kind == "basis" \
                and "." in (paragraph.section or ""):
            aims.add(paragraph.section)  # "a) Mục tiêu, quan điểm:" under a lead-in naming the bodies
        if paragraph.kind in _UNSURE and paragraph.section and _within(paragraph.section, body_sections) \
                and not _within(paragraph.section, aims):
            paragraph.kind = "tasks"
        if paragraph.heading is not None:
            _, title = paragraph.heading
            if title and paragraph.section and (due := _deadlines(title, doc_date)[0]) and due.kind in ("by", "within"):
                heading_due[paragraph.section] = due  # "a) Các nhiệm vụ phải hoàn thành trong Quý II năm 2026"
            # a role ("Thư ký các Tổ …") owns the items of a part of tasks but does not make one
            # ("3. Lãnh đạo Phòng …" in a regulation describes the office); bodies and classes do
            role = _whole_role(title, gazetteer) if title else []
            named = [] if role or not title else (_duty_subjects(f"{title}:", gazetteer)
                                                  or _heading_bodies(title, gazetteer) or _body_list(title, gazetteer))
            heading_owner[paragraph.section] = role or named
            if paragraph.kind == "other" and title and ((named and len(title) < 120)
                                                        or (plan and _CONTENT.match(title))):
                body_sections.add(paragraph.section)  # "Điều 5. Sở Xây dựng", "3. Trách nhiệm của Công an tỉnh"
                paragraph.kind = "tasks"
            current = None
            own = _own_text(paragraph, title)
            if index in field_items and title and not own:
                own, title = _own_text(paragraph, None), None  # "2. Rà soát …:" over its fields: the work
            elif title and own and (listed := _kind_list(f"{title}: {own}", gazetteer)):
                own, title = _own_text(paragraph, None), None  # "1. Giao các Sở: Tài chính, Xây dựng … kiểm tra …"
                heading_owner[paragraph.section] = listed
            if title is None and own and len(own) < 160 and (
                    names := _body_list(own.rstrip(" ."), gazetteer, classes=own.rstrip().endswith(":"))):
                # "2. Công chức Văn phòng, Bà Lê Thị B." or "3. Thư ký các Tổ:": whose the items below are
                heading_owner[paragraph.section] = names
                body_sections.add(paragraph.section)
                paragraph.kind = "tasks"
                current = None
                continue
            if not heading_owner[paragraph.section] and own and title is None:
                # "4. Sở … chủ trì, phối hợp …: a) … b) …": the items below are that body's work
                heading_owner[paragraph.section] = _named_at_start(own, gazetteer)
                if own.rstrip().endswith(":") and (subjects := _duty_subjects(own, gazetteer)):
                    heading_owner[paragraph.section] = subjects  # "2. Các bộ, cơ quan ngang bộ, … có trách nhiệm:"
                if paragraph.kind in _UNSURE and own.rstrip().endswith(":") and not _DONE.search(own) and \
                        (names := heading_owner[paragraph.section] or _lead_in_bodies(own, gazetteer)):
                    # "3. Thời gian tới, Sở … cần tập trung: a) … b) …": a lead-in that hands the items to a body
                    heading_owner[paragraph.section] = names
                    body_sections.add(paragraph.section)
                    paragraph.kind = "tasks"
            if own and paragraph.kind != "tasks" and paragraph.text.startswith("Điều"):
                article = _ARTICLE.sub("", paragraph.text)  # the whole article: its "title" may be a list of bodies
                at = paragraph.start + len(paragraph.text) - len(article)
                task = _article_task(article, at, paragraph.section, gazetteer, doc_date, warnings)
                if task is not None:
                    tasks.append(task)
                elif not normative:  # "Điều 6. Trưởng phòng … có trách nhiệm …": a sentence that gives work
                    tasks += _paragraph_tasks(article, at, paragraph.section, segments.document.recipients,
                                              gazetteer, doc_date, warnings)
                continue
            start = paragraph.start + paragraph.text.rfind(own)
            if _answered(paragraph, own, conclusions, gazetteer):
                paragraph.kind = "tasks"
            if paragraph.kind != "tasks" or not own:
                if own and title is None and paragraph.kind == "results" and conclusions and \
                        (given := _ASSIGNMENT_WORDS.search(own)) and (semi := own.rfind(";", 0, given.start())) > 0:
                    # a conclusion's appraisal that goes on to give work ("1. Đánh giá cao …; giao Bộ Nội vụ
                    # phối hợp …"): the work is the clause after the ";"
                    cut = len(own) - len(own[semi + 1:].lstrip())
                    tasks += _paragraph_tasks(own[cut:], start + cut, paragraph.section,
                                              segments.document.recipients, gazetteer, doc_date, warnings)
                if own and title is None and paragraph.kind == "other":  # "… như sau: 1. Sở … chủ trì …"
                    tasks += _paragraph_tasks(own, start, paragraph.section, segments.document.recipients, gazetteer,
                                              doc_date, warnings)
                continue
        else:
            own = paragraph.text[2:] if paragraph.bullet else paragraph.text
            start = paragraph.start + (len(paragraph.text) - len(own))
        if plan and paragraph.kind == "limitations" and paragraph.section and (
                _REMEDY.match(own) or _within(paragraph.section, remedies)):
            # a remedial plan: under each shortcoming, "Giải pháp thực hiện: Giao …" and the items
            # after it are the work to do, owned by the body the remedy names
            if _REMEDY.match(own):
                remedies.add(paragraph.section)
                remedy_start[paragraph.section] = len(tasks)
                names = [gazetteer.canonical(n)[0] for _, _, owners in
                         sentence_assignments(own, [], gazetteer, _assignees)[:1] for n in owners]
                heading_owner[paragraph.section] = names
                if names and own.rstrip().endswith(":"):
                    # "Giải pháp thực hiện: Giao các Trưởng phòng … chủ trì, thực hiện:": the assignment
                    # itself, and whose the items below are
                    tasks.append(task := Task(text=fold_space(own), section=paragraph.section,
                                              span=(start, start + len(own))))
                    _fill(task, heading_owner, paragraph.section, gazetteer, doc_date, warnings)
                    current = None
                    continue
            elif _REMEDY_TIME.match(own):
                # the remedies' time, which their tasks take: the line up to any work it gives itself
                demand = _DEMAND.search(own)
                deadline = _deadlines(own[:demand.start()] if demand else own, doc_date)[0]
                for task in tasks[remedy_start.get(paragraph.section, len(tasks)):]:
                    if deadline and task.deadline is None and task.section == paragraph.section:
                        task.deadline = deadline.model_copy()
                clauses = sentence_assignments(own, [], gazetteer, _assignees)
                if not clauses and not demand:
                    current = None
                    continue
                if clauses and clauses[0][0] > 0:  # "… tại các phòng. Giao phòng Nội vụ …": the assignment
                    start += clauses[0][0]
                    own = own[clauses[0][0]:]
            paragraph.kind = "tasks"
            current = None
        if paragraph.kind == "tasks" and _LAST.search(own) and not paragraph.bullet and paragraph.heading is None:
            # the body's last paragraph ("…./."), after the items: its own sentences, never more of an item
            current = None
            tasks += _paragraph_tasks(own, start, paragraph.section, segments.document.recipients, gazetteer,
                                      doc_date, warnings)
            continue
        if _answered(paragraph, own, conclusions, gazetteer):
            paragraph.kind = "tasks"
        if paragraph.kind != "tasks" or CLOSING_FORMULA.search(own):
            current = None
            if paragraph.kind not in ("tasks", "proposals", "results", "limitations") and not paragraph.bullet:
                tasks += _paragraph_tasks(own, start, paragraph.section, segments.document.recipients, gazetteer,
                                          doc_date, warnings)
            continue
        if _MEMBER.match(own) or _NOT_WORK.match(own) or (
                _only_a_name(own, gazetteer) and not own.rstrip().endswith(":")):
            current = None
            continue
        label = _label(own, gazetteer)
        long_demand = len(own) >= _LEAD_IN_LENGTH and bool(_DEMAND.search(own))
        if own.rstrip().endswith(":") and not INLINE_LIST.search(own) and index not in field_items \
                and (len(own) < _LEAD_IN_LENGTH or long_demand) \
                and not (label and _VERB_START.match(label[1])):
            current = None  # a lead-in ("… yêu cầu:", "- Về phát động phong trào …:")
            if long_demand:  # "… yêu cầu Bộ … tiếp thu …, rà soát …, trong đó lưu ý các nội dung sau:"
                tasks += _paragraph_tasks(own, start, paragraph.section, segments.document.recipients, gazetteer,
                                          doc_date, warnings)
            names = _body_list(own, gazetteer) or _lead_in_bodies(own, gazetteer)
            if names and not heading_owner.get(paragraph.section or ""):
                heading_owner[paragraph.section or ""] = names
            sub_owner = _sub_lead_in(own, gazetteer) if paragraph.bullet not in (None, "+") else []
            continue
        if current is not None and not paragraph.bullet and paragraph.heading is None \
                and paragraph.section == current_section and not _new_request(own, gazetteer):
            # the clause goes on after a sentence that ended at the margin
            current.text = fold_space(f"{current.text} {own}")
            current.span = (current.span[0], start + len(own))
            _fill(current, heading_owner, paragraph.section, gazetteer, doc_date, warnings)
            continue
        if label:  # "Cục …, Vụ … và các cơ quan, đơn vị liên quan: <the work>": the label names the owners
            names, rest = label
            start += len(own) - len(rest)
            own = rest
            if (paragraph.heading is not None or own.rstrip().endswith(":")) \
                    and not heading_owner.get(paragraph.section or ""):
                heading_owner[paragraph.section or ""] = names  # its items (or those it leads into) are theirs too
        if (cut := _second_request(own, gazetteer)) is not None:
            # "Báo cáo … trước ngày 16/12. Để kịp thời gian, đề nghị các đơn vị gửi …": two requests, two tasks
            first = Task(text=fold_space(own[:cut]), section=paragraph.section, span=(start, start + cut))
            _fill(first, heading_owner, paragraph.section, gazetteer, doc_date, warnings)
            tasks.append(first)
            start, own = start + cut, own[cut:]
        current = Task(text=fold_space(own), section=paragraph.section, span=(start, start + len(own)))
        current_section = paragraph.section
        if paragraph.bullet != "+" or paragraph.heading is not None:
            sub_owner = []  # a "-" item or a heading ends the "+" items of a lead-in
        _fill(current, {**heading_owner, paragraph.section or "": sub_owner} if sub_owner else heading_owner,
              paragraph.section, gazetteer, doc_date, warnings)
        if label:
            current.owner, current.co_owners = label[0][0], [
                n for n in dict.fromkeys(label[0][1:] + current.co_owners) if n != label[0][0]]
        if paragraph.bullet == "+":
            if current.owner is None and dash_task is not None and dash_task.section == paragraph.section:
                current.owner = dash_task.owner  # "+ …" under "- Giao phòng Nội vụ chủ trì …": parts of that work
        else:
            dash_task = current if paragraph.bullet else None
        tasks.append(current)
        if paragraph.section and (paragraph.heading is not None or paragraph.bullet):
            items[paragraph.section] = current
        if not paragraph.bullet and paragraph.heading is None:
            current = None
    for task in tasks:
        if task.deadline is None and task.section and (due := _heading_due(task.section, heading_due)):
            task.deadline = due.model_copy()
    table_tasks = _table_tasks(segments, gazetteer, doc_date, warnings)
    tasks.extend(table_tasks)
    rows = {id(task) for task in table_tasks}
    issuer = segments.document.issuer
    if issuer and not report:
        # the issuer's own part is no work it gives, unless another gave it ("Ủy ban nhân dân tỉnh giao
        # Sở … chủ trì …"), or it is a report's own plan; a joint text's "A; B" is neither of its issuers
        issuer, known = gazetteer.canonical(issuer)
        tasks = [task for task in tasks if not (task.owner and _names_issuer(task.owner, issuer, known)
                                                and not _asked_of(task.text, issuer, known, gazetteer))]
    recipients = segments.document.recipients
    for task in tasks:  # "đề nghị Tổ công tác …" in a letter to "Tổ Công tác triển khai Đề án 06": that recipient
        task.owner = _recipient_named(task.owner, recipients, gazetteer)
        task.co_owners = [_recipient_named(n, recipients, gazetteer) for n in task.co_owners]
        if task.owner is None and recipients and segments.document.doc_type in _LETTERS and id(task) not in rows:
            # a letter's work that names no one is its recipients' (Kính gửi), the first leading;
            # not a row of its appendix (a table of what others were given)
            names = [gazetteer.canonical(r)[0] for r in recipients]
            task.owner, task.co_owners = names[0], [*names[1:], *(n for n in task.co_owners if n not in names)]
    warnings.extend(coverage_warnings(segments, tasks))
    for task in tasks:
        if task.owner and not gazetteer.canonical(task.owner)[1]:
            warnings.append(f"owner not in the gazetteer, kept as printed: {task.owner!r}")
    return tasks, sorted(set(warnings), key=warnings.index)


def _recipient_named(name: str | None, recipients: list[str], gazetteer: Gazetteer) -> str | None:
    """The one recipient whose name ``name``, a bare head word ("Tổ công tác") or role ("các thành
    viên" in a letter to "Thành viên Đoàn kiểm tra …"), is the short form of (its first words),
    else ``name``."""
    if not name or not (gazetteer.is_head_word(name) or gazetteer.role_end(name) == len(name)):
        return name
    short = re.sub(r"^các\s+", "", name, flags=re.I).casefold() + " "
    whole = [r for r in recipients if r.casefold().startswith(short)]
    return gazetteer.canonical(whole[0])[0] if len(whole) == 1 else name


def _asked_of(text: str, issuer: str, known: bool, gazetteer: Gazetteer) -> bool:
    """Whether ``text`` asks the issuer itself for the work ("… giao Sở … chủ trì …")."""
    return any(_names_issuer(named[0], issuer, known) for m in _DEMAND.finditer(text)
               if (named := _named_at_start(text[m.end():], gazetteer)))


def _names_issuer(owner: str, issuer: str, known: bool) -> bool:
    """Whether ``owner`` is the issuer itself, or, when the gazetteer knows the issuer, the issuer
    without its locality ("Ủy ban nhân dân tỉnh" of "Ủy ban nhân dân tỉnh An Giang"): the issuer's
    own part ("Ủy ban nhân dân tỉnh thống nhất quản lý …", "Sở … sẽ tổ chức …") is no work it gives."""
    if not issuer.casefold().startswith(owner.casefold()):
        return False
    rest = issuer[len(owner):]
    return not rest or (known and rest[0] == " " and rest[1:2].isupper())


_ITEM_NUMBER = re.compile(r"^\s*(?:[-–+•]|\(?[a-zđ]\)|\d+(?:\.\d+)*[.)]?)\s+")


def _field_text(paragraph: Paragraph) -> str:
    return _ITEM_NUMBER.sub("", paragraph.text) if paragraph.heading or paragraph.bullet else paragraph.text


def _fielded_items(paragraphs: list[Paragraph]) -> tuple[set[int], set[int]]:
    """(the items whose owner follows them as a field, the paragraphs of their lists), as
    indices into ``paragraphs``. The field stands under its item (a line of the item's section,
    or a lettered part "a) Cơ quan chủ trì: …"); the list is the item's parent section, from the
    parent's heading on (OCR may repeat a number, so a section is read where it stands)."""
    items: set[int] = set()
    scope: set[int] = set()
    for i, p in enumerate(paragraphs):
        if not (p.section and (field := ITEM_FIELD.match(_field_text(p))) and field["owner"]):
            continue
        item = p.section.rpartition(".")[0] if p.heading else p.section
        j = next((k for k in range(i - 1, -1, -1) if paragraphs[k].section == item
                  and (paragraphs[k].heading or paragraphs[k].bullet)), None)
        if j is None:
            continue
        items.add(j)
        root = item.rpartition(".")[0] or item
        k = next((k for k in range(j, -1, -1) if paragraphs[k].section == root and paragraphs[k].heading), j)
        while k < len(paragraphs) and _within(paragraphs[k].section or "", {root}):
            scope.add(k)
            k += 1
    return items, scope


def _item_of(items: dict[str, Task], paragraph: Paragraph) -> Task | None:
    section = paragraph.section or ""
    if paragraph.heading:
        section = section.rpartition(".")[0]
    while section:
        if section in items:
            return items[section]
        section = section.rpartition(".")[0]
    return None


def _apply_field(task: Task, field: re.Match[str], gazetteer: Gazetteer, doc_date) -> None:
    value = fold_space(field["value"]).strip(" ;.")
    if field["due"]:
        task.deadline = parse_deadline(value, doc_date) or task.deadline
        return
    names = [n for n in (_heading_bodies(value, gazetteer) or _body_list(value, gazetteer))
             if field["owner"] or not gazetteer.is_catch_all(n)]
    if field["owner"] and names:
        task.owner, task.co_owners = names[0], [n for n in dict.fromkeys(names[1:] + task.co_owners) if n != names[0]]
    elif field["co"]:
        task.co_owners = [n for n in dict.fromkeys(task.co_owners + names) if n != task.owner]


def _article_task(text: str, start: int, section: str | None, gazetteer: Gazetteer, doc_date,
                  warnings: list[str]) -> Task | None:
    """The task of a decision's article that gives work outside a section of tasks: the execution
    article (its sentence; owner the first body or role it names, co-owners the others) or an
    article that opens with "Giao …". None for any other article (what it decides, when it takes
    effect)."""
    for sentence in _SENTENCE.split(text):
        m = _EXECUTION.search(sentence)
        if m:
            names = [gazetteer.expand(n) if re.match(_ROLE, n) else gazetteer.canonical(n)[0]
                     for n in _holder_list(_ADDRESS.sub("", sentence[:m.start()]))]
            offset = start + text.index(sentence)
            core = sentence.rstrip()
            core = core[:-2] if core.endswith("./.") else core  # the closing mark is not part of the clause
            task = Task(text=fold_space(core), section=section, span=(offset, offset + len(core)))
            task.owner, task.co_owners = (names[0], names[1:]) if names else (None, [])
            task.deadline, task.milestones, found = _deadlines(sentence, doc_date)
            warnings.extend(found)
            return task
    if _ASSIGN.match(text):
        task = Task(text=fold_space(text), section=section, span=(start, start + len(text)))
        _fill(task, {}, section, gazetteer, doc_date, warnings)
        return task
    return None


_DISTRIBUTIVE = re.compile(rf"^(?P<head>.*?)\bcác\s+{_LISTED_KIND}(?P<more>(?:\s*,\s*(?:ban|ngành|cơ\s+quan)\b)*)"
                           r"\s*:\s*(?P<rest>.+)$")


def _distribute(names) -> list[str]:
    """Names with a shared head spelt out: "Giám đốc các Sở: Tài chính, Nội vụ" → "Giám đốc Sở
    Tài chính", "Giám đốc Sở Nội vụ" (items split at commas only: "Nông nghiệp và Môi trường" is one).
    Where titles and kinds are listed ("Giám đốc, Thủ trưởng các Sở, ban, ngành: …"), the names
    are of the first kind, headed by the first title."""
    out: list[str] = []
    for name in names:
        m = _DISTRIBUTIVE.match(name)
        if m:
            head = re.split(r",\s*", m["head"])[0].rstrip() + " " if m["more"] and m["head"].strip() else m["head"]
            out += [f"{head}{m['kind']} {item}" for item in re.split(r",\s+", m["rest"]) if item]
        else:
            out.append(name)
    return out


# Kinds read from the first words of a numbered sentence ("Thời gian tới, …" reads as basis) that
# a body named in it overrules.
_UNSURE = ("other", "basis")
_DONE = re.compile(r"(?<!\w)(?:đã|được)(?!\w)")


def _acting_subject(text: str, gazetteer: Gazetteer) -> bool:
    """Whether ``text`` opens with a body or a class of bodies and then the verb of what it does
    ("Bộ … chủ trì xây dựng …", "Các trung tâm sát hạch thực hiện …"), not with what was done."""
    found = gazetteer.find(text[:200])
    end = found[0][0][1] if found and found[0][0][0] == 0 else None
    if end is None and (m := _CLASS.match(text)) and not gazetteer.is_nobody(m.group()):
        end = m.end()
    return end is not None and bool(PREDICATE_RE.match(text, end)) and not _DONE.match(text, end + 1)


def _paragraph_tasks(text: str, start: int, section: str | None, recipients: list[str], gazetteer: Gazetteer,
                     doc_date, warnings: list[str]) -> list[Task]:
    """The assignments written as sentences of a paragraph outside a section of tasks."""
    tasks = []
    for begin, end, owners in sentence_assignments(text, recipients, gazetteer, _assignees):
        clause = text[begin:end]
        names = [gazetteer.canonical(n)[0] for n in owners]
        task = Task(text=fold_space(clause), section=section, span=(start + begin, start + end),
                    owner=names[0], co_owners=names[1:])
        for name in _co_owners(task.text, task.owner, gazetteer):
            if name not in task.co_owners:
                task.co_owners.append(name)
        task.deadline, task.milestones, found = _deadlines(task.text, doc_date)
        warnings.extend(found)
        tasks.append(task)
    return tasks


_ASSIGNMENT_WORDS = re.compile(r"\b(?:giao|đề\s+nghị|yêu\s+cầu|chịu\s+trách\s+nhiệm|chủ\s+trì|phân\s+công)\s+"
                               r"(?:Sở|Ủy\s+ban|UBND|Ban|Phòng|Bộ|Văn\s+phòng|Công\s+an|các|Quý)\b")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7, "VIII": 8, "IX": 9, "X": 10}


def coverage_warnings(segments: Segments, tasks: list[Task]) -> list[str]:
    """Warnings that tasks may have been missed: assignment wording in the body but no task, or
    top-level numbering that skips a number (a heading OCR misread, "HI." for "III.")."""
    found = []
    body = " ".join(p.text for p in segments.paragraphs)
    m = _ASSIGNMENT_WORDS.search(body)
    if not tasks and m:
        found.append(f"the body assigns work ({m.group(0).strip()!r} …) but no task was found")
    for numbers in (_top_numbers(segments, roman=True), _top_numbers(segments, roman=False)):
        for a, b in pairwise(numbers):
            if b > a + 1:
                found.append(f"section numbering jumps from {a} to {b}: a heading may be misread")
    return found


def _top_numbers(segments: Segments, roman: bool) -> list[int]:
    numbers = []
    for section in segments.document.sections:
        n = section.number or ""
        if roman and n in _ROMAN:
            numbers.append(_ROMAN[n])
        elif not roman and n.isdecimal() and len(n) <= 3:
            numbers.append(int(n))
    return numbers


def _heading_due(section: str, due: dict[str, Deadline]) -> Deadline | None:
    """The time the nearest heading over ``section`` (or its own) gives its work, or None."""
    while section:
        if section in due:
            return due[section]
        section = section.rpartition(".")[0]
    return None


def _within(section: str, sections: set[str]) -> bool:
    """Whether ``section`` is one of ``sections`` or stands below one of them."""
    while section:
        if section in sections:
            return True
        section = section.rpartition(".")[0]
    return False


def _own_text(paragraph: Paragraph, title: str | None) -> str:
    rest = paragraph.text
    number = paragraph.heading[0] if paragraph.heading else ""
    rest = re.sub(rf"^(?:Điều\s+)?{re.escape(number)}\s*[.):]\s*", "", rest)
    if title and rest.startswith(title):
        rest = rest[len(title):].lstrip(" :")
    return rest


def _inherited(heading_owner: dict[str, list[str]], section: str | None) -> list[str]:
    """Bodies of the nearest enclosing heading (or lead-in) that names any; the key "" holds
    those of a lead-in above all headings."""
    while section:
        if heading_owner.get(section):
            return heading_owner[section]
        section = section.rpartition(".")[0] or None
    return heading_owner.get("", [])


def _lead_in_bodies(text: str, gazetteer: Gazetteer) -> list[str]:
    """Bodies a lead-in hands the list to: those after "yêu cầu/đề nghị/giao" ("… đề nghị Sở Tư
    pháp:"), or the subject of the sentence ("Năm 2026, Sở Nội vụ tập trung … sau:")."""
    demand = _DEMAND.search(text)
    clause = text[demand.end():] if demand else text.partition(", ")[2] if "," in text[:40] else text
    found = _named_at_start(clause.strip(), gazetteer)
    first, *more = clause.split(";")
    if found and demand and more and not _ROLE_VERB.search(first):
        # "… đề nghị Ban Chỉ huy … các huyện; các sở, ban ngành trong tỉnh triển khai …": each ";" adds one
        for part in map(str.strip, more):
            added = _named_at_start(part, gazetteer) or [n for n in [_class_owner(part, gazetteer)] if n]
            if not added:
                break
            found += [n for n in added if n not in found]
    if not found and demand and (m := _CLASS.match(clause.strip())):
        # "… yêu cầu các phòng, ban, UBND các xã, cán bộ, công chức thực hiện …": the classes, not the people
        subject = _PEOPLE_TAIL.sub("", fold_space(m.group(0)))
        found = [gazetteer.canonical(n)[0] for n in map(str.strip, _LIST_CUT.split(subject))
                 if n and not gazetteer.is_nobody(n)]
    return found


# People at the end of a list of bodies ("…, UBND các xã, cán bộ, công chức, viên chức").
_PEOPLE_TAIL = re.compile(r"(?:,\s*(?:và\s+)?(?:các\s+)?(?:cán\s+bộ|công\s+chức|viên\s+chức|người\s+lao\s+động|"
                          r"cá\s+nhân))+\s*$", re.I)


# A class of bodies named as the subject of a clause ("Các sở, ban, ngành thành phố chủ động …",
# "Các cơ quan, đơn vị thuộc Bộ …"): the owner as printed, up to the verb.
# A verb right after "được (giao)" or "đối tượng" belongs to the class's description ("Các Cục được giao
# thực hiện …", "… thuộc đối tượng kiểm tra"); a trailing "theo thẩm quyền" is no part of the name.
# Those who hold a work or an asset ("chủ đầu tư", "các chủ công trình hồ chứa …") are a class with
# or without "các".
_HOLDERS = r"(?i:chủ)\s+(?i:đầu\s+tư|công\s+trình|hồ(?:\s+chứa)?|dự\s+án|rừng|phương\s+tiện|cơ\s+sở)"
_CLASS_HEAD = (r"^(?:(?:Các|các)\s+(?i:sở|phòng|bộ(?!\s+phận)|cơ\s+quan|đơn\s+vị|ban|ngành|địa\s+phương|"
               r"doanh\s+nghiệp|trường|trung\s+tâm|bệnh\s+viện|hội|hiệp\s+hội|tổ\s+chức|cục|vụ|cơ\s+sở)|"
               r"(?:(?:Các|các)\s+)?" + _HOLDERS + r")\b")
_CLASS_VERB = (r"(?<!\sđược)(?<!được\sgiao)(?<!đối\stượng)(?<!các)(?=\s++(?:chủ\s+động|khẩn\s+trương|tập\s+trung|"
               r"cần|tổ\s+chức|thực\s+hiện|triển\s+khai|rà\s+soát|chỉ\s+đạo|xây\s+dựng|phối\s+hợp|căn\s+cứ|"
               r"có\s+trách|chịu\s+trách|báo\s+cáo|tăng\s+cường|quán\s+triệt|nghiêm\s+túc|kiểm\s+tra|theo\s+dõi|"
               r"cập\s+nhật|bố\s+trí|đẩy\s+mạnh|tiếp\s+tục|cử|gửi|hướng\s+dẫn|tham\s+mưu|đề\s+xuất)\b)")
_CLASS = re.compile(_CLASS_HEAD + r"[^.;:()]{0,80}?" + _CLASS_VERB)
# A longer subject is a list of classes ("Các sở, ban ngành thành phố, các cơ quan, đơn vị trung
# ương, …, Ủy ban nhân dân xã, phường tiếp tục …"), each opening with "các" or a body's name.
_CLASS_LIST = re.compile(_CLASS_HEAD + r"[^.;:()]{81,240}?" + _CLASS_VERB)
_NEXT_CLASS = re.compile(r",\s+(?=các\s)|\s+và\s+(?=các\s)", re.I)


def _class_list(text: str, gazetteer: Gazetteer) -> list[str]:
    """The classes and bodies of a long list of classes a clause opens with, the first the owner
    (joint assignment), as printed; [] when the clause opens otherwise."""
    m = _CLASS_LIST.match(text)
    if not m or re.search(r"liên\s+quan\s*$", m.group(0)):
        return []
    out: list[str] = []
    for part in _NEXT_CLASS.split(fold_space(m.group(0))):
        found = gazetteer.find(part)
        cut = found[0][0][0] if found and found[0][0][0] > 0 and part[:found[0][0][0]].rstrip().endswith(",") else None
        if cut is None:
            out.append(part)
            continue
        out.append(part[:cut].rstrip(" ,"))  # "…, doanh nghiệp nhà nước, Ủy ban nhân dân xã, phường": the body apart
        out += [printed for _, printed in found]
    if len(out) < 2:
        return []
    return [gazetteer.expand(out[0], terms=True), *(gazetteer.canonical(p)[0] for p in out[1:])]


# A body the gazetteer cannot read, named by its kind and what it does, before the duty it is
# given ("Phòng có chức năng quản lý xây dựng thuộc Ủy ban nhân dân cấp xã có trách nhiệm …").
_DESCRIBED = re.compile(r"^(?:Phòng|Ban|Tổ|Đội|Trung\s+tâm|Cơ\s+quan|Đơn\s+vị|Bộ\s+phận)\s[^.;:()]{4,120}?"
                        r"(?=\s+(?:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm(?!\s+thi\s+hành))\b)")


def _class_owner(text: str, gazetteer: Gazetteer) -> str | None:
    """The class of bodies a clause opens with, or a body described by its kind, as printed
    (not a catch-all "… có liên quan")."""
    m = _CLASS.match(text) or _DESCRIBED.match(text)
    if not m or re.search(r"liên\s+quan\s*$", m.group(0)):
        return None
    return gazetteer.expand(_BY_REMIT.sub("", fold_space(m.group(0))).strip(" ,"), terms=True)


_BY_REMIT = re.compile(r",?\s+(?:theo\s+(?:chức\s+năng|thẩm\s+quyền)|trong\s+phạm\s+vi)\b.*$")


# The verb after a list of office holders ("Bộ trưởng, Thủ trưởng …, Chủ tịch … chỉ đạo …").
_ROLE_VERB = re.compile(r"\s(?:chỉ\s+đạo|chịu\s+trách\s+nhiệm|có\s+trách\s+nhiệm|chủ\s+trì|phối\s+hợp|"
                        r"thực\s+hiện|triển\s+khai|tổ\s+chức|quán\s+triệt|khẩn\s+trương|tập\s+trung|"
                        r"căn\s+cứ|theo\s+dõi|báo\s+cáo|cần|phải|trực\s+tiếp)\b")


def _role_owners(text: str, gazetteer: Gazetteer) -> list[str]:
    """The office holders a clause opens with, first the owner ("Bộ trưởng, Thủ trưởng các cơ
    quan ngang bộ và Chủ tịch Ủy ban nhân dân các tỉnh chỉ đạo …"); [] when it opens otherwise."""
    if not re.match(_ROLE, text) or not gazetteer.role(text):
        return []
    verb = _ROLE_VERB.search(text[:300])
    if not verb:
        return []
    # "Chủ tịch … làm Trưởng Ban Chỉ đạo": the office they hold besides is no part of the name
    names = [re.split(r"\s(?:làm|là|kiêm)\s", n)[0] for n in _holder_list(text[:verb.start()])]
    if not names:
        return []
    if gazetteer.find(names[0]) and re.search(r"\bcác\s", text[:verb.start()]):
        # "Chủ tịch Ủy ban nhân dân các xã …": the class of bodies they head is the owner (when
        # several, the heading's or none)
        headed = _bodies_at_start(text[gazetteer.role_end(text):].lstrip(), gazetteer)
        return [gazetteer.canonical(headed[0])[0]] if len(headed) == 1 else []
    return [gazetteer.expand(n) for n in names]


# A catch-all closing a list: after "và", or after a comma where it opens again ("…, các cá nhân
# có liên quan"); "chủ đầu tư, tổ chức, cá nhân có liên quan" is one catch-all, "có liên quan"
# qualifying all three.
_CATCH_ALL_TAIL = re.compile(r"(?:\s+và\s+|,\s*(?=các\s|người\s+đứng\s+đầu\s))(?:người\s+đứng\s+đầu\s+)?(?:các\s+)?"
                             r"(?:tổ\s+chức(?:,|\s+và)\s*)?cá\s+nhân(?:\s+có)?\s+liên\s+quan\s*$", re.I)


def _holder_list(text: str) -> list[str]:
    """The bodies and office holders a list names, in printed order, the catch-alls left out
    ("Chánh Văn phòng; Thủ trưởng các Vụ, Cục và các tổ chức, cá nhân có liên quan" → "Chánh Văn
    phòng", "Thủ trưởng các Vụ, Cục")."""
    text = _CATCH_ALL_TAIL.sub("", text.strip(" ,;:"))
    parts = ([p for part in text.split(";") for p in _ROLE_CUT.split(part)] if ";" in text
             else _LIST_CUT.split(text))
    names = [one for n in _distribute(_with_deputies([fold_space(n).strip(" ,;:") for n in parts]))
             for one in spread_localities(n)]
    return [n for n in (_CATCH_ALL_TAIL.sub("", n) for n in names) if n and not _CATCH_ALL.search(n)]


# A title that needs the body it heads ("Trưởng", "Giám đốc"), unlike "Bộ trưởng", "Vụ trưởng".
_BARE_TITLE = re.compile(r"(?:Trưởng|Phó|Giám\s+đốc|Thủ\s+trưởng|Hiệu\s+trưởng|Chủ\s+tịch|Lãnh\s+đạo)")


def _with_deputies(parts: list[str]) -> list[str]:
    """``parts`` with a bare title joined to the item after it: "Trưởng", "Phó các Phòng" →
    "Trưởng, Phó các Phòng" (the heads and their deputies, one holder); "Hiệu trưởng", "Giám đốc
    cơ sở …" → "Hiệu trưởng, Giám đốc cơ sở …"."""
    out: list[str] = []
    for part in parts:
        if out and _BARE_TITLE.fullmatch(out[-1]):
            out[-1] = f"{out[-1]}, {part}"
        else:
            out.append(part)
    return out


# A clause that says when or on what ground, before the body that does the work ("Kết thúc mỗi
# cuộc kiểm tra, Văn phòng … thông báo …", "Trên cơ sở báo cáo của các Sở, ngành, Sở Tư pháp
# tổng hợp …", "Trong quá trình thực hiện, nếu có vướng mắc thì Trưởng phòng … báo cáo …").
_INTRO = re.compile(r"^(?:Kết\s+thúc|Sau\s+khi|Trước\s+khi|Trong\s+(?:quá\s+trình|thời\s+gian)|Quá\s+trình|Khi|"
                    r"Trên\s+cơ\s+sở|Căn\s+cứ|Ngay\s+sau)\b", re.I)


def _after_intro(text: str, gazetteer: Gazetteer) -> list[str]:
    """The bodies (or office holders) that open the clause after an introductory one, first
    the owner ("Về kiến nghị …: Bộ … căn cứ …" too); [] when the text opens otherwise or no body
    follows any of its commas."""
    if topic := _ANSWER.match(text):
        rest = text[topic.end():]
        return _role_owners(rest, gazetteer) or _named_at_start(rest, gazetteer)
    if not _INTRO.match(text):
        return []
    for cut in INTRO_END.finditer(text, 0, 200):
        rest = text[cut.end():]
        found = _role_owners(rest, gazetteer) or _named_at_start(rest, gazetteer)
        if found:
            return found
    return []


def _sub_lead_in(text: str, gazetteer: Gazetteer) -> list[str]:
    """[the class] a lead-in item hands its "+" items to ("- Đối với các Sở, ban, ngành có hệ thống
    thông tin triển khai tới cấp xã:" → that class as printed), else []."""
    m = _FOR.match(text.strip())
    subject = fold_space(text.strip()[m.end():]).rstrip(" :") if m and not m["duty"] else ""
    if not _CLASS_LABEL.match(subject):
        return []
    return [gazetteer.expand(subject[0].upper() + subject[1:], terms=True)]


def _fill(task: Task, heading_owner, section, gazetteer: Gazetteer, doc_date, warnings) -> None:
    opening = _role_owners(task.text, gazetteer) or _named_at_start(task.text, gazetteer)
    if not opening and (named := _class_owner(task.text, gazetteer)):
        opening = [named]
    if not opening:
        opening = _class_list(task.text, gazetteer)
    if not opening:
        opening = _after_intro(task.text, gazetteer)
    if not opening and (asked := _ASKS.match(task.text)):  # "Vì vậy, đề nghị Tổ công tác … làm rõ …"
        asked_of = task.text[asked.end():]
        opening = [gazetteer.canonical(n)[0] for n in _assignees(asked_of, gazetteer)] or _lead_in_bodies(
            task.text, gazetteer)  # "Yêu cầu các bộ, ngành, Ủy ban nhân dân cấp tỉnh …": each class
        if not opening and (named := _class_owner(asked_of[:1].upper() + asked_of[1:], gazetteer)) \
                and not gazetteer.is_nobody(named):
            opening = [named]  # "Khuyến khích các cơ sở giáo dục … cử sinh viên …": the class asked
    if not opening and (given := _GIVEN.search(task.text)) and _LEADS.search(task.text, given.end(), given.end() + 200):
        opening = [gazetteer.canonical(n)[0] for n in _assignees(task.text[given.end():], gazetteer)]
    inherited = _inherited(heading_owner, section)
    owners = opening if opening and not re.match(r"^phối\s+hợp", task.text, re.I) else inherited
    task.owner = owners[0] if owners else None
    co = owners[1:]
    for name in _co_owners(task.text, task.owner, gazetteer):
        if name not in co:
            co.append(name)
    task.co_owners = co
    topic = _ANSWER.match(task.text)
    answer = _deadlines(task.text[topic.end():], doc_date) if topic else (None, [], [])
    # "Về việc xây dựng Nghị quyết … (hoàn thành năm 2028): Giao Bộ … trình trong tháng 6/2026": the
    # answer's own date, not the topic's; the topic's when the answer has none
    task.deadline, task.milestones, found = answer if answer[0] else _deadlines(task.text, doc_date)
    warnings.extend(found)


def _named_bodies(segments: Segments) -> list[str]:
    names = list(segments.document.recipients)
    for paragraph in segments.paragraphs:
        if paragraph.heading and paragraph.heading[1]:
            names.append(paragraph.heading[1])
    return names


def _table_tasks(segments: Segments, gazetteer: Gazetteer, doc_date, warnings) -> list[Task]:
    """One task per row of an appendix table that has a task column; owner from an owner
    column or else from the bodies that open the task, deadline from the due column."""
    tasks = []
    full = segments.document.text
    for placed in segments.tables:
        columns = placed.table.columns
        owner_col = next((c for c in columns if _OWNER_COLUMN.search(c)), None)
        task_col = next((c for c in columns if _TASK_COLUMN.search(c) and not _CODE_COLUMN.search(c)), None) or (
            # a plan's schedule ("Thời gian | Nội dung | Đơn vị thực hiện"): its content is the work; a work
            # programme's calendar lists meetings and events, not assignments
            next((c for c in columns if _CONTENT_COLUMN.search(c)), None)
            if owner_col and segments.document.doc_type in _SCHEDULED else None)
        if task_col is None:
            continue
        code_col = next((c for c in columns if _CODE_COLUMN.search(c)), None)
        status_col = next((c for c in columns if _STATUS_COLUMN.search(c)), None)
        due_col = next((c for c in columns if _DUE_COLUMN.search(c)), None) or next(
            (c for c in columns if _TIME_COLUMN.search(c)), None)
        for row, offset in zip(placed.table.rows, placed.row_offsets, strict=True):
            cell = row.cells[task_col]
            if not cell:
                continue
            line = full[offset:full.find("\n", offset) % (len(full) + 1)]
            for text in _cell_items(cell):
                start = offset + max(0, line.find(text))
                task = Task(text=text, section=None, span=(start, start + len(text)))
                _fill(task, {}, None, gazetteer, doc_date, warnings)
                if owner_col and row.cells[owner_col]:
                    task.owner, task.co_owners = _owner_cell(row.cells[owner_col], gazetteer)
                due = row.cells[due_col] if due_col else None
                if due and (deadline := parse_deadline(_MONTHS_CELL.sub(r"tháng \2/\3", due.strip()), doc_date)):
                    deadline.raw = due.strip()
                    task.deadline = deadline
                task.status = _status(row.cells[status_col]) if status_col else None
                task.code = _code(row.cells[code_col]) if code_col else None
                tasks.append(task)
    return tasks


# A notice of conclusions answers the proposals it heard, topic by topic: "Về việc xây dựng Nghị
# định …: Giao Bộ … chủ trì …", "Về đề nghị …: Đồng ý về chủ trương, giao Bộ …", "Về kiến nghị …:
# Bộ … căn cứ …". An answer that gives the work is a task; one that only agrees or notes is not.
_CONCLUSIONS = frozenset({"Thông báo"})
_TOPIC = re.compile(r"^(?:Về|Liên\s+quan\s+đến)\s")
_ANSWER = re.compile(_TOPIC.pattern + r"[^:]{5,400}:\s*")
_AGREED = re.compile(r"(?:Đồng\s+ý|Thống\s+nhất|Chấp\s+thuận)\b[^.;:]{0,80}?,\s*")


def _answered(paragraph: Paragraph, text: str, conclusions: bool, gazetteer: Gazetteer) -> bool:
    """Whether ``text``, of a part of proposals in a notice of conclusions, answers a proposal by
    giving its work ("Về …: Giao Bộ … chủ trì …"; "Về …: Bộ … căn cứ …")."""
    if not conclusions or paragraph.kind != "proposals":
        return False
    title = paragraph.heading[1] if paragraph.heading else None
    if title and _TOPIC.match(title):
        rest = text  # "1. Về việc …: Giao …", the topic read as the item's title
    elif m := _ANSWER.match(text):
        rest = text[m.end():]
    else:
        return False
    rest = rest[m.end():] if (m := _AGREED.match(rest)) else rest  # "Đồng ý về chủ trương, giao …"
    return bool(re.match(r"(?i:giao|yêu\s+cầu|đề\s+nghị)\s", rest)) or _acting_subject(rest, gazetteer)


_SCHEDULED = frozenset({"Kế hoạch", "Phương án", "Đề án"})
_LETTERS = frozenset({"Công văn"})
_CONTENT_COLUMN = re.compile(r"^\s*nội\s+dung", re.I)
_TIME_COLUMN = re.compile(r"^\s*thời\s+gian", re.I)
# A month, or a span of months, in a schedule's time column ("5/2026", "4-5/2026").
_MONTHS_CELL = re.compile(r"^(?:(\d{1,2})\s*[-–]\s*)?(\d{1,2})\s*/\s*(\d{4})$")
_CELL_BULLET = re.compile(r"(?:^|\s)[-–+•]\s+(?=\S)")


def _cell_items(cell: str) -> list[str]:
    """The items of a table cell: one per "- " bullet when it lists several, else the cell."""
    items = [fold_space(p).strip(" ;") for p in _CELL_BULLET.split(cell)]
    items = [p for p in items if p]
    return items if len(items) > 1 or cell.lstrip()[:1] in "-–+•" else [cell]


def _owner_cell(cell: str, gazetteer: Gazetteer) -> tuple[str, list[str]]:
    """(owner, co-owners) of an owner column's cell: "Văn phòng chủ trì, phối hợp với Công đoàn" or a
    list "Văn phòng, Công đoàn" (the first leads)."""
    lead = re.split(r"\s+chủ\s+trì\b|[,;]?\s+phối\s+hợp\b", cell, maxsplit=1)[0]
    names = [gazetteer.canonical(n)[0] for n in split_bodies(lead, gazetteer)] or [gazetteer.canonical(lead)[0]]
    co = names[1:] + [n for n in _co_owners(cell, names[0], gazetteer) if n not in names]
    return names[0], co


def _status(cell: str | None) -> str | None:
    """The status as one of the usual wordings when the cell is a damaged form of one
    ("Hoànthành ._" → "Hoàn thành"); else the cell as printed."""
    if not cell:
        return None
    from rapidfuzz import fuzz, process

    cell = fold_space(cell)
    squeezed = re.sub(r"[\W_]+", "", cell).lower()
    hit = process.extractOne(squeezed, _STATUS_KEYS.keys(), scorer=fuzz.ratio, score_cutoff=85)
    return _STATUS_KEYS[hit[0]] if hit else cell


def _code(cell: str | None) -> str | None:
    """A task code with the underscores OCR lost put back ("101 TBKL NQ57" → "101_TBKL_NQ57")."""
    if not cell:
        return None
    cell = fold_space(cell)
    if re.fullmatch(r"[A-Z0-9]++(?:[ _]++[A-Z0-9]++)++", cell) and re.search(r"\d", cell):
        return re.sub(r"[ _]+", "_", cell)
    return cell
