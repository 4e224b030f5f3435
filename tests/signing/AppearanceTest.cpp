// Geometry of what vanthu draws, measured on pixels rendered by poppler's pdftoppm and on words
// located by pdftotext -bbox: the ĐẾN stamp (35 × 50 mm, inside the page, clear of header text),
// the signature appearance (signer image at real size, seal at its configured size over the left
// 30–36 % of the signer image), and the certified-copy text (top right, 10 pt).

#include "SigningFixtures.h"

#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"

#include <gtest/gtest.h>

#include <png.h>
#include <podofo/podofo.h>

#include <functional>
#include <regex>

namespace vanthu::signing {
namespace {

using test::pki;
using vanthu::test::run;
using vanthu::test::TempDir;

constexpr double kMmPerInch = 25.4;

struct Image {
    int width = 0, height = 0;
    double dpi = 0;
    std::string rgb;
    const unsigned char* at(int x, int y) const
    {
        return reinterpret_cast<const unsigned char*>(rgb.data()) + (static_cast<std::size_t>(y) * width + x) * 3;
    }
};

// Page `page` (1-based) rendered by pdftoppm as PPM.
Image render(const std::string& pdf, int page, double dpi, const TempDir& tmp)
{
    const std::string prefix = tmp.file("render");
    auto r = run({VANTHU_PDFTOPPM, "-r", std::to_string(static_cast<int>(dpi)), "-f", std::to_string(page), "-l",
                  std::to_string(page), "-singlefile", pdf, prefix});
    Image img;
    img.dpi = dpi;
    if (r.exitCode != 0)
        return img;
    const std::string data = vanthu::test::readFile(prefix + ".ppm");
    std::istringstream in(data);
    std::string magic;
    int maxval = 0;
    in >> magic >> img.width >> img.height >> maxval;
    in.get();
    img.rgb = data.substr(static_cast<std::size_t>(in.tellg()));
    return img;
}

struct MmBox {
    double left = 1e9, top = 1e9, right = -1e9, bottom = -1e9;
    bool empty() const { return right < left; }
    double width() const { return right - left; }
    double height() const { return bottom - top; }
};

MmBox inkBox(const Image& img, const std::function<bool(const unsigned char*)>& pred, double maxYmm = 1e9,
             double minYmm = 0)
{
    MmBox b;
    const double mmPerPx = kMmPerInch / img.dpi;
    for (int y = 0; y < img.height; ++y) {
        const double ymm = y * mmPerPx;
        if (ymm > maxYmm || ymm < minYmm)
            continue;
        for (int x = 0; x < img.width; ++x) {
            if (!pred(img.at(x, y)))
                continue;
            b.left = std::min(b.left, x * mmPerPx);
            b.right = std::max(b.right, (x + 1) * mmPerPx);
            b.top = std::min(b.top, ymm);
            b.bottom = std::max(b.bottom, (y + 1) * mmPerPx);
        }
    }
    return b;
}

bool isRed(const unsigned char* p) { return p[0] > 120 && p[0] > p[1] + 70 && p[0] > p[2] + 70; }
bool isBlue(const unsigned char* p) { return p[2] > 90 && p[2] > p[0] + 50 && p[2] > p[1] + 30; }

// Alpha bounding box of a PNG (px) and its size, read with libpng.
struct PngInfo {
    int width = 0, height = 0, left = 0, right = 0;   // right: last opaque column + 1
};
PngInfo pngInfo(const std::string& path)
{
    png_image image{};
    image.version = PNG_IMAGE_VERSION;
    PngInfo info;
    if (!png_image_begin_read_from_file(&image, path.c_str()))
        return info;
    image.format = PNG_FORMAT_RGBA;
    std::vector<unsigned char> buf(PNG_IMAGE_SIZE(image));
    png_image_finish_read(&image, nullptr, buf.data(), 0, nullptr);
    info.width = static_cast<int>(image.width);
    info.height = static_cast<int>(image.height);
    info.left = info.width;
    for (int y = 0; y < info.height; ++y)
        for (int x = 0; x < info.width; ++x)
            if (buf[(static_cast<std::size_t>(y) * info.width + x) * 4 + 3] > 128) {
                info.left = std::min(info.left, x);
                info.right = std::max(info.right, x + 1);
            }
    return info;
}

std::string blankPdf(const TempDir& tmp, int pages = 1)
{
    const std::string path = tmp.file("blank.pdf");
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    PoDoFo::PdfMemDocument doc;
    for (int i = 0; i < pages; ++i)
        doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
    doc.Write(path.c_str());
    return path;
}

struct Word {
    double xMin, yMin, xMax, yMax;   // pt, top-left origin
    std::string text;
};
std::vector<Word> words(const std::string& pdf, int page)
{
    auto r = run({VANTHU_PDFTOTEXT, "-bbox", "-f", std::to_string(page), "-l", std::to_string(page), pdf, "-"});
    std::vector<Word> out;
    static const std::regex re(R"re(<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>)re");
    for (auto it = std::sregex_iterator(r.out.begin(), r.out.end(), re); it != std::sregex_iterator(); ++it)
        out.push_back({std::stod((*it)[1]), std::stod((*it)[2]), std::stod((*it)[3]), std::stod((*it)[4]), (*it)[5]});
    return out;
}

constexpr double kPtToMm = 25.4 / 72.0;

ArrivalStamp sampleStamp()
{
    ArrivalStamp s;
    s.agencyName = "SỞ THỬ NGHIỆM TỈNH MẪU";
    s.arrivalNumber = "1234";
    s.arrivedAt = *vntime::parseIso8601("2026-11-23T08:45:00+07:00");
    s.forwardedTo = "Phòng Tổ chức – Hành chính";
    s.dossierSymbol = "HS-05/2026";
    return s;
}

// DEV-005 has room for the stamp at the top; DEV-001's header leaves none.
const std::string kRoomy = "corpus/dev/clean/DEV-005.pdf";
const std::string kCrowded = "corpus/dev/clean/DEV-001.pdf";

TEST(SigningStampTest, ArrivalStampIs50x35mmInsidePageAndClearOfHeaderText)
{
    TempDir tmp;
    const std::string in = test::sharedFile(kRoomy), out = tmp.file("stamped.pdf");
    const Image before = render(in, 1, 150, tmp);
    ASSERT_GT(before.width, 0);
    ASSERT_TRUE(inkBox(before, isRed, 110).empty()) << "the test page must have no red in its top part";

    auto res = stampArrival(in, out, sampleStamp());
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_FALSE(res->coversInk);

    const Image after = render(out, 1, 150, tmp);
    const MmBox box = inkBox(after, isRed, 110);
    ASSERT_FALSE(box.empty());
    EXPECT_NEAR(box.width(), 50.0, 0.5);
    EXPECT_NEAR(box.height(), 35.0, 0.5);
    EXPECT_NEAR(box.left, res->topLeft.x, 0.5);
    EXPECT_NEAR(box.top, res->topLeft.y, 0.5);
    const double pageW = after.width * kMmPerInch / after.dpi, pageH = after.height * kMmPerInch / after.dpi;
    EXPECT_GE(box.left, 0);
    EXPECT_GE(box.top, 0);
    EXPECT_LE(box.right, pageW);
    EXPECT_LE(box.bottom, pageH);

    // No word of the original page lies under the stamp.
    const auto original = words(in, 1);
    ASSERT_GT(original.size(), 20u);
    for (const auto& w : original) {
        const bool overlaps = w.xMax * kPtToMm > box.left && w.xMin * kPtToMm < box.right
                              && w.yMax * kPtToMm > box.top && w.yMin * kPtToMm < box.bottom;
        EXPECT_FALSE(overlaps) << "stamp covers \"" << w.text << "\"";
    }

    // Vietnamese text is real text with a subset-embedded font.
    const std::string text = run({VANTHU_PDFTOTEXT, "-f", "1", "-l", "1", out, "-"}).out;
    EXPECT_NE(text.find("ĐẾN"), std::string::npos) << text;
    EXPECT_NE(text.find("Số và ký hiệu HS: HS-05/2026"), std::string::npos) << text;
    EXPECT_NE(text.find("Chuyển: Phòng Tổ chức – Hành chính"), std::string::npos) << text;
    EXPECT_NE(text.find("23/11/2026"), std::string::npos) << text;
    const std::string fonts = run({"/usr/bin/pdffonts", out}).out;
    std::istringstream lines(fonts);
    int liberation = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.find("LiberationSerif") == std::string::npos && line.find("DejaVuSerif") == std::string::npos)
            continue;
        if (line.find("CID TrueType") == std::string::npos)
            continue;
        ++liberation;
        EXPECT_NE(line.find("yes yes"), std::string::npos) << "embedded subset expected: " << line;
    }
    EXPECT_GE(liberation, 2) << fonts;
    const auto growth = vanthu::test::readFile(out).size() - vanthu::test::readFile(in).size();
    EXPECT_LT(growth, 120u * 1024) << "a full Vietnamese TTF would add ~400 KB";
    std::string q;
    EXPECT_TRUE(test::qpdfClean(out, &q)) << q;
}

TEST(SigningStampTest, StampMovesAwayFromTextAtThePreferredPlace)
{
    TempDir tmp;
    const std::string in = test::sharedFile(kRoomy), out = tmp.file("stamped.pdf");
    // Prefer the place where the national title is printed (top right): the stamp must move.
    StampPlacement p;
    p.preferredTopLeft = {140, 12};
    auto res = stampArrival(in, out, sampleStamp(), p);
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_TRUE(res->moved);
    const MmBox box{res->topLeft.x, res->topLeft.y, res->topLeft.x + 50, res->topLeft.y + 35};
    for (const auto& w : words(in, 1)) {
        const bool overlaps = w.xMax * kPtToMm > box.left && w.xMin * kPtToMm < box.right
                              && w.yMax * kPtToMm > box.top && w.yMin * kPtToMm < box.bottom;
        EXPECT_FALSE(overlaps) << "stamp covers \"" << w.text << "\"";
    }
    // Fixed placement is honoured as given.
    p.automatic = false;
    res = stampArrival(in, out, sampleStamp(), p);
    ASSERT_TRUE(res);
    EXPECT_FALSE(res->moved);
}

TEST(SigningStampTest, CrowdedHeaderIsReportedNotHidden)
{
    TempDir tmp;
    const std::string in = test::sharedFile(kCrowded), out = tmp.file("stamped.pdf");
    auto res = stampArrival(in, out, sampleStamp());
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_TRUE(res->coversInk);
    const Image after = render(out, 1, 100, tmp);
    const MmBox box = inkBox(after, isRed, 110);
    EXPECT_NEAR(box.width(), 50.0, 0.6);
    EXPECT_NEAR(box.height(), 35.0, 0.6);
}

TEST(SigningStampTest, StampOnSignedPdfKeepsTheSignatureAndIsReportedAsAnnotation)
{
    TempDir tmp;
    const std::string in = test::sharedFile("corpus/dev/clean/DEV-001.pdf");
    const std::string signedPdf = tmp.file("signed.pdf"), stamped = tmp.file("stamped.pdf");
    SignRequest r;
    r.input = in;
    r.output = signedPdf;
    r.key = Pkcs12Key{pki().agencyP12, pki().password};
    ASSERT_TRUE(signPdf(r));
    ASSERT_TRUE(stampArrival(signedPdf, stamped, sampleStamp()));
    const std::string sig = test::pdfsig(stamped);
    EXPECT_EQ(test::validCount(sig), 1) << sig;
    VerifyOptions o;
    o.trustAnchors = {pki().rootCert};
    auto reports = verifyPdf(stamped, o);
    ASSERT_TRUE(reports) << reports.error().toString();
    EXPECT_EQ(reports->front().laterChange, LaterChange::Annotations);
    EXPECT_TRUE(reports->front().valid()) << describe(reports->front());
}

TEST(SigningAppearanceTest, SignerImageAtRealSizeAndSealOverItsLeftThird)
{
    TempDir tmp;
    const std::string blank = blankPdf(tmp);
    const std::string leader = tmp.file("leader.pdf"), agency = tmp.file("agency.pdf");
    const std::string signerPng = test::sharedFile("assets/signature_sample.png");
    const std::string sealPng = test::sharedFile("assets/seal_sample.png");
    VisibleAppearance v;
    v.page = 0;
    v.signerCentre = {140, 220};
    v.signerImage = signerPng;
    SignRequest r;
    r.input = blank;
    r.output = leader;
    r.key = Pkcs12Key{pki().leaderP12, pki().password};
    r.visible = v;
    ASSERT_TRUE(signPdf(r));

    const double dpi = 300;
    const PngInfo sp = pngInfo(signerPng), seal = pngInfo(sealPng);
    ASSERT_GT(sp.width, 0);
    ASSERT_GT(seal.width, 0);
    const double signerWmm = sp.width / 300.0 * kMmPerInch;   // real size at the PNG's 300 dpi
    const Image one = render(leader, 1, dpi, tmp);
    const MmBox blue = inkBox(one, isBlue);
    ASSERT_FALSE(blue.empty());
    EXPECT_TRUE(inkBox(one, isRed).empty());
    EXPECT_NEAR(blue.width(), (sp.right - sp.left) / 300.0 * kMmPerInch, 0.5);
    // The drawn image's left edge and width, from the ink and the PNG's transparent margin.
    const double imageLeft = blue.left - sp.left / 300.0 * kMmPerInch;
    EXPECT_NEAR(imageLeft + signerWmm / 2, 140.0, 0.5) << "signer image centred where asked";

    constexpr double kSeal = 36;
    v.drawSigner = false;
    v.sealImage = sealPng;
    v.sealDiameterMm = kSeal;
    r.input = leader;
    r.output = agency;
    r.key = Pkcs12Key{pki().agencyP12, pki().password};
    r.visible = v;
    ASSERT_TRUE(signPdf(r));
    const Image two = render(agency, 1, dpi, tmp);
    const MmBox red = inkBox(two, isRed);
    ASSERT_FALSE(red.empty());
    const double sealInk = (seal.right - seal.left) * kSeal / seal.width;
    EXPECT_NEAR(red.width(), sealInk, 0.5) << "seal drawn at its real size";
    EXPECT_NEAR(red.height(), sealInk, 0.5);
    const double sealRight = red.right + (seal.width - seal.right) * kSeal / seal.width;
    const double coverage = (sealRight - imageLeft) / signerWmm;
    EXPECT_GE(coverage, 0.30);
    EXPECT_LE(coverage, 0.36);
    EXPECT_LT((red.left + red.right) / 2, imageLeft + signerWmm / 2) << "the seal sits on the left";
    EXPECT_EQ(test::validCount(test::pdfsig(agency)), 2);
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// Sao y (certified electronic copy): invisible agency signature and "SAO Y; agency; time" top right
// of page 1 in 10 pt, in the same revision as the signature.
TEST(SigningCopyTest, CertifiedCopyTextTopRightIn10ptAndSignatureValid)
{
    TempDir tmp;
    const std::string in = test::sharedFile("corpus/dev/scans/DEV-002.pdf"), out = tmp.file("saoy.pdf");
    const std::string p12 = pki().agencyP12;   // build the PKI before taking the time
    const auto now = vntime::now();
    SignRequest r;
    r.input = in;
    r.output = out;
    r.key = Pkcs12Key{p12, pki().password};
    r.now = now;
    r.cornerText = CornerText{{"SAO Y", "SỞ THỬ NGHIỆM TỈNH MẪU", vntime::toIso8601(now)}};
    auto res = signPdf(r);
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_FALSE(res->widgetBox);   // invisible signature

    const std::string sig = test::pdfsig(out);
    EXPECT_EQ(test::validCount(sig), 1) << sig;
    EXPECT_NE(sig.find("Total document signed"), std::string::npos) << sig;
    std::string q;
    EXPECT_TRUE(test::qpdfClean(out, &q)) << q;

    const auto page = words(out, 1);
    const Word* saoy = nullptr;
    const Word* time = nullptr;
    for (const auto& w : page) {
        if (w.text == "SAO")
            saoy = &w;
        if (w.text == vntime::toIso8601(now))
            time = &w;
    }
    ASSERT_TRUE(saoy);
    ASSERT_TRUE(time) << "the ISO 8601 time with +07:00 is real text";
    constexpr double kPageW = 595.276;
    // Right-aligned 10 mm from the right edge, in the top 30 mm.
    EXPECT_NEAR(time->xMax, kPageW - 10 / kPtToMm, 2.0);
    EXPECT_LT(saoy->yMin * kPtToMm, 30.0);
    EXPECT_GT(saoy->xMin, kPageW / 2);
    // A 10 pt Liberation Serif line: pdftotext's box is ascent + descent ≈ 1.1 × size.
    EXPECT_NEAR(saoy->yMax - saoy->yMin, 11.1, 1.0);
    const std::string text = run({VANTHU_PDFTOTEXT, "-f", "1", "-l", "1", out, "-"}).out;
    EXPECT_NE(text.find("SỞ THỬ NGHIỆM TỈNH MẪU"), std::string::npos) << text;
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// A signed original with blank number and date, as the leader signs it before issuance.
std::string blankOriginal(const TempDir& tmp)
{
    const std::string path = tmp.file("blank-original.pdf");
    PoDoFo::PdfError::EnableDebug(false);
    PoDoFo::PdfError::EnableLogging(false);
    PoDoFo::PdfMemDocument doc;
    PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
    auto font = [&doc](const char* file, bool italic) {
        return doc.CreateFontSubset(file, false, italic, false, PoDoFo::PdfEncodingFactory::GlobalIdentityEncodingInstance(),
                                    (std::string("/usr/share/fonts/truetype/liberation2/") + file + ".ttf").c_str());
    };
    PoDoFo::PdfFont* regular = font("LiberationSerif-Regular", false);
    PoDoFo::PdfFont* italic = font("LiberationSerif-Italic", true);
    regular->SetFontSize(13);
    italic->SetFontSize(13);
    auto u = [](const char* s) { return PoDoFo::PdfString(reinterpret_cast<const PoDoFo::pdf_utf8*>(s)); };
    PoDoFo::PdfPainter p;
    p.SetPage(page);
    const double top = 841.89;
    p.SetFont(regular);
    p.DrawText(60, top - 80, u("SỞ THỬ NGHIỆM TỈNH MẪU"));
    p.DrawText(80, top - 130, u("Số:"));
    p.DrawText(140, top - 130, u("/QĐ-STN"));
    p.SetFont(italic);
    p.DrawText(330, top - 130, u("Mẫu, ngày"));
    p.DrawText(420, top - 130, u("tháng"));
    p.DrawText(485, top - 130, u("năm 2026"));
    p.SetFont(regular);
    p.DrawText(200, top - 200, u("QUYẾT ĐỊNH"));
    p.DrawText(80, top - 240, u("Về việc thử nghiệm cấp số văn bản đi."));
    p.FinishPage();
    doc.Write(path.c_str());
    return path;
}

long darkPixels(const Image& img, double l, double t, double r, double b)   // mm box
{
    const double pxPerMm = img.dpi / kMmPerInch;
    long n = 0;
    for (int y = static_cast<int>(t * pxPerMm); y < static_cast<int>(b * pxPerMm); ++y)
        for (int x = static_cast<int>(l * pxPerMm); x < static_cast<int>(r * pxPerMm); ++x)
            if (img.at(x, y)[0] < 128 && img.at(x, y)[1] < 128 && img.at(x, y)[2] < 128)
                ++n;
    return n;
}

// An OCR text layer (Tesseract's PDF renderer) leaves invisible text mode (3 Tr) and horizontal
// scaling set after its last text object: the copy text drawn after it must still be visible.
TEST(SigningCopyTest, CopyTextIsVisibleAfterContentThatLeavesInvisibleTextMode)
{
    TempDir tmp;
    const std::string in = tmp.file("ocr-layer.pdf"), out = tmp.file("saoy.pdf");
    {
        PoDoFo::PdfError::EnableDebug(false);
        PoDoFo::PdfError::EnableLogging(false);
        PoDoFo::PdfMemDocument doc;
        PoDoFo::PdfPage* page = doc.CreatePage(PoDoFo::PdfPage::CreateStandardPageSize(PoDoFo::ePdfPageSize_A4));
        PoDoFo::PdfPainter p;
        p.SetPage(page);
        p.GetCanvas()->Append("BT 3 Tr 40 Tz ET\n");
        p.FinishPage();
        doc.Write(in.c_str());
    }
    SignRequest r;
    r.input = in;
    r.output = out;
    r.key = Pkcs12Key{pki().agencyP12, pki().password};
    r.cornerText = CornerText{{"SAO Y", "SỞ THỬ NGHIỆM TỈNH MẪU", "2026-11-29T10:00:00+07:00"}};
    auto res = signPdf(r);
    ASSERT_TRUE(res) << res.error().toString();
    const Image img = render(out, 1, 150, tmp);
    ASSERT_GT(img.width, 0);
    // The three lines sit right-aligned in the top 30 mm of the right half.
    EXPECT_GT(darkPixels(img, 110, 5, 205, 30), 200) << "the copy text is drawn, not invisible";
}

TEST(SigningIssueTest, NumberAndDateFillTheBlanksAndTheLeaderSignatureStaysValid)
{
    TempDir tmp;
    const std::string original = blankOriginal(tmp);
    const std::string leaderSigned = tmp.file("leader.pdf"), issued = tmp.file("issued.pdf");
    SignRequest r;
    r.input = original;
    r.output = leaderSigned;
    r.key = Pkcs12Key{pki().leaderP12, pki().password};
    ASSERT_TRUE(signPdf(r));

    IssueFill fill;
    fill.number = "05";
    fill.date = std::chrono::year{2026} / std::chrono::February / std::chrono::day{7};
    auto res = writeIssueNumber(leaderSigned, issued, fill);
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_NEAR(res->fontSizePt, 13, 0.5);

    const std::string sig = test::pdfsig(issued);
    EXPECT_EQ(test::validCount(sig), 1) << sig;
    VerifyOptions o;
    o.trustAnchors = {pki().rootCert};
    auto reports = verifyPdf(issued, o);
    ASSERT_TRUE(reports) << reports.error().toString();
    EXPECT_EQ(reports->front().laterChange, LaterChange::Annotations);
    EXPECT_TRUE(reports->front().valid()) << describe(reports->front());
    std::string q;
    EXPECT_TRUE(test::qpdfClean(issued, &q)) << q;

    // Ink appears exactly in the three gaps, which were empty, on the printed baseline.
    const auto w = words(original, 1);
    auto find = [&w](const std::string& text) {
        for (const auto& x : w)
            if (x.text == text)
                return x;
        ADD_FAILURE() << "word not found: " << text;
        return Word{};
    };
    const Word so = find("Số:"), sym = find("/QĐ-STN"), ngay = find("ngày"), thang = find("tháng"), nam = find("năm");
    const Image before = render(leaderSigned, 1, 150, tmp);
    const Image after = render(issued, 1, 150, tmp);
    struct Gap {
        double l, r, t, b;
    };
    for (const Gap g : {Gap{so.xMax, sym.xMin, so.yMin, so.yMax}, Gap{ngay.xMax, thang.xMin, ngay.yMin, ngay.yMax},
                        Gap{thang.xMax, nam.xMin, thang.yMin, thang.yMax}}) {
        const double l = g.l * kPtToMm + 0.3, r2 = g.r * kPtToMm - 0.3, t = g.t * kPtToMm, b = g.b * kPtToMm;
        EXPECT_EQ(darkPixels(before, l, t, r2, b), 0);
        EXPECT_GT(darkPixels(after, l, t, r2, b), 20) << "gap " << l << ".." << r2 << " mm not filled";
    }
    // The number's baseline is the printed one.
    EXPECT_NEAR(res->numberAt.y, (so.yMax - 13 * 0.216) * kPtToMm, 0.5);
}

TEST(SigningIssueTest, WithoutBlanksOrPositionsItSaysSo)
{
    TempDir tmp;
    IssueFill fill;
    fill.number = "12";
    fill.date = std::chrono::year{2026} / 11 / 29;
    auto res = writeIssueNumber(blankPdf(tmp), tmp.file("x.pdf"), fill);
    ASSERT_FALSE(res);
    EXPECT_TRUE(res.error().is(Errc::InvalidInput)) << res.error().toString();
    fill.numberAt = MmPoint{40, 50};
    fill.dayAt = MmPoint{120, 50};
    fill.monthAt = MmPoint{140, 50};
    res = writeIssueNumber(blankPdf(tmp), tmp.file("x.pdf"), fill);
    ASSERT_TRUE(res) << res.error().toString();
    const Image img = render(tmp.file("x.pdf"), 1, 150, tmp);
    EXPECT_GT(darkPixels(img, 39, 44, 50, 52), 20);
}

} // namespace
} // namespace vanthu::signing

namespace vanthu::signing {
namespace {

// The signer image goes between the authority's title and the printed name (NĐ 30 ô 7).
TEST(SigningAppearanceTest, SignatureSpotIsBetweenTitleAndName)
{
    const std::string pdf = test::sharedFile("corpus/dev/clean/DEV-001.pdf");
    auto spot = findSignatureSpot(pdf, "Trần Anh Tuấn");
    ASSERT_TRUE(spot) << spot.error().toString();
    const auto w = words(pdf, 1);
    const Word* name = nullptr;
    const Word* title = nullptr;
    for (const auto& x : w) {
        if (x.text == "Trần")
            name = &x;
        if (x.text == "PHÒNG" && x.yMin > 400)
            title = &x;
    }
    ASSERT_TRUE(name && title);
    EXPECT_GT(spot->y, title->yMax * kPtToMm);
    EXPECT_LT(spot->y, name->yMin * kPtToMm);
    EXPECT_GT(spot->x, name->xMin * kPtToMm);
    auto missing = findSignatureSpot(pdf, "Người Không Có");
    ASSERT_FALSE(missing);
    EXPECT_TRUE(missing.error().is(Errc::InvalidInput));
}

} // namespace
} // namespace vanthu::signing
