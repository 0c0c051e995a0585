"""Owners: canonical names (abbreviations, spellings, OCR damage, localities), body mentions in
text, splitting lists of bodies, the document's own names, and the rule tables' loaders."""

from __future__ import annotations

import itertools
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vndocx.extraction.owners import Gazetteer, split_bodies, spread_localities
from vndocx.lang import rule_tables as tables
from vndocx.lang.text import modern_tones

from conftest import need_shared

G = Gazetteer.default()


@pytest.mark.parametrize(("printed", "canonical"), [
    ("UBND tỉnh", "Ủy ban nhân dân tỉnh"),
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Sở TT&TT", "Sở Thông tin và Truyền thông"),
    ("Sở NN&MT", "Sở Nông nghiệp và Môi trường"),
    ("VP UBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("VPUBND tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("UBND các xã, phường", "Ủy ban nhân dân các xã, phường"),
    ("Ủy ban nhân dân xã, phường", "Ủy ban nhân dân xã, phường"),  # the class as printed
    ("UBMTTQVN tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"),
    ("Văn phòng Đoàn ĐBQH và HĐND tỉnh", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh"),
    ("SỞ KHOA HỌC VÀ CÔNG NGHỆ", "Sở Khoa học và Công nghệ"),
    ("UBND TỈNH GIA LAI", "Ủy ban nhân dân tỉnh Gia Lai"),
    ("Văn phòng Uỷ ban nhân dân tỉnh", "Văn phòng Ủy ban nhân dân tỉnh"),  # the other tone placement
    ("Sở Văn hoá - Thể thao và Du lịch", "Sở Văn hóa, Thể thao và Du lịch"),  # an alias row
    ("Sở Khoa hoc va Cong nghe", "Sở Khoa học và Công nghệ"),  # diacritics lost
    ("Sở Nội vu", "Sở Nội vụ"),
    ("Sở Tài chinh", "Sở Tài chính"),
    ("2. Sở Khoa học và Công nghệ:", "Sở Khoa học và Công nghệ"),  # a heading
    ("Đối với UBND các xã, phường", "Ủy ban nhân dân các xã, phường"),
    ("- Sở Y tế;", "Sở Y tế"),
    ("Công an tỉnh Gia Lai", "Công an tỉnh Gia Lai"),
    ("Ban Dân tộc tỉnh Gia Lai", "Ban Dân tộc tỉnh Gia Lai"),
    ("Ủy ban nhân dân xã Ia Hrú", "Ủy ban nhân dân xã Ia Hrú"),
    ("VNPT Gia Lai", "VNPT Gia Lai"),
    ("Kho bạc Nhà nước Khu vực XI", "Kho bạc Nhà nước Khu vực XI"),
    ("Tỉnh đoàn", "Tỉnh đoàn"),
    ("Sở NV", "Sở Nội vụ"),
    ("Chi cục QLTT", "Chi cục Quản lý thị trường"),
])
def test_canonical_known(printed: str, canonical: str) -> None:
    assert G.canonical(printed) == (canonical, True)


@pytest.mark.parametrize(("printed", "kept"), [
    ("Phòng Văn hóa, Thể thao và Du lịch", "Phòng Văn hóa, Thể thao và Du lịch"),
    ("Ban Quản lý Khu du lịch Hồ Xanh;", "Ban Quản lý Khu du lịch Hồ Xanh"),
    ("Hợp tác xã Nông nghiệp Bình Minh (b/c)", "Hợp tác xã Nông nghiệp Bình Minh"),
    ("Đội QLTT số 2", "Đội Quản lý thị trường số 2"),  # abbreviations are expanded even so
    ("Thuế cơ sở 3 tỉnh Lạc Sơn", "Thuế cơ sở 3 tỉnh Lạc Sơn"),  # not "Thuế cơ sở": the number matters
])
def test_canonical_unknown_kept_as_printed(printed: str, kept: str) -> None:
    assert G.canonical(printed) == (kept, False)


def test_close_but_different_bodies_stay_apart() -> None:
    assert G.canonical("Bộ Tài chính") == ("Bộ Tài chính", True)
    assert G.canonical("Sở Tài chính") == ("Sở Tài chính", True)
    assert G.canonical("Công an xã") == ("Công an xã", True)
    assert G.canonical("Phòng Nội vụ")[0] == "Phòng Nội vụ"


def test_find_mentions_in_order_longest_with_locality() -> None:
    text = ("Sở Khoa học và Công nghệ chủ trì, phối hợp với Văn phòng Đoàn đại biểu Quốc hội và Hội đồng "
            "nhân dân tỉnh, UBND các xã, phường và VNPT Lạc Sơn; báo cáo Phó Chủ tịch Ủy ban nhân dân tỉnh "
            "Trần Văn Lâm theo Kế hoạch số 12/KH-UBND; bảo đảm cơ sở vật chất.")
    found = G.find(text)
    assert [printed for _, printed in found] == [
        "Sở Khoa học và Công nghệ",
        "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
        "UBND các xã, phường",
        "VNPT Lạc Sơn",
        "Ủy ban nhân dân tỉnh",  # not the person after it, not "UBND" inside the symbol
    ]
    for (start, end), printed in found:
        assert text[start:end] == printed
    assert all(a[0][1] <= b[0][0] for a, b in itertools.pairwise(found))


def test_find_needs_a_capital_and_handles_capitals_and_line_breaks() -> None:
    assert G.find("bảo đảm cơ sở vật chất cho các sở, ban, ngành") == []
    assert [p for _, p in G.find("2. SỞ TÀI CHÍNH:")] == ["SỞ TÀI CHÍNH"]
    assert [p for _, p in G.find("Văn phòng Ủy ban\nnhân dân tỉnh chủ trì")] == ["Văn phòng Ủy ban\nnhân dân tỉnh"]


def test_find_unknown_bodies_by_their_head_word() -> None:
    text = "Ban Quản lý Khu du lịch Hồ Xanh phối hợp với Trung tâm Văn hóa, Thể thao và Du lịch tỉnh tổ chức."
    assert [p for _, p in G.find(text)] == ["Ban Quản lý Khu du lịch Hồ Xanh",
                                            "Trung tâm Văn hóa, Thể thao và Du lịch tỉnh"]


@pytest.mark.parametrize(("text", "names"), [
    # a lower-case tail ends at the end of the clause, at a verb, or before the next body
    ("Cục Báo chí:", ["Cục Báo chí"]),
    ("Cục Quản lý chất lượng chủ trì thẩm định", ["Cục Quản lý chất lượng"]),
    ("Cục Nghệ thuật biểu diễn, Cục Di sản văn hóa phối hợp", ["Cục Nghệ thuật biểu diễn", "Cục Di sản văn hóa"]),
    ("Phòng Báo chí - Xuất bản chủ trì tổ chức hội thi", ["Phòng Báo chí - Xuất bản"]),
    ("Trung tâm Kiểm định chất lượng giáo dục chủ trì", ["Trung tâm Kiểm định chất lượng giáo dục"]),
    ("Văn phòng Điều phối nông thôn mới tỉnh phối hợp", ["Văn phòng Điều phối nông thôn mới tỉnh"]),
    ("Phòng Tổ chức cán bộ phối hợp", ["Phòng Tổ chức cán bộ"]),  # "tổ chức" here is the name
    # a comma inside a known name survives OCR damage to its accents
    ("Sở Văn hóa, Thẻ thao và Du lịch chủ trì", ["Sở Văn hóa, Thẻ thao và Du lịch"]),
    # a head word before a known name makes a longer name, not the known one
    ("Cục Bưu điện Trung ương: bảo đảm thông tin liên lạc", ["Cục Bưu điện Trung ương"]),
    # a body that takes its place's name directly
    ("Thành đoàn Lạc Sơn phối hợp", ["Thành đoàn Lạc Sơn"]),
])
def test_find_unknown_names_end_where_the_clause_says(text: str, names: list[str]) -> None:
    assert [p for _, p in G.find(text)] == names


def test_find_does_not_glue_the_sentence_to_an_unknown_name() -> None:
    # a lower-case run that neither ends the clause nor meets a verb is the sentence, not the name
    assert [p for _, p in G.find("Ban Quản lý Khu công nghiệp tăng cường quảng bá hình ảnh, thu hút đầu tư")] \
        == ["Ban Quản lý Khu công nghiệp"]
    assert [p for _, p in G.find("Ban Quản lý Khu công nghiệp tăng cường kiểm tra")] == ["Ban Quản lý Khu công nghiệp"]
    assert [p for _, p in G.find("Trung tâm Văn hóa tuyên truyền rộng rãi đến người dân")] == ["Trung tâm Văn hóa"]
    found = [p for _, p in G.find("Cục Nghệ thuật biểu diễn, tổng hợp ý kiến")]
    assert len(found) == 1 and "Cục Nghệ thuật biểu diễn".startswith(found[0])


def test_a_body_that_belongs_to_another_is_one_owner() -> None:
    assert split_bodies("Phòng có chức năng quản lý văn hóa thuộc Ủy ban nhân dân cấp xã") == [
        "Phòng có chức năng quản lý văn hóa thuộc Ủy ban nhân dân cấp xã"]
    assert split_bodies("Phòng Kinh tế, Ủy ban nhân dân cấp xã") == ["Phòng Kinh tế", "Ủy ban nhân dân cấp xã"]
    assert split_bodies("Phòng có chức năng quản lý xây dựng thuộc Ủy ban nhân dân cấp xã") == [
        "Phòng có chức năng quản lý xây dựng thuộc Ủy ban nhân dân cấp xã"]  # "xây dựng" is no verb here
    # a unit named with its ministry after a dash
    assert split_bodies("Cục Cảnh sát giao thông - Bộ Công an") == ["Cục Cảnh sát giao thông - Bộ Công an"]
    assert split_bodies("Sở Tư pháp, Bộ Công an") == ["Sở Tư pháp", "Bộ Công an"]


def test_an_office_holder_in_a_list_is_the_title_with_its_body() -> None:
    assert split_bodies("Trưởng Phòng Nội vụ huyện") == ["Trưởng Phòng Nội vụ huyện"]
    assert split_bodies("Sở Tư pháp, Giám đốc Sở Nội vụ và Chủ tịch Ủy ban nhân dân các xã") == [
        "Sở Tư pháp", "Giám đốc Sở Nội vụ", "Chủ tịch Ủy ban nhân dân các xã"]  # never "Sở Giám đốc"
    assert split_bodies("Sở Khoa học và Công nghệ kết nối Cơ sở dữ liệu cán bộ, công chức, viên chức") == [
        "Sở Khoa học và Công nghệ"]  # people in lower case after the body are no holders


@pytest.mark.parametrize(("listed", "bodies"), [
    ("Công đoàn Sở phát động phong trào", ["Công đoàn Sở"]),  # a name the gazetteer lacks ends at the verb
    ("Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương",
     ["Sở Thông tin và Truyền thông các tỉnh, thành phố trực thuộc Trung ương"]),
])
def test_split_bodies_ends_names_where_the_grammar_does(listed: str, bodies: list[str]) -> None:
    assert split_bodies(listed) == bodies


def test_abbreviated_names_of_the_genre_are_written_out() -> None:
    assert G.canonical("Trung tâm CNTT-TT") == ("Trung tâm Công nghệ thông tin và Truyền thông", True)


@pytest.mark.parametrize(("listed", "bodies"), [
    ("các Sở: Tư pháp, Nội vụ, Tài chính", ["Sở Tư pháp", "Sở Nội vụ", "Sở Tài chính"]),
    ("các sở: Khoa học và Công nghệ, Nội vụ, Văn hóa, Thể thao và Du lịch",
     ["Sở Khoa học và Công nghệ", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở Tư pháp và Nội vụ", ["Sở Tư pháp", "Sở Nội vụ"]),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
    ("Sở Tài chính và các đơn vị liên quan", ["Sở Tài chính"]),
    ("UBND các xã, phường và các cơ quan, đơn vị liên quan", ["UBND các xã, phường"]),
    ("Công an tỉnh, Sở Tư pháp và Ủy ban nhân dân các xã, phường",
     ["Công an tỉnh", "Sở Tư pháp", "Ủy ban nhân dân các xã, phường"]),
    ("Các Sở: Xây dựng, Công Thương; Thuế tỉnh; Bảo hiểm xã hội tỉnh:",
     ["Sở Xây dựng", "Sở Công Thương", "Thuế tỉnh", "Bảo hiểm xã hội tỉnh"]),
    ("Bưu điện tỉnh, VNPT Lạc Sơn, Viettel Lạc Sơn", ["Bưu điện tỉnh", "VNPT Lạc Sơn", "Viettel Lạc Sơn"]),
    ("các xã, phường", ["Ủy ban nhân dân các xã, phường"]),
    ("Các sở: KH&CN, NV, TC", ["Sở KH&CN", "Sở NV", "Sở TC"]),
])
def test_split_bodies(listed: str, bodies: list[str]) -> None:
    assert split_bodies(listed) == bodies


def test_split_bodies_keeps_catch_alls_when_asked() -> None:
    assert split_bodies("Sở Tài chính và các cơ quan, đơn vị liên quan", catch_alls=True) == [
        "Sở Tài chính", "các cơ quan, đơn vị liên quan"]
    assert G.is_catch_all("các cơ quan, đơn vị liên quan") and G.is_catch_all("các sở, ban, ngành")
    assert not G.is_catch_all("Sở Tài chính")


def test_a_description_after_a_body_names_no_other_body() -> None:
    # an apposition says what the body before it is; the body it goes on to name does no work here
    assert split_bodies("Sở Nội vụ, cơ quan thường trực của Hội đồng Thi đua - Khen thưởng tỉnh") == ["Sở Nội vụ"]
    assert split_bodies("Sở Tư pháp (cơ quan đầu mối Ban Chỉ đạo 138 tỉnh), Công an tỉnh") == [
        "Sở Tư pháp", "Công an tỉnh"]
    assert split_bodies("Sở Nội vụ, Hội đồng Thi đua - Khen thưởng tỉnh") == [
        "Sở Nội vụ", "Hội đồng Thi đua - Khen thưởng tỉnh"]


def test_a_body_that_only_says_which_of_a_catch_all_is_no_item() -> None:
    assert split_bodies("Văn phòng Sở, các đơn vị liên quan thuộc Sở Tài chính, Công an tỉnh") == [
        "Văn phòng Sở", "Công an tỉnh"]  # not "Sở Tài chính": it says which units
    assert split_bodies("Văn phòng Sở, các cơ quan, đơn vị thuộc Sở Tài chính", catch_alls=True) == [
        "Văn phòng Sở", "các cơ quan, đơn vị thuộc Sở Tài chính"]  # a definite set, named as printed


def test_a_class_that_says_whose_units_it_holds_is_named() -> None:
    # "thuộc" and the body's bare word, or its sector, say which units: a definite set, named as
    # printed, where the bare "các cơ quan, đơn vị" is nobody in particular
    assert split_bodies("Văn phòng, các phòng, đơn vị thuộc Sở") == ["Văn phòng", "các phòng, đơn vị thuộc Sở"]
    assert split_bodies("Văn phòng Sở, các cơ quan, đơn vị thuộc Sở Tài chính") == [
        "Văn phòng Sở", "các cơ quan, đơn vị thuộc Sở Tài chính"]
    assert [G.canonical(n)[0] for n in split_bodies("Công đoàn; các doanh nghiệp, đơn vị thuộc ngành TT&TT")] == [
        "Công đoàn", "các doanh nghiệp, đơn vị thuộc ngành Thông tin và Truyền thông"]
    assert split_bodies("Văn phòng, các đơn vị liên quan thuộc Sở") == ["Văn phòng"]
    # "các" and "có liên quan" shared by two items: one catch-all still
    assert split_bodies("Văn phòng, các đơn vị thuộc Bộ, cơ quan nhà nước có liên quan") == ["Văn phòng"]


def test_a_class_of_a_districts_units_is_named_where_a_catch_all_is_not() -> None:
    # "phòng" names one kind of body, as "sở" and "ngành" do; "đơn vị" does not
    assert split_bodies("Văn phòng, các phòng chuyên môn") == ["Văn phòng", "các phòng chuyên môn"]
    assert split_bodies("Văn phòng và các cơ quan, đơn vị") == ["Văn phòng"]
    assert G.is_class("các phòng, ban") and not G.is_class("các phòng, ban, đơn vị")
    assert G.is_class("các phòng, ban, đơn vị", partly=True) and not G.is_class("các cơ quan, đơn vị", partly=True)


def test_the_bare_head_word_of_the_issuer_after_a_name_is_part_of_it() -> None:
    assert split_bodies("Hội đồng Thi đua - Khen thưởng Sở và Văn phòng") == [
        "Hội đồng Thi đua - Khen thưởng Sở", "Văn phòng"]  # never a body "Sở"
    assert split_bodies("Công đoàn, Hội đồng Khoa học Sở, Văn phòng Sở") == [
        "Công đoàn", "Hội đồng Khoa học Sở", "Văn phòng Sở"]


def test_with_names_adds_the_documents_bodies_and_places() -> None:
    g = G.with_names(
        ["Trung tâm Điều hành đô thị thông minh tỉnh:", "Về nhận thức, cách thức làm việc",
         "Sở Khoa học và Công nghệ", "Ủy ban nhân dân tỉnh Lạc Sơn"],
        places=["Lạc Sơn"])
    name = "Trung tâm Điều hành đô thị thông minh tỉnh"
    assert G.canonical(name) == (name, False)
    assert g.canonical(name) == (name, True)
    assert g.canonical("Trung tâm Điều hành đô thị thông minh tinh") == (name, True)  # damaged, fuzzy
    assert g.canonical("Về nhận thức, cách thức làm việc")[1] is False  # not a body: not added
    assert [p for _, p in g.find("Ủy ban nhân dân tỉnh Lạc Sơn giao")] == ["Ủy ban nhân dân tỉnh Lạc Sơn"]
    assert [p for _, p in G.find("Ủy ban nhân dân tỉnh Lạc Sơn giao")] == ["Ủy ban nhân dân tỉnh"]
    assert g.canonical("UBND TỈNH LẠC SƠN") == ("Ủy ban nhân dân tỉnh Lạc Sơn", True)
    assert Gazetteer.default() is G  # the default is built once and not changed


def test_role() -> None:
    assert G.role("Thủ trưởng các cơ quan, đơn vị liên quan chịu trách nhiệm") == \
        "Thủ trưởng các cơ quan, đơn vị liên quan"
    assert G.role("Giám đốc Sở Y tế chỉ đạo") == "Giám đốc Sở Y tế"
    assert G.role("Sở Y tế chỉ đạo") is None


def test_gold_owners_are_canonical_names() -> None:
    gold_dir = need_shared("gold")
    names = set()
    for path in sorted(gold_dir.glob("*.json")):
        for task in json.loads(path.read_text(encoding="utf-8"))["tasks"]:
            names.update(n for n in [task["owner"], *task["co_owners"]] if n)
    assert len(names) >= 5
    for name in names:
        assert G.canonical(name) == (name, True)


def test_table_errors_name_the_file_and_line(monkeypatch) -> None:
    monkeypatch.setattr(tables, "_table", lambda name: [(7, ["Sở Tư pháp", "bodyy"])])
    with pytest.raises(ValueError, match=r"bodies\.tsv, line 7"):
        tables.load_bodies.__wrapped__()
    monkeypatch.setattr(tables, "_table", lambda name: [(3, ["UBND", "Ủy ban nhân dân"])])
    with pytest.raises(ValueError, match=r"abbreviations\.tsv, line 3"):
        tables.load_abbreviations.__wrapped__()
    monkeypatch.setattr(tables, "_table", lambda name: [(5, ["Quyết định", "Quyết định", "abbr"])])
    with pytest.raises(ValueError, match=r"doc_types\.tsv, line 5"):
        tables.load_doc_types.__wrapped__()


def test_tables_load() -> None:
    doc_types = tables.load_doc_types()
    assert doc_types["Thông báo kết luận"] == "Thông báo" and "QĐ" not in doc_types
    assert list(doc_types).index("Thông báo kết luận") < list(doc_types).index("Thông báo")
    assert tables.load_doc_types(abbreviations=True)["QĐ"] == "Quyết định"
    assert tables.load_date_words()["quarter"]["IV"] == "4"
    assert modern_tones("Uỷ ban Hoà Bình, quý") == "Ủy ban Hòa Bình, quý"


@given(st.one_of(st.text(max_size=200), st.lists(st.sampled_from(
    ["Sở ", "UBND ", "tỉnh ", "các xã, phường", " và ", ", ", "Ban ", "Quản lý ", "Khoa học ", "VNPT ",
     "Lạc Sơn ", "\n", "- ", "Công an ", "liên quan", "các cơ quan", "KH&CN ", "105/KH-UBND "]),
    max_size=30).map("".join)))
@settings(max_examples=300, deadline=None)
def test_property_any_text_gives_valid_mentions(text: str) -> None:
    previous_end = 0
    for (start, end), printed in G.find(text):
        assert previous_end <= start < end <= len(text) and text[start:end] == printed
        previous_end = end
    name, known = G.canonical(text)
    assert isinstance(name, str) and isinstance(known, bool)
    assert all(body.strip() for body in split_bodies(text))


def test_a_bare_locality_after_a_body_of_another_is_that_bodys() -> None:
    assert split_bodies("Ủy ban nhân dân xã Hòa An và xã Lạc Thủy") == [
        "Ủy ban nhân dân xã Hòa An", "Ủy ban nhân dân xã Lạc Thủy"]
    assert split_bodies("Chủ tịch UBND phường Đồi Mai 2, phường Hòa An") == [
        "Chủ tịch UBND phường Đồi Mai 2", "Chủ tịch UBND phường Hòa An"]
    assert split_bodies("Sở Tài chính, xã Hòa An") == ["Sở Tài chính"]  # no body of a locality before it
    assert spread_localities("Chủ tịch UBND xã A, xã B và thị trấn C") == [
        "Chủ tịch UBND xã A", "Chủ tịch UBND xã B", "Chủ tịch UBND thị trấn C"]
    assert spread_localities("Chủ tịch UBND các xã, phường") == ["Chủ tịch UBND các xã, phường"]


def test_national_bodies_whose_names_hold_a_comma_or_a_verb_are_whole() -> None:
    # the table names them: a comma and "xây dựng" inside the name would otherwise end it
    (_, printed), = G.find("Cục Khoa học, Công nghệ và Thông tin chủ trì thẩm định.")
    assert G.canonical(printed)[0] == "Cục Khoa học, Công nghệ và Thông tin"
    (_, printed), *_ = G.find("Ban chỉ đạo Chương trình xây dựng nông thôn mới huyện Đồi Mai chỉ đạo các xã.")
    assert G.canonical(printed)[0] == "Ban Chỉ đạo Chương trình xây dựng nông thôn mới huyện Đồi Mai"
