"""Cost of reading in the reader process (``isolation="process"``) against in process
(``isolation="none"``): the first call (the child starts and imports the readers) and the calls
after it (the child reused), on the small sample PDFs and one scan.

    python benchmarks/isolation.py        # prints the table, writes benchmarks/results/isolation.json
"""

from __future__ import annotations

import statistics
import time

from vndocx.ingest import read
from vndocx.isolation import ReaderProcess

from common import SAMPLES, print_table, write_results

REPEATS = 5


def _seconds(call, path) -> float:
    start = time.perf_counter()
    call(path)
    return time.perf_counter() - start


def main() -> None:
    rendered = SAMPLES / "rendered"
    files = [*(rendered / f"{stem}.pdf" for stem in ("01_thong_bao_ket_luan", "02_ke_hoach", "03_bao_cao")),
             rendered / "01_thong_bao_ket_luan.scan.pdf"]
    reader = ReaderProcess()
    rows, payload = [], []
    try:
        first = _seconds(reader.read, files[0])
        read(files[0])  # warm in process as well
        for path in files:
            here = statistics.median(_seconds(read, path) for _ in range(REPEATS))
            there = statistics.median(_seconds(reader.read, path) for _ in range(REPEATS))
            rows.append([path.name, here, there, there - here])
            payload.append({"file": path.name, "in_process_s": here, "reader_process_s": there,
                            "overhead_s": there - here})
    finally:
        reader.close()
    print(f"first call (child start + imports + {files[0].name}): {first:.3f} s")
    print_table(["file", "in process s", "reader process s", "overhead s"], rows)
    out = write_results("isolation", {"first_call_s": first, "repeats": REPEATS, "files": payload})
    print(f"written: {out}")


if __name__ == "__main__":
    main()
