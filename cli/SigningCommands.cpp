// vanthu sign | verify | stamp | copy: PAdES signatures, verification, the ĐẾN stamp, sao y.
// Secrets (PKCS#12 password, token PIN) come from one line on stdin (default), one line on an
// inherited descriptor (--password-fd N / --pin-fd N), or the environment (VANTHU_P12_PASSWORD,
// VANTHU_PIN, removed from the environment as soon as read, so no child inherits them); never from
// the command line, never printed.
#include "Commands.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/SigningConfig.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
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

// The secret variables leave the environment before anything can fork or exec.
void scrubSecretEnvironment()
{
    ::unsetenv("VANTHU_PIN");
    ::unsetenv("VANTHU_P12_PASSWORD");
}

// One line from descriptor `fd` (closed afterwards); nullopt when it cannot be read.
std::optional<std::string> lineFromFd(int fd)
{
    std::string line;
    char c = 0;
    for (;;) {
        const ssize_t n = ::read(fd, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            return std::nullopt;
        }
        if (n == 0 || c == '\n')
            break;
        line += c;
    }
    ::close(fd);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

std::string secret(const Args& a, const char* fdOption, const char* envName, const char* promptVi,
                   const char* promptEn)
{
    if (auto fdText = a.value(fdOption)) {
        int fd = -1;
        const auto [ptr, ec] = std::from_chars(fdText->data(), fdText->data() + fdText->size(), fd);
        std::optional<std::string> line;
        if (ec == std::errc() && ptr == fdText->data() + fdText->size() && fd >= 0)
            line = lineFromFd(fd);
        scrubSecretEnvironment();
        if (!line)
            std::fprintf(stderr, "Lỗi: không đọc được --%s %s / Error: cannot read --%s %s\n", fdOption,
                         fdText->c_str(), fdOption, fdText->c_str());
        return line.value_or(std::string());
    }
    if (const char* v = std::getenv(envName)) {
        std::string value = v;
        scrubSecretEnvironment();
        return value;
    }
    scrubSecretEnvironment();
    if (isatty(STDIN_FILENO))
        std::fprintf(stderr, "%s / %s: ", promptVi, promptEn);
    std::string line;
    std::getline(std::cin, line);
    return line;
}

// --p12 FILE | --token LABEL [--module SO] [--key-label K]; else [signing] token_label / pkcs12.
std::optional<KeySource> keyFrom(const Args& a, const SigningConfig& cfg)
{
    if (auto p12 = a.value("p12"))
        return Pkcs12Key{*p12, secret(a, "password-fd", "VANTHU_P12_PASSWORD", "Mật khẩu tệp khóa", "PKCS#12 password")};
    const std::string label = a.value("token").value_or(cfg.tokenLabel);
    if (!label.empty()) {
        TokenKey t;
        t.tokenLabel = label;
        t.modulePath = a.value("module").value_or(cfg.tokenModule.empty() ? kDefaultModule : cfg.tokenModule);
        t.keyLabel = a.value("key-label").value_or(cfg.keyLabel);
        t.pin = secret(a, "pin-fd", "VANTHU_PIN", "Mã PIN", "PIN");
        return t;
    }
    if (!cfg.pkcs12.empty())
        return Pkcs12Key{cfg.pkcs12, secret(a, "password-fd", "VANTHU_P12_PASSWORD", "Mật khẩu tệp khóa", "PKCS#12 password")};
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

const std::vector<std::string> kKeyOptions{"p12", "token", "module", "key-label", "tsa", "tsa-timeout", "chain",
                                           "reason", "pin-fd", "password-fd"};

// Fills the common parts of a sign request from the options.
std::optional<SignRequest> baseRequest(const Args& a, const std::string& in, const SigningConfig& cfg)
{
    SignRequest r;
    r.input = in;
    r.output = a.value("out").value_or(in);
    auto key = keyFrom(a, cfg);
    if (!key) {
        usageError("Cần --p12 FILE hoặc --token NHÃN / --p12 FILE or --token LABEL is required");
        return std::nullopt;
    }
    r.key = *key;
    r.rsaPadding = a.flag("pkcs1") ? RsaPadding::Pkcs1v15 : RsaPadding::Pss;
    r.tsaUrl = a.value("tsa").value_or(cfg.tsaUrl);
    r.tsaTimeout = cfg.tsaTimeout;
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

int cmdSign(Context& ctx, const std::vector<std::string>& argv)
{
    auto cfg = SigningConfig::load(ctx.config);
    if (!cfg)
        return report(cfg.error());
    auto options = kKeyOptions;
    options.insert(options.end(), {"out", "signer-image", "seal", "seal-mm", "at", "signer-name", "page", "coverage"});
    auto a = parse(argv, options, {"pkcs1", "seal-only"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu sign FILE.pdf --out OUT.pdf (--p12 FILE | --token LABEL) ...");
    auto r = baseRequest(*a, a->positional()[0], *cfg);
    if (!r)
        return ExitUsage;
    if (a->value("signer-image") || a->value("seal") || a->flag("seal-only")) {
        VisibleAppearance v;
        v.signerImage = a->value("signer-image").value_or("");
        // The configured agency seal only with --seal-only (the records office sealing a leader signature).
        v.sealImage = a->value("seal").value_or(a->flag("seal-only") ? cfg->sealImage : std::string());
        v.drawSigner = !a->flag("seal-only");
        if (auto name = a->value("signer-name")) {
            // Between the authority's title and the printed name on the last page.
            auto spot = findSignatureSpot(r->input, *name);
            if (!spot)
                return reportSigning(spot.error());
            v.signerCentre = *spot;
        } else {
            auto at = point(a->value("at").value_or(""));
            if (!at)
                return usageError("Cần --at X,Y (mm từ góc trên trái) hoặc --signer-name \"Họ Tên\" / --at X,Y in mm "
                                  "from the top-left or --signer-name \"Full Name\" is required");
            v.signerCentre = *at;
        }
        try {
            v.page = a->value("page") ? std::stoi(*a->value("page")) - 1 : -1;
            v.sealDiameterMm = a->value("seal-mm") ? std::stod(*a->value("seal-mm")) : cfg->sealDiameterMm;
            v.sealCoverage = a->value("coverage") ? std::stod(*a->value("coverage")) : cfg->sealCoverage;
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
    auto cfg = SigningConfig::load(ctx.config);
    if (!cfg)
        return report(cfg.error());
    auto options = kKeyOptions;
    options.insert(options.end(), {"out", "symbol"});
    auto a = parse(argv, options, {"pkcs1"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu copy FILE.pdf --out OUT.pdf (--p12 FILE | --token LABEL) "
                          "[--symbol SỐ/KÝ-HIỆU]");
    auto r = baseRequest(*a, a->positional()[0], *cfg);
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

int cmdVerify(Context& ctx, const std::vector<std::string>& argv)
{
    auto cfg = SigningConfig::load(ctx.config);
    if (!cfg)
        return report(cfg.error());
    auto a = parse(argv, {"trust"}, {"no-revocation"});
    if (!a)
        return ExitUsage;
    if (a->positional().size() != 1)
        return usageError("Cách dùng / Usage: vanthu verify FILE.pdf [--trust CA.pem]... [--no-revocation]");
    VerifyOptions o;
    o.trustAnchors = a->values("trust").empty() ? cfg->trustAnchors : a->values("trust");
    o.checkRevocation = cfg->checkRevocation && !a->flag("no-revocation");
    o.networkTimeout = cfg->networkTimeout;
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
    auto cfg = SigningConfig::load(ctx.config);
    if (!cfg)
        return report(cfg.error());
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
    StampPlacement p = cfg->stamp;
    if (auto at = a->value("at")) {
        auto pt = point(*at);
        if (!pt)
            return usageError("--at X,Y (mm)");
        p.preferredTopLeft = *pt;
    }
    if (a->flag("fixed"))
        p.automatic = false;
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
