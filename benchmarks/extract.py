"""Tasks, owners, deadlines and references against hand-written answers (samples/gold and
../shared/gold), and extraction speed on text input.

    python benchmarks/extract.py [--repeat N]

A task matches a gold task when their token sets overlap with Jaccard similarity ≥ 0.6
(best pairs first, one to one). Owner and deadline accuracy are over matched tasks: owner when
the canonical names are equal, deadline when ``date`` and ``kind`` are equal (both absent counts
as equal). References match on (number, symbol). Prints a table and writes
benchmarks/results/extract.json. Targets (issue 5): task F1 ≥ 0.95, owner and deadline accuracy
≥ 0.95, ≥ 50 documents/s on one core for text input.
"""

from __future__ import annotations

import argparse
import sys
import time

import vndocx

from common import (
    KINDS,
    SAMPLES,
    deadline_key,
    match_tasks,
    norm,
    prf,
    print_table,
    sample_golds,
    seed_golds,
    seed_path,
    write_results,
)

MATCH = 0.6
TARGETS = {"task_f1": 0.95, "owner_accuracy": 0.95, "deadline_accuracy": 0.95, "docs_per_s": 50.0}


def evaluate(doc: vndocx.Document, gold: dict) -> dict:
    """Counts for one document: tasks found/gold/matched, owners and deadlines right among the
    matched, references found/gold/matched, and the misses."""
    got = doc.model_dump()
    pairs = match_tasks(got["tasks"], gold.get("tasks", []), MATCH)
    owners = [norm(g["owner"]) == norm(w["owner"]) for g, w in pairs]
    co = [sorted(norm(g["co_owners"])) == sorted(norm(w.get("co_owners", []))) for g, w in pairs]
    deadlines = [deadline_key(g) == deadline_key(w) for g, w in pairs]
    ref_key = lambda r: (norm(r.get("number")), norm(r.get("symbol")))  # noqa: E731
    # a gold answer without a references field did not annotate them: nothing to score
    got_refs = {ref_key(r) for r in got["references"]} if "references" in gold else set()
    want_refs = {ref_key(r) for r in gold.get("references", [])}
    misses = [{"got": g["text"][:80], "owner": [g["owner"], w["owner"]],
               "deadline": [deadline_key(g), deadline_key(w)], "co_owners": [g["co_owners"], w.get("co_owners", [])]}
              for (g, w), o, d, c in zip(pairs, owners, deadlines, co, strict=True) if not (o and d and c)]
    matched_w = {id(w) for _, w in pairs}
    matched_g = {id(g) for g, _ in pairs}
    return {
        "tasks": [len(got["tasks"]), len(gold.get("tasks", [])), len(pairs)],
        "owners": [sum(owners), len(owners)],
        "co_owners": [sum(co), len(co)],
        "deadlines": [sum(deadlines), len(deadlines)],
        "references": [len(got_refs), len(want_refs), len(got_refs & want_refs)],
        "missed_tasks": [w["text"][:80] for w in gold.get("tasks", []) if id(w) not in matched_w],
        "extra_tasks": [g["text"][:80] for g in got["tasks"] if id(g) not in matched_g],
        "wrong_fields": misses,
    }


def speed(texts: list[str], repeat: int) -> dict:
    """Documents/s of extract_text on the texts, and of NFC normalisation alone as the baseline."""
    import unicodedata

    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            vndocx.extract_text(text)
    full = time.perf_counter() - start
    start = time.perf_counter()
    for _ in range(repeat):
        for text in texts:
            unicodedata.normalize("NFC", text).splitlines()
    base = time.perf_counter() - start
    n = repeat * len(texts)
    return {"documents": n, "docs_per_s": n / full, "baseline_docs_per_s": n / base, "seconds": full}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="passes over the texts for the speed test")
    parser.add_argument("--kinds", default="txt,pdf,docx",
                        help=f"input kinds of the samples to score, from {','.join(KINDS)} (scan, png: OCR, slow)")
    args = parser.parse_args(argv)
    results: dict[str, dict] = {}
    for stem, gold in sample_golds().items():
        for kind in args.kinds.split(","):
            path = SAMPLES / KINDS[kind].format(stem=stem)
            if path.exists():
                results[f"{kind}:{stem}"] = evaluate(vndocx.extract(path), gold)
    for prefix, gold in seed_golds().items():
        if "tasks" in gold:
            path = seed_path(prefix)
            results[f"seed:{prefix}"] = evaluate(vndocx.extract_text(path.read_text("utf-8"), source=prefix), gold)

    rows, totals = [], {k: [0, 0, 0] for k in ("tasks", "references")}
    acc = {k: [0, 0] for k in ("owners", "co_owners", "deadlines")}
    for name, r in results.items():
        _p, _rec, f1 = prf(r["tasks"][2], r["tasks"][0], r["tasks"][1])
        rows.append([name, f"{r['tasks'][0]}/{r['tasks'][1]}", f1, f"{r['owners'][0]}/{r['owners'][1]}",
                     f"{r['co_owners'][0]}/{r['co_owners'][1]}", f"{r['deadlines'][0]}/{r['deadlines'][1]}",
                     f"{r['references'][2]}/{r['references'][1]}"])
        for k in totals:
            totals[k] = [a + b for a, b in zip(totals[k], r[k], strict=True)]
        for k in acc:
            acc[k] = [a + b for a, b in zip(acc[k], r[k], strict=True)]
    task_prf = prf(totals["tasks"][2], totals["tasks"][0], totals["tasks"][1])
    ref_prf = prf(totals["references"][2], totals["references"][0], totals["references"][1])
    ratio = {k: (v[0] / v[1] if v[1] else 1.0) for k, v in acc.items()}
    rows.append(["ALL", f"{totals['tasks'][0]}/{totals['tasks'][1]}", task_prf[2], ratio["owners"],
                 ratio["co_owners"], ratio["deadlines"], ref_prf[2]])
    print_table(["document", "tasks got/gold", "task F1", "owner", "co-owners", "deadline", "refs"], rows)
    for name, r in results.items():
        for t in r["missed_tasks"]:
            print(f"  missed {name}: {t}")
        for t in r["extra_tasks"]:
            print(f"  extra  {name}: {t}")
        for w in r["wrong_fields"]:
            print(f"  wrong  {name}: {w}")

    texts = [p.read_text("utf-8") for p in sorted(SAMPLES.glob("*.txt"))]
    texts += [p.read_text("utf-8") for p in (seed_path(s) for s in ("000", "002", "003", "004")) if p]
    fast = speed(texts, args.repeat)
    print(f"\nspeed: {fast['docs_per_s']:.1f} documents/s on one core "
          f"(NFC-only baseline {fast['baseline_docs_per_s']:.0f}/s, {fast['documents']} documents)")
    summary = {"task_precision": task_prf[0], "task_recall": task_prf[1], "task_f1": task_prf[2],
               "owner_accuracy": ratio["owners"], "co_owner_accuracy": ratio["co_owners"],
               "deadline_accuracy": ratio["deadlines"], "reference_f1": ref_prf[2],
               "docs_per_s": fast["docs_per_s"]}
    passed = all(summary[k] >= v for k, v in TARGETS.items())
    out = write_results("extract", {"targets": TARGETS, "summary": summary, "speed": fast,
                                    "documents": results, "pass": passed})
    print(f"{'PASS' if passed else 'FAIL'}; written {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
