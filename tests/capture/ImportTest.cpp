#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Import.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <tuple>

using namespace vanthu;
using namespace vanthu::test;

namespace {
const std::string kCorpus = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";

std::string tool(const char* name)
{
    for (const char* dir : {"/usr/bin/", "/bin/", "/usr/local/bin/"})
        if (std::filesystem::exists(std::string(dir) + name))
            return std::string(dir) + name;
    ADD_FAILURE() << name << " is not installed (packaging/install-deps.sh installs it)";
    return name;
}
} // namespace

TEST(Import, ScannedPdfRendersEveryPageAndKeepsTheHash)
{
    const std::string pdf = kCorpus + "/scans/DEV-001.pdf";
    ASSERT_TRUE(std::filesystem::exists(pdf)) << "corpus missing: " << pdf;
    capture::ImportOptions o;
    o.dpi = 100;
    auto f = capture::importFile(pdf, o);
    ASSERT_TRUE(f) << f.error().toString();
    EXPECT_EQ(f->kind, "pdf");
    EXPECT_EQ(f->pages.size(), 2u);
    EXPECT_FALSE(f->hasTextLayer);
    EXPECT_FALSE(f->hasSignature);
    // A4 at 100 dpi: 827 x 1169 pixels, grey as scanned.
    EXPECT_NEAR(f->pages[0].width, 827, 2);
    EXPECT_NEAR(f->pages[0].height, 1169, 2);
    EXPECT_EQ(f->pages[0].dpi, 100);
    EXPECT_EQ(f->pages[0].format, PixelFormat::Gray8);
    // The hash of the original bytes agrees with an independent tool.
    auto sum = run({tool("sha256sum"), pdf});
    EXPECT_EQ(sum.out.substr(0, 64), f->sha256);
}

// A grey scan comes as grey (the values Poppler renders, in one channel), a colour scan as colour.
TEST(Import, GreyScanComesGreyAndColourStaysColour)
{
    const std::string pdf = kCorpus + "/scans/DEV-001.pdf";  // grey, 200 dpi
    auto f = capture::importFile(pdf, {.dpi = 200});
    ASSERT_TRUE(f) << f.error().toString();
    ASSERT_EQ(f->pages[0].format, PixelFormat::Gray8);
    EXPECT_EQ(f->pages[0].dpi, 200);
    auto rgb = capture::importFile(pdf, {.dpi = 200, .greyWhenNeutral = false});
    ASSERT_TRUE(rgb) << rgb.error().toString();
    ASSERT_EQ(rgb->pages[0].format, PixelFormat::Rgb24);
    ASSERT_EQ(rgb->pages[0].width, f->pages[0].width);
    ASSERT_EQ(rgb->pages[0].height, f->pages[0].height);
    long differ = 0;
    for (int y = 0; y < f->pages[0].height; ++y) {
        const uint8_t* g = f->pages[0].pixels->data() + static_cast<size_t>(y) * f->pages[0].stride;
        const uint8_t* c = rgb->pages[0].pixels->data() + static_cast<size_t>(y) * rgb->pages[0].stride;
        for (int x = 0; x < f->pages[0].width; ++x)
            differ += g[x] != c[3 * x] || g[x] != c[3 * x + 1] || g[x] != c[3 * x + 2];
    }
    EXPECT_EQ(differ, 0);

    auto colour = capture::importFile(kCorpus + "/scans/DEV-005.pdf", {.dpi = 200});  // colour, 200 dpi
    ASSERT_TRUE(colour) << colour.error().toString();
    EXPECT_EQ(colour->pages[0].format, PixelFormat::Rgb24);
}

namespace {

// A one-page PDF 2 inches square that draws a grey image of w x h pixels with `draw` (a content
// stream using /Im0, or /Fm0: a form XObject that draws /Im0 over its unit square scaled to the
// page), made without any PDF library of ours (pdfOfObjects).
std::string drawnImagePdf(int w, int h, const std::string& draw)
{
    std::string image(static_cast<size_t>(w) * static_cast<size_t>(h), '\xff');
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x)
            if ((y / 8) % 3 == 0 && (x / 5) % 2 == 0)  // lines of dark "letters"
                image[static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)] = '\x20';
    const std::string form = "q 144 0 0 144 0 0 cm /Im0 Do Q";
    const std::vector<std::string> objects = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 144 144] /Resources << /XObject << /Im0 5 0 R /Fm0 6 0 R >> >> "
        "/Contents 4 0 R >>",
        "<< /Length " + std::to_string(draw.size()) + " >>\nstream\n" + draw + "\nendstream",
        "<< /Type /XObject /Subtype /Image /Width " + std::to_string(w) + " /Height " + std::to_string(h) +
            " /ColorSpace /DeviceGray /BitsPerComponent 8 /Length " + std::to_string(image.size()) + " >>\nstream\n" +
            image + "\nendstream",
        "<< /Type /XObject /Subtype /Form /BBox [0 0 144 144] /Resources << /XObject << /Im0 5 0 R >> >> /Length " +
            std::to_string(form.size()) + " >>\nstream\n" + form + "\nendstream",
    };
    return pdfOfObjects(objects);
}

} // namespace

// A page that is one scanned image is rendered at the scan's own resolution (from 150 dpi up to
// the asked one): what the image says, not what the clerk's setting says. Anything else (an image
// not covering the page, pixels not square, a scan coarser than 150 dpi, a born-digital page) at
// the asked resolution.
TEST(Import, ScannedPageComesAtItsOwnResolution)
{
    // Corpus scans: grey JPEG at 200 dpi, 1-bit G4 at 200 and at 300 dpi; a born-digital original.
    for (const auto& [file, dpi, width] : std::vector<std::tuple<std::string, int, int>>{
             {"/scans/DEV-001.pdf", 200, 1654}, {"/scans/DEV-003.pdf", 200, 1654},
             {"/scans/DEV-004.pdf", 300, 2480}, {"/clean/DEV-002.pdf", 300, 2480}}) {
        auto f = capture::importFile(kCorpus + file);
        ASSERT_TRUE(f) << file << ": " << f.error().toString();
        EXPECT_EQ(f->pages[0].dpi, dpi) << file;
        EXPECT_NEAR(f->pages[0].width, width, 1) << file;
        auto asked = capture::importFile(kCorpus + file, {.dpi = 300, .atScanResolution = false});
        ASSERT_TRUE(asked) << file;
        EXPECT_EQ(asked->pages[0].dpi, 300) << file;
    }

    // The 1-bit scan's pixels as scanned: against the image Poppler's pdfimages takes out of the file.
    TempDir dir;
    const std::string pdfimages = std::filesystem::path(VANTHU_PDFTOTEXT).parent_path() / "pdfimages";
    ASSERT_EQ(run({pdfimages, "-f", "1", "-l", "1", "-png", kCorpus + "/scans/DEV-003.pdf", dir.file("im")}).exitCode, 0);
    auto embedded = capture::readImage(dir.file("im-000.png"));
    ASSERT_TRUE(embedded) << embedded.error().toString();
    auto ours = capture::importFile(kCorpus + "/scans/DEV-003.pdf");
    ASSERT_TRUE(ours);
    const PageImage& a = ours->pages[0];
    ASSERT_EQ(a.format, PixelFormat::Gray8);
    ASSERT_EQ(a.width, embedded->width);
    ASSERT_EQ(a.height, embedded->height);
    long same = 0, ink = 0;
    for (int y = 0; y < a.height; ++y)
        for (int x = 0; x < a.width; ++x) {
            const bool inkOurs = a.pixels->data()[static_cast<size_t>(y) * a.stride + static_cast<size_t>(x)] < 128;
            const uint8_t* row = embedded->pixels->data() + static_cast<size_t>(y) * embedded->stride;
            const bool inkTheirs = embedded->format == PixelFormat::Mono1 ? (row[x / 8] >> (7 - x % 8)) & 1
                                   : embedded->format == PixelFormat::Gray8 ? row[x] < 128
                                                                            : row[3 * x] < 128;
            same += inkOurs == inkTheirs;
            ink += inkTheirs;
        }
    EXPECT_GT(ink, 10000);
    EXPECT_GT(static_cast<double>(same) / (static_cast<double>(a.width) * a.height), 0.995);

    // Made-up pages 2 inches square (144 pt).
    for (const auto& [w, h, draw, dpi, why] : std::vector<std::tuple<int, int, std::string, int, std::string>>{
             {400, 400, "q 144 0 0 144 0 0 cm /Im0 Do Q", 200, "full page, 200 dpi"},
             {400, 400, "q 0 144 -144 0 144 0 cm /Im0 Do Q", 200, "full page turned a quarter"},
             {400, 400, "/Fm0 Do", 200, "inside a form XObject"},
             {200, 200, "q 72 0 0 72 0 0 cm /Im0 Do Q", 300, "200 dpi over a quarter of the page"},
             {400, 200, "q 144 0 0 144 0 0 cm /Im0 Do Q", 300, "200 dpi across, 100 down"},
             {200, 200, "q 144 0 0 144 0 0 cm /Im0 Do Q", 300, "100 dpi: coarser than 150"},
             {1000, 1000, "q 144 0 0 144 0 0 cm /Im0 Do Q", 300, "500 dpi: finer than asked"},
         }) {
        writeFile(dir.file("made.pdf"), drawnImagePdf(w, h, draw));
        auto f = capture::importFile(dir.file("made.pdf"));
        ASSERT_TRUE(f) << why << ": " << f.error().toString();
        EXPECT_EQ(f->pages[0].dpi, dpi) << why;
        EXPECT_EQ(f->pages[0].width, 2 * dpi) << why;
    }
}

TEST(Import, BornDigitalPdfIsMarkedAsHavingText)
{
    auto f = capture::importFile(kCorpus + "/clean/DEV-002.pdf", {72, 50});
    ASSERT_TRUE(f) << f.error().toString();
    EXPECT_TRUE(f->hasTextLayer);
    EXPECT_FALSE(f->pages.empty());
}

TEST(Import, PngKeepsItsResolution)
{
    auto f = capture::importFile(kCorpus + "/pages/DEV-003_p1.png");
    ASSERT_TRUE(f) << f.error().toString();
    EXPECT_EQ(f->kind, "png");
    ASSERT_EQ(f->pages.size(), 1u);
    const int dpi = f->pages[0].dpi;
    EXPECT_TRUE(dpi == 200 || dpi == 300) << dpi;
    EXPECT_NEAR(f->pages[0].widthMm(), 210, 3);
}

TEST(Import, MultiPageTiff)
{
    TempDir dir;
    // Two pages rendered by Poppler's pdftoppm, joined by libtiff's tiffcp: independent of our code.
    const std::string pdftoppm = std::filesystem::path(VANTHU_PDFTOTEXT).parent_path() / "pdftoppm";
    ASSERT_EQ(run({pdftoppm, "-r", "50", "-tiff", kCorpus + "/scans/DEV-001.pdf", dir.file("p")}).exitCode, 0);
    std::vector<std::string> parts;
    for (const auto& e : std::filesystem::directory_iterator(dir.path()))
        parts.push_back(e.path().string());
    std::sort(parts.begin(), parts.end());
    ASSERT_EQ(parts.size(), 2u);
    std::vector<std::string> argv{tool("tiffcp")};
    argv.insert(argv.end(), parts.begin(), parts.end());
    argv.push_back(dir.file("both.tif"));
    ASSERT_EQ(run(argv).exitCode, 0);
    auto f = capture::importFile(dir.file("both.tif"));
    ASSERT_TRUE(f) << f.error().toString();
    EXPECT_EQ(f->kind, "tiff");
    EXPECT_EQ(f->pages.size(), 2u);
    EXPECT_EQ(f->pages[1].dpi, 50);
}

TEST(Import, BadFilesGiveClearErrors)
{
    TempDir dir;
    writeFile(dir.file("empty.pdf"), "");
    writeFile(dir.file("garbage.pdf"), "%PDF-1.7\n" + std::string(5000, 'x'));
    writeFile(dir.file("letter.pdf"), "Kính gửi Sở Tài chính");
    writeFile(dir.file("notes.txt"), "ghi chú");
    for (const char* name : {"empty.pdf", "garbage.pdf", "letter.pdf"}) {
        auto f = capture::importFile(dir.file(name));
        ASSERT_FALSE(f) << name;
        EXPECT_TRUE(f.error().is(capture::Errc::UnreadableFile)) << name << ": " << f.error().toString();
    }
    auto txt = capture::importFile(dir.file("notes.txt"));
    ASSERT_FALSE(txt);
    EXPECT_TRUE(txt.error().is(capture::Errc::UnsupportedFile));
    auto missing = capture::importFile(dir.file("nope.pdf"));
    EXPECT_TRUE(missing.error().is(capture::Errc::UnreadableFile));

    // Encrypted with a user password (made by qpdf): refused with a message saying so.
    ASSERT_EQ(run({VANTHU_QPDF, "--encrypt", "mk", "mk", "256", "--", kCorpus + "/clean/DEV-001.pdf", dir.file("locked.pdf")})
                  .exitCode,
              0);
    auto locked = capture::importFile(dir.file("locked.pdf"));
    ASSERT_FALSE(locked);
    EXPECT_NE(locked.error().detail().find("password"), std::string::npos);

    // A truncated scan: either a clear error or the pages that survive, never a crash.
    const std::string bytes = readFile(kCorpus + "/scans/DEV-004.pdf");
    writeFile(dir.file("cut.pdf"), bytes.substr(0, bytes.size() / 3));
    auto cut = capture::importFile(dir.file("cut.pdf"));
    if (!cut) {
        EXPECT_TRUE(cut.error().is(capture::Errc::UnreadableFile));
    }
}
