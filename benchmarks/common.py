"""What the benchmarks share: where the gold answers are, how fields are compared, how a result
table is printed and written."""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # the training/ package (corpus cleaning, OCR rendering) lives at the root
    sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
RESULTS = ROOT / "benchmarks" / "results"

# Input kinds of a sample: the .txt and the renderings made by scripts/make_samples.py.
KINDS = {"txt": "{stem}.txt", "pdf": "rendered/{stem}.pdf", "docx": "rendered/{stem}.docx",
         "scan": "rendered/{stem}.scan.pdf", "png": "rendered/{stem}.png"}
OCR_KINDS = {"scan", "png"}


def norm(value):
    """NFC and whitespace folding, recursively, so comparisons ignore layout differences."""
    if isinstance(value, str):
        return re.sub(r"\s+", " ", unicodedata.normalize("NFC", value)).strip()
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value


def sample_golds() -> dict[str, dict]:
    """Hand-written answers for the samples, by file stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted((SAMPLES / "gold").glob("*.json"))}


def seed_path(prefix: str) -> Path | None:
    """The seed text whose name starts with ``prefix``, or None when ../shared is absent."""
    return next((SHARED / "seeds").glob(f"{prefix}_*.txt"), None) if (SHARED / "seeds").is_dir() else None


def seed_golds() -> dict[str, dict]:
    """Hand-read header/closing values of the seeds (benchmarks/gold/seeds.json) and the worked
    answer of ../shared/gold, by seed prefix; {} when ../shared is absent."""
    if not (SHARED / "seeds").is_dir():
        return {}
    golds = {k: v for k, v in json.loads((ROOT / "benchmarks/gold/seeds.json").read_text("utf-8")).items()
             if not k.startswith("_")}
    for path in sorted((SHARED / "gold").glob("*.json")):
        golds.setdefault(path.name[:3], {}).update(json.loads(path.read_text(encoding="utf-8")))
    return golds


def write_results(name: str, payload: dict) -> Path:
    """Write ``payload`` to benchmarks/results/<name>.json and return the path."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return out


def print_table(header: list[str], rows: list[list]) -> None:
    """Print rows as an aligned text table."""
    cells = [[str(c) for c in header], *[[f"{c:.3f}" if isinstance(c, float) else str(c) for c in r] for r in rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]
    for n, r in enumerate(cells):
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))
        if n == 0:
            print("  ".join("-" * w for w in widths))


def tokens(text: str) -> set[str]:
    """The lower-cased word tokens of ``text`` after NFC and whitespace folding."""
    return set(re.findall(r"\w+", norm(text).lower()))


def similarity(a: str, b: str) -> float:
    """Jaccard similarity of the two texts' token sets."""
    ta, tb = tokens(a), tokens(b)
    return len(ta & tb) / len(ta | tb) if ta | tb else 1.0


def match_tasks(got: list[dict], want: list[dict], threshold: float) -> list[tuple[dict, dict]]:
    """One-to-one pairs (got, want) of tasks whose texts have similarity ≥ ``threshold``, best first."""
    scored = sorted(((similarity(g["text"], w["text"]), i, j) for i, g in enumerate(got)
                     for j, w in enumerate(want)), reverse=True)
    used_g, used_w, pairs = set(), set(), []
    for s, i, j in scored:
        if s < threshold:
            break
        if i not in used_g and j not in used_w:
            used_g.add(i)
            used_w.add(j)
            pairs.append((got[i], want[j]))
    return pairs


def deadline_key(task: dict) -> tuple | None:
    """What a deadline is scored on: its ISO date and its kind (None when there is none)."""
    d = task.get("deadline")
    return (d["date"], d["kind"]) if d else None


def prf(tp: int, n_got: int, n_want: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from the matched, found and gold counts (1.0 when nothing to find)."""
    p = tp / n_got if n_got else 1.0
    r = tp / n_want if n_want else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)
