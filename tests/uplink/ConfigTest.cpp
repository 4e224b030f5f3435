// The [uplink] section of the station configuration.

#include "TestSupport.h"

#include "vanthu/uplink/UplinkConfig.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;
using namespace vanthu::uplink;

TEST(UplinkConfig, TheShippedExampleLoads)
{
    auto station = StationConfig::load(std::string(VANTHU_SOURCE_DIR) + "/data/vanthu.ini.example");
    ASSERT_TRUE(station) << station.error().toString();
    auto c = UplinkConfig::load(*station);
    ASSERT_TRUE(c) << c.error().toString();
    EXPECT_EQ(c->transport, UplinkConfig::TransportKind::Spool);
    EXPECT_EQ(c->codes.agree, "15");
    EXPECT_EQ(c->retry.maxAttempts, 10);
    EXPECT_EQ(c->organization.organId, station->agency.code);
}

TEST(UplinkConfig, KeysAreReadAndMistakesNamed)
{
    TempDir dir;
    writeFile(dir.file("v.ini"), "[station]\ndata_dir = " + dir.path().string() +
                                     "\n[uplink]\ntransport = https\nendpoint = https://127.0.0.1:8443/edxml/v1\n"
                                     "ca_file = /etc/ca.pem\nproxy = http://proxy:3128\nstatus_code_agree = 14\n"
                                     "trusted_cert = /a.pem\ntrusted_cert = /b.pem\nretry_base_ms = 250\n");
    auto station = StationConfig::load(dir.file("v.ini"));
    ASSERT_TRUE(station) << station.error().toString();
    auto c = UplinkConfig::load(*station);
    ASSERT_TRUE(c) << c.error().toString();
    EXPECT_EQ(c->transport, UplinkConfig::TransportKind::Https);
    EXPECT_EQ(c->https.proxy, "http://proxy:3128");
    EXPECT_EQ(c->codes.code(StatusEvent::Agree), "14");
    EXPECT_EQ(c->trustedCerts, (std::vector<std::string>{"/a.pem", "/b.pem"}));
    EXPECT_EQ(c->retry.baseDelayMs, 250);
    EXPECT_EQ(c->spoolDir, dir.path().string() + "/spool");
    auto t = c->makeTransport();
    ASSERT_TRUE(t) << t.error().toString();
    EXPECT_EQ((*t)->describe(), "https://127.0.0.1:8443/edxml/v1");

    for (const char* bad : {"[uplink]\ntransprot = https\n", "[uplink]\ntransport = ftp\n",
                            "[uplink]\nstatus_code_agree = 1\n", "[uplink]\nretry_max_attempts = 0\n"}) {
        writeFile(dir.file("bad.ini"), bad);
        auto s = StationConfig::load(dir.file("bad.ini"));
        ASSERT_TRUE(s) << s.error().toString();
        auto u = UplinkConfig::load(*s);
        ASSERT_FALSE(u) << bad;
        EXPECT_TRUE(u.error().is(uplink::Errc::ConfigError));
        EXPECT_NE(u.error().detail().find("line 2"), std::string::npos) << u.error().detail();
    }
}
