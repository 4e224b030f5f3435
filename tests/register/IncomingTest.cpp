#include "Fixtures.h"
#include "TestSupport.h"

#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <map>

using namespace vanthu;
using namespace vanthu::test;

namespace {
reg::Register openAt(const std::string& path)
{
    auto r = reg::Register::open(path);
    EXPECT_TRUE(r) << (r ? "" : r.error().toString());
    return std::move(*r);
}
} // namespace

TEST(Incoming, NumbersAreConsecutiveFromOne)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    for (int i = 1; i <= 5; ++i) {
        auto rec = r.registerIncoming(incomingRequest("k" + std::to_string(i), sampleMeta(100 + i)));
        ASSERT_TRUE(rec) << rec.error().toString();
        EXPECT_EQ(rec->arrivalNumber, i);
        EXPECT_EQ(rec->year, 2026);
        EXPECT_EQ(rec->book, reg::IncomingBook::Regular);
        EXPECT_TRUE(rec->created);
    }
    auto rows = r.listIncoming({});
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 5u);
    EXPECT_EQ(rows->back().meta.numberSymbol.format(), "105/QĐ-STC");
    EXPECT_EQ(rows->back().meta.signer.fullName, "Nguyễn Văn An");
    EXPECT_EQ(rows->back().meta.recipients.size(), 3u);
    EXPECT_EQ(vntime::toIso8601(rows->back().arrivalTime), "2026-11-20T09:15:00+07:00");
}

TEST(Incoming, SameIntakeKeyNeverTakesASecondNumber)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    auto first = r.registerIncoming(incomingRequest("scan-job-42", sampleMeta(7)));
    auto again = r.registerIncoming(incomingRequest("scan-job-42", sampleMeta(7)));
    ASSERT_TRUE(first && again);
    EXPECT_EQ(first->arrivalNumber, again->arrivalNumber);
    EXPECT_EQ(first->id, again->id);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(r.listIncoming({})->size(), 1u);
}

TEST(Incoming, YearRolloverRestartsAtOne)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    for (int i = 0; i < 3; ++i)
        ASSERT_TRUE(r.registerIncoming(incomingRequest("a" + std::to_string(i), sampleMeta(i + 1), "2026-12-31T16:00:00+07:00")));
    // 23:30 UTC on 31 Dec is 06:30 on 1 Jan in Vietnam: the Vietnam year decides.
    auto jan = r.registerIncoming(incomingRequest("b0", sampleMeta(50), "2026-12-31T23:30:00Z"));
    ASSERT_TRUE(jan);
    EXPECT_EQ(jan->year, 2027);
    EXPECT_EQ(jan->arrivalNumber, 1);
    auto jan2 = r.registerIncoming(incomingRequest("b1", sampleMeta(51), "2027-01-04T08:00:00+07:00"));
    EXPECT_EQ(jan2->arrivalNumber, 2);
    reg::ListFilter f;
    f.year = 2026;
    EXPECT_EQ(r.listIncoming(f)->size(), 3u);
}

TEST(Incoming, SecretDocumentsHaveTheirOwnBook)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    ASSERT_TRUE(r.registerIncoming(incomingRequest("n1", sampleMeta(1))));
    DocumentMeta secret = sampleMeta(2);
    secret.secrecy = Secrecy::Mat;
    auto s = r.registerIncoming(incomingRequest("s1", secret));
    ASSERT_TRUE(s);
    EXPECT_EQ(s->book, reg::IncomingBook::Secret);
    EXPECT_EQ(s->arrivalNumber, 1);
    auto n2 = r.registerIncoming(incomingRequest("n2", sampleMeta(3)));
    EXPECT_EQ(n2->arrivalNumber, 2) << "the secret book does not consume regular numbers";
    reg::ListFilter f;
    f.book = reg::IncomingBook::Secret;
    EXPECT_EQ(r.listIncoming(f)->size(), 1u);
    // The audit log names the secret record but not its content.
    auto log = r.auditLog();
    ASSERT_TRUE(log);
    for (const auto& e : *log) {
        if (e.subject.starts_with("incoming:secret")) {
            EXPECT_EQ(e.detail.find("SỞ TÀI CHÍNH"), std::string::npos);
        }
    }
}

TEST(Incoming, FindsDuplicatesByDocumentIdOrNumberSymbolIssuer)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    auto req = incomingRequest("e1", sampleMeta(220));
    req.channel = reg::Channel::Electronic;
    req.documentId = "000.00.31.H36,2026/11/19,220/QĐ-STC";
    ASSERT_TRUE(r.registerIncoming(req));

    // The paper copy, read with different case and spacing, matches on (số, ký hiệu, issuer).
    DocumentMeta paper = sampleMeta(220, "QĐ-STC", "Sở  Tài Chính");
    auto dups = r.findDuplicates(paper, "");
    ASSERT_TRUE(dups);
    ASSERT_EQ(dups->size(), 1u);
    EXPECT_EQ(dups->front().reason, reg::DuplicateMatch::Reason::SameNumberSymbolIssuer);
    EXPECT_EQ(dups->front().arrivalNumber, 1);

    auto byId = r.findDuplicates(sampleMeta(999), "000.00.31.H36,2026/11/19,220/QĐ-STC");
    ASSERT_EQ(byId->size(), 1u);
    EXPECT_EQ(byId->front().reason, reg::DuplicateMatch::Reason::SameDocumentId);

    // Another issuer with the same number is a different document; so is a blank number.
    EXPECT_TRUE(r.findDuplicates(sampleMeta(220, "QĐ-STC", "SỞ TƯ PHÁP"), "")->empty());
    DocumentMeta blank = sampleMeta(220);
    blank.numberSymbol.number.reset();
    EXPECT_TRUE(r.findDuplicates(blank, "")->empty());
}

TEST(Incoming, RejectsIncompleteRequestsAndClosedYears)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    auto noKey = incomingRequest("", sampleMeta(1));
    EXPECT_TRUE(r.registerIncoming(noKey).error().is(reg::Errc::InvalidInput));
    auto noIssuer = incomingRequest("x", sampleMeta(1, "QĐ-STC", "  "));
    EXPECT_TRUE(r.registerIncoming(noIssuer).error().is(reg::Errc::InvalidInput));
    ASSERT_TRUE(r.closeYear(2025, "admin"));
    auto late = r.registerIncoming(incomingRequest("old", sampleMeta(1), "2025-12-30T09:00:00+07:00"));
    ASSERT_FALSE(late);
    EXPECT_TRUE(late.error().is(reg::Errc::YearClosed));
    EXPECT_TRUE(r.listIncoming({})->empty());
}

TEST(Incoming, SearchIsDiacriticInsensitive)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    ASSERT_TRUE(r.registerIncoming(incomingRequest("a", sampleMeta(1))));
    auto other = sampleMeta(2, "TB-SNV", "SỞ NỘI VỤ");
    other.subject = "Thông báo lịch trực Tết Nguyên đán";
    ASSERT_TRUE(r.registerIncoming(incomingRequest("b", other)));
    reg::ListFilter f;
    f.search = "chuyen doi so";
    auto hits = r.listIncoming(f);
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_EQ(hits->front().meta.issuer, "SỞ TÀI CHÍNH");
    f.search = "NỘI VỤ";
    EXPECT_EQ(r.listIncoming(f)->size(), 1u);
    f.search = "100%"; // LIKE wildcards are escaped
    EXPECT_TRUE(r.listIncoming(f)->empty());
}

TEST(Incoming, ConcurrentProcessesGetUniqueGaplessNumbers)
{
    TempDir dir;
    const std::string path = dir.file("v.db");
    { auto r = openAt(path); }
    constexpr int kProcs = 4, kEach = 40;
    std::vector<pid_t> kids;
    for (int p = 0; p < kProcs; ++p) {
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            auto r = reg::Register::open(path);
            if (!r)
                _exit(2);
            for (int i = 0; i < kEach; ++i) {
                auto rec = r->registerIncoming(
                    incomingRequest("p" + std::to_string(p) + "-" + std::to_string(i), sampleMeta(p * 1000 + i)));
                if (!rec)
                    _exit(3);
            }
            _exit(0);
        }
        kids.push_back(pid);
    }
    for (pid_t k : kids) {
        int status = 0;
        waitpid(k, &status, 0);
        ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    auto r = openAt(path);
    auto rows = r.listIncoming({});
    ASSERT_EQ(rows->size(), size_t(kProcs * kEach));
    for (size_t i = 0; i < rows->size(); ++i)
        EXPECT_EQ((*rows)[i].arrivalNumber, int(i + 1));
    // Each process saw its own documents numbered in the order it registered them.
    std::map<std::string, int> lastByProc;
    for (const auto& x : *rows) {
        const std::string proc = x.intakeKey.substr(0, x.intakeKey.find('-'));
        const int seq = std::stoi(x.intakeKey.substr(x.intakeKey.find('-') + 1));
        EXPECT_GT(seq, lastByProc.count(proc) ? lastByProc[proc] : -1);
        lastByProc[proc] = seq;
    }
    EXPECT_TRUE(r.verifyAudit()->intact);
}
