"""A province's archive, as issue 7 will judge it: a folder of a few thousand documents of every
kind (text, text PDF, DOCX, scanned PDF, PNG; copies under new names) with bad files mixed in,
extracted by the CLI three ways, and the outputs compared record by record:

1. in one go, ``vndocx extract FOLDER -o … --workers N``;
2. stopped by SIGINT, then resumed and stopped by SIGTERM, then resumed and killed with
   ``kill -9``, then resumed to the end (``--resume`` each time);
3. on a Dask LocalCluster (``--dask local``).

    python benchmarks/archive.py [--docs 3000] [--scans 12] [--workers 2] [--no-dask]

Prints a table and writes benchmarks/results/archive.json. It passes when the three outputs hold
the same records, byte for byte after parsing, every bad file is in each errors file with its
reason, the exit code is 1 (some files failed) each time a run ends, and no resumed run redid a
file the journal already held.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

from vndocx.batch.run import file_sha256

from common import SAMPLES, print_table, write_results

VNDOCX = [sys.executable, "-c", "from vndocx.cli import run; run()"]
ENGLISH = ("The quarterly report on road maintenance was approved by the board, and the contractor "
           "must submit the revised schedule before the end of the month. ") * 4


def _png_claiming(path: Path, width: int, height: int) -> None:
    """A tiny PNG whose header claims ``width`` × ``height`` pixels (a decompression bomb)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" + b"\xff" * (width // 8 + 1), 9)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def _locked_pdf(path: Path) -> None:
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), encrypt="mật-khẩu", invariant=1)
    c.drawString(72, 720, "THONG BAO")
    c.save()


def build_archive(root: Path, docs: int, scans: int) -> dict[str, str]:
    """Fill ``root`` with ``docs`` documents (at most ``scans`` of them scanned PDFs or PNGs)
    spread over sub-folders, plus bad files; return the bad files' names → a word their error
    must contain."""
    rendered = SAMPLES / "rendered"
    cheap = [*sorted(SAMPLES.glob("*.txt")), *sorted(p for p in rendered.glob("*.pdf") if ".scan." not in p.name),
             *sorted(rendered.glob("*.docx"))]
    costly = [*sorted(rendered.glob("*.scan.pdf")), *sorted(rendered.glob("*.png"))]
    for i in range(docs):
        source = costly[i // 2 % len(costly)] if i % 2 == 0 and i // 2 < scans else cheap[i % len(cheap)]
        folder = root / f"{i % 13:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{i:05d}_{source.name}").write_bytes(source.read_bytes())
    bad = root / "bad"
    bad.mkdir()
    (bad / "english.txt").write_text(ENGLISH, encoding="utf-8")  # kept, with a warning
    (bad / "zero.txt").write_bytes(b"")
    (bad / "setup.pdf").write_bytes(b"MZ\x90\x00\x03" + bytes(300))
    (bad / "latin1.txt").write_bytes("Kế hoạch số 12".encode("cp1258", errors="replace") + b"\xff\xfe")
    good = (rendered / "04_cong_van.pdf").read_bytes()
    (bad / "truncated.pdf").write_bytes(good[: len(good) // 2])
    _locked_pdf(bad / "locked.pdf")
    _png_claiming(bad / "bomb.png", 30000, 30000)
    (bad / "broken.docx").write_bytes(b"PK\x03\x04" + bytes(60))
    (bad / "scan.png").write_bytes((rendered / "01_thong_bao_ket_luan.png").read_bytes()[:5000])
    return {"zero.txt": "empty", "setup.pdf": "executable", "latin1.txt": "UTF-8", "truncated.pdf": "PDF",
            "locked.pdf": "password", "bomb.png": "too large", "broken.docx": "", "scan.png": "image"}


def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def _records(out: Path) -> dict[str, dict]:
    return {r["source"]: r for r in map(json.loads, _lines(out))}


def _errors(out: Path) -> dict[str, str]:
    errors = map(json.loads, _lines(out.with_name(f"{out.stem}.errors.jsonl")))
    return {Path(e["source"]).name: e["error"] for e in errors}


def _journal(path: Path) -> list[tuple[str, bool]]:
    """(sha256, holds a record) of each whole line of a journal after its header."""
    try:
        lines = path.read_bytes().split(b"\n")[1:-1]
    except FileNotFoundError:
        return []
    entries = []
    for line in lines:
        head, tab, _ = line.partition(b"\t")
        entries.append((json.loads(head)["sha256"], bool(tab)))
    return entries


def _cli(args: list[str], stop: tuple[Path, int, int] | None = None) -> tuple[int, float, str]:
    """Run ``vndocx extract ARGS``; with ``stop = (journal, lines, signal)``, send the signal once
    the journal holds that many lines (to the whole process group for kill -9, as a killed
    terminal would). Returns (exit code, seconds, what it printed on stderr)."""
    start = time.perf_counter()
    proc = subprocess.Popen([*VNDOCX, "extract", *args, "--no-progress"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, start_new_session=True)
    if stop is not None:
        journal, lines, sig = stop
        while proc.poll() is None and len(_journal(journal)) < lines:
            time.sleep(0.1)
        if proc.poll() is None:
            if sig == signal.SIGKILL:
                os.killpg(proc.pid, signal.SIGKILL)
            else:
                proc.send_signal(sig)
    _, err = proc.communicate()
    return proc.returncode, time.perf_counter() - start, err.decode(errors="replace")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=3000)
    parser.add_argument("--scans", type=int, default=12, help="how many of the documents are scanned (seconds each)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args(argv)
    rows, checks = [], {}
    with tempfile.TemporaryDirectory(prefix="vndocx-archive-") as tmp:
        work = Path(tmp)
        inbox = work / "inbox"
        expected_errors = build_archive(inbox, args.docs, args.scans)
        total = sum(1 for p in inbox.rglob("*") if p.is_file())
        common = ["--workers", str(args.workers)]

        one = work / "one" / "tasks.jsonl"
        code, seconds, _ = _cli([str(inbox), "-o", str(one), *common])
        rows.append({"run": "in one go", "exit": code, "seconds": round(seconds, 1)})
        reference = _records(one)

        # stopped three times, resumed each time: what the journal held at a stop must stay in it,
        # and no later run may extract a file whose content it already held
        resumed = work / "resumed" / "tasks.jsonl"
        journal = resumed.with_name("tasks.journal.jsonl")
        held: list[tuple[str, bool]] = []
        kept, redone = True, 0
        for n, (sig, share) in enumerate([(signal.SIGINT, 0.2), (signal.SIGTERM, 0.45), (signal.SIGKILL, 0.7)]):
            code, seconds, _ = _cli([str(inbox), "-o", str(resumed), *common, *(["--resume"] if n else [])],
                                    stop=(journal, int(share * total), sig))
            now = _journal(journal)
            done_before = {sha for sha, record in held if record}
            kept &= now[:len(held)] == held
            redone += sum(1 for sha, record in now[len(held):] if record and sha in done_before)
            held = now
            rows.append({"run": f"stopped by {signal.Signals(sig).name}", "exit": code, "seconds": round(seconds, 1),
                         "files in journal": len(held)})
        code, seconds, err = _cli([str(inbox), "-o", str(resumed), *common, "--resume"])
        done = {sha for sha, record in held if record}
        should_reuse = sum(1 for p in inbox.rglob("*") if p.is_file() and file_sha256(p) in done)
        reused = re.search(r"\((\d+) reused", err)
        rows.append({"run": "resumed to the end", "exit": code, "seconds": round(seconds, 1),
                     "reused": int(reused.group(1)) if reused else 0})
        checks["each stop kept every line the journal held"] = kept
        checks["no file done twice across stops"] = redone == 0 and rows[-1]["reused"] == should_reuse
        checks["resumed run equals the run in one go"] = _records(resumed) == reference

        if not args.no_dask:
            dask = work / "dask" / "tasks.jsonl"
            code, seconds, _ = _cli([str(inbox), "-o", str(dask), "--dask", "local"])
            rows.append({"run": "Dask LocalCluster", "exit": code, "seconds": round(seconds, 1)})
            checks["Dask run equals the run in one go"] = _records(dask) == reference

        outputs = [one, resumed] + ([] if args.no_dask else [dask])
        for out in outputs:
            errors, records = _errors(out), _records(out)
            name = out.parent.name
            checks[f"{name}: every bad file recorded with its reason"] = all(
                word.lower() in errors.get(bad, "\0").lower() for bad, word in expected_errors.items())
            checks[f"{name}: every good file has a record"] = len(records) == total - len(expected_errors)
            english = records.get(str(inbox / "bad" / "english.txt"), {})
            checks[f"{name}: foreign text kept with a warning"] = any(
                "not read as Vietnamese" in w for w in english.get("warnings", []))
        checks["every finished run exits 1 (some files failed)"] = all(
            r["exit"] == 1 for r in rows if not r["run"].startswith("stopped"))

    print_table(["run", "exit", "s", "files in journal", "reused"],
                [[r["run"], r["exit"], r["seconds"], r.get("files in journal", ""), r.get("reused", "")] for r in rows])
    print(f"\n{total} files ({args.docs} documents, {args.scans} of them scanned, {len(expected_errors)} bad)")
    for check, ok in checks.items():
        print(f"  {'PASS' if ok else 'FAIL'}  {check}")
    passed = all(checks.values())
    out = write_results("archive", {"files": total, "documents": args.docs, "scanned": args.scans,
                                    "bad": sorted(expected_errors), "workers": args.workers, "runs": rows,
                                    "checks": checks, "pass": passed})
    print(f"\n{'PASS' if passed else 'FAIL'}; written {out}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
