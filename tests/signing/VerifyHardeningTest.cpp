// Verification against crafted, hostile PDFs: a malformed /ByteRange, a signature dictionary
// replaced after signing, a backdated /M on an expired certificate, revocation addresses of an
// untrusted certificate, and a stale CRL.

#include "SigningFixtures.h"

#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"

#include <gtest/gtest.h>

#include <podofo/podofo.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>

namespace vanthu::signing {
namespace {

using test::pki;
using vanthu::test::TempDir;

const std::string kOnePage = "corpus/dev/clean/DEV-001.pdf";

SignRequest signRequest(const std::string& out, const std::string& p12)
{
    SignRequest r;
    r.input = test::sharedFile(kOnePage);
    r.output = out;
    r.key = Pkcs12Key{p12, pki().password};
    return r;
}

VerifyOptions trustRoot()
{
    VerifyOptions o;
    o.trustAnchors = {pki().rootCert};
    o.networkTimeout = std::chrono::milliseconds(1500);
    return o;
}

TEST(SigningVerifyTest, ByteRangeWithoutFourEntriesIsAnInvalidSignature)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf"), bad = tmp.file("three.pdf");
    ASSERT_TRUE(signPdf(signRequest(out, pki().agencyP12)));
    std::string bytes = vanthu::test::readFile(out);
    const auto key = bytes.rfind("/ByteRange");
    ASSERT_NE(key, std::string::npos);
    const auto open = bytes.find('[', key), close = bytes.find(']', key);
    ASSERT_TRUE(open != std::string::npos && close != std::string::npos && open < close);
    // Same length, so every offset of the file stays right: "[0 <a> <b>]" padded with spaces.
    auto raw = test::rawSignatures(out);
    ASSERT_EQ(raw.size(), 1u);
    std::string three = "0 " + std::to_string(raw[0].br[1]) + " " + std::to_string(raw[0].br[2]);
    ASSERT_LE(three.size(), close - open - 1);
    three.resize(close - open - 1, ' ');
    bytes.replace(open + 1, three.size(), three);
    vanthu::test::writeFile(bad, bytes);

    auto reports = verifyPdf(bad, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();   // not "no signatures"
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_FALSE((*reports)[0].byteRangeValid);
    EXPECT_FALSE((*reports)[0].valid());
    EXPECT_NE(describe((*reports)[0]).find("NỘI DUNG ĐÃ BỊ SỬA"), std::string::npos) << describe((*reports)[0]);
}

TEST(SigningVerifyTest, SignatureDictionaryReplacedAfterSigningIsInvalid)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf"), changed = tmp.file("changed.pdf");
    ASSERT_TRUE(signPdf(signRequest(out, pki().agencyP12)));
    {
        // An attacker's incremental update: the same dictionary (same /Contents, same /ByteRange,
        // so the signed bytes stay intact) with another /M and /Reason.
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfError::EnableLogging(false);
        PoDoFo::PdfMemDocument doc;
        doc.Load(out.c_str(), true);
        PoDoFo::PdfObject* fields = doc.GetAcroForm(false)->GetObject()->GetIndirectKey("Fields");
        ASSERT_TRUE(fields && fields->IsArray() && !fields->GetArray().empty());
        PoDoFo::PdfObject* field = doc.GetObjects().GetObject(fields->GetArray()[0].GetReference());
        PoDoFo::PdfObject* v = field->GetIndirectKey("V");
        ASSERT_TRUE(v && v->IsDictionary());
        v->GetDictionary().AddKey("M", PoDoFo::PdfString("D:20200101000000Z"));
        v->GetDictionary().AddKey("Reason", PoDoFo::PdfString("forged"));
        doc.WriteUpdate(changed.c_str());
    }
    ASSERT_GT(vanthu::test::readFile(changed).size(), vanthu::test::readFile(out).size());
    auto reports = verifyPdf(changed, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_FALSE((*reports)[0].byteRangeValid) << describe((*reports)[0]);
    EXPECT_NE((*reports)[0].byteRangeDetail.find("replaced"), std::string::npos) << (*reports)[0].byteRangeDetail;
    EXPECT_FALSE((*reports)[0].valid());

    // The untouched file still verifies (the checks do not reject our own signatures).
    auto good = verifyPdf(out, trustRoot());
    ASSERT_TRUE(good);
    EXPECT_TRUE(good->front().byteRangeValid) << good->front().byteRangeDetail;
    EXPECT_TRUE(good->front().valid()) << describe(good->front());
}

TEST(SigningVerifyTest, BackdatedClaimedTimeDoesNotMakeAnExpiredCertificateValid)
{
    TempDir tmp;
    const std::string out = tmp.file("backdated.pdf");
    SignRequest r = signRequest(out, pki().expiredP12);
    r.now = vntime::Instant{std::chrono::seconds{1590969600}};   // 2020-06-01: inside the cert's life
    auto signedOk = signPdf(r);
    ASSERT_TRUE(signedOk) << signedOk.error().toString();
    auto reports = verifyPdf(out, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    const auto& rep = reports->front();
    ASSERT_TRUE(rep.claimedTime);
    EXPECT_EQ(rep.claimedTime->time_since_epoch().count(), 1590969600);
    EXPECT_TRUE(rep.bytesIntact);
    EXPECT_EQ(rep.timestamp, CheckResult::NotChecked);
    EXPECT_EQ(rep.validAtSigningTime, CheckResult::Failed) << describe(rep);
    EXPECT_FALSE(rep.valid());
    EXPECT_NE(rep.validityDetail.find("judged now"), std::string::npos) << rep.validityDetail;
    EXPECT_NE(describe(rep).find("No valid timestamp: validity judged now"), std::string::npos);
}

// The "shadow attack": after signing, a form widget whose appearance paints over the page.
TEST(SigningVerifyTest, OverlayWidgetAddedAfterSigningIsAContentChange)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf"), shadow = tmp.file("shadow.pdf"), action = tmp.file("action.pdf");
    ASSERT_TRUE(signPdf(signRequest(out, pki().agencyP12)));
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    {
        PoDoFo::PdfMemDocument doc;
        doc.Load(out.c_str(), true);
        PoDoFo::PdfPage* page = doc.GetPage(0);
        const PoDoFo::PdfRect whole = page->GetMediaBox();
        PoDoFo::PdfXObject cover(whole, &doc);
        PoDoFo::PdfPainter painter;
        painter.SetPage(&cover);
        painter.SetColor(1.0, 1.0, 1.0);
        painter.Rectangle(whole.GetLeft(), whole.GetBottom(), whole.GetWidth(), whole.GetHeight());
        painter.Fill();
        painter.FinishPage();
        PoDoFo::PdfAnnotation* widget = page->CreateAnnotation(PoDoFo::ePdfAnnotation_Widget, whole);
        widget->SetFlags(PoDoFo::ePdfAnnotationFlags_Print);
        widget->SetAppearanceStream(&cover);
        widget->GetObject()->GetDictionary().AddKey("FT", PoDoFo::PdfName("Tx"));
        widget->GetObject()->GetDictionary().AddKey("T", PoDoFo::PdfString("overlay"));
        doc.GetAcroForm(true)->GetObject()->GetIndirectKey("Fields")->GetArray().push_back(
            widget->GetObject()->Reference());
        doc.WriteUpdate(shadow.c_str());
    }
    auto reports = verifyPdf(shadow, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_TRUE((*reports)[0].bytesIntact);
    EXPECT_EQ((*reports)[0].laterChange, LaterChange::Content) << describe((*reports)[0]);
    EXPECT_FALSE((*reports)[0].valid());

    {
        // A JavaScript /OpenAction added to the catalog after signing.
        PoDoFo::PdfMemDocument doc;
        doc.Load(out.c_str(), true);
        PoDoFo::PdfDictionary js;
        js.AddKey("S", PoDoFo::PdfName("JavaScript"));
        js.AddKey("JS", PoDoFo::PdfString("app.alert('x');"));
        PoDoFo::PdfObject* catalog =
            doc.GetObjects().GetObject(doc.GetTrailer()->GetDictionary().GetKey("Root")->GetReference());
        ASSERT_TRUE(catalog);
        catalog->GetDictionary().AddKey("OpenAction", js);
        doc.WriteUpdate(action.c_str());
    }
    reports = verifyPdf(action, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    EXPECT_EQ(reports->front().laterChange, LaterChange::Content) << describe(reports->front());
}

TEST(SigningRevocationTest, UntrustedCertificateRevocationAddressesAreNotContacted)
{
    test::TsaServer server;
    TempDir tmp;
    const std::string p12 = test::issueSigner("untrusted-urls", "Cán bộ địa chỉ thu hồi",
                                              "crlDistributionPoints=URI:" + server.crlUrl()
                                                  + "\nauthorityInfoAccess=OCSP;URI:" + server.ocspUrl());
    test::publishCrl();
    const std::string out = tmp.file("s.pdf");
    ASSERT_TRUE(signPdf(signRequest(out, p12)));

    auto none = verifyPdf(out, VerifyOptions{});   // no trust anchors: chain not checked
    ASSERT_TRUE(none);
    EXPECT_EQ(none->front().revocation, CheckResult::NotChecked);
    EXPECT_NE(none->front().revocationDetail.find("not contacted"), std::string::npos) << none->front().revocationDetail;

    VerifyOptions other;
    other.trustAnchors = {test::sharedFile("../shared/assets/README.md")};   // chain fails
    auto failed = verifyPdf(out, other);
    ASSERT_TRUE(failed);
    EXPECT_EQ(failed->front().chain, CheckResult::Failed);
    EXPECT_EQ(failed->front().revocation, CheckResult::NotChecked);
    EXPECT_EQ(server.revocationRequests(), 0);

    auto trusted = verifyPdf(out, trustRoot());   // control: a trusted chain does contact them
    ASSERT_TRUE(trusted);
    EXPECT_EQ(trusted->front().revocation, CheckResult::Passed) << trusted->front().revocationDetail;
    EXPECT_GT(server.revocationRequests(), 0);
}

TEST(SigningRevocationTest, StaleCrlIsNotAPass)
{
    test::TsaServer server;
    TempDir tmp;
    const std::string p12 = test::issueSigner("crl-stale", "Cán bộ CRL cũ", "crlDistributionPoints=URI:" + server.crlUrl());
    const std::string out = tmp.file("s.pdf");
    ASSERT_TRUE(signPdf(signRequest(out, p12)));
    test::publishStaleCrl();
    auto r = verifyPdf(out, trustRoot());
    test::publishCrl();   // leave a current CRL for the other tests
    ASSERT_TRUE(r);
    EXPECT_EQ(r->front().revocation, CheckResult::NotChecked) << r->front().revocationDetail;
    EXPECT_NE(r->front().revocationDetail.find("stale"), std::string::npos) << r->front().revocationDetail;
}

// Signed and stamped outputs are private (0600), never wider than the input, also when the output
// replaces the input in place.
TEST(SigningOutputTest, OutputsAreCreatedPrivate)
{
    TempDir tmp;
    const std::string in = tmp.file("in.pdf"), out = tmp.file("signed.pdf"), stamped = tmp.file("stamped.pdf");
    std::filesystem::copy_file(test::sharedFile(kOnePage), in);
    ASSERT_EQ(::chmod(in.c_str(), 0644), 0);
    auto mode = [](const std::string& path) {
        struct stat st {};
        return ::stat(path.c_str(), &st) == 0 ? static_cast<int>(st.st_mode & 07777) : -1;
    };
    SignRequest r = signRequest(out, pki().agencyP12);
    r.input = in;
    ASSERT_TRUE(signPdf(r));
    EXPECT_EQ(mode(out), 0600);

    ArrivalStamp s;
    s.agencyName = "SỞ THỬ NGHIỆM TỈNH MẪU";
    s.arrivalNumber = "7";
    s.arrivedAt = vntime::now();
    ASSERT_TRUE(stampArrival(in, stamped, s));
    EXPECT_EQ(mode(stamped), 0600);

    r.output = in;   // in place
    ASSERT_TRUE(signPdf(r));
    EXPECT_EQ(mode(in), 0600);
    auto reports = verifyPdf(in, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    EXPECT_TRUE(reports->front().valid()) << describe(reports->front());
}

// The password from an inherited descriptor (--password-fd) or from stdin, not from the environment.
TEST(SigningCliTest, PasswordFromDescriptorOrStdin)
{
    TempDir tmp;
    const std::string in = test::sharedFile(kOnePage);
    const std::vector<std::string> env{"XDG_DATA_HOME=" + tmp.file("data"), "VANTHU_LOG=warning"};
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    const std::string line = pki().password + "\n";
    ASSERT_EQ(::write(fds[1], line.data(), line.size()), static_cast<ssize_t>(line.size()));
    ::close(fds[1]);
    auto r = vanthu::test::run({VANTHU_CLI, "sign", in, "--out", tmp.file("fd.pdf"), "--p12", pki().agencyP12,
                                "--password-fd", std::to_string(fds[0])},
                               {}, env);
    ::close(fds[0]);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_EQ(test::validCount(test::pdfsig(tmp.file("fd.pdf"))), 1);

    r = vanthu::test::run({VANTHU_CLI, "sign", in, "--out", tmp.file("stdin.pdf"), "--p12", pki().agencyP12}, line, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_EQ(r.err.find(pki().password), std::string::npos);

    r = vanthu::test::run({VANTHU_CLI, "sign", in, "--out", tmp.file("bad.pdf"), "--p12", pki().agencyP12,
                           "--password-fd", "x9"},
                          {}, env);
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("--password-fd"), std::string::npos) << r.err;
}

} // namespace
} // namespace vanthu::signing
