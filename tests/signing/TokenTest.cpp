// Signing with keys on a PKCS#11 token: SoftHSM2 with a private configuration and token directory
// (SOFTHSM2_CONF points into a temporary folder), keys imported with softhsm2-util and certificates
// written with OpenSC's pkcs11-tool. The token is selected by label.

#include "SigningFixtures.h"

#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Verify.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace vanthu::signing {
namespace {

using test::pki;
using vanthu::test::run;
using vanthu::test::TempDir;

constexpr char kModule[] = "/usr/lib/softhsm/libsofthsm2.so";
constexpr char kPin[] = "95173468";   // distinctive: the test looks for it in the logs
constexpr char kLabel[] = "vanthu-agency-token";

struct Token {
    TempDir dir;
    std::string conf;
};

void must(const std::vector<std::string>& argv)
{
    auto r = run(argv);
    if (r.exitCode != 0)
        throw std::runtime_error(argv[0] + " " + argv[1] + " failed:\n" + r.out + r.err);
}

// One token with the agency RSA key, the leader EC key and the expired key, each with its certificate.
const Token& token()
{
    static Token t;
    static const bool ready = [](Token* tok) {
        const std::string d = tok->dir.path().string();
        std::filesystem::create_directories(d + "/tokens");
        tok->conf = d + "/softhsm2.conf";
        vanthu::test::writeFile(tok->conf, "directories.tokendir = " + d + "/tokens\nobjectstore.backend = file\n"
                                           "log.level = ERROR\nslots.removable = false\n");
        ::setenv("SOFTHSM2_CONF", tok->conf.c_str(), 1);   // inherited by the token child processes
        const test::Pki& p = pki();
        must({VANTHU_SOFTHSM2_UTIL, "--init-token", "--free", "--label", kLabel, "--pin", kPin, "--so-pin", "11223344"});
        int id = 1;
        for (const std::string name : {"agency", "leader", "expired"}) {
            const std::string pk8 = d + "/" + name + ".pk8", der = d + "/" + name + ".der";
            must({VANTHU_OPENSSL, "pkcs8", "-topk8", "-nocrypt", "-in", p.dir + "/" + name + ".key", "-out", pk8});
            must({VANTHU_OPENSSL, "x509", "-in", p.dir + "/" + name + ".crt", "-outform", "DER", "-out", der});
            const std::string hexId = "0" + std::to_string(id++);
            must({VANTHU_SOFTHSM2_UTIL, "--import", pk8, "--token", kLabel, "--label", name, "--id", hexId, "--pin", kPin});
            must({VANTHU_PKCS11_TOOL, "--module", kModule, "--token-label", kLabel, "--login", "--pin", kPin,
                  "--write-object", der, "--type", "cert", "--id", hexId, "--label", name});
        }
        return true;
    }(&t);
    (void)ready;
    return t;
}

TokenKey tokenKey(const std::string& keyLabel, const std::string& pin = kPin)
{
    TokenKey k;
    k.modulePath = kModule;
    k.tokenLabel = kLabel;
    k.keyLabel = keyLabel;
    k.pin = pin;
    return k;
}

SignRequest request(const std::string& out, const TokenKey& key, RsaPadding pad = RsaPadding::Pss)
{
    SignRequest r;
    r.input = test::sharedFile("corpus/dev/clean/DEV-004.pdf");
    r.output = out;
    r.key = key;
    r.rsaPadding = pad;
    return r;
}

TEST(SigningTokenTest, SignsWithRsaPssAndEcdsaKeysOnTheToken)
{
    token();
    TempDir tmp;
    struct Case {
        const char* key;
        RsaPadding pad;
        const char* cn;
    };
    for (const Case& c : {Case{"agency", RsaPadding::Pss, "SỞ THỬ NGHIỆM TỈNH MẪU"},
                          Case{"agency", RsaPadding::Pkcs1v15, "SỞ THỬ NGHIỆM TỈNH MẪU"},
                          Case{"leader", RsaPadding::Pss, "Nguyễn Văn Lãnh Đạo"}}) {
        const std::string out = tmp.file(std::string(c.key) + (c.pad == RsaPadding::Pss ? "-pss" : "-v15") + ".pdf");
        testing::internal::CaptureStderr();
        auto res = signPdf(request(out, tokenKey(c.key), c.pad));
        const std::string log = testing::internal::GetCapturedStderr();
        ASSERT_TRUE(res) << res.error().toString();
        EXPECT_EQ(res->signerName, c.cn);
        EXPECT_EQ(log.find(kPin), std::string::npos) << "the PIN must never be logged";
        const std::string sig = test::pdfsig(out);
        EXPECT_EQ(test::validCount(sig), 1) << sig;
        EXPECT_NE(sig.find("ETSI.CAdES.detached"), std::string::npos);
        VerifyOptions o;
        o.trustAnchors = {pki().rootCert};
        auto reports = verifyPdf(out, o);
        ASSERT_TRUE(reports) << reports.error().toString();
        EXPECT_TRUE(reports->front().valid()) << describe(reports->front());
    }
}

TEST(SigningTokenTest, TokenProblemsAreDistinctErrors)
{
    token();
    TempDir tmp;
    const std::string out = tmp.file("x.pdf");
    testing::internal::CaptureStderr();
    auto r = signPdf(request(out, tokenKey("agency", "00000000")));
    const std::string log = testing::internal::GetCapturedStderr();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::WrongPin)) << r.error().toString();
    EXPECT_EQ(log.find("00000000"), std::string::npos) << "a wrong PIN is not logged either";

    auto missing = tokenKey("agency");
    missing.tokenLabel = "no-such-token";
    r = signPdf(request(out, missing));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::TokenNotFound)) << r.error().toString();

    r = signPdf(request(out, tokenKey("expired")));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::CertificateExpired)) << r.error().toString();

    r = signPdf(request(out, tokenKey("no-such-key")));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::KeyNotFound)) << r.error().toString();

    auto noModule = tokenKey("agency");
    noModule.modulePath = tmp.file("missing-pkcs11.so");
    r = signPdf(request(out, noModule));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::TokenError)) << r.error().toString();

    // A token session that does not finish in time is killed (libp11 #525 hangs forever).
    auto slow = tokenKey("agency");
    slow.timeout = std::chrono::milliseconds(1);
    r = signPdf(request(out, slow));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::TokenTimeout)) << r.error().toString();
    EXPECT_FALSE(std::filesystem::exists(out));
}

} // namespace
} // namespace vanthu::signing
