// vanthu sign | verify | stamp | copy: PAdES signatures, verification, the ĐẾN stamp, sao y.
// Secrets (PKCS#12 password, token PIN) come from the environment (VANTHU_P12_PASSWORD,
// VANTHU_PIN) or one line on stdin; never from the command line, never printed.
#include "Commands.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <iostream>

namespace vanthu::cli {

namespace {

using namespace vanthu::signing;

constexpr const char* kDefaultModule = "/usr/lib/softhsm/libsofthsm2.so";

int usageError(const std::string& text)
{
    std::fprintf(stderr, "%s\n", text.c_str());
    return ExitUsage;
}

std::optional<Args> parse(const std::vector<std::string>& argv, const std::vector<std::string>& valued,
                          const std::vector<std::string>& flags)
{
    Args a = Args::parse(argv, valued);
    if (!a.error().empty()) {
        usageError(a.error());
        return std::nullopt;
    }
    std::vector<std::string> known = valued;
    known.insert(known.end(), flags.begin(), flags.end());
    if (auto u = a.unknown(known); !u.empty()) {
        usageError("Tùy chọn không có / Unknown option: " + u.front());
        return std::nullopt;
    }
    return a;
}

// The clerk-facing text of a signing error, Vietnamese first.
int reportSigning(const Error& e)
{
    const char* vi = nullptr;
    const char* en = nullptr;
    if (e.is(Errc::WrongPassword))
        vi = "sai mật khẩu tệp khóa PKCS#12", en = "wrong PKCS#12 password";
    else if (e.is(Errc::WrongPin))
        vi = "sai mã PIN của thiết bị ký số", en = "the token refused the PIN";
    else if (e.is(Errc::PinLocked))
        vi = "mã PIN của thiết bị ký số đã bị khóa", en = "the token's PIN is locked";
    else if (e.is(Errc::TokenNotFound))
        vi = "không thấy thiết bị ký số (USB token) có nhãn này", en = "no token with that label is present";
    else if (e.is(Errc::TokenTimeout))
        vi = "thiết bị ký số không phản hồi", en = "the token did not answer in time";
    else if (e.is(Errc::CertificateExpired))
        vi = "chứng thư số đã hết hạn", en = "the certificate has expired";
    else if (e.is(Errc::CertificateNotYetValid))
        vi = "chứng thư số chưa đến ngày có hiệu lực", en = "the certificate is not valid yet";
    else if (e.is(Errc::UnsupportedKey))
        vi = "khóa không đạt chuẩn (cần RSA ≥ 2048 hoặc ECDSA P-256)", en = "unsupported key (RSA >= 2048 or ECDSA P-256)";
    else if (e.is(Errc::PdfMalformed))
        vi = "tệp PDF hỏng hoặc không đọc được", en = "the PDF is damaged or unreadable";
    else if (e.is(Errc::PdfEncrypted))
        vi = "tệp PDF đã mã hóa", en = "the PDF is encrypted";
    else if (e.is(Errc::NoSignatures))
        vi = "tệp không có chữ ký số", en = "the file carries no signature";
    else if (e.is(Errc::KeyNotFound))
        vi = "không có khóa ký kèm chứng thư", en = "no signing key with a certificate";
    if (!vi)
        return report(e);
    std::fprintf(stderr, "Lỗi: %s / Error: %s [%s]\n", vi, en, e.toString().c_str());
    return exitCodeFor(e);
}

std::string secret(const char* envName, const char* promptVi, const char* promptEn)
{
    if (const char* v = std::getenv(envName))
        return v;
    if (isatty(STDIN_FILENO))
        std::fprintf(stderr, "%s / %s: ", promptVi, promptEn);
    std::string line;
    std::getline(std::cin, line);
    return line;
}

// --p12 FILE | --token LABEL [--module SO] [--key-label K]
std::optional<KeySource> keyFrom(const Args& a)
{
    if (auto p12 = a.value("p12"))
        return Pkcs12Key{*p12, secret("VANTHU_P12_PASSWORD", "Mật khẩu tệp khóa", "PKCS#12 password")};
    if (auto label = a.value("token")) {
        TokenKey t;
        t.tokenLabel = *label;
        t.modulePath = a.value("module").value_or(kDefaultModule);
        t.keyLabel = a.value("key-label").value_or("");
        t.pin = secret("VANTHU_PIN", "Mã PIN", "PIN");
        return t;
    }
    return std::nullopt;
}

std::optional<MmPoint> point(const std::string& s)
{
    const auto comma = s.find(',');
    if (comma == std::string::npos)
        return std::nullopt;
    try {
        return MmPoint{std::stod(s.substr(0, comma)), std::stod(s.substr(comma + 1))};
    } catch (...) {
        return std::nullopt;
    }
}

const std::vector<std::string> kKeyOptions{"p12", "token", "module", "key-label", "tsa", "tsa-timeout", "chain", "reason"};

// Fills the common parts of a sign request from the options.
std::optional<SignRequest> baseRequest(const Args& a, const std::string& in)
{
    SignRequest r;
    r.input = in;
    r.output = a.value("out").value_or(in);
    auto key = keyFrom(a);
    if (!key) {
        usageError("Cần --p12 FILE hoặc --token NHÃN / --p12 FILE or --token LABEL is required");
        return std::nullopt;
    }
    r.key = *key;
    r.rsaPadding = a.flag("pkcs1") ? RsaPadding::Pkcs1v15 : RsaPadding::Pss;
    r.tsaUrl = a.value("tsa").value_or("");
    if (auto t = a.value("tsa-timeout"))
        r.tsaTimeout = std::chrono::milliseconds(static_cast<long>(std::stod(*t) * 1000));
    r.extraCertificates = a.values("chain");
    r.reason = a.value("reason").value_or("");
    return r;
}

int printOutcome(const SignOutcome& o, const std::string& out)
{
    std::printf("Đã ký / Signed: %s\n", out.c_str());
    std::printf("  Người ký / Signer: %s\n", o.signerName.c_str());
    std::printf("  Trường / Field: %s\n", o.fieldName.c_str());
    std::printf("  Mức / Level: PAdES %s\n", o.level == PadesLevel::BT ? "B-T" : "B-B");
    for (const auto& [w, detail] : o.warnings)
        if (w == SignWarning::TimestampUnavailable)
            std::printf("  CẢNH BÁO: không lấy được dấu thời gian, đã ký mức B-B / WARNING: no timestamp, signed "
                        "B-B (%s)\n", detail.c_str());
    return ExitOk;
}

} // namespace

int cmdSign(Context&, const std::vector<std::string>& argv)
{
    auto options = kKeyOptions;
    options.insert(options.end(), {"out", "signer-image", "seal", "seal-mm", "at", "page", "coverage"});
    auto a = parse(argv, options, {"pkcs1", "seal-only"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu sign FILE.pdf --out OUT.pdf (--p12 FILE | --token LABEL) ...");
    auto r = baseRequest(*a, a->positional()[0]);
    if (!r)
        return ExitUsage;
    if (a->value("signer-image") || a->value("seal")) {
        VisibleAppearance v;
        v.signerImage = a->value("signer-image").value_or("");
        v.sealImage = a->value("seal").value_or("");
        v.drawSigner = !a->flag("seal-only");
        auto at = point(a->value("at").value_or(""));
        if (!at)
            return usageError("Cần --at X,Y (mm từ góc trên trái) / --at X,Y in mm from the top-left is required");
        v.signerCentre = *at;
        try {
            v.page = a->value("page") ? std::stoi(*a->value("page")) - 1 : -1;
            v.sealDiameterMm = std::stod(a->value("seal-mm").value_or("40"));
            v.sealCoverage = std::stod(a->value("coverage").value_or("0.33"));
        } catch (...) {
            return usageError("Giá trị số không hợp lệ / Invalid number");
        }
        r->visible = v;
    }
    auto res = signPdf(*r);
    if (!res)
        return reportSigning(res.error());
    return printOutcome(*res, r->output);
}

int cmdCopy(Context& ctx, const std::vector<std::string>& argv)
{
    auto options = kKeyOptions;
    options.insert(options.end(), {"out", "symbol"});
    auto a = parse(argv, options, {"pkcs1"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu copy FILE.pdf --out OUT.pdf (--p12 FILE | --token LABEL) "
                          "[--symbol SỐ/KÝ-HIỆU]");
    auto r = baseRequest(*a, a->positional()[0]);
    if (!r)
        return ExitUsage;
    const auto now = vntime::now();
    r->now = now;
    // Sao y of a paper original; with --symbol: a separate attachment (number/symbol and time).
    if (auto symbol = a->value("symbol"))
        r->cornerText = CornerText{{*symbol, vntime::toIso8601(now)}};
    else
        r->cornerText = CornerText{{"SAO Y", ctx.config.agency.name, vntime::toIso8601(now)}};
    r->reason = r->reason.empty() ? "Sao y bản chính" : r->reason;
    auto res = signPdf(*r);
    if (!res)
        return reportSigning(res.error());
    return printOutcome(*res, r->output);
}

int cmdVerify(Context&, const std::vector<std::string>& argv)
{
    auto a = parse(argv, {"trust", "timeout"}, {"no-revocation"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu verify FILE.pdf [--trust CA.pem]... [--no-revocation]");
    VerifyOptions o;
    o.trustAnchors = a->values("trust");
    o.checkRevocation = !a->flag("no-revocation");
    auto reports = verifyPdf(a->positional()[0], o);
    if (!reports)
        return reportSigning(reports.error());
    bool allValid = true;
    std::printf("Tệp / File: %s — %zu chữ ký / signature(s)\n", a->positional()[0].c_str(), reports->size());
    for (const auto& r : *reports) {
        std::printf("%s", describe(r).c_str());
        allValid = allValid && r.valid();
    }
    if (o.trustAnchors.empty())
        std::printf("Chưa cấu hình chứng thư gốc tin cậy (--trust) / No trust anchors configured (--trust)\n");
    return allValid ? ExitOk : ExitIntegrity;
}

int cmdStamp(Context& ctx, const std::vector<std::string>& argv)
{
    auto a = parse(argv, {"out", "number", "date", "to", "dossier", "at"}, {"fixed", "no-time"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1 || !a->value("number"))
        return usageError("Cách dùng / Usage: vanthu stamp FILE.pdf --out OUT.pdf --number SỐ-ĐẾN [--date ISO] "
                          "[--to NƠI-CHUYỂN] [--dossier HS] [--at X,Y [--fixed]]");
    ArrivalStamp s;
    s.agencyName = ctx.config.agency.name;
    s.arrivalNumber = *a->value("number");
    s.forwardedTo = a->value("to").value_or("");
    s.dossierSymbol = a->value("dossier").value_or("");
    s.showTime = !a->flag("no-time");
    if (auto d = a->value("date")) {
        auto t = vntime::parseIso8601(*d);
        if (!t)
            return report(t.error());
        s.arrivedAt = *t;
    } else {
        s.arrivedAt = vntime::now();
    }
    StampPlacement p;
    if (auto at = a->value("at")) {
        auto pt = point(*at);
        if (!pt)
            return usageError("--at X,Y (mm)");
        p.preferredTopLeft = *pt;
    }
    p.automatic = !a->flag("fixed");
    const std::string in = a->positional()[0];
    const std::string out = a->value("out").value_or(in);
    auto res = stampArrival(in, out, s, p);
    if (!res)
        return reportSigning(res.error());
    std::printf("Đã đóng dấu ĐẾN / Arrival stamp added: %s tại / at %.0f,%.0f mm%s\n", out.c_str(), res->topLeft.x,
                res->topLeft.y, res->moved ? " (đã dời chỗ trống / moved to free space)" : "");
    if (res->coversInk)
        std::printf("CẢNH BÁO: không có chỗ trống đủ 50×35 mm, dấu đè một phần chữ / WARNING: no empty 50×35 mm area, "
                    "the stamp covers some ink\n");
    return ExitOk;
}

int cmdFillNumber(Context&, const std::vector<std::string>& argv)
{
    auto a = parse(argv, {"out", "number", "date"}, {});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1 || !a->value("number") || !a->value("date"))
        return usageError("Cách dùng / Usage: vanthu fill-number FILE.pdf --out OUT.pdf --number SỐ --date YYYY-MM-DD");
    auto date = vntime::parseIsoDate(*a->value("date"));
    if (!date)
        return report(date.error());
    IssueFill f;
    f.number = *a->value("number");
    f.date = *date;
    const std::string in = a->positional()[0];
    const std::string out = a->value("out").value_or(in);
    auto res = writeIssueNumber(in, out, f);
    if (!res)
        return reportSigning(res.error());
    std::printf("Đã ghi số và ngày / Number and date written: %s (số / number %s, %s)\n", out.c_str(), f.number.c_str(),
                vntime::vietnameseDate(*date).c_str());
    return ExitOk;
}

} // namespace vanthu::cli
