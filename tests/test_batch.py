"""Batch runs at scale: worker processes, deterministic order, the per-file time limit and memory
guard, every kind of bad file, the non-Vietnamese warning, resume by content hash, and runs
stopped by SIGINT, SIGTERM and kill -9 then resumed."""

from __future__ import annotations

import json
import os
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import psutil
import pytest

import vndocx
from test_cli import NOTICE
from vndocx.batch.journal import Journal, JournalBusy
from vndocx.batch.pool import InProcess, ProcessPool
from vndocx.batch.run import BatchOptions, file_sha256, index_path, iter_inputs, journal_path, run_batch
from vndocx.cli import main
from vndocx.lang.check import is_syllable, language_warning, vietnamese_share
from vndocx.records import Document

from conftest import ROOT, SAMPLES, need_font, need_tesseract

ENGLISH = (
    "The committee has reviewed the quarterly report submitted by the department and requests that "
    "every unit complete its assigned work before the end of the quarter. Each office must send a "
    "summary of its results, including any difficulties encountered, to the secretariat by Friday."
)


def pooled(files, out: Path, workers: int, options: BatchOptions | None = None, **kw):
    """run_batch on a ProcessPool of ``workers``, closed afterwards."""
    with ProcessPool(workers, options) as pool:
        return run_batch(files, out, pool, **kw)


def notice(n: int) -> str:
    """The notice of the CLI tests with số ``n``."""
    return NOTICE.replace("Số: 47/TB-STP", f"Số: {n}/TB-STP")


def lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def errors_of(out: Path) -> dict[str, str]:
    errors = out.with_name(f"{out.stem}.errors.jsonl")
    return {Path(e["source"]).name: e["error"] for e in map(json.loads, lines(errors))} if errors.exists() else {}


def make_pdf(path: Path, text_lines: list[str], pagesize=None, encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    c = canvas.Canvas(str(path), pagesize=pagesize or A4, encrypt=encrypt, invariant=1)
    c.setFont("Serif", 12)
    for i, line in enumerate(text_lines):
        c.drawString(50, 800 - 16 * i, line)
    c.save()
    return path


def png_claiming(path: Path, width: int, height: int) -> Path:
    """A tiny PNG whose header claims ``width`` × ``height`` one-bit pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\xff" * (width // 8 + 1), 9)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
    return path


def scanned_page(path: Path) -> Path:
    """A dense A4 page at 300 dpi (the body of sample 02 typed on it): seconds of Tesseract."""
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(str(need_font()), 40)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate((SAMPLES / "02_ke_hoach.txt").read_text(encoding="utf-8").splitlines()[:60]):
        draw.text((150, 150 + 55 * i), line[:90], fill=0, font=font)
    image.save(path)
    return path


# --- the language check -------------------------------------------------------------------


def test_syllables_with_and_without_diacritics() -> None:
    for word in ("nghiêng", "Nguyễn", "khuya", "quyết", "được", "ĐỊNH", "ơ", "thuong", "nghieng", "truong"):
        assert is_syllable(word), word
    for word in ("report", "available", "été", "straße", "UBND", "VT", "xyz", "bánhh", "quarterly"):
        assert not is_syllable(word), word


def test_language_share_of_samples_and_foreign_text() -> None:
    for path in sorted(SAMPLES.glob("*.txt")):
        share, words = vietnamese_share(path.read_text(encoding="utf-8"))
        assert share > 0.9 and words > 300, (path.name, share)
    assert language_warning(notice(1)) is None
    warning = language_warning(ENGLISH)
    assert warning and "not read as Vietnamese" in warning
    assert language_warning("Hello world, short note.") is None  # too short to judge


def test_library_records_carry_the_language_warning() -> None:
    """The warning comes from the pipeline, so ``vndocx.extract`` gives it as the CLI does."""
    assert any("not read as Vietnamese" in w for w in vndocx.extract_text(ENGLISH * 2).warnings)
    assert not any("not read as Vietnamese" in w for w in vndocx.extract(SAMPLES / "04_cong_van.txt").warnings)


# --- order, workers, bad files --------------------------------------------------------------


@pytest.fixture()
def mixed(tmp_path: Path) -> Path:
    """Good notices and English text, plus every kind of bad file."""
    root = tmp_path / "inbox"
    (root / "sub").mkdir(parents=True)
    for n in range(1, 9):
        (root / ("sub" if n % 2 else "") / f"notice_{n:02d}.txt").write_text(notice(n), encoding="utf-8")
    (root / "english.txt").write_text(ENGLISH * 2, encoding="utf-8")
    (root / "zero.txt").write_bytes(b"")
    (root / "setup.pdf").write_bytes(b"MZ\x90\x00\x03" + bytes(300))
    (root / "latin1.txt").write_bytes("Kế hoạch số 12".encode("cp1258", errors="replace") + b"\xff\xfe")
    good = make_pdf(root / "good.pdf", ["THÔNG BÁO", "Kết luận của Giám đốc Sở", "Số: 9/TB-STP"])
    (root / "truncated.pdf").write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    make_pdf(root / "locked.pdf", ["THÔNG BÁO"], encrypt="mật-khẩu")
    make_pdf(root / "huge_page.pdf", ["THÔNG BÁO"], pagesize=(30000, 30000))
    png_claiming(root / "bomb.png", 30000, 30000)
    (root / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(60))
    return root


def test_bad_files_recorded_good_files_kept_in_order(mixed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "tasks.jsonl"
    assert main(["extract", str(mixed), "-o", str(out), "--workers", "2"]) == 1
    docs = [Document.model_validate_json(line) for line in lines(out)]
    names = [Path(d.source).name for d in docs]
    assert names == ["english.txt", "good.pdf", "notice_02.txt", "notice_04.txt", "notice_06.txt",
                     "notice_08.txt", "notice_01.txt", "notice_03.txt", "notice_05.txt", "notice_07.txt"]
    assert [d.number for d in docs if d.source.endswith(".txt") and "notice" in d.source] == \
        ["2", "4", "6", "8", "1", "3", "5", "7"]
    english = docs[0]
    assert any("not read as Vietnamese" in w for w in english.warnings)
    assert not any("Vietnamese" in w for d in docs[1:] for w in d.warnings)
    errors = errors_of(out)
    assert set(errors) == {"zero.txt", "setup.pdf", "latin1.txt", "truncated.pdf", "locked.pdf", "huge_page.pdf",
                           "bomb.png", "broken.docx"}
    assert "empty" in errors["zero.txt"]
    assert "Windows executable" in errors["setup.pdf"]
    assert "UTF-8" in errors["latin1.txt"]
    assert "not a readable PDF" in errors["truncated.pdf"]
    assert "password" in errors["locked.pdf"]
    assert "absurdly large" in errors["huge_page.pdf"]
    assert "over the 100,000,000-pixel limit" in errors["bomb.png"]  # TooLarge (vndocx.limits)
    assert "DOCX" in errors["broken.docx"] or "docx" in errors["broken.docx"].lower()
    # the index names every record's hash and byte range in the output
    index = [json.loads(line) for line in lines(index_path(out))]
    raw = out.read_bytes()
    for entry, doc in zip(index, docs, strict=False):
        assert entry["source"] == doc.source and entry["sha256"] == file_sha256(doc.source)
        assert Document.model_validate_json(raw[entry["offset"]:entry["offset"] + entry["length"]]) == doc
    assert index[-1]["bytes"] == len(raw) and index[-1]["records"] == len(docs)
    assert not journal_path(out).exists() and not list(out.parent.glob(".*.tmp"))


def test_pool_output_identical_to_in_process(mixed: Path, tmp_path: Path) -> None:
    files = list(iter_inputs([mixed]))
    pool = pooled(files, tmp_path / "a.jsonl", 2, BatchOptions(timeout=60))
    here = run_batch(files, tmp_path / "b.jsonl", InProcess())
    assert (pool.extracted, pool.failed) == (here.extracted, here.failed) == (10, 8)
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert errors_of(tmp_path / "a.jsonl") == errors_of(tmp_path / "b.jsonl")


def test_file_deleted_after_listing(tmp_path: Path) -> None:
    for n in range(3):
        (tmp_path / f"n{n}.txt").write_text(notice(n + 1), encoding="utf-8")
    files = list(iter_inputs([tmp_path]))
    files[1].unlink()
    summary = pooled(files, tmp_path / "out" / "t.jsonl", 1)
    assert (summary.extracted, summary.failed) == (2, 1)
    assert "file not found" in errors_of(tmp_path / "out" / "t.jsonl")["n1.txt"]


@pytest.mark.ocr
def test_timeout_stops_the_file_and_the_run_goes_on(tmp_path: Path, capsys) -> None:
    need_tesseract()
    scanned_page(tmp_path / "a_scan.png")
    for n in range(3):
        (tmp_path / f"b{n}.txt").write_text(notice(n + 1), encoding="utf-8")
    out = tmp_path / "out" / "t.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--workers", "1", "--timeout", "0.5"]) == 1
    assert "timed out after 0.5 s" in errors_of(out)["a_scan.png"]
    assert [Path(Document.model_validate_json(x).source).name for x in lines(out)] == ["b0.txt", "b1.txt", "b2.txt"]


@pytest.fixture(scope="module")
def tight_memory() -> int:
    """A memory cap (MB) 400 MB above what a worker maps once it is ready."""
    with ProcessPool(1).start():
        ready = max(p.memory_info().vms for p in psutil.Process().children(recursive=True))
    return ready // 2**20 + 400


def test_memory_guard_records_the_file_and_replaces_the_worker(tmp_path: Path, tight_memory: int) -> None:
    """A 9 500 × 9 500 page (under the pixel limit) needs well over 400 MB to deskew and find its rules."""
    from PIL import Image, ImageDraw

    limit = tight_memory
    image = Image.new("L", (9_500, 9_500), 255)
    ImageDraw.Draw(image).text((100, 100), "THÔNG BÁO", fill=0)
    image.save(tmp_path / "a_big.png")
    del image
    (tmp_path / "b.txt").write_text(notice(5), encoding="utf-8")
    out = tmp_path / "out" / "t.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--workers", "1", "--max-memory", str(limit)]) == 1
    assert "out of memory" in errors_of(out)["a_big.png"] and f"{limit} MB" in errors_of(out)["a_big.png"]
    assert [Document.model_validate_json(x).number for x in lines(out)] == ["5"]


def test_image_between_one_and_two_max_pixels_is_refused(tmp_path: Path, tight_memory: int) -> None:
    """PIL itself only refuses images over twice its pixel limit; vndocx refuses them over it."""
    png_claiming(tmp_path / "bomb.png", 16_000, 16_000)
    out = tmp_path / "t.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--workers", "1", "--max-memory", str(tight_memory)]) == 1
    assert "over the 100,000,000-pixel limit" in errors_of(out)["bomb.png"]


def test_pdf_page_that_renders_too_large_is_refused(tmp_path: Path, tight_memory: int) -> None:
    """A page under the absurd-size limit that would still render to too many pixels to OCR."""
    from PIL import Image

    Image.new("L", (200, 200), 255).save(tmp_path / "poster.pdf", resolution=3)  # a 4800 pt square page
    out = tmp_path / "t.jsonl"
    assert main(["extract", str(tmp_path), "-o", str(out), "--workers", "1", "--max-memory", str(tight_memory)]) == 1
    assert "over the 100,000,000-pixel limit" in errors_of(out)["poster.pdf"]


@pytest.mark.ocr
def test_worker_killed_mid_file_is_recorded_and_replaced(tmp_path: Path) -> None:
    """What the kernel's OOM killer does: SIGKILL the worker while it reads a file."""
    need_tesseract()
    scanned_page(tmp_path / "a_scan.png")
    (tmp_path / "b.txt").write_text(notice(7), encoding="utf-8")
    out = tmp_path / "out" / "t.jsonl"
    run = subprocess.Popen([sys.executable, "-m", "vndocx.cli", "extract", str(tmp_path), "-o", str(out),
                            "--workers", "1"], stderr=subprocess.PIPE, cwd=ROOT)
    parent = psutil.Process(run.pid)
    killed = False
    for _ in range(600):
        try:
            ocr = [p for p in parent.children(recursive=True) if p.name() == "tesseract"]
            if ocr:
                os.kill(ocr[0].ppid(), signal.SIGKILL)  # the worker running tesseract
                killed = True
                break
        except psutil.NoSuchProcess:
            pass  # a short tesseract run (a line read again) ended while we looked: look again
        time.sleep(0.05)
    assert killed, "tesseract never started"
    assert run.wait(120) == 1, run.stderr.read().decode()
    assert "worker process died" in errors_of(out)["a_scan.png"] and "SIGKILL" in errors_of(out)["a_scan.png"]
    assert [Document.model_validate_json(x).number for x in lines(out)] == ["7"]


# --- resume ---------------------------------------------------------------------------------


def test_resume_skips_renamed_redoes_changed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(1, 7):
        (inbox / f"n{n}.txt").write_text(notice(n), encoding="utf-8")
    out = tmp_path / "out.jsonl"
    first = pooled(list(iter_inputs([inbox])), out, 2)
    assert (first.extracted, first.reused) == (6, 0)

    (inbox / "n1.txt").rename(inbox / "z_renamed.txt")               # same bytes, new name
    (inbox / "n2.txt").write_text(notice(22), encoding="utf-8")     # changed
    (inbox / "n3.txt").unlink()                                      # gone
    (inbox / "n9.txt").write_text(notice(9), encoding="utf-8")      # new
    done: list[str] = []
    files = list(iter_inputs([inbox]))
    second = pooled(files, out, 2, resume=True,
                    on_outcome=lambda o: done.append(Path(o.source).name if o else "reused"))
    assert (second.extracted, second.reused, second.failed) == (2, 4, 0)
    assert sorted(done) == ["n2.txt", "n9.txt", "reused", "reused", "reused", "reused"]

    fresh = tmp_path / "fresh.jsonl"
    run_batch(files, fresh, InProcess())
    assert out.read_bytes() == fresh.read_bytes()
    renamed = Document.model_validate_json(lines(out)[-1])
    assert renamed.source == str(inbox / "z_renamed.txt") and renamed.number == "1"

    third = pooled(files, out, 1, resume=True)  # nothing left to do
    assert (third.extracted, third.reused) == (0, 6) and out.read_bytes() == fresh.read_bytes()


def test_resume_ignores_records_made_with_other_options(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(notice(1), encoding="utf-8")
    out = tmp_path / "o" / "t.jsonl"
    assert main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "--workers", "0"]) == 0
    summary = run_batch([tmp_path / "a.txt"], out, InProcess(BatchOptions(restore=False)), resume=True)
    assert (summary.extracted, summary.reused) == (1, 0)


def test_resume_cuts_a_half_written_line_and_retries_failures(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for n in range(1, 5):
        (inbox / f"n{n}.txt").write_text(notice(n), encoding="utf-8")
    (inbox / "n5.txt").write_bytes(b"")
    files = list(iter_inputs([inbox]))
    out = tmp_path / "t.jsonl"
    with Journal(journal_path(out), {"restore": True}) as journal:  # what an interrupted run leaves
        journal.start()
        for outcome in InProcess().map_unordered([(0, str(files[0])), (4, str(files[4]))]):
            journal.add(outcome[1])
    with journal_path(out).open("ab") as handle:
        handle.write(b'{"sha256": "' + file_sha256(files[1]).encode() + b'", "source": "x"}\t{"source": "n2.tx')
    (inbox / "n5.txt").write_text(notice(5), encoding="utf-8")  # the failed file, now good
    summary = run_batch(files, out, InProcess(), resume=True)
    assert (summary.extracted, summary.reused, summary.failed) == (4, 1, 0)
    assert [Document.model_validate_json(x).number for x in lines(out)] == ["1", "2", "3", "4", "5"]
    assert not journal_path(out).exists()


def test_without_resume_a_leftover_journal_is_discarded(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(notice(1), encoding="utf-8")
    out = tmp_path / "o" / "t.jsonl"
    out.parent.mkdir()
    journal_path(out).write_text('{"vndocx_journal": 1, "restore": true}\n{"sha256": "x", "source": "old"}\t{}\n')
    summary = run_batch([tmp_path / "a.txt"], out, InProcess())
    assert (summary.extracted, summary.reused) == (1, 0) and len(lines(out)) == 1


def test_second_run_on_the_same_output_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(notice(1), encoding="utf-8")
    out = tmp_path / "t.jsonl"
    with Journal(journal_path(out)):
        with pytest.raises(JournalBusy):
            run_batch([tmp_path / "a.txt"], out, InProcess())
        assert main(["extract", str(tmp_path / "a.txt"), "-o", str(out), "--workers", "0"]) == 2
    assert not out.exists()


BIG = 400


@pytest.fixture(scope="module")
def big_folder(tmp_path_factory) -> tuple[Path, bytes]:
    """400 distinct notices (a few seconds of work for one worker) and their output, made in
    this process."""
    root = tmp_path_factory.mktemp("big")
    for n in range(BIG):
        (root / f"d{n:04d}.txt").write_text(notice(n), encoding="utf-8")
    out = tmp_path_factory.mktemp("big_out") / "fresh.jsonl"
    run_batch(list(iter_inputs([root])), out, InProcess())
    return root, out.read_bytes()


@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143), (signal.SIGKILL, -9)])
def test_interrupted_run_loses_nothing_written_and_resumes(big_folder, tmp_path: Path, sig, code) -> None:
    folder, expected = big_folder
    out = tmp_path / "t.jsonl"
    out.write_text("previous\n")
    command = [sys.executable, "-m", "vndocx.cli", "extract", str(folder), "-o", str(out), "--workers", "1"]
    run = subprocess.Popen(command, stderr=subprocess.PIPE, cwd=ROOT)
    journal = journal_path(out)
    workers: list[psutil.Process] = []
    for _ in range(1200):
        if journal.exists() and journal.read_bytes().count(b"\n") > 20:
            workers = psutil.Process(run.pid).children(recursive=True)
            run.send_signal(sig)
            break
        time.sleep(0.01)
    assert workers, "the run never wrote 20 records"
    assert run.wait(60) == code, run.stderr.read().decode()
    assert out.read_text() == "previous\n"  # the output is untouched until a run completes
    data = journal.read_bytes()
    complete = data[: data.rfind(b"\n") + 1].splitlines()
    assert json.loads(complete[0]) == {"vndocx_journal": 1, "restore": True}
    for line in complete[1:]:
        head, _, record = line.partition(b"\t")
        assert Document.model_validate_json(record).source == json.loads(head)["source"]
    saved = len(complete) - 1
    assert 20 <= saved < BIG
    _, alive = psutil.wait_procs(workers, timeout=10)
    assert not alive, f"workers left running: {alive}"

    resumed = subprocess.run([*command, "--resume"], capture_output=True, text=True, cwd=ROOT)
    assert resumed.returncode == 0, resumed.stderr
    assert f"({saved} reused" in resumed.stderr
    assert out.read_bytes() == expected


# --- pages of one scan in parallel ------------------------------------------------------------


@pytest.mark.ocr
def test_pages_ocr_in_parallel_same_as_in_order() -> None:
    from PIL import Image, ImageDraw, ImageFont

    from vndocx.ingest.ocr import ocr_image, ocr_pages
    from vndocx.ingest.parallel_ocr import page_threads, set_page_threads

    need_tesseract()
    font = ImageFont.truetype(str(need_font()), 30)
    pages = []
    for n in range(3):
        image = Image.new("L", (1200, 400), 255)
        draw = ImageDraw.Draw(image)
        for i, line in enumerate(notice(n + 1).splitlines()[3:9]):
            draw.text((40, 30 + 55 * i), line, fill=0, font=font)
        pages.append(image)
    rendered: list[int] = []

    def render(n: int):
        rendered.append(n)
        return pages[n - 1]

    parallel = ocr_pages([(n, lambda n=n: render(n)) for n in (1, 2, 3)], "scan.pdf", threads=3)
    in_order = [ocr_image(image, n, "scan.pdf") for n, image in enumerate(pages, start=1)]
    assert rendered == [1, 2, 3]
    assert [p.number for p in parallel] == [1, 2, 3]
    assert [[(ln.text, ln.bbox) for ln in p.lines] for p in parallel] == \
        [[(ln.text, ln.bbox) for ln in p.lines] for p in in_order]
    assert "THÔNG BÁO" in [ln.text for ln in parallel[0].lines]
    before = page_threads()
    set_page_threads(4)
    assert page_threads() == 4
    set_page_threads(0)
    assert page_threads() == 1
    set_page_threads(before)
