// The working calendar: holiday tables (rule-drafted and shipped), working days and the time rules
// built on them. Every expected instant was worked out by hand from the rules in Calendar.h and
// DOMAIN.md §4 (office hours 07:30–11:30 and 13:30–17:00, Monday–Friday, UTC+07:00).

#include "vanthu/core/Calendar.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <string>

using namespace std::chrono;
using namespace vanthu;
using calendar::DayEntry;
using calendar::Settings;
using calendar::WorkingCalendar;
using calendar::YearTable;

namespace {

year_month_day ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

// A Vietnam wall-clock time as an instant, built by hand (UTC = local − 7 h) so the tests do not
// depend on the code under test.
vntime::Instant vn(int y, unsigned mo, unsigned d, int h, int mi)
{
    return vntime::Instant{sys_days{ymd(y, mo, d)}} + hours{h} + minutes{mi} - hours{7};
}

std::string iso(vntime::Instant t)
{
    return vntime::toIso8601(t);
}

bool hasOff(const YearTable& t, year_month_day d, const std::string& nameStart = {})
{
    return std::any_of(t.daysOff.begin(), t.daysOff.end(),
                       [&](const DayEntry& e) { return e.date == d && e.name.starts_with(nameStart); });
}

bool working(const WorkingCalendar& cal, year_month_day d)
{
    auto r = cal.isWorkingDay(d);
    EXPECT_TRUE(r.has_value()) << (r ? "" : r.error().toString());
    return r.value_or(false);
}

// A small custom table: the 2025 Tết swap (Monday 27/1 off, Saturday 8/2 worked).
WorkingCalendar swapCalendar()
{
    YearTable y2025;
    y2025.year = 2025;
    y2025.source = "test";
    y2025.daysOff = {{ymd(2025, 1, 27), "Nghỉ (hoán đổi)"}, {ymd(2025, 1, 28), "Tết Âm lịch"},
                     {ymd(2025, 1, 29), "Tết Âm lịch"},    {ymd(2025, 1, 30), "Tết Âm lịch"},
                     {ymd(2025, 1, 31), "Tết Âm lịch"}};
    y2025.workdays = {{ymd(2025, 2, 8), "Làm bù cho 27/01"}};
    return WorkingCalendar(Settings{}, {y2025});
}

} // namespace

// ---- ruleYearTable -------------------------------------------------------------------------

TEST(CalendarRules, Year2026)
{
    const YearTable t = calendar::ruleYearTable(2026);
    EXPECT_EQ(t.year, 2026);
    EXPECT_TRUE(t.source.starts_with("rule:"));
    EXPECT_TRUE(t.workdays.empty());
    EXPECT_TRUE(hasOff(t, ymd(2026, 1, 1), "Tết Dương lịch"));
    // Tết Bính Ngọ: mùng 1 = Tuesday 17/2; 29 Tết (16/2) plus mùng 1–4 = Monday–Friday, no
    // weekend day inside, so no compensatory day.
    for (unsigned d = 16; d <= 20; ++d)
        EXPECT_TRUE(hasOff(t, ymd(2026, 2, d), "Tết Âm lịch")) << d;
    EXPECT_FALSE(hasOff(t, ymd(2026, 2, 23)));
    EXPECT_FALSE(hasOff(t, ymd(2026, 2, 13)));
    // Giỗ Tổ 10/3 lunar = Sunday 26/4: compensated on Monday 27/4 (BLLĐ 111.3).
    EXPECT_TRUE(hasOff(t, ymd(2026, 4, 26), "Giỗ Tổ Hùng Vương"));
    EXPECT_TRUE(hasOff(t, ymd(2026, 4, 27), "Nghỉ bù"));
    EXPECT_TRUE(hasOff(t, ymd(2026, 4, 30), "Ngày Chiến thắng"));
    EXPECT_TRUE(hasOff(t, ymd(2026, 5, 1), "Quốc tế Lao động"));
    // 2/9 is a Wednesday: the adjacent day is Thursday 3/9.
    EXPECT_TRUE(hasOff(t, ymd(2026, 9, 2), "Quốc khánh"));
    EXPECT_TRUE(hasOff(t, ymd(2026, 9, 3)));
    EXPECT_FALSE(hasOff(t, ymd(2026, 9, 1)));
    // 1/1 + 5 Tết + Giỗ Tổ + bù + 30/4 + 1/5 + 2/9 + 3/9.
    EXPECT_EQ(t.daysOff.size(), 12u);
}

TEST(CalendarRules, NationalDayAdjacentDay)
{
    // The Prime Minister's choices 2021–2025 and the drafting rule for the other weekdays.
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2021), ymd(2021, 9, 3)));  // Thursday -> Friday 3/9
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2022), ymd(2022, 9, 1)));  // Friday -> Thursday 1/9
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2023), ymd(2023, 9, 1)));  // Saturday -> Friday 1/9
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2024), ymd(2024, 9, 3)));  // Monday -> Tuesday 3/9
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2025), ymd(2025, 9, 1)));  // Tuesday -> Monday 1/9
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2025), ymd(2025, 9, 2)));
    EXPECT_FALSE(hasOff(calendar::ruleYearTable(2025), ymd(2025, 9, 3)));
    // 2023: Saturday 2/9 is compensated on Monday 4/9 (Sunday 3/9 is a rest day anyway).
    EXPECT_TRUE(hasOff(calendar::ruleYearTable(2023), ymd(2023, 9, 4), "Nghỉ bù"));
    // 2029: Sunday 2/9 -> Monday 3/9 adjacent, Tuesday 4/9 compensatory.
    const YearTable t2029 = calendar::ruleYearTable(2029);
    EXPECT_TRUE(hasOff(t2029, ymd(2029, 9, 3)));
    EXPECT_TRUE(hasOff(t2029, ymd(2029, 9, 4), "Nghỉ bù"));
}

TEST(CalendarRules, Year2020HasNoAdjacentDay)
{
    // BLLĐ 2012 applied until the end of 2020: 2/9 (Wednesday) alone.
    const YearTable t = calendar::ruleYearTable(2020);
    EXPECT_TRUE(hasOff(t, ymd(2020, 9, 2)));
    EXPECT_FALSE(hasOff(t, ymd(2020, 9, 1)));
    EXPECT_FALSE(hasOff(t, ymd(2020, 9, 3)));
}

TEST(CalendarRules, CompensationSkipsOtherHolidays)
{
    // 2022: 30/4 Saturday and 1/5 Sunday -> Monday 2/5 and Tuesday 3/5 (as decided that year).
    const YearTable t = calendar::ruleYearTable(2022);
    EXPECT_TRUE(hasOff(t, ymd(2022, 5, 2), "Nghỉ bù"));
    EXPECT_TRUE(hasOff(t, ymd(2022, 5, 3), "Nghỉ bù"));
    EXPECT_FALSE(hasOff(t, ymd(2022, 5, 4)));
    // 2023: Giỗ Tổ Saturday 29/4, 30/4 Sunday, 1/5 Monday (a holiday): bù on 2/5 and 3/5.
    const YearTable t2023 = calendar::ruleYearTable(2023);
    EXPECT_TRUE(hasOff(t2023, ymd(2023, 5, 2), "Nghỉ bù"));
    EXPECT_TRUE(hasOff(t2023, ymd(2023, 5, 3), "Nghỉ bù"));
}

TEST(CalendarRules, TetBlockCompensation)
{
    // 2024: mùng 1 Saturday 10/2; block Friday 9/2 – Tuesday 13/2 holds Saturday and Sunday,
    // so two compensatory days follow: Wednesday 14/2 and Thursday 15/2.
    const YearTable t = calendar::ruleYearTable(2024);
    for (unsigned d = 9; d <= 13; ++d)
        EXPECT_TRUE(hasOff(t, ymd(2024, 2, d), "Tết Âm lịch")) << d;
    EXPECT_TRUE(hasOff(t, ymd(2024, 2, 14), "Nghỉ bù"));
    EXPECT_TRUE(hasOff(t, ymd(2024, 2, 15), "Nghỉ bù"));
    EXPECT_FALSE(hasOff(t, ymd(2024, 2, 16)));
}

// ---- the shipped table ---------------------------------------------------------------------

TEST(CalendarBuiltin, Covers2020To2035WithHonestSources)
{
    auto years = calendar::parseHolidayTable(calendar::builtinHolidayIni());
    ASSERT_TRUE(years.has_value()) << years.error().toString();
    ASSERT_EQ(years->size(), 16u);
    for (size_t i = 0; i < years->size(); ++i) {
        const YearTable& t = (*years)[i];
        EXPECT_EQ(t.year, 2020 + static_cast<int>(i));
        EXPECT_TRUE(t.source.starts_with("rule:") || t.source.starts_with("official")) << t.year << ": " << t.source;
        EXPECT_FALSE(t.daysOff.empty()) << t.year;
    }
    const auto cal = WorkingCalendar::builtin();
    std::vector<int> expected;
    for (int y = 2020; y <= 2035; ++y)
        expected.push_back(y);
    EXPECT_EQ(cal.coveredYears(), expected);
}

TEST(CalendarBuiltin, Tet2026)
{
    const auto cal = WorkingCalendar::builtin();
    for (unsigned d = 16; d <= 20; ++d)
        EXPECT_FALSE(working(cal, ymd(2026, 2, d))) << d;
    std::string reason;
    ASSERT_TRUE(cal.isWorkingDay(ymd(2026, 2, 17), &reason).has_value());
    EXPECT_EQ(reason, "Tết Âm lịch");
    EXPECT_TRUE(working(cal, ymd(2026, 2, 13)));   // Friday before
    EXPECT_FALSE(working(cal, ymd(2026, 2, 14)));  // Saturday
    EXPECT_FALSE(working(cal, ymd(2026, 2, 22)));  // Sunday
    EXPECT_TRUE(working(cal, ymd(2026, 2, 23)));   // Monday after
}

TEST(CalendarBuiltin, FixedHolidays)
{
    const auto cal = WorkingCalendar::builtin();
    EXPECT_FALSE(working(cal, ymd(2026, 4, 30)));
    EXPECT_FALSE(working(cal, ymd(2026, 5, 1)));
    EXPECT_FALSE(working(cal, ymd(2026, 4, 27)));  // nghỉ bù Giỗ Tổ (Sunday 26/4)
    EXPECT_TRUE(working(cal, ymd(2026, 4, 28)));
    EXPECT_FALSE(working(cal, ymd(2025, 9, 1)));
    EXPECT_FALSE(working(cal, ymd(2025, 9, 2)));
    EXPECT_TRUE(working(cal, ymd(2025, 9, 3)));
    EXPECT_TRUE(working(cal, ymd(2026, 11, 20)));  // an ordinary Friday
    EXPECT_FALSE(working(cal, ymd(2026, 11, 21))); // Saturday
}

TEST(CalendarBuiltin, MissingYearIsAnError)
{
    const auto cal = WorkingCalendar::builtin();
    auto r = cal.isWorkingDay(ymd(2036, 3, 3));
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is(core::Errc::CalendarMissingYear));
    EXPECT_NE(r.error().detail().find("2036"), std::string::npos);

    auto before = cal.arrivalTime(vn(2019, 6, 1, 9, 0));
    ASSERT_FALSE(before.has_value());
    EXPECT_TRUE(before.error().is(core::Errc::CalendarMissingYear));
    EXPECT_NE(before.error().detail().find("2019"), std::string::npos);

    // The query starts inside the table but has to look into 2036.
    auto next = cal.nextWorkingDay(ymd(2035, 12, 31));
    ASSERT_FALSE(next.has_value());
    EXPECT_TRUE(next.error().is(core::Errc::CalendarMissingYear));
    auto due = cal.dueBy(vn(2035, 12, 28, 9, 0), 5);
    ASSERT_FALSE(due.has_value());
    EXPECT_TRUE(due.error().is(core::Errc::CalendarMissingYear));
}

// ---- time rules ----------------------------------------------------------------------------

TEST(CalendarTime, WorkingMoment)
{
    const auto cal = WorkingCalendar::builtin();
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 11, 20, 7, 30)).value(), true);
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 11, 20, 11, 30)).value(), false);  // end is exclusive
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 11, 20, 12, 0)).value(), false);
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 11, 20, 16, 59)).value(), true);
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 11, 21, 9, 0)).value(), false);    // Saturday
    EXPECT_EQ(cal.isWorkingMoment(vn(2026, 2, 18, 9, 0)).value(), false);     // Tết
}

TEST(CalendarTime, ArrivalAfterHoursOnFriday)
{
    const auto cal = WorkingCalendar::builtin();
    // Friday 20/11/2026 17:45 -> Monday 23/11 07:30.
    auto r = cal.arrivalTime(vn(2026, 11, 20, 17, 45));
    ASSERT_TRUE(r.has_value()) << r.error().toString();
    EXPECT_EQ(iso(*r), "2026-11-23T07:30:00+07:00");
    EXPECT_EQ(*r, vn(2026, 11, 23, 7, 30));
}

TEST(CalendarTime, ArrivalInsideHoursUnchanged)
{
    const auto cal = WorkingCalendar::builtin();
    const auto t = vn(2026, 11, 20, 9, 15) + seconds{42};
    EXPECT_EQ(cal.arrivalTime(t).value(), t);
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 20, 13, 30)).value(), vn(2026, 11, 20, 13, 30));
}

TEST(CalendarTime, ArrivalAtLunchAndBeforeOpening)
{
    const auto cal = WorkingCalendar::builtin();
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 20, 12, 0)).value(), vn(2026, 11, 20, 13, 30));
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 20, 11, 30)).value(), vn(2026, 11, 20, 13, 30));
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 20, 6, 0)).value(), vn(2026, 11, 20, 7, 30));
    // Sunday 22/11 -> Monday 23/11 07:30; Thursday 12/2/2026 after hours -> Friday 13/2 07:30;
    // Friday 13/2 after hours -> Monday 23/2 after the Tết week.
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 22, 10, 0)).value(), vn(2026, 11, 23, 7, 30));
    EXPECT_EQ(cal.arrivalTime(vn(2026, 2, 12, 18, 0)).value(), vn(2026, 2, 13, 7, 30));
    EXPECT_EQ(cal.arrivalTime(vn(2026, 2, 13, 17, 0)).value(), vn(2026, 2, 23, 7, 30));
}

TEST(CalendarTime, ArrivalWithoutNextPeriodRule)
{
    Settings s;
    s.afterHoursNextPeriod = false;
    auto years = calendar::parseHolidayTable(calendar::builtinHolidayIni());
    ASSERT_TRUE(years.has_value());
    const WorkingCalendar cal(s, *years);
    EXPECT_EQ(cal.arrivalTime(vn(2026, 11, 20, 17, 45)).value(), vn(2026, 11, 20, 17, 45));
}

TEST(CalendarTime, NextWorkingDay)
{
    const auto cal = WorkingCalendar::builtin();
    EXPECT_EQ(cal.nextWorkingDay(ymd(2026, 11, 20)).value(), ymd(2026, 11, 23));
    EXPECT_EQ(cal.nextWorkingDay(ymd(2026, 2, 13)).value(), ymd(2026, 2, 23));
    EXPECT_EQ(cal.nextWorkingDay(ymd(2026, 4, 24)).value(), ymd(2026, 4, 28));  // Fri -> past bù 27/4
    EXPECT_EQ(cal.nextWorkingDay(ymd(2026, 4, 29)).value(), ymd(2026, 5, 4));   // 30/4, 1/5, weekend
}

TEST(CalendarTime, OneStopStart)
{
    const auto cal = WorkingCalendar::builtin();
    // After the 15:00 cut-off on Friday 20/11/2026 -> Monday 23/11 07:30.
    EXPECT_EQ(cal.oneStopStart(vn(2026, 11, 20, 15, 30)).value(), vn(2026, 11, 23, 7, 30));
    EXPECT_EQ(cal.oneStopStart(vn(2026, 11, 20, 15, 0)).value(), vn(2026, 11, 23, 7, 30));
    // Before the cut-off: the moment itself, or the next period.
    EXPECT_EQ(cal.oneStopStart(vn(2026, 11, 20, 14, 59)).value(), vn(2026, 11, 20, 14, 59));
    EXPECT_EQ(cal.oneStopStart(vn(2026, 11, 20, 12, 0)).value(), vn(2026, 11, 20, 13, 30));
    // On a Saturday -> Monday 07:30.
    EXPECT_EQ(cal.oneStopStart(vn(2026, 11, 21, 9, 0)).value(), vn(2026, 11, 23, 7, 30));
}

TEST(CalendarTime, AppointmentAcrossWeekend)
{
    const auto cal = WorkingCalendar::builtin();
    // Friday 20/11 10:00, 2 working days: Monday 23 (1), Tuesday 24 (2), 10:00.
    EXPECT_EQ(cal.appointment(vn(2026, 11, 20, 10, 0), 2).value(), vn(2026, 11, 24, 10, 0));
    // Friday 20/11 15:30: starts Monday 07:30; 2 working days -> Wednesday 25/11 07:30.
    EXPECT_EQ(cal.appointment(vn(2026, 11, 20, 15, 30), 2).value(), vn(2026, 11, 25, 7, 30));
}

TEST(CalendarTime, AppointmentAcrossTet2026)
{
    const auto cal = WorkingCalendar::builtin();
    // Thursday 12/2/2026 10:00 (before the cut-off, inside hours), 3 working days:
    // Friday 13/2 (1), [Sat 14, Sun 15, Tết Mon 16 – Fri 20, Sat 21, Sun 22], Monday 23/2 (2),
    // Tuesday 24/2 (3), same time of day.
    auto r = cal.appointment(vn(2026, 2, 12, 10, 0), 3);
    ASSERT_TRUE(r.has_value()) << r.error().toString();
    EXPECT_EQ(iso(*r), "2026-02-24T10:00:00+07:00");
}

TEST(CalendarTime, AddWorkingDays)
{
    const auto cal = WorkingCalendar::builtin();
    // n = 0 only moves to a working moment.
    EXPECT_EQ(cal.addWorkingDays(vn(2026, 11, 21, 9, 0), 0).value(), vn(2026, 11, 23, 7, 30));
    EXPECT_EQ(cal.addWorkingDays(vn(2026, 11, 20, 9, 0), 0).value(), vn(2026, 11, 20, 9, 0));
    // Saturday 9:00 -> Monday 07:30, + 1 -> Tuesday 07:30.
    EXPECT_EQ(cal.addWorkingDays(vn(2026, 11, 21, 9, 0), 1).value(), vn(2026, 11, 24, 7, 30));
    EXPECT_FALSE(cal.addWorkingDays(vn(2026, 11, 20, 9, 0), -1).has_value());
}

TEST(CalendarTime, DueBy)
{
    const auto cal = WorkingCalendar::builtin();
    // Thursday 12/2/2026 16:00, 2 working days counted from the next day: Friday 13/2 (1),
    // Monday 23/2 (2) -> close of office 17:00 on 23/2.
    auto r = cal.dueBy(vn(2026, 2, 12, 16, 0), 2);
    ASSERT_TRUE(r.has_value()) << r.error().toString();
    EXPECT_EQ(iso(*r), "2026-02-23T17:00:00+07:00");
    // A Friday event, 1 day -> Monday 17:00; a Saturday event, 1 day -> also Monday 17:00.
    EXPECT_EQ(cal.dueBy(vn(2026, 11, 20, 9, 0), 1).value(), vn(2026, 11, 23, 17, 0));
    EXPECT_EQ(cal.dueBy(vn(2026, 11, 21, 9, 0), 1).value(), vn(2026, 11, 23, 17, 0));
    // Late evening still counts from the next calendar day: Monday 23/11 23:00, 1 -> Tuesday.
    EXPECT_EQ(cal.dueBy(vn(2026, 11, 23, 23, 0), 1).value(), vn(2026, 11, 24, 17, 0));
    EXPECT_FALSE(cal.dueBy(vn(2026, 11, 20, 9, 0), 0).has_value());
}

TEST(CalendarTime, AddWorkingTime)
{
    const auto cal = WorkingCalendar::builtin();
    // Friday 16:00 + 2 h: 1 h until 17:00, then 1 h from Monday 07:30 -> 08:30.
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 11, 20, 16, 0), hours{2}).value(), vn(2026, 11, 23, 8, 30));
    // Across lunch: 10:30 + 2 h -> 11:30 (1 h), 13:30 + 1 h -> 14:30.
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 11, 20, 10, 30), hours{2}).value(), vn(2026, 11, 20, 14, 30));
    // Starting at lunch: from 13:30.
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 11, 20, 12, 0), minutes{30}).value(), vn(2026, 11, 20, 14, 0));
    // Exactly to the end of a period.
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 11, 20, 9, 30), hours{2}).value(), vn(2026, 11, 20, 11, 30));
    // A full working day (7.5 h) from Thursday 12/2/2026 07:30 ends Thursday 17:00; 8 h ends
    // Friday 13/2 08:00; 16 h: Thu 7.5 + Fri 7.5 + 1 h on Monday 23/2 after Tết -> 08:30.
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 2, 12, 7, 30), minutes{450}).value(), vn(2026, 2, 12, 17, 0));
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 2, 12, 7, 30), hours{8}).value(), vn(2026, 2, 13, 8, 0));
    EXPECT_EQ(cal.addWorkingTime(vn(2026, 2, 12, 7, 30), hours{16}).value(), vn(2026, 2, 23, 8, 30));
    EXPECT_FALSE(cal.addWorkingTime(vn(2026, 11, 20, 9, 0), minutes{-1}).has_value());
}

TEST(CalendarTime, NoWorkingDayIsAnErrorNotALoop)
{
    Settings s;
    s.restWeekdays = {0, 1, 2, 3, 4, 5, 6};
    const WorkingCalendar cal(s, {calendar::ruleYearTable(2025), calendar::ruleYearTable(2026)});
    auto r = cal.nextWorkingMoment(vn(2025, 1, 2, 9, 0));
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is(core::Errc::InvalidArgument));
}

// ---- custom tables -------------------------------------------------------------------------

TEST(CalendarTable, SwappedSaturdayIsAWorkingDay)
{
    const WorkingCalendar cal = swapCalendar();
    std::string reason;
    auto sat = cal.isWorkingDay(ymd(2025, 2, 8), &reason);
    ASSERT_TRUE(sat.has_value());
    EXPECT_TRUE(*sat);
    EXPECT_EQ(reason, "Làm bù cho 27/01");
    EXPECT_FALSE(working(cal, ymd(2025, 2, 1)));   // an ordinary Saturday stays off
    EXPECT_FALSE(working(cal, ymd(2025, 1, 27)));  // the Monday given off
    EXPECT_TRUE(working(cal, ymd(2025, 2, 7)));
    // Friday 7/2 after hours -> Saturday 8/2 07:30.
    EXPECT_EQ(cal.arrivalTime(vn(2025, 2, 7, 17, 30)).value(), vn(2025, 2, 8, 7, 30));
    EXPECT_EQ(cal.isWorkingMoment(vn(2025, 2, 8, 9, 0)).value(), true);
    // Friday 24/1 after hours -> Monday 27/1 off, Tết 28–31/1, weekend -> Monday 3/2.
    EXPECT_EQ(cal.arrivalTime(vn(2025, 1, 24, 17, 30)).value(), vn(2025, 2, 3, 7, 30));
}

TEST(CalendarTable, ParseValid)
{
    const std::string ini = "# comment\n"
                            "[2027]\n"
                            "source = official: QĐ 123/QĐ-TTg\n"
                            "off = 2027-02-05 Tết Âm lịch\n"
                            "off = 2027-02-12   Nghỉ bù\n"
                            "work = 2027-02-20 Làm bù cho 12/02\n"
                            "[2028]\n"
                            "off = 2028-01-01 Tết Dương lịch\n";
    auto years = calendar::parseHolidayTable(ini);
    ASSERT_TRUE(years.has_value()) << years.error().toString();
    ASSERT_EQ(years->size(), 2u);
    const YearTable& y = (*years)[0];
    EXPECT_EQ(y.year, 2027);
    EXPECT_EQ(y.source, "official: QĐ 123/QĐ-TTg");
    ASSERT_EQ(y.daysOff.size(), 2u);
    EXPECT_EQ(y.daysOff[0].date, ymd(2027, 2, 5));
    EXPECT_EQ(y.daysOff[0].name, "Tết Âm lịch");
    EXPECT_EQ(y.daysOff[1].name, "Nghỉ bù");
    ASSERT_EQ(y.workdays.size(), 1u);
    EXPECT_EQ(y.workdays[0].date, ymd(2027, 2, 20));
    EXPECT_EQ(y.workdays[0].name, "Làm bù cho 12/02");
    EXPECT_EQ((*years)[1].year, 2028);

    const WorkingCalendar cal(Settings{}, *years);
    EXPECT_TRUE(working(cal, ymd(2027, 2, 20)));   // a Saturday worked
    EXPECT_FALSE(working(cal, ymd(2027, 2, 12)));  // a Friday off
}

TEST(CalendarTable, RejectsBadDateWithLineNumber)
{
    auto r = calendar::parseHolidayTable("[2027]\nsource = x\noff = 2027-02-30 Ngày không có\n");
    ASSERT_FALSE(r.has_value());
    EXPECT_TRUE(r.error().is(core::Errc::ConfigError));
    EXPECT_NE(r.error().detail().find("line 3"), std::string::npos) << r.error().detail();
}

TEST(CalendarTable, RejectsOtherMistakes)
{
    const auto expectLineError = [](const std::string& ini, const std::string& line) {
        auto r = calendar::parseHolidayTable(ini);
        ASSERT_FALSE(r.has_value()) << ini;
        EXPECT_TRUE(r.error().is(core::Errc::ConfigError)) << ini;
        EXPECT_NE(r.error().detail().find(line), std::string::npos) << r.error().detail();
    };
    expectLineError("[2027]\noff = 2028-01-01 wrong year\n", "line 2");
    expectLineError("[2027]\n\nholiday = 2027-01-01 x\n", "line 3");
    expectLineError("[2027]\noff = 27-01-01 x\n", "line 2");
    expectLineError("[2027]\noff = x\n", "line 2");
    expectLineError("[năm 2027]\noff = 2027-01-01 x\n", "line 2");
    expectLineError("off = 2027-01-01 x\n", "line 1");
    expectLineError("[2027]\noff = 2027-01-01 x\nwork = 2027-01-01 y\n", "line 3");
}
