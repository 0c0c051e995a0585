"""A second reading of the signer's name from its zone below the title ("GIÁM ĐỐC"): under the
signature's strokes and the seal's ring Tesseract's page layout often takes the name for part of
a picture and reads no line there at all. The zone is read again as sparse text and a line that
reads as a person's name is added to the page.
"""

from __future__ import annotations

from collections.abc import Callable

from vndocx.ingest.layout import shifted
from vndocx.ingest.red_print import SURE, name_like, title_like
from vndocx.pages import Line

Reader = Callable[[object], list[Line]]  # (crop) → its lines, boxes in its pixels

# The name stands within this many line heights below the title (the signature's space).
DEPTH = 14


def name_below_title(image, lines: list[Line], page: int, read: Reader) -> list[Line]:
    """Lines of ``image`` (page ``page``) that read as a person's name in the zone below a
    signer's title on the right half of the page, where ``lines`` hold no name yet; boxes in the
    page's pixels."""
    width, height = image.size
    out: list[Line] = []
    for title in lines:
        x0, y0, x1, y1 = title.bbox
        if x0 < 0.4 * width or y0 < 0.3 * height or not title_like(title.text.strip()):
            continue
        h = y1 - y0
        zone = (max(0, int(x0 - 3 * h)), int(y1), min(width, int(x1 + 4 * h)), min(height, int(y1 + DEPTH * h)))
        if any(zone[1] <= ln.bbox[1] < zone[3] and zone[0] <= ln.bbox[0] < zone[2] and name_like(ln.text.strip())
               for ln in [*lines, *out]):
            continue
        for line in read(image.crop(zone)):
            if line.conf is not None and line.conf >= SURE and name_like(line.text.strip()):
                out.append(shifted(line, zone[0], zone[1], page))
                break
    return out

