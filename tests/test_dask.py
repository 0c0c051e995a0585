"""vndocx on Dask, on a LocalCluster: the bag of records, the failures, the DataFrames and the
``--dask`` command line give exactly what the local run gives, record by record."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from vndocx.batch.pool import InProcess
from vndocx.batch.run import BatchOptions, iter_inputs, run_batch
from vndocx.cli import main
from vndocx.records import Document

from conftest import SAMPLES, need_font, need_tesseract

distributed = pytest.importorskip("distributed")


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded in-process workers (fast to start; --dask local uses processes)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False,
                                  dashboard_address=":0") as local, distributed.Client(local) as client:
        yield local, client


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """The text samples, two text PDFs, and bad files."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont
    from reportlab.pdfgen import canvas

    root = tmp_path_factory.mktemp("dask_in")
    for path in sorted(SAMPLES.glob("*.txt")):
        (root / path.name).write_bytes(path.read_bytes())
    pdfmetrics.registerFont(TTFont("Serif", str(need_font())))
    for name, sample in (("k.pdf", "02_ke_hoach.txt"), ("q.pdf", "05_quyet_dinh.txt")):
        c = canvas.Canvas(str(root / name), invariant=1)
        c.setFont("Serif", 11)
        for i, line in enumerate((SAMPLES / sample).read_text(encoding="utf-8").splitlines()[:45]):
            c.drawString(40, 800 - 17 * i, line[:95])
        c.save()
    (root / "empty.txt").write_bytes(b"")
    (root / "fake.pdf").write_bytes(b"MZ" + bytes(100))
    return root


@pytest.fixture(scope="module")
def local(folder: Path, tmp_path_factory) -> Path:
    """The same folder extracted in this process: the reference."""
    out = tmp_path_factory.mktemp("dask_ref") / "ref.jsonl"
    run_batch(list(iter_inputs([folder])), out, InProcess())
    return out


def test_bag_equals_local_run(cluster, folder: Path, local: Path) -> None:
    from vndocx.batch.dask import extract_bag

    records = extract_bag([folder], partition_size=3).compute()
    expected = [json.loads(line) for line in local.read_text(encoding="utf-8").splitlines()]
    assert len(records) == len(expected) == len(list(SAMPLES.glob("*.txt"))) + 2
    for got, want in zip(records, expected, strict=True):
        assert got == want, got["source"]
    assert all(Document.model_validate(r) for r in records)


def test_outcomes_carry_the_failures(cluster, folder: Path, local: Path) -> None:
    from vndocx.batch.dask import extract_outcomes

    outcomes = extract_outcomes([folder]).compute()
    failed = {Path(o["source"]).name: o["error"] for o in outcomes if o["error"]}
    errors = local.with_name("ref.errors.jsonl").read_text(encoding="utf-8").splitlines()
    assert failed == {Path(e["source"]).name: e["error"] for e in map(json.loads, errors)}
    assert set(failed) == {"empty.txt", "fake.pdf"}
    assert [o["source"] for o in outcomes] == [str(p) for p in iter_inputs([folder])]
    assert all(len(o["sha256"]) == 64 for o in outcomes)


def test_dataframes_equal_the_local_ones(cluster, folder: Path, local: Path) -> None:
    import pandas as pd

    from vndocx.batch.dask import extract_bag, to_dataframe
    from vndocx.export import read_jsonl
    from vndocx.export import to_dataframe as local_frames

    bag = extract_bag([folder], partition_size=4)
    tasks_want, docs_want = local_frames(read_jsonl(local))
    docs = to_dataframe(bag).compute().reset_index(drop=True)
    tasks = to_dataframe(bag, "tasks").compute().reset_index(drop=True)
    pd.testing.assert_frame_equal(docs, docs_want.drop(columns=["doc_id"]))
    pd.testing.assert_frame_equal(tasks, tasks_want.drop(columns=["doc_id"]))
    assert len(tasks) > 20
    with pytest.raises(ValueError, match="table"):
        to_dataframe(bag, "rows")


def test_cli_on_a_scheduler_address_and_resume(cluster, folder: Path, local: Path, tmp_path: Path, capsys) -> None:
    cluster_, _ = cluster
    out = tmp_path / "t.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--dask", cluster_.scheduler_address]) == 1
    assert out.read_bytes() == local.read_bytes()
    assert out.with_name("t.errors.jsonl").read_bytes() == local.with_name("ref.errors.jsonl").read_bytes()
    capsys.readouterr()
    assert main(["extract", str(folder), "-o", str(out), "--dask", cluster_.scheduler_address, "--resume"]) == 1
    assert f"({len(list(SAMPLES.glob('*.txt'))) + 2} reused" in capsys.readouterr().err
    assert out.read_bytes() == local.read_bytes()


def test_cli_dask_local_cluster_of_processes(folder: Path, local: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.jsonl"
    assert main(["extract", str(folder), "-o", str(out), "--dask", "local", "--workers", "2"]) == 1
    assert out.read_bytes() == local.read_bytes()


@pytest.mark.ocr
def test_timeout_on_dask(cluster, tmp_path: Path) -> None:
    from PIL import Image, ImageDraw, ImageFont

    from vndocx.batch.dask import extract_outcomes

    need_tesseract()
    font = ImageFont.truetype(str(need_font()), 40)
    image = Image.new("L", (2480, 3508), 255)
    draw = ImageDraw.Draw(image)
    for i, line in enumerate((SAMPLES / "03_bao_cao.txt").read_text(encoding="utf-8").splitlines()[:60]):
        draw.text((150, 150 + 55 * i), line[:90], fill=0, font=font)
    image.save(tmp_path / "scan.png")
    (tmp_path / "x.txt").write_text((SAMPLES / "06_giay_moi.txt").read_text(encoding="utf-8"), encoding="utf-8")
    outcomes = extract_outcomes([tmp_path], BatchOptions(timeout=0.5)).compute()
    assert "timed out after 0.5 s" in outcomes[0]["error"]
    assert outcomes[1]["error"] is None and outcomes[1]["record"]["doc_type"]
