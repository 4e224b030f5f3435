#pragma once
// Document types of NĐ 30/2020 Điều 7 with their symbol abbreviations (Phụ lục III), as in
// shared/domain/rules.json. A công văn and a thư công have no abbreviation in the symbol.

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace vanthu {

struct DocumentType {
    std::string_view name;          // "Quyết định" (normal case, NFC)
    std::string_view abbreviation;  // "QĐ"; empty for Công văn and Thư công
    std::string_view upperName;     // "QUYẾT ĐỊNH" as printed in ô 5a
    bool isCopy = false;            // SY, SL, TrS: the copies series

    bool operator==(const DocumentType& o) const { return name == o.name; }
};

namespace doctype {
// All 32 entries (29 types + 3 copy forms).
std::span<const DocumentType> all();
// By abbreviation, exact and case-sensitive ("QĐ" vs "QyĐ"); "Đ" look-alike "Ð" (U+00D0) accepted.
std::optional<DocumentType> byAbbreviation(std::string_view abbr);
// By name, diacritic- and case-insensitive ("quyet dinh", "QUYẾT ĐỊNH", "Quyết định (cá biệt)").
std::optional<DocumentType> byName(std::string_view name);
// The công văn entry (no abbreviation).
DocumentType congVan();
} // namespace doctype

} // namespace vanthu
