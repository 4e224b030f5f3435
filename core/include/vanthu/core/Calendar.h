#pragma once
// The working-time calendar of an agency: office hours, weekly rest days and a per-year table of
// public holidays and swapped days. Sources: Bộ luật Lao động 2019 Điều 111–112 (holidays,
// compensatory days), Bộ luật Dân sự 2015 Điều 147–148 (periods start the next day; a period ending
// on a rest day ends at the end of the next working day), NĐ 30/2020 Điều 4 (same day / next working
// day), NĐ 118/2025 (one-stop dossiers received after 15:00 count from the next working day).
// A date whose year has no table is an error (core::Errc::CalendarMissingYear), never a guess.
// Immutable after construction; thread-safe.

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"

#include <chrono>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::calendar {

using vntime::Date;
using vntime::Instant;
using std::chrono::minutes;

struct Period {
    minutes start;  // since local midnight
    minutes end;    // exclusive
};

struct DayEntry {
    Date date;
    std::string name;   // "Tết Âm lịch", "Nghỉ bù Quốc khánh", "Làm bù cho 27/01" ...
};

// Holidays and swaps of one year. `daysOff` are days off that would otherwise be working days
// or weekend days (holidays, compensatory days, days given off in a swap); `workdays` are weekly
// rest days worked in a swap.
struct YearTable {
    int year = 0;
    std::string source;  // where the table comes from ("official: ..." or "rule: ...")
    std::vector<DayEntry> daysOff;
    std::vector<DayEntry> workdays;
};

struct Settings {
    std::vector<Period> hours{{minutes{7 * 60 + 30}, minutes{11 * 60 + 30}},
                              {minutes{13 * 60 + 30}, minutes{17 * 60}}};
    std::set<unsigned> restWeekdays{0, 6};          // std::chrono::weekday c_encoding: 0 = Sunday
    minutes oneStopCutoff{15 * 60};                 // NĐ 118/2025: dossiers after 15:00
    bool afterHoursNextPeriod = true;               // provincial rule, unverified nationally
};

// Parses a holiday table in the INI form of data/holidays-vn.ini:
//   [2026]
//   source = official: ...
//   off = 2026-02-16 Tết Âm lịch
//   work = 2026-xx-xx Làm bù ...
// core::Errc::ConfigError with the line number on malformed input.
Result<std::vector<YearTable>> parseHolidayTable(std::string_view ini);

// The holiday table for a year derived from the rules alone (fixed dates, Tết from the lunar
// calendar as the last day of the lunar year plus mùng 1–4, Giỗ Tổ 10/3 lunar, 2/9 plus an adjacent
// day, compensatory days for holidays on rest days). Used to draft a new year for an administrator
// to check against the Prime Minister's decision for that year.
YearTable ruleYearTable(int year, const Settings& settings = {});

// The table shipped with vanthu (data/holidays-vn.ini, embedded at build time), 2020–2035.
std::string_view builtinHolidayIni();

class WorkingCalendar {
public:
    WorkingCalendar(Settings settings, std::vector<YearTable> years);
    // Built-in settings and holiday table.
    static WorkingCalendar builtin();

    const Settings& settings() const { return m_settings; }
    std::vector<int> coveredYears() const;

    // Whether the date is a working day; the holiday name (if any) in *reason.
    Result<bool> isWorkingDay(Date d, std::string* reason = nullptr) const;
    // Whether `t` lies inside office hours of a working day.
    Result<bool> isWorkingMoment(Instant t) const;
    // `t` itself when it is inside office hours, else the start of the next working period.
    Result<Instant> nextWorkingMoment(Instant t) const;
    // The first working day strictly after `d`.
    Result<Date> nextWorkingDay(Date d) const;
    // `n` working days after `t`, same time of day (t is first moved to nextWorkingMoment). n >= 0.
    Result<Instant> addWorkingDays(Instant t, int n) const;
    // Deadline of a period of `n` working days counted from the day after `t`: the close of office
    // on the n-th working day (BLDS 147–148). n >= 1.
    Result<Instant> dueBy(Instant t, int n) const;
    // `t` moved forward by `d` of office time (the 2-working-hour rule for electronic arrivals).
    Result<Instant> addWorkingTime(Instant t, minutes d) const;
    // When a document received at `t` counts as received: `t` inside office hours, otherwise the
    // start of the next working period (if settings().afterHoursNextPeriod).
    Result<Instant> arrivalTime(Instant t) const;
    // When a one-stop dossier received at `t` starts its clock: after the cut-off (15:00) or outside
    // a working day, the start of the next working day.
    Result<Instant> oneStopStart(Instant t) const;
    // Appointment for a dossier received at `t` with `n` statutory working days: oneStopStart(t)
    // plus n working days at the same time of day.
    Result<Instant> appointment(Instant t, int n) const;

private:
    Result<bool> dayOff(std::chrono::sys_days d, std::string* reason) const;
    Instant periodStart(std::chrono::sys_days d, const Period& p) const;

    Settings m_settings;
    std::map<int, YearTable> m_years;
    std::map<std::chrono::sys_days, std::string> m_off;
    std::map<std::chrono::sys_days, std::string> m_work;
};

} // namespace vanthu::calendar
