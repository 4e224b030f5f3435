// The `vanthu` CLI driven as a subprocess on a fresh data directory (embedded defaults, no
// SANE_CONFIG_DIR: the process prepares SANE itself and falls back to the test device):
// dossier new | check | add (file and --scan) | receipt, then intake --scan. Outputs judged by
// pdfsig (the station's demo CA through its NSS database), qpdf --check, pdftotext and the rendered
// receipt (the seal's red pixels over the receiving officer's signature block); the register is read
// back. A crash's leftover archive folder is removed when the station opens, a live one kept.
#include "WorkflowFixtures.h"

#include "vanthu/capture/Scanner.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Outgoing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct Box {
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;   // points, top-left origin
};

// The boxes of a word on page 1, in reading order (pdftotext -bbox).
std::vector<Box> wordBoxes(const std::string& pdf, const std::string& word)
{
    const auto r = run({VANTHU_PDFTOTEXT, "-bbox", "-f", "1", "-l", "1", pdf, "-"});
    std::vector<Box> out;
    static const std::regex re(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), re); it != std::sregex_iterator(); ++it)
        if ((*it)[5] == word)
            out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4])});
    return out;
}

pid_t deadPid()
{
    const pid_t pid = ::fork();
    if (pid == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

TEST(WorkflowCli, DossierAndScanIntakeOnAFreshStationWithTheSealOnTheReceipt)
{
    TempDir home, tmp;
    const std::string data = home.file("data") + "/vanthu";
    const std::vector<std::string> env{"XDG_DATA_HOME=" + home.file("data"), "HOME=" + home.path().string(),
                                       "VANTHU_ASSETS=" + std::string(VANTHU_SHARED_DIR) + "/assets",
                                       "SANE_CONFIG_DIR="};
    auto vanthu = [&](std::vector<std::string> args) {
        args.insert(args.begin(), VANTHU_CLI);
        return run(args, {}, env);
    };
    auto pdfsigHere = [&](const std::string& pdf) { return run({VANTHU_PDFSIG, "-nssdir", data + "/demo-pki/nssdb", pdf}); };

    // dossier new: Wednesday 29/4/2026 15:30 (after the cut-off, before 30/4 and 1/5).
    auto opened = vanthu({"dossier", "new", "--procedure", "TEST.001", "--request", "Cấp bản sao trích lục khai sinh",
                          "--at", "2026-04-29T15:30:00+07:00", "--phone", "0912345678"});
    ASSERT_EQ(opened.exitCode, 0) << opened.out << opened.err;
    const std::string code = opened.out.substr(0, opened.out.find('\n'));
    EXPECT_THAT(code, ::testing::StartsWith("000.00.00.T99-260429-"));
    // Incomplete: form 02 instead of a receipt.
    auto check = vanthu({"dossier", "check", code});
    EXPECT_EQ(check.exitCode, 1) << check.out << check.err;
    EXPECT_THAT(check.out, HasSubstr("Còn thiếu / Missing"));
    EXPECT_TRUE(qpdfOk(data + "/dossiers/" + code + "/form02.pdf"));
    auto early = vanthu({"dossier", "receipt", code});
    EXPECT_NE(early.exitCode, 0);
    EXPECT_THAT(early.err, HasSubstr("hồ sơ chưa đủ thành phần"));
    // dossier add: the CCCD from a file (its QR fills the applicant), the form from the scanner.
    const std::string qrText = "001089012345|123456789|Trần Thị Bình|01021990|Nữ|Số 5 Lê Lợi, Mẫu|10062021";
    ASSERT_EQ(run({VANTHU_QRENCODE, "-l", "M", "-s", "6", "-o", tmp.file("cccd.png"), qrText}).exitCode, 0);
    auto cccd = vanthu({"dossier", "add", code, "--component", "cccd", tmp.file("cccd.png")});
    ASSERT_EQ(cccd.exitCode, 0) << cccd.out << cccd.err;
    EXPECT_THAT(cccd.out, HasSubstr("Trần Thị Bình 001089012345"));
    auto scanned = vanthu({"dossier", "add", code, "--component", "don", "--scan"});
    ASSERT_EQ(scanned.exitCode, 0) << scanned.out << scanned.err;
    EXPECT_THAT(vanthu::test::readFile(data + "/dossiers/" + code + "/dossier.json"), HasSubstr("\"don\""));
    // dossier receipt: signed form 01, appointment across the cut-off, two holidays and a weekend.
    auto receipt = vanthu({"dossier", "receipt", code});
    ASSERT_EQ(receipt.exitCode, 0) << receipt.out << receipt.err;
    EXPECT_THAT(receipt.out, HasSubstr("2026-05-07T07:30:00+07:00"));
    const std::string pdf = data + "/dossiers/" + code + "/receipt.pdf";
    const auto sig = pdfsigHere(pdf);
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out << sig.err;
    EXPECT_THAT(sig.out, HasSubstr("Certificate Validation: Certificate is Trusted.")) << sig.out;
    EXPECT_TRUE(qpdfOk(pdf));
    const std::string text = pdfText(pdf);
    EXPECT_THAT(text, HasSubstr(code));
    EXPECT_THAT(text, HasSubstr("Trần Thị Bình"));
    // The seal (red ink) lies under "NGƯỜI TIẾP NHẬN HỒ SƠ", none under "NGƯỜI NỘP HỒ SƠ".
    const auto taker = wordBoxes(pdf, "TIẾP");
    const auto giver = wordBoxes(pdf, "NỘP");
    ASSERT_FALSE(taker.empty());
    ASSERT_FALSE(giver.empty());
    const Raster page = render72(pdf, tmp.file("page"));
    ASSERT_GT(page.width, 500);
    const Box& t = taker.back();
    const Box& g = giver.back();
    const int underTaker = page.red(t.x0 - 80, t.y1, t.x1 + 80, t.y1 + 110);
    EXPECT_GT(underTaker, 500) << "the seal is drawn over the signature block";
    EXPECT_EQ(page.red(g.x0 - 60, g.y1, g.x1 + 60, g.y1 + 110), 0) << "nothing red under the applicant's block";
    EXPECT_LT(page.red(0, t.y1 + 130, page.width, page.height), 50) << "and nowhere below it";
    // The dossier upload is in the register's outbox.
    {
        auto reg = reg::Register::open(data + "/vanthu.db");
        ASSERT_TRUE(reg) << reg.error().toString();
        auto items = reg->outboxItems(std::nullopt);
        ASSERT_TRUE(items);
        ASSERT_EQ(items->size(), 1u);
        const auto log = reg->auditLog();
        ASSERT_TRUE(log);
        EXPECT_TRUE(std::any_of(log->begin(), log->end(), [&](const reg::AuditEntry& e) {
            return e.action == "dossier.receipt" && e.subject == "dossier:" + code;
        }));
    }

    // A crash's leftover beside a live commit of another process (ours is alive).
    const std::string archive = data + "/archive";
    const std::string dead = archive + "/.pending-" + std::to_string(deadPid()) + "-0a1b2c";
    const std::string live = archive + "/.pending-" + std::to_string(::getpid()) + "-3d4e5f";
    fs::create_directories(dead);
    fs::create_directories(live);
    vanthu::test::writeFile(dead + "/original.pdf", "%PDF-1.7 half-written");

    // intake --scan on the test device (no scanner attached), fields given on the command line.
    auto intake = vanthu({"intake", "--scan", "--dpi", "100", "--yes", "--set", "number_symbol=45/BC-QUET", "--set",
                          "issuer=PHÒNG THỬ NGHIỆM QUÉT", "--set", "subject=Báo cáo quét thử nghiệm", "--set",
                          "issued_date=20/11/2026"});
    ASSERT_EQ(intake.exitCode, 0) << intake.out << intake.err;
    EXPECT_THAT(intake.out, HasSubstr("số đến 1"));
    EXPECT_FALSE(fs::exists(dead)) << "a dead process's pending folder is removed at open";
    EXPECT_TRUE(fs::exists(live)) << "a running process's pending folder is left alone";
    std::smatch m;
    ASSERT_TRUE(std::regex_search(intake.out, m, std::regex(R"((\S+/certified\.pdf))"))) << intake.out;
    const std::string certified = m[1];
    const auto csig = pdfsigHere(certified);
    EXPECT_THAT(csig.out, HasSubstr("Signature Validation: Signature is Valid.")) << csig.out << csig.err;
    EXPECT_TRUE(qpdfOk(certified));
    auto reg = reg::Register::open(data + "/vanthu.db");
    ASSERT_TRUE(reg);
    auto rec = reg->incomingByNumber(reg::IncomingBook::Regular, static_cast<int>(vntime::localDate(vntime::now()).year()), 1);
    ASSERT_TRUE(rec) << rec.error().toString();
    EXPECT_EQ(rec->meta.numberSymbol.format(), "45/BC-QUET");
    EXPECT_EQ(rec->meta.issuer, "PHÒNG THỬ NGHIỆM QUÉT");
    EXPECT_EQ(rec->channel, reg::Channel::Paper);
    const std::string meta = vanthu::test::readFile(fs::path(certified).parent_path().string() + "/meta.json");
    EXPECT_THAT(meta, HasSubstr("\"pages_scanned\": 1"));
}

// Outgoing from the SANE test device (issue #7: "from the SANE test device ... for each flow"): the
// signed paper is scanned with `vanthu issue --scan` on a fresh station. The test device's page is a
// colour pattern, not a letter: no "Số:" line, date line or signature block can be read on it, so
// the number, the date and the seal go to the documented NĐ 30 default positions (kDefault*, scaled
// to the 200 x 200 mm page the device delivers) and the CLI says so. Judged by pdfsig, qpdf, the
// renderings (ink added only at those positions) and the register, audit log and outbox.
TEST(WorkflowCli, IssueFromTheSaneTestDeviceIsNumberedAtTheDefaultPlaceSealedSignedAndQueued)
{
    TempDir home, tmp;
    const std::string data = home.file("data") + "/vanthu";
    const std::vector<std::string> env{"XDG_DATA_HOME=" + home.file("data"), "HOME=" + home.path().string(),
                                       "VANTHU_ASSETS=" + std::string(VANTHU_SHARED_DIR) + "/assets",
                                       "SANE_CONFIG_DIR="};
    auto issued = run({VANTHU_CLI, "--as", "van-thu", "issue", "--scan", "--dpi", "100", "--type", "TB", "--subject",
                       "Thông báo ban hành từ bản giấy quét", "--to", "000.00.00.T99=Sở Thử nghiệm", "--signer-image",
                       "--set", "signer_name=Nguyễn Văn Thử", "--yes"},
                      {}, env);
    ASSERT_EQ(issued.exitCode, 0) << issued.out << issued.err;
    EXPECT_THAT(issued.out, HasSubstr("Đã cấp số / Issued: 01/TB-"));
    // The default placement is announced, in both languages, for the number, the date and the seal.
    EXPECT_THAT(issued.out, HasSubstr("số ghi ở vị trí mặc định"));
    EXPECT_THAT(issued.out, HasSubstr("the number is written at the default position"));
    EXPECT_THAT(issued.out, HasSubstr("day and month are written at the default position"));
    EXPECT_THAT(issued.out, HasSubstr("the seal and signature go to the default position"));
    std::smatch m;
    ASSERT_TRUE(std::regex_search(issued.out, m, std::regex(R"((\S+)/signed\.pdf)"))) << issued.out;
    const std::string dir = m[1];
    const std::string signedPdf = dir + "/signed.pdf", numbered = dir + "/numbered.pdf", scan = dir + "/scan.pdf";
    ASSERT_TRUE(fs::exists(dir + "/original.pdf")) << "the scan as it came is archived";

    const auto sig = run({VANTHU_PDFSIG, "-nssdir", data + "/demo-pki/nssdb", signedPdf});
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out << sig.err;
    EXPECT_THAT(sig.out, HasSubstr("Certificate Validation: Certificate is Trusted.")) << sig.out;
    EXPECT_THAT(sig.out, HasSubstr("ETSI.CAdES.detached")) << "PAdES";
    EXPECT_TRUE(qpdfOk(signedPdf));
    EXPECT_TRUE(qpdfOk(numbered));

    // Where the defaults land on this page: the NĐ 30 A4 positions scaled to its size.
    constexpr double kPtPerMm = 72.0 / 25.4;
    const Raster before = render72(scan, tmp.file("scan"));
    const Raster written = render72(numbered, tmp.file("numbered"));
    const Raster sealed = render72(signedPdf, tmp.file("signed"));
    ASSERT_EQ(before.width, written.width);
    ASSERT_EQ(before.width, sealed.width);
    const double wMm = before.width / kPtPerMm, hMm = before.height / kPtPerMm;
    EXPECT_NEAR(wMm, 200, 2) << "the SANE test device's largest area is 200 x 200 mm";
    const auto at = [&](signing::MmPoint a4) { return signing::MmPoint{a4.x * wMm / 210.0, a4.y * hMm / 297.0}; };
    const auto box = [&](signing::MmPoint p, double wide, double high) {
        return std::array<double, 4>{(p.x - 2) * kPtPerMm, (p.y - high) * kPtPerMm, (p.x + wide) * kPtPerMm,
                                     (p.y + 3) * kPtPerMm};
    };
    const auto nb = box(at(kDefaultNumberAt), 12, 8), db = box(at(kDefaultDayAt), 10, 8), mb = box(at(kDefaultMonthAt), 10, 8);
    const auto diff = [&](const Raster& a, const Raster& b, const std::array<double, 4>& r) {
        return a.differing(b, r[0], r[1], r[2], r[3]);
    };
    EXPECT_GT(diff(written, before, nb), 5) << "the number is written at the default place";
    EXPECT_GT(diff(written, before, db), 5) << "the day";
    EXPECT_GT(diff(written, before, mb), 5) << "the month";
    const int everywhere = written.differing(before, 0, 0, before.width, before.height);
    EXPECT_LE(everywhere - diff(written, before, nb) - diff(written, before, db) - diff(written, before, mb), 5)
        << "nothing else on the page changed";
    // The seal and signature image: drawn around the default signer position, nowhere else but the
    // demo station's "BẢN THỬ NGHIỆM / TEST" corner line at the foot of the page.
    const auto signer = at(kDefaultSignerAt);
    const double reach = 50 * kPtPerMm, sx = signer.x * kPtPerMm, sy = signer.y * kPtPerMm;
    const int atSigner = sealed.differing(written, sx - reach, sy - reach, sx + reach, sy + reach);
    EXPECT_GT(atSigner, 500) << "the seal and signature are drawn at the default signer position";
    const double foot = before.height - 15 * kPtPerMm;
    const int elsewhere = sealed.differing(written, 0, 0, before.width, foot) -
                          sealed.differing(written, sx - reach, sy - reach, sx + reach, std::min(sy + reach, foot));
    EXPECT_LE(elsewhere, 5) << "and nowhere else above the foot line";

    // Register, audit log and the edXML package in the outbox.
    auto reg = reg::Register::open(data + "/vanthu.db");
    ASSERT_TRUE(reg) << reg.error().toString();
    auto rows = reg->listOutgoing({});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    const auto& rec = (*rows)[0];
    EXPECT_EQ(rec.number, 1);
    EXPECT_EQ(rec.meta.subject, "Thông báo ban hành từ bản giấy quét");
    EXPECT_EQ(rec.meta.signer.fullName, "Nguyễn Văn Thử");
    EXPECT_EQ(rec.meta.pageCount, 1);
    EXPECT_EQ(rec.createdBy, "van-thu");
    const std::string subject = "outgoing:" + rec.series + "/" + std::to_string(rec.year) + "/1";
    auto log = reg->auditLog();
    ASSERT_TRUE(log);
    const auto has = [&](const std::string& action, const std::string& subj) {
        return std::any_of(log->begin(), log->end(),
                           [&](const reg::AuditEntry& e) { return e.action == action && e.subject == subj; });
    };
    EXPECT_TRUE(has("outgoing.issue", subject));
    EXPECT_TRUE(has("outgoing.signed", "outgoing:" + std::to_string(rec.id)));
    auto items = reg->outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 1u);
    EXPECT_EQ((*items)[0].outgoingId, rec.id);
    EXPECT_TRUE(has("outbox.enqueue", "outbox:" + std::to_string((*items)[0].id)));
    auto pkg = reg->outboxPackage((*items)[0].id);
    ASSERT_TRUE(pkg);
    vanthu::test::writeFile(tmp.file("out.edxml"), *pkg);
    const auto lint = run({VANTHU_XMLLINT, "--noout", "--schema", std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd",
                           tmp.file("out.edxml")});
    EXPECT_EQ(lint.exitCode, 0) << lint.err;
    EXPECT_THAT(*pkg, HasSubstr("<edXML:To><edXML:OrganId>000.00.00.T99</edXML:OrganId>"));
    EXPECT_THAT(*pkg, HasSubstr("<edXML:OrganName>Sở Thử nghiệm</edXML:OrganName>"));
    EXPECT_THAT(*pkg, HasSubstr("application/pdf")) << "the signed PDF travels as the attachment";
    EXPECT_THAT(*pkg, HasSubstr((*items)[0].documentId));
}

// SANE reads SANE_CONFIG_DIR once per process, at its first use. A front-end that lists scanners
// before it asks for the default one must still get the test device when no scanner is attached:
// prepareProcess() at start makes both orders work. Run in a child process of this test binary
// (a fresh process whose SANE is not yet initialised, without the test station's SANE setting).
TEST(WorkflowStation, DefaultScannerFallsBackToTheTestDeviceAfterSaneWasUsed)
{
    if (const char* child = std::getenv("VANTHU_WF_SANE_CHILD"); child && *child) {
        StationConfig c = StationConfig::defaults();
        c.dataDir = child;
        c.databasePath = c.dataDir + "/vanthu.db";
        ASSERT_TRUE(Station::prepareProcess(c));
        // SANE used first (as the kiosk's device list does), the station set up after.
        auto devices = capture::ScannerSession::listDevices().get();
        ASSERT_TRUE(devices) << devices.error().toString();
        SetupOptions o;
        o.assetsDir = std::string(VANTHU_SHARED_DIR) + "/assets";
        auto st = Station::setup(c, o);
        ASSERT_TRUE(st) << st.error().toString();
        auto dev = (*st)->defaultScanner();
        ASSERT_TRUE(dev) << dev.error().toString();
        EXPECT_EQ(*dev, "test:0");
        auto again = (*st)->defaultScanner();
        ASSERT_TRUE(again);
        EXPECT_EQ(*again, "test:0");
        EXPECT_FALSE((*st)->useTestScanner()) << "no setenv once SANE_CONFIG_DIR is set";
        return;
    }
    TempDir dir;
    const auto r = run({"/proc/self/exe", "--gtest_filter=WorkflowStation.DefaultScannerFallsBackToTheTestDeviceAfterSaneWasUsed"},
                       {}, {"VANTHU_WF_SANE_CHILD=" + dir.file("data"), "SANE_CONFIG_DIR="});
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("[  PASSED  ] 1 test."));
    EXPECT_TRUE(fs::exists(dir.file("data") + "/sane-plus/dll.d/vanthu-test"));
}

} // namespace
} // namespace vanthu::workflow::test
