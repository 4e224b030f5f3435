#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Separation.h"

#include "TestSupport.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace vanthu;
using namespace vanthu::test;

namespace {

// A white A4 page at `dpi` with vertical bars drawn from the widths given in millimetres
// (bar, space, bar, ...), 60 mm long, plus some "text" lines so the page is not blank.
PageImage barsPage(int dpi, const std::vector<double>& widthsMm)
{
    const int w = static_cast<int>(210 / 25.4 * dpi), h = static_cast<int>(297 / 25.4 * dpi);
    PageImage p = PageImage::blank(w, h, dpi, PixelFormat::Gray8);
    auto px = std::make_shared<std::vector<uint8_t>>(*p.pixels);
    const double mm = dpi / 25.4;
    double x = 30 * mm;
    bool dark = true;
    for (double wmm : widthsMm) {
        if (dark)
            for (int y = static_cast<int>(40 * mm); y < static_cast<int>(100 * mm); ++y)
                for (int xx = static_cast<int>(std::lround(x)); xx < static_cast<int>(std::lround(x + wmm * mm)); ++xx)
                    (*px)[static_cast<size_t>(y) * p.stride + static_cast<size_t>(xx)] = 20;
        x += wmm * mm;
        dark = !dark;
    }
    for (int line = 0; line < 12; ++line) // text-like strokes lower on the page
        for (int y = static_cast<int>((150 + 8 * line) * mm); y < static_cast<int>((152 + 8 * line) * mm); ++y)
            for (int xx = static_cast<int>(30 * mm); xx < static_cast<int>(180 * mm); xx += 3)
                (*px)[static_cast<size_t>(y) * p.stride + static_cast<size_t>(xx)] = 30;
    p.pixels = px;
    return p;
}

const std::vector<double> kPatchT{5.08, 2.03, 2.03, 2.03, 2.03, 2.03, 5.08};
const std::vector<double> kPatch2{5.08, 2.03, 2.03, 2.03, 5.08, 2.03, 2.03};

} // namespace

TEST(Separation, DetectsPatchTAndNotPatch2)
{
    for (int dpi : {200, 300}) {
        EXPECT_TRUE(capture::analysePage(barsPage(dpi, kPatchT)).patchT) << dpi;
        EXPECT_FALSE(capture::analysePage(barsPage(dpi, kPatch2)).patchT) << dpi;
    }
    // A real text page is not a patch sheet.
    auto page = capture::readImage(std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/DEV-005_p1.png");
    ASSERT_TRUE(page);
    const auto marks = capture::analysePage(*page);
    EXPECT_FALSE(marks.patchT);
    EXPECT_FALSE(marks.blank);
}

TEST(Separation, ReadsQrSeparatorsAndCccdCodes)
{
    TempDir dir;
    // qrencode (an independent encoder) makes the codes.
    const std::string cccd = "001099012345|123456789|Nguyễn Thị Hồng Nhung|15081990|Nữ|Số 12 ngõ 34 phố Hàng Bông, "
                             "Hoàn Kiếm, Hà Nội|20042021";
    ASSERT_EQ(run({"/usr/bin/qrencode", "-s", "8", "-o", dir.file("cccd.png"), cccd}).exitCode, 0);
    ASSERT_EQ(run({"/usr/bin/qrencode", "-s", "8", "-o", dir.file("sep.png"), "VANTHU-TACH"}).exitCode, 0);
    auto img = capture::readImage(dir.file("cccd.png"));
    ASSERT_TRUE(img);
    auto codes = capture::readBarcodes(*img);
    ASSERT_TRUE(codes);
    ASSERT_EQ(codes->size(), 1u);
    EXPECT_EQ(codes->front().text, cccd);
    EXPECT_EQ(codes->front().format, "QRCode");
    auto sep = capture::readImage(dir.file("sep.png"));
    EXPECT_EQ(capture::analysePage(*sep).barcodeText, "VANTHU-TACH");
}

TEST(Separation, GroupsPagesIntoDocuments)
{
    using M = capture::PageMarks;
    const M text{}, blank{true, 0.01, false, std::nullopt}, patch{false, 3, true, std::nullopt},
        qr{false, 2, false, std::string("VANTHU-TACH")}, otherQr{false, 2, false, std::string("CCCD")};
    capture::SeparationRules r;
    // Patch T and QR separators, dropped.
    EXPECT_EQ(capture::separate({text, text, patch, text, qr, text, otherQr}, r),
              (std::vector<std::vector<int>>{{0, 1}, {3}, {5, 6}}));
    // Blank pages only separate when that rule is on; otherwise they stay, flagged, in the document.
    EXPECT_EQ(capture::separate({text, blank, text}, r), (std::vector<std::vector<int>>{{0, 1, 2}}));
    r.blankSheet = true;
    EXPECT_EQ(capture::separate({text, blank, text}, r), (std::vector<std::vector<int>>{{0}, {2}}));
    // Duplex: a printed front with a blank back is one document page pair; a blank sheet (both
    // sides blank) separates.
    r.duplex = true;
    EXPECT_EQ(capture::separate({text, blank, blank, blank, text, blank}, r),
              (std::vector<std::vector<int>>{{0, 1}, {4, 5}}));
    // A duplex Patch T sheet takes its back side with it.
    r.blankSheet = false;
    EXPECT_EQ(capture::separate({text, text, patch, text, text, text}, r),
              (std::vector<std::vector<int>>{{0, 1}, {4, 5}}));
    r.dropSeparators = false;
    EXPECT_EQ(capture::separate({text, patch, text}, {}).size(), 2u);
}
