"""Checks made before a reader starts on a file: that it is a regular file, and that its
declared sizes (zip members, XML declarations, PDF streams) are within ``Limits``.

Each check reads headers or streams in bounded chunks, so a hostile file is refused in
milliseconds, in little memory, before pdfium, python-docx or Pillow sees it.
"""

from __future__ import annotations

import mmap
import os
import re
import stat
import zipfile
import zlib
from pathlib import Path

from vndocx.errors import CorruptFile, NotRegularFile, TooLarge, VndocxError
from vndocx.limits import Limits

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)
_CHUNK = 1 << 20


def file_kind(mode: int) -> str:
    """What a file of ``st_mode`` ``mode`` is, in words ("a FIFO (named pipe)", …)."""
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


def check_regular(path: Path) -> os.stat_result:
    """The ``os.stat`` of ``path`` (links followed) when it is a regular file.

    Raises NotRegularFile for a FIFO, device, socket or folder (and a link to one), and
    VndocxError when the file is missing, a link loop or cannot be read."""
    source = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError as err:
        if os.path.islink(path):
            raise VndocxError(source, "a dangling link (its target does not exist)") from err
        raise VndocxError(source, "file not found") from err
    except OSError as err:
        raise VndocxError(source, f"cannot read the file ({err.strerror})") from err
    if not stat.S_ISREG(info.st_mode):
        link = " (through a link)" if os.path.islink(path) else ""
        raise NotRegularFile(source, f"{file_kind(info.st_mode)}{link} is not a regular file: refused unread")
    return info


# XML parts that declare a DOCTYPE may define entities (billion laughs) or external ones (XXE);
# Word never writes one, so any is refused before python-docx parses the part.
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")
_PARAGRAPH = re.compile(rb"<w:p[\s>/]")


def check_docx(path: Path, limits: Limits) -> None:
    """Refuse a DOCX whose parts inflate past ``limits.stream_bytes`` (all parts together: four
    times that), whose XML declares a DOCTYPE or entities, or whose body holds more than
    ``limits.paragraphs`` paragraphs; raises TooLarge or CorruptFile, returns None when it passes."""
    source = str(path)
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as err:
        raise CorruptFile(source, f"not a readable DOCX ({err})") from err
    with archive:
        members = archive.infolist()
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > limits.stream_bytes:
                raise TooLarge(source, "bytes", limits.stream_bytes, member.file_size,
                               f"the part {member.filename} inflates to that")
        if total > 4 * limits.stream_bytes:
            raise TooLarge(source, "bytes", 4 * limits.stream_bytes, total, "all parts together inflate to that")
        for member in members:
            if member.filename.lower().endswith((".xml", ".rels")):
                _check_xml_part(archive, member, source, limits)


def _check_xml_part(archive: zipfile.ZipFile, member: zipfile.ZipInfo, source: str, limits: Limits) -> None:
    body = member.filename == "word/document.xml"
    paragraphs = 0
    tail = b""
    try:
        with archive.open(member) as handle:
            while chunk := handle.read(_CHUNK):
                window = tail + chunk
                for declaration in _DECLARATIONS:
                    if declaration in window:
                        raise CorruptFile(source, f"the part {member.filename} declares {declaration[2:].decode()} "
                                                  "(an XML entity bomb or external entity): refused unparsed")
                if body:
                    # count in the new bytes only (plus the few before them a match may start in)
                    paragraphs += len(_PARAGRAPH.findall(window, max(0, len(tail) - 5)))
                    if paragraphs > limits.paragraphs:
                        raise TooLarge(source, "paragraphs", limits.paragraphs, None, "in word/document.xml")
                tail = window[-16:]
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as err:
        raise CorruptFile(source, f"not a readable DOCX (part {member.filename}: {err})") from err


# Deflate inflates at most about 1,032 times: a stream shorter than the limit over that cannot
# pass it, and is not inflated here (only the few large ones are).
_MAX_DEFLATE_RATIO = 1032
_STREAM = re.compile(rb"(?<!end)stream\r?\n")
_FLATE = re.compile(rb"/(?:FlateDecode|Fl)(?![A-Za-z])")
_DICT_BACK = 4096


def check_pdf_streams(path: Path, limits: Limits) -> None:
    """Refuse a PDF one of whose Flate streams inflates past ``limits.stream_bytes`` (a deflate
    bomb, which aborts pdfium); raises TooLarge, returns None when every stream is within it.
    Streams are found in the raw bytes (used or not, in object streams too) and inflated in
    chunks that are counted and dropped."""
    source = str(path)
    with open(path, "rb") as handle:
        try:
            data = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except ValueError:  # an empty file
            return
    with data:
        for found in _STREAM.finditer(data):
            start = found.end()
            end = data.find(b"endstream", start)
            end = len(data) if end < 0 else end
            head = data[max(0, found.start() - _DICT_BACK):found.start()]
            head = head[head.rfind(b" obj") + 1:] if b" obj" in head else head
            filters = len(_FLATE.findall(head))
            if not filters:
                continue
            if filters == 1 and (end - start) * _MAX_DEFLATE_RATIO <= limits.stream_bytes:
                continue
            size = _inflated_size(data, start, end, limits.stream_bytes, filters)
            if size > limits.stream_bytes:
                raise TooLarge(source, "bytes", limits.stream_bytes, None,
                               f"a compressed stream at byte {start:,} inflates past it")


def _inflated_size(data, start: int, end: int, limit: int, layers: int) -> int:
    """Bytes the deflate data ``data[start:end]`` inflates to (through ``layers`` nested Flate
    filters), counted up to just past ``limit``; a stream that is not deflate data counts 0."""
    stages = [zlib.decompressobj() for _ in range(layers)]
    size = 0
    position = start
    try:
        while position < end and size <= limit:
            pieces = [data[position:min(end, position + 65536)]]
            position += 65536
            for stage in stages:
                out = []
                for piece in pieces:
                    buffer = piece
                    while buffer:
                        chunk = stage.decompress(buffer, _CHUNK)
                        out.append(chunk)
                        # past the end of the deflate data ("\r\n" before "endstream") zlib takes
                        # nothing more and hands the same tail back: the stream is done
                        buffer = b"" if stage.eof else stage.unconsumed_tail
                        if stage is stages[-1]:
                            size += len(chunk)
                            out = []
                            if size > limit:
                                return size
                pieces = out
            if stages[-1].eof:
                return size
    except zlib.error:
        return size
    return size


# A page drawing more form XObjects than this (forms that draw forms that draw forms, each many
# times: a "billion laughs" of XObjects) is refused; a real page draws a few dozen.
MAX_XOBJECT_DRAWS = 100_000
_DO = re.compile(rb"/([^\s/\[\]()<>{}%]+)\s*Do(?![A-Za-z])")


def check_pdf_xobjects(path: Path, limits: Limits) -> None:
    """Refuse a PDF whose form XObjects refer to themselves (CorruptFile) or nest so that a page
    draws more than ``MAX_XOBJECT_DRAWS`` of them (TooLarge); pages are walked with pypdf, which
    decodes only the forms' content streams. A file pypdf cannot walk is left to the readers."""
    import logging

    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    source = str(path)
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path, strict=False)
        pages = reader.pages
        for number in range(min(len(pages), limits.pages)):
            resources = pages[number].get("/Resources")
            draws = _draws(resources, {}, set(), source, number + 1, limits)
            if draws > MAX_XOBJECT_DRAWS:
                raise TooLarge(source, "XObject draws", MAX_XOBJECT_DRAWS, None,
                               f"page {number + 1}: form XObjects nested many times over")
    except VndocxError:
        raise
    except (PyPdfError, RecursionError, ValueError, TypeError, KeyError, AttributeError, IndexError, OSError,
            zlib.error):
        return


def _resolve(obj):
    return obj.get_object() if hasattr(obj, "get_object") else obj


def _xobjects(resources) -> dict:
    """name → reference of the XObjects a resource dictionary lists ({} when none)."""
    resources = _resolve(resources)
    xobjects = _resolve(resources.get("/XObject")) if isinstance(resources, dict) else None
    if not isinstance(xobjects, dict):
        return {}
    return {name: xobjects.raw_get(name) if hasattr(xobjects, "raw_get") else xobjects[name] for name in xobjects}


def _draws(resources, memo: dict, active: set, source: str, page: int, limits: Limits) -> int:
    """XObjects a content stream with ``resources`` draws if it draws each of them once,
    counted through the nesting of forms."""
    total = 0
    for ref in _xobjects(resources).values():
        total += _form_draws(ref, memo, active, source, page, limits)
        if total > MAX_XOBJECT_DRAWS:
            break
    return total


def _form_draws(ref, memo: dict, active: set, source: str, page: int, limits: Limits) -> int:
    """Draws one XObject costs: 1 for an image, 1 plus its own draws for a form (memoised,
    capped just past the limit); raises CorruptFile for a form that draws itself."""
    key = (ref.idnum, ref.generation) if hasattr(ref, "idnum") else id(ref)
    if key in memo:
        return memo[key]
    if key in active:
        raise CorruptFile(source, f"page {page}: a form XObject draws itself (a loop): refused")
    form = _resolve(ref)
    if not isinstance(form, dict) or form.get("/Subtype") != "/Form":
        memo[key] = 1
        return 1
    active.add(key)
    length = _resolve(form.get("/Length", 0))
    data = b"" if isinstance(length, int) and length * _MAX_DEFLATE_RATIO > limits.stream_bytes else form.get_data()
    times: dict[bytes, int] = {}
    for found in _DO.finditer(data):
        times[found.group(1)] = times.get(found.group(1), 0) + 1
    count = 1
    for name, ref_inner in _xobjects(form.get("/Resources")).items():
        drawn = times.get(name[1:].encode("latin-1", "replace"), 0)
        if drawn:
            count += drawn * _form_draws(ref_inner, memo, active, source, page, limits)
        if count > MAX_XOBJECT_DRAWS:
            break
    active.discard(key)
    memo[key] = min(count, MAX_XOBJECT_DRAWS + 1)
    return memo[key]
