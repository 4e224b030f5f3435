#pragma once
// Vietnamese text helpers. All text vanthu stores is Unicode NFC (TCVN 6909:2001).
// SQLite's LIKE/upper fold ASCII only and FTS5's remove_diacritics keeps đ, so search keys are
// built here. All functions take and return UTF-8; invalid UTF-8 is replaced by U+FFFD.
// Thread-safe.

#include <string>
#include <string_view>

namespace vanthu::text {

// NFC normal form ("Quyết" typed as base letters + combining marks becomes precomposed).
std::string nfc(std::string_view utf8);

// Full Unicode upper case, NFC ("Ủy ban" -> "ỦY BAN").
std::string upper(std::string_view utf8);

// Full Unicode lower case, NFC.
std::string lower(std::string_view utf8);

// Diacritic- and case-insensitive key: strips all combining marks, maps đ/Đ to d, folds case,
// collapses runs of white space to one space and trims. "Sở Tài  chính" -> "so tai chinh".
std::string searchKey(std::string_view utf8);

// True when both strings have the same searchKey().
bool looseEquals(std::string_view a, std::string_view b);

// True when the string is valid UTF-8.
bool isValidUtf8(std::string_view bytes);

// Collapses white space runs to one ASCII space and trims both ends (keeps diacritics and case).
std::string simplifySpaces(std::string_view utf8);

} // namespace vanthu::text
