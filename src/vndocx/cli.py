"""Command line: ``vndocx extract``, ``vndocx report``, ``vndocx schema``, ``vndocx validate``,
``vndocx repair``.

Exit codes: 0 success, 1 when any input file failed, 2 for a usage error (or an output another
run is writing), 143 when stopped by SIGTERM; Ctrl-C raises KeyboardInterrupt as usual. Either
way the finished files are kept for ``--resume``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vndocx.batch import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT, BatchOptions, Outcome, iter_inputs
from vndocx.records import Document


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so a run stops as cleanly as on Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated


def _progress_bar(total: int, show: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if show is None else show
    return tqdm(total=total, unit="doc", disable=not show, file=sys.stderr, smoothing=0.1)


def _executor(args: argparse.Namespace, options: BatchOptions):
    """The executor the options ask for: Dask, this process (0 workers) or a process pool."""
    from vndocx.pool import InProcess, ProcessPool

    if args.dask:
        from vndocx.dask import DaskExecutor

        return DaskExecutor.connect(args.dask, options, workers=args.workers)
    if args.workers == 0:
        return InProcess(options)
    return ProcessPool(args.workers, options)


def cmd_extract(args: argparse.Namespace) -> int:
    import signal
    import threading

    from vndocx.batch import run_batch
    from vndocx.journal import JournalBusy
    from vndocx.pool import WorkerStartError, default_workers, page_threads_for

    try:
        files = list(iter_inputs(args.paths))
    except FileNotFoundError as err:
        print(f"vndocx: no such file or folder: {err}", file=sys.stderr)
        return 2
    if args.workers is None:
        args.workers = default_workers()
    if args.workers < 0 or (args.timeout or 0) < 0 or (args.max_memory or 0) < 0:
        print("vndocx: --workers, --timeout and --max-memory must not be negative", file=sys.stderr)
        return 2
    options = BatchOptions(
        restore=not args.no_restore,
        timeout=args.timeout or None,
        max_memory_mb=args.max_memory or None,
        ocr_threads=page_threads_for(max(1, args.workers), len(files)),
    )
    out, table, fmt = _split_output(args.output, args.format)
    bar = _progress_bar(len(files), args.progress)

    def step(outcome: Outcome | None) -> None:
        if outcome is not None and not outcome.ok:
            bar.write(f"vndocx: {outcome.source}: {outcome.error}", file=sys.stderr)
        if outcome is not None:
            bar.set_postfix_str(Path(outcome.source).name[-30:], refresh=False)
        bar.update()

    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with _executor(args, options) as executor:
            summary = run_batch(files, out, executor, resume=args.resume, on_outcome=step)
    except (JournalBusy, WorkerStartError, OSError) as err:
        bar.close()
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        bar.close()
        print(f"vndocx: interrupted; finished files are kept in {out.stem}.journal.jsonl: run the same "
              "command with --resume to go on", file=sys.stderr)
        if isinstance(err, Terminated):
            return 143
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    bar.close()
    line = f"{summary.documents} document(s) → {out}"
    if summary.reused:
        line += f" ({summary.reused} reused from the earlier run)"
    if summary.failed:
        line += f"; {summary.failed} failed → {summary.errors}"
    print(line, file=sys.stderr)
    if table is not None:
        from vndocx.export import convert

        try:
            written = convert(out, table, fmt)
        except ValueError as err:
            print(f"vndocx: {err}", file=sys.stderr)
            return 2
        print(f"register → {', '.join(map(str, written))}", file=sys.stderr)
    return 1 if summary.failed else 0


def cmd_schema(args: argparse.Namespace) -> int:
    print(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    bad = 0
    for number, line in enumerate(args.file.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            Document.model_validate_json(line)
        except ValueError as err:
            bad += 1
            print(f"{args.file}:{number}: {err}", file=sys.stderr)
    return 1 if bad else 0


def cmd_repair(args: argparse.Namespace) -> int:
    from vndocx.ingest import read
    from vndocx.repair import diff, normalize, repair_text

    try:
        pages = read(args.file)
    except Exception as err:
        print(f"vndocx: {err}", file=sys.stderr)
        return 1
    before = "\n".join(normalize(line.text) for page in pages for line in page.lines)
    after, warnings = repair_text(before)
    print(diff(before, after) if args.diff else after)
    for warning in warnings:
        print(f"vndocx: {warning}", file=sys.stderr)
    return 0


def _add_batch_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--no-restore", action="store_true", help="do not restore missing diacritics")
    p.add_argument("-w", "--workers", type=int, default=None, metavar="N",
                   help="worker processes (default: the number of cores; 0: extract in this process, "
                   "without time limit or memory guard)")
    p.add_argument("--resume", action="store_true",
                   help="reuse the records of an interrupted or earlier run into the same output, by content "
                   "hash (renamed files are not redone, changed ones are)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"time limit per file (default {DEFAULT_TIMEOUT:g}; 0: none)")
    p.add_argument("--max-memory", type=int, default=DEFAULT_MAX_MEMORY_MB, metavar="MB",
                   help=f"memory (address space) per worker (default {DEFAULT_MAX_MEMORY_MB}; 0: none)")
    p.add_argument("--dask", metavar="ADDRESS",
                   help="run on a Dask cluster: a scheduler address (tcp://host:8786) or 'local' for a "
                   "LocalCluster of --workers processes")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar with documents/s and ETA (default: when stderr is a terminal)")


def _split_output(out: Path, fmt: str | None) -> tuple[Path, Path | None, str]:
    """(the JSONL the batch writes, the table to convert it into or None, the format)."""
    from vndocx.export import FORMATS

    suffix = out.suffix.lstrip(".").lower()
    fmt = fmt or (suffix if suffix in FORMATS else "jsonl")
    if fmt == "jsonl":
        return out, None, fmt
    if suffix == "jsonl":
        return out, out.with_suffix(f".{fmt}"), fmt
    return out.with_suffix(".jsonl"), out, fmt


def cmd_report(args: argparse.Namespace) -> int:
    from vndocx.export import iter_jsonl
    from vndocx.report import write_report

    page: Path = args.output
    inputs = [Path(p) for p in args.paths if p.endswith(".jsonl") and Path(p).is_file()]
    sources = [p for p in args.paths if not (p.endswith(".jsonl") and Path(p).is_file())]
    code = 0
    if sources:
        records = page.with_suffix(".jsonl")
        args.paths, args.output, args.format = sources, records, "jsonl"
        code = cmd_extract(args)
        if code not in (0, 1):
            return code
        inputs.append(records)
    try:
        write_report((d for p in inputs for d in iter_jsonl(p)), page, args.today, title=args.title)
    except (OSError, ValueError) as err:
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    print(f"report → {page}", file=sys.stderr)
    return code


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vndocx", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract records from files and folders into JSONL (or CSV, Excel, Parquet)")
    p.add_argument("paths", nargs="+", help="files, or folders to search recursively")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="output file: .jsonl, or .csv/.xlsx/.parquet for a task register (the JSONL of full "
                   "records is then written beside it)")
    p.add_argument("--format", choices=["jsonl", "csv", "xlsx", "parquet"], default=None,
                   help="output format (default: from the suffix of --output; jsonl when it says none)")
    _add_batch_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("report", help="extract files and folders (or read .jsonl records) into an HTML task register")
    p.add_argument("paths", nargs="+", help="files or folders to extract, or .jsonl files written by `vndocx extract`")
    from vndocx.report import add_report_arguments

    add_report_arguments(p)  # -o/--output, --today, --title
    _add_batch_options(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("schema", help="print the JSON schema of one output record")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("validate", help="check every line of a JSONL output against the schema")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("repair", help="print a file's text with Unicode and diacritics repaired")
    p.add_argument("file", type=Path)
    p.add_argument("--diff", action="store_true", help="show what changed instead of the text")
    p.set_defaults(func=cmd_repair)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


def run() -> None:
    """Console entry point: ``main`` with Ctrl-C ending the program quietly (exit 130)."""
    try:
        code = main()
    except KeyboardInterrupt:
        code = 130
    sys.exit(code)


if __name__ == "__main__":
    run()
