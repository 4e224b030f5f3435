// Outgoing from a paper scan (issue #7 item 2): the rendered page of a signed paper document (a
// corpus page, no text layer) is read, numbered and dated at positions from the lines the OCR read,
// sealed over the signer region the OCR found and signed with the agency key. Judged by pdfsig,
// qpdf --check and renderings: the number/date change only pixels near the read lines, and the
// seal's red ink lies over the signature block.
#include "WorkflowFixtures.h"

#include "vanthu/register/Register.h"
#include "vanthu/workflow/Outgoing.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <array>
#include <filesystem>

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

constexpr double kPtPerMm = 72.0 / 25.4;

TEST(WorkflowOutgoing, PaperScanIsNumberedDatedSealedOverTheReadSignerAndSigned)
{
    OutgoingFlow flow(station(), "test-clerk");
    IssueRequest rq;
    rq.file = shared("corpus/dev/pages/DEV-004_p1.png");   // Quyết định, signer on page 1, 300 dpi
    rq.typeAbbreviation = "QĐ";
    rq.subject = "Về việc thử nghiệm ban hành từ bản giấy";
    uplink::Organization to;
    to.organId = station().config().agency.code;
    to.organName = station().config().agency.name;
    rq.to = {to};
    rq.date = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{26}};
    auto d = flow.prepare(rq);
    ASSERT_TRUE(d) << d.error().toString();
    EXPECT_FALSE(d->bornDigital);
    ASSERT_TRUE(d->signerAt) << "the OCR found the signature block";
    EXPECT_EQ(d->signerPage, 0);
    // The signature block of an NĐ 30 document: lower right half of the page.
    EXPECT_GT(d->signerAt->x, 105);
    EXPECT_GT(d->signerAt->y, 148);
    ASSERT_TRUE(d->request.numberAt) << "number position from the read number line";
    ASSERT_TRUE(d->request.dayAt);
    ASSERT_TRUE(d->request.monthAt);
    EXPECT_LT(d->request.numberAt->y, 100) << "the number line is in the header";

    auto r = flow.issue(*d);
    ASSERT_TRUE(r) << r.error().toString();
    const auto sig = pdfsig(r->signedPath);
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out << sig.err;
    EXPECT_TRUE(qpdfOk(r->signedPath));
    EXPECT_TRUE(qpdfOk(r->numberedPath));
    EXPECT_EQ(r->record.number, r->record.meta.numberSymbol.number.value_or(0));
    EXPECT_EQ(r->record.meta.numberSymbol.symbol.substr(0, 4), "QĐ-");

    TempDir tmp;
    const std::string scan = r->archiveDir + "/scan.pdf";
    ASSERT_TRUE(fs::exists(scan));
    const Raster before = render72(scan, tmp.file("scan"));
    const Raster numbered = render72(r->numberedPath, tmp.file("numbered"));
    const Raster sealed = render72(r->signedPath, tmp.file("signed"));
    ASSERT_EQ(before.width, numbered.width);
    // Number and date: ink added near the read lines, nowhere else.
    auto near = [&](const signing::MmPoint& p, double wMm, double hMm) {
        return std::array<double, 4>{(p.x - 2) * kPtPerMm, (p.y - hMm) * kPtPerMm, (p.x + wMm) * kPtPerMm,
                                     (p.y + 3) * kPtPerMm};
    };
    const auto nb = near(*d->request.numberAt, 15, 8), db = near(*d->request.dayAt, 10, 8),
               mb = near(*d->request.monthAt, 10, 8);
    EXPECT_GT(numbered.differing(before, nb[0], nb[1], nb[2], nb[3]), 5) << "the number is written";
    EXPECT_GT(numbered.differing(before, db[0], db[1], db[2], db[3]), 5) << "the day is written";
    EXPECT_GT(numbered.differing(before, mb[0], mb[1], mb[2], mb[3]), 5) << "the month is written";
    const int everywhere = numbered.differing(before, 0, 0, before.width, before.height);
    const int inBoxes = numbered.differing(before, nb[0], nb[1], nb[2], nb[3]) +
                        numbered.differing(before, db[0], db[1], db[2], db[3]) +
                        numbered.differing(before, mb[0], mb[1], mb[2], mb[3]);
    EXPECT_LE(everywhere - inBoxes, 5) << "nothing else on the page changed";
    // The seal: red ink around the signer's position read by the OCR, none elsewhere (the scan is grey).
    EXPECT_EQ(before.red(0, 0, before.width, before.height), 0);
    const double sx = d->signerAt->x * kPtPerMm, sy = d->signerAt->y * kPtPerMm, reach = 50 * kPtPerMm;   // the seal sits left of the signer centre (NĐ 30: over its left third)
    const int atSigner = sealed.red(sx - reach, sy - reach, sx + reach, sy + reach);
    EXPECT_GT(atSigner, 500) << "the seal lies over the signature block";
    EXPECT_LT(sealed.red(0, 0, sealed.width, sealed.height) - atSigner, 50) << "and nowhere else";
    EXPECT_EQ(numbered.red(0, 0, numbered.width, numbered.height), 0) << "no red before the signature";
    // Registered and queued.
    auto reg = reg::Register::open(station().paths().database);
    ASSERT_TRUE(reg);
    auto rec = reg->outgoing(r->record.id);
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->meta.subject, rq.subject);
    ASSERT_TRUE(r->outbox);
}

} // namespace
} // namespace vanthu::workflow::test
