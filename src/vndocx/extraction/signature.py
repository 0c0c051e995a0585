"""The digital signature of a signed PDF (``Document.signature``): from the file's signature
dictionaries when it has them, else from the printed "Ký bởi … Thời gian ký …" stamp."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

from vndocx.lang.text import fold_space
from vndocx.pages import Page, SignatureInfo
from vndocx.records import DigitalSignature, Signer

# the name ends on a non-blank, so that a run of blanks is scanned once, not at each of its places
_SIGNED_BY = re.compile(r"(?:ký\s*bởi|người\s*ký|signed\s*by)\s*+:?\s*+(?P<by>.*?\S)\s*+(?=$|e-?mail\b|cơ\s*quan\s*:|"
                        r"thời\s*gian|ngày\s*ký|chức\s*vụ|\d{1,2}[./-]\d{1,2}[./-]\d{4})", re.I)
_ZONE = r"(?::(?P<S>\d{2}))?(?:\s*(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})?)?"
_SIGNED_AT = re.compile(r"(?:(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})"
                        r"|(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2}))\D{0,3}(?P<H>\d{1,2}):(?P<M>\d{2})" + _ZONE)


def _fold(text: str | None) -> str:
    return fold_space(unicodedata.normalize("NFC", text or "").casefold())


def digital_signature(pages: list[Page], signer: Signer | None, issuer: str | None) -> DigitalSignature | None:
    """The document's signature: of the file's signatures, the signer's own, else the issuing
    body's, else the earliest; with the first printed stamp as ``raw``. None for an unsigned file."""
    found = pages[0].signatures if pages else []
    stamps = [s for page in pages for s in page.stamps] or (_read_stamps(pages[0]) if pages else [])
    raw = fold_space(stamps[0]) if stamps else None
    if found:
        wanted = [_fold(signer.name) if signer else "", _fold(issuer)]
        chosen = next((s for w in wanted if w for s in found if _fold(s.signed_by) == w), found[0])
        return DigitalSignature(signed_by=chosen.signed_by, signed_at=chosen.signed_at, raw=raw)
    if raw:
        stamp = stamp_signature(raw)
        return DigitalSignature(signed_by=stamp.signed_by, signed_at=stamp.signed_at, raw=raw)
    return None


# On a page image the stamp is read with the page: its time line, after the line that says who
# signed ("Ký bởi: …", or the body of a copy, "SAO Y; ỦY BAN NHÂN DÂN …:").
_TIME_LINE = re.compile(r"^\W*(?:thời\s*gian\s*ký|ngày\s*ký)\s*:", re.I)
_COPY = re.compile(r"^\W*(?:SAO\s+Y|BẢN\s+SAO)\s*[;:,]\s*(?P<by>.*?\S)\s*:?\s*(?=thời\s*gian|ngày\s*ký|$)", re.I)


def _read_stamps(page: Page) -> list[str]:
    """The printed stamp among the OCR'd lines of a scanned ``page``, the line of who signed with
    the time line below it ([] when there is none)."""
    if page.kind not in ("scan", "ocr"):
        return []
    lines = [line.text for line in page.lines]
    for i, text in enumerate(lines):
        if _TIME_LINE.match(text):
            who = lines[i - 1] if i and (_COPY.match(lines[i - 1]) or _SIGNED_BY.search(lines[i - 1])) else ""
            return [f"{who} {text}".strip()]
    return []


def stamp_signature(text: str) -> SignatureInfo:
    """Who signed and when, as a printed signature stamp says ("Ký bởi: Sở Y tế … Thời gian ký:
    14.03.2026 09:12:30 +07:00", "SAO Y; Ủy ban nhân dân … Thời gian ký: 2025-09-15T09:07:04+07:00");
    either is None when the stamp does not say."""
    by = _SIGNED_BY.search(text) or _COPY.match(text)  # "SAO Y; <the body that copied it>"
    at = _SIGNED_AT.search(text)
    signed_at = None
    if at:
        try:
            tz = None
            if at["sign"]:
                offset = timedelta(hours=int(at["oh"]), minutes=int(at["om"] or 0))
                tz = timezone(-offset if at["sign"] == "-" else offset)
            y, m, d = (at["y"], at["m"], at["d"]) if at["y"] else (at["iy"], at["im"], at["id"])  # "2025-09-15T09:07"
            signed_at = datetime(int(y), int(m), int(d), int(at["H"]), int(at["M"]),
                                 int(at["S"] or 0), tzinfo=tz).isoformat()
        except ValueError:
            signed_at = None
    return SignatureInfo(signed_by=by["by"].strip(" .,;") if by else None, signed_at=signed_at, raw=text)
