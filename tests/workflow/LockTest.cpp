// Stamping and signing happen outside the register's write transaction (issue #7, last session's
// open point): while a document is being signed another writer gets the lock at once, and when that
// writer takes the number the outputs were being made for, the flow makes them again for the next
// number — the register, the PDF and the package always agree, with no gap and no duplicate.
#include "WorkflowFixtures.h"

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Outgoing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace vanthu::workflow::test {
namespace {

using ::testing::HasSubstr;

// Another process's connection: it gives up after 200 ms if the write lock is held.
reg::Register impatient()
{
    reg::OpenOptions o;
    o.busyTimeoutMs = 200;
    auto r = reg::Register::open(station().paths().database, o);
    EXPECT_TRUE(r) << r.error().toString();
    return std::move(*r);
}

uplink::Organization us()
{
    uplink::Organization o;
    o.organId = station().config().agency.code;
    o.organName = station().config().agency.name;
    return o;
}

std::string twoDigits(int n) { return n < 10 ? "0" + std::to_string(n) : std::to_string(n); }

TEST(WorkflowLock, OutgoingSigningHoldsNoWriteLockAndANumberTakenMeanwhileIsMadeAgain)
{
    TempDir tmp;
    OutgoingFlow flow(station(), "test-clerk");
    IssueRequest rq;
    rq.file = makeBlankOriginal(tmp.file("tb.pdf"), "Về việc thử nghiệm khóa ghi khi ký");
    rq.typeAbbreviation = "TB";
    rq.subject = "Về việc thử nghiệm khóa ghi khi ký";
    rq.to = {us()};
    rq.date = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{25}};
    auto d = flow.prepare(rq);
    ASSERT_TRUE(d) << d.error().toString();

    int signs = 0, taken = 0;
    std::string lockProblem;
    auto progress = [&](const Progress& p) {
        if (p.step != Step::Sign || ++signs > 1)
            return;
        auto other = impatient();
        // The lock is free while this document is signed: another writer registers at once ...
        reg::IncomingRequest in;
        in.meta.numberSymbol = *parseNumberSymbol("5/CV-KHOA");
        in.meta.issuer = "Sở Khóa thử";
        in.meta.subject = "Công văn đến trong lúc ký";
        in.receivedAt = *vntime::parseIso8601("2026-11-25T09:00:00+07:00");
        in.arrivalTime = in.receivedAt;
        in.intakeKey = "wf-lock-in";
        in.actor = "other-station";
        if (auto r = other.registerIncoming(in); !r)
            lockProblem = r.error().toString();
        // ... and issues a document of the same series: it takes the number being written in here.
        reg::OutgoingRequest o;
        o.meta.type = *doctype::byAbbreviation("TB");
        o.meta.numberSymbol.symbol = "TB-CHEN";
        o.meta.issuer = station().config().agency.name;
        o.meta.subject = "Thông báo chen ngang";
        o.issuedAt = *vntime::parseIso8601("2026-11-25T09:00:00+07:00");
        o.intakeKey = "wf-lock-out";
        o.actor = "other-station";
        if (auto r = other.issueOutgoing(o))
            taken = r->number;
        else
            lockProblem += r.error().toString();
    };
    auto r = flow.issue(*d, std::nullopt, progress);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(lockProblem, "") << "another writer was locked out while the document was signed";
    ASSERT_GT(taken, 0);
    EXPECT_EQ(signs, 2) << "the outputs were made again for the next number";
    EXPECT_EQ(r->record.number, taken + 1);
    // The register, the signed PDF and the package agree on that number.
    const auto sig = pdfsig(r->signedPath);
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out;
    EXPECT_TRUE(qpdfOk(r->signedPath));
    EXPECT_THAT(pdfText(r->numberedPath), HasSubstr("Số: " + twoDigits(r->record.number) + " /"));
    ASSERT_TRUE(r->outbox);
    auto reg = reg::Register::open(station().paths().database);
    ASSERT_TRUE(reg);
    auto pkg = reg->outboxPackage(r->outbox->id);
    ASSERT_TRUE(pkg);
    auto parsed = uplink::parsePackage(*pkg, station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(parsed->document.codeNumber, twoDigits(r->record.number));
    EXPECT_EQ(parsed->document.documentId, r->outbox->documentId);
    EXPECT_EQ(r->documentId, r->outbox->documentId);
}

TEST(WorkflowLock, IncomingStampingHoldsNoWriteLockAndANumberTakenMeanwhileIsMadeAgain)
{
    TempDir tmp;
    IncomingFlow flow(station(), "test-clerk");
    IntakeSource src;
    src.kind = IntakeSource::Kind::Files;
    src.files = {makeBlankOriginal(tmp.file("cv.pdf"), "Về việc thử nghiệm khóa ghi khi đóng dấu")};
    auto drafts = flow.capture(src);
    ASSERT_TRUE(drafts) << drafts.error().toString();
    ASSERT_EQ(drafts->size(), 1u);
    IncomingDraft d = (*drafts)[0];
    ASSERT_TRUE(applyCorrection(d, "number_symbol=31/CV-DONGDAU"));
    ASSERT_TRUE(applyCorrection(d, "issuer", "SỞ ĐÓNG DẤU THỬ"));
    ASSERT_TRUE(applyCorrection(d, "subject", "Về việc thử nghiệm khóa ghi khi đóng dấu"));
    ASSERT_TRUE(applyCorrection(d, "issued_date", "20/11/2026"));

    int stamps = 0, taken = 0;
    std::string lockProblem;
    auto progress = [&](const Progress& p) {
        if (p.step != Step::Stamp || ++stamps > 1)
            return;
        auto other = impatient();
        reg::IncomingRequest in;
        in.meta.numberSymbol = *parseNumberSymbol("6/CV-CHEN");
        in.meta.issuer = "Sở Chen ngang";
        in.meta.subject = "Công văn đến chen ngang";
        in.receivedAt = vntime::now();
        in.arrivalTime = in.receivedAt;
        in.intakeKey = "wf-lock-in-2";
        in.actor = "other-station";
        if (auto r = other.registerIncoming(in))
            taken = r->arrivalNumber;
        else
            lockProblem = r.error().toString();
    };
    CommitOptions co;
    auto r = flow.commit(d, co, progress);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(lockProblem, "");
    ASSERT_GT(taken, 0);
    EXPECT_EQ(stamps, 2) << "stamped again for the next number";
    EXPECT_EQ(r->record.arrivalNumber, taken + 1);
    const auto sig = pdfsig(r->certifiedPath);
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out;
    EXPECT_TRUE(qpdfOk(r->certifiedPath));
    ASSERT_TRUE(r->outbox);
    auto reg = reg::Register::open(station().paths().database);
    ASSERT_TRUE(reg);
    auto parsed = uplink::parsePackage(*reg->outboxPackage(r->outbox->id), station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_THAT(parsed->document.content, HasSubstr("Văn bản đến số " + std::to_string(r->record.arrivalNumber) + ","));
}

} // namespace
} // namespace vanthu::workflow::test
