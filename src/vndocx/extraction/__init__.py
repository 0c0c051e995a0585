"""Extract stage: the segmented parts → the ``Document`` record with its tasks, owners,
deadlines and references."""

from __future__ import annotations

from vndocx.ingest.base import Page
from vndocx.records import Document, Provenance


def build_document(source: str, segments, pages: list[Page], warnings: list[str]) -> Document:
    """Return the Document for ``segments`` (from ``vndocx.segment.segment``); when the
    segment stage was turned off (``segments is None``) only the text is filled."""
    if segments is None:
        text = "\n".join(line.text for page in pages for line in page.lines)
        return Document(source=source, text=text, warnings=list(warnings))
    from vndocx.extraction.fields import clean_header
    from vndocx.extraction.provenance import field_provenance, span_provenance
    from vndocx.extraction.references import find_references
    from vndocx.extraction.signature import digital_signature
    from vndocx.extraction.tasks import document_gazetteer, find_tasks

    head = segments.header
    gazetteer = document_gazetteer(segments)
    tasks, task_warnings = find_tasks(segments, gazetteer)
    body_text = segments.text[segments.paragraphs[0].start:] if segments.paragraphs else segments.text
    header = {"doc_type": head.doc_type, "number": head.number, "symbol": head.symbol, "issuer": head.issuer,
              "parent_issuer": head.parent_issuer, "place": head.place, "date": head.date, "date_raw": head.date_raw,
              "subject": head.subject, "recipients": head.recipients, "distribution": segments.distribution,
              "signer": segments.signer, "urgency": head.urgency, "confidentiality": head.confidentiality}
    field_warnings: list[str] = []
    clean_header(header, field_warnings)
    for task in tasks:
        task.provenance = span_provenance(task.span, segments.placed_rows, pages)
    signature = digital_signature(pages, header["signer"], header["issuer"])
    provenance = {name: found for name, sources in segments.sources.items()
                  if header.get(name) and (found := field_provenance(sources, pages))}
    stamped = next((page.number for page in pages if page.stamps), None)
    if signature is not None and signature.raw and stamped:
        provenance["signature"] = Provenance(page=stamped)  # the printed stamp; its box is not kept
    return Document(
        source=source,
        **header,
        provenance=provenance,
        signature=signature,
        sections=segments.sections,
        footnotes=segments.footnotes,
        tasks=tasks,
        # an appendix names its own document ("Kèm theo Công văn số …"): not a citation
        references=find_references(body_text, gazetteer, own=(head.number, head.symbol)),
        text=segments.text,
        warnings=[*warnings, *segments.warnings, *task_warnings, *field_warnings],
    )
