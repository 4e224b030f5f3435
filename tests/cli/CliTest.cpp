// Drives the real `vanthu` binary as a clerk or an administrator would.

#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu::test;

namespace {

class Cli : public ::testing::Test {
protected:
    ProcessResult vanthu(std::vector<std::string> args, const std::string& input = {})
    {
        args.insert(args.begin(), {VANTHU_CLI, "--db", dir.file("v.db"), "--as", "lan"});
        return run(args, input, {"XDG_DATA_HOME=" + dir.file("data"), "VANTHU_CONFIG="});
    }
    TempDir dir;
};

} // namespace

TEST_F(Cli, HelpAndUsageErrors)
{
    auto help = run({VANTHU_CLI, "--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("register incoming"), std::string::npos);
    EXPECT_EQ(run({VANTHU_CLI}).exitCode, 2);
    EXPECT_EQ(vanthu({"frobnicate"}).exitCode, 2);
    EXPECT_EQ(vanthu({"register", "list", "--bogus"}).exitCode, 2);
}

TEST_F(Cli, RegisterIncomingListShowAndDuplicateWarning)
{
    const std::vector<std::string> doc = {"register", "incoming", "--received", "2026-11-20T17:45:00+07:00",
                                          "--set", "number_symbol=220/QĐ-STC", "--set", "issuer=SỞ TÀI CHÍNH",
                                          "--set", "issued_date=2026-11-19", "--set", "subject=V/v kiểm tra",
                                          "--json"};
    auto first = vanthu(doc);
    ASSERT_EQ(first.exitCode, 0) << first.err;
    EXPECT_NE(first.out.find("\"arrival_number\":1"), std::string::npos);
    // Friday 17:45 is after hours: it counts as received Monday 07:30.
    EXPECT_NE(first.out.find("\"arrival_time\":\"2026-11-23T07:30:00+07:00\""), std::string::npos) << first.out;

    // The very same command again is the same intake: no second number.
    auto retry = vanthu(doc);
    EXPECT_EQ(retry.exitCode, 0) << retry.err;
    EXPECT_NE(retry.out.find("\"arrival_number\":1"), std::string::npos);

    // The same document received again later is a probable duplicate: refused with exit 5.
    auto dup = vanthu({"register", "incoming", "--received", "2026-11-24T08:00", "--set", "number_symbol=220/QĐ-STC",
                       "--set", "issuer=Sở Tài Chính"});
    EXPECT_EQ(dup.exitCode, 5) << dup.out << dup.err;
    EXPECT_NE(dup.err.find("already registered"), std::string::npos);

    auto list = vanthu({"register", "list", "--year", "2026"});
    EXPECT_EQ(list.exitCode, 0);
    EXPECT_NE(list.out.find("220/QĐ-STC"), std::string::npos);
    auto show = vanthu({"register", "show", "1"});
    EXPECT_EQ(show.exitCode, 0);
    EXPECT_NE(show.out.find("SỞ TÀI CHÍNH"), std::string::npos);
    EXPECT_EQ(vanthu({"register", "show", "42"}).exitCode, 4);
    auto bad = vanthu({"register", "incoming", "--set", "number_symbol=garbage"});
    EXPECT_EQ(bad.exitCode, 3);
    EXPECT_NE(bad.err.find("Lỗi:"), std::string::npos);
    EXPECT_NE(bad.err.find("Error:"), std::string::npos);
}

TEST_F(Cli, OutgoingPrintAuditAndBackup)
{
    auto out = vanthu({"register", "outgoing", "--issued", "2026-11-20T10:00", "--set", "type=QĐ", "--set",
                       "subject=Về việc ban hành quy chế", "--set", "signer_name=Trần Thị Bình"});
    ASSERT_EQ(out.exitCode, 0) << out.err;
    EXPECT_NE(out.out.find("01/QĐ-STN"), std::string::npos) << out.out;
    EXPECT_NE(out.out.find("ngày 20 tháng 11 năm 2026"), std::string::npos);

    auto pdf = vanthu({"register", "print", "--book", "outgoing", "--year", "2026", "--out", dir.file("so-di.pdf")});
    ASSERT_EQ(pdf.exitCode, 0) << pdf.err;
    EXPECT_EQ(run({VANTHU_QPDF, "--check", dir.file("so-di.pdf")}).exitCode, 0);

    auto verify = vanthu({"audit", "verify"});
    EXPECT_EQ(verify.exitCode, 0) << verify.out << verify.err;
    run({VANTHU_SQLITE3, dir.file("v.db"), "DROP TRIGGER audit_no_update; UPDATE audit SET actor='x' WHERE seq=1;"});
    auto tampered = vanthu({"audit", "verify"});
    EXPECT_EQ(tampered.exitCode, 10);
    EXPECT_NE(tampered.out.find("entry 1"), std::string::npos);

    // The backup copies what is there; restoring it refuses the broken audit chain.
    EXPECT_EQ(vanthu({"backup", dir.file("b.db")}).exitCode, 0);
    auto restore = vanthu({"restore", dir.file("b.db")});
    EXPECT_EQ(restore.exitCode, 7);
    EXPECT_NE(restore.err.find("audit"), std::string::npos) << restore.err;
}

TEST_F(Cli, UsersAndLockout)
{
    ASSERT_EQ(vanthu({"user", "add", "lan", "--full-name", "Nguyễn Thị Lan", "--role", "van-thu", "--password-stdin"},
                     "mat-khau-rat-dai\n")
                  .exitCode,
              0);
    EXPECT_EQ(vanthu({"user", "login", "lan", "--password-stdin"}, "mat-khau-rat-dai\n").exitCode, 0);
    for (int i = 0; i < 4; ++i)
        EXPECT_EQ(vanthu({"user", "login", "lan", "--password-stdin"}, "sai\n").exitCode, 6);
    auto locked = vanthu({"user", "login", "lan", "--password-stdin"}, "sai\n");
    EXPECT_EQ(locked.exitCode, 6);
    EXPECT_NE(locked.err.find("bị khóa"), std::string::npos) << locked.err;
    auto list = vanthu({"user", "list"});
    EXPECT_NE(list.out.find("locked"), std::string::npos);
}

TEST_F(Cli, CalendarCommands)
{
    auto next = vanthu({"calendar", "next-working", "2026-11-20T17:45"});
    EXPECT_EQ(next.out, "2026-11-23T07:30:00+07:00\n");
    auto tet = vanthu({"calendar", "is-working", "2026-02-17"});
    EXPECT_NE(tet.out.find("day off"), std::string::npos);
    EXPECT_NE(tet.out.find("Tết"), std::string::npos);
    auto appt = vanthu({"calendar", "add-days", "2026-11-20T15:30", "3", "--one-stop"});
    EXPECT_EQ(appt.out, "2026-11-26T07:30:00+07:00\n") << "after 15:00 Friday the clock starts Monday 07:30";
    EXPECT_EQ(vanthu({"calendar", "is-working", "2099-01-05"}).exitCode, 3);
}

// `vanthu eval` on one corpus document: read at the scan's own resolution (200 dpi) or as the
// station's import renders files (--dpi 300); the table and the JSON say what was read.
TEST_F(Cli, EvalReadsACorpusDocumentAtItsOwnOrTheGivenResolution)
{
    const std::string corpus = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";
    for (const std::string dpi : {"", "300"}) {
        std::vector<std::string> args{"eval", corpus, "--only", "DEV-001", "--json", dir.file("eval.json")};
        if (!dpi.empty())
            args.insert(args.end(), {"--dpi", dpi});
        auto r = vanthu(args);
        ASSERT_EQ(r.exitCode, 0) << r.err;
        EXPECT_NE(r.err.find(dpi.empty() ? "(200 dpi)" : "(300 dpi)"), std::string::npos) << r.err;
        EXPECT_NE(r.out.find("| number_symbol | 1 | 1 | 100.0 |"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("| date | 1 | 1 | 100.0 |"), std::string::npos) << r.out;
        const std::string json = readFile(dir.file("eval.json"));
        EXPECT_NE(json.find("\"documents\": 1"), std::string::npos) << json.substr(0, 400);
        EXPECT_NE(json.find("\"truth\": \"88/TTT-NV2\""), std::string::npos);
        // The signer and "Nơi nhận" as the station reads them, placed by the full text.
        EXPECT_NE(r.out.find("| recipients | 1 | 1 | 100.0 |"), std::string::npos) << r.out;
        EXPECT_NE(r.out.find("| signer_name | 1 | 1 | 100.0 |"), std::string::npos) << r.out;
    }
    // Every field as regions, without the full text (the former order): the same fields.
    auto regions = vanthu({"eval", corpus, "--only", "DEV-001", "--no-full-text"});
    ASSERT_EQ(regions.exitCode, 0) << regions.err;
    EXPECT_NE(regions.out.find("| recipients | 1 | 1 | 100.0 |"), std::string::npos) << regions.out;
    EXPECT_EQ(vanthu({"eval", corpus, "--bogus"}).exitCode, 2);
}
