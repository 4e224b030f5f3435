#include "vanthu/core/Log.h"

#include "vanthu/core/VnTime.h"

#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <string>

namespace vanthu::log {

namespace {
Level initialThreshold()
{
    const char* v = std::getenv("VANTHU_LOG");
    const std::string s = v ? v : "";
    if (s == "debug")
        return Level::Debug;
    if (s == "warning")
        return Level::Warning;
    if (s == "error")
        return Level::Error;
    return Level::Info;
}

std::atomic<Level>& threshold()
{
    static std::atomic<Level> t{initialThreshold()};
    return t;
}

std::string_view levelName(Level l)
{
    switch (l) {
    case Level::Error: return "error";
    case Level::Warning: return "warning";
    case Level::Info: return "info";
    case Level::Debug: return "debug";
    }
    return "info";
}
} // namespace

void setThreshold(Level level) { threshold() = level; }

void write(Level level, std::string_view category, std::string_view message)
{
    if (static_cast<int>(level) > static_cast<int>(threshold().load()))
        return;
    static const bool journal = std::getenv("JOURNAL_STREAM") != nullptr;
    std::string line;
    if (journal) {
        line = "<" + std::to_string(static_cast<int>(level)) + ">";
    } else {
        line = vntime::toIso8601(vntime::now());
        line += ' ';
    }
    line += category;
    line += ' ';
    line += levelName(level);
    line += ": ";
    line += message;
    line += '\n';
    // One write(2) per line so concurrent threads and processes never interleave within a line.
    [[maybe_unused]] const ssize_t n = ::write(STDERR_FILENO, line.data(), line.size());
}

} // namespace vanthu::log
