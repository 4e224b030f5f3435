#pragma once
// Vietnam time. Vietnam keeps UTC+07:00 all year (no daylight saving since 1975), so a fixed
// offset is exact for every date vanthu handles. Instants are std::chrono::sys_seconds (UTC);
// wall-clock values are LocalTime (Vietnam local, no offset attached).

#include "vanthu/core/Error.h"

#include <chrono>
#include <string>
#include <string_view>

namespace vanthu::vntime {

using Instant = std::chrono::sys_seconds;
using LocalTime = std::chrono::local_seconds;   // Vietnam wall clock
using Date = std::chrono::year_month_day;

inline constexpr std::chrono::seconds kUtcOffset{7 * 3600};

// The current instant, truncated to seconds.
Instant now();

LocalTime toLocal(Instant t);
Instant fromLocal(LocalTime t);
Date localDate(Instant t);

// "2026-11-22T09:30:00+07:00".
std::string toIso8601(Instant t);
// "2026-11-22".
std::string toIsoDate(Date d);
// Parses ISO 8601 with an offset ("...+07:00", "...Z") or without one (taken as Vietnam time),
// or a bare date (midnight Vietnam time). core::Errc::InvalidDate on anything else.
Result<Instant> parseIso8601(std::string_view s);
// Parses "2026-11-22". core::Errc::InvalidDate when malformed or not a real date.
Result<Date> parseIsoDate(std::string_view s);
// "ngày 05 tháng 02 năm 2021" following NĐ 30: day < 10 and months 1–2 with a leading zero.
std::string vietnameseDate(Date d);
// "dd/mm/yyyy".
std::string toDmy(Date d);

} // namespace vanthu::vntime
