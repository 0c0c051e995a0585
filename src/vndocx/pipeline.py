"""The pipeline: ordered, named, switchable stages from pages to a ``Document``.

    file ─ingest→ pages ─normalize→ ─restore→ lines ─segment→ parts ─extract→ Document

Each stage is a callable ``Context -> None`` that reads what the stages before it left in
the context and adds its own output; a stage never reaches into another's internals. They all
fill one record, ``Context.document``: the segment stage writes the header and closing fields,
the section tree, footnotes and text on it, the extract stage the tasks, references, provenance
and warnings.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from vndocx.ingest import read, text_to_pages
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Page
from vndocx.records import Document

if TYPE_CHECKING:
    from vndocx.segment import Segments

Isolation = Literal["process", "none"]


@dataclass
class Context:
    """What flows through the stages for one document: its pages, the warnings of reading
    and repairing them, the record being built, and the segment stage's findings beside it."""

    source: str
    pages: list[Page]
    warnings: list[str] = field(default_factory=list)
    segments: Segments | None = None  # once the segment stage ran
    document: Document = field(init=False)  # the record every stage fills in

    def __post_init__(self) -> None:
        self.document = Document(source=self.source)


Stage = Callable[[Context], None]


def normalize_stage(ctx: Context) -> None:
    """Unicode normalisation of every line (NFC, legacy encodings, glyph substitutions)."""
    from vndocx.repair import normalize

    for page in ctx.pages:
        ctx.warnings.extend(page.warnings)
        for line in page.lines:
            line.text = normalize(line.text)


def restore_stage(ctx: Context) -> None:
    """Diacritics restoration of the lines that need it (text stripped or OCR'd without
    Vietnamese data), then of the marks OCR lost in lines that read as Vietnamese
    (:mod:`vndocx.repair.marks`); text that is not OCR'd and reads as Vietnamese is untouched."""
    from vndocx.repair import repair_text
    from vndocx.repair.marks import restore_lost_marks

    lines = [line for page in ctx.pages for line in page.lines]
    if not lines:
        return
    repaired, warnings = repair_text("\n".join(line.text for line in lines))
    for line, text in zip(lines, repaired.split("\n"), strict=True):
        line.repaired = line.repaired or text != line.text
        line.text = text
    ctx.warnings.extend(warnings)
    read = [line for line in lines if line.conf is not None and not line.repaired]  # OCR'd, and read as Vietnamese
    if read:
        texts, changes = restore_lost_marks([line.text for line in read])
        for line, text in zip(read, texts, strict=True):
            line.repaired = text != line.text
            line.text = text
        if changes:
            shown = ", ".join(f"{a} → {b}" for a, b in changes[:5]) + (" …" if len(changes) > 5 else "")
            ctx.warnings.append(f"restored the marks OCR lost in {len(changes)} syllables ({shown})")


def segment_stage(ctx: Context) -> None:
    """Header, body tree, footnotes, closing and tables."""
    from vndocx.segment import segment

    ctx.segments = segment(ctx.pages, ctx.document)


def extract_stage(ctx: Context) -> None:
    """The Document record with its tasks, owners, deadlines and references; a warning when its
    text does not read as Vietnamese (``vndocx.lang.check``): the record is kept, its fields doubtful."""
    from vndocx.extraction import build_document
    from vndocx.lang.check import language_warning

    build_document(ctx.document, ctx.segments, ctx.pages, ctx.warnings)
    warning = language_warning(ctx.document.text)
    if warning:
        ctx.document.warnings.append(warning)


DEFAULT_STAGES: tuple[tuple[str, Stage], ...] = (
    ("normalize", normalize_stage),
    ("restore", restore_stage),
    ("segment", segment_stage),
    ("extract", extract_stage),
)


def bound_lines(pages: list[Page], limits: Limits) -> list[str]:
    """Make every line safe for the text stages, in place: NUL characters removed, lines longer
    than ``limits.line_chars`` cut there; returns a warning for each kind of change made."""
    nuls = cut = 0
    for page in pages:
        for line in page.lines:
            if "\0" in line.text:
                nuls += line.text.count("\0")
                line.text = line.text.replace("\0", "")
            if len(line.text) > limits.line_chars:
                cut += 1
                line.text = line.text[:limits.line_chars]
    warnings = []
    if nuls:
        warnings.append(f"{nuls:,} NUL characters removed from the text")
    if cut:
        warnings.append(f"{cut:,} lines longer than {limits.line_chars:,} characters were cut there "
                        "(Limits.line_chars); their ends are not in the record")
    return warnings


class Pipeline:
    """An ordered list of named stages; swap one with ``replace``, skip one with ``disable``.

    >>> nlp = Pipeline().disable("restore")
    >>> doc = nlp.extract_text("THÔNG BÁO\\nKết luận …")

    ``limits`` bounds what one file may hold (``vndocx.limits.Limits``; a breach is
    ``TooLarge``). ``isolation="process"`` (the default) reads PDFs and images in a child
    process under ``limits.seconds`` and ``limits.memory_mb``, so that a crash of pdfium,
    Pillow or Tesseract becomes a ``CorruptFile`` or ``TooLarge`` instead of ending the caller;
    ``"none"`` reads them in this process (faster for many small files; every other limit is
    still checked), for callers that isolate files themselves.

    A stage turned off leaves its fields of the record empty: without ``segment`` the record
    holds the pages' text only; without ``extract`` it has no tasks, references or provenance.
    """

    def __init__(self, stages: Iterable[tuple[str, Stage]] = DEFAULT_STAGES, *, limits: Limits | None = None,
                 isolation: Isolation = "process") -> None:
        if isolation not in ("process", "none"):
            raise ValueError(f"isolation must be 'process' or 'none', not {isolation!r}")
        self.stages: list[tuple[str, Stage]] = list(stages)
        self.disabled: set[str] = set()
        self.limits = limits or DEFAULT_LIMITS
        self.isolation: Isolation = isolation

    @property
    def names(self) -> list[str]:
        """The stage names in order."""
        return [name for name, _ in self.stages]

    def _index(self, name: str) -> int:
        try:
            return self.names.index(name)
        except ValueError:
            raise KeyError(f"no stage {name!r}; stages are {self.names}") from None

    def replace(self, name: str, stage: Stage) -> Pipeline:
        """Put ``stage`` in place of the stage called ``name``; returns the pipeline."""
        self.stages[self._index(name)] = (name, stage)
        return self

    def disable(self, *names: str) -> Pipeline:
        """Skip the named stages; returns the pipeline."""
        for name in names:
            self._index(name)
            self.disabled.add(name)
        return self

    def enable(self, *names: str) -> Pipeline:
        """Run the named stages again; returns the pipeline."""
        self.disabled.difference_update(names)
        return self

    def run(self, pages: list[Page], source: str) -> Document:
        """Run the enabled stages over ``pages`` and return the Document."""
        ctx = Context(source=source, pages=pages, warnings=bound_lines(pages, self.limits))
        for name, stage in self.stages:
            if name not in self.disabled:
                stage(ctx)
        if "extract" in self.disabled:  # what the extract stage sets: the text (if not segmented), warnings
            ctx.document.text = ctx.document.text or "\n".join(line.text for page in pages for line in page.lines)
            ctx.document.warnings = ctx.warnings
        return ctx.document

    def read(self, path: str | Path) -> list[Page]:
        """The pages of the file at ``path``, read within ``limits`` (in the reader process for
        PDFs and images under ``isolation="process"``)."""
        if self.isolation == "process":
            from vndocx.isolation import isolated_read

            return isolated_read(path, self.limits)
        return read(path, self.limits)

    def extract(self, path: str | Path) -> Document:
        """Read the file at ``path`` and return its Document."""
        return self.run(self.read(path), str(path))

    def extract_text(self, text: str, source: str | None = None) -> Document:
        """Return the Document of a text already in memory."""
        return self.run(text_to_pages(text), source or "<text>")


_default: Pipeline | None = None


def default_pipeline() -> Pipeline:
    """The shared pipeline with every stage on."""
    global _default
    if _default is None:
        _default = Pipeline()
    return _default


def extract(path: str | Path, *, limits: Limits | None = None, isolation: Isolation = "process") -> Document:
    """Read a document (txt, md, pdf, scanned pdf, image, docx) and return its Document, within
    ``limits`` and under ``isolation`` (see ``Pipeline``)."""
    pipeline = default_pipeline()
    if limits is None and isolation == pipeline.isolation:
        return pipeline.extract(path)
    options = Pipeline(pipeline.stages, limits=limits, isolation=isolation)
    options.disabled = set(pipeline.disabled)
    return options.extract(path)


def extract_text(text: str, source: str | None = None) -> Document:
    """Return the Document of ``text`` (as a plain-text file would give it)."""
    return default_pipeline().extract_text(text, source)
