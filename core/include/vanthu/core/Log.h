#pragma once
// Logging with a category per part ("vanthu.register", "vanthu.capture", ...). Lines go to stderr;
// under systemd (JOURNAL_STREAM set) each line carries a syslog priority prefix ("<3>") so journald
// records the level. Thread-safe; a line is written with one write(2).

#include <string_view>

namespace vanthu::log {

enum class Level { Error = 3, Warning = 4, Info = 6, Debug = 7 };

// Messages below this level are dropped. Default Info; VANTHU_LOG=debug|info|warning|error.
void setThreshold(Level level);

void write(Level level, std::string_view category, std::string_view message);
inline void error(std::string_view category, std::string_view message) { write(Level::Error, category, message); }
inline void warning(std::string_view category, std::string_view message) { write(Level::Warning, category, message); }
inline void info(std::string_view category, std::string_view message) { write(Level::Info, category, message); }
inline void debug(std::string_view category, std::string_view message) { write(Level::Debug, category, message); }

} // namespace vanthu::log
