"""Exports: DataFrames, JSONL/CSV/Parquet files and the Excel task register (read back and printed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import unicodedata
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import vndocx
from vndocx.export import (
    DOCUMENT_COLUMNS,
    DOCUMENT_SHEET,
    TASK_COLUMNS,
    TASK_SHEET,
    companion_path,
    convert,
    document_label,
    is_done,
    is_overdue,
    overdue_mask,
    read_jsonl,
    to_dataframe,
    unique_documents,
    write_records,
)
from vndocx.records import Deadline, Document, Signer, Task

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SAMPLES = ROOT / "samples"
TODAY = date(2025, 11, 1)

# A fictional province's paperwork, written for these tests.
NOTICE_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH HÀ PHONG\n"
    "Số: 215/TB-UBND\n"
    "Hà Phong, ngày 12 tháng 10 năm 2025\n"
    "THÔNG BÁO\n"
    "Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về chuyển đổi số\n"
    "1. Sở Khoa học và Công nghệ:\n"
    "- Chủ trì, phối hợp với Sở Nội vụ hoàn thiện hệ thống quản lý văn bản điều hành, "
    "báo cáo Ủy ban nhân dân tỉnh trước ngày 30 tháng 10 năm 2025.\n"
    "- Hướng dẫn các xã, phường cập nhật dữ liệu lên Cổng dịch vụ công trong tháng 11 năm 2025.\n"
    "2. Ủy ban nhân dân các xã, phường:\n"
    "- Bố trí công chức phụ trách chuyển đổi số, hoàn thành trước ngày 15 tháng 12 năm 2025.\n"
    "- Báo cáo tiến độ về Sở Khoa học và Công nghệ định kỳ hằng tháng.\n"
)
REPORT_TEXT = (
    "ỦY BAN NHÂN DÂN TỈNH HÀ PHONG\n"
    "Số: 88/BC-UBND\n"
    "Hà Phong, ngày 20 tháng 10 năm 2025\n"
    "BÁO CÁO\n"
    "Kết quả thực hiện các nhiệm vụ trọng tâm quý III năm 2025\n"
    "Phụ lục: Danh mục nhiệm vụ\n"
    "HP-01 | Sở Tài chính | Phân bổ kinh phí sửa chữa trụ sở các xã | 30/9/2025 | Hoàn thành\n"
    "HP-02 | Sở Xây dựng | Thẩm định thiết kế nhà văn hóa huyện Đông Lũy | 15/10/2025 | Đang thực hiện\n"
    "HP-03 | Sở Tài chính | Quyết toán vốn đầu tư công năm 2024 | 31/12/2025 | Hoàn thành\n"
)
BODY_ONLY_TEXT = "Giao các cơ quan, đơn vị rà soát danh mục thủ tục hành chính thường xuyên.\n"


def _task(text: str, doc_text: str, **fields: object) -> Task:
    start = doc_text.index(text)
    return Task(text=text, span=(start, start + len(text)), **fields)


def make_documents() -> list[Document]:
    """Three hand-written documents: a notice with four tasks, a report table of three, a bare notice."""
    n = NOTICE_TEXT
    notice = Document(
        source="samples/hp_215_tb.txt",
        doc_type="Thông báo",
        number="215",
        symbol="TB-UBND",
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ PHONG",
        place="Hà Phong",
        date="2025-10-12",
        date_raw="Hà Phong, ngày 12 tháng 10 năm 2025",
        subject="Kết luận của Chủ tịch Ủy ban nhân dân tỉnh tại buổi làm việc về chuyển đổi số",
        distribution=["Như trên", "Lưu: VT, KGVX"],
        signer=Signer(name="Nguyễn Thị Hằng", title="CHÁNH VĂN PHÒNG", authority=["TL. CHỦ TỊCH"]),
        text=n,
        tasks=[
            _task(
                "Chủ trì, phối hợp với Sở Nội vụ hoàn thiện hệ thống quản lý văn bản điều hành, "
                "báo cáo Ủy ban nhân dân tỉnh trước ngày 30 tháng 10 năm 2025.",
                n,
                owner="Sở Khoa học và Công nghệ",
                co_owners=["Sở Nội vụ"],
                deadline=Deadline(raw="trước ngày 30 tháng 10 năm 2025", date="2025-10-30", kind="by"),
                section="1",
            ),
            _task(
                "Hướng dẫn các xã, phường cập nhật dữ liệu lên Cổng dịch vụ công trong tháng 11 năm 2025.",
                n,
                owner="Sở Khoa học và Công nghệ",
                deadline=Deadline(raw="trong tháng 11 năm 2025", date="2025-11-30", kind="within"),
                section="1",
            ),
            _task(
                "Bố trí công chức phụ trách chuyển đổi số, hoàn thành trước ngày 15 tháng 12 năm 2025.",
                n,
                owner="Ủy ban nhân dân các xã, phường",
                deadline=Deadline(raw="trước ngày 15 tháng 12 năm 2025", date="2025-12-15", kind="by"),
                section="2",
            ),
            _task(
                "Báo cáo tiến độ về Sở Khoa học và Công nghệ định kỳ hằng tháng.",
                n,
                owner="Ủy ban nhân dân các xã, phường",
                deadline=Deadline(raw="định kỳ hằng tháng", kind="recurring", recurrence="monthly"),
                section="2",
            ),
        ],
    )
    r = REPORT_TEXT
    report = Document(
        source="samples/hp_88_bc.pdf",
        doc_type="Báo cáo",
        number="88",
        symbol="BC-UBND",
        issuer="ỦY BAN NHÂN DÂN TỈNH HÀ PHONG",
        date="2025-10-20",
        subject="Kết quả thực hiện các nhiệm vụ trọng tâm quý III năm 2025",
        text=r,
        tasks=[
            _task(
                "Phân bổ kinh phí sửa chữa trụ sở các xã",
                r,
                owner="Sở Tài chính",
                deadline=Deadline(raw="30/9/2025", date="2025-09-30", kind="by"),
                status="Hoàn thành",
                code="HP-01",
            ),
            _task(
                "Thẩm định thiết kế nhà văn hóa huyện Đông Lũy",
                r,
                owner="Sở Xây dựng",
                deadline=Deadline(raw="15/10/2025", date="2025-10-15", kind="by"),
                status="Đang thực hiện",
                code="HP-02",
            ),
            _task(
                "Quyết toán vốn đầu tư công năm 2024",
                r,
                owner="Sở Tài chính",
                deadline=Deadline(raw="31/12/2025", date="2025-12-31", kind="by"),
                status="Hoàn thành",
                code="HP-03",
            ),
        ],
    )
    bare = Document(
        source="samples/hp_bare.txt",
        doc_type="Thông báo",
        text=BODY_ONLY_TEXT,
        tasks=[
            Task(
                text="Giao các cơ quan, đơn vị rà soát danh mục thủ tục hành chính thường xuyên.",
                deadline=Deadline(raw="thường xuyên", kind="ongoing"),
            )
        ],
        warnings=["no header block"],
    )
    return [notice, report, bare]


def load_gold() -> list[Document]:
    """The shared worked example(s) as Documents (annotator notes dropped); skips when absent."""
    paths = sorted((SHARED / "gold").glob("*.json"))
    if not paths:
        pytest.skip(f"../shared absent: no gold records under {SHARED / 'gold'}")
    docs = []
    for p in paths:
        raw = json.loads(p.read_text(encoding="utf-8"))
        docs.append(Document.model_validate({k: v for k, v in raw.items() if not k.startswith("_")}))
    return docs


# ----------------------------------------------------------------------------------------------
# helpers


def test_is_done_reads_finished_statuses_only():
    assert is_done("Hoàn thành")
    assert is_done("Đã hoàn thành")
    assert is_done("hoàn thành trước hạn")
    assert is_done(unicodedata.normalize("NFD", "Hoàn thành"))
    assert is_done("Hoànthành ._")  # OCR drops spaces and adds debris
    assert not is_done("Chưa hoàn thành")
    assert not is_done("Đang thực hiện")
    assert not is_done(None)
    assert not is_done("")


def test_is_overdue_against_reference_date():
    notice, report, bare = make_documents()
    assert [is_overdue(t, TODAY) for t in notice.tasks] == [True, False, False, False]
    # done on time, late and not done, done
    assert [is_overdue(t, TODAY) for t in report.tasks] == [False, True, False]
    assert not is_overdue(bare.tasks[0], TODAY)
    # the day itself is not overdue
    assert not is_overdue(notice.tasks[0], date(2025, 10, 30))


def test_document_label():
    notice, _report, bare = make_documents()
    assert document_label(notice) == "Thông báo số 215/TB-UBND"
    assert document_label(bare) == "Thông báo (hp_bare.txt)"
    blank_number = Document(source="x/kh.docx", doc_type="Kế hoạch", symbol="KH-UBND")
    assert document_label(blank_number) == "Kế hoạch số /KH-UBND"


def test_unique_documents_merges_copies_of_one_document():
    notice, report, bare = make_documents()
    scan = notice.model_copy(update={"source": "scans/hp_215_tb.scan.pdf", "issuer": "ỦY BANNHÂN DÂN TỈNH HÀPHONG",
                                     "tasks": notice.tasks[:2]})  # fmt: skip
    docx = notice.model_copy(update={"source": "word/hp_215_tb.docx"})
    other_day = notice.model_copy(update={"source": "hp_215_khac.txt", "date": "2025-10-13"})
    draft = bare.model_copy(update={"source": "draft.docx"})  # no number: never merged
    kept, duplicates = unique_documents([scan, report, docx, bare, notice, other_day, draft])
    assert [d.source for d in kept] == ["word/hp_215_tb.docx", "samples/hp_88_bc.pdf", "samples/hp_bare.txt",
                                        "hp_215_khac.txt", "draft.docx"]  # fmt: skip
    assert duplicates == {"word/hp_215_tb.docx": ["samples/hp_215_tb.txt", "scans/hp_215_tb.scan.pdf"]}
    assert unique_documents([]) == ([], {})


def test_unique_documents_merges_drafts_by_symbol_and_subject():
    plan = Document(source="kh.docx", doc_type="Kế hoạch", symbol="KH-UBND", issuer="ỦY BAN NHÂN DÂN TỈNH HÀ PHONG",
                    subject="Tổ chức Hội nghị đối thoại với doanh nghiệp năm 2025")  # fmt: skip
    scan = plan.model_copy(update={"source": "kh.png", "subject": "Tổ chức Hội nghị đối thoại với doanh nghiệpnăm 2025"})
    other = plan.model_copy(update={"source": "kh2.docx", "subject": "Tổ chức Hội nghị xúc tiến đầu tư năm 2025"})
    kept, duplicates = unique_documents([scan, other, plan])
    assert [d.source for d in kept] == ["kh.docx", "kh2.docx"]
    assert duplicates == {"kh.docx": ["kh.png"]}


# ----------------------------------------------------------------------------------------------
# DataFrames
# ----------------------------------------------------------------------------------------------
# DataFrames


def test_to_dataframe_one_row_per_task_with_its_document():
    tasks, docs = to_dataframe(iter(make_documents()))  # any iterable, consumed once
    assert list(tasks.columns) == list(TASK_COLUMNS)
    assert list(docs.columns) == list(DOCUMENT_COLUMNS)
    assert len(tasks) == 8
    assert len(docs) == 3
    assert tasks["doc_id"].tolist() == [0, 0, 0, 0, 1, 1, 1, 2]
    assert tasks["task_no"].tolist() == [1, 2, 3, 4, 1, 2, 3, 1]

    first = tasks.iloc[0]
    assert first["source"] == "samples/hp_215_tb.txt"
    assert first["doc_label"] == "Thông báo số 215/TB-UBND"
    assert first["doc_type"] == "Thông báo"
    assert first["doc_number"] == "215"
    assert first["doc_symbol"] == "TB-UBND"
    assert first["doc_date"] == pd.Timestamp("2025-10-12")
    assert first["issuer"] == "ỦY BAN NHÂN DÂN TỈNH HÀ PHONG"
    assert first["owner"] == "Sở Khoa học và Công nghệ"
    assert first["co_owners"] == "Sở Nội vụ"
    assert first["deadline_raw"] == "trước ngày 30 tháng 10 năm 2025"
    assert first["deadline_date"] == pd.Timestamp("2025-10-30")
    assert first["deadline_kind"] == "by"
    assert first["section"] == "1"
    assert NOTICE_TEXT[first["span_start"] : first["span_end"]] == first["text"]

    recurring = tasks.iloc[3]
    assert recurring["deadline_kind"] == "recurring"
    assert recurring["recurrence"] == "monthly"
    assert pd.isna(recurring["deadline_date"])

    table_row = tasks.iloc[5]
    assert (table_row["code"], table_row["status"], table_row["section"]) == ("HP-02", "Đang thực hiện", None)

    bare = tasks.iloc[7]
    assert bare["owner"] is None
    assert bare["doc_number"] is None
    assert pd.isna(bare["doc_date"])
    assert pd.isna(bare["span_start"])

    assert str(tasks["deadline_date"].dtype) == "datetime64[ns]"
    assert str(tasks["span_start"].dtype) == "Int64"
    assert docs["n_tasks"].tolist() == [4, 3, 1]
    assert docs.loc[0, "signer_name"] == "Nguyễn Thị Hằng"
    assert docs.loc[0, "signer_authority"] == "TL. CHỦ TỊCH"
    assert docs.loc[0, "distribution"] == "Như trên; Lưu: VT, KGVX"
    assert docs.loc[2, "warnings"] == "no header block"


def test_to_dataframe_joins_several_co_owners():
    doc = Document(
        source="a.txt",
        tasks=[Task(text="Rà soát.", owner="Sở Nội vụ", co_owners=["Sở Tư pháp", "Sở Tài chính"])],
    )
    tasks, _ = to_dataframe([doc])
    assert tasks.loc[0, "co_owners"] == "Sở Tư pháp; Sở Tài chính"


def test_to_dataframe_empty_input_keeps_columns_and_dtypes():
    tasks, docs = to_dataframe([])
    assert tasks.empty and docs.empty
    assert list(tasks.columns) == list(TASK_COLUMNS)
    assert str(tasks["deadline_date"].dtype) == "datetime64[ns]"


def test_overdue_mask_matches_per_task_rule():
    documents = make_documents()
    tasks, _ = to_dataframe(documents)
    expected = [is_overdue(t, TODAY) for d in documents for t in d.tasks]
    assert overdue_mask(tasks, TODAY).tolist() == expected
    assert sum(expected) == 2


def test_to_dataframe_on_gold_record():
    gold = load_gold()
    tasks, docs = to_dataframe(gold)
    raw_tasks = [
        t
        for p in sorted((SHARED / "gold").glob("*.json"))
        for t in json.loads(p.read_text(encoding="utf-8"))["tasks"]
    ]
    assert len(tasks) == len(raw_tasks)
    assert tasks["owner"].tolist() == [t["owner"] for t in raw_tasks]
    assert tasks["deadline_raw"].tolist() == [(t["deadline"] or {}).get("raw") for t in raw_tasks]
    dated = [(t["deadline"] or {}).get("date") for t in raw_tasks]
    got = [None if pd.isna(v) else v.date().isoformat() for v in tasks["deadline_date"]]
    assert got == dated
    assert docs["n_tasks"].sum() == len(raw_tasks)


# ----------------------------------------------------------------------------------------------
# files


def test_jsonl_round_trip(tmp_path):
    documents = make_documents()
    written = write_records(documents, tmp_path / "out.jsonl", "jsonl")
    assert written == [tmp_path / "out.jsonl"]
    lines = written[0].read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3
    assert "Sở Khoa học và Công nghệ" in lines[0]  # not \u-escaped
    assert read_jsonl(written[0]) == documents


def test_csv_has_bom_and_vietnamese_text(tmp_path):
    written = write_records(make_documents(), tmp_path / "tasks.csv")  # format from suffix
    assert written == [tmp_path / "tasks.csv", tmp_path / "tasks.documents.csv"]
    raw = written[0].read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    tasks = pd.read_csv(written[0], encoding="utf-8-sig")
    assert len(tasks) == 8
    assert tasks.loc[2, "owner"] == "Ủy ban nhân dân các xã, phường"
    assert tasks.loc[0, "deadline_date"] == "2025-10-30"
    docs = pd.read_csv(written[1], encoding="utf-8-sig")
    assert docs["subject"].iloc[1] == "Kết quả thực hiện các nhiệm vụ trọng tâm quý III năm 2025"


def test_parquet_round_trip(tmp_path):
    documents = make_documents()
    written = write_records(documents, tmp_path / "tasks.parquet", "parquet")
    assert written[1] == companion_path(tmp_path / "tasks.parquet", "documents")
    expected, _ = to_dataframe(documents)
    got = pd.read_parquet(written[0])
    assert list(got.columns) == list(expected.columns)
    for column in ("owner", "co_owners", "text", "deadline_date", "status", "span_start"):
        assert _values(got[column]) == _values(expected[column]), column
    assert pd.read_parquet(written[1])["n_tasks"].tolist() == [4, 3, 1]


def _values(series: pd.Series) -> list[object]:
    return [None if pd.isna(v) else v for v in series]


def test_unknown_format_is_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown export format"):
        write_records(make_documents(), tmp_path / "tasks.ods")


def _write_jsonl(path: Path, documents: list[Document]) -> Path:
    path.write_text("".join(d.model_dump_json() + "\n" for d in documents), encoding="utf-8")
    return path


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "jsonl"])
def test_convert_batch_output_to_each_format(tmp_path, fmt):
    from openpyxl import load_workbook

    documents = make_documents()
    source = _write_jsonl(tmp_path / "batch.jsonl", documents)
    out = tmp_path / "out" / f"register.{fmt}"
    written = convert(source, out, fmt)
    assert written[0] == out
    owners = [t.owner for d in documents for t in d.tasks]
    if fmt == "csv":
        assert _values(pd.read_csv(out, encoding="utf-8-sig")["owner"]) == owners
        assert pd.read_csv(written[1], encoding="utf-8-sig")["doc_label"].tolist() == [
            "Thông báo số 215/TB-UBND", "Báo cáo số 88/BC-UBND", "Thông báo (hp_bare.txt)"]  # fmt: skip
    elif fmt == "parquet":
        assert _values(pd.read_parquet(out)["owner"]) == owners
    elif fmt == "xlsx":
        ws = load_workbook(out)[TASK_SHEET]
        assert [ws.cell(row=r, column=2).value for r in range(2, ws.max_row + 1)] == owners
    else:
        assert read_jsonl(out) == documents
    assert sorted(p.name for p in out.parent.iterdir()) == sorted(p.name for p in written)  # no temp files left


def test_convert_takes_the_format_from_the_suffix(tmp_path):
    source = _write_jsonl(tmp_path / "batch.jsonl", make_documents())
    assert convert(source, tmp_path / "tasks.parquet") == [tmp_path / "tasks.parquet", tmp_path / "tasks.documents.parquet"]
    with pytest.raises(ValueError, match=r"'tasks\.ods'"):
        convert(source, tmp_path / "tasks.ods")


def test_convert_bad_record_names_the_line_and_keeps_the_old_output(tmp_path):
    good = make_documents()[0].model_dump_json()
    source = tmp_path / "batch.jsonl"
    source.write_text(good + "\n\n" + good + "\n" + '{"source": "x.txt", "tasks": [{"owner": "Sở Nội vụ"}]}\n',
                      encoding="utf-8")  # fmt: skip
    for fmt in ("xlsx", "csv"):
        out = tmp_path / f"register.{fmt}"
        out.write_bytes(b"earlier result")
        with pytest.raises(ValueError, match=r"batch\.jsonl:4: not a vndocx record"):
            convert(source, out, fmt)
        assert out.read_bytes() == b"earlier result"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["batch.jsonl", "register.csv", "register.xlsx"]


def test_convert_refuses_to_overwrite_its_input(tmp_path):
    source = _write_jsonl(tmp_path / "batch.jsonl", make_documents())
    with pytest.raises(ValueError, match="overwrite its own input"):
        convert(source, tmp_path / "batch.jsonl", "jsonl")
    assert read_jsonl(source) == make_documents()


def test_impossible_dates_become_missing_not_errors():
    doc = Document(source="a.txt", date="2025-02-30",
                   tasks=[Task(text="Rà soát.", deadline=Deadline(raw="trước ngày 31/4/2025", date="2025-04-31", kind="by"))])  # fmt: skip
    tasks, docs = to_dataframe([doc])
    assert pd.isna(tasks.loc[0, "deadline_date"]) and tasks.loc[0, "deadline_raw"] == "trước ngày 31/4/2025"
    assert pd.isna(docs.loc[0, "date"])


_names = st.text(alphabet="ạảấầẩẫậăắằẳẵặđêếềểễệơớờởỡợưứừửữựSởBan Nội vụ", min_size=1, max_size=20)
_tasks = st.builds(
    Task,
    text=st.text(min_size=1, max_size=40),
    owner=st.none() | _names,
    co_owners=st.lists(_names.filter(lambda n: ";" not in n), max_size=3),
    deadline=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(
        lambda d: Deadline(raw=f"trước ngày {d:%d/%m/%Y}", date=d.isoformat(), kind="by")),
)  # fmt: skip
_documents = st.lists(st.builds(Document, source=st.text(min_size=1, max_size=10), tasks=st.lists(_tasks, max_size=4)),
                      max_size=5)  # fmt: skip


@settings(max_examples=60, deadline=None)
@given(_documents)
def test_to_dataframe_keeps_every_task_in_order(documents):
    tasks, docs = to_dataframe(documents)
    flat = [(i, t) for i, d in enumerate(documents) for t in d.tasks]
    assert len(tasks) == len(flat) and len(docs) == len(documents)
    assert tasks["doc_id"].tolist() == [i for i, _t in flat]
    assert tasks["text"].tolist() == [t.text for _i, t in flat]
    assert tasks["owner"].tolist() == [t.owner for _i, t in flat]
    assert [c.split("; ") if c else [] for c in tasks["co_owners"]] == [t.co_owners for _i, t in flat]
    got = [None if pd.isna(v) else v.date() for v in tasks["deadline_date"]]
    assert got == [t.deadline and date.fromisoformat(t.deadline.date) for _i, t in flat]
    assert docs["n_tasks"].tolist() == [len(d.tasks) for d in documents]


def test_samples_to_excel_register(tmp_path):
    """The real pipeline on samples/: every task of every record is one row of the register, in order."""
    from openpyxl import load_workbook

    paths = sorted(SAMPLES.glob("*.txt"))
    if not paths:
        pytest.skip(f"no samples in {SAMPLES}")
    documents = [vndocx.extract(p) for p in paths]
    tasks, docs = to_dataframe(documents)
    assert len(docs) == len(paths)
    assert len(tasks) == sum(len(d.tasks) for d in documents) > 0
    for row in tasks.itertuples():
        text = documents[row.doc_id].text
        if not pd.isna(row.span_start):
            assert text[row.span_start : row.span_end] == row.text
    path = write_records(documents, tmp_path / "samples.xlsx")[0]
    wb = load_workbook(path)
    ws = wb[TASK_SHEET]
    assert [ws.cell(row=r, column=4).value for r in range(2, ws.max_row + 1)] == tasks["text"].tolist()
    assert [wb[DOCUMENT_SHEET].cell(row=r, column=7).value for r in range(2, len(paths) + 2)] == [
        d.subject for d in documents]  # fmt: skip


def test_excel_task_register_layout(tmp_path):
    from openpyxl import load_workbook

    path = write_records(make_documents(), tmp_path / "register.xlsx", "xlsx")[0]
    wb = load_workbook(path)
    assert wb.sheetnames == [TASK_SHEET, DOCUMENT_SHEET]
    ws = wb[TASK_SHEET]
    headers = [c.value for c in ws[1]]
    col = {h: i + 1 for i, h in enumerate(headers)}
    for needed in ("Đơn vị chủ trì", "Đơn vị phối hợp", "Nội dung nhiệm vụ", "Thời hạn", "Trạng thái",
                   "Văn bản giao", "Mục"):  # fmt: skip
        assert needed in col, needed
    assert ws.max_row == 9  # header + 8 tasks
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(headers)).column_letter}9"
    assert all(c.font.bold for c in ws[1])

    due = ws.cell(row=2, column=col["Thời hạn"])
    assert isinstance(due.value, datetime) and due.value.date() == date(2025, 10, 30)
    assert due.number_format == "DD/MM/YYYY"
    assert ws.cell(row=5, column=col["Thời hạn"]).value is None  # recurring: no date
    assert ws.cell(row=5, column=col["Thời hạn (nguyên văn)"]).value == "định kỳ hằng tháng"
    assert ws.cell(row=5, column=col["Loại thời hạn"]).value == "Định kỳ"

    assert ws.cell(row=2, column=col["Đơn vị chủ trì"]).value == "Sở Khoa học và Công nghệ"
    assert ws.cell(row=2, column=col["Đơn vị phối hợp"]).value == "Sở Nội vụ"
    task_cell = ws.cell(row=2, column=col["Nội dung nhiệm vụ"])
    assert task_cell.value.startswith("Chủ trì, phối hợp với Sở Nội vụ")
    assert task_cell.alignment.wrap_text
    assert ws.column_dimensions[task_cell.column_letter].width >= 60
    assert ws.cell(row=7, column=col["Trạng thái"]).value == "Đang thực hiện"

    source = ws.cell(row=6, column=col["Văn bản giao"])
    assert source.value == "Báo cáo số 88/BC-UBND"
    assert source.hyperlink.location == f"'{DOCUMENT_SHEET}'!A3"
    rules = [r for rng in ws.conditional_formatting for r in rng.rules]
    assert len(rules) == 1 and "TODAY()" in rules[0].formula[0]

    docs_ws = wb[DOCUMENT_SHEET]
    assert docs_ws.freeze_panes == "A2"
    assert docs_ws.auto_filter.ref is not None
    assert docs_ws.max_row == 4
    assert docs_ws["A3"].value == 2
    assert docs_ws.cell(row=3, column=3).value == "88/BC-UBND"
    doc_date = docs_ws.cell(row=2, column=4)
    assert doc_date.value.date() == date(2025, 10, 12) and doc_date.number_format == "DD/MM/YYYY"
    assert docs_ws.cell(row=4, column=4).value is None


def test_excel_refuses_more_tasks_than_a_sheet_holds(tmp_path, monkeypatch):
    import vndocx.export

    monkeypatch.setattr(vndocx.export, "EXCEL_MAX_ROWS", 5)  # header + 4 tasks; the documents have 8
    with pytest.raises(ValueError, match=r"more than 4 tasks.*csv or parquet"):
        write_records(make_documents(), tmp_path / "big.xlsx")
    assert list(tmp_path.iterdir()) == []


def test_excel_with_no_tasks_is_still_a_valid_register(tmp_path):
    from openpyxl import load_workbook

    path = write_records([Document(source="empty.txt")], tmp_path / "empty.xlsx")[0]
    wb = load_workbook(path)
    assert wb[TASK_SHEET].max_row == 1
    assert wb[DOCUMENT_SHEET].max_row == 2


SOFFICE = shutil.which("libreoffice") or shutil.which("soffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
def test_excel_prints_vietnamese_text_in_libreoffice(tmp_path):
    """LibreOffice opens and prints the register: names keep their diacritics, dates read dd/mm/yyyy."""
    import pdfplumber

    xlsx = write_records(make_documents(), tmp_path / "register.xlsx")[0]
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [str(SOFFICE), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(xlsx)],
        capture_output=True, text=True, timeout=180, check=False,
    )  # fmt: skip
    pdf = tmp_path / "register.pdf"
    assert pdf.exists(), result.stderr
    with pdfplumber.open(pdf) as doc:
        text = unicodedata.normalize("NFC", "\n".join(page.extract_text() or "" for page in doc.pages))
    assert "Sở Khoa học và Công nghệ" in text
    assert "Sở Xây dựng" in text
    assert "Đang thực hiện" in text
    assert "30/10/2025" in text  # the date cell printed in the register's format
    assert "Nguyễn Thị Hằng" in text  # the documents sheet is printed too
    assert "Nội dung nhiệm vụ" in text and "Văn bản giao" in text  # the headers
    assert "Kết quả thực hiện các nhiệm vụ trọng tâm quý III" in text
    # The overdue rule is a formula LibreOffice evaluates: the late, unfinished HP-02 row is shaded,
    # the finished HP-01 row is not (both deadlines are long past whenever this runs).
    with pdfplumber.open(pdf) as doc:
        page = doc.pages[0]
        shaded = [r for r in page.rects if _is_colour(r.get("non_stroking_color"), (0xF8, 0xD7, 0xDA))]
        words = page.extract_words()

    def row_is_shaded(code: str) -> bool:
        word = next(w for w in words if w["text"] == code)
        middle = (word["top"] + word["bottom"]) / 2
        return any(r["top"] <= middle <= r["bottom"] for r in shaded)

    assert row_is_shaded("HP-02")
    assert not row_is_shaded("HP-01")


def _is_colour(colour: object, rgb: tuple[int, int, int]) -> bool:
    if not isinstance(colour, (tuple, list)) or len(colour) != 3:
        return False
    return all(abs(c * 255 - v) <= 2 for c, v in zip(colour, rgb, strict=True))
