#pragma once
// The station's configuration: built-in defaults, overridden by an INI file. Every key, its meaning
// and its default are listed in docs/CONFIG.md and data/vanthu.ini.example; load() rejects unknown
// keys so a misspelt setting is an error, not silently ignored.

#include "vanthu/core/Calendar.h"
#include "vanthu/core/Error.h"

#include <map>
#include <optional>
#include <string>

namespace vanthu {

struct AgencyConfig {
    std::string name = "SỞ THỬ NGHIỆM TỈNH MẪU";     // printed on stamps and registers (demo agency)
    std::string parentName = "UBND TỈNH MẪU";
    std::string code = "000.00.00.T99";             // QCVN 102 agency code (a test code)
    std::string abbreviation = "STN";               // issuer part of outgoing symbols
    std::string place = "Mẫu";                      // place name of the date line
    bool demo = true;                               // the embedded demo agency: output says TEST
};

struct NumberingConfig {
    // NĐ 30 Điều 15: the head decides one shared outgoing series, or one series per document type.
    bool perTypeSeries = false;
};

struct AccountPolicy {
    int maxFailedLogins = 5;      // consecutive failures before the account locks
    int lockoutMinutes = 15;      // how long a locked account stays locked
    int minPasswordLength = 10;
};

struct StationConfig {
    std::string configPath;       // the file that was loaded, empty for built-in defaults
    std::string dataDir;          // [station] data_dir; default $XDG_DATA_HOME/vanthu
    std::string databasePath;     // [station] database; default <data_dir>/vanthu.db
    AgencyConfig agency;
    NumberingConfig numbering;
    AccountPolicy accounts;
    calendar::Settings calendar;
    std::string holidayFile;      // [calendar] holiday_file: extra/overriding years, same INI form
    // [profile.<name>] sections: named scan profiles, key -> value, checked by capture::scanProfile.
    std::map<std::string, std::map<std::string, std::string>> scanProfiles;

    // Defaults, then the file at `path` if given, else $VANTHU_CONFIG if set (a missing file named
    // explicitly is core::Errc::Io). core::Errc::ConfigError on unknown keys or bad values.
    static Result<StationConfig> load(std::optional<std::string> path = std::nullopt);
    // Built-in defaults only (data under $XDG_DATA_HOME/vanthu).
    static StationConfig defaults();

    // The built-in holiday table, with the years of holidayFile replacing built-in ones.
    Result<calendar::WorkingCalendar> workingCalendar() const;
};

} // namespace vanthu
