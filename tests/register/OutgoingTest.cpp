#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;

namespace {
reg::OutgoingRequest outgoing(const std::string& key, const std::string& typeAbbr, const char* when = "2026-11-20T10:00:00+07:00")
{
    reg::OutgoingRequest o;
    o.meta.type = typeAbbr.empty() ? doctype::congVan() : *doctype::byAbbreviation(typeAbbr);
    o.meta.numberSymbol.symbol = (typeAbbr.empty() ? "" : typeAbbr + "-") + "STN";
    o.meta.issuer = "SỞ THỬ NGHIỆM TỈNH MẪU";
    o.meta.subject = "Về việc triển khai phần mềm văn thư";
    o.meta.signer = {"", "GIÁM ĐỐC", "Trần Thị Bình"};
    o.issuedAt = at(when);
    o.recipients = {"UBND tỉnh", "Lưu: VT"};
    o.retainedBy = "Văn phòng";
    o.copies = 3;
    o.intakeKey = key;
    o.actor = "lan";
    return o;
}

reg::Register open(const std::string& path, bool perType)
{
    reg::OpenOptions o;
    o.numbering.perTypeSeries = perType;
    auto r = reg::Register::open(path, o);
    EXPECT_TRUE(r);
    return std::move(*r);
}
} // namespace

TEST(Outgoing, SharedSeriesNumbersAllTypesTogether)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), false);
    auto a = r.issueOutgoing(outgoing("a", "QĐ"));
    auto b = r.issueOutgoing(outgoing("b", "TB"));
    auto c = r.issueOutgoing(outgoing("c", ""));
    ASSERT_TRUE(a && b && c) << (a ? b ? c.error().toString() : b.error().toString() : a.error().toString());
    EXPECT_EQ(a->meta.numberSymbol.format(), "01/QĐ-STN");
    EXPECT_EQ(b->meta.numberSymbol.format(), "02/TB-STN");
    EXPECT_EQ(c->meta.numberSymbol.format(), "03/STN");
    EXPECT_EQ(a->series, "general");
    EXPECT_EQ(c->copies, 3);
    EXPECT_EQ(c->recipients.size(), 2u);
    EXPECT_EQ(vntime::toIsoDate(*c->meta.issuedDate), "2026-11-20");
}

TEST(Outgoing, PerTypeSeriesSecretAndCopiesAreSeparate)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), true);
    EXPECT_EQ(r.issueOutgoing(outgoing("q1", "QĐ"))->number, 1);
    EXPECT_EQ(r.issueOutgoing(outgoing("t1", "TB"))->number, 1);
    EXPECT_EQ(r.issueOutgoing(outgoing("q2", "QĐ"))->number, 2);
    auto secret = outgoing("s1", "BC");
    secret.meta.secrecy = Secrecy::Mat;
    secret.meta.numberSymbol.symbol = "BC-STN.M";
    auto s = r.issueOutgoing(secret);
    ASSERT_TRUE(s) << s.error().toString();
    EXPECT_EQ(s->series, "secret");
    EXPECT_EQ(s->number, 1);
    auto copy = r.issueOutgoing(outgoing("sy1", "SY"));
    EXPECT_EQ(copy->series, "copies");
    EXPECT_EQ(copy->meta.numberSymbol.format(), "01/SY-STN");
    EXPECT_EQ(r.issueOutgoing(outgoing("sl1", "SL"))->number, 2) << "SY, SL and TrS share one copies series";
}

TEST(Outgoing, NumberSymbolUniqueWithinTheYear)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), false);
    ASSERT_TRUE(r.issueOutgoing(outgoing("a", "QĐ")));
    // An advisory body series with the same symbol would produce 01/QĐ-STN again: refused.
    auto clash = outgoing("b", "QĐ");
    clash.series = "hoi-dong-thi-dua";
    auto res = r.issueOutgoing(clash);
    ASSERT_FALSE(res);
    EXPECT_TRUE(res.error().is(reg::Errc::DuplicateNumber));
    // With its own symbol it starts its own series at 01.
    clash.meta.numberSymbol.symbol = "QĐ-HĐTĐKT";
    EXPECT_EQ(r.issueOutgoing(clash)->number, 1);
}

TEST(Outgoing, YearRolloverAndIdempotency)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), false);
    EXPECT_EQ(r.issueOutgoing(outgoing("a", "QĐ", "2026-12-31T15:00:00+07:00"))->number, 1);
    EXPECT_EQ(r.issueOutgoing(outgoing("b", "QĐ", "2026-12-31T16:00:00+07:00"))->number, 2);
    auto jan = r.issueOutgoing(outgoing("c", "QĐ", "2027-01-04T08:00:00+07:00"));
    EXPECT_EQ(jan->number, 1);
    EXPECT_EQ(jan->year, 2027);
    auto again = r.issueOutgoing(outgoing("c", "QĐ", "2027-01-04T09:00:00+07:00"));
    EXPECT_EQ(again->id, jan->id);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(r.listOutgoing({})->size(), 3u);
}

TEST(Outgoing, RefusesMissingSymbolOrCopies)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), false);
    auto noSymbol = outgoing("a", "QĐ");
    noSymbol.meta.numberSymbol.symbol.clear();
    EXPECT_TRUE(r.issueOutgoing(noSymbol).error().is(reg::Errc::InvalidInput));
    auto zero = outgoing("b", "QĐ");
    zero.copies = 0;
    EXPECT_TRUE(r.issueOutgoing(zero).error().is(reg::Errc::InvalidInput));
    EXPECT_TRUE(r.listOutgoing({})->empty());
}

// Outputs made before the write transaction carry the number the register gives next: the preview
// is the record as it will be stored, and a number another registration took meanwhile is refused
// (NumberTaken) with nothing written, in both books.
TEST(Outgoing, ExpectedNumberIsCheckedInTheTransactionAndPreviewMatchesTheRecord)
{
    TempDir dir;
    auto r = open(dir.file("v.db"), false);
    auto first = outgoing("k1", "QĐ");
    first.meta.subject = "  Về việc   thử nghiệm  ";
    auto preview = r.previewOutgoing(first);
    ASSERT_TRUE(preview) << preview.error().toString();
    EXPECT_EQ(preview->number, 1);
    EXPECT_EQ(preview->id, 0);
    // Another registration takes number 1 while our outputs are being made.
    ASSERT_TRUE(r.issueOutgoing(outgoing("other", "TB")));
    first.expectedNumber = preview->number;
    const size_t audits = r.auditLog()->size();
    auto taken = r.issueOutgoing(first);
    ASSERT_FALSE(taken);
    EXPECT_TRUE(taken.error().is(reg::Errc::NumberTaken)) << taken.error().toString();
    EXPECT_EQ(r.listOutgoing({})->size(), 1u);
    EXPECT_EQ(r.auditLog()->size(), audits) << "nothing written";
    auto again = r.previewOutgoing(first);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->number, 2);
    first.expectedNumber = again->number;
    auto issued = r.issueOutgoing(first);
    ASSERT_TRUE(issued) << issued.error().toString();
    EXPECT_EQ(issued->number, 2);
    EXPECT_EQ(issued->meta.numberSymbol.format(), again->meta.numberSymbol.format());
    EXPECT_EQ(issued->meta.subject, again->meta.subject);
    EXPECT_EQ(issued->meta.issuedDate, again->meta.issuedDate);
    EXPECT_EQ(issued->series, again->series);
    EXPECT_EQ(r.outgoingByKey("k1")->id, issued->id);
    EXPECT_TRUE(r.outgoingByKey("nope").error().is(reg::Errc::NotFound));

    auto in = incomingRequest("in-1", sampleMeta(5));
    auto inPreview = r.previewIncoming(in);
    ASSERT_TRUE(inPreview);
    EXPECT_EQ(inPreview->arrivalNumber, 1);
    ASSERT_TRUE(r.registerIncoming(incomingRequest("in-other", sampleMeta(6))));
    in.expectedNumber = inPreview->arrivalNumber;
    auto inTaken = r.registerIncoming(in);
    ASSERT_FALSE(inTaken);
    EXPECT_TRUE(inTaken.error().is(reg::Errc::NumberTaken));
    in.expectedNumber = 2;
    auto inDone = r.registerIncoming(in);
    ASSERT_TRUE(inDone) << inDone.error().toString();
    EXPECT_EQ(inDone->arrivalNumber, 2);
    EXPECT_EQ(r.incomingByKey("in-1")->arrivalNumber, 2);
    // A retry of a registered intake is its record, whatever number it expected.
    auto retried = r.registerIncoming(in);
    ASSERT_TRUE(retried);
    EXPECT_FALSE(retried->created);
}
