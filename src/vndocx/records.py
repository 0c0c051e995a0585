"""The records vndocx returns, exactly as ``shared/docs/record-contract.md`` defines them.

Every output (JSONL lines, DataFrames, notebooks) is built from these pydantic models;
``Document.model_json_schema()`` is what ``vndocx schema`` prints.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DeadlineKind = Literal["by", "within", "recurring", "relative", "ongoing"]
Recurrence = Literal["daily", "weekly", "biweekly", "monthly", "quarterly", "half-yearly", "yearly"]
Urgency = Literal["Hỏa tốc", "Thượng khẩn", "Khẩn"]
Confidentiality = Literal["Mật", "Tối mật", "Tuyệt mật"]
SectionKind = Literal["basis", "results", "limitations", "conclusion", "tasks", "proposals", "other"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Deadline(_Record):
    """A time expression attached to a task (`trước ngày 30 tháng 10 năm 2025`)."""

    raw: str = Field(description="the time expression as printed, without the verb before it")
    date: str | None = Field(None, description="ISO date of the last day allowed")
    kind: DeadlineKind = Field(description="by | within | recurring | relative | ongoing")
    recurrence: Recurrence | None = Field(None, description="period of a recurring duty")
    starts: str | None = Field(None, description="ISO date a recurring duty starts")


class Provenance(_Record):
    """Where a value was read: the page (from 1), its box and the OCR confidence."""

    page: int = Field(ge=1, description="page number, counting from 1")
    bbox: tuple[float, float, float, float] | None = Field(
        None, description="x0, y0, x1, y1: PDF points (origin top-left) or image pixels; null for text and DOCX")
    confidence: float | None = Field(None, ge=0, le=1, description="OCR confidence; null without OCR")


class DigitalSignature(_Record):
    """The digital signature of a signed PDF, from its signature dictionary or its printed stamp."""

    signed_by: str | None = None
    signed_at: str | None = Field(None, description="ISO date-time of signing, with its offset")
    raw: str | None = Field(None, description='the printed "Ký bởi … Thời gian ký …" stamp, if any')


class Task(_Record):
    """One assignment of work: a clause or bullet addressed to a body, or an appendix row."""

    text: str = Field(description="the assignment as printed (NFC, whitespace folded)")
    owner: str | None = Field(None, description="body in charge (chủ trì), canonical full name")
    co_owners: list[str] = Field(default_factory=list, description="bodies that coordinate (phối hợp)")
    deadline: Deadline | None = None
    milestones: list[Deadline] = Field(default_factory=list, description="other dated steps")
    status: str | None = Field(None, description="status from a results table")
    code: str | None = Field(None, description="task code from a table")
    section: str | None = Field(None, description='dotted section path ("1.b", "V.2")')
    span: tuple[int, int] | None = Field(None, description="offsets of text in Document.text")
    provenance: Provenance | None = Field(None, description="page and box of the task's first line")


class Signer(_Record):
    """The signature block: authority lines, the signer's title and name."""

    name: str | None = None
    title: str | None = None
    authority: list[str] = Field(default_factory=list, description='e.g. ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]')


class Section(_Record):
    """One numbered part of the body; children nest by the genre's numbering (I. > 1. > a))."""

    number: str | None = None
    title: str | None = None
    level: int
    kind: SectionKind = "other"
    text: str = ""
    children: list[Section] = Field(default_factory=list)


class Footnote(_Record):
    """A page footnote, moved out of the body text it interrupted."""

    mark: str
    text: str


class Reference(_Record):
    """A citation of another document by type and number."""

    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    date: str | None = None
    issuer: str | None = None
    raw: str


class Document(_Record):
    """One administrative document, segmented and with its tasks extracted."""

    source: str
    doc_type: str | None = None
    number: str | None = None
    symbol: str | None = None
    issuer: str | None = None
    parent_issuer: str | None = None
    place: str | None = None
    date: str | None = None
    date_raw: str | None = None
    subject: str | None = None
    recipients: list[str] = Field(default_factory=list)
    distribution: list[str] = Field(default_factory=list)
    signer: Signer | None = None
    urgency: Urgency | None = Field(None, description="độ khẩn: Hỏa tốc, Thượng khẩn, Khẩn")
    confidentiality: Confidentiality | None = Field(None, description="độ mật: Mật, Tối mật, Tuyệt mật")
    signature: DigitalSignature | None = None
    provenance: dict[str, Provenance] = Field(default_factory=dict, description="where each field was read")
    sections: list[Section] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    text: str = ""
    warnings: list[str] = Field(default_factory=list)
