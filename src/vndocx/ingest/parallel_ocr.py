"""How many pages of one scanned document are OCR'd at once (``ingest.ocr.ocr_pages`` reads it).

Tesseract runs as a child process of pytesseract, so a few threads each waiting on one
``tesseract`` process keep that many cores busy on one large scan, with no second Python
process and no pickling of page images. Pages are rendered one at a time in the calling thread
(pdfium is not thread-safe) and at most ``2 × threads`` rendered pages are held at once.

The number of threads is a process-wide setting: ``vndocx extract`` gives each worker its
share of the cores (``cores // workers``, at least 1), so a folder of many files runs one page
per worker and a single large scan uses every core.
"""

from __future__ import annotations

import os

ENV_THREADS = "VNDOCX_OCR_THREADS"
_threads: int | None = None


def set_page_threads(threads: int) -> None:
    """Set how many pages of one document are OCR'd at once in this process (1 = in order)."""
    global _threads
    _threads = max(1, int(threads))


def page_threads() -> int:
    """The number of pages OCR'd at once: the value set, else ``$VNDOCX_OCR_THREADS``, else 1."""
    if _threads is not None:
        return _threads
    try:
        return max(1, int(os.environ.get(ENV_THREADS, "1")))
    except ValueError:
        return 1
