#include "vanthu/core/DocumentType.h"

#include "vanthu/core/VnText.h"

#include <array>

namespace vanthu::doctype {

namespace {
// NĐ 30/2020 Điều 7 and Phụ lục III (shared/domain/rules.json "nd30_document_types_abbr").
constexpr std::array<DocumentType, 32> kTypes{{
    {"Nghị quyết", "NQ", "NGHỊ QUYẾT", false},
    {"Quyết định", "QĐ", "QUYẾT ĐỊNH", false},
    {"Chỉ thị", "CT", "CHỈ THỊ", false},
    {"Quy chế", "QC", "QUY CHẾ", false},
    {"Quy định", "QyĐ", "QUY ĐỊNH", false},
    {"Thông cáo", "TC", "THÔNG CÁO", false},
    {"Thông báo", "TB", "THÔNG BÁO", false},
    {"Hướng dẫn", "HD", "HƯỚNG DẪN", false},
    {"Chương trình", "CTr", "CHƯƠNG TRÌNH", false},
    {"Kế hoạch", "KH", "KẾ HOẠCH", false},
    {"Phương án", "PA", "PHƯƠNG ÁN", false},
    {"Đề án", "ĐA", "ĐỀ ÁN", false},
    {"Dự án", "DA", "DỰ ÁN", false},
    {"Báo cáo", "BC", "BÁO CÁO", false},
    {"Biên bản", "BB", "BIÊN BẢN", false},
    {"Tờ trình", "TTr", "TỜ TRÌNH", false},
    {"Hợp đồng", "HĐ", "HỢP ĐỒNG", false},
    {"Công văn", "", "CÔNG VĂN", false},
    {"Công điện", "CĐ", "CÔNG ĐIỆN", false},
    {"Bản ghi nhớ", "BGN", "BẢN GHI NHỚ", false},
    {"Bản thỏa thuận", "BTT", "BẢN THỎA THUẬN", false},
    {"Giấy ủy quyền", "GUQ", "GIẤY ỦY QUYỀN", false},
    {"Giấy mời", "GM", "GIẤY MỜI", false},
    {"Giấy giới thiệu", "GGT", "GIẤY GIỚI THIỆU", false},
    {"Giấy nghỉ phép", "GNP", "GIẤY NGHỈ PHÉP", false},
    {"Phiếu gửi", "PG", "PHIẾU GỬI", false},
    {"Phiếu chuyển", "PC", "PHIẾU CHUYỂN", false},
    {"Phiếu báo", "PB", "PHIẾU BÁO", false},
    {"Thư công", "", "THƯ CÔNG", false},
    {"Bản sao y", "SY", "BẢN SAO Y", true},
    {"Bản trích sao", "TrS", "BẢN TRÍCH SAO", true},
    {"Bản sao lục", "SL", "BẢN SAO LỤC", true},
}};

// OCR reads Đ as the look-alike Ð (U+00D0); the symbol grammar has no Ð, so it is always a Đ.
std::string normaliseAbbr(std::string_view s)
{
    std::string out(s);
    for (size_t p; (p = out.find("\xC3\x90")) != std::string::npos;)
        out.replace(p, 2, "\xC4\x90");
    return out;
}

std::string stripQualifier(std::string_view name)
{
    // rules.json names some types "Quyết định (cá biệt)"; the printed name has no qualifier.
    const auto paren = name.find('(');
    return text::searchKey(paren == std::string_view::npos ? name : name.substr(0, paren));
}
} // namespace

std::span<const DocumentType> all() { return kTypes; }

std::optional<DocumentType> byAbbreviation(std::string_view abbr)
{
    const std::string a = normaliseAbbr(abbr);
    if (a.empty())
        return std::nullopt;
    for (const auto& t : kTypes)
        if (t.abbreviation == a)
            return t;
    return std::nullopt;
}

std::optional<DocumentType> byName(std::string_view name)
{
    const std::string key = stripQualifier(name);
    for (const auto& t : kTypes)
        if (text::searchKey(t.name) == key)
            return t;
    return std::nullopt;
}

DocumentType congVan() { return kTypes[17]; }

} // namespace vanthu::doctype
