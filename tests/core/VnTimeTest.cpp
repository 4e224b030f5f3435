#include "vanthu/core/VnTime.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace std::chrono;

TEST(VnTime, FormatsWithVietnamOffset)
{
    // 2026-11-22T02:30:00Z is 09:30 in Vietnam.
    const vntime::Instant t = sys_days{2026y / 11 / 22} + hours{2} + minutes{30};
    EXPECT_EQ(vntime::toIso8601(t), "2026-11-22T09:30:00+07:00");
    // 20:00Z is already the next day in Vietnam.
    const vntime::Instant late = sys_days{2026y / 12 / 31} + hours{20};
    EXPECT_EQ(vntime::toIso8601(late), "2027-01-01T03:00:00+07:00");
    EXPECT_EQ(vntime::localDate(late), 2027y / 1 / 1);
}

TEST(VnTime, ParsesOffsetsAndLocalTimes)
{
    const auto a = vntime::parseIso8601("2026-11-22T09:30:00+07:00");
    const auto b = vntime::parseIso8601("2026-11-22T02:30:00Z");
    const auto c = vntime::parseIso8601("2026-11-22T09:30");
    const auto d = vntime::parseIso8601("2026-11-22T04:30:00+02:00");
    ASSERT_TRUE(a && b && c && d);
    EXPECT_EQ(*a, *b);
    EXPECT_EQ(*a, *c);
    EXPECT_EQ(*a, *d);
    EXPECT_EQ(vntime::toIso8601(*vntime::parseIso8601("2026-11-22")), "2026-11-22T00:00:00+07:00");
}

TEST(VnTime, RejectsMalformedTimes)
{
    for (const char* bad : {"", "2026-13-01", "2026-02-30", "2026-11-22T25:00", "22/11/2026", "2026-11-22T09:30+7",
                            "2026-11-22T09:30:00+07:00x"}) {
        auto r = vntime::parseIso8601(bad);
        ASSERT_FALSE(r) << bad;
        EXPECT_TRUE(r.error().is(core::Errc::InvalidDate)) << bad;
    }
}

TEST(VnTime, VietnameseDateFollowsNd30LeadingZeros)
{
    EXPECT_EQ(vntime::vietnameseDate(2021y / 2 / 5), "ngày 05 tháng 02 năm 2021");
    EXPECT_EQ(vntime::vietnameseDate(2020y / 10 / 19), "ngày 19 tháng 10 năm 2020");
    EXPECT_EQ(vntime::vietnameseDate(2026y / 6 / 1), "ngày 01 tháng 6 năm 2026");
    EXPECT_EQ(vntime::vietnameseDate(2026y / 1 / 15), "ngày 15 tháng 01 năm 2026");
    EXPECT_EQ(vntime::toDmy(2026y / 6 / 1), "01/06/2026");
}
