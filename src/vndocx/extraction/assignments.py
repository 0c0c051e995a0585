"""Assignments written inside a paragraph, where no heading of tasks stands above them: the
công văn that asks for one thing in one sentence ("Ủy ban nhân dân tỉnh giao Sở … chủ trì, phối
hợp với … tham mưu …, báo cáo trước ngày 15/4/2026", "Đề nghị Quý cơ quan …", "Đề nghị các đơn
vị báo cáo về Sở … trước ngày …"), and the clause that names its body first ("Sở Tài chính chủ
trì …", "Công an tỉnh có trách nhiệm …").

Not assignments: the basis of a decision ("Căn cứ …", "Theo đề nghị của …"), what was given
before ("đã giao", "được giao"), requests to higher levels (a section of proposals), the
issuer's own commitments ("Sở … sẽ tổ chức …", which have no verb of assignment) and the closing
formula ("Kính đề nghị … quan tâm, phối hợp thực hiện./.").
"""

from __future__ import annotations

import re
from collections.abc import Callable

from vndocx.extraction.owners import PREDICATE_RE, Gazetteer
from vndocx.lang.genre import CLOSING_FORMULA

# The verb that gives the work, and what may not stand right before it ("theo đề nghị", "đã giao").
_VERB = re.compile(r"(?<![\w])(?P<verb>[Gg]iao(?:\s+cho)?|[Đđ]ề\s+nghị|[Yy]êu\s+cầu|[Cc]hỉ\s+đạo|[Pp]hân\s+công)\s+")
_NOT_BEFORE = re.compile(r"(?:theo|của|đã|được|xét|tại|có|với|về|vì|như|là|nhiệm\s+vụ|việc|công\s+việc)\s*$",
                         re.I)
# What was done before: "… đã tổng hợp …", "… đã giao …" in the clause before the verb.
_PAST = re.compile(r"\bđã\b[^,;]*$")
_NOT_AFTER = re.compile(r"^(?:của|số|tại|như|này|trên|về\s+việc)\b", re.I)
# Who is meant when a letter asks its recipients without naming them.
_ADDRESSEE = re.compile(r"^(?:Quý\s+(?:cơ\s+quan|đơn\s+vị|Sở|Ủy\s+ban|Bộ|địa\s+phương)|các\s+(?:cơ\s+quan|đơn\s+vị|"
                        r"địa\s+phương|Sở)(?:\s*,\s*(?:đơn\s+vị|địa\s+phương))*)\b")
# A body named first, then the work it is given (not "chịu trách nhiệm trước …", whom it answers to).
_DUTY = re.compile(r"\s(?:chủ\s+trì|có\s+trách\s+nhiệm|chịu\s+trách\s+nhiệm(?!\s+(?:thi\s+hành|trước)))\b")
_SKIP = re.compile(r"^(?:Căn\s+cứ|Theo\s+đề\s+nghị|Xét\s+đề\s+nghị|Trân\s+trọng)", re.I)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+(?=\w)")
_LEAD = re.compile(r"(?:,\s+|\btrong\s+đó\s+)(?=[^,]*$)")
# A sentence that opens with its purpose or its basis ("Để …, Phòng … đề nghị …", "Trên cơ sở …, Sở …
# tổng hợp …"): the work is the whole sentence, the purpose part of it.
_PURPOSE = re.compile(r"\s*(?:Để|Nhằm|Trên\s+cơ\s+sở|Căn\s+cứ)\s")

Bodies = Callable[[str, Gazetteer], list[str]]


def sentence_assignments(text: str, recipients: list[str], gazetteer: Gazetteer,
                         bodies_at_start: Bodies) -> list[tuple[int, int, list[str]]]:
    """The assignment clauses of a paragraph: (start, end, owners) for each, offsets into
    ``text``; owners are the bodies the clause gives the work to (the recipients when it asks
    "Quý cơ quan" or "các đơn vị"), first the owner. [] for a paragraph that assigns nothing."""
    if _SKIP.match(text):
        return []
    found = []
    for offset, sentence in _sentences(text):
        if _SKIP.match(sentence) or CLOSING_FORMULA.search(sentence):
            continue
        clause = _clause(sentence, recipients, gazetteer, bodies_at_start)
        if clause:
            start, owners = clause
            found.append((offset + start, offset + len(sentence.rstrip()), owners))
    return found


def _sentences(text: str) -> list[tuple[int, str]]:
    """(offset, sentence) of each sentence of ``text``: a sentence ends at "." or ";" before a
    capital ("; đồng thời …" goes on)."""
    cuts = [m for m in _SENTENCE_BREAK.finditer(text) if text[m.end()].isupper()]
    bounds = [0, *[m.end() for m in cuts]]
    ends = [m.start() for m in cuts] + [len(text)]
    return [(b, text[b:e]) for b, e in zip(bounds, ends, strict=True)]


def _clause(sentence: str, recipients: list[str], gazetteer: Gazetteer,
            bodies_at_start: Bodies) -> tuple[int, list[str]] | None:
    for m in _VERB.finditer(sentence):
        before, after = sentence[:m.start()], sentence[m.end():]
        if _NOT_BEFORE.search(before) or _NOT_AFTER.match(after) or _PAST.search(before):
            continue
        if m["verb"][0].isupper() and before.strip() and before.rstrip()[-1] not in ",;:.":
            continue  # "Ban Chỉ đạo …": a name, not the verb
        addressee = _ADDRESSEE.match(after)
        owners = list(recipients) if addressee else bodies_at_start(after, gazetteer)
        if not owners:
            continue
        lead = list(_LEAD.finditer(before))
        return (lead[-1].end() if lead and _opens_clause(before[lead[-1].end():], gazetteer)
                and not _PURPOSE.match(sentence) else 0), owners
    duty = _DUTY.search(sentence)
    if duty and not _PAST.search(sentence[:duty.start()]):  # "… đã chủ trì Phiên họp": what was done
        subject = sentence[:duty.start()].strip()
        owners = bodies_at_start(subject, gazetteer) or _holder(subject, gazetteer)
        if not owners and "trách" in duty.group() and (intro := list(INTRO_END.finditer(subject))):
            # "Trong quá trình thực hiện, nếu có vướng mắc thì Trưởng phòng … có trách nhiệm …"
            subject = subject[intro[-1].end():]
            owners = bodies_at_start(subject, gazetteer) or _holder(subject, gazetteer)
        if owners and len(sentence[:duty.start()]) < 150:
            return 0, owners
    return None


# Where an introductory clause ends and the clause of the body that does the work begins.
INTRO_END = re.compile(r",\s+(?:thì\s+)?|\s+thì\s+")


def _opens_clause(subject: str, gazetteer: Gazetteer) -> bool:
    """Whether the words between a comma and the verb open the clause that gives the work: none
    (", yêu cầu Bộ …") or a body ("…, Phòng Kinh tế - Hạ tầng đề nghị …"), not the rest of a
    phrase the comma broke ("… huyện, An Phú đề nghị …"). The courtesy "kính" is none ("…, kính
    đề nghị các thành viên …")."""
    if not subject.strip() or subject.strip().lower() == "kính":
        return True
    found = gazetteer.find(subject)
    return bool(found and found[0][0][0] == 0) or bool(_holder(subject, gazetteer))


def _holder(subject: str, gazetteer: Gazetteer) -> list[str]:
    """[the office holder as printed] when ``subject`` is a title over a body ("Trưởng phòng Giáo
    dục và Đào tạo"), else []."""
    role = gazetteer.role(subject)
    if not role or len(subject.split()) > 14 or PREDICATE_RE.search(f" {subject}") \
            or not (gazetteer.find(subject) or subject[len(role):].strip()[:1].isupper()):
        return []
    return [gazetteer.expand(" ".join(subject.split()))]
