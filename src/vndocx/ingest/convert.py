"""Word 97 (.doc), RTF and OpenDocument text files: converted to DOCX by LibreOffice headless
(``soffice --convert-to docx``, in a private profile, under a time limit), then read as DOCX."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from vndocx.errors import CorruptFile, UnsupportedFormat
from vndocx.ingest.docx import read_docx
from vndocx.limits import DEFAULT_LIMITS, Limits
from vndocx.pages import Page

CONVERT_TIMEOUT = 120  # seconds for one conversion
_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_OLE2_MIN = 1536  # a header sector and at least two more: anything shorter is truncated


def soffice() -> str | None:
    """The LibreOffice executable, or None when LibreOffice is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def read_converted(path: Path, limits: Limits = DEFAULT_LIMITS) -> list[Page]:
    """Return the pages of a .doc/.rtf/.odt file, read as the DOCX LibreOffice converts it to.

    Raises UnsupportedFormat when LibreOffice is missing, CorruptFile when it cannot convert."""
    if path.suffix.lower() == ".doc":
        with path.open("rb") as handle:
            head = handle.read(_OLE2_MIN)
        if not head.startswith(_OLE2) or len(head) < _OLE2_MIN:
            raise CorruptFile(str(path), "not a whole Word 97 file (its OLE2 container is truncated or damaged)")
    exe = soffice()
    if exe is None:
        raise UnsupportedFormat(str(path), f"{path.suffix} files need LibreOffice to be read (install "
                                           "libreoffice-writer-nogui, or save the file as .docx)")
    with tempfile.TemporaryDirectory(prefix="vndocx-lo-") as tmp:
        profile = Path(tmp, "profile").as_uri()  # a private profile: runs in parallel never share one
        source = Path(tmp, "in" + path.suffix.lower())
        shutil.copyfile(path, source)  # a plain name: LibreOffice mishandles some characters in names
        cmd = [exe, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--convert-to", "docx",
               "--outdir", tmp, str(source)]
        try:
            subprocess.run(cmd, capture_output=True, timeout=CONVERT_TIMEOUT, check=False,
                           env={**os.environ, "HOME": tmp})
        except subprocess.TimeoutExpired as err:
            raise CorruptFile(str(path), f"LibreOffice did not convert it within {CONVERT_TIMEOUT} s") from err
        out = source.with_suffix(".docx")
        if not out.exists():
            raise CorruptFile(str(path), f"LibreOffice could not convert this {path.suffix} file to DOCX")
        pages = read_docx(out, limits)
    if pages:
        pages[0].warnings.append(f"converted from {path.suffix} to DOCX by LibreOffice before reading")
    return pages
