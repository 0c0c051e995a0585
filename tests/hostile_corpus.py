"""Hostile inputs, written by code into a folder: every class of issue 15 (truncated,
bit-flipped, self-referencing and bomb PDFs; XML bombs and XXE in DOCX; huge and multi-frame
images; NUL and invalid bytes; huge lines and files; FIFOs, link loops, bad names), and the
runners that put them through ``vndocx extract`` and through ``vndocx.extract()`` in a child
process under an address-space limit, classifying what each gave.

``tests/test_hostile.py`` writes one representative case per class (``scale="test"``);
``benchmarks/hostile.py`` writes more sizes and variants (``scale="full"``).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import hostile_inputs as hi

ROOT = Path(__file__).resolve().parents[1]
PASSWD_MARK = "root:x:0:0"  # the first line of /etc/passwd on every Linux

NOTICE = """ỦY BAN NHÂN DÂN TỈNH LẠC SƠN       CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
SỞ KẾ HOẠCH VÀ ĐẦU TƯ       Độc lập - Tự do - Hạnh phúc
Số: {n}/TB-SKH       Lạc Sơn, ngày 9 tháng 3 năm 2026

THÔNG BÁO
Kết luận của Giám đốc Sở tại cuộc họp giao ban quý I năm 2026

Giám đốc Sở yêu cầu:
1. Phòng Đăng ký kinh doanh:
- Chủ trì rà soát hồ sơ doanh nghiệp tạm ngừng, hoàn thành trước ngày 30 tháng 4 năm 2026.
2. Văn phòng Sở tổng hợp báo cáo, gửi trước ngày 15 tháng 5 năm 2026.

Nơi nhận:
- Như trên;
- Lưu: VT.

GIÁM ĐỐC



Trịnh Quang Vũ
"""


def notice(n: int) -> str:
    """A short fictional notice (số ``n``) that vndocx reads into a record with two tasks."""
    return NOTICE.format(n=n)


# ------------------------------------------------------------------------------------------
# Builders of the sweep's own (the hostile structures themselves are ``hostile_inputs``'s)


def text_pdf(lines: list[str], pages: int = 1) -> bytes:
    """A text-layer PDF of ``lines`` (ASCII drawn in Helvetica) on each of ``pages`` pages."""
    ops = [b"BT /F1 11 Tf 60 780 Td 14 TL"]
    for line in lines:
        safe = line.encode("latin-1", "replace").replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
        ops.append(b"(" + safe + b") '")
    ops.append(b"ET")
    content = hi.stream(b"\n".join(ops))
    kids = b" ".join(b"%d 0 R" % (5 + i) for i in range(pages))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
               content]
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                b"/Contents 4 0 R >>"] * pages
    return hi.pdf_bytes(objects)


def good_pdf(n: int = 1) -> bytes:
    """A one-page text PDF of a notice (số ``n``) that vndocx reads into a record."""
    return text_pdf(["THONG BAO", f"So: {n}/TB-SKH", "Giam doc So yeu cau:",
                     "1. Phong Dang ky kinh doanh ra soat ho so, hoan thanh truoc ngay 30/4/2026."])


def encrypted_pdf() -> bytes:
    """``good_pdf(3)`` encrypted (AES-128) with a password."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(good_pdf(3))))
    writer.encrypt("mật-khẩu", algorithm="AES-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def bit_flipped(data: bytes, share: float, seed: int) -> bytes:
    """``data`` with one bit flipped in ``share`` of its bytes (the first 16 kept, so it still
    says it is a PDF)."""
    rng = random.Random(seed)
    out = bytearray(data)
    for _ in range(max(1, int(len(out) * share))):
        at = rng.randrange(16, len(out))
        out[at] ^= 1 << rng.randrange(8)
    return bytes(out)


def grey16_png() -> bytes:
    """A 16-bit greyscale PNG scan of a few lines of a notice."""
    import numpy as np
    from PIL import Image, ImageDraw, ImageFont

    page = Image.new("L", (1240, 500), 255)
    draw = ImageDraw.Draw(page)
    font_path = Path("/usr/share/fonts/truetype/liberation2/LiberationSerif-Regular.ttf")
    font = ImageFont.truetype(str(font_path), 34) if font_path.exists() else ImageFont.load_default()
    for row, text in enumerate(notice(52).splitlines()[3:9]):
        draw.text((40, 30 + row * 60), text, fill=0, font=font)
    wide = (np.asarray(page, dtype=np.uint16) * 257).astype(">u2")
    image = Image.frombytes("I;16B", page.size, wide.tobytes())
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


# ------------------------------------------------------------------------------------------
# The corpus


@dataclass(frozen=True)
class Case:
    """One hostile input: its file name, its class, and how to make it (``make(path)``)."""

    name: str
    category: str
    make: Callable[[Path], None]
    good: bool = False  # a normal document: it must get its record


def _bytes(data: Callable[[], bytes]) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data())


def _text(data: Callable[[], str]) -> Callable[[Path], None]:
    return lambda path: path.write_text(data(), encoding="utf-8")


def _into(write: Callable[..., Path], **options: object) -> Callable[[Path], None]:
    """Make the case with ``write`` (a writer of ``hostile_inputs``, given ``options``) under the
    case's own name."""
    return lambda path: write(path.parent, name=path.name, **options)


def _good_docx(n: int) -> Callable[[Path], None]:
    return lambda path: hi.docx_file(path.parent, path.name, hi.document_xml(notice(n).splitlines()))


def _link(target: str) -> Callable[[Path], None]:
    return lambda path: path.symlink_to(target)


def _loop(path: Path) -> None:
    path.mkdir()
    (path / "note.txt").write_text(notice(70), encoding="utf-8")
    (path / "again").symlink_to(".")  # the folder links to itself


def _date_line(n: int) -> str:
    return notice(80).replace("Lạc Sơn, ngày 9 tháng 3 năm 2026",
                              "Lạc Sơn, ngày " + "9 tháng 3 " * (n // 10) + "năm")


def _footnote(digits: int) -> str:
    return notice(81).replace("Nơi nhận:", "9" * digits + " Theo văn bản số 12/UBND.\nNơi nhận:")


def _invalid_bytes(path: Path) -> None:
    rng = random.Random(7)
    path.write_bytes(notice(83).encode() + bytes(rng.randrange(128, 256) for _ in range(4000)))


def _truncated(share: float) -> Callable[[Path], None]:
    def make(path: Path) -> None:
        data = good_pdf(90)
        path.write_bytes(data[:int(len(data) * share)])

    return make


def cases(scale: str = "test") -> list[Case]:
    """The hostile cases (and a few good documents) at ``scale`` "test" (one per class, small)
    or "full" (more sizes and variants, for ``benchmarks/hostile.py``)."""
    full = scale == "full"
    mb = 1 << 20
    found = [
        Case("good_1.txt", "good", _text(lambda: notice(1)), good=True),
        Case("good_2.docx", "good", _good_docx(2), good=True),
        Case("good_3.pdf", "good", _bytes(lambda: good_pdf(3)), good=True),
        Case(os.fsdecode(b"good_\xff\xfe_4.txt"), "bad name", _text(lambda: notice(4)), good=True),
        Case("pdf_truncated_half.pdf", "truncated pdf", _truncated(0.5)),
        Case("pdf_bitflip_1.pdf", "bit-flipped pdf", _bytes(lambda: bit_flipped(good_pdf(91), 0.01, 1))),
        Case("pdf_self_kids.pdf", "self-referencing pdf", _into(hi.self_referencing_pages_pdf, count=2)),
        Case("pdf_self_resources.pdf", "self-referencing pdf", _into(hi.self_referencing_resources_pdf)),
        Case("pdf_laughs.pdf", "xobject laughs pdf", _into(hi.xobject_laughs_pdf, levels=10)),
        Case("pdf_bomb_metadata.pdf", "deflate bomb pdf", _into(hi.deflate_bomb_pdf, inflated=256 * mb, where="metadata")),
        Case("pdf_bomb_content.pdf", "deflate bomb pdf", _into(hi.deflate_bomb_pdf, inflated=256 * mb, where="content")),
        Case("pdf_5000_pages.pdf", "many pages pdf", _into(hi.blank_pages_pdf, pages=5000)),
        Case("pdf_huge_mediabox.pdf", "huge page pdf", _into(hi.huge_mediabox_pdf, pages=20, side=14400)),
        Case("pdf_encrypted.pdf", "encrypted pdf", _bytes(encrypted_pdf)),
        Case("docx_xxe.docx", "xxe docx", _into(hi.docx_xxe)),
        Case("docx_laughs.docx", "xml bomb docx", _into(hi.docx_xml_bomb, levels=9)),
        Case("docx_100k_paragraphs.docx", "many paragraphs docx", _into(hi.docx_paragraphs, count=100_000)),
        Case("docx_zip_bomb.docx", "zip bomb docx", _into(hi.docx_zip_bomb, inflated=256 * mb, in_document=True)),
        Case("png_60k_square.png", "huge image", _into(hi.png_header_bomb, width=60_000, height=60_000)),
        Case("tiff_600_frames.tiff", "multi-frame image", _into(hi.tiff_frames, frames=600, size=(64, 64))),
        Case("apng_600_frames.png", "multi-frame image", _into(hi.apng_frames, frames=600, size=(64, 64))),
        Case("png_grey16.png", "16-bit image", _bytes(grey16_png)),
        Case("text_nul_every_97.txt", "nul bytes", _text(lambda: hi.nul_every(notice(82), 97))),
        Case("text_invalid_bytes.txt", "invalid bytes", _invalid_bytes),
        Case("text_date_line_4000.txt", "huge line", _text(lambda: _date_line(4000))),
        Case("text_footnote_5000_digits.txt", "huge number", _text(lambda: _footnote(5000))),
        Case("text_line_200k.txt", "huge line", _text(lambda: notice(84) + "a " * 100_000 + "\n")),
        # the parsers' own pieces repeated into long lines (tests/hostile_inputs.py, the library side's)
        *(Case(f"text_line_{piece}.txt", "huge line", _text(lambda piece=piece: hi.long_line_text(
            hi.adversarial_lines()[piece], 4000, "body"))) for piece in ("place_date", "mixed", "digits")),
        Case("text_superscript_mark_5000.txt", "huge number", _text(lambda: hi.footnote_mark_text(5000))),
        Case("text_sparse_1g.txt", "huge file", _into(hi.huge_text_file, size=1 << 30, text=notice(60))),
        Case("text_empty.txt", "empty", _bytes(lambda: b"")),
        Case("fifo.txt", "fifo", _into(hi.fifo)),
        Case("zero.txt", "device link", _link("/dev/zero")),
        Case("dangling.pdf", "dangling link", _link("nowhere/missing.pdf")),
        Case("loop", "link loop", _loop),
        Case("text_named_docx.docx", "mislabelled", _text(lambda: notice(1))),  # good_1.txt's bytes
    ]
    if full:
        found += [
            Case("good_5.txt", "good", _text(lambda: notice(5)), good=True),
            Case("pdf_truncated_90.pdf", "truncated pdf", _truncated(0.9)),
            Case("pdf_truncated_10.pdf", "truncated pdf", _truncated(0.1)),
            *(Case(f"pdf_bitflip_{seed}.pdf", "bit-flipped pdf",
                   _bytes(lambda seed=seed: bit_flipped(good_pdf(92), 0.02, seed))) for seed in range(2, 12)),
            Case("pdf_bomb_unused.pdf", "deflate bomb pdf", _into(hi.deflate_bomb_pdf, inflated=1024 * mb, where="unused")),
            Case("pdf_bomb_metadata_1g.pdf", "deflate bomb pdf", _into(hi.deflate_bomb_pdf, inflated=1024 * mb, where="metadata")),
            Case("pdf_laughs_12.pdf", "xobject laughs pdf", _into(hi.xobject_laughs_pdf, levels=13, fan=10)),
            Case("pdf_2000_pages.pdf", "many pages pdf", _into(hi.blank_pages_pdf, pages=2000)),
            Case("pdf_20000_pages.pdf", "many pages pdf", _into(hi.blank_pages_pdf, pages=20000)),
            Case("pdf_text_1500_pages.pdf", "many pages pdf",
                 _bytes(lambda: text_pdf(["THONG BAO", "Trang noi dung."], pages=1500))),
            Case("pdf_mediabox_3390.pdf", "huge page pdf", _into(hi.huge_mediabox_pdf, pages=20, side=3390)),
            Case("docx_laughs_12.docx", "xml bomb docx", _into(hi.docx_xml_bomb, levels=12)),
            Case("docx_300k_paragraphs.docx", "many paragraphs docx",
                 _into(hi.docx_paragraphs, count=300_000)),
            Case("docx_zip_bomb_2g.docx", "zip bomb docx", _into(hi.docx_zip_bomb, inflated=2048 * mb, in_document=True)),
            Case("png_16bit_claiming_30k.png", "huge image", _into(hi.png_header_bomb, width=30_000, height=30_000, bit_depth=16)),
            Case("png_rgba_claiming_20k.png", "huge image", _into(hi.png_header_bomb, width=20_000, height=20_000, colour=6)),
            Case("tiff_2000_frames.tiff", "multi-frame image", _into(hi.tiff_frames, frames=2000, size=(64, 64))),
            Case("tiff_40_a4_frames.tiff", "multi-frame image",
                 _into(hi.tiff_frames, frames=40, size=(2480, 3508))),
            Case("apng_1000_frames.png", "multi-frame image", _into(hi.apng_frames, frames=1000, size=(64, 64))),
            Case("text_nul_every_7.txt", "nul bytes", _text(lambda: hi.nul_every(notice(82), 7))),
            *(Case(f"text_line_{piece}_{where}.txt", "huge line", _text(
                lambda piece=piece, where=where: hi.long_line_text(hi.adversarial_lines()[piece], 20_000, where)))
              for piece in hi.adversarial_lines() for where in ("header", "body", "signer")),
            Case("text_superscript_mark_50000.txt", "huge number", _text(lambda: hi.footnote_mark_text(50_000))),
            Case("text_date_line_20000.txt", "huge line", _text(lambda: _date_line(20000))),
            Case("text_footnote_50000_digits.txt", "huge number", _text(lambda: _footnote(50000))),
            Case("text_line_2m.txt", "huge line", _text(lambda: notice(85) + "ngày 1 " * 300_000 + "\n")),
            Case("text_300mb.txt", "huge file", _into(hi.huge_text_file, size=300 * mb, sparse=False, text=notice(61))),
            Case("text_sparse_4g.txt", "huge file", _into(hi.huge_text_file, size=4 << 30, text=notice(60))),
            Case("zero.pdf", "device link", _link("/dev/zero")),
            Case("urandom.docx", "device link", _link("/dev/urandom")),
            Case("fifo.pdf", "fifo", _into(hi.fifo)),
            Case("self_link.txt", "link loop", _link("self_link.txt")),
            Case(os.fsdecode(b"\xc3(\xa0\xa1.pdf"), "bad name", _bytes(lambda: good_pdf(6)), good=True),
        ]
    return found


def write_corpus(folder: Path, scale: str = "test") -> list[Case]:
    """Write the cases into ``folder`` (made if missing); returns them."""
    folder.mkdir(parents=True, exist_ok=True)
    written = cases(scale)
    for case in written:
        case.make(folder / case.name)
    return written


# ------------------------------------------------------------------------------------------
# Runners


@dataclass
class Result:
    """What one input gave: ``outcome`` is "record", "named error", "hang", "crash" or
    "traceback" (an exception that is not one of vndocx's named errors); ``max_rss_mb`` is the
    peak memory of the process that called ``vndocx.extract()`` (so far, when one process read
    several; the library's reader child is not counted)."""

    name: str
    outcome: str
    detail: str = ""
    seconds: float = 0.0
    max_rss_mb: float = 0.0
    text: str = field(default="", repr=False)


_LIBRARY_RUNNER = r"""
import json, os, resource, signal, sys, time
resource.setrlimit(resource.RLIMIT_AS, (int(sys.argv[1]) << 20, resource.RLIM_INFINITY))
import vndocx
from vndocx.errors import VndocxError
class Hang(BaseException):
    pass
def alarm(*_):
    raise Hang
signal.signal(signal.SIGALRM, alarm)
timeout = float(sys.argv[2])
for name in sys.argv[3:]:
    path = os.fsdecode(bytes.fromhex(name))
    print(json.dumps({"start": name}), flush=True)
    start = time.perf_counter()
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        doc = vndocx.extract(path)
        out = {"outcome": "record", "detail": "", "text": doc.text[:200000] + json.dumps(doc.model_dump())}
    except VndocxError as err:
        out = {"outcome": "named error", "detail": type(err).__name__ + ": " + err.reason, "text": str(err)}
    except Hang:
        out = {"outcome": "hang", "detail": f"still running after {timeout:g} s"}
    except MemoryError:
        out = {"outcome": "crash", "detail": "MemoryError"}
    except BaseException as err:
        out = {"outcome": "traceback", "detail": f"{type(err).__name__}: {err}"[:300]}
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    out["seconds"] = time.perf_counter() - start
    out["name"] = name
    # VmHWM: the peak of this process since its exec (ru_maxrss keeps the forking parent's)
    with open("/proc/self/status") as status:
        hwm = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    out["rss_mb"] = max(hwm, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024
    print(json.dumps(out, ensure_ascii=True), flush=True)
"""


def _pump(stream: IO[bytes], put: Callable[[bytes | None], object]) -> None:
    """Hand each line of ``stream`` to ``put``, then None at its end."""
    for line in stream:
        put(line)
    put(None)


def run_library(paths: list[Path], memory_mb: int = 1024, timeout: float = 20.0,
                one_process_each: bool = False, src: Path = ROOT / "src") -> dict[str, Result]:
    """``vndocx.extract()`` on each path in a child Python process capped at ``memory_mb`` of
    address space; a file still running after ``timeout`` s is a "hang" (the child's alarm
    stops it, or, stuck in native code, the child is killed 5 s later), a child that dies a
    "crash"; the next file goes on in a fresh child. With ``one_process_each`` every file gets
    its own child, so ``max_rss_mb`` is that file's. ``src``: the vndocx sources to run. Keys
    are the file names."""
    import queue
    import threading

    results: dict[str, Result] = {}
    env = {**os.environ, "PYTHONPATH": str(src), "OMP_THREAD_LIMIT": "1"}
    pending = [os.fsencode(p).hex() for p in paths]

    def name_of(hexed: str) -> str:
        return Path(os.fsdecode(bytes.fromhex(hexed))).name

    while pending:
        batch = pending[:1] if one_process_each else pending
        proc = subprocess.Popen([sys.executable, "-c", _LIBRARY_RUNNER, str(memory_mb), str(timeout), *batch],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        lines: queue.Queue = queue.Queue()
        stderr: list[bytes] = []
        threading.Thread(target=_pump, args=(proc.stdout, lines.put), daemon=True).start()
        threading.Thread(target=_pump, args=(proc.stderr, stderr.append), daemon=True).start()
        current, started, done, killed = None, time.perf_counter(), set(), False
        deadline = time.monotonic() + 120  # start-up: imports
        while True:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                proc.kill()
                killed = True
                continue
            if line is None:
                break
            entry = json.loads(line)
            if "start" in entry:
                current, started = entry["start"], time.perf_counter()
                deadline = time.monotonic() + timeout + 5
                continue
            results[name_of(entry["name"])] = Result(name_of(entry["name"]), entry["outcome"], entry["detail"],
                                                     entry["seconds"], entry["rss_mb"], text=entry.get("text", ""))
            done.add(entry["name"])
            current = None
        proc.wait()
        if current is not None:
            tail = b"".join(x for x in stderr if x).decode("utf-8", "replace")[-300:]
            outcome, detail = ("hang", f"stuck in native code after {timeout:g} s; killed") if killed else \
                ("crash", f"the process died (exit {proc.returncode}): {tail}")
            results[name_of(current)] = Result(name_of(current), outcome, detail, time.perf_counter() - started)
            done.add(current)
        elif not done:
            raise RuntimeError(f"the library runner did not start: {b''.join(x for x in stderr if x).decode('utf-8', 'replace')}")
        pending = [n for n in pending if n not in done]
    return results


def tree(folder: Path) -> dict[str, tuple[int, int]]:
    """Every entry under ``folder`` (links not followed) with its size and mtime."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.lstat(path)
            found[os.path.relpath(path, folder)] = (info.st_size, info.st_mtime_ns)
    return found


@dataclass
class CliRun:
    """One ``vndocx extract`` over a folder: exit code, stderr, wall time, and what it wrote."""

    code: int
    stderr: str
    seconds: float
    records: dict[str, dict]
    errors: dict[str, str]


def run_cli(inputs: list[Path], out: Path, *args: str, timeout: float = 600, tmpdir: Path | None = None,
            src: Path = ROOT / "src") -> CliRun:
    """``vndocx extract INPUTS -o OUT ARGS`` in a subprocess (the vndocx of ``src``, temporary
    files in ``tmpdir``); records and errors by file name. A run past ``timeout`` is killed
    (code -9)."""
    env = {**os.environ, "PYTHONPATH": str(src)}
    if tmpdir is not None:
        env["TMPDIR"] = str(tmpdir)
    start = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-m", "vndocx.cli", "extract", *map(os.fsencode, inputs), "-o",
                             str(out), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=tmpdir,
                            start_new_session=True)
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        _, stderr = proc.communicate()
    seconds = time.perf_counter() - start
    records = {}
    if out.is_file():
        for line in out.read_text(encoding="utf-8", errors="replace").splitlines():
            try:
                record = json.loads(line)
            except ValueError:
                continue  # an invalid line in the output: the file counts as lost
            records[Path(record["source"]).name] = record
    errors = {}
    errors_file = out.with_name(f"{out.stem}.errors.jsonl")
    if errors_file.is_file():
        for line in errors_file.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            errors[Path(entry["source"]).name] = entry["error"]
    return CliRun(proc.returncode, stderr.decode("utf-8", "replace"), seconds, records, errors)


BAD_CLI_ERRORS = ("timed out", "internal error", "the worker process died", "out of memory")


def cli_outcome(name: str, run: CliRun) -> Result:
    """Classify one file of a CLI run: "record", "named error", or what went wrong ("hang" for
    a time limit reached, "crash" for a dead worker or out of memory, "traceback" for an
    internal error, "lost" when the file is in neither the output nor the errors file)."""
    if name in run.records:
        return Result(name, "record", text=json.dumps(run.records[name], ensure_ascii=False))
    error = run.errors.get(name)
    if error is None:
        return Result(name, "lost", "neither in the output nor in the errors file")
    if error.startswith("timed out"):
        return Result(name, "hang", error)
    if error.startswith("internal error"):
        return Result(name, "traceback", error)
    if error.startswith(BAD_CLI_ERRORS):
        return Result(name, "crash", error)
    return Result(name, "named error", error)


def shown_name(name: str) -> str:
    """The name as vndocx shows it (bytes that are not UTF-8 escaped as ``\\xff``)."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
