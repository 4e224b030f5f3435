// The searchable PDF/A-2b, judged by independent tools: qpdf --check, pdftotext (text and word
// boxes), pdfinfo (metadata).
#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"

#include "SharedEngine.h"

#include <gtest/gtest.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>

#include <sys/resource.h>
#include <unistd.h>

using namespace vanthu;
using vanthu::test::shell;

TEST(OcrSearchablePdf, PdfA2bWithTextOverTheWords)
{
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-005_p1.png");
    ASSERT_TRUE(page);
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdf-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "DEV-005.pdf").string();
    DocumentMeta meta;
    meta.numberSymbol = *parseNumberSymbol("83/CT-UBND");
    meta.issuer = "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ";
    meta.type = doctype::byAbbreviation("CT");
    meta.subject = "Về đẩy mạnh ứng dụng công nghệ thông tin";
    meta.pageCount = 1;
    const long before = test::ocrEngine().recognitions();
    auto r = test::ocrEngine().writeSearchablePdf({*page}, out, meta).get();
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(test::ocrEngine().recognitions() - before, 1);
    EXPECT_EQ(*r, out);
    EXPECT_FALSE(std::filesystem::exists(out + ".part" + std::to_string(::getpid()))) << "no temporary left";

    int rc = -1;
    const std::string check = shell(std::string(VANTHU_QPDF) + " --check '" + out + "' 2>&1", &rc);
    EXPECT_EQ(rc, 0) << check;
    EXPECT_EQ(check.find("WARNING"), std::string::npos) << check;

    // The page text in reading order.
    const std::string txt = text::simplifySpaces(shell(std::string(VANTHU_PDFTOTEXT) + " -enc UTF-8 '" + out + "' -"));
    const size_t title = txt.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM");
    const size_t type = txt.find("CHỈ THỊ");
    const size_t closing = txt.find("Nơi nhận");
    EXPECT_NE(title, std::string::npos) << txt;
    EXPECT_NE(type, std::string::npos) << txt;
    EXPECT_NE(closing, std::string::npos) << txt;
    EXPECT_LT(title, type);
    EXPECT_LT(type, closing);

    // Word boxes: "83/CT-UBND" lies where the truth layout puts the number line (bbox_px of
    // truth/DEV-005.json layout.number_symbol, converted to points at 200 dpi).
    const std::string bbox = shell(std::string(VANTHU_PDFTOTEXT) + " -bbox -enc UTF-8 '" + out + "' -");
    std::smatch m;
    const std::regex word(R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">83/CT-UBND</word>)re");
    ASSERT_TRUE(std::regex_search(bbox, m, word)) << bbox.substr(0, 2000);
    const double pt = 72.0 / page->dpi;
    const double x0 = std::stod(m[1]) / pt, y0 = std::stod(m[2]) / pt, x1 = std::stod(m[3]) / pt, y1 = std::stod(m[4]) / pt;
    // layout.number_symbol.bbox_px = [379, 288, 645, 331], with "Số: " at its left. The page is
    // scanned 1.7° askew and the text layer lays each line level at its mean baseline (see
    // invisibleText): this line runs on to the date in the motto column, so at its left end the
    // invisible words sit some 15 pixels above the printed ones (a third of the line's height).
    EXPECT_GT(x0, 400);
    EXPECT_LT(x1, 660);
    EXPECT_GT(y0, 288 - 22);
    EXPECT_LT(y1, 341);

    // PDF/A identification and the fields in the metadata.
    const std::string info = shell("pdfinfo -meta '" + out + "' 2>&1");
    EXPECT_NE(info.find("<pdfaid:part>2</pdfaid:part>"), std::string::npos) << info;
    EXPECT_NE(info.find("<pdfaid:conformance>B</pdfaid:conformance>"), std::string::npos);
    EXPECT_NE(info.find("83/CT-UBND"), std::string::npos);
    EXPECT_NE(info.find("ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ"), std::string::npos);
    // The LSTM reads a grey copy, but the page stays in colour (the red seal, the blue signature).
    const std::string images = shell("pdfimages -list '" + out + "'");
    EXPECT_NE(images.find(" rgb "), std::string::npos) << images;
    const std::string fonts = shell("pdffonts '" + out + "'");
    EXPECT_NE(fonts.find("GlyphLessFont"), std::string::npos) << fonts;
    // Every font embedded: the "emb" column (fifth from the right) of each font line says yes.
    std::istringstream lines(fonts);
    int fontLines = 0;
    for (std::string line; std::getline(lines, line);) {
        if (line.empty() || line.starts_with("name") || line.starts_with("---"))
            continue;
        std::istringstream words(line);
        std::vector<std::string> w{std::istream_iterator<std::string>(words), {}};
        ASSERT_GE(w.size(), 6u) << line;
        EXPECT_EQ(w[w.size() - 5], "yes") << line;
        ++fontLines;
    }
    EXPECT_EQ(fontLines, 1);
    std::filesystem::remove_all(dir);
}

// A 300 dpi grey scan is read at 200 dpi (Engine::kReadingDpi): the words still come back in the
// scan's pixels, the PDF shows the scan as scanned (not the reduced reading image), the page has the
// paper's size, and the invisible text lies over the printed words.
TEST(OcrSearchablePdf, AFinerScanIsReadReducedButKeptWholeInThePdf)
{
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-007_p1.png");
    ASSERT_TRUE(page);
    ASSERT_EQ(page->dpi, 300);
    ASSERT_EQ(page->format, PixelFormat::Gray8);
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdf300-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "DEV-007.pdf").string();
    const long before = test::ocrEngine().recognitions();
    auto r = test::ocrEngine().recognizeDocument({*page}, out, {}).get();
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(test::ocrEngine().recognitions() - before, 1);
    EXPECT_EQ(r->pages.at(0).readingDpi, 200);
    // Only the PDF is left in the folder (no page image, no temporary PDF).
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{"DEV-007.pdf"});

    // truth/DEV-007.json layout.number_symbol.bbox_px = [603, 433, 1037, 497] (300 dpi pixels),
    // "Số: " at its left; the recognised word is in the same pixels.
    const ocr::Word* number = nullptr;
    for (const auto& w : r->pages.at(0).words)
        if (!number && w.text.find("/QĐ-") != std::string::npos && w.box.y < page->height / 4)
            number = &w;
    ASSERT_NE(number, nullptr) << r->pages.at(0).text;
    EXPECT_GT(number->box.x, 640);
    EXPECT_LT(number->box.right(), 1050);
    EXPECT_GT(number->box.y, 420);
    EXPECT_LT(number->box.bottom(), 510);

    int rc = -1;
    const std::string check = shell(std::string(VANTHU_QPDF) + " --check '" + out + "' 2>&1", &rc);
    EXPECT_EQ(rc, 0) << check;
    // The image is the scan at 300 dpi, in grey.
    const std::string images = shell("pdfimages -list '" + out + "'");
    EXPECT_NE(images.find(" 2480  3508  gray "), std::string::npos) << images;
    // A4: 595.3 x 841.9 pt.
    const std::string info = shell("pdfinfo '" + out + "'");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(info, m, std::regex(R"(Page size:\s+([0-9.]+) x ([0-9.]+) pts)"))) << info;
    EXPECT_NEAR(std::stod(m[1]), 595.3, 1.0);
    EXPECT_NEAR(std::stod(m[2]), 841.9, 1.0);
    // The invisible word over the printed one, in points.
    const std::string bbox = shell(std::string(VANTHU_PDFTOTEXT) + " -bbox -enc UTF-8 '" + out + "' -");
    const std::regex word("<word xMin=\"([0-9.]+)\" yMin=\"([0-9.]+)\" xMax=\"([0-9.]+)\" yMax=\"([0-9.]+)\">" +
                          number->text + "</word>");
    ASSERT_TRUE(std::regex_search(bbox, m, word)) << bbox.substr(0, 2000);  // the first: the number line
    const double px = 300.0 / 72.0;
    EXPECT_NEAR(std::stod(m[1]) * px, number->box.x, 6);
    // The renderer stretches the word to its baseline's length (font widths, not the ink): the end
    // is looser than the start.
    EXPECT_NEAR(std::stod(m[3]) * px, number->box.right(), 40);
    EXPECT_GT(std::stod(m[2]) * px, 420);
    EXPECT_LT(std::stod(m[4]) * px, 510);
    std::filesystem::remove_all(dir);
}

TEST(OcrSearchablePdf, A1BitScanIsReadAsScanned)
{
    // DEV-004 page 1, 1-bit at 300 dpi: reduced to 200 dpi grey its text came out worse (see
    // Request::readingDpi), so it is read at its own resolution, and the PDF holds it as G4.
    auto mono = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-004_p1.png");
    ASSERT_TRUE(mono);
    ASSERT_EQ(mono->format, PixelFormat::Mono1);
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdfmono-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "DEV-004.pdf").string();
    auto r = test::ocrEngine().recognizeDocument({*mono}, out, {}).get();
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(r->pages.at(0).readingDpi, 300);
    const std::string images = shell("pdfimages -list '" + out + "'");
    EXPECT_TRUE(std::regex_search(images, std::regex(R"(\n\s+1\s+0 image\s+2480\s+3508\s+gray\s+1\s+1\s+ccitt)"))) << images;
    std::filesystem::remove_all(dir);
}

// A 1-bit scan that arrives as grey (Poppler renders a G4 page of a PDF that way) is stored as G4
// again, not as a JPEG of black and white: the extracted image is the scan pixel for pixel.
TEST(OcrSearchablePdf, A1BitScanCarriedAsGreyIsStoredLosslessAsG4)
{
    auto mono = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-004_p1.png");
    ASSERT_TRUE(mono);
    ASSERT_EQ(mono->format, PixelFormat::Mono1);
    PageImage grey = *mono;
    grey.format = PixelFormat::Gray8;
    grey.stride = PageImage::strideFor(PixelFormat::Gray8, grey.width);
    auto bytes = std::make_shared<std::vector<uint8_t>>(grey.stride * static_cast<size_t>(grey.height));
    for (int y = 0; y < grey.height; ++y)
        for (int x = 0; x < grey.width; ++x) {
            const uint8_t bits = mono->pixels->at(static_cast<size_t>(y) * mono->stride + static_cast<size_t>(x / 8));
            (*bytes)[static_cast<size_t>(y) * grey.stride + static_cast<size_t>(x)] = (bits >> (7 - x % 8)) & 1 ? 0 : 255;
        }
    grey.pixels = bytes;
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdfgreymono-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "DEV-004.pdf").string();
    auto r = test::ocrEngine().recognizeDocument({grey}, out, {}).get();
    ASSERT_TRUE(r) << r.error().toString();
    const std::string images = shell("pdfimages -list '" + out + "'");
    EXPECT_TRUE(std::regex_search(images, std::regex(R"(\n\s+1\s+0 image\s+2480\s+3508\s+gray\s+1\s+1\s+ccitt)"))) << images;
    int rc = -1;
    shell("pdfimages -png '" + out + "' '" + (dir / "img").string() + "'", &rc);
    ASSERT_EQ(rc, 0);
    auto back = capture::readImage((dir / "img-000.png").string());
    ASSERT_TRUE(back) << back.error().toString();
    ASSERT_EQ(back->width, grey.width);
    ASSERT_EQ(back->height, grey.height);
    long differ = 0;
    for (int y = 0; y < grey.height; ++y)
        for (int x = 0; x < grey.width; ++x) {
            const bool inkThere = (*bytes)[static_cast<size_t>(y) * grey.stride + static_cast<size_t>(x)] == 0;
            bool inkBack = false;
            if (back->format == PixelFormat::Mono1)
                inkBack = (back->pixels->at(static_cast<size_t>(y) * back->stride + static_cast<size_t>(x / 8)) >> (7 - x % 8)) & 1;
            else
                inkBack = back->pixels->at(static_cast<size_t>(y) * back->stride + static_cast<size_t>(x)) < 128;
            differ += inkThere != inkBack;
        }
    EXPECT_EQ(differ, 0);
    std::filesystem::remove_all(dir);
}

// Pages scanned a degree or two askew (as the corpus' pages are, before the station's cleanup):
// pdftotext gives the text layer back in reading order. Judged against the born-digital text of
// the same page (both normalised as the evaluation does), edits per character. Measured with each
// line laid level: 9.05 % (DEV-003), 4.28 % (DEV-005), 2.22 % (DEV-007). With the lines tilted as
// the page is (Tesseract's own renderer's form): 9.20, 34.66 and 2.22 % — pdftotext ran a tilted
// line into the next at its far end and read DEV-005's justified body as two columns; with each
// word at its own baseline, DEV-005 31.8 %.
TEST(OcrSearchablePdf, TextOfAPageScannedAskewComesBackInReadingOrder)
{
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdfaskew-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string corpus = std::string(VANTHU_SHARED_DIR) + "/corpus/dev/";
    for (const auto& [id, bound] : {std::pair<std::string, double>{"DEV-003", 11.0}, {"DEV-005", 8.0}, {"DEV-007", 4.0}}) {
        auto page = capture::readImage(corpus + "pages/" + id + "_p1.png");
        ASSERT_TRUE(page);
        const std::string out = (dir / (id + ".pdf")).string();
        auto r = test::ocrEngine().recognizeDocument({*page}, out, {}).get();
        ASSERT_TRUE(r) << r.error().toString();
        const std::string truth =
            ocr::eval::normalize(shell(std::string(VANTHU_PDFTOTEXT) + " -f 1 -l 1 -enc UTF-8 '" + corpus + "clean/" + id + ".pdf' -"));
        const std::string back = ocr::eval::normalize(shell(std::string(VANTHU_PDFTOTEXT) + " -enc UTF-8 '" + out + "' -"));
        ASSERT_FALSE(truth.empty());
        const double cer = 100.0 * static_cast<double>(ocr::eval::editDistance(truth, back)) /
                           static_cast<double>(ocr::eval::editDistance(truth, ""));
        EXPECT_LT(cer, bound) << id << ":\n" << back;
    }
    std::filesystem::remove_all(dir);
}

// The disk fills up while the PDF is written (a file size limit stands in for it): a clear
// PdfWrite error, the searchable PDF written before at that path stays as it was, and no
// temporary file is left.
TEST(OcrSearchablePdf, AFullDiskLeavesTheEarlierFileAndNoTemporary)
{
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-005_p1.png");
    ASSERT_TRUE(page);
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-pdffull-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "DEV-005.pdf").string();
    {
        std::ofstream earlier(out, std::ios::binary);
        earlier << "%PDF-1.7 the good file written before\n";
    }
    rlimit before{};
    ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &before), 0);
    const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);  // a write past the limit fails with EFBIG
    rlimit small = before;
    // Each page's scan (about 410 KB as JPEG; Leptonica encodes through a temporary file) fits,
    // the third page of the PDF does not.
    small.rlim_cur = 1024 * 1024;
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &small), 0);
    auto r = test::ocrEngine().recognizeDocument({*page, *page, *page}, out, {}).get();
    ::setrlimit(RLIMIT_FSIZE, &before);
    std::signal(SIGXFSZ, oldHandler);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(ocr::Errc::PdfWrite)) << r.error().toString();
    EXPECT_NE(r.error().toString().find("cannot write"), std::string::npos) << r.error().toString();
    std::ifstream in(out, std::ios::binary);
    EXPECT_EQ(std::string(std::istreambuf_iterator<char>(in), {}), "%PDF-1.7 the good file written before\n");
    std::vector<std::string> left;
    for (const auto& e : std::filesystem::directory_iterator(dir))
        left.push_back(e.path().filename().string());
    EXPECT_EQ(left, std::vector<std::string>{"DEV-005.pdf"});
    std::filesystem::remove_all(dir);
}

TEST(OcrSearchablePdf, NoPagesIsInvalidInput)
{
    auto r = test::ocrEngine().writeSearchablePdf({}, "/tmp/never-written.pdf", {}).get();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(ocr::Errc::InvalidInput));
    EXPECT_FALSE(std::filesystem::exists("/tmp/never-written.pdf"));
}

// Fields a clerk corrected after the OCR go into a searchable PDF already written, as an incremental
// update: qpdf finds the file sound, pdfinfo shows the new fields and PDF/A identification, the
// creation date stays, and the pages are the original bytes (the original file is a prefix).
TEST(OcrSearchablePdf, RelabelledWithReviewedFieldsKeepingThePages)
{
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-005_p1.png");
    ASSERT_TRUE(page);
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-relabel-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string first = (dir / "first.pdf").string(), second = (dir / "second.pdf").string();
    DocumentMeta read;
    read.numberSymbol = *parseNumberSymbol("83/CT-UBND");
    read.issuer = "ỦY BAN NHÂN DÂN THÀNH PHỐ CẦN THƠ";
    read.subject = "Về đầy mạnh ứng dụng công nghệ thông tín";  // as the OCR might have it
    read.pageCount = 1;
    auto w = test::ocrEngine().writeSearchablePdf({*page}, first, read).get();
    ASSERT_TRUE(w) << w.error().toString();
    const auto slurp = [](const std::string& path) {
        std::ifstream in(path, std::ios::binary);
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const std::string original = slurp(first);

    DocumentMeta reviewed = read;
    reviewed.subject = "Về đẩy mạnh ứng dụng công nghệ thông tin";
    reviewed.type = doctype::byAbbreviation("CT");
    auto bytes = ocr::relabelSearchablePdf(original, reviewed);
    ASSERT_TRUE(bytes) << bytes.error().toString();
    ASSERT_GT(bytes->size(), original.size());
    EXPECT_EQ(bytes->compare(0, original.size(), original), 0) << "the update only appends";
    {
        std::ofstream out(second, std::ios::binary);
        out << *bytes;
    }
    int rc = -1;
    const std::string check = shell(std::string(VANTHU_QPDF) + " --check '" + second + "' 2>&1", &rc);
    EXPECT_EQ(rc, 0) << check;
    EXPECT_EQ(check.find("WARNING"), std::string::npos) << check;
    const std::string meta = shell("pdfinfo -meta '" + second + "' 2>&1");
    EXPECT_NE(meta.find("<pdfaid:part>2</pdfaid:part>"), std::string::npos) << meta;
    EXPECT_NE(meta.find(reviewed.subject), std::string::npos) << meta;
    EXPECT_EQ(meta.find(read.subject), std::string::npos) << "the OCR's subject is gone from the metadata";
    const std::string info = text::simplifySpaces(shell("pdfinfo '" + second + "' 2>&1"));
    EXPECT_NE(info.find("Title: Chỉ thị 83/CT-UBND - " + reviewed.subject), std::string::npos) << info;
    EXPECT_NE(info.find("Pages: 1 "), std::string::npos) << info;
    const auto createDate = [](const std::string& xmp) {
        std::smatch m;
        return std::regex_search(xmp, m, std::regex("<xmp:CreateDate>([^<]+)</xmp:CreateDate>")) ? m[1].str() : std::string();
    };
    const std::string created = createDate(shell("pdfinfo -meta '" + first + "' 2>&1"));
    EXPECT_FALSE(created.empty());
    EXPECT_EQ(createDate(meta), created);
    // The same text layer.
    const std::string text1 = shell(std::string(VANTHU_PDFTOTEXT) + " -enc UTF-8 '" + first + "' -");
    EXPECT_EQ(shell(std::string(VANTHU_PDFTOTEXT) + " -enc UTF-8 '" + second + "' -"), text1);
    EXPECT_NE(text1.find("CHỈ THỊ"), std::string::npos);

    // Relabelled again (a second correction): still sound, the last word counts.
    reviewed.subject = "Về ứng dụng công nghệ thông tin";
    auto again = ocr::relabelSearchablePdf(*bytes, reviewed);
    ASSERT_TRUE(again) << again.error().toString();
    {
        std::ofstream out(second, std::ios::binary | std::ios::trunc);
        out << *again;
    }
    EXPECT_EQ(shell(std::string(VANTHU_QPDF) + " --check '" + second + "' >/dev/null 2>&1; echo $?"), "0\n");
    EXPECT_NE(shell("pdfinfo -meta '" + second + "' 2>&1").find(reviewed.subject), std::string::npos);

    // A PDF that vanthu did not make this way (a scan from the corpus: no XMP) or no PDF at all.
    auto foreign = ocr::relabelSearchablePdf(slurp(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/scans/DEV-001.pdf"), reviewed);
    ASSERT_FALSE(foreign);
    EXPECT_TRUE(foreign.error().is(ocr::Errc::PdfWrite)) << foreign.error().toString();
    auto garbage = ocr::relabelSearchablePdf("not a pdf", reviewed);
    ASSERT_FALSE(garbage);
    EXPECT_TRUE(garbage.error().is(ocr::Errc::PdfWrite));
    std::filesystem::remove_all(dir);
}
