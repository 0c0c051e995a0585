"""The reader process (``isolation="process"``): a crash, an out-of-memory or a time-out of a
native reader is a named error and the caller goes on; the process is reused; nothing it
started outlives the caller."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

import hostile_inputs as h
from vndocx import CorruptFile, Limits, TooLarge, extract
from vndocx.isolation import ReaderProcess, is_native

from conftest import SAMPLES, need_tesseract

ROOT = Path(__file__).resolve().parents[1]
PDF = SAMPLES / "rendered" / "01_thong_bao_ket_luan.pdf"
SCAN = SAMPLES / "rendered" / "01_thong_bao_ket_luan.scan.pdf"


def test_pdf_reads_in_the_child_as_in_process() -> None:
    reader = ReaderProcess()
    try:
        from vndocx.ingest import read

        here = read(PDF)
        there = reader.read(PDF)
        assert [ln.text for p in there for ln in p.lines] == [ln.text for p in here for ln in p.lines]
        first = reader._process.pid
        start = time.perf_counter()
        reader.read(PDF)
        assert reader._process.pid == first  # reused
        assert time.perf_counter() - start < 5
    finally:
        reader.close()
    assert reader._process is None


def test_errors_of_the_child_arrive_with_their_fields(tmp_path: Path) -> None:
    reader = ReaderProcess()
    try:
        with pytest.raises(TooLarge) as caught:
            reader.read(h.blank_pages_pdf(tmp_path, pages=30), Limits(pages=20))
        assert (caught.value.what, caught.value.limit, caught.value.value) == ("pages", 20, 30)
        assert reader.read(PDF)  # the same child goes on
    finally:
        reader.close()


def test_time_limit_stops_the_child(tmp_path: Path) -> None:
    need_tesseract()
    reader = ReaderProcess()
    try:
        reader.read(PDF)  # started and warm
        start = time.perf_counter()
        with pytest.raises(TooLarge, match="over the 1-second limit"):
            reader.read(SCAN, Limits(seconds=1))
        assert time.perf_counter() - start < 4
        assert reader.read(PDF)  # a fresh child takes over
    finally:
        reader.close()


def test_a_crash_of_the_child_is_corrupt_file() -> None:
    need_tesseract()
    reader = ReaderProcess()
    try:
        reader.read(PDF)
        pid = reader._process.pid
        threading.Timer(1.0, os.kill, (pid, signal.SIGSEGV)).start()
        with pytest.raises(CorruptFile, match="SIGSEGV"):
            reader.read(SCAN)
        assert reader.read(PDF)
    finally:
        reader.close()


def test_out_of_memory_in_the_child_is_a_named_error(tmp_path: Path) -> None:
    # a header bomb let through (pixels limit raised) meets the memory cap instead
    reader = ReaderProcess()
    try:
        with pytest.raises((TooLarge, CorruptFile)) as caught:
            reader.read(h.png_header_bomb(tmp_path, 40_000, 40_000), Limits(pixels=10**10, memory_mb=1200))
        assert "memory" in str(caught.value)
    finally:
        reader.close()


def test_text_and_docx_stay_in_process(tmp_path: Path) -> None:
    text = tmp_path / "a.txt"
    text.write_text(h.LETTER, encoding="utf-8")
    assert not is_native(text)
    assert is_native(PDF)
    disguised = tmp_path / "scan.txt"
    disguised.write_bytes(PDF.read_bytes())
    assert is_native(disguised)


def test_isolation_none_checks_the_limits_too(tmp_path: Path) -> None:
    with pytest.raises(TooLarge, match="5,000 pages"):
        extract(h.blank_pages_pdf(tmp_path), isolation="none")
    with pytest.raises(ValueError, match="isolation"):
        extract(PDF, isolation="thread")


_CALLER = """
import sys, threading, time
import vndocx
from vndocx.isolation import reader_pids
threading.Thread(target=vndocx.extract, args=(sys.argv[1],), daemon=True).start()
while not reader_pids():
    time.sleep(0.01)
print(reader_pids()[0], flush=True)
time.sleep(60)
"""


def _tesseract_in(pgid: int) -> bool:
    """Whether a tesseract process runs in process group ``pgid``."""
    for pid in _group(pgid):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == "tesseract":
                return True
        except OSError:
            continue
    return False


def _group(pgid: int) -> list[int]:
    """Processes whose process group is ``pgid`` (Linux /proc)."""
    found = []
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                stat = Path(f"/proc/{name}/stat").read_bytes()
            except OSError:
                continue
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[2]) == pgid and fields[0] != b"Z":
                found.append(int(name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_nothing_outlives_a_killed_caller() -> None:
    need_tesseract()
    caller = subprocess.Popen([sys.executable, "-c", _CALLER, str(SCAN)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        child = int(caller.stdout.readline())
        deadline = time.monotonic() + 30
        started = False
        while not (started := _tesseract_in(child)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started, "tesseract never started in the reader's group"
        caller.kill()
        caller.wait()
        deadline = time.monotonic() + 1.5  # well before the page's OCR would end by itself
        while _group(child) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(child) == []
    finally:
        caller.kill()


_POOL_CALLER = """
import sys
from vndocx.batch.run import BatchOptions
from vndocx.batch.pool import ProcessPool
pool = ProcessPool(1, BatchOptions()).start()
print(pool._slots[0].process.pid, flush=True)
list(pool.map_unordered([(0, sys.argv[1])]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG and /proc are Linux's")
def test_pool_workers_tesseract_ends_with_a_killed_run() -> None:
    need_tesseract()
    caller = subprocess.Popen([sys.executable, "-c", _POOL_CALLER, str(SCAN)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    try:
        worker = int(caller.stdout.readline())
        deadline = time.monotonic() + 60
        started = False
        while not (started := _tesseract_in(worker)) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started, "tesseract never started in the worker's group"
        caller.kill()
        caller.wait()
        deadline = time.monotonic() + 1.5  # well before the page's OCR would end by itself
        while _group(worker) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _group(worker) == [], [Path(f"/proc/{pid}/stat").read_text()[:60] for pid in _group(worker)]
    finally:
        caller.kill()


def test_threads_read_in_children_of_their_own_and_reuse_them() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from vndocx.isolation import isolated_read, reader_pids

    with ThreadPoolExecutor(2) as pool:
        first = list(pool.map(isolated_read, [PDF, PDF]))
    pids = set(reader_pids())
    assert 1 <= len(pids) <= 2
    assert all(pages for pages in first)
    isolated_read(PDF)
    assert set(reader_pids()) == pids  # reused, none started
