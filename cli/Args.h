#pragma once
// Command-line parsing for `vanthu`: positional words, `--flag`, `--key value` / `--key=value`,
// repeatable `--set field=value`.

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::cli {

class Args {
public:
    // `valued` lists the options that take a value; anything else starting with "--" is a flag.
    static Args parse(const std::vector<std::string>& argv, const std::vector<std::string>& valued);

    const std::vector<std::string>& positional() const { return m_positional; }
    bool flag(const std::string& name) const;
    std::optional<std::string> value(const std::string& name) const;
    std::vector<std::string> values(const std::string& name) const;
    // Options given but not in `known`: reported as usage errors.
    std::vector<std::string> unknown(const std::vector<std::string>& known) const;
    std::string error() const { return m_error; }

private:
    std::vector<std::string> m_positional;
    std::multimap<std::string, std::string> m_options;
    std::string m_error;
};

} // namespace vanthu::cli
