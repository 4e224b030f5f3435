#include "vanthu/capture/Cleanup.h"

#include "Pix_p.h"

#include "vanthu/core/Log.h"

#include <algorithm>
#include <cmath>

namespace vanthu::capture {

namespace {

constexpr std::string_view kLog = "vanthu.capture";
constexpr double kPi = 3.14159265358979323846;

int dpiOf(const PageImage& p) { return p.dpi > 0 ? p.dpi : 300; }
int mmToPx(double mm, int dpi) { return static_cast<int>(std::lround(mm * dpi / 25.4)); }

// An 8 bpp luminance copy (0 = black) of any page.
PixPtr grayOf(PIX* pix)
{
    switch (pixGetDepth(pix)) {
    case 8: return PixPtr(pixCopy(nullptr, pix));
    case 32: return PixPtr(pixConvertRGBToLuminance(pix));
    default: return PixPtr(pixConvertTo8(pix, 0));
    }
}

// The paper's grey level: a high rank of the page's luminance (most of a page is paper).
int paperLevel(PIX* gray)
{
    l_uint32 v = 255;
    if (pixGetRankValue(gray, 4, 0.75f, &v) != 0)
        return 255;
    return static_cast<int>(v);
}

// Dark content as 1 bpp (1 = ink). Pages already in black and white are copied; grey and colour
// pages are thresholded well below the paper level, so faint show-through and JPEG noise stay out.
PixPtr inkOf(PIX* pix, double fractionOfPaper = 0.55)
{
    if (pixGetDepth(pix) == 1)
        return PixPtr(pixCopy(nullptr, pix));
    PixPtr gray = grayOf(pix);
    if (!gray)
        return nullptr;
    const int paper = std::max(paperLevel(gray.get()), 96);
    const int threshold = std::clamp(static_cast<int>(paper * fractionOfPaper), 40, 200);
    return PixPtr(pixThresholdToBinary(gray.get(), threshold));
}

// Text pixels for the measures of skew and orientation: ink with the margins cut away, so any
// border remnant and the page edge do not count as a text line.
PixPtr textMaskOf(PIX* pix, int dpi)
{
    PixPtr ink = inkOf(pix);
    if (!ink)
        return nullptr;
    const int m = mmToPx(8, dpi);
    pixSetOrClearBorder(ink.get(), m, m, m, m, PIX_CLR);
    return ink;
}

// Leptonica prints informational notes ("not enough confidence to get orientation") to stderr;
// only its warnings and errors are worth a clerk's terminal.
void quietLeptonica()
{
    static const bool done = [] {
        setMsgSeverity(L_SEVERITY_WARNING);
        return true;
    }();
    (void)done;
}

Error imageError(const std::string& what)
{
    log::warning(kLog, "cleanup: " + what);
    return Error(Errc::ImageError, what);
}

} // namespace

Result<DeskewResult> deskew(const PageImage& page)
{
    quietLeptonica();
    if (page.empty())
        return std::unexpected(imageError("deskew of an empty page"));
    PixPtr pix = toPix(page);
    if (!pix)
        return std::unexpected(imageError("out of memory"));
    PixPtr mask = textMaskOf(pix.get(), dpiOf(page));
    if (!mask)
        return std::unexpected(imageError("cannot threshold the page"));
    l_float32 angle = 0, conf = 0, endscore = 0;
    // Sweep ±10° in 0.5° steps at 4x reduction, then a binary search at 2x reduction to 0.01°.
    // Leptonica's convention: a positive angle means the content is turned counter-clockwise, and
    // rotating by +angle (pixRotate turns clockwise for positive angles) straightens it.
    if (pixFindSkewSweepAndSearchScore(mask.get(), &angle, &conf, &endscore, 4, 2, 0.0f, 10.0f, 0.5f, 0.01f) != 0 ||
        conf < 2.5f) {
        // No reliable text lines (blank page, a photograph): the page is left as it is.
        return DeskewResult{page, 0.0, 0.0};
    }
    DeskewResult r;
    r.angleDeg = angle;
    r.confidence = conf;
    if (std::abs(angle) < 0.05) {
        r.page = page;
        return r;
    }
    const int type = pixGetDepth(pix.get()) == 1 ? L_ROTATE_SAMPLING : L_ROTATE_AREA_MAP;
    PixPtr rotated(pixRotate(pix.get(), static_cast<l_float32>(angle * kPi / 180.0), type, L_BRING_IN_WHITE, 0, 0));
    if (!rotated)
        return std::unexpected(imageError("rotation failed"));
    r.page = fromPix(rotated.get());
    r.page.dpi = page.dpi;
    return r;
}

Result<OrientationResult> fixOrientation(const PageImage& page)
{
    quietLeptonica();
    if (page.empty())
        return std::unexpected(imageError("orientation of an empty page"));
    PixPtr pix = toPix(page);
    if (!pix)
        return std::unexpected(imageError("out of memory"));
    const int dpi = dpiOf(page);
    PixPtr mask = textMaskOf(pix.get(), dpi);
    if (!mask)
        return std::unexpected(imageError("cannot threshold the page"));
    // Leptonica's ascender/descender test is tuned for 150-300 ppi; bring larger scans down.
    if (dpi > 300) {
        const float f = 300.0f / static_cast<float>(dpi);
        mask.reset(pixScale(mask.get(), f, f));
    }
    l_float32 upconf = 0, leftconf = 0;
    if (pixOrientDetect(mask.get(), &upconf, &leftconf, 0, 0) != 0)
        return std::unexpected(imageError("orientation detection failed"));
    l_int32 orient = L_TEXT_ORIENT_UNKNOWN;
    makeOrientDecision(upconf, leftconf, 0.0f, 0.0f, &orient, 0);
    // Leptonica names the clockwise turn that makes the text upright; we report the clockwise turn
    // the content has, which is the opposite.
    int contentTurn = 0, quads = 0; // quads: clockwise quarter turns to apply
    switch (orient) {
    case L_TEXT_ORIENT_LEFT: contentTurn = 270; quads = 1; break;
    case L_TEXT_ORIENT_DOWN: contentTurn = 180; quads = 2; break;
    case L_TEXT_ORIENT_RIGHT: contentTurn = 90; quads = 3; break;
    default: break;
    }
    OrientationResult r;
    r.rotationDeg = contentTurn;
    r.confidence = std::max(std::abs(upconf), std::abs(leftconf));
    if (quads == 0) {
        r.page = page;
        return r;
    }
    PixPtr turned(pixRotateOrth(pix.get(), quads));
    if (!turned)
        return std::unexpected(imageError("rotation failed"));
    r.page = fromPix(turned.get());
    r.page.dpi = page.dpi;
    return r;
}

Result<PageImage> removeBorders(const PageImage& page)
{
    quietLeptonica();
    if (page.empty())
        return std::unexpected(imageError("border removal on an empty page"));
    PixPtr pix = toPix(page);
    if (!pix)
        return std::unexpected(imageError("out of memory"));
    const int dpi = dpiOf(page);
    const int w = pixGetWidth(pix.get()), h = pixGetHeight(pix.get());
    // Backing: pixels clearly darker than the paper, connected to the image edge, within a band
    // along the edges. The band is narrower than any margin of an administrative document
    // (NĐ 30: at least 15 mm), so text is never touched.
    PixPtr dark;
    if (pixGetDepth(pix.get()) == 1) {
        dark.reset(pixCopy(nullptr, pix.get()));
    } else {
        PixPtr gray = grayOf(pix.get());
        if (!gray)
            return std::unexpected(imageError("out of memory"));
        const int paper = paperLevel(gray.get());
        dark.reset(pixThresholdToBinary(gray.get(), std::max(paper - 28, 16)));
    }
    if (!dark)
        return std::unexpected(imageError("cannot threshold the page"));
    const int band = std::min({mmToPx(12, dpi), w / 4, h / 4});
    PixPtr bandMask(pixCreateTemplate(dark.get()));
    pixSetOrClearBorder(bandMask.get(), band, band, band, band, PIX_SET);
    pixAnd(dark.get(), dark.get(), bandMask.get());
    PixPtr ring(pixCreateTemplate(dark.get()));
    pixSetOrClearBorder(ring.get(), 1, 1, 1, 1, PIX_SET);
    PixPtr seed(pixAnd(nullptr, ring.get(), dark.get()));
    l_int32 seeds = 0;
    pixCountPixels(seed.get(), &seeds, nullptr);
    if (seeds == 0)
        return page;
    PixPtr backing(pixSeedfillBinary(nullptr, seed.get(), dark.get(), 8));
    if (!backing)
        return std::unexpected(imageError("seed fill failed"));
    // A little more, for the soft edge of the sheet's shadow.
    const int grow = std::max(3, dpi / 100);
    backing.reset(pixDilateBrick(nullptr, backing.get(), grow, grow));
    switch (pixGetDepth(pix.get())) {
    case 1: pixSubtract(pix.get(), pix.get(), backing.get()); break;
    case 8: pixSetMasked(pix.get(), backing.get(), 255); break;
    default: pixSetMasked(pix.get(), backing.get(), 0xffffff00); break;
    }
    PageImage out = fromPix(pix.get());
    out.dpi = page.dpi;
    return out;
}

BlankVerdict detectBlank(const PageImage& page, double thresholdPerMille)
{
    quietLeptonica();
    BlankVerdict v;
    if (page.empty()) {
        v.blank = true;
        return v;
    }
    PixPtr pix = toPix(page);
    if (!pix)
        return v;
    const int dpi = dpiOf(page);
    PixPtr ink = inkOf(pix.get());
    if (!ink)
        return v;
    // Margins (edge shadow, punch holes, a remnant of the backing) are not content.
    const int w = pixGetWidth(ink.get()), h = pixGetHeight(ink.get());
    const int mx = std::min(mmToPx(12, dpi), w / 5), my = std::min(mmToPx(12, dpi), h / 5);
    BOX* box = boxCreate(mx, my, w - 2 * mx, h - 2 * my);
    PixPtr inner(pixClipRectangle(ink.get(), box, nullptr));
    boxDestroy(&box);
    if (!inner)
        return v;
    // Scanner dust and noise are specks; a diacritic or a full stop at 200 dpi is larger than
    // 0.4 mm in one direction. Keep components at least that large.
    const int minSize = std::max(2, mmToPx(0.4, dpi));
    PixPtr content(pixSelectBySize(inner.get(), minSize, minSize, 8, L_SELECT_IF_EITHER, L_SELECT_IF_GTE, nullptr));
    if (!content)
        return v;
    l_int32 count = 0;
    pixCountPixels(content.get(), &count, nullptr);
    const double area = static_cast<double>(pixGetWidth(inner.get())) * pixGetHeight(inner.get());
    v.score = area > 0 ? 1000.0 * count / area : 0.0;
    v.blank = v.score < thresholdPerMille;
    return v;
}

Result<PageImage> binarize(const PageImage& page)
{
    quietLeptonica();
    if (page.empty())
        return std::unexpected(imageError("binarize of an empty page"));
    if (page.format == PixelFormat::Mono1)
        return page;
    PixPtr pix = toPix(page);
    if (!pix)
        return std::unexpected(imageError("out of memory"));
    PixPtr gray = grayOf(pix.get());
    if (!gray)
        return std::unexpected(imageError("out of memory"));
    // Sauvola's local threshold over a window of about 4 mm: uneven lighting and stamps do not
    // turn into black blotches.
    const int half = std::max(8, mmToPx(2, dpiOf(page)));
    PIX* bw = nullptr;
    if (pixSauvolaBinarize(gray.get(), half, 0.34f, 1, nullptr, nullptr, nullptr, &bw) != 0 || !bw)
        return std::unexpected(imageError("Sauvola binarisation failed"));
    PixPtr owned(bw);
    PageImage out = fromPix(owned.get());
    out.dpi = page.dpi;
    return out;
}

Result<CleanResult> cleanPage(const PageImage& page)
{
    auto bordered = removeBorders(page);
    if (!bordered)
        return std::unexpected(bordered.error());
    CleanResult r;
    r.blank = detectBlank(*bordered);
    // Nothing to straighten on a blank page (flagged and kept as it is), nor on a page more than
    // 40 % covered in ink, which is a photograph or a black sheet, not text lines (a dense page
    // of text is 5-15 %).
    if (r.blank.blank || r.blank.score > 400.0) {
        r.page = std::move(*bordered);
        return r;
    }
    auto oriented = fixOrientation(*bordered);
    if (!oriented)
        return std::unexpected(oriented.error());
    auto straight = deskew(oriented->page);
    if (!straight)
        return std::unexpected(straight.error());
    r.page = std::move(straight->page);
    r.rotationDeg = oriented->rotationDeg;
    r.skewDeg = straight->angleDeg;
    return r;
}

} // namespace vanthu::capture
