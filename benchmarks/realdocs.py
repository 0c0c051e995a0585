"""Real documents: vndocx against hand-written answers for the files offices actually send.

    python benchmarks/realdocs.py [--files DIR] [--workers N] [--records FILE.jsonl]

Runs ``vndocx extract`` once over ``../shared/realdocs/files/`` (scans, signed text PDFs, DOCX,
images, as issued) and scores the records against ``benchmarks/gold/realdocs/<file>.json``:

- **fields**: every header and closing field, right when equal after NFC, whitespace folding,
  case folding and tone-placement folding (``Uỷ``/``Ủy`` are one spelling in two conventions);
  ``subject`` and each ``distribution`` item right at normalised similarity ≥ 0.9; list fields
  right when every item is (in order, same length); ``signature.signed_at`` right when it is the
  same instant. Each value is one of *right*, *missing* (null or empty where the gold has one),
  *wrong* (a value other than the gold's) or *spurious* (a value where the gold has none): a wrong
  or spurious value is worse than a missing one, because nobody sees it is doubtful.
  ``accuracy`` counts every field (null = null is right); ``present`` only the fields the gold fills.
- **tasks**: precision, recall and F1 (token-set Jaccard ≥ 0.7, one to one, best pairs first); on
  the matched tasks, owner, co-owner (as a set) and deadline (``date`` and ``kind``) accuracy.
- each of those per input kind (manifest ``kind``) and per phenomenon (the gold's ``phenomena``),
  weakest first, and the worst 20 mismatches.
- **provenance**, per input kind: the share of the fields the record fills and of its tasks that
  say where they were read (``provenance``), and with a box; and how the low-confidence mark
  (OCR confidence under ``LOW`` on a field or task) falls: on wrong values (wrong or spurious
  fields; tasks unmatched or with a wrong owner or deadline) versus right ones, beside the same
  counts for the values not marked. A mark is worth as much as it falls on wrong values.

Prints the tables, writes ``benchmarks/results/realdocs.json``. A document that vndocx failed on
counts with an empty record (every field missing, no task found). ``--records`` scores an existing
output instead of extracting again. ``tests/test_realdocs.py`` holds the figures of the committed
results as a floor.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import defaultdict
from datetime import datetime
from difflib import SequenceMatcher
from itertools import pairwise
from pathlib import Path

from common import ROOT, SHARED, deadline_key, match_tasks, norm, prf, print_table, write_results

REALDOCS = SHARED / "realdocs"
GOLD = ROOT / "benchmarks" / "gold" / "realdocs"
TASK_MATCH = 0.7
SIMILAR = 0.9
FIELDS = ("doc_type", "number", "symbol", "issuer", "parent_issuer", "place", "date", "date_raw", "subject",
          "recipients", "distribution", "signer.name", "signer.title", "signer.authority", "urgency",
          "confidentiality", "signature.signed_by", "signature.signed_at")
FUZZY = {"subject", "distribution"}
LOW = 0.9  # the register's low-confidence mark (vndocx.report.LOW_CONFIDENCE)
CONFIDENCE_BINS = (0.0, 0.6, 0.8, 0.9, 0.95, 1.01)  # for the calibration table: [lower, upper)
TASK_MEASURES = ("task_precision", "task_recall", "task_f1", "owner", "co_owners", "deadline")
_TONES = "\u0300\u0301\u0303\u0309\u0323"


def fold(text: str) -> str:
    """``text`` for comparison: NFC, whitespace folded, case folded, and each word's tone mark moved
    to the word's end, so that the old and new tone placements (``hoà``/``hòa``) compare equal."""
    def word(m: re.Match[str]) -> str:
        d = unicodedata.normalize("NFD", m.group(0))
        tones = "".join(c for c in d if c in _TONES)
        return "".join(c for c in d if c not in _TONES) + tones
    return unicodedata.normalize("NFC", re.sub(r"\w+", word, norm(text).casefold()))


def value(record: dict, field: str):
    """The value of a dotted ``field`` in a record; None for a missing part ([] stays [])."""
    for part in field.split("."):
        if not isinstance(record, dict):
            return None
        record = record.get(part)
    return record


def _empty(v) -> bool:
    return v is None or v == "" or v == []


def _instant(v: str) -> datetime | None:
    try:
        return datetime.fromisoformat(v.replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return None


def same(field: str, got, want) -> bool:
    """Whether the extracted value ``got`` counts as the gold value ``want``."""
    if _empty(got) or _empty(want):
        return _empty(got) and _empty(want)
    if field == "signature.signed_at":
        a, b = _instant(got), _instant(want)
        return a is not None and b is not None and (a == b if (a.tzinfo is None) == (b.tzinfo is None) else False)
    if isinstance(want, list):
        return (isinstance(got, list) and len(got) == len(want)
                and all(same(field, g, w) for g, w in zip(got, want, strict=True)))
    if not isinstance(got, str):
        return False
    if field in FUZZY:
        return SequenceMatcher(None, fold(got), fold(want), autojunk=False).ratio() >= SIMILAR
    return fold(got) == fold(want)


def outcome(field: str, got, want) -> str:
    """right | missing | wrong | spurious, as the module docstring defines them."""
    if same(field, got, want):
        return "right"
    if _empty(got):
        return "missing"
    return "spurious" if _empty(want) else "wrong"


def _closeness(got, want) -> float:
    return SequenceMatcher(None, fold(json.dumps(got, ensure_ascii=False)),
                           fold(json.dumps(want, ensure_ascii=False)), autojunk=False).ratio()


def score_document(record: dict, gold: dict) -> dict:
    """Field outcomes and task counts for one document."""
    fields = {f: outcome(f, value(record, f), value(gold, f)) for f in FIELDS}
    mismatches = [{"field": f, "gold": value(gold, f), "got": value(record, f), "outcome": o,
                   "closeness": round(_closeness(value(record, f), value(gold, f)), 3)}
                  for f, o in fields.items() if o != "right"]
    got_tasks, want_tasks = record.get("tasks", []), gold.get("tasks", [])
    pairs = match_tasks(got_tasks, want_tasks, TASK_MATCH)
    owners = [same("owner", g.get("owner"), w.get("owner")) for g, w in pairs]
    co = [sorted(map(fold, g.get("co_owners", []))) == sorted(map(fold, w.get("co_owners", []))) for g, w in pairs]
    deadlines = [deadline_key(g) == deadline_key(w) for g, w in pairs]
    for (g, w), ok in zip(pairs, owners, strict=True):
        if not ok:
            mismatches.append({"field": "task.owner", "gold": w.get("owner"), "got": g.get("owner"),
                               "outcome": outcome("owner", g.get("owner"), w.get("owner")),
                               "closeness": round(_closeness(g.get("owner"), w.get("owner")), 3),
                               "task": w["text"][:80]})
    for (g, w), ok in zip(pairs, co, strict=True):
        if not ok:
            got_co, want_co = g.get("co_owners", []), w.get("co_owners", [])
            mismatches.append({"field": "task.co_owners", "gold": want_co, "got": got_co,
                               "outcome": "missing" if not got_co else "spurious" if not want_co else "wrong",
                               "closeness": round(_closeness(got_co, want_co), 3), "task": w["text"][:80]})
    matched = {id(w) for _, w in pairs}
    return {
        "fields": fields,
        "filled": [f for f in FIELDS if not _empty(value(gold, f))],
        "tasks": [len(got_tasks), len(want_tasks), len(pairs)],
        "owner": [sum(owners), len(owners)],
        "co_owners": [sum(co), len(co)],
        "deadline": [sum(deadlines), len(deadlines)],
        "missed_tasks": [w["text"][:100] for w in want_tasks if id(w) not in matched],
        "mismatches": mismatches,
    }


def provenance_counts(record: dict, gold: dict) -> dict:
    """For one document: fields and tasks filled, with provenance, with a box; and the right/wrong
    values under a low-confidence mark (``low``) and not under one (``high``), fields and tasks."""
    where = record.get("provenance") or {}
    counts = defaultdict(int)
    for f in FIELDS:
        got = value(record, f)
        if _empty(got):
            continue
        if f.startswith("signature.") and not value(record, "signature.raw"):
            counts["fields_from_file"] += 1  # the PDF's signature dictionary: not read from a page
            continue
        prov = where.get(f.split(".")[0])
        counts["fields"] += 1
        counts["fields_prov"] += prov is not None
        counts["fields_box"] += bool(prov and prov.get("bbox"))
        conf = prov.get("confidence") if prov else None
        if conf is not None:
            ok = same(f, got, value(gold, f))
            counts[f"field_{'low' if conf < LOW else 'high'}_{'right' if ok else 'wrong'}"] += 1
            counts[f"field_bin{_bin(conf)}_{'right' if ok else 'wrong'}"] += 1
    got_tasks = record.get("tasks", [])
    pairs = {id(g): w for g, w in match_tasks(got_tasks, gold.get("tasks", []), TASK_MATCH)}
    for task in got_tasks:
        prov = task.get("provenance")
        counts["tasks"] += 1
        counts["tasks_prov"] += prov is not None
        counts["tasks_box"] += bool(prov and prov.get("bbox"))
        conf = prov.get("confidence") if prov else None
        if conf is not None:
            w = pairs.get(id(task))
            ok = w is not None and same("owner", task.get("owner"), w.get("owner")) and \
                deadline_key(task) == deadline_key(w)
            counts[f"task_{'low' if conf < LOW else 'high'}_{'right' if ok else 'wrong'}"] += 1
            counts[f"task_bin{_bin(conf)}_{'right' if ok else 'wrong'}"] += 1
    return dict(counts)


def _bin(confidence: float) -> int:
    return next(i for i in range(len(CONFIDENCE_BINS) - 1) if confidence < CONFIDENCE_BINS[i + 1])


def provenance_figures(docs: list[dict]) -> dict:
    """``provenance_counts`` summed over ``docs``, with the shares."""
    total = defaultdict(int)
    for d in docs:
        for k, v in d.get("provenance", {}).items():
            total[k] += v
    out = dict(total)
    for what in ("fields", "tasks"):
        n = total[what]
        out[f"{what}_with_provenance"] = total[f"{what}_prov"] / n if n else None
        out[f"{what}_with_box"] = total[f"{what}_box"] / n if n else None
    for what in ("field", "task"):
        for level in ("low", "high"):
            wrong, right = total[f"{what}_{level}_wrong"], total[f"{what}_{level}_right"]
            out[f"{what}_{level}_wrong_share"] = wrong / (wrong + right) if wrong + right else None
    return out


def aggregate(docs: list[dict]) -> dict:
    """Field accuracy (all fields, and the fields the gold fills), outcome counts, task P/R/F1 and
    the matched-task accuracies over ``docs`` (results of ``score_document``)."""
    outs = [o for d in docs for o in d["fields"].values()]
    filled = [d["fields"][f] for d in docs for f in d["filled"]]
    tasks = [sum(d["tasks"][i] for d in docs) for i in range(3)]
    p, r, f1 = prf(tasks[2], tasks[0], tasks[1])
    ratio = {k: _ratio([sum(d[k][0] for d in docs), sum(d[k][1] for d in docs)])
             for k in ("owner", "co_owners", "deadline")}
    return {"documents": len(docs), "field_accuracy": outs.count("right") / len(outs) if outs else 1.0,
            "field_present_accuracy": filled.count("right") / len(filled) if filled else 1.0,
            "outcomes": {k: outs.count(k) for k in ("right", "missing", "wrong", "spurious")},
            "tasks_got": tasks[0], "tasks_gold": tasks[1], "tasks_matched": tasks[2],
            "task_precision": p, "task_recall": r, "task_f1": f1, **ratio}


def _ratio(pair: list[int]) -> float | None:
    return pair[0] / pair[1] if pair[1] else None


def per_field(docs: list[dict]) -> dict[str, dict]:
    """For each field, its accuracy and outcome counts over ``docs``."""
    table = {}
    for f in FIELDS:
        outs = [d["fields"][f] for d in docs]
        table[f] = {"accuracy": outs.count("right") / len(outs) if outs else 1.0,
                    **{o: outs.count(o) for o in ("right", "missing", "wrong", "spurious")}}
    return table


def load_golds() -> dict[str, dict]:
    """The gold answers by file name."""
    return {p.name[:-5]: json.loads(p.read_text("utf-8")) for p in sorted(GOLD.glob("*.json"))}


def load_manifest(files: Path) -> dict[str, dict]:
    """manifest.jsonl lines by file name (the corpus's input kinds and notes)."""
    path = files.parent / "manifest.jsonl"
    lines = path.read_text("utf-8").splitlines() if path.exists() else []
    return {d["file"]: d for d in map(json.loads, filter(None, lines))}


def extract(files: Path, workers: int, out_dir: Path) -> tuple[dict[str, dict], dict[str, str], float]:
    """Run the CLI once over ``files``; returns the records and the errors by file name, and the seconds."""
    out = out_dir / "records.jsonl"
    exe = Path(sys.executable).with_name("vndocx")
    cmd = [str(exe) if exe.exists() else "vndocx", "extract", str(files), "-o", str(out), "-w", str(workers),
           "--no-progress"]
    start = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1) or not out.exists():
        raise RuntimeError(f"vndocx extract failed ({proc.returncode}): {proc.stderr[-2000:]}")
    records = read_records(out)
    errors_path = out.with_name(out.stem + ".errors.jsonl")
    errors = {}
    if errors_path.exists():
        for line in filter(None, errors_path.read_text("utf-8").splitlines()):
            e = json.loads(line)
            errors[Path(e.get("source", "")).name] = e.get("error") or e.get("reason") or line
    return records, errors, seconds


def read_records(path: Path) -> dict[str, dict]:
    """JSONL records by the file name of their source."""
    return {Path(r["source"]).name: r for r in map(json.loads, filter(None, path.read_text("utf-8").splitlines()))}


def evaluate(records: dict[str, dict], golds: dict[str, dict], manifest: dict[str, dict]) -> dict:
    """The whole result: per document, per input kind, per phenomenon, per field, and the worst mismatches."""
    docs = {}
    for name, gold in golds.items():
        d = score_document(records.get(name, {}), gold)
        d["kind"] = manifest.get(name, {}).get("kind", Path(name).suffix.lstrip("."))
        d["phenomena"] = sorted(gold.get("phenomena", []))
        d["extracted"] = name in records
        d["provenance"] = provenance_counts(records.get(name, {}), gold)
        docs[name] = d
    by_kind, by_phen = defaultdict(list), defaultdict(list)
    for d in docs.values():
        by_kind[d["kind"]].append(d)
        for p in d["phenomena"]:
            by_phen[p].append(d)
    rank = {"wrong": 0, "spurious": 1, "missing": 2}
    worst = sorted(({"file": name, **m} for name, d in docs.items() for m in d["mismatches"]),
                   key=lambda m: (rank[m["outcome"]], m["closeness"], m["file"], m["field"]))
    return {"overall": aggregate(list(docs.values())),
            "by_kind": {k: aggregate(v) for k, v in sorted(by_kind.items())},
            "by_phenomenon": {p: aggregate(v) for p, v in sorted(by_phen.items())},
            "by_field": per_field(list(docs.values())),
            "provenance": {**{k: provenance_figures(v) for k, v in sorted(by_kind.items())},
                           "ALL": provenance_figures(list(docs.values()))},
            "worst": worst[:20],
            "documents": docs}


# The targets of the real-files and real-wording issues, reported beside the figures.
TARGETS = {"field_present_accuracy": 0.95, "task_f1": 0.92, "owner": 0.92, "co_owners": 0.90, "deadline": 0.92,
           "task_precision": 0.90}


def _band(figures: dict, what: str, i: int) -> str:
    wrong, right = figures.get(f"{what}_bin{i}_wrong", 0), figures.get(f"{what}_bin{i}_right", 0)
    return f"{wrong / (wrong + right):.2f} ({wrong}/{right})" if wrong + right else "-"


def _fmt(v) -> str:
    return "-" if v is None else f"{v:.3f}"


def _row(name: str, a: dict) -> list:
    o = a["outcomes"]
    return [name, a["documents"], _fmt(a["field_accuracy"]), _fmt(a["field_present_accuracy"]),
            o["wrong"] + o["spurious"], o["missing"], f"{a['tasks_matched']}/{a['tasks_got']}/{a['tasks_gold']}",
            _fmt(a["task_precision"]), _fmt(a["task_recall"]), _fmt(a["task_f1"]), _fmt(a["owner"]),
            _fmt(a["co_owners"]), _fmt(a["deadline"])]


HEAD = ["", "docs", "fields", "filled", "wrong", "missing", "tasks m/got/gold", "P", "R", "F1", "owner",
        "co-own", "deadline"]


def report(result: dict) -> None:
    """Print the tables of ``result``: by input kind, by field, by phenomenon (weakest first), worst 20."""
    print("\nBy input kind ('fields': every field; 'filled': the fields the gold fills; 'wrong': "
          "wrong or spurious values)")
    print_table(HEAD, [_row(k, a) for k, a in result["by_kind"].items()] + [_row("ALL", result["overall"])])
    print("\nBy field")
    print_table(["field", "accuracy", "right", "missing", "wrong", "spurious"],
                [[f, _fmt(v["accuracy"]), v["right"], v["missing"], v["wrong"], v["spurious"]]
                 for f, v in result["by_field"].items()])
    print("\nBy phenomenon, weakest first (by filled-field accuracy, then task F1)")
    phen = sorted(result["by_phenomenon"].items(), key=lambda kv: (kv[1]["field_present_accuracy"],
                                                                     kv[1]["task_f1"]))
    print_table(HEAD, [_row(p, a) for p, a in phen])
    print(f"\nProvenance: share of filled fields and of tasks that say where they were read (and with a box);"
          f"\nlow-confidence mark (OCR < {LOW}): wrong/right values under it, and under no mark")
    head = ["kind", "fields prov", "fields box", "tasks prov", "tasks box", "field low w/r", "field high w/r",
            "task low w/r", "task high w/r"]
    print_table(head, [[k, _fmt(p["fields_with_provenance"]), _fmt(p["fields_with_box"]),
                        _fmt(p["tasks_with_provenance"]), _fmt(p["tasks_with_box"]),
                        *(f"{p.get(f'{w}_{lv}_wrong', 0)}/{p.get(f'{w}_{lv}_right', 0)}"
                          for w in ("field", "task") for lv in ("low", "high"))]
                       for k, p in result["provenance"].items()])
    print("\nCalibration over every OCR'd value: share wrong (wrong/right) per confidence band")
    every = result["provenance"]["ALL"]
    edges = list(pairwise(CONFIDENCE_BINS))
    bands = [f"{lo:.2f}–{min(1.0, hi):.2f}" for lo, hi in edges]
    print_table(["", *bands], [[what, *(_band(every, what, i) for i in range(len(bands)))]
                               for what in ("field", "task")])
    print("\nWorst 20 mismatches")
    for m in result["worst"]:
        gold, got = (json.dumps(m[k], ensure_ascii=False)[:70] for k in ("gold", "got"))
        print(f"  {m['file'][:40]:40} {m['field']:20} {m['outcome']:8} gold={gold}  got={got}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=Path, default=REALDOCS / "files", help="folder of the real documents")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="vndocx extract --workers")
    parser.add_argument("--records", type=Path, help="score this JSONL output instead of running vndocx")
    parser.add_argument("--out", default="realdocs", help="results name under benchmarks/results/")
    parser.add_argument("--save-records", type=Path, help="also keep the extracted JSONL here (to score it again)")
    args = parser.parse_args(argv)
    if not args.files.is_dir():
        print(f"realdocs: {args.files} is absent: nothing to score", file=sys.stderr)
        return 2
    golds = {name: gold for name, gold in load_golds().items() if (args.files / name).exists()}
    missing_gold = sorted(p.name for p in args.files.iterdir() if p.name not in golds)
    errors: dict[str, str] = {}
    seconds = None
    if args.records:
        records = read_records(args.records)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            records, errors, seconds = extract(args.files, args.workers, Path(tmp))
            if args.save_records:
                args.save_records.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n"
                                                     for r in records.values()), "utf-8")
    result = evaluate(records, golds, load_manifest(args.files))
    report(result)
    for name, err in sorted(errors.items()):
        print(f"  failed {name}: {err[:120]}")
    if missing_gold:
        print(f"  no gold for {len(missing_gold)} file(s): {', '.join(missing_gold)}")
    kinds = result["by_kind"]
    targets = {k: {"target": t, "worst_kind": min((a[k] for a in kinds.values() if a[k] is not None), default=None)}
               for k, t in TARGETS.items()}
    for t in targets.values():
        t["met"] = t["worst_kind"] is not None and t["worst_kind"] >= t["target"]
    out = write_results(args.out, {"targets": targets, "gold_documents": len(golds), "extracted": len(records),
                                   "failed": errors, "no_gold": missing_gold, "seconds": seconds,
                                   "task_match": TASK_MATCH, "similar": SIMILAR, **result})
    print("\ntargets (on every input kind): " + ", ".join(
        f"{k} {_fmt(t['worst_kind'])}/{t['target']}{'' if t['met'] else ' (not met)'}" for k, t in targets.items()))
    print(f"written {out}" + (f" in {seconds:.0f} s" if seconds else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
