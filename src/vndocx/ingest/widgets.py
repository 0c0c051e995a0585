"""What the signing tools of the e-office systems draw on a PDF page through form-field widgets
instead of the page's own content: the number and the day of issue filled in after signing
("Số: 3070/KH-UBND", "ngày 09 tháng 9"), and the printed signature stamp ("Ký bởi: … Thời
gian ký: …"). Both live in the widgets' appearance streams, which text extraction of the page
skips; pdfium flattens them into the page, and the characters that appear inside a widget's
rectangle are its text. The signature dictionaries themselves (signer, signing time) are read
from the AcroForm.
"""

from __future__ import annotations

import re
import warnings
from datetime import datetime, timedelta, timezone

from vndocx.pages import BBox, SignatureInfo, Word

# A widget whose text reads like this is a signature stamp, not a filled-in value.
STAMP = re.compile(r"ký\s*bởi|người\s*ký|thời\s*gian\s*ký|signed\s*by|signature|e-?mail|@|\d{1,2}:\d{2}:\d{2}",
                    re.I)
# A line of a stamp printed in a text page's own content ("Ký bởi: …", "Thời gian ký: …").
PRINTED_STAMP = re.compile(r"^\W*(?:ký\s+bởi|người\s+ký|thời\s+gian\s+ký|signed\s+by)\s*:", re.I)


def _widget_rects(page) -> list[tuple[float, float, float, float]]:
    """Rectangles (left, bottom, right, top, in PDF user space) of the page's widget annotations."""
    import pypdfium2.raw as raw

    rects = []
    for i in range(raw.FPDFPage_GetAnnotCount(page)):
        annot = raw.FPDFPage_GetAnnot(page, i)
        try:
            if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET:
                r = raw.FS_RECTF()
                if raw.FPDFAnnot_GetRect(annot, r):
                    rects.append((min(r.left, r.right), min(r.bottom, r.top), max(r.left, r.right),
                                  max(r.bottom, r.top)))
        finally:
            raw.FPDFPage_CloseAnnot(annot)
    return rects


def widget_text(pdfium_doc, number: int) -> tuple[list[Word], list[tuple[str, BBox]]]:
    """The words that page ``number``'s widgets draw, in top-left page coordinates, and the texts
    and boxes of the widgets that are signature stamps (kept apart, never merged into the page's
    lines). Flattens the page in ``pdfium_doc``."""
    import pypdfium2.raw as raw

    page = pdfium_doc[number - 1]
    rects = _widget_rects(page)
    if not rects:
        page.close()
        return [], []
    before = page.get_textpage()
    printed = {_key(before, i) for i in range(before.count_chars())}  # what the page prints itself
    before.close()
    raw.FPDFPage_Flatten(page, raw.FLAT_NORMALDISPLAY)
    height = page.get_height()
    page.close()
    page = pdfium_doc[number - 1]  # pdfium shows a flattened page's content only once reloaded
    textpage = page.get_textpage()
    words: list[Word] = []
    stamps: list[tuple[str, BBox]] = []
    try:
        for rect in rects:
            found = _words_in(textpage, rect, height, printed)
            text = " ".join(w.text for w in found)
            if not text:
                continue
            if STAMP.search(text):
                left, bottom, right, top = rect
                stamps.append((text, (left, height - top, right, height - bottom)))
            else:
                words.extend(found)
    finally:
        textpage.close()
        page.close()
    return words, stamps


def _key(textpage, i: int) -> tuple[str, int, int]:
    x0, y0, _, _ = textpage.get_charbox(i)
    return textpage.get_text_range(i, 1), round(x0), round(y0)


def _words_in(textpage, rect, height: float, printed: set[tuple[str, int, int]]) -> list[Word]:
    left, bottom, right, top = rect
    words: list[Word] = []
    chars: list[tuple[str, BBox]] = []

    def flush() -> None:
        if chars:
            box = (min(b[0] for _, b in chars), min(b[1] for _, b in chars),
                   max(b[2] for _, b in chars), max(b[3] for _, b in chars))
            words.append(Word("".join(c for c, _ in chars), box))
            chars.clear()

    for i in range(textpage.count_chars()):
        x0, y0, x1, y1 = textpage.get_charbox(i)
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if not (left - 1 <= cx <= right + 1 and bottom - 1 <= cy <= top + 1):
            flush()
            continue
        char = textpage.get_text_range(i, 1)
        box = (x0, height - y1, x1, height - y0)
        if not char.strip() or (char, round(x0), round(y0)) in printed:
            flush()
            continue
        if chars and (box[0] - chars[-1][1][2] > 0.5 * (box[3] - box[1]) or abs(box[1] - chars[-1][1][1]) > 3):
            flush()
        chars.append((char, box))
    flush()
    return words


def signatures(path) -> list[SignatureInfo]:
    """The digital signatures of the PDF at ``path``, earliest first: the signer's name from the
    signature dictionary's /Name or, failing that, the common name of the signing certificate,
    and the signing time /M. [] when the file has none or they cannot be read."""
    import pypdf

    try:
        reader = pypdf.PdfReader(str(path))
        fields = reader.get_fields() or {}
    except Exception:  # a damaged AcroForm leaves the page text readable: no signature, no error
        return []
    found = []
    for field in fields.values():
        value = field.get("/V")
        if field.get("/FT") != "/Sig" or value is None:
            continue
        value = value.get_object()
        name = value.get("/Name")
        found.append(SignatureInfo(signed_by=str(name) if name else _certificate_name(value.get("/Contents")),
                                   signed_at=pdf_date(value.get("/M"))))
    return sorted(found, key=lambda s: s.signed_at or "9999")


def _certificate_name(contents) -> str | None:
    """The common name of the signer's certificate in a PKCS#7 signature (the certificate that
    issued no other in the bundle)."""
    if not contents:
        return None
    from cryptography.hazmat.primitives.serialization import pkcs7
    from cryptography.x509.oid import NameOID

    data = bytes(contents.original_bytes if hasattr(contents, "original_bytes") else contents).rstrip(b"\0")
    try:
        with warnings.catch_warnings():  # signing tools write slightly malformed BER: say nothing
            warnings.simplefilter("ignore")
            certs = pkcs7.load_der_pkcs7_certificates(data)
            issuers = {c.issuer.rfc4514_string() for c in certs}
            leaves = [c for c in certs if c.subject.rfc4514_string() not in issuers] or certs
            names = leaves[0].subject.get_attributes_for_oid(NameOID.COMMON_NAME) if leaves else []
    except ValueError:
        return None
    return str(names[0].value) if names else None


_PDF_DATE = re.compile(r"D?:?(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Zz+\-])?(\d{2})?'?(\d{2})?'?")


def pdf_date(text) -> str | None:
    """A PDF date string (``D:20250109081530+07'00'``) as ISO 8601, or None when it is not one."""
    m = _PDF_DATE.match(str(text or ""))
    if not m:
        return None
    year, month, day, hour, minute, second = (int(g) if g else d for g, d in zip(m.groups()[:6],
                                                                               (0, 1, 1, 0, 0, 0), strict=True))
    try:
        if m.group(7) in (None, ""):
            return datetime(year, month, day, hour, minute, second).isoformat()
        sign = -1 if m.group(7) == "-" else 1
        offset = timedelta(hours=int(m.group(8) or 0), minutes=int(m.group(9) or 0)) * sign
        return datetime(year, month, day, hour, minute, second, tzinfo=timezone(offset)).isoformat()
    except ValueError:
        return None
