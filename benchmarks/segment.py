"""Header and closing fields, per input kind: exact match (after NFC and whitespace folding)
against hand-written answers for every sample in every rendering, and for the seeds.

    python benchmarks/segment.py [--no-ocr]

Prints a table of field × input kind and writes benchmarks/results/segment.json.
Target (issue 4): ≥ 98% of fields right on the samples in every kind, every printed field of
seeds 000, 002, 003, 004 right.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict

import vndocx

from common import KINDS, OCR_KINDS, SAMPLES, norm, print_table, sample_golds, seed_golds, seed_path, write_results

HEADER = ["doc_type", "number", "symbol", "parent_issuer", "issuer", "place", "date", "date_raw",
          "subject", "recipients"]
CLOSING = ["distribution", "signer.name", "signer.title", "signer.authority"]
FIELDS = HEADER + CLOSING
TARGET = 0.98


def _value(record: dict, field: str):
    head, _, tail = field.partition(".")
    value = record.get(head)
    return (value or {}).get(tail) if tail else value


def score(doc: vndocx.Document, gold: dict, fields: list[str]) -> dict[str, bool]:
    """Field → right? for the fields the gold answer has."""
    got = doc.model_dump()
    out = {}
    for field in fields:
        head = field.partition(".")[0]
        if head not in gold or head.startswith("_"):
            continue
        want, have = norm(_value(gold, field)), norm(_value(got, field))
        if isinstance(want, dict) and "startswith" in want:  # long subjects: first and last words
            out[field] = bool(have) and have.startswith(want["startswith"]) and have.endswith(want["endswith"])
        else:
            out[field] = want == have
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-ocr", action="store_true", help="skip the scanned renderings (slow)")
    args = parser.parse_args(argv)
    kinds = [k for k in KINDS if not (args.no_ocr and k in OCR_KINDS)]
    right: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    misses: list[dict] = []

    def record(kind: str, name: str, doc, gold: dict) -> None:
        for field, ok in score(doc, gold, gold.get("_fields", {}).get(kind, FIELDS)).items():
            right[kind][field].append(ok)
            if not ok:
                misses.append({"doc": name, "kind": kind, "field": field,
                               "want": _value(gold, field), "got": _value(doc.model_dump(), field)})

    for stem, gold in sample_golds().items():
        for kind in kinds:
            path = SAMPLES / KINDS[kind].format(stem=stem)
            if not path.exists():
                print(f"missing rendering {path}", file=sys.stderr)
                continue
            record(kind, stem, vndocx.extract(path), gold)
    for prefix, gold in seed_golds().items():
        path = seed_path(prefix)
        record("seed", prefix, vndocx.extract_text(path.read_text(encoding="utf-8"), source=prefix), gold)

    columns = [k for k in [*kinds, "seed"] if k in right]
    rows = []
    for field in FIELDS:
        rows.append([field, *[
            f"{sum(right[k][field])}/{len(right[k][field])}" if right[k][field] else "-" for k in columns]])
    totals = {k: sum(map(sum, right[k].values())) / max(1, sum(map(len, right[k].values()))) for k in columns}
    rows.append(["ALL", *[f"{totals[k]:.1%}" for k in columns]])
    print_table(["field", *columns], rows)
    for miss in misses:
        print(f"  miss {miss['kind']:5} {miss['doc']:28} {miss['field']:16} want={miss['want']!r} got={miss['got']!r}")
    passed = all(totals[k] >= TARGET for k in columns if k != "seed") and totals.get("seed", 1.0) == 1.0
    out = write_results("segment", {
        "target": {"samples_per_kind": TARGET, "seeds": 1.0},
        "accuracy": totals,
        "per_field": {k: {f: [sum(v), len(v)] for f, v in right[k].items()} for k in columns},
        "misses": misses,
        "pass": passed,
    })
    print(f"\n{'PASS' if passed else 'FAIL'}; written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
