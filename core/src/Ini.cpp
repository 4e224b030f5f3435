#include "vanthu/core/Ini.h"

#include <algorithm>
#include <fstream>
#include <sstream>

namespace vanthu {

namespace {
std::string_view trim(std::string_view s)
{
    const auto ws = " \t\r\n";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string_view::npos)
        return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}
} // namespace

Result<Ini> Ini::parse(std::string_view text)
{
    Ini ini;
    std::string section;
    int lineNo = 0;
    size_t start = 0;
    if (text.starts_with("\xEF\xBB\xBF")) // UTF-8 BOM written by some editors
        start = 3;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos)
            end = text.size();
        ++lineNo;
        const std::string_view line = trim(text.substr(start, end - start));
        start = end + 1;
        if (line.empty() || line[0] == '#' || line[0] == ';')
            continue;
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3)
                return fail(core::Errc::ConfigError, "line " + std::to_string(lineNo) + ": bad section header");
            section = std::string(trim(line.substr(1, line.size() - 2)));
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos || trim(line.substr(0, eq)).empty())
            return fail(core::Errc::ConfigError, "line " + std::to_string(lineNo) + ": expected 'key = value'");
        ini.m_entries.push_back({section, std::string(trim(line.substr(0, eq))),
                                 std::string(trim(line.substr(eq + 1))), lineNo});
    }
    return ini;
}

Result<Ini> Ini::load(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return fail(core::Errc::Io, "cannot read " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    auto r = parse(ss.str());
    if (!r)
        return fail(core::Errc::ConfigError, path + ": " + r.error().detail());
    return r;
}

std::vector<std::string> Ini::sections() const
{
    std::vector<std::string> out;
    for (const auto& e : m_entries)
        if (std::find(out.begin(), out.end(), e.section) == out.end())
            out.push_back(e.section);
    return out;
}

std::optional<std::string> Ini::get(std::string_view section, std::string_view key) const
{
    for (auto it = m_entries.rbegin(); it != m_entries.rend(); ++it)
        if (it->section == section && it->key == key)
            return it->value;
    return std::nullopt;
}

std::vector<std::string> Ini::getAll(std::string_view section, std::string_view key) const
{
    std::vector<std::string> out;
    for (const auto& e : m_entries)
        if (e.section == section && e.key == key)
            out.push_back(e.value);
    return out;
}

void Ini::set(std::string_view section, std::string_view key, std::string value)
{
    std::erase_if(m_entries, [&](const IniEntry& e) { return e.section == section && e.key == key; });
    m_entries.push_back({std::string(section), std::string(key), std::move(value), 0});
}

} // namespace vanthu
