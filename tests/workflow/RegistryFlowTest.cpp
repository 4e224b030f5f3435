// The flows end to end into the registry simulator (a real HTTPS server with mutual TLS on
// 127.0.0.1, tests/uplink/RegistrySimulator): a fresh station configured for `transport = https`
// takes in a corpus document (`vanthu intake`), issues an outgoing one (`vanthu issue`) and receives
// a one-stop dossier (`vanthu dossier new|add|receipt`), then `vanthu uplink run --once` delivers
// the three packages. What arrives is judged by xmllint against the
// edXML schema and by its content (the registered fields, the agency code), the outbox is empty and
// the audit log says the items were sent.
#include "WorkflowFixtures.h"

#include "RegistrySimulator.h"
#include "TestPki.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>

namespace vanthu::workflow::test {
namespace {

using ::testing::HasSubstr;
using vanthu::test::issue;
using vanthu::test::makeCa;
using vanthu::test::PemPair;
using vanthu::test::RegistrySimulator;
using vanthu::test::SimulatorOptions;

TEST(WorkflowRegistry, IntakeIssueAndDossierArriveInTheRegistrySimulatorOverMutualTls)
{
    TempDir tmp;
    const std::string pki = tmp.file("pki");
    std::filesystem::create_directories(pki);
    const PemPair ca = makeCa(pki, "registry");
    const PemPair server = issue(pki, "server", ca, "registry.test", true);
    const PemPair client = issue(pki, "client", ca, "000.00.00.T99", false);
    SimulatorOptions options;
    options.certFile = server.certPath;
    options.keyFile = server.keyPath;
    options.clientCaFile = ca.certPath;   // only a station holding a certificate it issued gets in
    RegistrySimulator sim(options);
    sim.start();

    const std::string config = tmp.file("vanthu.ini");
    {
        std::ofstream f(config);
        f << "[station]\ndata_dir = " << tmp.file("data") << "\n\n"
          << "[uplink]\ntransport = https\nendpoint = " << sim.endpoint() << "\nca_file = " << ca.certPath
          << "\nclient_cert = " << client.certPath << "\nclient_key = " << client.keyPath << "\nconnect_timeout_ms = 5000\n";
    }
    const std::vector<std::string> env{"VANTHU_ASSETS=" + std::string(VANTHU_SHARED_DIR) + "/assets"};
    const auto vanthu = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {VANTHU_CLI, "--config", config});
        return run(args, {}, env);
    };

    auto in = vanthu({"intake", shared("corpus/dev/scans/DEV-012.pdf"), "--yes", "--set", "number_symbol=8803/TB-TTCNTT",
                      "--set", "issuer=TRUNG TÂM CÔNG NGHỆ THÔNG TIN", "--set", "subject=Thông báo thử nghiệm"});
    ASSERT_EQ(in.exitCode, 0) << in.out << in.err;
    EXPECT_THAT(in.out, HasSubstr("số đến 1"));

    const std::string original = makeBlankOriginal(tmp.file("qd.pdf"), "Về việc thử nghiệm gửi lên trục");
    auto out = vanthu({"issue", original, "--type", "QĐ", "--subject", "Về việc thử nghiệm gửi lên trục", "--to",
                       "000.00.02.T01=Sở Tài chính tỉnh Mẫu", "--yes"});
    ASSERT_EQ(out.exitCode, 0) << out.out << out.err;
    // A one-stop dossier: opened, its two required components added, the signed receipt issued.
    auto opened = vanthu({"dossier", "new", "--procedure", "TEST.001", "--request", "Cấp bản sao trích lục khai sinh",
                          "--phone", "0912345678"});
    ASSERT_EQ(opened.exitCode, 0) << opened.out << opened.err;
    const std::string code = opened.out.substr(0, opened.out.find('\n'));
    const std::string qrText = "001089012345|123456789|Trần Thị Bình|01021990|Nữ|Số 5 Lê Lợi, Mẫu|10062021";
    ASSERT_EQ(run({VANTHU_QRENCODE, "-l", "M", "-s", "6", "-o", tmp.file("cccd.png"), qrText}).exitCode, 0);
    auto cccd = vanthu({"dossier", "add", code, "--component", "cccd", tmp.file("cccd.png")});
    ASSERT_EQ(cccd.exitCode, 0) << cccd.out << cccd.err;
    auto form = vanthu({"dossier", "add", code, "--component", "don", shared("corpus/dev/scans/DEV-004.pdf")});
    ASSERT_EQ(form.exitCode, 0) << form.out << form.err;
    auto receipt = vanthu({"dossier", "receipt", code});
    ASSERT_EQ(receipt.exitCode, 0) << receipt.out << receipt.err;
    EXPECT_TRUE(sim.stored().empty()) << "nothing leaves the station before the uploader runs";

    auto up = vanthu({"uplink", "run", "--once"});
    ASSERT_EQ(up.exitCode, 0) << up.out << up.err;

    const auto stored = sim.stored();
    ASSERT_EQ(stored.size(), 3u) << up.out << up.err;
    bool sawIncoming = false, sawOutgoing = false, sawDossier = false;
    int n = 0;
    for (const auto& [key, p] : stored) {
        const std::string file = tmp.file("arrived-" + std::to_string(++n) + ".edxml");
        std::ofstream(file, std::ios::binary) << p.package;
        const auto lint = run({VANTHU_XMLLINT, "--noout", "--schema",
                               std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd", file});
        EXPECT_EQ(lint.exitCode, 0) << key << ": " << lint.err;
        EXPECT_EQ(p.deliveries, 1) << key;
        if (p.package.find("8803") != std::string::npos && p.package.find("TB-TTCNTT") != std::string::npos)
            sawIncoming = true;
        if (p.package.find("000.00.02.T01") != std::string::npos &&
            p.package.find("Về việc thử nghiệm gửi lên trục") != std::string::npos)
            sawOutgoing = true;
        if (p.package.find(code) != std::string::npos)
            sawDossier = true;
    }
    EXPECT_TRUE(sawIncoming) << "the certified copy of the arrival, with its number and symbol";
    EXPECT_TRUE(sawOutgoing) << "the issued document, addressed to the recipient's agency code";
    EXPECT_TRUE(sawDossier) << "the dossier upload, named by its dossier code";

    // The outbox is drained and the audit log says so; a second run sends nothing again.
    auto status = vanthu({"uplink", "status"});
    EXPECT_EQ(status.exitCode, 0) << status.err;
    auto again = vanthu({"uplink", "run", "--once"});
    EXPECT_EQ(again.exitCode, 0) << again.out << again.err;
    EXPECT_EQ(sim.firstStores(), 3);
    EXPECT_EQ(sim.rePuts(), 0);
    auto audit = vanthu({"audit", "list"});
    EXPECT_EQ(audit.exitCode, 0) << audit.err;
    EXPECT_THAT(audit.out, HasSubstr("outbox.sent"));
    auto verify = vanthu({"audit", "verify"});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
}

} // namespace
} // namespace vanthu::workflow::test
