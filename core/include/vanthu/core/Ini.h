#pragma once
// A small INI reader: `[section]`, `key = value`, `#` or `;` comments, repeated keys kept in order.
// Keys and sections are case-sensitive; values are trimmed UTF-8.

#include "vanthu/core/Error.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu {

struct IniEntry {
    std::string section;
    std::string key;
    std::string value;
    int line = 0;
};

class Ini {
public:
    // core::Errc::ConfigError "line N: ..." on a malformed line.
    static Result<Ini> parse(std::string_view text);
    // core::Errc::Io when the file cannot be read.
    static Result<Ini> load(const std::string& path);

    const std::vector<IniEntry>& entries() const { return m_entries; }
    std::vector<std::string> sections() const;
    // The last value of key in section.
    std::optional<std::string> get(std::string_view section, std::string_view key) const;
    std::vector<std::string> getAll(std::string_view section, std::string_view key) const;
    // Sets (replaces all occurrences of) a key; used to merge defaults with a file.
    void set(std::string_view section, std::string_view key, std::string value);

private:
    std::vector<IniEntry> m_entries;
};

} // namespace vanthu
