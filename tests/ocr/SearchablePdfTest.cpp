// The searchable PDF/A-2b, judged by independent tools: qpdf --check, pdftotext (text and word
// boxes), pdfinfo (metadata).
#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Engine.h"

#include "SharedEngine.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <iterator>
#include <regex>
#include <sstream>

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
    EXPECT_FALSE(std::filesystem::exists(out + ".part" + std::to_string(::getpid()) + ".pdf")) << "no temporary left";

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
    // layout.number_symbol.bbox_px = [379, 288, 645, 331], with "Số: " at its left.
    EXPECT_GT(x0, 400);
    EXPECT_LT(x1, 660);
    EXPECT_GT(y0, 278);
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

TEST(OcrSearchablePdf, NoPagesIsInvalidInput)
{
    auto r = test::ocrEngine().writeSearchablePdf({}, "/tmp/never-written.pdf", {}).get();
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(ocr::Errc::InvalidInput));
    EXPECT_FALSE(std::filesystem::exists("/tmp/never-written.pdf"));
}
