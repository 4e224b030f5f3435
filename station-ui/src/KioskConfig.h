#pragma once
// The [kiosk] section of the station's configuration file: settings only vanthu-station reads (core's
// StationConfig::load leaves the section to it, as it leaves [workflow] to workflow). Unknown keys
// are an error, like everywhere else in the file.
//
//   [kiosk]
//   agencies = /etc/vanthu/agencies.tsv   # the outgoing screen's recipient directory (CODE<TAB>NAME);
//                                         # a relative path is taken from the configuration file's folder

#include "vanthu/core/Config.h"
#include "vanthu/core/Error.h"

#include <QString>

namespace vanthu::ui {

struct KioskConfig {
    QString agencies;   // [kiosk] agencies: absolute path, "" when unset (the built-in demo list)

    // Reads [kiosk] of `station.configPath` (defaults when the station has no file). core::Errc::Io
    // when the file cannot be read, core::Errc::ConfigError on an unknown key or an empty value.
    // Blocking (file read): the worker thread.
    static Result<KioskConfig> load(const StationConfig& station);
};

} // namespace vanthu::ui
