#include "vanthu/core/Config.h"

#include "vanthu/core/AgencyCode.h"
#include "vanthu/core/Ini.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <map>
#include <set>

namespace vanthu {

namespace {
std::string envOr(const char* name, const std::string& fallback)
{
    const char* v = std::getenv(name);
    return v && *v ? std::string(v) : fallback;
}

std::string defaultDataDir()
{
    const std::string home = envOr("HOME", "/tmp");
    return envOr("XDG_DATA_HOME", home + "/.local/share") + "/vanthu";
}

Result<bool> parseBool(const IniEntry& e)
{
    if (e.value == "true" || e.value == "yes" || e.value == "1")
        return true;
    if (e.value == "false" || e.value == "no" || e.value == "0")
        return false;
    return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) + ": " + e.key + " must be true or false");
}

Result<int> parseInt(const IniEntry& e, int lo, int hi)
{
    char* end = nullptr;
    const long v = std::strtol(e.value.c_str(), &end, 10);
    if (e.value.empty() || *end != '\0' || v < lo || v > hi)
        return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) + ": " + e.key + " must be a number from " +
                                                 std::to_string(lo) + " to " + std::to_string(hi));
    return static_cast<int>(v);
}

bool isDigits(std::string_view v)
{
    for (size_t i : {0u, 1u, 3u, 4u})
        if (!std::isdigit(static_cast<unsigned char>(v[i])))
            return false;
    return true;
}

// "HH:MM" -> minutes since midnight.
Result<std::chrono::minutes> parseClock(const IniEntry& e, std::string_view v)
{
    if (v.size() == 5 && v[2] == ':') {
        const int h = (v[0] - '0') * 10 + (v[1] - '0');
        const int m = (v[3] - '0') * 10 + (v[4] - '0');
        if (h >= 0 && h <= 24 && m >= 0 && m < 60 && isDigits(v))
            return std::chrono::minutes{h * 60 + m};
    }
    return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) + ": " + e.key + ": expected HH:MM");
}

// "07:30-11:30, 13:30-17:00"
Result<std::vector<calendar::Period>> parseHours(const IniEntry& e)
{
    std::vector<calendar::Period> out;
    std::string_view v = e.value;
    while (!v.empty()) {
        const auto comma = v.find(',');
        std::string_view part = v.substr(0, comma);
        v = comma == std::string_view::npos ? std::string_view{} : v.substr(comma + 1);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        const auto dash = part.find('-');
        if (dash == std::string_view::npos)
            return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) + ": office_hours: expected HH:MM-HH:MM");
        auto a = parseClock(e, part.substr(0, dash));
        auto b = parseClock(e, part.substr(dash + 1));
        if (!a)
            return std::unexpected(a.error());
        if (!b)
            return std::unexpected(b.error());
        if (*b <= *a || (!out.empty() && *a < out.back().end))
            return fail(core::Errc::ConfigError,
                        "line " + std::to_string(e.line) + ": office_hours periods must be increasing and not overlap");
        out.push_back({*a, *b});
    }
    if (out.empty())
        return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) + ": office_hours is empty");
    return out;
}

Result<std::set<unsigned>> parseWeekdays(const IniEntry& e)
{
    static const std::map<std::string, unsigned> names{{"sun", 0}, {"mon", 1}, {"tue", 2}, {"wed", 3},
                                                        {"thu", 4}, {"fri", 5}, {"sat", 6}};
    std::set<unsigned> out;
    std::string word;
    for (size_t i = 0; i <= e.value.size(); ++i) {
        const char c = i < e.value.size() ? e.value[i] : ',';
        if (c == ',' || c == ' ') {
            if (!word.empty()) {
                auto it = names.find(word);
                if (it == names.end())
                    return fail(core::Errc::ConfigError, "line " + std::to_string(e.line) +
                                                             ": rest_days takes sun,mon,...,sat; got '" + word + "'");
                out.insert(it->second);
                word.clear();
            }
        } else {
            word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        }
    }
    return out;
}
} // namespace

StationConfig StationConfig::defaults()
{
    StationConfig c;
    c.dataDir = defaultDataDir();
    c.databasePath = c.dataDir + "/vanthu.db";
    return c;
}

Result<StationConfig> StationConfig::load(std::optional<std::string> path)
{
    StationConfig c = defaults();
    if (!path) {
        if (const char* env = std::getenv("VANTHU_CONFIG"); env && *env)
            path = env;
    }
    if (!path)
        return c;
    auto ini = Ini::load(*path);
    if (!ini)
        return std::unexpected(ini.error());
    c.configPath = *path;
    bool databaseSet = false;
    for (const IniEntry& e : ini->entries()) {
        const std::string k = e.section + "." + e.key;
        const auto err = [&](const Error& x) { return fail(core::Errc::ConfigError, *path + ": " + x.detail()); };
        if (k == "station.data_dir") {
            c.dataDir = e.value;
        } else if (k == "station.database") {
            c.databasePath = e.value;
            databaseSet = true;
        } else if (k == "agency.name") {
            c.agency.name = e.value;
        } else if (k == "agency.parent_name") {
            c.agency.parentName = e.value;
        } else if (k == "agency.code") {
            if (auto code = AgencyCode::parse(e.value); !code)
                return fail(core::Errc::ConfigError, *path + ": line " + std::to_string(e.line) + ": " + code.error().detail());
            c.agency.code = e.value;
        } else if (k == "agency.abbreviation") {
            c.agency.abbreviation = e.value;
        } else if (k == "agency.place") {
            c.agency.place = e.value;
        } else if (k == "agency.demo") {
            auto b = parseBool(e);
            if (!b)
                return err(b.error());
            c.agency.demo = *b;
        } else if (k == "numbering.per_type_series") {
            auto b = parseBool(e);
            if (!b)
                return err(b.error());
            c.numbering.perTypeSeries = *b;
        } else if (k == "accounts.max_failed_logins") {
            auto v = parseInt(e, 1, 100);
            if (!v)
                return err(v.error());
            c.accounts.maxFailedLogins = *v;
        } else if (k == "accounts.lockout_minutes") {
            auto v = parseInt(e, 1, 24 * 60);
            if (!v)
                return err(v.error());
            c.accounts.lockoutMinutes = *v;
        } else if (k == "accounts.min_password_length") {
            auto v = parseInt(e, 8, 128);
            if (!v)
                return err(v.error());
            c.accounts.minPasswordLength = *v;
        } else if (k == "calendar.office_hours") {
            auto v = parseHours(e);
            if (!v)
                return err(v.error());
            c.calendar.hours = *v;
        } else if (k == "calendar.rest_days") {
            auto v = parseWeekdays(e);
            if (!v)
                return err(v.error());
            c.calendar.restWeekdays = *v;
        } else if (k == "calendar.one_stop_cutoff") {
            auto v = parseClock(e, e.value);
            if (!v)
                return err(v.error());
            c.calendar.oneStopCutoff = *v;
        } else if (k == "calendar.after_hours_next_period") {
            auto b = parseBool(e);
            if (!b)
                return err(b.error());
            c.calendar.afterHoursNextPeriod = *b;
        } else if (k == "calendar.holiday_file") {
            c.holidayFile = e.value;
        } else if (e.section.starts_with("profile.") && e.section.size() > 8) {
            c.scanProfiles[e.section.substr(8)][e.key] = e.value;
        } else if (e.section == "uplink") {
            // Read and checked by vanthu::uplink::UplinkConfig::load (uplink depends on core, not back).
        } else if (e.section == "signing") {
            // Read and checked by vanthu::signing::SigningConfig::load.
        } else if (e.section == "workflow") {
            // Read and checked by vanthu::workflow::Station::setup (workflow depends on core, not back).
        } else if (e.section == "kiosk") {
            // Read and checked by vanthu-station (station-ui's KioskConfig).
        } else {
            return fail(core::Errc::ConfigError,
                        *path + ": line " + std::to_string(e.line) + ": unknown key '" + e.key + "' in [" + e.section + "]");
        }
    }
    if (!databaseSet)
        c.databasePath = c.dataDir + "/vanthu.db";
    return c;
}

Result<calendar::WorkingCalendar> StationConfig::workingCalendar() const
{
    auto years = calendar::parseHolidayTable(calendar::builtinHolidayIni());
    if (!years)
        return std::unexpected(years.error());
    if (!holidayFile.empty()) {
        std::ifstream in(holidayFile);
        if (!in)
            return fail(core::Errc::Io, "cannot read holiday file " + holidayFile);
        std::stringstream ss;
        ss << in.rdbuf();
        auto extra = calendar::parseHolidayTable(ss.str());
        if (!extra)
            return fail(core::Errc::ConfigError, holidayFile + ": " + extra.error().detail());
        for (auto& y : *extra) {
            std::erase_if(*years, [&](const calendar::YearTable& t) { return t.year == y.year; });
            years->push_back(std::move(y));
        }
    }
    return calendar::WorkingCalendar(calendar, std::move(*years));
}

} // namespace vanthu
