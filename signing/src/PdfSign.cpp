// PAdES signing with PoDoFo 0.9.8: a signature field + PdfSignOutputDevice write the incremental
// update with a placeholder; the CMS is made by Cms.cpp over the ByteRange and patched into the
// placeholder. PoDoFo runs in a child process (Sandbox_p.h) because the input may be untrusted.

#include "Crypto_p.h"
#include "Pdf_p.h"
#include "Sandbox_p.h"

#include "vanthu/core/Log.h"
#include "vanthu/signing/Sign.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <sstream>
#include <cstdio>
#include <filesystem>
#include <fstream>

namespace vanthu::signing {

namespace detail {
namespace {

using namespace PoDoFo;
namespace fs = std::filesystem;
constexpr std::string_view kLog = "vanthu.signing";
constexpr char kSubFilter[] = "ETSI.CAdES.detached";

struct Box {
    double x = 0, y = 0, w = 0, h = 0;
};

void putBox(std::string& out, const std::optional<Box>& b)
{
    std::ostringstream ss;
    ss.precision(17);
    if (b)
        ss << b->x << ' ' << b->y << ' ' << b->w << ' ' << b->h;
    putField(out, ss.str());
}

std::optional<SignOutcome::Box> parseBox(const std::string& s)
{
    if (s.empty())
        return std::nullopt;
    SignOutcome::Box b;
    std::istringstream in(s);
    in >> b.x >> b.y >> b.width >> b.height;
    return b;
}

int countFields(PdfMemDocument& doc)
{
    PdfAcroForm* form = doc.GetAcroForm(false);
    if (!form)
        return 0;
    PdfObject* fields = form->GetObject()->GetIndirectKey("Fields");
    return fields && fields->IsArray() ? static_cast<int>(fields->GetArray().size()) : 0;
}

// Draws `lines` right-aligned at the top-right corner of `page` into its content stream.
Status drawCornerText(PdfMemDocument& doc, PdfPage* page, const CornerText& text)
{
    PdfFont* font = createVietnameseFont(doc, false);
    if (!font)
        return fail(Errc::FontMissing, "Liberation Serif / DejaVu Serif");
    font->SetFontSize(static_cast<float>(text.fontSizePt));
    const PdfRect size = page->GetPageSize();
    const double right = size.GetWidth() - mmToPt(text.marginMm);
    double baseline = size.GetHeight() - mmToPt(text.marginMm) - text.fontSizePt;
    PdfPainter painter;
    painter.SetPage(page);
    // Text state is graphics state that earlier content may leave set: an OCR text layer ends in
    // invisible mode (3 Tr) with horizontal scaling. Reset what our lines rely on.
    painter.GetCanvas()->Append("0 Tr 100 Tz 0 Tc 0 Tw 0 Ts\n");
    painter.SetFont(font);
    painter.SetColor(0, 0, 0);
    for (const auto& line : text.lines) {
        const PdfString s = utf8(line);
        const double width = font->GetFontMetrics()->StringWidth(s);
        painter.DrawText(right - width, baseline, s);
        baseline -= text.fontSizePt * 1.25;
    }
    painter.FinishPage();
    return {};
}

struct Prepared {
    std::optional<Box> signer, seal, widget;
};

// Adds the signature field (and appearance) and writes `tmpPath` with the placeholder.
Result<std::string> prepare(const SignRequest& r, const std::string& tmpPath, std::size_t reserve, vntime::Instant now)
{
    silencePodofo();
    PdfMemDocument doc;
    if (auto st = loadForUpdate(doc, r.input); !st)
        return std::unexpected(st.error());
    const int pages = doc.GetPageCount();
    if (pages < 1)
        return fail(Errc::PdfMalformed, "the PDF has no pages");

    Prepared prep;
    int pageIndex = 0;
    PdfRect rect(0, 0, 0, 0);
    std::unique_ptr<PdfImage> signerImg, sealImg;
    if (r.visible) {
        const VisibleAppearance& v = *r.visible;
        pageIndex = v.page < 0 ? pages - 1 : v.page;
        if (pageIndex >= pages)
            return fail(Errc::InvalidInput, "page " + std::to_string(v.page) + " of " + std::to_string(pages));
        if (v.signerImage.empty() && v.sealImage.empty())
            return fail(Errc::InvalidInput, "a visible signature needs a signer or a seal image");
        const PdfRect pageSize = doc.GetPage(pageIndex)->GetPageSize();
        const double cx = mmToPt(v.signerCentre.x);
        const double cy = pageSize.GetHeight() - mmToPt(v.signerCentre.y);
        auto loadPng = [&doc](const std::string& path) -> Result<std::unique_ptr<PdfImage>> {
            std::error_code ec;
            if (!fs::exists(path, ec))
                return fail(Errc::FileNotFound, path);
            auto img = std::make_unique<PdfImage>(&doc);
            try {
                img->LoadFromPng(path.c_str());
            } catch (const PdfError&) {
                return fail(Errc::ImageInvalid, path);
            }
            if (img->GetWidth() <= 0 || img->GetHeight() <= 0)
                return fail(Errc::ImageInvalid, path);
            return img;
        };
        Box all;
        bool any = false;
        auto grow = [&](const Box& b) {
            if (!any) {
                all = b;
                any = true;
                return;
            }
            const double x1 = std::max(all.x + all.w, b.x + b.w), y1 = std::max(all.y + all.h, b.y + b.h);
            all.x = std::min(all.x, b.x);
            all.y = std::min(all.y, b.y);
            all.w = x1 - all.x;
            all.h = y1 - all.y;
        };
        Box signerBox{cx, cy, 0, 0};
        if (!v.signerImage.empty()) {
            auto img = loadPng(v.signerImage);
            if (!img)
                return std::unexpected(img.error());
            signerImg = std::move(*img);
            // Real size at 300 dpi unless a width is given.
            const double w = v.signerWidthMm > 0 ? mmToPt(v.signerWidthMm) : signerImg->GetWidth() * 72.0 / 300.0;
            const double h = w * signerImg->GetHeight() / signerImg->GetWidth();
            signerBox = Box{cx - w / 2, cy - h / 2, w, h};
            prep.signer = signerBox;
            if (v.drawSigner)
                grow(signerBox);
        }
        if (!v.sealImage.empty()) {
            auto img = loadPng(v.sealImage);
            if (!img)
                return std::unexpected(img.error());
            sealImg = std::move(*img);
            if (v.sealDiameterMm <= 0 || v.sealCoverage < 0 || v.sealCoverage > 1)
                return fail(Errc::InvalidInput, "seal size or coverage out of range");
            const double w = mmToPt(v.sealDiameterMm);
            const double h = w * sealImg->GetHeight() / sealImg->GetWidth();
            // NĐ 30: the seal covers about the left third of the signer image.
            const double right = signerImg ? signerBox.x + v.sealCoverage * signerBox.w : cx + w / 2;
            Box seal{right - w, cy - h / 2, w, h};
            prep.seal = seal;
            grow(seal);
        }
        rect = PdfRect(all.x, all.y, all.w, all.h);
        prep.widget = all;
    }

    PdfAcroForm* form = doc.GetAcroForm(true, ePdfAcroFormDefaultAppearance_None);
    form->GetObject()->GetDictionary().AddKey("SigFlags", PdfObject(static_cast<pdf_int64>(3)));
    form->SetNeedAppearances(false);
    PdfPage* page = doc.GetPage(pageIndex);
    PdfAnnotation* annot = page->CreateAnnotation(ePdfAnnotation_Widget, rect);
    annot->SetFlags(ePdfAnnotationFlags_Print | ePdfAnnotationFlags_Locked);
    PdfSignatureField field(annot, form, &doc);
    const std::string name = r.fieldName.empty() ? "Signature" + std::to_string(countFields(doc)) : r.fieldName;
    field.SetFieldName(utf8(name));
    if (!r.reason.empty())
        field.SetSignatureReason(utf8(r.reason));
    if (!r.location.empty())
        field.SetSignatureLocation(utf8(r.location));
    if (r.visible) {
        PdfXObject xobj(PdfRect(0, 0, rect.GetWidth(), rect.GetHeight()), &doc);
        PdfPainter painter;
        painter.SetPage(&xobj);
        painter.Save();   // an appearance holding only an image confuses some readers otherwise
        painter.Restore();
        const Box& w = *prep.widget;
        if (signerImg && r.visible->drawSigner) {
            const Box& b = *prep.signer;
            painter.DrawImage(b.x - w.x, b.y - w.y, signerImg.get(), b.w / signerImg->GetWidth(),
                              b.h / signerImg->GetHeight());
        }
        if (sealImg) {   // drawn last: the seal lies over the signature
            const Box& b = *prep.seal;
            painter.DrawImage(b.x - w.x, b.y - w.y, sealImg.get(), b.w / sealImg->GetWidth(), b.h / sealImg->GetHeight());
        }
        painter.FinishPage();
        field.SetAppearanceStream(&xobj);
    }
    if (r.cornerText) {
        if (auto st = drawCornerText(doc, doc.GetPage(0), *r.cornerText); !st)
            return std::unexpected(st.error());
    }

    PdfOutputDevice out(tmpPath.c_str());
    PdfSignOutputDevice signer(&out);
    signer.SetSignatureSize(reserve);   // the hex placeholder is twice this many characters
    field.SetSignature(*signer.GetSignatureBeacon());
    PdfDictionary& sig = field.GetSignatureObject()->GetDictionary();
    // PoDoFo 0.9.8 writes adbe.pkcs7.detached; PAdES baseline needs ETSI.CAdES.detached.
    sig.AddKey("SubFilter", PdfName(kSubFilter));
    sig.AddKey("M", PdfString(pdfDateVn(now)));
    doc.WriteUpdate(&signer, true);
    if (!signer.HasSignaturePosition())
        return fail(Errc::Internal, "signature placeholder not found in the written update");
    const PdfArray range = signer.AdjustByteRange();
    signer.Flush();
    out.Flush();

    std::string answer;
    for (std::size_t i = 0; i < 4; ++i)
        putField(answer, std::to_string(range[i].GetNumber()));
    putField(answer, name);
    putBox(answer, prep.signer);
    putBox(answer, prep.seal);
    putBox(answer, prep.widget);
    return answer;
}

std::string toHex(std::string_view bytes)
{
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

Status writeAt(int fd, std::size_t offset, std::string_view data)
{
    while (!data.empty()) {
        const ssize_t n = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
        if (n <= 0)
            return fail(Errc::Io, std::string("pwrite: ") + std::strerror(errno));
        data.remove_prefix(static_cast<std::size_t>(n));
        offset += static_cast<std::size_t>(n);
    }
    return {};
}

struct TempFile {
    std::string path;
    bool keep = false;
    ~TempFile()
    {
        if (!keep && !path.empty())
            ::unlink(path.c_str());
    }
};

} // namespace
} // namespace detail

Result<std::string> probeKey(const KeySource& key, std::optional<vntime::Instant> at)
{
    auto k = detail::loadSignerKey(key, {}, at.value_or(vntime::now()));
    if (!k)
        return std::unexpected(k.error());
    return detail::commonName(k->cert.get());
}

Result<CertificateDates> readCertificate(const KeySource& key)
{
    auto cert = detail::loadKeyCertificate(key);
    if (!cert)
        return std::unexpected(cert.error());
    CertificateDates d;
    d.commonName = detail::commonName(cert->get());
    d.notBefore = detail::asn1TimeToInstant(X509_get0_notBefore(cert->get()));
    d.notAfter = detail::asn1TimeToInstant(X509_get0_notAfter(cert->get()));
    return d;
}

Result<SignOutcome> signPdf(const SignRequest& r)
{
    using namespace detail;
    namespace fs = std::filesystem;
    if (r.input.empty() || r.output.empty())
        return fail(Errc::InvalidInput, "input and output paths are required");
    std::error_code probe;
    if (!fs::exists(r.input, probe))
        return fail(Errc::FileNotFound, r.input);
    const vntime::Instant now = r.now.value_or(vntime::now());
    auto key = loadSignerKey(r.key, r.extraCertificates, now);
    if (!key) {
        log::warning(kLog, "signing key: " + key.error().toString());
        return std::unexpected(key.error());
    }

    // Room for the CMS: certificates + signature + attributes, plus a timestamp token when asked.
    std::size_t reserve = 4096;
    for (X509* c : {key->cert.get()})
        reserve += static_cast<std::size_t>(i2d_X509(c, nullptr));
    for (const auto& c : key->chain)
        reserve += static_cast<std::size_t>(i2d_X509(c.get(), nullptr));
    if (!r.tsaUrl.empty())
        reserve += 16384;   // a TSA token with its certificate chain

    auto made = makeTempBeside(r.output, "sign");
    if (!made)
        return std::unexpected(made.error());
    TempFile tmp;
    tmp.path = *made;

    SandboxLimits limits;
    limits.timeout = std::chrono::seconds(60);
    auto prepared = runSandboxed([&] { return guardPodofo([&] { return prepare(r, tmp.path, reserve, now); }); }, limits);
    if (!prepared) {
        log::warning(kLog, "preparing " + r.input + ": " + prepared.error().toString());
        return std::unexpected(prepared.error());
    }
    std::size_t pos = 0;
    std::string f[8];
    for (auto& s : f)
        if (!getField(*prepared, pos, s))
            return fail(Errc::Internal, "garbled answer from the PDF worker");
    std::size_t br[4] = {0, 0, 0, 0};
    for (int i = 0; i < 4; ++i) {
        const auto number = parseInteger<std::size_t>(f[i]);
        if (!number)
            return fail(Errc::Internal, "garbled ByteRange from the PDF worker");
        br[i] = *number;
    }

    std::string bytes;
    {
        std::ifstream in(tmp.path, std::ios::binary);
        bytes.assign(std::istreambuf_iterator<char>(in), {});
    }
    if (br[0] != 0 || br[1] >= br[2] || br[2] > bytes.size() || br[3] > bytes.size()
        || br[2] + br[3] != bytes.size() || bytes[br[1]] != '<' || bytes[br[2] - 1] != '>'
        || br[2] - br[1] != reserve * 2 + 2)
        return fail(Errc::Internal, "the written ByteRange does not frame the placeholder");
    std::string signedBytes = bytes.substr(0, br[1]);
    signedBytes.append(bytes, br[2], br[3]);
    const Sha256 digest = sha256(signedBytes);

    auto cms = buildCms(*key, digest, r.rsaPadding);
    if (!cms)
        return std::unexpected(cms.error());
    SignOutcome outcome;
    const std::string derWithoutTimestamp = toDer(cms->get());
    if (!r.tsaUrl.empty()) {
        auto token = requestTimestamp(r.tsaUrl, r.tsaTimeout, signatureValue(cms->get()));
        if (token) {
            if (auto st = addTimestampToken(cms->get(), *token); !st)
                return std::unexpected(st.error());
            outcome.level = PadesLevel::BT;
        } else {
            log::warning(kLog, "timestamp unavailable, signing B-B: " + token.error().toString());
            outcome.warnings.emplace_back(SignWarning::TimestampUnavailable, token.error().detail());
        }
    }
    std::string der = toDer(cms->get());
    if (der.empty())
        return fail(Errc::CryptoFailure, "encoding the CMS: " + opensslErrors());
    if (der.size() > reserve && outcome.level == PadesLevel::BT && derWithoutTimestamp.size() <= reserve) {
        // An unusually large token (a TSA sending a long chain): keep the signature, without it.
        log::warning(kLog, "timestamp token does not fit the reserved space, signing B-B");
        outcome.warnings.emplace_back(SignWarning::TimestampUnavailable,
                                      "timestamp token too large (" + std::to_string(der.size()) + " bytes)");
        outcome.level = PadesLevel::BB;
        der = derWithoutTimestamp;
    }
    if (der.size() > reserve)
        return fail(Errc::SignatureTooLarge, std::to_string(der.size()) + " > " + std::to_string(reserve));
    std::string hex = toHex(der);
    hex.resize(reserve * 2, '0');

    const int fd = ::open(tmp.path.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(Errc::Io, tmp.path);
    auto st = writeAt(fd, br[1] + 1, hex);
    ::close(fd);
    if (!st)
        return std::unexpected(st.error());
    tmp.keep = true;   // commitTemp removes it on failure
    if (auto committed = commitTemp(tmp.path, r.output); !committed)
        return std::unexpected(committed.error());

    outcome.fieldName = f[4];
    outcome.signerName = commonName(key->cert.get());
    outcome.reservedBytes = reserve;
    outcome.cmsBytes = der.size();
    outcome.signerBox = parseBox(f[5]);
    outcome.sealBox = parseBox(f[6]);
    outcome.widgetBox = parseBox(f[7]);
    log::info(kLog, "signed " + r.output + " as " + outcome.signerName + " ("
                        + (outcome.level == PadesLevel::BT ? "B-T" : "B-B") + ")");
    return outcome;
}

} // namespace vanthu::signing
