"""The genre's words and patterns: what Nghị định 30/2020/NĐ-CP's layout prints (the motto,
unit words, the heads of bodies' names, signers' titles and authority marks, headings), used by
the segmenter and by the OCR's second readings of a scan's header and signature.

All matching is on NFC text, case-insensitively where the genre varies case.
"""

from __future__ import annotations

import re

from vndocx.lang.rule_tables import load_units

# Type lines ("THÔNG BÁO") and their sentence-case names, longest first so "CHƯƠNG TRÌNH
# HÀNH ĐỘNG" wins over "CHƯƠNG TRÌNH".
MOTTO_LINES = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")

# Administrative-unit words that continue an issuer name on the next line
# ("ỦY BAN NHÂN DÂN" / "TỈNH GIA LAI" is one body, "UBND TỈNH GIA LAI" / "VĂN PHÒNG" two).
UNIT_CONTINUATIONS = (*(u.word.upper() for u in load_units()), "VIỆT NAM")

# Words that open the name of a body in a header ("SỞ …", "TRUNG TÂM …", "BAN CHỈ ĐẠO …"). An
# issuer line that opens with none of them (nor with a unit word) continues the name above it:
# "TRUNG TÂM THÔNG TIN" / "VÀ LƯU TRỮ ĐIỆN TỬ" is one body, printed on two lines.
BODY_HEADS = ("ỦY BAN", "UỶ BAN", "UBND", "HỘI ĐỒNG", "HĐND", "BỘ", "SỞ", "BAN", "VĂN PHÒNG", "TRUNG TÂM",
              "TỔNG CỤC", "CỤC", "CHI CỤC", "VỤ", "VIỆN", "HỌC VIỆN", "PHÒNG", "TRƯỜNG", "ĐẠI HỌC",
              "BỆNH VIỆN", "CÔNG TY", "TỔNG CÔNG TY", "TẬP ĐOÀN", "NGÂN HÀNG", "KHO BẠC", "BẢO HIỂM",
              "THANH TRA", "CÔNG AN", "BỘ CHỈ HUY", "BỘ ĐỘI", "TÒA ÁN", "TOÀ ÁN", "VIỆN KIỂM SÁT", "CHÍNH PHỦ",
              "THỦ TƯỚNG", "QUỐC HỘI", "ĐẢNG", "ĐOÀN", "HỘI", "LIÊN ĐOÀN", "LIÊN HIỆP", "MẶT TRẬN", "ĐÀI",
              "BÁO", "TỈNH ỦY", "THÀNH ỦY", "HUYỆN ỦY", "QUẬN ỦY", "THỊ ỦY", "ĐẢNG ỦY", "ĐẢNG BỘ", "HỢP TÁC XÃ",
              "CHI NHÁNH", "KIỂM TOÁN", "TỔ", "HIỆP HỘI", "QUỸ", "THÔNG TẤN XÃ", "CẢNG VỤ", "ĐỘI", "BỘ TƯ LỆNH")

# Độ khẩn and độ mật marks, stamped or printed on a line of their own near the header: as
# printed → (the record's field, its value).
MARKS = {"HỎA TỐC": ("urgency", "Hỏa tốc"), "HOẢ TỐC": ("urgency", "Hỏa tốc"),
         "THƯỢNG KHẨN": ("urgency", "Thượng khẩn"), "KHẨN": ("urgency", "Khẩn"),
         "TUYỆT MẬT": ("confidentiality", "Tuyệt mật"), "TỐI MẬT": ("confidentiality", "Tối mật"),
         "MẬT": ("confidentiality", "Mật")}

# Signing on behalf: thay mặt, ký thay, thừa lệnh, thừa ủy quyền, quyền.
# (a comma: the dot as OCR reads it, "KT, CHÁNH VĂN PHÒNG")
AUTHORITY_PREFIX = re.compile(r"^(?:T/?M|K/?T|T/?L|TUQ|Q)\s*[.,]\s*", re.I)

# Upper-case phrases of headers and signature blocks. OCR drops their accents or spaces
# ("PHO CHU TỊCH", "ỦY BANNHÂNDÂN"); a line in capitals that matches one without accents and
# spaces gets the phrase back. Only phrases of two words or more: single words are ambiguous.
SIGNER_TITLES = (
    "PHÓ CHÁNH VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "PHÓ VĂN PHÒNG", "PHÓ CHỦ TỊCH", "CHỦ TỊCH", "PHÓ GIÁM ĐỐC", "GIÁM ĐỐC",
    "PHÓ TRƯỞNG BAN", "TRƯỞNG BAN", "PHÓ CHÁNH THANH TRA", "CHÁNH THANH TRA", "TỔNG GIÁM ĐỐC",
    "BỘ TRƯỞNG", "THỨ TRƯỞNG", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "BÍ THƯ", "PHÓ BÍ THƯ",
    "TRƯỞNG PHÒNG", "PHÓ TRƯỞNG PHÒNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM",
    "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG",
    "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "TRƯỞNG ĐOÀN", "PHÓ TRƯỞNG ĐOÀN", "CHÁNH ÁN", "PHÓ CHÁNH ÁN",
)
# A deputy's title and the head's title printed above it in "KT. <head>" (ký thay).
DEPUTY_HEADS = {"THỨ TRƯỞNG": "BỘ TRƯỞNG", "PHÓ VĂN PHÒNG": "CHÁNH VĂN PHÒNG",
                **{t: t[4:] for t in SIGNER_TITLES if t.startswith("PHÓ ") and t[4:] in SIGNER_TITLES}}
CAPS_PHRASES = (
    "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "VĂN PHÒNG",
    *SIGNER_TITLES,
    "THÔNG BÁO", "KẾ HOẠCH", "BÁO CÁO", "QUYẾT ĐỊNH", "GIẤY MỜI", "TỜ TRÌNH", "CÔNG VĂN",
)

# The notes printed after a Nơi nhận item ("- Thường trực Tỉnh ủy (b/c);"): báo cáo, thực hiện,
# phối hợp, đăng báo, theo dõi, chỉ đạo; OCR of the small type misreads their letters as symbols.
DISTRIBUTION_NOTES = (
    "b/c", "t/h", "p/h", "đ/b", "t/d", "c/đ", "để b/c", "để t/h", "để p/h", "để t/d", "để c/đ",
    "để biết", "để báo cáo", "để thực hiện", "để phối hợp", "để theo dõi", "để chỉ đạo",
)

# Ranks printed before a signer's name in the armed forces and police.
RANK = re.compile(
    r"^(?:Đại|Thượng|Trung|Thiếu)\s+(?:tướng|tá|úy|uý)\s+|^(?:Chuẩn\s+)?Đô\s+đốc\s+|^(?:Phó\s+)?Giáo\s+sư,?\s+"
)

# Openers of the first body paragraph: where a multi-line subject certainly ends.
BODY_OPENERS = (
    "Căn cứ", "Thực hiện", "Theo", "Tại", "Ngày", "Sau khi", "Để", "Nhằm", "Trong", "Xét",
    "Vừa qua", "Hiện nay", "Trên cơ sở", "Thừa lệnh", "Qua", "Kính gửi", "Triển khai",
    "Sáng ngày", "Chiều ngày", "Tối ngày", "Hôm nay", "Vào ngày",
)

# A heading of a body's standing mandate in a regulation ("Chức năng, nhiệm vụ và quyền hạn"): it
# defines the body and assigns nothing, so its section is not one of tasks.
MANDATE_HEADING = re.compile(
    r"vị\s+trí\s+và\s+chức\s+năng|chức\s+năng,\s+nhiệm\s+vụ|nhiệm\s+vụ,?\s+(?:và\s+)?quyền\s+hạn", re.I)

# Section kinds by heading words (checked in order; the first hit wins).
SECTION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proposals", ("kiến nghị", "đề xuất")),
    ("limitations", ("tồn tại", "hạn chế", "khó khăn", "vướng mắc", "nguyên nhân")),
    ("basis", ("mục đích", "căn cứ", "sự cần thiết", "bối cảnh", "thời gian", "địa điểm", "thành phần",
               "nội dung hội nghị", "quan điểm", "mục tiêu", "phạm vi", "đối tượng", "kinh phí")),
    ("results", ("kết quả", "tình hình", "công tác", "đã đạt", "đánh giá")),
    ("tasks", ("nhiệm vụ", "giải pháp", "tổ chức thực hiện", "phân công", "yêu cầu", "trách nhiệm",
               "triển khai", "chỉ đạo", "đề nghị", "phương hướng")),
    ("conclusion", ("kết luận", "nhận xét")),
)

# Lines that are page furniture, not text: page numbers, bare URLs, stamps.
FURNITURE = (
    re.compile(r"^\W*(?:CÔNG\s+VĂN\s+)?ĐẾN\s*(?:Số\b|$)"),      # received stamp "ĐẾN Số: 14708 Ngày: …"
    re.compile(r"^\s*(?:-\s*)?\d{1,3}(?:\s*-)?\s*$"),          # page number "5", "- 5 -"
    re.compile(r"^\s*(?:Trang|Page)\s+\d+(?:\s*/\s*\d+)?\s*$", re.I),
    re.compile(r"^\s*https?://\S+\s*$"),
    re.compile(r"^\s*\d{1,4}\s+\d{1,4}\s*$"),                   # stray counters "982 30"
    re.compile(r"^[\W_]*\w?[\W_]*$"),                            # scan debris: "|", "~ y", "—"
)

# Section kinds of deeper headings: only these strong words override the parent's kind
# ("a) Về công tác …" under a tasks heading stays a task section).
CHILD_SECTION_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("proposals", ("kiến nghị", "đề xuất")),
    ("limitations", ("tồn tại", "hạn chế", "nguyên nhân")),
    ("results", ("kết quả đạt được", "kết quả thực hiện")),
    ("tasks", ("nhiệm vụ trọng tâm", "tổ chức thực hiện", "nhiệm vụ, giải pháp")),
    ("basis", ("mục tiêu", "quan điểm", "mục đích")),
)

# "… các chủ thể như:" opens an enumeration inside its clause, which goes on below (unlike the
# list that "như sau:" or "gồm:" introduces): such a line is neither a heading nor a lead-in.
INLINE_LIST = re.compile(r"\bnhư\s*:\s*$", re.I)

# The fields under a plan's item, each opening its own line ("Cơ quan chủ trì: Sở Nội vụ;", "Cơ
# quan phối hợp: …", "Thời gian thực hiện: Thường xuyên."): who leads the item, with whom, by when.
# (A bare "Chủ trì:" is who chairs a meeting.)
ITEM_FIELD = re.compile(r"^(?:(?P<owner>(?:Cơ\s+quan|Đơn\s+vị)\s+(?:chủ\s+trì|thực\s+hiện))"
                        r"|(?P<co>(?:Cơ\s+quan|Đơn\s+vị)\s+phối\s+hợp)"
                        r"|(?P<due>Thời\s+(?:gian|hạn)(?:\s+(?:thực\s+hiện|hoàn\s+thành))?))\s*:\s*(?P<value>.*)$",
                        re.I | re.S)

# The body's closing formula, never an assignment: "Trên đây là …", "Kính đề nghị … quan tâm, phối
# hợp" (or "… xem xét", "… tạo điều kiện": a "kính đề nghị" that asks for work is a request), "… thông
# báo để … biết, thực hiện", "nếu có vướng mắc, đề nghị … phản ánh về …", and the
# last sentence that hands the whole text on ("… triển khai thực hiện./.", "Đề nghị các đơn vị
# nghiêm túc tổ chức thực hiện Công văn này./.").
CLOSING_FORMULA = re.compile(
    r"^Trên\s+đây\s+là|Kính\s+đề\s+nghị\b[^.;:]{0,80}?\b(?:quan\s+tâm|xem\s+xét|giúp\s+đỡ|tạo\s+điều\s+kiện)"
    r"|quan\s+tâm,?\s+phối\s+hợp|thông\s+báo\s+để"
    r"|nếu\s+có\s+(?:khó\s+khăn|vướng\s+mắc)[^.]{0,120}\bphản\s+ánh\b"
    r"|(?:triển\s+khai|tổ\s+chức|phối\s+hợp)\s+thực\s+hiện\s*\./\."
    r"|(?<!việc\s)thực\s+hiện\b[^.;]{0,80}\b(?:Chỉ\s+thị|Kế\s+hoạch|Công\s+văn|Thông\s+báo|Quyết\s+định|văn\s+bản)"
    r"\s+này\s*\./\.\s*$", re.I)

# Words of an unnumbered lead-in paragraph that opens the assignments ("… yêu cầu:").
TASK_LEAD_IN = re.compile(r"\b(?:yêu cầu|đề nghị|giao)\b[^.:]{0,250}:\s*$", re.I)

# Paragraph kinds for a notice written without headings (first words decide).
PARAGRAPH_KINDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("limitations", ("tuy nhiên", "nguyên nhân", "tồn tại", "hạn chế")),
    ("proposals", ("kiến nghị", "đề xuất")),
    ("results", ("kết quả", "đạt được", "đã hoàn thành", "nhìn chung", "sau hơn", "trong năm")),
    ("basis", ("ngày", "căn cứ", "thực hiện", "theo", "tại", "xét", "vừa qua")),
)
