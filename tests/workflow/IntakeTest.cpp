// The incoming intake's page formats (bench/IntakeBench.cpp profiled them): a grey scan inside a PDF,
// which the renderer gives as RGB, comes from capture's import as Gray8 with the very same pixel
// values and goes through the flow so (the raw page in the job folder included); a page with colour
// on it stays RGB, colour intact.
#include "WorkflowFixtures.h"

#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Import.h"
#include "vanthu/workflow/Incoming.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <memory>
#include <vector>

namespace vanthu::workflow::test {
namespace {

IntakeSource filesSource(std::vector<std::string> files)
{
    IntakeSource s;
    s.kind = IntakeSource::Kind::Files;
    s.files = std::move(files);
    return s;
}

// Pixels of a Gray8 page and of an Rgb24 page that differ (grey value against each channel).
long greyVersusRgb(const PageImage& grey, const PageImage& rgb)
{
    long differ = 0;
    for (int y = 0; y < rgb.height; ++y) {
        const uint8_t* g = grey.pixels->data() + static_cast<size_t>(y) * grey.stride;
        const uint8_t* c = rgb.pixels->data() + static_cast<size_t>(y) * rgb.stride;
        for (int x = 0; x < rgb.width; ++x)
            differ += g[x] != c[3 * x] || g[x] != c[3 * x + 1] || g[x] != c[3 * x + 2];
    }
    return differ;
}

long redPixels(const PageImage& rgb)
{
    long n = 0;
    for (int y = 0; y < rgb.height; ++y) {
        const uint8_t* c = rgb.pixels->data() + static_cast<size_t>(y) * rgb.stride;
        for (int x = 0; x < rgb.width; ++x)
            n += c[3 * x] > 180 && c[3 * x + 1] < 80 && c[3 * x + 2] < 80;
    }
    return n;
}

TEST(WorkflowIntake, GreyScanInAPdfGoesThroughAsGreyWithTheSamePixels)
{
    const std::string file = shared("corpus/dev/scans/DEV-004.pdf");
    auto rendered = capture::importFile(file, capture::ImportOptions{.greyWhenNeutral = false});
    ASSERT_TRUE(rendered) << rendered.error().toString();
    ASSERT_EQ(rendered->pages.front().format, PixelFormat::Rgb24) << "the renderer gives RGB";

    IncomingFlow flow(station(), "test-clerk");
    auto drafts = flow.capture(filesSource({file}));
    ASSERT_TRUE(drafts) << drafts.error().toString();
    const IncomingDraft& d = drafts->front();
    ASSERT_EQ(d.pages.size(), rendered->pages.size());
    EXPECT_EQ(d.pages.front().format, PixelFormat::Gray8);
    EXPECT_GT(d.fields.front().confidence, 0.f) << "the number is still read from the grey page";

    // The raw page kept in the job folder is the rendered page, value for value, in one channel.
    auto raw = capture::readImage(d.jobDir + "/pages/0001.raw.png");
    ASSERT_TRUE(raw) << raw.error().toString();
    EXPECT_EQ(raw->format, PixelFormat::Gray8);
    const PageImage& rgb = rendered->pages.front();
    ASSERT_EQ(raw->width, rgb.width);
    ASSERT_EQ(raw->height, rgb.height);
    EXPECT_EQ(greyVersusRgb(*raw, rgb), 0);
}

TEST(WorkflowIntake, APageWithColourStaysRgbWithItsColour)
{
    TempDir tmp;
    // The grey letter with a red seal pressed on it, as a colour scan would bring it.
    auto rendered = capture::importFile(shared("corpus/dev/scans/DEV-004.pdf"),
                                        capture::ImportOptions{.dpi = 200, .greyWhenNeutral = false});
    ASSERT_TRUE(rendered) << rendered.error().toString();
    PageImage page = rendered->pages.front();
    ASSERT_EQ(page.format, PixelFormat::Rgb24);
    auto px = std::make_shared<std::vector<uint8_t>>(*page.pixels);
    const int cx = page.width * 3 / 4, cy = page.height * 4 / 5, r = page.width / 12;
    for (int y = cy - r; y <= cy + r; ++y)
        for (int x = cx - r; x <= cx + r; ++x)
            if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) {
                uint8_t* c = px->data() + static_cast<size_t>(y) * page.stride + 3 * static_cast<size_t>(x);
                c[0] = 220, c[1] = 30, c[2] = 40;
            }
    page.pixels = px;
    const long red = redPixels(page);
    ASSERT_GT(red, 1000);
    const std::string png = tmp.file("sealed.png");
    ASSERT_TRUE(capture::writePng(page, png));

    IncomingFlow flow(station(), "test-clerk");
    auto drafts = flow.capture(filesSource({png}));
    ASSERT_TRUE(drafts) << drafts.error().toString();
    const IncomingDraft& d = drafts->front();
    ASSERT_EQ(d.pages.size(), 1u);
    EXPECT_EQ(d.pages.front().format, PixelFormat::Rgb24);
    auto raw = capture::readImage(d.jobDir + "/pages/0001.raw.png");
    ASSERT_TRUE(raw) << raw.error().toString();
    ASSERT_EQ(raw->format, PixelFormat::Rgb24);
    EXPECT_EQ(redPixels(*raw), red) << "the seal's colour is kept";
}

} // namespace
} // namespace vanthu::workflow::test
