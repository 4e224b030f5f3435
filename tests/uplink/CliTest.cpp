// `vanthu uplink status|run|retry|export` end to end, with the spool transport and over HTTPS.

#include "RegistrySimulator.h"
#include "TestSupport.h"
#include "UplinkFixtures.h"

#include "vanthu/uplink/Edxml.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace vanthu;
using namespace vanthu::test;
namespace fs = std::filesystem;

TEST(UplinkCli, StatusExportRunRetry)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    writeFile(dir.file("v.ini"), "[station]\ndata_dir = " + dir.path().string() + "\ndatabase = " + dir.file("v.db") +
                                     "\n[uplink]\ntransport = spool\nspool_dir = " + dir.file("spool") +
                                     "\ntrusted_cert = " + a.ca.certPath + "\nretry_max_attempts = 1\n");
    {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        for (int i = 0; i < 3; ++i)
            ASSERT_TRUE(uplink::issueAndSend(*r, outgoingRequest("k" + std::to_string(i)), {a.peer},
                                             pdfAttachment("k" + std::to_string(i)), a.sender));
    }
    const auto vanthu = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {VANTHU_CLI, "--config", dir.file("v.ini"), "--as", "lan"});
        return run(args);
    };
    auto status = vanthu({"uplink", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    EXPECT_NE(status.out.find("Chờ gửi / pending: 3"), std::string::npos) << status.out;

    auto exported = vanthu({"uplink", "export", "--all", "--out", dir.file("exported")});
    ASSERT_EQ(exported.exitCode, 0) << exported.err;
    int files = 0;
    for (const auto& e : fs::directory_iterator(dir.path() / "exported")) {
        ++files;
        EXPECT_EQ(run({VANTHU_XMLSEC1, "--verify", "--trusted-pem", a.ca.certPath, e.path().string()}).exitCode, 0);
    }
    EXPECT_EQ(files, 3);
    auto schema = vanthu({"uplink", "export", "--schema", "--out", dir.file("edxml.xsd")});
    ASSERT_EQ(schema.exitCode, 0) << schema.err;
    EXPECT_EQ(readFile(dir.file("edxml.xsd")), readFile(std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd"));

    // A broken spool: where each package's temporary file goes there is a directory. One attempt
    // allowed, so the items go to dead-letter, and the run says so.
    std::vector<fs::path> blockers;
    {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        const auto items = r->outboxItems(std::nullopt);
        for (const auto& it : *items) {
            blockers.push_back(dir.path() / "spool" / "out" / (".tmp-" + uplink::spoolFileName(it.key)));
            fs::create_directories(blockers.back());
        }
    }
    auto broken = vanthu({"uplink", "run"});
    EXPECT_NE(broken.exitCode, 0);
    auto deadStatus = vanthu({"uplink", "status"});
    EXPECT_NE(deadStatus.out.find("Gửi hỏng / dead: 3"), std::string::npos) << deadStatus.out;
    EXPECT_NE(deadStatus.out.find("GỬI HỎNG"), std::string::npos) << deadStatus.out;

    for (const auto& b : blockers)
        fs::remove(b);
    auto retry = vanthu({"uplink", "retry", "--all"});
    EXPECT_EQ(retry.exitCode, 0) << retry.err;
    EXPECT_NE(retry.out.find("requeued: 3"), std::string::npos) << retry.out;
    auto ok = vanthu({"uplink", "run"});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("sent: 3"), std::string::npos) << ok.out;
    auto after = vanthu({"uplink", "status", "--all"});
    EXPECT_NE(after.out.find("Đã gửi / sent: 3"), std::string::npos) << after.out;
    EXPECT_EQ(vanthu({"uplink", "retry", "99"}).exitCode, 4) << "nothing to retry: not found";

    // A status package from the recipient, dropped into the spool's inbox, shows up per document.
    const PemPair peer = issue(dir.path(), "peer", a.ca, "UBND TỈNH LẠNG SƠN", false);
    const std::string docId = "000.00.00.T99,2026/11/20,01/QĐ-STN";
    uplink::StatusPackage st;
    st.from = a.peer;
    st.responseFor = {"000.00.00.T99", "01/QĐ-STN", vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{20}}, docId};
    st.statusCode = "03";
    st.description = "Số đến 7";
    st.timestamp = at("2026-11-21T08:00:00+07:00");
    writeFile(dir.file("spool/in/s1.edxml"), *uplink::buildStatusPackage(st, {peer.keyPath, peer.certPath, ""}));
    auto pulled = vanthu({"uplink", "run"});
    EXPECT_EQ(pulled.exitCode, 0) << pulled.err;
    EXPECT_NE(pulled.out.find("status messages applied: 1"), std::string::npos) << pulled.out;
    auto perDoc = vanthu({"uplink", "status", "--document", docId});
    EXPECT_EQ(perDoc.exitCode, 0) << perDoc.err;
    EXPECT_NE(perDoc.out.find("03  đã tiếp nhận / accepted  000.00.00.H49  Số đến 7"), std::string::npos) << perDoc.out;
    EXPECT_EQ(vanthu({"uplink", "frobnicate"}).exitCode, 2);
}

TEST(UplinkCli, RunOverHttpsAndAClearStopOnAnUntrustedRegistry)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    const PemPair registryCa = makeCa(dir.path(), "registry");
    const PemPair server = issue(dir.path(), "registry-server", registryCa, "localhost", true);
    const PemPair client = issue(dir.path(), "station-client", a.ca, "000.00.00.T99", false);
    const PemPair rogueCa = makeCa(dir.path(), "rogue");
    RegistrySimulator sim({server.certPath, server.keyPath, a.ca.certPath, 3, {}});
    sim.start();
    const auto config = [&](const std::string& ca) {
        writeFile(dir.file("v.ini"), "[station]\ndata_dir = " + dir.path().string() + "\ndatabase = " + dir.file("v.db") +
                                         "\n[uplink]\ntransport = https\nendpoint = " + sim.endpoint() + "\nca_file = " + ca +
                                         "\nclient_cert = " + client.certPath + "\nclient_key = " + client.keyPath +
                                         "\ntrusted_cert = " + a.ca.certPath + "\n");
    };
    {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        for (int i = 0; i < 2; ++i)
            ASSERT_TRUE(uplink::issueAndSend(*r, outgoingRequest("k" + std::to_string(i)), {a.peer},
                                             pdfAttachment("k" + std::to_string(i)), a.sender));
    }
    const auto vanthu = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {VANTHU_CLI, "--config", dir.file("v.ini"), "--as", "lan"});
        return run(args);
    };
    config(rogueCa.certPath);
    auto stopped = vanthu({"uplink", "run"});
    EXPECT_EQ(stopped.exitCode, 9) << "network exit code\n" << stopped.err;
    EXPECT_NE(stopped.err.find("Uploads stopped"), std::string::npos) << stopped.err;
    EXPECT_NE(stopped.err.find("uplink.Tls"), std::string::npos) << stopped.err;
    EXPECT_TRUE(sim.stored().empty());

    config(registryCa.certPath);
    auto ok = vanthu({"uplink", "run"});
    EXPECT_EQ(ok.exitCode, 0) << ok.out << ok.err;
    EXPECT_NE(ok.out.find("sent: 2"), std::string::npos) << ok.out;
    EXPECT_EQ(sim.stored().size(), 2u);
}
