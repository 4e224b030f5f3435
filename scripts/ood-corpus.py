#!/usr/bin/python3
"""A corpus of documents unlike the dev corpus's: ../shared/corpus/generate.py (imported and run
as it is, not copied) with agencies (ministries, a people's council, a school, a general
department's office...), signer names, subjects and document types (Nghị quyết, Hướng dẫn,
Chương trình, Phương án, Đề án) that its dev lists do not have, to see which of the reader's
rules hold beyond the dev corpus. Same options as generate.py:

    /usr/bin/python3 scripts/ood-corpus.py --seed 5150 --count 40 --out /tmp/ood --prefix OOA --jobs 2

The generator is found in $VANTHU_SHARED_DIR/corpus, else in ../shared/corpus beside the checkout."""
import os
import re
import sys

_shared = os.environ.get("VANTHU_SHARED_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared")
sys.path.insert(0, os.path.join(_shared, "corpus"))
import generate as G  # noqa: E402

G.PROVINCES.update({
    "Hà Nội": ("thành phố", None), "Hải Phòng": ("thành phố", None), "Thanh Hóa": ("tỉnh", None),
    "Quảng Ninh": ("tỉnh", None), "Gia Lai": ("tỉnh", None), "Hà Tĩnh": ("tỉnh", None),
    "Lào Cai": ("tỉnh", None), "Điện Biên": ("tỉnh", None), "Kiên Giang": ("tỉnh", "2025-06-30"),
    "Bến Tre": ("tỉnh", "2025-06-30"), "Quảng Ngãi": ("tỉnh", None), "Vĩnh Long": ("tỉnh", None),
    "Bình Dương": ("tỉnh", "2025-06-30"), "Hưng Yên": ("tỉnh", None),
})
A = G.A


def bo(name_lines, abbrev, full, short, units, until=None):
    return A("bo", "Hà Nội", [], name_lines, abbrev, full, short, "BỘ TRƯỞNG", "THỨ TRƯỞNG", units,
             place="Hà Nội", until=until, seal_top=" ".join(name_lines), seal_bottom="",
             superior="Chính phủ", superior_short="Chính phủ")


def hdnd(prov):
    k = G.PROVINCES[prov][0]
    return A("hdnd", prov, [], ["HỘI ĐỒNG NHÂN DÂN", ("%s %s" % (k, prov)).upper()], "HĐND",
             "Hội đồng nhân dân %s" % G._ptxt(prov), "HĐND %s" % k, "CHỦ TỊCH", "PHÓ CHỦ TỊCH",
             ["VP", "KTNS", "VHXH"], seal_top="HỘI ĐỒNG NHÂN DÂN", superior="Quốc hội", superior_short="Quốc hội",
             collective="HỘI ĐỒNG NHÂN DÂN")


def AGENCIES_OOD():
    L = []
    L.append(G.ubnd_tinh("Thanh Hóa"))
    L.append(G.ubnd_tinh("Hải Phòng"))
    L.append(G.ubnd_tinh("Gia Lai"))
    L.append(G.ubnd_tinh("Điện Biên"))
    L.append(hdnd("Quảng Ninh"))
    L.append(hdnd("Hà Tĩnh"))
    L.append(bo(["BỘ NỘI VỤ"], "BNV", "Bộ Nội vụ", "Bộ Nội vụ", ["VTLT", "TCBC", "CCVC", "VP"]))
    L.append(bo(["BỘ TÀI CHÍNH"], "BTC", "Bộ Tài chính", "Bộ Tài chính", ["NSNN", "QLCS", "VP"]))
    L.append(bo(["BỘ GIÁO DỤC VÀ ĐÀO TẠO"], "BGDĐT", "Bộ Giáo dục và Đào tạo", "Bộ Giáo dục và Đào tạo", ["GDĐH", "GDTrH", "VP"]))
    L.append(bo(["BỘ THÔNG TIN", "VÀ TRUYỀN THÔNG"], "BTTTT", "Bộ Thông tin và Truyền thông", "Bộ Thông tin và Truyền thông",
                ["CĐSQG", "ATTT", "VP"], until=G.MERGE_2025_03))
    L.append(A("vertical", "Hà Nội", ["BỘ NỘI VỤ"], ["CỤC VĂN THƯ VÀ", "LƯU TRỮ NHÀ NƯỚC"], "VTLTNN",
               "Cục Văn thư và Lưu trữ nhà nước", "Cục Văn thư và Lưu trữ nhà nước", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG",
               ["NVVT", "NVLT", "VP"], place="Hà Nội", seal_bottom="", superior="Bộ Nội vụ", superior_short="Bộ Nội vụ"))
    L.append(A("vertical", "Hà Tĩnh", ["CỤC THUẾ TỈNH HÀ TĨNH"], ["CHI CỤC THUẾ KHU VỰC", "HỒNG LĨNH - KỲ ANH"], "CCTKV",
               "Chi cục Thuế khu vực Hồng Lĩnh - Kỳ Anh", "Chi cục Thuế khu vực", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG",
               ["HCNS", "KK", "TTHT"], until=G.MERGE_2025_03, superior="Cục Thuế tỉnh Hà Tĩnh", superior_short="Cục Thuế tỉnh"))
    L.append(G.so("Thanh Hóa", ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"], "SGDĐT", "Sở Giáo dục và Đào tạo", ["GDTrH", "TCCB", "VP"]))
    L.append(G.so("Hà Tĩnh", ["SỞ TÀI CHÍNH"], "STC", "Sở Tài chính", ["QLNS", "TCĐT", "VP"]))
    L.append(G.so("Quảng Ninh", ["SỞ XÂY DỰNG"], "SXD", "Sở Xây dựng", ["QLHĐXD", "PTĐT", "VP"]))
    L.append(G.so("Lào Cai", ["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"], "SNNMT", "Sở Nông nghiệp và Môi trường", ["TL", "ĐĐ", "VP"],
                  since="2025-03-01"))
    L.append(G.so("Gia Lai", ["SỞ DÂN TỘC VÀ TÔN GIÁO"], "SDTTG", "Sở Dân tộc và Tôn giáo", ["CSDT", "TG", "VP"], since="2025-03-01"))
    L.append(G.so("Vĩnh Long", ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"], "SKHCN", "Sở Khoa học và Công nghệ", ["QLCN", "CĐS", "VP"]))
    L.append(G.so("Kiên Giang", ["SỞ LAO ĐỘNG - THƯƠNG BINH", "VÀ XÃ HỘI"], "SLĐTBXH", "Sở Lao động - Thương binh và Xã hội",
                  ["BTXH", "GDNN", "VP"], until=G.MERGE_2025_03))
    L.append(G.so("Hưng Yên", ["SỞ Y TẾ"], "SYT", "Sở Y tế", ["NVY", "NVD", "VP"]))
    L.append(A("so", "Quảng Ngãi", ["UBND TỈNH QUẢNG NGÃI"], ["BAN QUẢN LÝ DỰ ÁN ĐẦU TƯ", "XÂY DỰNG CÁC CÔNG TRÌNH", "DÂN DỤNG VÀ CÔNG NGHIỆP"],
               "BQLDA", "Ban Quản lý dự án đầu tư xây dựng các công trình dân dụng và công nghiệp tỉnh Quảng Ngãi",
               "Ban Quản lý dự án", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", ["KHTH", "KT", "HCTH"]))
    L.append(A("trungtam", "Thanh Hóa", ["SỞ GD&ĐT THANH HÓA"], ["TRƯỜNG THPT CHUYÊN", "LAM SƠN"], "THPTCLS",
               "Trường THPT chuyên Lam Sơn", "Trường THPT chuyên Lam Sơn", "HIỆU TRƯỞNG", "PHÓ HIỆU TRƯỞNG",
               ["VP", "TC"], superior="Sở Giáo dục và Đào tạo tỉnh Thanh Hóa", superior_short="Sở GD&ĐT"))
    L.append(A("trungtam", "Bến Tre", ["SỞ Y TẾ TỈNH BẾN TRE"], ["TRUNG TÂM KIỂM SOÁT", "BỆNH TẬT"], "TTKSBT",
               "Trung tâm Kiểm soát bệnh tật tỉnh Bến Tre", "Trung tâm Kiểm soát bệnh tật", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
               ["KHNV", "TCHC"], until=G.DISTRICT_END, superior="Sở Y tế tỉnh Bến Tre", superior_short="Sở Y tế"))
    L.append(A("chicuc", "Bình Dương", ["SỞ NN VÀ PTNT TỈNH BÌNH DƯƠNG"], ["CHI CỤC THỦY LỢI"], "CCTL",
               "Chi cục Thủy lợi tỉnh Bình Dương", "Chi cục Thủy lợi", "CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG",
               ["HCTH", "QLCT"], until=G.MERGE_2025_03, superior="Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Dương",
               superior_short="Sở NN&PTNT"))
    L.append(G.ubnd_huyen("Thanh Hóa", "huyện", "Quảng Xương"))
    L.append(G.ubnd_huyen("Hà Tĩnh", "thị xã", "Kỳ Anh"))
    L.append(G.ubnd_huyen("Hải Phòng", "quận", "Lê Chân"))
    L.append(G.ubnd_huyen("Điện Biên", "thành phố", "Điện Biên Phủ"))
    L.append(G.phong("Thanh Hóa", "huyện", "Quảng Xương", ["PHÒNG VĂN HÓA", "VÀ THÔNG TIN"], "PVHTT", "Phòng Văn hóa và Thông tin"))
    L.append(G.phong("Hải Phòng", "quận", "Lê Chân", ["PHÒNG LAO ĐỘNG -", "THƯƠNG BINH VÀ XÃ HỘI"], "PLĐTBXH",
                     "Phòng Lao động - Thương binh và Xã hội"))
    L.append(G.ubnd_xa("Hà Tĩnh", "thị xã", "Kỳ Anh", "phường", "Kỳ Trinh"))
    L.append(G.ubnd_xa("Lào Cai", "huyện", "Bảo Thắng", "thị trấn", "Phố Lu"))
    return L


G.AGENCIES_DEV = AGENCIES_OOD

G.SURNAMES = ["Nguyễn", "Nguyễn", "Trần", "Lê", "Hồ", "Võ", "Huỳnh", "Tạ", "Lưu", "Hà", "Trương", "Đoàn",
              "Vương", "Châu", "Lâm", "Quách", "Tô", "Kiều", "Lại", "Thái", "Triệu", "Khúc", "La", "Âu", "Giáp", "Ông"]
G.MIDDLE_M = ["Văn", "Quang", "Tiến", "Khắc", "Hoài", "Duy", "Thanh", "Trung", "Viết", "Sỹ", "Đăng", "Nhật"]
G.MIDDLE_F = ["Thị", "Mỹ", "Bích", "Phương", "Hoài", "Khánh", "Quỳnh", "Tuyết"]
G.GIVEN_M = ["Quân", "Dũng", "Đạt", "Việt", "Huy", "Khoa", "Lộc", "Phúc", "Quang", "Thịnh", "Tùng", "Vinh",
             "Nhân", "Hoàng", "Kiên", "Luân", "Sáng", "Tiến", "Trí", "Vũ", "Ước", "Chiến"]
G.GIVEN_F = ["Ánh", "Châu", "Dung", "Giang", "Huyền", "Linh", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Tuyết", "Vân", "Xuân"]

G.DOC_TYPES.update({
    "NQ": ("Nghị quyết", "NGHỊ QUYẾT"),
    "HD": ("Hướng dẫn", "HƯỚNG DẪN"),
    "CTr": ("Chương trình", "CHƯƠNG TRÌNH"),
    "PA": ("Phương án", "PHƯƠNG ÁN"),
    "ĐA": ("Đề án", "ĐỀ ÁN"),
})
G.TYPE_DIST = [("CV", 0.25), ("QĐ", 0.15), ("BC", 0.08), ("TTr", 0.06), ("KH", 0.06), ("TB", 0.08), ("GM", 0.05),
               ("CT", 0.04), ("NQ", 0.06), ("HD", 0.06), ("CTr", 0.04), ("PA", 0.04), ("ĐA", 0.03)]
G.SUBJECTS = {
    "CV": [
        "V/v triển khai thực hiện Luật Lưu trữ năm 2024",
        "V/v báo cáo số liệu thống kê công tác văn thư, lưu trữ năm {year}",
        "V/v đẩy mạnh thanh toán không dùng tiền mặt trong giải quyết thủ tục hành chính",
        "V/v cử cán bộ tham gia Đoàn kiểm tra liên ngành",
        "V/v góp ý dự thảo Nghị quyết quy định mức chi hỗ trợ",
        "V/v tiếp tục thực hiện Đề án 06 về dữ liệu dân cư, định danh và xác thực điện tử",
        "V/v xác minh, cung cấp hồ sơ liên quan đến đơn khiếu nại của công dân",
        "V/v đề xuất danh mục dự án sử dụng vốn ngân sách nhà nước năm {next_year}",
        "V/v phòng, chống thiên tai và tìm kiếm cứu nạn mùa mưa bão năm {year}",
        "V/v hướng dẫn quyết toán kinh phí hoạt động năm {prev_year}",
    ],
    "QĐ": [
        "Về việc phê duyệt kết quả lựa chọn nhà thầu gói thầu tư vấn giám sát",
        "Về việc bổ nhiệm lại công chức giữ chức vụ lãnh đạo, quản lý",
        "Về việc thành lập Ban Chỉ đạo chuyển đổi số của {agency}",
        "Về việc điều chỉnh dự toán ngân sách nhà nước năm {year}",
        "Về việc ban hành Quy chế chi tiêu nội bộ năm {year}",
        "Về việc công nhận sáng kiến cấp cơ sở năm {prev_year}",
        "Về việc giao chỉ tiêu tuyển sinh năm học {year}-{next_year}",
    ],
    "BC": [
        "Kết quả thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới năm {year}",
        "Công tác phòng, chống tham nhũng, tiêu cực {quarter} năm {year}",
        "Tình hình kinh tế - xã hội tháng {month} năm {year}",
        "Kết quả công tác tiếp công dân, giải quyết khiếu nại, tố cáo năm {year}",
        "Đánh giá chỉ số hài lòng của người dân đối với sự phục vụ của cơ quan hành chính",
    ],
    "TTr": [
        "Về việc đề nghị thẩm định dự thảo Nghị quyết của Hội đồng nhân dân",
        "Về việc đề nghị phê duyệt chủ trương đầu tư dự án cải tạo trụ sở làm việc",
        "Đề nghị công nhận danh hiệu Tập thể lao động xuất sắc năm {year}",
        "Về việc xin ý kiến về phương án sắp xếp đơn vị sự nghiệp công lập",
    ],
    "KH": [
        "Phòng, chống dịch bệnh truyền nhiễm năm {year}",
        "Kiểm tra việc thực hiện quy chế dân chủ ở cơ sở năm {year}",
        "Triển khai thi hành Luật Lưu trữ năm 2024",
        "Tổ chức Ngày Sách và Văn hóa đọc Việt Nam năm {year}",
    ],
    "TB": [
        "Về việc tuyển dụng công chức năm {year}",
        "Kết quả kiểm tra công tác văn thư, lưu trữ tại các đơn vị trực thuộc",
        "Về việc điều chỉnh thời gian làm việc mùa hè",
        "Danh sách thí sinh đủ điều kiện dự thi vòng 2 kỳ thi tuyển viên chức năm {year}",
    ],
    "GM": [
        "Dự Hội thảo góp ý dự thảo Đề án phát triển du lịch",
        "Họp Ban Chỉ đạo phòng, chống thiên tai và tìm kiếm cứu nạn",
        "Dự Lễ công bố Quyết định thành lập đơn vị mới",
    ],
    "CT": [
        "Về việc tăng cường công tác quản lý, bảo vệ rừng và phòng cháy, chữa cháy rừng",
        "Về tổ chức Tết Nguyên đán năm {next_year}",
        "Về việc chấn chỉnh công tác tiếp nhận, giải quyết thủ tục hành chính",
    ],
    "NQ": [
        "Quy định mức thu, miễn, giảm, quản lý và sử dụng phí thẩm định hồ sơ",
        "Về việc thông qua Kế hoạch đầu tư công năm {next_year}",
        "Về nhiệm vụ phát triển kinh tế - xã hội năm {next_year}",
        "Quy định chính sách hỗ trợ phát triển sản xuất nông nghiệp giai đoạn {year}-{year2}",
    ],
    "HD": [
        "Thực hiện chế độ báo cáo thống kê ngành văn thư, lưu trữ",
        "Tổ chức đánh giá, xếp loại chất lượng công chức, viên chức năm {year}",
        "Quy trình lập hồ sơ điện tử và nộp lưu vào Lưu trữ lịch sử",
    ],
    "CTr": [
        "Công tác năm {year} của {agency}",
        "Thực hành tiết kiệm, chống lãng phí năm {year}",
        "Hành động thực hiện chuyển đổi số giai đoạn {year}-{year2}",
    ],
    "PA": [
        "Sắp xếp, kiện toàn tổ chức bộ máy các đơn vị trực thuộc",
        "Ứng phó với bão mạnh, siêu bão năm {year}",
        "Tổ chức kỳ thi tốt nghiệp trung học phổ thông năm {year}",
    ],
    "ĐA": [
        "Số hóa tài liệu lưu trữ giai đoạn {year}-{year2}",
        "Vị trí việc làm và cơ cấu ngạch công chức của {agency}",
        "Phát triển nguồn nhân lực chất lượng cao đến năm 2030",
    ],
}

_BODY = {"NQ": "QĐ", "HD": "KH", "CTr": "KH", "PA": "KH", "ĐA": "BC"}
_compose_body = G.compose_body


def compose_body(spec, pools, rng):
    t = spec["type"]
    if t not in _BODY:
        return _compose_body(spec, pools, rng)
    spec["type"] = _BODY[t]
    try:
        mk, n = _compose_body(spec, pools, rng)
    finally:
        spec["type"] = t
    name = G.DOC_TYPES[t][0]

    def fix(s):
        if not isinstance(s, str):
            return s
        if t == "NQ":
            s = s.replace("QUYẾT ĐỊNH:", "QUYẾT NGHỊ:").replace("Quyết định này", "Nghị quyết này")
        return s.replace("Kế hoạch này", name + " này").replace("ban hành Kế hoạch", "ban hành " + name)

    def mk2(k):
        return [tuple(fix(x) for x in b) for b in mk(k)]
    return mk2, n


G.compose_body = compose_body

_signature_block = G.signature_block


def signature_block(rng, ag, dtype, hint=None):
    if ag["kind"] == "hdnd":
        opts = [(["TM. THƯỜNG TRỰC HĐND", "CHỦ TỊCH"], 3), (["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"], 3),
                (["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], 2)]
        lines = G.weighted(rng, opts)
        return lines, re.match(r"^(TM\.|KT\.)", lines[0]).group(1), lines[-1]
    return _signature_block(rng, ag, dtype, hint)


G.signature_block = signature_block

_plan_corpus = G.plan_corpus


def plan_corpus(seed, count, agencies):
    plans = _plan_corpus(seed, count, agencies)
    for p in plans:
        # a people's council issues resolutions and letters, nothing else
        if p["agency"]["kind"] == "hdnd" and p["type"] not in ("NQ", "CV", "TB", "BC"):
            p["type"] = "NQ"
            p["pages"] = max(p["pages"], 1)
        if p["type"] == "NQ" and p["agency"]["kind"] != "hdnd":
            p["type"] = "QĐ"
        p["subject_tpl"] = p["subject_tpl"] if p["subject_tpl"] in G.SUBJECTS[p["type"]] else \
            G.SUBJECTS[p["type"]][seed % len(G.SUBJECTS[p["type"]])]
    return plans


G.plan_corpus = plan_corpus

if __name__ == "__main__":
    G.main()
