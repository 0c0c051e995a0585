"""The real documents in ../shared/seeds: every header and closing field printed in them,
checked against values read off the documents by hand. Skipped when ../shared is absent."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vndocx

from conftest import need_shared

# Values read off the documents by hand; subjects by their first and last words.
EXPECTED = {k: v for k, v in json.loads(
    (Path(__file__).resolve().parents[1] / "benchmarks" / "gold" / "seeds.json").read_text(encoding="utf-8")
).items() if not k.startswith("_")}


def _seed(prefix: str) -> str:
    seeds = need_shared("seeds")
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _check(doc, expected: dict) -> None:
    for field, want in expected.items():
        if field == "subject":
            assert doc.subject and doc.subject.startswith(want["startswith"]), doc.subject
            assert doc.subject.endswith(want["endswith"]), doc.subject
        elif field == "signer":
            assert doc.signer is not None
            assert doc.signer.model_dump() == want
        else:
            assert getattr(doc, field) == want, field


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_header_and_closing(prefix: str) -> None:
    _check(vndocx.extract_text(_seed(prefix), source=prefix), EXPECTED[prefix])


def test_seed_004_against_shared_gold() -> None:
    """Seed 004 has no header block; its worked gold answer is in ../shared/gold."""
    gold_dir = need_shared("gold")
    gold = json.loads(next(gold_dir.glob("004_*.json")).read_text(encoding="utf-8"))
    doc = vndocx.extract_text(_seed("004"), source="004")
    for field in ("doc_type", "number", "symbol", "issuer", "parent_issuer", "place", "date", "date_raw",
                  "subject", "recipients", "distribution"):
        assert getattr(doc, field) == gold[field], field
    assert doc.signer.model_dump() == gold["signer"]
    assert [(f.mark, f.text) for f in doc.footnotes] == [(f["mark"], f["text"]) for f in gold["footnotes"]]
