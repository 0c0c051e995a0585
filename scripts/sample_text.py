"""Read a sample document written in the project's plain-text convention into parts that the
renderers (sample_pdf.py, sample_docx.py) lay out as a real document would be.

The convention (samples/*.txt):

- the header block is the first lines up to a blank line; the two header columns are
  separated by a run of 3+ spaces (a line that starts with spaces has only a right column);
  on the left: issuer lines, then "Số: …", then for a letter the "V/v …" lines;
- then the type line (upper case, optionally a markdown "## " heading) and the trích yếu
  lines up to a blank line (markdown "**" allowed);
- an optional "Kính gửi:" line, alone or followed by "- " items;
- the body, one paragraph per line; markdown headings ("## 1. …") and emphasis ("**…**")
  allowed; a footnote block is a rule of underscores followed by "N text" lines, and its
  mark is the digit N glued to a word of an earlier paragraph ("người dân1.");
- the closing: "Nơi nhận:" with "- " items, a blank line, the signer's authority and title
  lines, blank lines (the signature), the name;
- optionally, after a form feed, an appendix: title lines and a markdown pipe table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_COLUMNS = re.compile(r"\s{3,}")
_NUMBER = re.compile(r"^Số\s*:")
_VV = re.compile(r"^V/v\b")
_NOI_NHAN = re.compile(r"^Nơi nhận\s*:")
_RULE = re.compile(r"^_{8,}\s*$")
_NOTE = re.compile(r"^(?P<mark>\d{1,2}) (?P<text>\S.*)$")
_HEADING_MD = re.compile(r"^#{1,6}\s+")
_ROMAN = re.compile(r"^[IVX]{1,5}\.\s")
_NUMBERED = re.compile(r"^\d{1,2}\.\s")
_LETTER = re.compile(r"^[a-zđ]\)\s")
_ARTICLE = re.compile(r"^(Điều \d+\.)\s*(.*)$")
_SENTENCE_END = re.compile(r"[.;]\s*(?:\./\.)?$")
# A short "N. Body:" prefix followed by the body's own text on the same line.
_LABEL = re.compile(r"^((?:\d{1,2}\.|[a-zđ]\))\s[^.:;]{3,70}:)\s+(\S.*)$")
# Units that continue an issuer name on its second line ("ỦY BAN NHÂN DÂN" / "TỈNH LẠC SƠN").
_UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "HUYỆN", "XÃ", "PHƯỜNG")
DOC_TYPES = ("THÔNG BÁO", "KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "GIẤY MỜI", "TỜ TRÌNH", "CÔNG VĂN")

Span = tuple[str, str]  # ("text" | "bold" | "note", value)


@dataclass
class Header:
    """The two header columns as printed."""

    issuer: list[str]          # left block, top to bottom
    issuer_bold: list[bool]    # which issuer lines are set in bold
    number: str                # "Số: 215/TB-VP"
    vv: list[str]              # "V/v …" lines of a letter (under the number)
    right: list[str]           # motto, independence line, place-date line


@dataclass
class Block:
    """One body paragraph: ``style`` says how it is set, ``spans`` its text with emphasis
    and footnote marks."""

    style: str  # para | bullet | heading | center | basis
    spans: list[Span]

    @property
    def text(self) -> str:
        return "".join(v for k, v in self.spans if k != "note")


@dataclass
class Signer:
    lines: list[str]  # authority and title lines, top to bottom
    name: str


@dataclass
class Appendix:
    titles: list[str]
    table: list[list[str]]  # first row: column names


@dataclass
class SampleDoc:
    """A sample document split into the parts a renderer lays out."""

    name: str
    header: Header
    doc_type: str | None
    subject: list[str]
    recipients: list[str]
    recipients_inline: bool  # "Kính gửi: X" on one line (else a list under "Kính gửi:")
    body: list[Block]
    notes: dict[str, str]
    distribution: list[str]
    signer: Signer
    appendix: Appendix | None = None
    source_text: str = ""

    @property
    def title(self) -> str:
        """A title for the file's metadata: "Thông báo – Số: 215/TB-VP"."""
        return f"{(self.doc_type or 'Công văn').capitalize()} – {self.header.number}"


def _plain(line: str) -> str:
    """The line without markdown heading marks, emphasis and trailing break spaces."""
    return _HEADING_MD.sub("", line).replace("**", "").strip()


def _spans(text: str, marks: set[str]) -> list[Span]:
    """Split ``text`` into plain, bold (``**…**``) and footnote-mark spans."""
    spans: list[Span] = []
    for n, part in enumerate(text.split("**")):
        if not part:
            continue
        kind = "bold" if n % 2 else "text"
        if marks:
            pattern = rf"(?<=[^\W\d_])({'|'.join(sorted(marks, key=len, reverse=True))})(?=[\s.,;:)]|$)"
            pieces = re.split(pattern, part)
            for i, piece in enumerate(pieces):
                if i % 2:
                    spans.append(("note", piece))
                elif piece:
                    spans.append((kind, piece))
        else:
            spans.append((kind, part))
    return spans


def _split_header_line(line: str, column: int) -> tuple[str, str]:
    """(left, right) of a header line: the right column starts after the run of spaces that
    ends nearest to ``column`` (a blank number "Số:      /KH-UBND" has runs of its own)."""
    gaps = list(_COLUMNS.finditer(line.rstrip()))
    if line.startswith(" "):
        return "", line.strip()
    if not gaps:
        return line.strip(), ""
    gap = min(gaps, key=lambda m: abs(m.end() - column))
    return line[: gap.start()].strip(), line[gap.end():].strip()


def _header(lines: list[str]) -> Header:
    left: list[str] = []
    right: list[str] = []
    first_gap = _COLUMNS.search(lines[0].rstrip()) if lines else None
    column = first_gap.end() if first_gap else 0  # where the national motto starts
    for line in lines:
        lpart, rpart = _split_header_line(line, column)
        if lpart:
            left.append(lpart)
        if rpart:
            right.append(rpart)
    issuer, number, vv = [], "", []
    for text in left:
        if _NUMBER.match(text):
            number = text
        elif number:
            vv.append(text)
        else:
            issuer.append(text)
    if len(issuer) == 2 and issuer[1].startswith(_UNIT_WORDS):
        bold = [True, True]  # one body over two lines
    else:
        bold = [i == len(issuer) - 1 for i in range(len(issuer))]
    return Header(issuer=issuer, issuer_bold=bold, number=number, vv=vv, right=right)


def _style(plain: str, raw: str, before_decision: bool) -> str:
    if _HEADING_MD.match(raw) or (raw.startswith("**") and raw.rstrip().endswith("**")):
        return "heading"
    if _ROMAN.match(plain):
        return "heading"
    if (_NUMBERED.match(plain) or _LETTER.match(plain)) and len(plain) <= 110 and not _SENTENCE_END.search(plain):
        return "heading"
    if plain.startswith(("- ", "+ ")):
        return "bullet"
    letters = [c for c in plain if c.isalpha()]
    if letters and all(c.isupper() for c in letters) and len(letters) > 4:
        return "center"
    if before_decision and plain.startswith(("Căn cứ ", "Xét ")):
        return "basis"
    return "para"


def _body_block(raw: str, marks: set[str], before_decision: bool) -> Block:
    """A body line as a Block; "N. Body: text…" and "Điều N. …" get a bold lead."""
    raw = _HEADING_MD.sub("", raw).rstrip()
    plain = raw.replace("**", "")
    style = _style(plain, raw, before_decision)
    if style == "para" and "**" not in raw:
        m = _ARTICLE.match(raw) or _LABEL.match(raw)
        if m and m.group(2):
            short = len(m.group(2)) <= 60 and not _SENTENCE_END.search(m.group(2))
            if _ARTICLE.match(raw) and short:
                return Block("heading", [("bold", raw)])  # "Điều 2. Tổ chức thực hiện"
            return Block("para", [("bold", m.group(1)), *_spans(" " + m.group(2), marks)])
    if style == "heading":
        return Block("heading", [("bold", s) if k == "text" else (k, s) for k, s in _spans(plain, marks)])
    return Block(style, _spans(raw, marks))


def _split_notes(lines: list[str]) -> tuple[list[str], dict[str, str]]:
    """Take the footnote blocks out of the body lines."""
    body: list[str] = []
    notes: dict[str, str] = {}
    i = 0
    while i < len(lines):
        if _RULE.match(lines[i]):
            i += 1
            while i < len(lines) and (m := _NOTE.match(lines[i])):
                notes[m.group("mark")] = m.group("text").strip()
                i += 1
            continue
        body.append(lines[i])
        i += 1
    return body, notes


def parse_sample(path: Path) -> SampleDoc:
    """Return the parts of the sample text at ``path``.

    Raises ValueError naming the file when a required part (header, closing, signer) is
    missing.
    """
    text = path.read_text(encoding="utf-8")
    main, _, appendix_text = text.partition("\f")
    lines = main.split("\n")
    try:
        head_end = lines.index("")
    except ValueError as err:
        raise ValueError(f"{path}: no blank line after the header block") from err
    header = _header(lines[:head_end])
    i = head_end
    while i < len(lines) and not lines[i].strip():
        i += 1

    doc_type = None
    subject: list[str] = []
    if _plain(lines[i]) in DOC_TYPES:
        doc_type = _plain(lines[i])
        i += 1
        while i < len(lines) and not lines[i].strip():
            i += 1
        while i < len(lines) and lines[i].strip():
            subject.append(_plain(lines[i]))
            i += 1
    while i < len(lines) and not lines[i].strip():
        i += 1

    recipients: list[str] = []
    inline = False
    if _plain(lines[i]).startswith("Kính gửi"):
        rest = _plain(lines[i]).partition(":")[2].strip()
        inline = bool(rest)
        recipients = [rest] if rest else []
        i += 1
        while i < len(lines) and lines[i].startswith("- "):
            recipients.append(lines[i])
            i += 1

    try:
        closing = next(n for n in range(i, len(lines)) if _NOI_NHAN.match(_plain(lines[n])))
    except StopIteration as err:
        raise ValueError(f"{path}: no 'Nơi nhận:' line") from err
    body_lines, notes = _split_notes([ln for ln in lines[i:closing] if ln.strip()])
    marks = set(notes)
    body: list[Block] = []
    before_decision = True
    for line in body_lines:
        block = _body_block(line, marks, before_decision)
        if block.text.rstrip(":") == "QUYẾT ĐỊNH":
            before_decision = False
        body.append(block)
    placed = {v for b in body for k, v in b.spans if k == "note"}
    if placed != marks:
        raise ValueError(f"{path}: footnote marks {sorted(marks - placed)} not found in the body text")

    j = closing + 1
    distribution: list[str] = []
    while j < len(lines) and (not distribution or lines[j].strip()):
        if lines[j].strip():
            distribution.append(lines[j].strip())
        j += 1
    rest = [_plain(x) for x in lines[j:]]
    while rest and not rest[0]:
        rest.pop(0)
    signer_lines: list[str] = []
    while rest and rest[0]:
        signer_lines.append(rest.pop(0))
    names = [x for x in rest if x]
    if not signer_lines or not names:
        raise ValueError(f"{path}: no signature block (title lines, blank lines, name) after 'Nơi nhận'")

    appendix = None
    if appendix_text.strip():
        titles, table = [], []
        for line in appendix_text.strip("\n").split("\n"):
            if line.startswith("|"):
                cells = [c.strip() for c in line.strip().strip("|").split("|")]
                if not all(re.fullmatch(r":?-+:?", c) for c in cells):
                    table.append(cells)
            elif line.strip():
                titles.append(line.strip())
        appendix = Appendix(titles, table)

    return SampleDoc(
        name=path.stem,
        header=header,
        doc_type=doc_type,
        subject=subject,
        recipients=recipients,
        recipients_inline=inline,
        body=body,
        notes=notes,
        distribution=distribution,
        signer=Signer(signer_lines, names[0]),
        appendix=appendix,
        source_text=text,
    )
