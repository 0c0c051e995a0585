"""Extract stage: the segmented parts → the rest of the ``Document`` record: its tasks,
owners, deadlines and references, where each field was read, and the checks of the header
fields the segment stage wrote."""

from __future__ import annotations

from typing import TYPE_CHECKING

from vndocx.pages import Page
from vndocx.records import Document, Provenance

if TYPE_CHECKING:
    from vndocx.segment import Segments


def build_document(document: Document, segments: Segments | None, pages: list[Page], warnings: list[str]) -> Document:
    """Complete ``document`` (which ``vndocx.segment.segment`` filled as ``segments.document``)
    and return it; when the segment stage was turned off (``segments is None``) only the text is
    filled."""
    if segments is None:
        document.text = "\n".join(line.text for page in pages for line in page.lines)
        document.warnings = list(warnings)
        return document
    from vndocx.extraction.fields import clean_header
    from vndocx.extraction.provenance import field_provenance, span_provenance
    from vndocx.extraction.references import find_references
    from vndocx.extraction.signature import digital_signature
    from vndocx.extraction.tasks import document_gazetteer, find_tasks

    gazetteer = document_gazetteer(segments)
    tasks, task_warnings = find_tasks(segments, gazetteer)
    body_text = document.text[segments.paragraphs[0].start:] if segments.paragraphs else document.text
    field_warnings: list[str] = []
    clean_header(document, field_warnings)
    for task in tasks:
        task.provenance = span_provenance(task.span, segments.placed_rows, pages)
    document.signature = digital_signature(pages, document.signer, document.issuer)
    provenance = {name: found for name, sources in segments.sources.items()
                  if getattr(document, name) and (found := field_provenance(sources, pages))}
    stamped = next((page.number for page in pages if page.stamps), None)
    if document.signature is not None and document.signature.raw and stamped:
        provenance["signature"] = Provenance(page=stamped)  # the printed stamp; its box is not kept
    document.provenance = provenance
    document.tasks = tasks
    # an appendix names its own document ("Kèm theo Công văn số …"): not a citation
    document.references = find_references(body_text, gazetteer, own=(document.number, document.symbol))
    document.warnings = [*warnings, *segments.warnings, *task_warnings, *field_warnings]
    return document
