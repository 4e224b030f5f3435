#include "vanthu/capture/Separation.h"

#include "vanthu/capture/Cleanup.h"

#define ZX_USE_UTF8 1
#include <ZXing/ReadBarcode.h>

#include <algorithm>
#include <cmath>

namespace vanthu::capture {

namespace {

// A grey copy of the page, one byte per pixel (ZXing and the patch detector read luminance).
std::vector<uint8_t> luminance(const PageImage& p)
{
    std::vector<uint8_t> out(static_cast<size_t>(p.width) * static_cast<size_t>(p.height));
    const auto& src = *p.pixels;
    for (int y = 0; y < p.height; ++y) {
        const uint8_t* row = src.data() + static_cast<size_t>(y) * p.stride;
        uint8_t* o = out.data() + static_cast<size_t>(y) * static_cast<size_t>(p.width);
        for (int x = 0; x < p.width; ++x) {
            switch (p.format) {
            case PixelFormat::Mono1: o[x] = (row[x >> 3] & (0x80 >> (x & 7))) ? 0 : 255; break;
            case PixelFormat::Gray8: o[x] = row[x]; break;
            case PixelFormat::Rgb24:
                o[x] = static_cast<uint8_t>((299 * row[3 * x] + 587 * row[3 * x + 1] + 114 * row[3 * x + 2]) / 1000);
                break;
            }
        }
    }
    return out;
}

// Kodak Patch T (Patch Code Information A-61599): four bars wide-narrow-narrow-wide, wide bars
// 0.20 in (5.08 mm), narrow bars and the three spaces 0.08 in (2.03 mm), 0.80 in overall, bars at
// least 0.75 in long. Patch 2 (W N W N) and the other patches differ in the bar order.
constexpr double kWideMm = 5.08, kNarrowMm = 2.03, kMinLengthMm = 19.0, kTolerance = 0.3;

// Runs along one line: true when a W N N W bar sequence with narrow spaces appears.
bool lineHasPatchT(const uint8_t* px, int n, ptrdiff_t step, double pxPerMm)
{
    // Run-length encode dark (< 128) and light pixels.
    struct Run {
        bool dark;
        int length;
    };
    std::vector<Run> runs;
    bool dark = px[0] < 128;
    int len = 0;
    for (int i = 0; i < n; ++i) {
        const bool d = px[i * step] < 128;
        if (d == dark) {
            ++len;
        } else {
            runs.push_back({dark, len});
            dark = d;
            len = 1;
        }
    }
    runs.push_back({dark, len});
    const auto near = [&](int lengthPx, double mm) {
        const double want = mm * pxPerMm;
        return std::abs(lengthPx - want) <= want * kTolerance;
    };
    for (size_t i = 0; i + 6 < runs.size(); ++i) {
        if (!runs[i].dark)
            continue;
        const Run* r = &runs[i];
        if (near(r[0].length, kWideMm) && near(r[1].length, kNarrowMm) && near(r[2].length, kNarrowMm) &&
            near(r[3].length, kNarrowMm) && near(r[4].length, kNarrowMm) && near(r[5].length, kNarrowMm) &&
            near(r[6].length, kWideMm) && r[2].dark && r[4].dark && r[6].dark)
            return true;
    }
    return false;
}

// Scans lines across the page in one direction; the patch is found when matching lines cover at
// least the minimum bar length.
bool findPatchT(const std::vector<uint8_t>& lum, int width, int height, double pxPerMm, bool vertical)
{
    const int lines = vertical ? width : height;
    const int length = vertical ? height : width;
    const int stride = std::max(1, static_cast<int>(pxPerMm)); // one line per millimetre
    int run = 0;
    for (int l = 0; l < lines; l += stride) {
        const uint8_t* start = vertical ? lum.data() + l : lum.data() + static_cast<ptrdiff_t>(l) * width;
        const ptrdiff_t step = vertical ? width : 1;
        if (lineHasPatchT(start, length, step, pxPerMm)) {
            if (++run * stride >= kMinLengthMm * pxPerMm)
                return true;
        } else {
            run = 0;
        }
    }
    return false;
}

} // namespace

Result<std::vector<Barcode>> readBarcodes(const PageImage& page)
{
    if (page.empty())
        return fail(Errc::ImageError, "empty page");
    const std::vector<uint8_t> lum = luminance(page);
    ZXing::ImageView view(lum.data(), page.width, page.height, ZXing::ImageFormat::Lum);
    ZXing::DecodeHints hints;
    hints.setTryHarder(true);
    hints.setTryRotate(true);
    std::vector<Barcode> out;
    for (const auto& r : ZXing::ReadBarcodes(view, hints))
        if (r.isValid())
            out.push_back({r.text(), ZXing::ToString(r.format())});
    return out;
}

PageMarks analysePage(const PageImage& page)
{
    PageMarks m;
    if (page.empty())
        return m;
    const BlankVerdict b = detectBlank(page);
    m.blank = b.blank;
    m.blankScore = b.score;
    if (m.blank)
        return m;
    const std::vector<uint8_t> lum = luminance(page);
    const double pxPerMm = (page.dpi > 0 ? page.dpi : 300) / 25.4;
    m.patchT = findPatchT(lum, page.width, page.height, pxPerMm, false) ||
               findPatchT(lum, page.width, page.height, pxPerMm, true);
    if (auto codes = readBarcodes(page); codes && !codes->empty())
        m.barcodeText = codes->front().text;
    return m;
}

std::vector<std::vector<int>> separate(const std::vector<PageMarks>& marks, const SeparationRules& rules)
{
    std::vector<std::vector<int>> docs;
    std::vector<int> current;
    const auto isSeparator = [&](size_t i) {
        const PageMarks& m = marks[i];
        if (rules.patchT && m.patchT)
            return true;
        if (rules.barcode && m.barcodeText && m.barcodeText->starts_with(rules.barcodePrefix))
            return true;
        if (rules.blankSheet && m.blank) {
            // In duplex both sides of a separator sheet are blank; a single blank back page of a
            // printed front is not a separator.
            if (!rules.duplex)
                return true;
            const size_t front = i - i % 2;
            return front + 1 < marks.size() && marks[front].blank && marks[front + 1].blank;
        }
        return false;
    };
    for (size_t i = 0; i < marks.size(); ++i) {
        bool sep = isSeparator(i);
        // A separator sheet in duplex: its back side goes with it, whatever it shows.
        if (!sep && rules.duplex && i % 2 == 1 && isSeparator(i - 1))
            sep = true;
        if (sep) {
            if (!current.empty())
                docs.push_back(std::move(current));
            current.clear();
            if (!rules.dropSeparators)
                docs.push_back({static_cast<int>(i)});
            continue;
        }
        current.push_back(static_cast<int>(i));
    }
    if (!current.empty())
        docs.push_back(std::move(current));
    return docs;
}

} // namespace vanthu::capture
