"""spaCy bridge: a Vietnamese ``Language`` whose pipeline marks public bodies, dates and
deadlines and attaches the document's tasks, built from the same rules and tables as
``vndocx.extraction``.

    >>> import vndocx.nlp
    >>> nlp = vndocx.nlp.load()
    >>> doc = nlp("Sở Tài chính chủ trì, báo cáo trước ngày 30/10/2025.")
    >>> [(e.text, e.label_, e.kb_id_) for e in doc.ents]
    [('Sở Tài chính', 'ORG', 'Sở Tài chính'), ('trước ngày 30/10/2025', 'DEADLINE', '2025-10-30')]
    >>> doc._.tasks            # vndocx.extract_text(doc.text).tasks
    >>> spacy.displacy.render(doc, style="ent")

Nothing is downloaded. The tokenizer (``vndocx.syllables.v1``) splits on whitespace and
punctuation but keeps dates ("30/10/2025"), document symbols ("57-NQ/TW"), abbreviations
("KH&CN") and numbers ("78,4") whole — a token is a Vietnamese syllable, not a word; with
``load(words=True)`` underthesea joins syllables into words ("Khoa học"), at about 8 ms a
sentence. Pipes, in order:

* ``vndocx_sentences`` — sentence starts from ``underthesea.sent_tokenize`` (it knows "TS.",
  "TP." and dates), and a new sentence at every line that opens a list item;
* ``vndocx_tasks`` — ``Doc._.document`` (the ``vndocx.Document`` of ``doc.text``) and
  ``Doc._.tasks`` (its tasks; their ``span`` offsets point into ``Document.text``);
* ``vndocx_entities`` — ``ORG`` (``kb_id_`` the canonical name), ``DEADLINE`` (``kb_id_`` the
  ISO date, ``Span._.deadline`` the ``Deadline`` record) and ``DATE`` (``kb_id_`` the ISO day
  or period end). Dates inside a deadline are in ``doc.spans["vndocx"]``, which holds every
  span found, overlapping or not; ``doc.ents`` holds the non-overlapping ones.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import DummyTokenizer, get_words_and_spaces, registry

from vndocx.extraction.deadlines import find_dates, find_deadlines
from vndocx.extraction.owners import Gazetteer

# Tokens: URLs, document symbols and dates (digits or capitals joined by - / & .), numbers,
# abbreviations with a final dot ("TP.", "TS."), words, and single punctuation marks.
_TOKEN = re.compile(
    r"https?://\S+[\w/]"
    r"|\d+(?:[.,]\d+)*(?:[-/][\w&]+)+"
    r"|[A-ZĐ][A-ZĐa-z]*(?:[&/-][A-ZĐ\d][\w]*)+"
    r"|\d+(?:[.,]\d+)+"
    r"|(?:TP|TS|ThS|PGS|GS|TT|Tp)\.(?=\s)"
    r"|\w+"
    r"|[^\w\s]")
COLORS = {"ORG": "#7aecec", "DEADLINE": "#feca74", "DATE": "#bfe1d9"}
DISPLACY_OPTIONS = {"ents": ["ORG", "DEADLINE", "DATE"], "colors": COLORS}
_LIST_ITEM = re.compile(r"\n[ \t]*(?P<item>[-+•*]|\d{1,2}[.)]|[a-zđ]\)|[IVX]{1,4}\.)\s")


class SyllableTokenizer(DummyTokenizer):
    """Splits Vietnamese text into syllables and punctuation, keeping dates, symbols,
    numbers and dotted abbreviations whole; with ``words`` (underthesea), into words."""

    def __init__(self, vocab, words: bool = False) -> None:
        self.vocab = vocab
        self.words = words

    def __call__(self, text: str) -> Doc:
        spans = [(m.start(), m.end()) for m in _TOKEN.finditer(text)]
        if self.words and spans:
            spans = _join_words(text, spans)
        words, spaces = get_words_and_spaces([text[s:e] for s, e in spans], text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def __reduce__(self):
        return SyllableTokenizer, (self.vocab, self.words)


def _join_words(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Join syllable spans into the words underthesea finds, line by line."""
    from underthesea import word_tokenize

    joined: list[tuple[int, int]] = []
    i = 0
    for line in re.finditer(r"[^\n]+", text):
        line_spans = []
        while i < len(spans) and spans[i][0] < line.end():
            line_spans.append(spans[i])
            i += 1
        k = 0
        for word in word_tokenize(line.group()):
            n = len(_TOKEN.findall(word))
            if n == 0:
                continue
            group = line_spans[k:k + n]
            k += n
            if group:
                joined.append((group[0][0], group[-1][1]))
        joined.extend(line_spans[k:])
    joined.extend(spans[i:])
    return joined


@registry.tokenizers("vndocx.syllables.v1")
def create_tokenizer(words: bool = False, use_pyvi: bool = False):
    """The tokenizer factory for spaCy configs (``use_pyvi`` is accepted and ignored, so a
    config based on spaCy's "vi" defaults loads)."""

    def factory(nlp: Language) -> SyllableTokenizer:
        return SyllableTokenizer(nlp.vocab, words=words)

    return factory


if not Doc.has_extension("tasks"):
    Doc.set_extension("tasks", default=None)
if not Doc.has_extension("document"):
    Doc.set_extension("document", default=None)
if not Span.has_extension("deadline"):
    Span.set_extension("deadline", default=None)


@Language.component("vndocx_sentences")
def sentences(doc: Doc) -> Doc:
    """Mark sentence starts: underthesea's sentences, and every list item on a new line."""
    from underthesea import sent_tokenize

    text = doc.text
    starts = {0}
    pos = 0
    for sentence in sent_tokenize(text):
        head = sentence[:20].strip()
        found = text.find(head, pos) if head else -1
        if found >= 0:
            starts.add(found)
            pos = found + len(head)
    starts.update(m.start("item") for m in _LIST_ITEM.finditer(text))
    starts.update(m.end() for m in re.finditer(r"\n[ \t]*\n\s*", text))
    for token in doc:
        token.is_sent_start = token.i == 0 or token.idx in starts
    return doc


@Language.factory("vndocx_tasks", default_config={"disable": []})
def make_tasks(nlp: Language, name: str, disable: list[str]):
    """Set ``Doc._.document`` and ``Doc._.tasks`` from ``vndocx.extract_text(doc.text)``, run
    through a ``vndocx.Pipeline`` with the stages named in ``disable`` turned off."""
    from vndocx.pipeline import Pipeline

    pipeline = Pipeline().disable(*disable)

    def tasks(doc: Doc) -> Doc:
        document = pipeline.extract_text(doc.text, source="spacy")
        doc._.document = document
        doc._.tasks = document.tasks
        return doc

    return tasks


@Language.factory("vndocx_entities", default_config={"dates": True})
def make_entities(nlp: Language, name: str, dates: bool):
    """Add ORG, DEADLINE and (with ``dates``) DATE spans; see the module docstring."""

    def entities(doc: Doc) -> Doc:
        text = doc.text
        doc_date = _doc_date(doc)
        gazetteer = Gazetteer.default()
        found: list[Span] = []
        for (start, end), printed in gazetteer.find(text):
            span = doc.char_span(start, end, label="ORG", kb_id=gazetteer.canonical(printed)[0],
                                 alignment_mode="expand")
            if span is not None:
                found.append(span)
        for match in find_deadlines(text, doc_date):
            span = doc.char_span(*match.span, label="DEADLINE", kb_id=match.deadline.date or "",
                                 alignment_mode="expand")
            if span is not None:
                span._.deadline = match.deadline
                found.append(span)
        if dates:
            for (start, end), iso in find_dates(text, doc_date):
                span = doc.char_span(start, end, label="DATE", kb_id=iso or "", alignment_mode="expand")
                if span is not None:
                    found.append(span)
        doc.spans["vndocx"] = found
        doc.ents = spacy.util.filter_spans(
            sorted(found, key=lambda s: (s.label_ != "DEADLINE", s.start)))
        return doc

    return entities


def _doc_date(doc: Doc) -> date | None:
    document = doc._.document
    return date.fromisoformat(document.date) if document is not None and document.date else None


def load(words: bool = False, tasks: bool = True, disable: Iterable[str] = ()) -> Language:
    """Return a blank Vietnamese spaCy pipeline with vndocx's tokenizer and the pipes
    ``vndocx_sentences``, ``vndocx_tasks`` (unless ``tasks`` is false: then ``Doc._.tasks``
    stays None and deadlines without a year get no document date) and ``vndocx_entities``.
    ``words``: tokens are underthesea's words instead of syllables (slower). ``disable``:
    vndocx stages the tasks pipe skips (``["restore"]`` for text typed with its diacritics)."""
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"@tokenizers": "vndocx.syllables.v1", "words": words}}})
    nlp.add_pipe("vndocx_sentences")
    if tasks:
        nlp.add_pipe("vndocx_tasks", config={"disable": list(disable)})
    nlp.add_pipe("vndocx_entities")
    return nlp
