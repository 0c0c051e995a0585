"""vndocx: Vietnamese administrative documents to records of who must do what, by when.

Commands:
  extract    files and folders to JSONL records (or a CSV, Excel or Parquet task register)
  report     files, folders or JSONL records to an HTML task register
  merge      a corrected Excel register back into the records (corrections kept for re-runs)
  repair     a file's text with Unicode and diacritics repaired
  schema     the JSON schema of one output record
  validate   check a JSONL output against the schema

Run "vndocx COMMAND --help" for a command's options.

Exit codes: 0 success, 1 when any input file failed, 2 for a usage error (or an output another
run is writing), 143 when stopped by SIGTERM, 130 on Ctrl-C; either way the finished files are
kept for --resume. Output closed early (vndocx schema | head) ends quietly.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

from vndocx.batch.run import DEFAULT_MAX_MEMORY_MB, DEFAULT_TIMEOUT

# At most this many files are extracted in the calling process when no --workers is given:
# starting a pool costs more than they take (the time limit and memory cap still apply).
FEW_FILES = 4
FORMAT_SUFFIXES = {"jsonl": ".jsonl", "csv": ".csv", "xlsx": ".xlsx", "parquet": ".parquet"}


class Terminated(KeyboardInterrupt):
    """SIGTERM, turned into an exception so a run stops as cleanly as on Ctrl-C."""


def _on_sigterm(signum, frame) -> None:
    raise Terminated


def _progress_bar(total: int, show: bool | None):
    from tqdm import tqdm

    show = sys.stderr.isatty() if show is None else show
    return tqdm(total=total, unit="doc", disable=not show, file=sys.stderr, smoothing=0.1)


def _in_process(args: argparse.Namespace, files: list) -> bool:
    """Whether to extract here, without a pool: ``--workers 0``, or a few files and no --workers."""
    from vndocx.batch.pool import InProcess

    if args.dask:
        return False
    if args.workers == 0:
        return True
    return args.workers is None and len(files) <= FEW_FILES and InProcess.can_guard()


def _executor(args: argparse.Namespace, options):
    """The executor the options ask for: Dask, this process (guarded for a few files; unguarded
    with 0 workers) or a process pool."""
    from vndocx.batch.pool import InProcess, ProcessPool

    if args.dask:
        from vndocx.batch.dask import DaskExecutor

        return DaskExecutor.connect(args.dask, options, workers=args.workers)
    if args.workers == 0:
        return InProcess(options)
    if args.workers is None:
        return InProcess(options, guard=True)
    return ProcessPool(args.workers, options)


def cmd_extract(args: argparse.Namespace) -> int:
    import signal
    import threading

    from vndocx.batch.inputs import display_source, scan_inputs, skipped_summary
    from vndocx.batch.journal import JournalBusy
    from vndocx.batch.outputs import OutputError, check_outputs, clean_leftovers, reader_scratch
    from vndocx.batch.pool import WorkerStartError, default_workers, page_threads_for
    from vndocx.batch.run import BatchOptions, Outcome, run_batch

    try:
        inputs = scan_inputs(args.paths)
    except FileNotFoundError as err:
        print(f"vndocx: no such file or folder: {err}", file=sys.stderr)
        return 2
    files = inputs.files
    if (args.workers or 0) < 0 or (args.timeout or 0) < 0 or (args.max_memory or 0) < 0:
        print("vndocx: --workers, --timeout and --max-memory must not be negative", file=sys.stderr)
        return 2
    try:
        limits = _limits(args)
    except ValueError as err:
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    here = _in_process(args, files)
    if not here and args.workers is None:
        args.workers = default_workers()
    try:
        out, table, fmt = _split_output(args.output, args.format)
    except ValueError as err:
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    guarded_here = here and args.workers is None and not args.dask
    if guarded_here:
        # extracted in this process: PDFs and images are read in a reader child, so that a crash
        # of pdfium ends that child, not the run; it stops itself just before --timeout would
        limits = replace(limits, seconds=max(1, int((args.timeout or 0) * 0.9)) if args.timeout else 0,
                         memory_mb=args.max_memory or 0)
    options = BatchOptions(
        restore=not args.no_restore,
        timeout=args.timeout or None,
        max_memory_mb=args.max_memory or None,
        ocr_threads=default_workers() if here else page_threads_for(max(1, args.workers), len(files)),
        limits=limits,
        isolation="process" if guarded_here else "none",
    )
    shown = table or out
    if shown.parent.name == ".vndocx":  # vndocx report's records: their errors go beside the page
        shown = shown.parent.parent / shown.name
    errors = shown.with_name(f"{shown.stem}.errors.jsonl")
    from vndocx.batch.run import index_path, journal_path

    registers = [] if table is None else _register_paths(table, fmt)
    try:  # before any work: a refused output must not cost the run
        check_outputs([out, errors, journal_path(out), index_path(out), *registers], files)
    except OutputError as err:
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    bar = _progress_bar(len(files), args.progress)

    def step(outcome: Outcome | None) -> None:
        if outcome is not None and not outcome.ok:
            bar.write(f"vndocx: {display_source(outcome.source)}: {display_source(outcome.error or '')}",
                      file=sys.stderr)
        if outcome is not None:
            bar.set_postfix_str(Path(display_source(outcome.source)).name[-30:], refresh=False)
        bar.update()

    for skipped in inputs.skipped:
        bar.write(f"vndocx: {skipped.source}: {skipped.error}", file=sys.stderr)
    previous = None
    if threading.current_thread() is threading.main_thread():
        previous = signal.signal(signal.SIGTERM, _on_sigterm)

    def note(line: str) -> None:
        bar.write(f"vndocx: {line}", file=sys.stderr)

    try:
        with reader_scratch(), _executor(args, options) as executor:
            summary = run_batch(files, out, executor, resume=args.resume, on_outcome=step,
                                skipped=inputs.skipped, errors=errors, on_note=note)
    except (JournalBusy, WorkerStartError, OSError) as err:
        bar.close()
        print(f"vndocx: {err}", file=sys.stderr)
        return 2
    except KeyboardInterrupt as err:
        bar.close()
        print(f"vndocx: interrupted; finished files are kept in {display_source(journal_path(out))}: run the same "
              "command with --resume to go on", file=sys.stderr)
        if isinstance(err, Terminated):
            return 143
        raise
    finally:
        if previous is not None:
            signal.signal(signal.SIGTERM, previous)
    bar.close()
    written = [out]
    if table is not None:
        from vndocx.export import convert

        clean_leftovers(registers)
        try:
            written = convert(out, table, fmt)
        except ValueError as err:
            print(f"vndocx: {err}", file=sys.stderr)
            return 2
    line = f"{summary.documents} extracted"
    if summary.reused:
        line += f" ({summary.reused} reused from the earlier run)"
    line += f", {summary.failed} failed"
    if summary.skipped:
        line += f", {skipped_summary(inputs.skipped)}"
    line += f" → {', '.join(map(display_source, written))}"
    if summary.errors:
        line += f"; reasons in {display_source(summary.errors)}"
    print(line, file=sys.stderr)
    return 1 if summary.failed else 0


LIMIT_OPTIONS = {  # Limits field: (option, what it bounds)
    "pages": ("--max-pages", "pages per document"),
    "frames": ("--max-frames", "frames per image (multi-page TIFF, APNG)"),
    "pixels": ("--max-pixels", "pixels per page or image"),
    "text_bytes": ("--max-text-bytes", "bytes of text per document"),
    "line_chars": ("--max-line-chars", "characters per line (longer lines are cut there, with a warning)"),
    "paragraphs": ("--max-paragraphs", "paragraphs per DOCX"),
    "stream_bytes": ("--max-stream-bytes", "decompressed bytes per PDF stream or DOCX part"),
}


def _limits(args: argparse.Namespace):
    """The ``vndocx.limits.Limits`` of the --max-* options; ValueError for one below 1."""
    from vndocx.limits import Limits

    values = {field: getattr(args, option[2:].replace("-", "_")) for field, (option, _) in LIMIT_OPTIONS.items()}
    for field, value in values.items():
        if value < 1:
            raise ValueError(f"{LIMIT_OPTIONS[field][0]} must be at least 1 (got {value})")
    return Limits(**values)


def _register_paths(table: Path, fmt: str) -> list[Path]:
    """The files a register export writes: the table, and for CSV and Parquet its documents table."""
    from vndocx.export import companion_path

    return [table, companion_path(table, "documents")] if fmt in ("csv", "parquet") else [table]


def cmd_schema(args: argparse.Namespace) -> int:
    from vndocx.records import Document

    print(json.dumps(Document.model_json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from vndocx.records import Document

    bad = total = 0
    try:
        with args.file.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                total += 1
                try:
                    Document.model_validate_json(line)
                except ValueError as err:
                    bad += 1
                    print(f"{args.file}:{number}: {err}", file=sys.stderr)
    except OSError as err:
        print(f"vndocx: {args.file}: {err.strerror}", file=sys.stderr)
        return 2
    except UnicodeDecodeError:
        print(f"vndocx: {args.file}: not UTF-8 text, not a vndocx output", file=sys.stderr)
        return 1
    if bad:
        print(f"{args.file}: {bad} of {total} records invalid", file=sys.stderr)
        return 1
    print(f"{args.file}: {total} record{'' if total == 1 else 's'} valid")
    return 0


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
                   help="worker processes (default: up to 4 files are extracted in this process, under the "
                   "time limit and memory cap; more in one worker per core; 0: in this process, without time "
                   "limit or memory guard)")
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
    from vndocx.limits import DEFAULT_LIMITS

    group = p.add_argument_group("limits", "checked before the work they would cost: a document over one is "
                                  "refused at once with the reason (TooLarge)")
    for field, (option, what) in LIMIT_OPTIONS.items():
        default = getattr(DEFAULT_LIMITS, field)
        group.add_argument(option, type=int, default=default, metavar="N", help=f"{what} (default {default:,})")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="show a progress bar with documents/s and ETA (default: when stderr is a terminal)")


def output_path(out: Path, fmt: str | None) -> tuple[Path, str]:
    """The file ``-o`` names with ``--format``'s extension, and the format: ``out`` with
    ``--format csv`` → ``out.csv``; ``tasks.jsonl`` with ``--format csv`` → ``tasks.csv``;
    without ``--format`` the suffix says (``register.xlsx``), and a name without a known one is
    JSONL (``tasks`` → ``tasks.jsonl``). Raises ValueError for an unknown suffix such as ``.xls``
    when no --format is given."""
    suffix = out.suffix.lower()
    known = {v: k for k, v in FORMAT_SUFFIXES.items()}
    if fmt is None:
        if suffix in known:
            return out, known[suffix]
        if suffix in (".xls", ".tsv", ".json", ".htm", ".html"):
            raise ValueError(f"{out}: cannot write {suffix} files; name a .jsonl, .csv, .xlsx or .parquet output "
                             "(or give --format)")
        fmt = "jsonl"
    wanted = FORMAT_SUFFIXES[fmt]
    if suffix == wanted:
        return out, fmt
    if suffix in known:
        return out.with_suffix(wanted), fmt
    return out.with_name(out.name + wanted), fmt


def _split_output(out: Path, fmt: str | None) -> tuple[Path, Path | None, str]:
    """(the JSONL the batch writes, the register to convert it into or None, the format). The
    JSONL behind a register goes to the hidden side folder (``vndocx.batch.run.records_path``), so
    ``-o register.xlsx`` leaves only ``register.xlsx`` (and its errors file, when a file failed)."""
    from vndocx.batch.run import records_path

    out, fmt = output_path(out, fmt)
    if fmt == "jsonl":
        return out, None, fmt
    return records_path(out), out, fmt


def cmd_report(args: argparse.Namespace) -> int:
    from vndocx.batch.run import records_path
    from vndocx.export import iter_jsonl
    from vndocx.report import write_report

    page: Path = args.output
    inputs = [Path(p) for p in args.paths if p.endswith(".jsonl") and Path(p).is_file()]
    sources = [p for p in args.paths if not (p.endswith(".jsonl") and Path(p).is_file())]
    code = 0
    if sources:
        records = records_path(page)  # out/.vndocx/report.jsonl: the page is the only file written
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


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("vndocx")
    except PackageNotFoundError:
        return "0+unknown"


def cmd_merge(args: argparse.Namespace) -> int:
    """``vndocx merge``: corrections from the register into the records; 1 when a file is unreadable."""
    from vndocx.merge import merge

    try:
        result = merge(args.register, args.records, args.output, args.corrections)
    except (OSError, ValueError) as err:
        print(f"vndocx merge: {err}", file=sys.stderr)
        return 1
    for line in result.moved + result.unmatched:
        print(f"vndocx merge: {line}", file=sys.stderr)
    print(f"{result.read} corrections read, {result.corrected} tasks corrected → {args.output}", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser (imports nothing heavy: ``vndocx --help`` answers at once)."""
    doc = __doc__ or ""
    head, _, rest = doc.partition("\n\n")
    epilog = rest.partition("\n\n")[2].strip()  # argparse lists the commands itself
    parser = argparse.ArgumentParser(prog="vndocx", description=head.strip(), epilog=epilog,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"vndocx {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("extract", help="extract records from files and folders into JSONL (or CSV, Excel, Parquet)",
                       description="Extract one record per document from files and folders (recursive). Files "
                       "of a folder that vndocx does not read are listed as skipped; every file not extracted "
                       "is named with its reason in OUT.errors.jsonl.")
    p.add_argument("paths", nargs="+", help="files, or folders to search recursively")
    p.add_argument("-o", "--output", type=Path, required=True,
                   help="output file: .jsonl for the full records, or .csv/.xlsx/.parquet for a task register "
                   "(CSV and Parquet: the documents table goes beside it as NAME.documents.csv); the records "
                   "behind a register and the index --resume reads are kept in the hidden folder .vndocx/ "
                   "beside it")
    p.add_argument("--format", choices=list(FORMAT_SUFFIXES), default=None,
                   help="output format; adds its extension to --output when missing (default: from the suffix "
                   "of --output; jsonl when it has none)")
    _add_batch_options(p)
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser("report", help="extract files and folders (or read .jsonl records) into an HTML task register",
                       description="Write the task register as one self-contained HTML page.")
    p.add_argument("paths", nargs="+", help="files or folders to extract, or .jsonl files written by `vndocx extract`")
    from vndocx.report import add_report_arguments

    add_report_arguments(p)  # -o/--output, --today, --title
    _add_batch_options(p)
    p.set_defaults(func=cmd_report)

    p = sub.add_parser("merge", help="read a corrected Excel register back into the records",
                       description="Read the owner, deadline and status an official corrected in REGISTER.xlsx "
                       "into the records of TASKS.jsonl and write them to -o; the corrections are kept "
                       "(.vndocx/corrections.jsonl beside TASKS.jsonl) and applied again on every later merge.")
    p.add_argument("register", type=Path, help="the corrected register (.xlsx written by vndocx)")
    p.add_argument("records", type=Path, help="the records (.jsonl written by vndocx extract)")
    p.add_argument("-o", "--output", type=Path, required=True, help="the corrected records (.jsonl)")
    p.add_argument("--corrections", type=Path, default=None,
                   help="where the corrections are kept (default: .vndocx/corrections.jsonl beside RECORDS)")
    p.set_defaults(func=cmd_merge)

    p = sub.add_parser("repair", help="print a file's text with Unicode and diacritics repaired",
                       description="Print a file's text with Unicode, legacy encodings and diacritics repaired.")
    p.add_argument("file", type=Path)
    p.add_argument("--diff", action="store_true", help="show what changed instead of the text")
    p.set_defaults(func=cmd_repair)

    p = sub.add_parser("schema", help="print the JSON schema of one output record",
                       description="Print the JSON schema of one output record (one line of vndocx extract's JSONL).")
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser("validate", help="check every line of a JSONL output against the schema",
                       description="Check every line of a JSONL output against the schema; prints "
                       "\"N records valid\", or each invalid line with its error (exit 1).")
    p.add_argument("file", type=Path)
    p.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    args = build_parser().parse_args(argv)
    return args.func(args)


def run() -> None:
    """Console entry point: ``main`` with Ctrl-C ending the program quietly (exit 130), and
    output closed early (``vndocx schema | head``) too (exit 141, as SIGPIPE would)."""
    try:
        code = main()
        sys.stdout.flush()
    except KeyboardInterrupt:
        code = 130
    except BrokenPipeError:
        # Python would complain again when it flushes stdout at exit: point stdout at /dev/null.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 141
    sys.exit(code)


if __name__ == "__main__":
    run()
