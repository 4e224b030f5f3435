#include "vanthu/core/VnTime.h"

#include <charconv>
#include <cstdio>

namespace vanthu::vntime {

using namespace std::chrono;

Instant now() { return floor<seconds>(system_clock::now()); }

LocalTime toLocal(Instant t) { return LocalTime{t.time_since_epoch() + kUtcOffset}; }
Instant fromLocal(LocalTime t) { return Instant{t.time_since_epoch() - kUtcOffset}; }
Date localDate(Instant t) { return Date{floor<days>(toLocal(t))}; }

namespace {
std::string two(unsigned v)
{
    char b[4];
    std::snprintf(b, sizeof b, "%02u", v % 100u);
    return b;
}

// Reads exactly `n` digits at s[pos]; advances pos.
bool digits(std::string_view s, size_t& pos, size_t n, int& out)
{
    if (pos + n > s.size())
        return false;
    int v = 0;
    for (size_t i = 0; i < n; ++i) {
        char c = s[pos + i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    pos += n;
    out = v;
    return true;
}
bool expect(std::string_view s, size_t& pos, char c)
{
    if (pos < s.size() && s[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}
} // namespace

std::string toIsoDate(Date d)
{
    char b[16];
    std::snprintf(b, sizeof b, "%04d-%02u-%02u", int(d.year()), unsigned(d.month()), unsigned(d.day()));
    return b;
}

std::string toIso8601(Instant t)
{
    const LocalTime lt = toLocal(t);
    const auto day = floor<days>(lt);
    const hh_mm_ss hms{lt - day};
    return toIsoDate(Date{day}) + 'T' + two(unsigned(hms.hours().count())) + ':' +
           two(unsigned(hms.minutes().count())) + ':' + two(unsigned(hms.seconds().count())) + "+07:00";
}

std::string toDmy(Date d)
{
    char b[16];
    std::snprintf(b, sizeof b, "%02u/%02u/%04d", unsigned(d.day()), unsigned(d.month()), int(d.year()));
    return b;
}

std::string vietnameseDate(Date d)
{
    // NĐ 30/2020 Phụ lục I: days below 10 and months 1 and 2 take a leading zero.
    const unsigned m = unsigned(d.month());
    const std::string month = m <= 2 ? two(m) : std::to_string(m);
    return "ngày " + two(unsigned(d.day())) + " tháng " + month + " năm " + std::to_string(int(d.year()));
}

Result<Date> parseIsoDate(std::string_view s)
{
    size_t pos = 0;
    int y = 0, m = 0, d = 0;
    if (!digits(s, pos, 4, y) || !expect(s, pos, '-') || !digits(s, pos, 2, m) || !expect(s, pos, '-') ||
        !digits(s, pos, 2, d) || pos != s.size())
        return fail(core::Errc::InvalidDate, "not an ISO date (YYYY-MM-DD): '" + std::string(s) + "'");
    const Date date{year{y}, month{unsigned(m)}, day{unsigned(d)}};
    if (!date.ok())
        return fail(core::Errc::InvalidDate, "no such date: '" + std::string(s) + "'");
    return date;
}

Result<Instant> parseIso8601(std::string_view s)
{
    const auto bad = [&](const char* why) {
        return fail(core::Errc::InvalidDate, std::string(why) + ": '" + std::string(s) + "'");
    };
    if (s.size() < 10)
        return bad("not an ISO 8601 time");
    auto date = parseIsoDate(s.substr(0, 10));
    if (!date)
        return std::unexpected(date.error());
    LocalTime local{sys_days{*date}.time_since_epoch()};
    if (s.size() == 10)
        return fromLocal(local);
    size_t pos = 10;
    if (!expect(s, pos, 'T') && !expect(s, pos, ' '))
        return bad("expected 'T' after the date");
    int hh = 0, mm = 0, ss = 0;
    if (!digits(s, pos, 2, hh) || !expect(s, pos, ':') || !digits(s, pos, 2, mm))
        return bad("bad time of day");
    if (expect(s, pos, ':') && !digits(s, pos, 2, ss))
        return bad("bad seconds");
    if (pos < s.size() && s[pos] == '.') { // fractional seconds are dropped
        ++pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9')
            ++pos;
    }
    if (hh > 23 || mm > 59 || ss > 60)
        return bad("time of day out of range");
    local += hours{hh} + minutes{mm} + seconds{ss};
    if (pos == s.size())
        return fromLocal(local);
    if (s[pos] == 'Z' && pos + 1 == s.size())
        return Instant{local.time_since_epoch()};
    const char sign = s[pos];
    if (sign != '+' && sign != '-')
        return bad("bad offset");
    ++pos;
    int oh = 0, om = 0;
    if (!digits(s, pos, 2, oh))
        return bad("bad offset");
    expect(s, pos, ':');
    if (!digits(s, pos, 2, om) || pos != s.size() || oh > 14 || om > 59)
        return bad("bad offset");
    const seconds offset = hours{oh} + minutes{om};
    return Instant{local.time_since_epoch() - (sign == '+' ? offset : -offset)};
}

} // namespace vanthu::vntime
