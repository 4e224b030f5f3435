#include "Args.h"

#include <algorithm>

namespace vanthu::cli {

Args Args::parse(const std::vector<std::string>& argv, const std::vector<std::string>& valued)
{
    Args a;
    for (size_t i = 0; i < argv.size(); ++i) {
        const std::string& w = argv[i];
        if (w == "--") {
            a.m_positional.insert(a.m_positional.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
            break;
        }
        if (!w.starts_with("--") || w.size() == 2) {
            a.m_positional.push_back(w);
            continue;
        }
        std::string name = w.substr(2);
        std::optional<std::string> val;
        if (auto eq = name.find('='); eq != std::string::npos) {
            val = name.substr(eq + 1);
            name = name.substr(0, eq);
        }
        const bool takesValue = std::find(valued.begin(), valued.end(), name) != valued.end();
        if (takesValue && !val) {
            if (i + 1 >= argv.size()) {
                a.m_error = "--" + name + " needs a value";
                return a;
            }
            val = argv[++i];
        }
        if (!takesValue && val) {
            a.m_error = "--" + name + " takes no value";
            return a;
        }
        a.m_options.emplace(name, val.value_or(""));
    }
    return a;
}

bool Args::flag(const std::string& name) const { return m_options.count(name) > 0; }

std::optional<std::string> Args::value(const std::string& name) const
{
    auto [b, e] = m_options.equal_range(name);
    if (b == e)
        return std::nullopt;
    return std::prev(e)->second;
}

std::vector<std::string> Args::values(const std::string& name) const
{
    std::vector<std::string> out;
    auto [b, e] = m_options.equal_range(name);
    for (auto it = b; it != e; ++it)
        out.push_back(it->second);
    return out;
}

std::vector<std::string> Args::unknown(const std::vector<std::string>& known) const
{
    std::vector<std::string> out;
    for (const auto& [k, v] : m_options)
        if (std::find(known.begin(), known.end(), k) == known.end())
            out.push_back("--" + k);
    return out;
}

} // namespace vanthu::cli
