// PAdES signing checked by independent tools: pdfsig (poppler/NSS, with the test root trusted),
// qpdf --check, and `openssl cms -verify` / `-cmsout -print` on the CMS cut out of the file by hand.

#include "SigningFixtures.h"

#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/SigningConfig.h"
#include "vanthu/signing/Verify.h"

#include <gtest/gtest.h>

#include <podofo/podofo.h>

#include <filesystem>

#include <zlib.h>

namespace vanthu::signing {
namespace {

namespace fs = std::filesystem;
using test::pdfsig;
using test::pki;
using test::qpdfClean;
using test::validCount;
using vanthu::test::run;
using vanthu::test::TempDir;

const std::string kOnePage = "corpus/dev/clean/DEV-001.pdf";
const std::string kThreePages = "corpus/dev/clean/DEV-009.pdf";

SignRequest request(const std::string& in, const std::string& out, const std::string& p12, RsaPadding pad = RsaPadding::Pss)
{
    SignRequest r;
    r.input = in;
    r.output = out;
    r.key = Pkcs12Key{p12, pki().password};
    r.rsaPadding = pad;
    r.reason = "Phát hành văn bản";
    r.location = "Mẫu";
    return r;
}

VerifyOptions trustRoot()
{
    VerifyOptions o;
    o.trustAnchors = {pki().rootCert};
    return o;
}

// `openssl cms -verify` on the last signature's CMS and signed bytes; returns the -print dump too.
struct OpensslCheck {
    bool verified = false;
    std::string dump;
};
OpensslCheck opensslCheck(const std::string& pdf, const TempDir& tmp, std::size_t index = 0)
{
    auto sigs = test::rawSignatures(pdf);
    OpensslCheck c;
    if (sigs.size() <= index)
        return c;
    const std::string cms = tmp.file("sig.der"), content = tmp.file("signed.bin");
    vanthu::test::writeFile(cms, sigs[index].cms);
    vanthu::test::writeFile(content, sigs[index].signedBytes);
    auto v = run({VANTHU_OPENSSL, "cms", "-verify", "-binary", "-inform", "DER", "-in", cms, "-content", content,
                  "-CAfile", pki().rootCert, "-purpose", "any", "-out", "/dev/null"});
    c.verified = v.exitCode == 0 && v.err.find("Verification successful") != std::string::npos;
    c.dump = run({VANTHU_OPENSSL, "cms", "-cmsout", "-print", "-inform", "DER", "-in", cms}).out;
    return c;
}

struct KeyCase {
    const char* name;
    std::string test::Pki::*p12;
    RsaPadding padding;
    const char* commonName;
    const char* algorithm;   // as `openssl cms -print` names the signature algorithm
};

void PrintTo(const KeyCase& k, std::ostream* os) { *os << k.name; }

class SigningKeyTest : public ::testing::TestWithParam<KeyCase> {};

TEST_P(SigningKeyTest, InvisibleSignatureIsValidForPdfsigQpdfAndOpenssl)
{
    const KeyCase& k = GetParam();
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf");
    auto res = signPdf(request(test::sharedFile(kOnePage), out, pki().*(k.p12), k.padding));
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_EQ(res->level, PadesLevel::BB);
    EXPECT_EQ(res->signerName, k.commonName);

    const std::string sig = pdfsig(out);
    EXPECT_EQ(validCount(sig), 1) << sig;
    EXPECT_NE(sig.find("Signature Type: ETSI.CAdES.detached"), std::string::npos) << sig;
    EXPECT_NE(sig.find(std::string("Signer Certificate Common Name: ") + k.commonName), std::string::npos) << sig;
    EXPECT_NE(sig.find("Total document signed"), std::string::npos) << sig;
    EXPECT_NE(sig.find("Certificate is Trusted."), std::string::npos) << sig;
    EXPECT_NE(sig.find("Signing Hash Algorithm: SHA-256"), std::string::npos) << sig;
    std::string q;
    EXPECT_TRUE(qpdfClean(out, &q)) << q;

    // Incremental: the original file is a byte-exact prefix of the signed one.
    const std::string original = vanthu::test::readFile(test::sharedFile(kOnePage));
    const std::string signedBytes = vanthu::test::readFile(out);
    ASSERT_GT(signedBytes.size(), original.size());
    EXPECT_EQ(signedBytes.compare(0, original.size(), original), 0);

    const auto ossl = opensslCheck(out, tmp);
    EXPECT_TRUE(ossl.verified);
    EXPECT_NE(ossl.dump.find("id-smime-aa-signingCertificateV2"), std::string::npos);
    EXPECT_EQ(ossl.dump.find("signingTime"), std::string::npos) << "PAdES forbids the signing-time attribute";
    EXPECT_NE(ossl.dump.find(k.algorithm), std::string::npos) << ossl.dump.substr(0, 4000);

    auto reports = verifyPdf(out, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 1u);
    const auto& r = reports->front();
    EXPECT_TRUE(r.valid()) << describe(r);
    EXPECT_EQ(r.signerName, k.commonName);
    EXPECT_EQ(r.subFilter, "ETSI.CAdES.detached");
    EXPECT_TRUE(r.hasSigningCertificateV2);
    EXPECT_FALSE(r.hasSigningTimeAttribute);
    EXPECT_EQ(r.chain, CheckResult::Passed);
    EXPECT_EQ(r.validAtSigningTime, CheckResult::Passed);
    EXPECT_EQ(r.laterChange, LaterChange::None);
    EXPECT_EQ(r.revocation, CheckResult::NotChecked);
    ASSERT_TRUE(r.claimedTime);
    EXPECT_LT(std::chrono::abs(*r.claimedTime - vntime::now()), std::chrono::minutes(5));
}

INSTANTIATE_TEST_SUITE_P(
    Keys, SigningKeyTest,
    ::testing::Values(KeyCase{"RsaPss", &test::Pki::agencyP12, RsaPadding::Pss, "SỞ THỬ NGHIỆM TỈNH MẪU", "rsassaPss"},
                      KeyCase{"RsaPkcs1", &test::Pki::agencyP12, RsaPadding::Pkcs1v15, "SỞ THỬ NGHIỆM TỈNH MẪU",
                              "rsaEncryption"},
                      KeyCase{"EcdsaP256", &test::Pki::leaderP12, RsaPadding::Pss, "Nguyễn Văn Lãnh Đạo",
                              "ecdsa-with-SHA256"}),
    [](const ::testing::TestParamInfo<KeyCase>& p) { return std::string(p.param.name); });

// Leader signs visibly (signature image), then the agency signs with the seal over it: both valid.
TEST(SigningSignTest, LeaderThenAgencyBothValid)
{
    TempDir tmp;
    const std::string leader = tmp.file("leader.pdf"), agency = tmp.file("agency.pdf");
    auto r1 = request(test::sharedFile(kThreePages), leader, pki().leaderP12);
    VisibleAppearance v;
    v.page = -1;
    v.signerCentre = {150, 200};
    v.signerImage = test::sharedFile("assets/signature_sample.png");
    r1.visible = v;
    auto s1 = signPdf(r1);
    ASSERT_TRUE(s1) << s1.error().toString();

    auto r2 = request(leader, agency, pki().agencyP12);
    v.drawSigner = false;
    v.sealImage = test::sharedFile("assets/seal_sample.png");
    v.sealDiameterMm = 36;
    r2.visible = v;
    auto s2 = signPdf(r2);
    ASSERT_TRUE(s2) << s2.error().toString();
    EXPECT_NE(s1->fieldName, s2->fieldName);

    const std::string sig = pdfsig(agency);
    EXPECT_EQ(validCount(sig), 2) << sig;
    EXPECT_NE(sig.find("Nguyễn Văn Lãnh Đạo"), std::string::npos) << sig;
    EXPECT_NE(sig.find("SỞ THỬ NGHIỆM TỈNH MẪU"), std::string::npos) << sig;
    std::string q;
    EXPECT_TRUE(qpdfClean(agency, &q)) << q;
    const std::string before = vanthu::test::readFile(leader), after = vanthu::test::readFile(agency);
    EXPECT_EQ(after.compare(0, before.size(), before), 0) << "the second signature must be an incremental update";

    auto reports = verifyPdf(agency, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 2u);
    EXPECT_EQ((*reports)[0].signerName, "Nguyễn Văn Lãnh Đạo");
    EXPECT_EQ((*reports)[0].laterChange, LaterChange::SignaturesOnly);
    EXPECT_TRUE((*reports)[0].valid()) << describe((*reports)[0]);
    EXPECT_EQ((*reports)[1].signerName, "SỞ THỬ NGHIỆM TỈNH MẪU");
    EXPECT_EQ((*reports)[1].laterChange, LaterChange::None);
    EXPECT_TRUE((*reports)[1].valid()) << describe((*reports)[1]);
}

// Incoming PDFs often use cross-reference and object streams (PDF 1.5); qpdf makes one.
TEST(SigningSignTest, ObjectStreamPdfTakesTwoIncrementalSignatures)
{
    TempDir tmp;
    const std::string packed = tmp.file("objstm.pdf"), one = tmp.file("one.pdf"), two = tmp.file("two.pdf");
    auto q = run({VANTHU_QPDF, "--object-streams=generate", test::sharedFile(kThreePages), packed});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    ASSERT_NE(vanthu::test::readFile(packed).find("/ObjStm"), std::string::npos);
    ASSERT_TRUE(signPdf(request(packed, one, pki().leaderP12)));
    ASSERT_TRUE(signPdf(request(one, two, pki().agencyP12)));
    const std::string sig = pdfsig(two);
    EXPECT_EQ(validCount(sig), 2) << sig;
    std::string check;
    EXPECT_TRUE(qpdfClean(two, &check)) << check;
    auto reports = verifyPdf(two, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 2u);
    EXPECT_EQ((*reports)[0].laterChange, LaterChange::SignaturesOnly);
    EXPECT_TRUE((*reports)[0].valid()) << describe((*reports)[0]);
    EXPECT_TRUE((*reports)[1].valid()) << describe((*reports)[1]);
}

TEST(SigningSignTest, FlippedByteInSignedRangeIsReported)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf"), bad = tmp.file("tampered.pdf");
    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), out, pki().agencyP12)));
    auto raw = test::rawSignatures(out);
    ASSERT_EQ(raw.size(), 1u);
    std::string bytes = vanthu::test::readFile(out);
    const auto at = static_cast<std::size_t>(raw[0].br[1] / 2);   // inside the first signed range
    bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
    vanthu::test::writeFile(bad, bytes);

    const std::string sig = pdfsig(bad);
    EXPECT_EQ(validCount(sig), 0) << sig;
    EXPECT_TRUE(sig.find("Digest Mismatch") != std::string::npos || sig.find("Signature is Invalid") != std::string::npos)
        << sig;
    auto reports = verifyPdf(bad, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_FALSE((*reports)[0].bytesIntact);
    EXPECT_FALSE((*reports)[0].valid());
    EXPECT_NE(describe((*reports)[0]).find("NỘI DUNG ĐÃ BỊ SỬA"), std::string::npos);
}

TEST(SigningSignTest, PageAppendedAfterSigningIsAModification)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf"), appended = tmp.file("appended.pdf");
    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), out, pki().agencyP12)));
    {
        // An attacker's incremental update, written with PoDoFo directly.
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfError::EnableLogging(false);
        PoDoFo::PdfMemDocument doc;
        doc.Load(out.c_str(), true);
        PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
        PoDoFo::PdfPainter painter;
        painter.SetPage(page);
        painter.Rectangle(100, 100, 200, 200);
        painter.Fill();
        painter.FinishPage();
        doc.WriteUpdate(appended.c_str());
    }
    const std::string sig = pdfsig(appended);
    EXPECT_NE(sig.find("Not total document signed"), std::string::npos) << sig;
    auto reports = verifyPdf(appended, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_TRUE((*reports)[0].bytesIntact);
    EXPECT_EQ((*reports)[0].laterChange, LaterChange::Content);
    EXPECT_FALSE((*reports)[0].valid());
    EXPECT_NE(describe((*reports)[0]).find("TÀI LIỆU BỊ THAY ĐỔI SAU KHI KÝ"), std::string::npos);
}

TEST(SigningSignTest, TimestampFromLoopbackTsaGivesBT)
{
    test::TsaServer tsa;
    TempDir tmp;
    const std::string out = tmp.file("bt.pdf");
    auto r = request(test::sharedFile(kOnePage), out, pki().agencyP12);
    r.tsaUrl = tsa.url();
    auto res = signPdf(r);
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_EQ(res->level, PadesLevel::BT);
    EXPECT_TRUE(res->warnings.empty());
    EXPECT_EQ(tsa.requests(), 1);

    EXPECT_EQ(validCount(pdfsig(out)), 1);
    const auto ossl = opensslCheck(out, tmp);
    EXPECT_TRUE(ossl.verified);
    EXPECT_NE(ossl.dump.find("id-smime-aa-timeStampToken"), std::string::npos);

    auto reports = verifyPdf(out, trustRoot());
    ASSERT_TRUE(reports) << reports.error().toString();
    const auto& rep = reports->front();
    EXPECT_EQ(rep.timestamp, CheckResult::Passed) << describe(rep);
    ASSERT_TRUE(rep.timestampTime);
    EXPECT_LT(std::chrono::abs(*rep.timestampTime - vntime::now()), std::chrono::minutes(5));
    EXPECT_TRUE(rep.valid()) << describe(rep);
}

TEST(SigningSignTest, UnreachableTsaFallsBackToBBWithWarning)
{
    TempDir tmp;
    const std::string out = tmp.file("bb.pdf");
    auto r = request(test::sharedFile(kOnePage), out, pki().agencyP12);
    r.tsaUrl = "http://127.0.0.1:9/tsa";   // discard port: nothing listens
    r.tsaTimeout = std::chrono::milliseconds(2000);
    auto res = signPdf(r);
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_EQ(res->level, PadesLevel::BB);
    ASSERT_EQ(res->warnings.size(), 1u);
    EXPECT_EQ(res->warnings[0].first, SignWarning::TimestampUnavailable);
    EXPECT_EQ(validCount(pdfsig(out)), 1);
    auto reports = verifyPdf(out, trustRoot());
    ASSERT_TRUE(reports);
    EXPECT_EQ(reports->front().timestamp, CheckResult::NotChecked);
    EXPECT_FALSE(reports->front().timestampTime);
}

TEST(SigningSignTest, KeyProblemsAreDistinctErrorsAndLeaveOutputAlone)
{
    TempDir tmp;
    const std::string out = tmp.file("out.pdf");
    vanthu::test::writeFile(out, "previous good file");
    auto wrong = request(test::sharedFile(kOnePage), out, pki().agencyP12);
    wrong.key = Pkcs12Key{pki().agencyP12, "sai mật khẩu"};
    auto r = signPdf(wrong);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::WrongPassword)) << r.error().toString();

    r = signPdf(request(test::sharedFile(kOnePage), out, pki().expiredP12));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::CertificateExpired)) << r.error().toString();

    auto early = request(test::sharedFile(kOnePage), out, pki().agencyP12);
    early.now = vntime::Instant{std::chrono::seconds{946684800}};   // 2000-01-01
    r = signPdf(early);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::CertificateNotYetValid)) << r.error().toString();

    r = signPdf(request(test::sharedFile(kOnePage), out, pki().weakP12));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::UnsupportedKey)) << r.error().toString();

    r = signPdf(request(test::sharedFile(kOnePage), out, pki().rootCert));   // PEM, not PKCS#12
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::KeyFileUnreadable)) << r.error().toString();

    r = signPdf(request(tmp.file("missing.pdf"), out, pki().agencyP12));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::FileNotFound)) << r.error().toString();

    EXPECT_EQ(vanthu::test::readFile(out), "previous good file");
    // No temporary files left next to the output.
    int files = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(tmp.path()))
        ++files;
    EXPECT_EQ(files, 1);
}

TEST(SigningSignTest, MalformedPdfIsAnErrorNotACrash)
{
    TempDir tmp;
    const std::string junk = tmp.file("junk.pdf"), truncated = tmp.file("truncated.pdf");
    vanthu::test::writeFile(junk, "%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ngarbage");
    const std::string good = vanthu::test::readFile(test::sharedFile(kOnePage));
    vanthu::test::writeFile(truncated, good.substr(0, good.size() / 3));
    for (const auto& in : {junk, truncated}) {
        auto r = signPdf(request(in, tmp.file("out.pdf"), pki().agencyP12));
        ASSERT_FALSE(r);
        EXPECT_TRUE(r.error().is(Errc::PdfMalformed)) << r.error().toString();
        auto v = verifyPdf(in, trustRoot());
        ASSERT_FALSE(v);
        EXPECT_TRUE(v.error().is(Errc::PdfMalformed)) << v.error().toString();
    }
    auto v = verifyPdf(test::sharedFile(kOnePage), trustRoot());
    ASSERT_FALSE(v);
    EXPECT_TRUE(v.error().is(Errc::NoSignatures));
}

TEST(SigningSignTest, WithoutTrustAnchorsChainIsNotCheckedAndSaidSo)
{
    TempDir tmp;
    const std::string out = tmp.file("signed.pdf");
    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), out, pki().agencyP12)));
    auto reports = verifyPdf(out, VerifyOptions{});
    ASSERT_TRUE(reports);
    EXPECT_EQ(reports->front().chain, CheckResult::NotChecked);
    const std::string text = describe(reports->front());
    EXPECT_NE(text.find("Chuỗi chứng thư: chưa kiểm tra / Certificate chain: not checked"), std::string::npos) << text;
    EXPECT_NE(text.find("Thu hồi (OCSP/CRL): chưa kiểm tra / Revocation (OCSP/CRL): not checked"), std::string::npos)
        << text;

    // Another root: the chain fails.
    VerifyOptions other;
    other.trustAnchors = {test::sharedFile("../shared/assets/README.md")};
    auto bad = verifyPdf(out, other);
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->front().chain, CheckResult::Failed);
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

TEST(SigningRevocationTest, CrlUnreachableIsNotCheckedReachableIsCheckedRevokedFails)
{
    test::TsaServer server;   // also serves the root's CRL
    TempDir tmp;
    const std::string unreachable = test::issueSigner("crl-dead", "Cán bộ CRL chết", "crlDistributionPoints=URI:http://127.0.0.1:9/root.crl");
    const std::string live = test::issueSigner("crl-live", "Cán bộ CRL sống", "crlDistributionPoints=URI:" + server.crlUrl());
    test::publishCrl();
    VerifyOptions o = trustRoot();
    o.networkTimeout = std::chrono::milliseconds(1500);

    const std::string a = tmp.file("a.pdf"), b = tmp.file("b.pdf");
    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), a, unreachable)));
    auto ra = verifyPdf(a, o);
    ASSERT_TRUE(ra);
    EXPECT_EQ(ra->front().revocation, CheckResult::NotChecked);
    EXPECT_NE(ra->front().revocationDetail.find("unreachable"), std::string::npos) << ra->front().revocationDetail;
    EXPECT_TRUE(ra->front().valid()) << describe(ra->front());

    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), b, live)));
    auto rb = verifyPdf(b, o);
    ASSERT_TRUE(rb);
    EXPECT_EQ(rb->front().revocation, CheckResult::Passed) << rb->front().revocationDetail;

    test::revokeAndPublishCrl("crl-live");
    rb = verifyPdf(b, o);
    ASSERT_TRUE(rb);
    EXPECT_EQ(rb->front().revocation, CheckResult::Failed) << rb->front().revocationDetail;
    EXPECT_FALSE(rb->front().valid());
    EXPECT_NE(describe(rb->front()).find("Thu hồi (OCSP/CRL): KHÔNG ĐẠT"), std::string::npos);
}

TEST(SigningRevocationTest, OcspGoodThenRevoked)
{
    test::TsaServer server;   // answers OCSP with `openssl ocsp` over the test CA's index
    TempDir tmp;
    const std::string p12 = test::issueSigner("ocsp-signer", "Cán bộ OCSP",
                                              "authorityInfoAccess=OCSP;URI:" + server.ocspUrl());
    VerifyOptions o = trustRoot();
    const std::string out = tmp.file("o.pdf");
    ASSERT_TRUE(signPdf(request(test::sharedFile(kOnePage), out, p12)));
    auto r = verifyPdf(out, o);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->front().revocation, CheckResult::Passed) << r->front().revocationDetail;
    EXPECT_TRUE(r->front().valid()) << describe(r->front());

    test::revokeAndPublishCrl("ocsp-signer");
    r = verifyPdf(out, o);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->front().revocation, CheckResult::Failed) << r->front().revocationDetail;
    EXPECT_NE(r->front().revocationDetail.find("OCSP"), std::string::npos);
    EXPECT_FALSE(r->front().valid());
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// The `vanthu` front-end: sign, verify (exit code 0 / 10), stamp on real files.
TEST(SigningCliTest, SignVerifyStampThroughTheCommandLine)
{
    TempDir tmp;
    const std::string in = test::sharedFile(kOnePage), out = tmp.file("cli.pdf"), stamped = tmp.file("stamped.pdf");
    const std::vector<std::string> env{"VANTHU_P12_PASSWORD=" + pki().password, "XDG_DATA_HOME=" + tmp.file("data"),
                                       "VANTHU_LOG=warning"};
    auto r = run({VANTHU_CLI, "sign", in, "--out", out, "--p12", pki().agencyP12, "--signer-image",
                  test::sharedFile("assets/signature_sample.png"), "--seal", test::sharedFile("assets/seal_sample.png"),
                  "--seal-mm", "36", "--at", "150,250"},
                 {}, env);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Đã ký / Signed"), std::string::npos) << r.out;
    EXPECT_EQ(r.out.find(pki().password), std::string::npos);
    EXPECT_EQ(r.err.find(pki().password), std::string::npos);
    EXPECT_EQ(validCount(pdfsig(out)), 1);

    r = run({VANTHU_CLI, "verify", out, "--trust", pki().rootCert}, {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("HỢP LỆ / VALID"), std::string::npos) << r.out;

    r = run({VANTHU_CLI, "stamp", out, "--out", stamped, "--number", "77"}, {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    r = run({VANTHU_CLI, "verify", stamped, "--trust", pki().rootCert}, {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Annotations added afterwards"), std::string::npos) << r.out;

    std::string bytes = vanthu::test::readFile(out);
    bytes[100] = static_cast<char>(bytes[100] ^ 0x20);
    vanthu::test::writeFile(tmp.file("bad.pdf"), bytes);
    r = run({VANTHU_CLI, "verify", tmp.file("bad.pdf"), "--trust", pki().rootCert}, {}, env);
    EXPECT_EQ(r.exitCode, 10) << r.out << r.err;
    EXPECT_NE(r.out.find("KHÔNG HỢP LỆ / NOT VALID"), std::string::npos) << r.out;

    r = run({VANTHU_CLI, "sign", in, "--out", tmp.file("x.pdf"), "--p12", pki().agencyP12}, {},
            {"VANTHU_P12_PASSWORD=sai", "XDG_DATA_HOME=" + tmp.file("data")});
    EXPECT_EQ(r.exitCode, 6) << r.out << r.err;   // Denied
    EXPECT_NE(r.err.find("sai mật khẩu tệp khóa PKCS#12 / Error: wrong PKCS#12 password"), std::string::npos) << r.err;
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// A page whose content stream inflates to 1.1 GiB (the child may map 1 GiB): the parser child hits its memory limit and the
// caller gets a clear error; the test process itself never holds the inflated data.
TEST(SigningSandboxTest, DecompressionBombHitsTheMemoryLimitNotTheStation)
{
    TempDir tmp;
    std::string deflated;
    {
        z_stream z{};
        deflateInit(&z, 1);
        const std::string zeros(1 << 20, ' ');
        char out[1 << 16];
        for (int i = 0; i < 1100; ++i) {
            z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(zeros.data()));
            z.avail_in = static_cast<uInt>(zeros.size());
            const int flush = i == 1099 ? Z_FINISH : Z_NO_FLUSH;
            do {
                z.next_out = reinterpret_cast<Bytef*>(out);
                z.avail_out = sizeof out;
                deflate(&z, flush);
                deflated.append(out, sizeof out - z.avail_out);
            } while (z.avail_out == 0);
        }
        deflateEnd(&z);
    }
    // A minimal PDF with a correct xref, so the parser reaches the stream.
    std::string pdf = "%PDF-1.4\n";
    std::vector<std::size_t> offsets;
    auto obj = [&](const std::string& body) {
        offsets.push_back(pdf.size());
        pdf += std::to_string(offsets.size()) + " 0 obj\n" + body + "\nendobj\n";
    };
    obj("<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [5 0 R] /SigFlags 3 >> >>");
    obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
    obj("<< /Length " + std::to_string(deflated.size()) + " /Filter /FlateDecode >>\nstream\n" + deflated + "\nendstream");
    // A signature whose revision ends early: comparing revisions makes the parser read the pages.
    obj("<< /FT /Sig /T (s) /V << /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >> >>");
    const std::size_t xref = pdf.size();
    pdf += "xref\n0 6\n0000000000 65535 f \n";
    for (auto o : offsets) {
        char line[32];
        std::snprintf(line, sizeof line, "%010zu 00000 n \n", o);
        pdf += line;
    }
    pdf += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const std::string bomb = tmp.file("bomb.pdf");
    vanthu::test::writeFile(bomb, pdf);
    ASSERT_LT(pdf.size(), 8u << 20);

    auto v = verifyPdf(bomb, VerifyOptions{});
    ASSERT_FALSE(v);
    EXPECT_TRUE(v.error().is(Errc::ResourceLimit)) << v.error().toString();
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// [signing] in the station configuration supplies the key, the trust anchors and the stamp place.
TEST(SigningCliTest, ConfigSectionSuppliesKeyTrustAnchorsAndStampPlace)
{
    TempDir tmp;
    const std::string ini = tmp.file("vanthu.ini");
    vanthu::test::writeFile(ini, "[signing]\npkcs12 = " + pki().agencyP12 + "\ntrust_anchor = " + pki().rootCert
                                     + "\ncheck_revocation = false\nstamp_x_mm = 140\nstamp_y_mm = 12\n"
                                       "stamp_automatic = false\n");
    const std::vector<std::string> env{"VANTHU_P12_PASSWORD=" + pki().password, "XDG_DATA_HOME=" + tmp.file("data"),
                                       "VANTHU_LOG=warning"};
    const std::string in = test::sharedFile(kOnePage), out = tmp.file("cfg.pdf"), stamped = tmp.file("st.pdf");
    auto r = run({VANTHU_CLI, "--config", ini, "sign", in, "--out", out}, {}, env);
    ASSERT_EQ(r.exitCode, 0) << r.out << r.err;
    r = run({VANTHU_CLI, "--config", ini, "verify", out}, {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("Chuỗi chứng thư: đạt / Certificate chain: passed"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("revocation checking is switched off"), std::string::npos) << r.out;
    r = run({VANTHU_CLI, "--config", ini, "stamp", out, "--out", stamped, "--number", "9"}, {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_NE(r.out.find("140,12 mm"), std::string::npos) << r.out;

    vanthu::test::writeFile(ini, "[signing]\nseal_diameter_mm = 400\n");
    r = run({VANTHU_CLI, "--config", ini, "verify", out}, {}, env);
    EXPECT_EQ(r.exitCode, 3) << r.out << r.err;   // InvalidInput
    EXPECT_NE(r.err.find("seal_diameter_mm"), std::string::npos) << r.err;
    vanthu::test::writeFile(ini, "[signing]\nseal_size = 40\n");
    r = run({VANTHU_CLI, "--config", ini, "verify", out}, {}, env);
    EXPECT_EQ(r.exitCode, 3) << r.out << r.err;
    EXPECT_NE(r.err.find("unknown key 'seal_size'"), std::string::npos) << r.err;
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

TEST(SigningConfigTest, ExampleConfigurationLoads)
{
    auto station = StationConfig::load(std::string(VANTHU_SOURCE_DIR) + "/data/vanthu.ini.example");
    ASSERT_TRUE(station) << station.error().toString();
    auto cfg = SigningConfig::load(*station);
    ASSERT_TRUE(cfg) << cfg.error().toString();
    EXPECT_EQ(cfg->tsaTimeout, std::chrono::milliseconds(10000));
    EXPECT_DOUBLE_EQ(cfg->sealDiameterMm, 40);
    EXPECT_DOUBLE_EQ(cfg->sealCoverage, 0.33);
    EXPECT_DOUBLE_EQ(cfg->stamp.preferredTopLeft.x, 25);
    EXPECT_TRUE(cfg->stamp.automatic);
    EXPECT_TRUE(cfg->checkRevocation);
}

} // namespace
} // namespace vanthu::signing
