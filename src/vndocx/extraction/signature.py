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
_SIGNED_AT = re.compile(r"(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})\D{0,3}(?P<H>\d{1,2}):(?P<M>\d{2})"
                        r"(?::(?P<S>\d{2}))?(?:\s*(?P<sign>[+-])(?P<oh>\d{2}):?(?P<om>\d{2})?)?")


def _fold(text: str | None) -> str:
    return fold_space(unicodedata.normalize("NFC", text or "").casefold())


def digital_signature(pages: list[Page], signer: Signer | None, issuer: str | None) -> DigitalSignature | None:
    """The document's signature: of the file's signatures, the signer's own, else the issuing
    body's, else the earliest; with the first printed stamp as ``raw``. None for an unsigned file."""
    found = pages[0].signatures if pages else []
    stamps = [s for page in pages for s in page.stamps]
    raw = fold_space(stamps[0]) if stamps else None
    if found:
        wanted = [_fold(signer.name) if signer else "", _fold(issuer)]
        chosen = next((s for w in wanted if w for s in found if _fold(s.signed_by) == w), found[0])
        return DigitalSignature(signed_by=chosen.signed_by, signed_at=chosen.signed_at, raw=raw)
    if raw:
        stamp = stamp_signature(raw)
        return DigitalSignature(signed_by=stamp.signed_by, signed_at=stamp.signed_at, raw=raw)
    return None


def stamp_signature(text: str) -> SignatureInfo:
    """Who signed and when, as a printed signature stamp says ("Ký bởi: Sở Y tế … Thời gian ký:
    14.03.2026 09:12:30 +07:00"); either is None when the stamp does not say."""
    by = _SIGNED_BY.search(text)
    at = _SIGNED_AT.search(text)
    signed_at = None
    if at:
        try:
            tz = None
            if at["sign"]:
                offset = timedelta(hours=int(at["oh"]), minutes=int(at["om"] or 0))
                tz = timezone(-offset if at["sign"] == "-" else offset)
            signed_at = datetime(int(at["y"]), int(at["m"]), int(at["d"]), int(at["H"]), int(at["M"]),
                                 int(at["S"] or 0), tzinfo=tz).isoformat()
        except ValueError:
            signed_at = None
    return SignatureInfo(signed_by=by["by"].strip(" .,;") if by else None, signed_at=signed_at, raw=text)
