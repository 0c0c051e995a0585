"""The hostile sweep of issue 15: every class of hostile input (``tests/hostile_corpus.py``,
``--scale full``: more sizes and variants than the tests), each file through ``vndocx extract``
(one CLI run per file) and through ``vndocx.extract()`` (a child process per file under an
address-space limit), plus one CLI run over the whole mixed folder.

    nice python benchmarks/hostile.py [--scale full|test] [--memory-mb 1024] [--timeout 20]
                                      [--src PATH] [--name hostile] [--no-per-file-cli]

Prints a table category × outcome (record / named error / hang / crash / traceback / lost;
time max, memory max) for the library and the CLI, and writes benchmarks/results/NAME.json.
Targets: 0 hangs, 0 crashes, 0 tracebacks, 0 lost over the whole sweep; every refusal under
5 s and under 1 GB; no /etc/passwd content in any output; in the mixed folder every good file
has its record and nothing is written outside the output. ``--src`` runs another checkout's
``src`` (e.g. main's, for a before/after), ``--name`` names the result file.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile_corpus as hc

from common import ROOT, write_results

OUTCOMES = ("record", "named error", "hang", "crash", "traceback", "lost")
REFUSAL_SECONDS = 5.0
REFUSAL_MB = 1024


def table(title: str, cases: list[hc.Case], results: dict[str, hc.Result]) -> dict[str, dict]:
    """Print category × outcome for ``results``; returns the rows."""
    rows: dict[str, dict] = {}
    by_category: dict[str, list[hc.Result]] = defaultdict(list)
    for case in cases:
        result = results.get(Path(case.name).name)
        if result is not None:
            by_category[case.category].append(result)
    print(f"\n{title}")
    head = f"{'category':24}" + "".join(f"{o:>12}" for o in OUTCOMES) + f"{'time max':>10}{'MB max':>8}"
    print(head)
    print("-" * len(head))
    for category, found in by_category.items():
        counts = Counter(r.outcome for r in found)
        seconds = max(r.seconds for r in found)
        memory = max(r.max_rss_mb for r in found)
        per_file = {hc.shown_name(r.name): [r.outcome, hc.shown_name(r.detail[:200]), round(r.seconds, 2)]
                    for r in found}
        rows[category] = {**{o: counts.get(o, 0) for o in OUTCOMES}, "seconds_max": round(seconds, 2),
                          "mb_max": round(memory), "files": per_file}
        print(f"{category:24}" + "".join(f"{counts.get(o, 0) or '':>12}" for o in OUTCOMES)
              + f"{seconds:>10.2f}{memory:>8.0f}")
    return rows


def passwd_leaks(texts: list[str]) -> int:
    return sum(hc.PASSWD_MARK in text for text in texts)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("full", "test"), default="full")
    parser.add_argument("--memory-mb", type=int, default=REFUSAL_MB)
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per file before it counts as a hang")
    parser.add_argument("--src", type=Path, default=ROOT / "src")
    parser.add_argument("--name", default="hostile")
    parser.add_argument("--no-per-file-cli", action="store_true", help="only the mixed-folder CLI run")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="vndocx-hostile-"))
    try:
        inbox = work / "inbox"
        start = time.perf_counter()
        cases = hc.write_corpus(inbox, args.scale)
        print(f"{len(cases)} inputs written in {time.perf_counter() - start:.1f} s under {inbox}")
        files = [inbox / c.name for c in cases if not (inbox / c.name).is_dir() or (inbox / c.name).is_symlink()]

        library = hc.run_library(files, args.memory_mb, args.timeout, one_process_each=True, src=args.src)
        library_rows = table(f"vndocx.extract() (one process each, RLIMIT_AS {args.memory_mb} MB)", cases, library)

        cli: dict[str, hc.Result] = {}
        if not args.no_per_file_cli:
            for case in cases:
                out = work / "out_one" / f"{len(cli)}.jsonl"
                scratch = work / "tmp_one"
                scratch.mkdir(exist_ok=True)
                run = hc.run_cli([inbox / case.name], out, "--timeout", str(args.timeout), "--max-memory",
                                 str(args.memory_mb), timeout=args.timeout * 3 + 60, tmpdir=scratch, src=args.src)
                shown = hc.shown_name(Path(case.name).name)
                if (inbox / case.name).is_dir() and not (inbox / case.name).is_symlink():
                    result = hc.Result(shown, "record" if run.records else "named error",
                                       f"a folder: {len(run.records)} records, {len(run.errors)} listed")
                else:
                    result = hc.cli_outcome(shown, run)
                if "Traceback" in run.stderr:
                    result = hc.Result(shown, "traceback", run.stderr[-300:])
                if run.code not in (0, 1):
                    result = hc.Result(shown, "crash" if run.code < 0 else "traceback",
                                       f"exit {run.code}: {run.stderr[-300:]}")
                result.seconds = run.seconds
                cli[case.name] = result
                shutil.rmtree(work / "out_one", ignore_errors=True)
            cli_rows = table("vndocx extract FILE (one run per file)", cases, cli)
        else:
            cli_rows = {}

        before = hc.tree(inbox)
        scratch = work / "tmp_mixed"
        scratch.mkdir()
        out = work / "out" / "tasks.jsonl"
        mixed = hc.run_cli([inbox], out, "--timeout", str(args.timeout), "--max-memory", str(args.memory_mb),
                           "--workers", "2", timeout=1800, tmpdir=scratch, src=args.src)
        good = [hc.shown_name(c.name) for c in cases if c.good]
        missing_good = [name for name in good if name not in mixed.records]
        outside = sorted(set(hc.tree(inbox).items()) ^ set(before.items())) + sorted(hc.tree(scratch))
        texts = [*(r.text for r in library.values()), *(r.text for r in cli.values())]
        out_texts = [p.read_text(encoding="utf-8", errors="replace") for p in (work / "out").rglob("*") if p.is_file()]
        mixed_bad = {n: e for n, e in mixed.errors.items() if e.startswith(hc.BAD_CLI_ERRORS)}
        print(f"\nmixed folder, one CLI run (2 workers): exit {mixed.code}, {mixed.seconds:.1f} s, "
              f"{len(mixed.records)} records, {len(mixed.errors)} listed in the errors file; "
              f"good files without a record: {missing_good or 'none'}; traceback: {'Traceback' in mixed.stderr}; "
              f"hang/crash/internal errors: {mixed_bad or 'none'}; written outside the output: {outside or 'none'}")
        leaks = passwd_leaks(texts + out_texts)
        print(f"/etc/passwd content in outputs: {leaks}")

        all_results = [*library.values(), *cli.values()]
        refusals = [r for r in all_results if r.outcome == "named error"]
        summary = {
            "hangs": sum(r.outcome == "hang" for r in all_results)
            + sum(e.startswith("timed out") for e in mixed_bad.values()),
            "crashes": sum(r.outcome == "crash" for r in all_results)
            + sum(not e.startswith("timed out") for e in mixed_bad.values()),
            "tracebacks": sum(r.outcome == "traceback" for r in all_results) + ("Traceback" in mixed.stderr),
            "lost": sum(r.outcome == "lost" for r in all_results) + len(missing_good),
            "refusals_over_5s": sorted({r.name for r in refusals if r.seconds > REFUSAL_SECONDS}),
            "refusals_over_1gb": sorted({r.name for r in library.values()
                                         if r.outcome == "named error" and r.max_rss_mb > REFUSAL_MB}),
            "passwd_leaks": leaks,
            "written_outside_output": [str(x) for x in outside],
        }
        print("summary:", {k: v for k, v in summary.items()})
        path = write_results(args.name, {
            "scale": args.scale, "src": str(args.src), "memory_mb": args.memory_mb, "timeout_s": args.timeout,
            "inputs": len(cases), "summary": summary, "library": library_rows, "cli_per_file": cli_rows,
            "mixed_folder": {"exit": mixed.code, "seconds": round(mixed.seconds, 1), "records": len(mixed.records),
                             "listed": len(mixed.errors), "good_without_record": missing_good,
                             "bad_errors": mixed_bad, "traceback": "Traceback" in mixed.stderr},
            "load_average": os.getloadavg(),
        })
        print(f"→ {path}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
