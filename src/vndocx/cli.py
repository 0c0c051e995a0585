"""Command line: ``vndocx extract``, ``vndocx schema``, ``vndocx repair``.

Exit codes: 0 success, 1 when any input file failed, 2 for a usage error.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from vndocx.batch import Failure, atomic_writer, errors_path, iter_inputs, run_batch
from vndocx.records import Document


def _progress_bar(total: int):
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", disable=not sys.stderr.isatty(), file=sys.stderr)


def cmd_extract(args: argparse.Namespace) -> int:
    from vndocx.pipeline import Pipeline

    try:
        files = list(iter_inputs(args.paths))
    except FileNotFoundError as err:
        print(f"vndocx: no such file or folder: {err}", file=sys.stderr)
        return 2
    pipeline = Pipeline()
    if args.no_restore:
        pipeline.disable("restore")
    out: Path = args.output
    failures: list[Failure] = []
    bar = _progress_bar(len(files))

    def fail(failure: Failure) -> None:
        failures.append(failure)
        bar.write(f"vndocx: {failure.source}: {failure.error}", file=sys.stderr)

    with atomic_writer(out) as handle:
        def write(doc: Document) -> None:
            handle.write(doc.model_dump_json() + "\n")

        def step(path: Path) -> None:
            bar.set_postfix_str(path.name[-30:], refresh=False)
            bar.update()

        done, failed = run_batch(files, write, fail, pipeline.extract, step)
    bar.close()
    errors = errors_path(out)
    if failures:
        with atomic_writer(errors) as handle:
            handle.writelines(f.to_json() + "\n" for f in failures)
    elif errors.exists():
        errors.unlink()  # a stale list from an earlier run would mislead
    summary = f"{done} document(s) → {out}"
    if failed:
        summary += f"; {failed} failed → {errors}"
    print(summary, file=sys.stderr)
    return 1 if failed else 0


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="vndocx", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract records from files and folders into JSONL")
    p.add_argument("paths", nargs="+", help="files, or folders to search recursively")
    p.add_argument("-o", "--output", type=Path, required=True, help="output file (JSON lines)")
    p.add_argument("--no-restore", action="store_true", help="do not restore missing diacritics")
    p.set_defaults(func=cmd_extract)

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


if __name__ == "__main__":
    sys.exit(main())
