"""Page images for the register: each page of a source file rendered once at a modest
resolution, and the crop of it that shows where a value was read (``Provenance``).

PDF pages are rendered with pypdfium2 at ``DPI``; image files (scans, photos) are scaled
with Pillow. A provenance box is in PDF points for a text-layer page and in pixels of the
OCR image (``vndocx.ingest.ocr.OCR_DPI`` for scanned PDFs, the file's own pixels for images)
when it carries an OCR confidence; it is scaled to the rendered image here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from vndocx.records import Provenance

DPI = 100          # resolution of the rendered pages: enough to read a line, ~100 KB a page
PAD = 12           # pixels of page shown around the box
JPEG_QUALITY = 70
PDF_SUFFIXES = (".pdf",)
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".webp")


@dataclass(frozen=True)
class PageImage:
    """One rendered page: its file (relative to the register), its size in pixels, and how
    many image pixels one unit of a text-layer box (``point``) or an OCR box (``pixel``) is."""

    src: str
    width: int
    height: int
    point: float
    pixel: float


@dataclass(frozen=True)
class Crop:
    """The part of a page image that shows a box: the window (``x``, ``y``, ``w``, ``h``) and
    the box inside it, all in pixels of ``image``."""

    image: PageImage
    page: int
    x: int
    y: int
    w: int
    h: int
    box: tuple[int, int, int, int]  # left, top, width, height within the window
    confidence: float | None


def crop(image: PageImage, where: Provenance) -> Crop | None:
    """The crop of ``image`` around ``where.bbox``; None when the provenance has no box."""
    if where.bbox is None:
        return None
    scale = image.pixel if where.confidence is not None else image.point
    x0, y0, x1, y1 = (v * scale for v in where.bbox)
    left, top = max(0, int(x0) - PAD), max(0, int(y0) - PAD)
    right, bottom = min(image.width, int(x1 + 0.999) + PAD), min(image.height, int(y1 + 0.999) + PAD)
    if right <= left or bottom <= top:
        return None
    box = (int(x0) - left, int(y0) - top, max(1, int(x1 - x0)), max(1, int(y1 - y0)))
    return Crop(image, where.page, left, top, right - left, bottom - top, box, where.confidence)


class PageRenderer:
    """Renders the pages that the register needs into one folder, each page once.

    ``renderer(source, page)`` returns the ``PageImage`` (None when the source file is missing,
    is not a PDF or an image, or has no such page); ``problems`` says, by source, why a source
    that should have given pages gave none (file missing, unreadable)."""

    def __init__(self, folder: Path, link: str) -> None:
        self.folder = Path(folder)
        self.link = link  # how the register refers to the folder ("report_files")
        self.problems: dict[str, str] = {}
        self._done: dict[tuple[str, int], PageImage | None] = {}
        self._names: dict[str, int] = {}
        self._widgets: dict[tuple[str, int], list[tuple[float, float, float, float]]] = {}

    def form_fields(self, source: str, page: int) -> list[tuple[float, float, float, float]]:
        """The form-field boxes of ``page`` of ``source`` (empty for anything but a readable PDF)."""
        key = (source, -page)
        if key not in self._widgets:
            path = Path(source)
            try:
                found = form_field_boxes(path, page) if path.suffix.lower() in PDF_SUFFIXES and path.is_file() else []
            except (OSError, ValueError, pdfium_error()):
                found = []  # the page itself says why in ``problems``
            self._widgets[key] = found
        return self._widgets[key]

    def __call__(self, source: str, page: int) -> PageImage | None:
        key = (source, page)
        if key not in self._done:
            self._done[key] = self._render(source, page)
        return self._done[key]

    def _render(self, source: str, page: int) -> PageImage | None:
        path = Path(source)
        suffix = path.suffix.lower()
        if suffix not in PDF_SUFFIXES + IMAGE_SUFFIXES:
            return None
        if not path.is_file():
            self.problems[source] = f"Không tìm thấy tệp gốc {source}"
            return None
        number = self._names.setdefault(source, len(self._names) + 1)
        name = f"d{number}-p{page}.jpg"
        self.folder.mkdir(parents=True, exist_ok=True)
        try:
            rendered = _render_pdf(path, page) if suffix in PDF_SUFFIXES else _render_image(path, page)
        except (OSError, ValueError, EOFError, pdfium_error()) as err:
            self.problems.setdefault(source, f"Không đọc được trang {page} của tệp gốc {source} ({err})")
            return None
        if rendered is None:
            return None
        picture, point, pixel = rendered
        picture.convert("RGB").save(self.folder / name, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return PageImage(f"{self.link}/{name}", picture.width, picture.height, point, pixel)


def pdfium_error() -> type[Exception]:
    """pypdfium2's error type (a PDF it cannot open)."""
    import pypdfium2 as pdfium

    return pdfium.PdfiumError


def _render_pdf(path: Path, page: int):
    import pypdfium2 as pdfium

    from vndocx.ingest.ocr import OCR_DPI

    document = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(document):
            return None
        picture = document[page - 1].render(scale=DPI / 72).to_pil()
    finally:
        document.close()
    return picture, DPI / 72, DPI / OCR_DPI


def _render_image(path: Path, page: int):
    from PIL import Image, ImageSequence

    with Image.open(path) as image:
        frames = ImageSequence.Iterator(image)
        for number, frame in enumerate(frames, start=1):
            if number == page:
                dpi = frame.info.get("dpi", (300, 300))[0] or 300
                scale = min(1.0, DPI / float(dpi))
                size = (max(1, round(frame.width * scale)), max(1, round(frame.height * scale)))
                return frame.convert("L").resize(size), scale, scale
    return None


def form_field_boxes(path: Path, page: int) -> list[tuple[float, float, float, float]]:
    """The boxes (PDF points, origin top-left) of the form-field widgets on ``page`` of the PDF at
    ``path``: where a signing tool filled in a value (the number, the day) after the page was made."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    document = pdfium.PdfDocument(str(path))
    try:
        if not 1 <= page <= len(document):
            return []
        handle = document[page - 1]
        height = handle.get_height()
        boxes = []
        for i in range(raw.FPDFPage_GetAnnotCount(handle)):
            annot = raw.FPDFPage_GetAnnot(handle, i)
            try:
                rect = raw.FS_RECTF()
                if raw.FPDFAnnot_GetSubtype(annot) == raw.FPDF_ANNOT_WIDGET and raw.FPDFAnnot_GetRect(annot, rect):
                    boxes.append((min(rect.left, rect.right), height - max(rect.top, rect.bottom),
                                  max(rect.left, rect.right), height - min(rect.top, rect.bottom)))
            finally:
                raw.FPDFPage_CloseAnnot(annot)
        handle.close()
        return boxes
    finally:
        document.close()


def filled_in(where: Provenance, widgets: list[tuple[float, float, float, float]]) -> bool:
    """Whether the box of ``where`` (a text-layer box) holds most of a form-field widget's box."""
    if where.bbox is None or where.confidence is not None:
        return False
    x0, y0, x1, y1 = where.bbox
    for a0, b0, a1, b1 in widgets:
        area = (a1 - a0) * (b1 - b0)
        common = max(0.0, min(x1, a1) - max(x0, a0)) * max(0.0, min(y1, b1) - max(y0, b0))
        if area > 0 and common >= 0.5 * area:
            return True
    return False
