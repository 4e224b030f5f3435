#include "PagePix_p.h"

#include <leptonica/allheaders.h>
#include <tesseract/baseapi.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace vanthu::ocr {

void PixDeleter::operator()(Pix* p) const { pixDestroy(&p); }

namespace {

using Histogram = std::array<long, 256>;

// Otsu's split of a histogram: the threshold t that maximises the variance between the classes
// "value <= t" and "value > t"; t = -1 when all values are the same (nothing to split).
struct Split {
    int t = -1;
    long below = 0;   // pixels with value <= t
    long total = 0;
};

Split otsu(const Histogram& h)
{
    Split s;
    double sum = 0;
    for (int v = 0; v < 256; ++v) {
        s.total += h[static_cast<size_t>(v)];
        sum += static_cast<double>(v) * static_cast<double>(h[static_cast<size_t>(v)]);
    }
    long w0 = 0;
    double sum0 = 0, best = 0;
    for (int t = 0; t < 255; ++t) {
        w0 += h[static_cast<size_t>(t)];
        sum0 += static_cast<double>(t) * static_cast<double>(h[static_cast<size_t>(t)]);
        const long w1 = s.total - w0;
        if (w0 == 0)
            continue;
        if (w1 == 0)
            break;
        const double d = sum0 / static_cast<double>(w0) - (sum - sum0) / static_cast<double>(w1);
        const double between = static_cast<double>(w0) * static_cast<double>(w1) * d * d;
        if (between > best) {
            best = between;
            s.t = t;
            s.below = w0;
        }
    }
    return s;
}

} // namespace

int otsuThreshold(const std::array<long, 256>& histogram) { return otsu(histogram).t; }

namespace {

// Which values of each channel are ink. A channel separates ink from paper when one class of its
// split is small (under a quarter of the pixels): that class is the ink, dark or light. A pixel is
// ink when any separating channel says so. When no channel separates clearly, the one that comes
// closest decides alone (a page that is mostly ink). The rule of Tesseract's Otsu thresholder.
using InkTable = std::array<uint8_t, 256>;

std::vector<InkTable> inkTables(const std::vector<Histogram>& channels)
{
    std::vector<InkTable> tables(channels.size(), InkTable{});
    bool anyClear = false;
    int fallback = -1;
    bool fallbackDark = true;
    double fallbackMargin = -1;
    std::vector<Split> splits;
    for (const Histogram& h : channels)
        splits.push_back(otsu(h));
    const auto fill = [&](size_t c, bool darkInk) {
        for (int v = 0; v < 256; ++v)
            tables[c][static_cast<size_t>(v)] = (v <= splits[c].t) == darkInk ? 1 : 0;
    };
    for (size_t c = 0; c < splits.size(); ++c) {
        const Split& s = splits[c];
        if (s.t < 0)
            continue;
        if (4 * s.below < s.total) {            // few dark pixels: dark ink on paper
            fill(c, true);
            anyClear = true;
        } else if (4 * s.below > 3 * s.total) { // few light pixels: light ink on a dark ground
            fill(c, false);
            anyClear = true;
        } else {
            const bool dark = 2 * s.below < s.total;
            const double margin = static_cast<double>(dark ? s.total - s.below : s.below);
            if (margin > fallbackMargin) {
                fallbackMargin = margin;
                fallback = static_cast<int>(c);
                fallbackDark = dark;
            }
        }
    }
    if (!anyClear && fallback >= 0)
        fill(static_cast<size_t>(fallback), fallbackDark);
    return tables;
}

// Leptonica keeps 8-bit pixels big-end first in 32-bit native words (and 1-bit pixels MSB first).
inline void setByte(l_uint32* line, int x, uint8_t v) { SET_DATA_BYTE(line, x, v); }

PixPtr newPix(int w, int h, int depth, int dpi)
{
    PixPtr p(pixCreate(w, h, depth));  // zeroed: no stray bits past the right edge
    if (p)
        pixSetResolution(p.get(), dpi, dpi);
    return p;
}

// makePagePix as scanned; `withBinary` false leaves the 1-bit image out (the rectangle is to be
// reduced first).
PagePix makeNative(const PageImage& page, int x0, int y0, int w, int h, bool keepColour, bool withBinary)
{
    PagePix out;
    const int dpi = page.dpi > 0 ? page.dpi : 300;
    const auto& src = *page.pixels;
    if (page.format == PixelFormat::Mono1) {
        // Already binary: the 1-bit page is both images (Tesseract reads 1-bit lines as grey).
        out.binary = newPix(w, h, 1, dpi);
        if (!out.binary)
            return {};
        l_uint32* data = pixGetData(out.binary.get());
        const int wpl = pixGetWpl(out.binary.get());
        for (int y = 0; y < h; ++y) {
            const uint8_t* row = src.data() + static_cast<size_t>(y0 + y) * page.stride;
            l_uint32* line = data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
            if (x0 % 8 == 0) {
                const uint8_t* b = row + x0 / 8;
                const int bytes = (w + 7) / 8;
                for (int i = 0; i < bytes; ++i)
                    line[i / 4] |= static_cast<l_uint32>(b[i]) << (24 - 8 * (i % 4));
                if (w % 32 != 0)  // no ink beyond the region's right edge
                    line[w / 32] &= ~(0xffffffffu >> (w % 32));
            } else {
                for (int x = 0; x < w; ++x)
                    if (row[(x0 + x) >> 3] & (0x80 >> ((x0 + x) & 7)))
                        SET_DATA_BIT(line, x);
            }
        }
        out.grey.reset(pixClone(out.binary.get()));
        return out;
    }

    // Grey (and colour) pixels into Leptonica's layout, with a histogram per channel.
    const bool colour = page.format == PixelFormat::Rgb24;
    out.grey = newPix(w, h, 8, dpi);
    if (!out.grey)
        return {};
    if (colour && keepColour) {
        out.scanned = newPix(w, h, 32, dpi);
        if (!out.scanned)
            return {};
    }
    std::vector<Histogram> hist(colour ? 3 : 1, Histogram{});
    l_uint32* greyData = pixGetData(out.grey.get());
    const int greyWpl = pixGetWpl(out.grey.get());
    l_uint32* colourData = out.scanned ? pixGetData(out.scanned.get()) : nullptr;
    const int colourWpl = out.scanned ? pixGetWpl(out.scanned.get()) : 0;
    for (int y = 0; y < h; ++y) {
        l_uint32* line = greyData + static_cast<size_t>(y) * static_cast<size_t>(greyWpl);
        if (!colour) {
            const uint8_t* row = src.data() + static_cast<size_t>(y0 + y) * page.stride + static_cast<size_t>(x0);
            for (int x = 0; x < w; ++x) {
                setByte(line, x, row[x]);
                ++hist[0][row[x]];
            }
            continue;
        }
        const uint8_t* row = src.data() + static_cast<size_t>(y0 + y) * page.stride + 3 * static_cast<size_t>(x0);
        l_uint32* cline = colourData ? colourData + static_cast<size_t>(y) * static_cast<size_t>(colourWpl) : nullptr;
        for (int x = 0; x < w; ++x) {
            const uint8_t r = row[3 * x], g = row[3 * x + 1], b = row[3 * x + 2];
            ++hist[0][r];
            ++hist[1][g];
            ++hist[2][b];
            // Leptonica's luminance weights (pixConvertRGBToLuminance), which the LSTM's own
            // colour-to-grey conversion uses.
            const double lum = static_cast<double>(L_RED_WEIGHT * static_cast<float>(r) + L_GREEN_WEIGHT * static_cast<float>(g) +
                                                   L_BLUE_WEIGHT * static_cast<float>(b)) + 0.5;
            setByte(line, x, static_cast<uint8_t>(std::min(255, static_cast<int>(lum))));
            if (cline)
                composeRGBPixel(r, g, b, cline + x);
        }
    }

    if (!withBinary)
        return out;
    // The 1-bit image: ink where the tables say so, packed 32 pixels to a word.
    const std::vector<InkTable> ink = inkTables(hist);
    out.binary = newPix(w, h, 1, dpi);
    if (!out.binary)
        return {};
    l_uint32* binData = pixGetData(out.binary.get());
    const int binWpl = pixGetWpl(out.binary.get());
    for (int y = 0; y < h; ++y) {
        l_uint32* line = binData + static_cast<size_t>(y) * static_cast<size_t>(binWpl);
        l_uint32 word = 0;
        int x = 0;
        if (!colour) {
            const uint8_t* row = src.data() + static_cast<size_t>(y0 + y) * page.stride + static_cast<size_t>(x0);
            const InkTable& t = ink[0];
            for (; x < w; ++x) {
                word = (word << 1) | t[row[x]];
                if ((x & 31) == 31) {
                    line[x >> 5] = word;
                    word = 0;
                }
            }
        } else {
            const uint8_t* row = src.data() + static_cast<size_t>(y0 + y) * page.stride + 3 * static_cast<size_t>(x0);
            for (; x < w; ++x) {
                word = (word << 1) | (ink[0][row[3 * x]] | ink[1][row[3 * x + 1]] | ink[2][row[3 * x + 2]]);
                if ((x & 31) == 31) {
                    line[x >> 5] = word;
                    word = 0;
                }
            }
        }
        if (w & 31)
            line[w >> 5] = word << (32 - (w & 31));
    }
    return out;
}

// A Leptonica 8 bpp grey or 32 bpp colour image as a PageImage of resolution `dpi`.
PageImage toPageImage(Pix* pix, int dpi)
{
    const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
    const bool colour = pixGetDepth(pix) == 32;
    PageImage p;
    p.width = w;
    p.height = h;
    p.dpi = dpi;
    p.format = colour ? PixelFormat::Rgb24 : PixelFormat::Gray8;
    p.stride = PageImage::strideFor(p.format, w);
    auto bytes = std::make_shared<std::vector<uint8_t>>(p.stride * static_cast<size_t>(h));
    const l_uint32* data = pixGetData(pix);
    const int wpl = pixGetWpl(pix);
    for (int y = 0; y < h; ++y) {
        const l_uint32* line = data + static_cast<size_t>(y) * static_cast<size_t>(wpl);
        uint8_t* row = bytes->data() + static_cast<size_t>(y) * p.stride;
        for (int x = 0; x < w; ++x) {
            if (!colour) {
                row[x] = static_cast<uint8_t>(GET_DATA_BYTE(line, x));
                continue;
            }
            l_int32 r = 0, g = 0, b = 0;
            extractRGBValues(line[x], &r, &g, &b);
            row[3 * x] = static_cast<uint8_t>(r);
            row[3 * x + 1] = static_cast<uint8_t>(g);
            row[3 * x + 2] = static_cast<uint8_t>(b);
        }
    }
    p.pixels = std::move(bytes);
    return p;
}

} // namespace

PagePix makePagePix(const PageImage& page, int x0, int y0, int w, int h, bool keepColour, int readingDpi)
{
    const int dpi = page.dpi > 0 ? page.dpi : 300;
    if (readingDpi <= 0 || page.format == PixelFormat::Mono1 || 20 * dpi <= 23 * readingDpi)
        return makeNative(page, x0, y0, w, h, keepColour, true);
    // The rectangle as scanned (in colour for a colour page: the area map averages each channel and
    // the binarisation looks at each), reduced, then made into the reading images.
    PagePix full = makeNative(page, x0, y0, w, h, true, false);
    Pix* scan = full.scanned ? full.scanned.get() : full.grey.get();
    if (!scan)
        return {};
    const float s = static_cast<float>(readingDpi) / static_cast<float>(dpi);
    const PixPtr small(pixScaleAreaMap(scan, s, s));
    if (!small)
        return {};
    PagePix out = makeNative(toPageImage(small.get(), readingDpi), 0, 0, static_cast<int>(pixGetWidth(small.get())),
                             static_cast<int>(pixGetHeight(small.get())), false, true);
    if (!out.binary)
        return {};
    out.scale = static_cast<double>(s);
    if (keepColour)
        out.scanned = full.scanned ? std::move(full.scanned) : std::move(full.grey);
    return out;
}

void whiteOut(PagePix& p, const std::vector<Rect>& boxes)
{
    for (Pix* pix : {p.binary.get(), p.grey.get()}) {
        if (!pix)
            continue;
        const int w = static_cast<int>(pixGetWidth(pix)), h = static_cast<int>(pixGetHeight(pix));
        for (const Rect& b : boxes) {
            const int x0 = std::clamp(static_cast<int>(std::floor(b.x * p.scale)), 0, w);
            const int y0 = std::clamp(static_cast<int>(std::floor(b.y * p.scale)), 0, h);
            const int x1 = std::clamp(static_cast<int>(std::ceil(b.right() * p.scale)), 0, w);
            const int y1 = std::clamp(static_cast<int>(std::ceil(b.bottom() * p.scale)), 0, h);
            if (x1 <= x0 || y1 <= y0)
                continue;
            BOX* box = boxCreate(x0, y0, x1 - x0, y1 - y0);
            if (!box)
                continue;
            // 1 bpp: 1 is black, so white is cleared bits; 8 bpp: white is all bits set.
            if (pixGetDepth(pix) == 1)
                pixClearInRect(pix, box);
            else
                pixSetInRect(pix, box);
            boxDestroy(&box);
        }
    }
}

void setPagePix(tesseract::TessBaseAPI& api, const PagePix& p)
{
    api.SetImage(p.binary.get());
    // Takes ownership of its own reference; replaces the 1-bit copy SetImage made the original.
    api.SetInputImage(pixClone(p.grey.get()));
}

} // namespace vanthu::ocr
