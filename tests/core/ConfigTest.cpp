#include "vanthu/core/Config.h"
#include "vanthu/core/Ini.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace std::chrono;

TEST(Ini, ParsesSectionsRepeatedKeysAndComments)
{
    auto ini = Ini::parse("# comment\n[a]\nk = 1\nk = 2\n; other\n[b]\nx=  y z \n");
    ASSERT_TRUE(ini);
    EXPECT_EQ(ini->get("a", "k"), "2");
    EXPECT_EQ(ini->getAll("a", "k"), (std::vector<std::string>{"1", "2"}));
    EXPECT_EQ(ini->get("b", "x"), "y z");
    EXPECT_FALSE(ini->get("b", "k"));
    auto bad = Ini::parse("[a]\nno equals sign\n");
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().detail().find("line 2"), std::string::npos);
}

TEST(Config, DefaultsWithoutAFile)
{
    auto c = StationConfig::load(std::nullopt);
    ASSERT_TRUE(c);
    EXPECT_TRUE(c->agency.demo);
    EXPECT_EQ(c->calendar.hours.size(), 2u);
    EXPECT_NE(c->databasePath.find("vanthu.db"), std::string::npos);
}

TEST(Config, ReadsEveryDocumentedKey)
{
    test::TempDir dir;
    test::writeFile(dir.file("v.ini"), R"([station]
data_dir = /srv/vanthu
[agency]
name = SỞ TÀI CHÍNH
parent_name = UBND TỈNH LẠNG SƠN
code = 000.00.31.H36
abbreviation = STC
place = Lạng Sơn
demo = false
[numbering]
per_type_series = true
[accounts]
max_failed_logins = 3
lockout_minutes = 30
min_password_length = 12
[calendar]
office_hours = 08:00-12:00, 13:00-17:00
rest_days = sat, sun
one_stop_cutoff = 16:00
after_hours_next_period = false
)");
    auto c = StationConfig::load(dir.file("v.ini"));
    ASSERT_TRUE(c) << c.error().toString();
    EXPECT_EQ(c->databasePath, "/srv/vanthu/vanthu.db");
    EXPECT_EQ(c->agency.code, "000.00.31.H36");
    EXPECT_FALSE(c->agency.demo);
    EXPECT_TRUE(c->numbering.perTypeSeries);
    EXPECT_EQ(c->accounts.maxFailedLogins, 3);
    EXPECT_EQ(c->calendar.hours[0].start, minutes{8 * 60});
    EXPECT_EQ(c->calendar.oneStopCutoff, minutes{16 * 60});
    EXPECT_FALSE(c->calendar.afterHoursNextPeriod);
}

TEST(Config, RejectsUnknownKeysAndBadValues)
{
    test::TempDir dir;
    for (const char* text : {"[agency]\ncode = 123\n", "[agency]\nnmae = x\n", "[calendar]\noffice_hours = 17:00-07:30\n",
                             "[calendar]\nrest_days = caturday\n", "[accounts]\nmax_failed_logins = 0\n"}) {
        test::writeFile(dir.file("v.ini"), text);
        auto c = StationConfig::load(dir.file("v.ini"));
        ASSERT_FALSE(c) << text;
        EXPECT_TRUE(c.error().is(core::Errc::ConfigError)) << text;
    }
    auto missing = StationConfig::load(dir.file("nope.ini"));
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().is(core::Errc::Io));
}

TEST(Config, HolidayFileReplacesBuiltinYears)
{
    test::TempDir dir;
    test::writeFile(dir.file("h.ini"), "[2026]\nsource = test\noff = 2026-11-23 Ngày thử nghiệm\n");
    test::writeFile(dir.file("v.ini"), "[calendar]\nholiday_file = " + dir.file("h.ini") + "\n");
    auto c = StationConfig::load(dir.file("v.ini"));
    ASSERT_TRUE(c);
    auto cal = c->workingCalendar();
    ASSERT_TRUE(cal) << cal.error().toString();
    EXPECT_FALSE(*cal->isWorkingDay(2026y / 11 / 23));
    // The built-in 2026 table (with Tết) was replaced wholesale by the file's.
    EXPECT_TRUE(*cal->isWorkingDay(2026y / 2 / 18));
    // Other years still come from the built-in table.
    EXPECT_FALSE(*cal->isWorkingDay(2027y / 1 / 1));
}
