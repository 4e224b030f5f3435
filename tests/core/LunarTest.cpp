// The Vietnamese lunar calendar: Tết dates, leap months and the round trip solar -> lunar -> solar.
// Expected dates are the published Vietnamese (UTC+07:00) calendar, not the output of the code.

#include "vanthu/core/Lunar.h"

#include <gtest/gtest.h>

#include <chrono>

using namespace std::chrono;
using vanthu::lunar::LunarDate;

namespace {

year_month_day ymd(int y, unsigned m, unsigned d) { return year{y} / month{m} / day{d}; }

} // namespace

TEST(Lunar, TetDates2020To2035)
{
    struct Case {
        int year;
        year_month_day tet;
    };
    const Case cases[] = {
        {2020, ymd(2020, 1, 25)}, {2021, ymd(2021, 2, 12)}, {2022, ymd(2022, 2, 1)}, {2023, ymd(2023, 1, 22)},
        {2024, ymd(2024, 2, 10)}, {2025, ymd(2025, 1, 29)}, {2026, ymd(2026, 2, 17)}, {2027, ymd(2027, 2, 6)},
        {2028, ymd(2028, 1, 26)}, {2029, ymd(2029, 2, 13)},
        // The new moon of February 2030 is at 16:07 UTC on the 2nd: 23:07 in Vietnam (so Tết is
        // 2/2) but 00:07 on the 3rd in China. Hồ Ngọc Đức's notes list 2030 among the years
        // where Vietnam's Tết comes a day before China's.
        {2030, ymd(2030, 2, 2)},
        {2031, ymd(2031, 1, 23)}, {2032, ymd(2032, 2, 11)}, {2033, ymd(2033, 1, 31)}, {2034, ymd(2034, 2, 19)},
        {2035, ymd(2035, 2, 8)},
    };
    for (const Case& c : cases) {
        EXPECT_EQ(vanthu::lunar::tet(c.year), c.tet) << c.year;
        EXPECT_EQ(vanthu::lunar::fromSolar(c.tet), (LunarDate{1, 1, c.year, false})) << c.year;
    }
}

// Years where the UTC+07:00 meridian gives Vietnam a different Tết from China's (UTC+08:00).
TEST(Lunar, VietnameseMeridianYears)
{
    EXPECT_EQ(vanthu::lunar::tet(1968), ymd(1968, 1, 29));  // China: 30/1
    EXPECT_EQ(vanthu::lunar::tet(1985), ymd(1985, 1, 21));  // China: 20/2, a whole month later
    EXPECT_EQ(vanthu::lunar::tet(2007), ymd(2007, 2, 17));  // China: 18/2
}

TEST(Lunar, GioToHungVuong)
{
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{10, 3, 2024, false}), ymd(2024, 4, 18));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{10, 3, 2025, false}), ymd(2025, 4, 7));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{10, 3, 2026, false}), ymd(2026, 4, 26));
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2026, 4, 26)), (LunarDate{10, 3, 2026, false}));
}

TEST(Lunar, LeapMonth2023IsSecondMonth)
{
    // Quý Mão 2023: tháng 2 from 20/2, tháng 2 nhuận from 22/3 (the new moon was at 00:23 on
    // 22/3 Vietnam time), tháng 3 from 20/4.
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 2, 2023, false}), ymd(2023, 2, 20));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 2, 2023, true}), ymd(2023, 3, 22));
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2023, 3, 22)), (LunarDate{1, 2, 2023, true}));
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2023, 3, 21)), (LunarDate{30, 2, 2023, false}));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 3, 2023, false}), ymd(2023, 4, 20));
}

TEST(Lunar, LeapMonth2025IsSixthMonth)
{
    // Ất Tỵ 2025: tháng 6 from 25/6, tháng 6 nhuận from 25/7, tháng 7 from 23/8.
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 6, 2025, false}), ymd(2025, 6, 25));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 6, 2025, true}), ymd(2025, 7, 25));
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2025, 7, 25)), (LunarDate{1, 6, 2025, true}));
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{1, 7, 2025, false}), ymd(2025, 8, 23));
}

TEST(Lunar, MissingLeapMonthFallsBackToRegularMonth)
{
    // 2026 has no leap month: "3 nhuận" means plain tháng 3 (header contract).
    EXPECT_EQ(vanthu::lunar::toSolar(LunarDate{10, 3, 2026, true}), ymd(2026, 4, 26));
}

TEST(Lunar, LastDayOfLunarYear)
{
    // Tháng Chạp of Ất Tỵ began on 19/1/2026 and has 29 days: 16/2/2026 is 29 Tết.
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2026, 2, 16)), (LunarDate{29, 12, 2025, false}));
    // 2033 brings back a 30 Tết (30/1/2033).
    EXPECT_EQ(vanthu::lunar::fromSolar(ymd(2033, 1, 30)), (LunarDate{30, 12, 2032, false}));
}

TEST(Lunar, RoundTripEveryDay2020To2035)
{
    LunarDate prev = vanthu::lunar::fromSolar(ymd(2019, 12, 31));
    int leapMonths = 0;
    for (sys_days d = sys_days{ymd(2020, 1, 1)}; d < sys_days{ymd(2036, 1, 1)}; d += days{1}) {
        const year_month_day solar{d};
        const LunarDate l = vanthu::lunar::fromSolar(solar);
        ASSERT_EQ(vanthu::lunar::toSolar(l), solar) << int(solar.year()) << '-' << unsigned(solar.month()) << '-'
                                                    << unsigned(solar.day());
        ASSERT_GE(l.day, 1);
        ASSERT_LE(l.day, 30);
        ASSERT_GE(l.month, 1);
        ASSERT_LE(l.month, 12);
        // Consecutive solar days are consecutive lunar days, or day 1 after day 29/30.
        if (l.day == 1) {
            ASSERT_TRUE(prev.day == 29 || prev.day == 30);
            if (l.leap)
                ++leapMonths;
        } else {
            ASSERT_EQ(l.day, prev.day + 1);
            ASSERT_EQ(l.month, prev.month);
            ASSERT_EQ(l.leap, prev.leap);
            ASSERT_EQ(l.year, prev.year);
        }
        prev = l;
    }
    // Leap months 2020–2035: 4/2020, 2/2023, 6/2025, 5/2028, 3/2031, 11/2033.
    EXPECT_EQ(leapMonths, 6);
}
