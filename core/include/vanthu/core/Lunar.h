#pragma once
// The Vietnamese lunisolar calendar (âm lịch), computed astronomically for the UTC+07:00 meridian
// (new moons and solar terms after Meeus, as in Hồ Ngọc Đức's published algorithm). Vietnam's
// calendar differs from China's (UTC+08:00) in some years, so the meridian matters.
// Valid for 1900–2199. Pure functions, thread-safe.

#include <chrono>

namespace vanthu::lunar {

struct LunarDate {
    int day = 1;        // 1..30
    int month = 1;      // 1..12
    int year = 2000;    // the solar year in which this lunar year starts (Tết)
    bool leap = false;  // a leap (nhuận) month
    friend bool operator==(const LunarDate&, const LunarDate&) = default;
};

LunarDate fromSolar(std::chrono::year_month_day solar);
// The solar date of a lunar date. A non-existent leap month yields the regular month's date.
std::chrono::year_month_day toSolar(const LunarDate& lunar);

// Mùng 1 Tết (lunar 1/1) of the lunar year starting in solar year `year`.
std::chrono::year_month_day tet(int year);

} // namespace vanthu::lunar
