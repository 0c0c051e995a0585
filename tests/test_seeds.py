"""The real documents in ../shared/seeds: every header and closing field printed in them,
checked against values read off the documents by hand. Skipped when ../shared is absent."""

from __future__ import annotations

import pytest
from conftest import need_shared

import vndocx

# Values as printed (NFC, whitespace folded). Subjects are long: their first and last words.
EXPECTED = {
    "000": dict(
        doc_type="Báo cáo", number=None, symbol="BC-VPUBND", parent_issuer="UBND TỈNH GIA LAI",
        issuer="VĂN PHÒNG", place="Gia Lai", date=None, date_raw="Gia Lai, ngày tháng 11 năm 2025",
        recipients=["Sở Khoa học và Công nghệ"],
        subject=("Kết quả thực hiện", "71/NQ-CP của Chính phủ"),
        distribution=["Như trên", "CT, PCT Lâm Hải Giang (b/c)", "CVP, PVP VX", "V9", "Lưu: VT, PVHCC (CĐS)"],
        signer=("Võ Gia Nghĩa", "PHÓ CHÁNH VĂN PHÒNG", ["KT. CHÁNH VĂN PHÒNG"]),
    ),
    "002": dict(
        doc_type="Kế hoạch", number=None, symbol="KH-UBND", parent_issuer=None,
        issuer="ỦY BAN NHÂN DÂN TỈNH GIA LAI", place="Gia Lai", date=None,
        date_raw="Gia Lai, ngày tháng năm 2025", recipients=[],
        subject=("Tổ chức Hội nghị sơ kết", "năm 2025 của tỉnh Gia Lai"),
        distribution=[
            "TT Tỉnh ủy, TT HĐND tỉnh (b/c)", "CT, các PCT UBND tỉnh", "Như thành phần mời",
            "Báo và phát thanh, truyền hình Gia Lai", "UBND các xã, phường", "CVP, PVPVX",
            "Lưu: VT, QTTV, PVHCC (CCHC)",
        ],
        signer=("Lâm Hải Giang", "PHÓ CHỦ TỊCH", ["KT. CHỦ TỊCH"]),
    ),
    "003": dict(
        doc_type="Thông báo", number=None, symbol=None, parent_issuer=None, issuer=None, place=None,
        date=None, date_raw=None, recipients=[],
        subject=("Ý kiến kết luận của Chủ tịch UBND tỉnh", "tại Phiên họp thứ nhất năm 2026"),
        distribution=[
            "CT, các PCT UBND tỉnh (b/c)", "BCĐ NQ57, CCHC, CDS và ĐA06", "UBND các xã, phường",
            "CVP, PVPVX", "Bưu điện tỉnh, VNPT Gia Lai, Viettel Gia Lai", "Lưu: VT, V3, V9, PVHCC",
        ],
        signer=("Võ Gia Nghĩa", "PHÓ CHÁNH VĂN PHÒNG", ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG"]),
    ),
}


def _seed(prefix: str) -> str:
    seeds = need_shared("seeds")
    (path,) = seeds.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


def _check(doc, expected: dict) -> None:
    for field, want in expected.items():
        if field == "subject":
            assert doc.subject and doc.subject.startswith(want[0]) and doc.subject.endswith(want[1]), doc.subject
        elif field == "signer":
            assert doc.signer is not None
            assert (doc.signer.name, doc.signer.title, doc.signer.authority) == want
        else:
            assert getattr(doc, field) == want, field


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_header_and_closing(prefix: str) -> None:
    _check(vndocx.extract_text(_seed(prefix), source=prefix), EXPECTED[prefix])


def test_seed_004_against_shared_gold() -> None:
    """Seed 004 has no header block; its worked gold answer is in ../shared/gold."""
    import json

    gold_dir = need_shared("gold")
    gold = json.loads(next(gold_dir.glob("004_*.json")).read_text(encoding="utf-8"))
    doc = vndocx.extract_text(_seed("004"), source="004")
    for field in ("doc_type", "number", "symbol", "issuer", "parent_issuer", "place", "date", "date_raw",
                  "subject", "recipients", "distribution"):
        assert getattr(doc, field) == gold[field], field
    assert doc.signer.model_dump() == gold["signer"]
    assert [(f.mark, f.text) for f in doc.footnotes] == [(f["mark"], f["text"]) for f in gold["footnotes"]]
