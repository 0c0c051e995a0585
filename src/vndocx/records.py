"""The records vndocx returns, exactly as ``shared/docs/record-contract.md`` defines them.

Every output (JSONL lines, DataFrames, notebooks) is built from these pydantic models;
``Document.model_json_schema()`` is what ``vndocx schema`` prints.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DeadlineKind = Literal["by", "within", "recurring", "relative", "ongoing"]
Recurrence = Literal["weekly", "monthly", "quarterly", "yearly"]
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
    sections: list[Section] = Field(default_factory=list)
    footnotes: list[Footnote] = Field(default_factory=list)
    tasks: list[Task] = Field(default_factory=list)
    references: list[Reference] = Field(default_factory=list)
    text: str = ""
    warnings: list[str] = Field(default_factory=list)
