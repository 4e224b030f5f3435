#include "Pix_p.h"

#include <cassert>
#include <cstring>

// Leptonica's pixel access macros use C casts.
#pragma GCC diagnostic ignored "-Wold-style-cast"
#pragma GCC diagnostic ignored "-Wconversion"
#pragma GCC diagnostic ignored "-Wsign-conversion"

namespace vanthu::capture {

PixPtr toPix(const PageImage& page)
{
    assert(!page.empty() && "toPix on an empty page");
    const int depth = page.format == PixelFormat::Mono1 ? 1 : page.format == PixelFormat::Gray8 ? 8 : 32;
    PixPtr pix(pixCreate(page.width, page.height, depth));
    if (!pix)
        return pix;
    pixSetResolution(pix.get(), page.dpi, page.dpi);
    const auto& src = *page.pixels;
    const l_int32 wpl = pixGetWpl(pix.get());
    l_uint32* data = pixGetData(pix.get());
    for (int y = 0; y < page.height; ++y) {
        const uint8_t* row = src.data() + static_cast<size_t>(y) * page.stride;
        l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
        switch (page.format) {
        case PixelFormat::Mono1:
            for (int x = 0; x < page.width; ++x)
                if (row[x >> 3] & (0x80 >> (x & 7)))
                    SET_DATA_BIT(line, x);
            break;
        case PixelFormat::Gray8:
            for (int x = 0; x < page.width; ++x)
                SET_DATA_BYTE(line, x, row[x]);
            break;
        case PixelFormat::Rgb24:
            for (int x = 0; x < page.width; ++x) {
                const uint8_t* p = row + 3 * x;
                line[x] = (l_uint32(p[0]) << L_RED_SHIFT) | (l_uint32(p[1]) << L_GREEN_SHIFT) |
                          (l_uint32(p[2]) << L_BLUE_SHIFT);
            }
            break;
        }
    }
    return pix;
}

PageImage fromPix(PIX* input)
{
    assert(input && "fromPix on null");
    PixPtr converted;
    PIX* pix = input;
    const l_int32 d = pixGetDepth(pix);
    if (pixGetColormap(pix)) {
        converted.reset(pixRemoveColormap(pix, REMOVE_CMAP_BASED_ON_SRC));
        pix = converted.get();
    } else if (d != 1 && d != 8 && d != 32) {
        converted.reset(d < 8 ? pixConvertTo8(pix, 0) : pixConvertTo32(pix));
        pix = converted.get();
    }
    const l_int32 depth = pixGetDepth(pix);
    PageImage page;
    page.width = pixGetWidth(pix);
    page.height = pixGetHeight(pix);
    page.dpi = pixGetXRes(pix);
    page.format = depth == 1 ? PixelFormat::Mono1 : depth == 8 ? PixelFormat::Gray8 : PixelFormat::Rgb24;
    if (depth != 1 && depth != 8 && depth != 32) { // e.g. a colormapped image that became 2/4 bpp
        converted.reset(pixConvertTo32(pix));
        pix = converted.get();
        page.format = PixelFormat::Rgb24;
    }
    page.stride = PageImage::strideFor(page.format, page.width);
    auto buf = std::make_shared<std::vector<uint8_t>>(page.stride * static_cast<size_t>(page.height));
    const l_int32 wpl = pixGetWpl(pix);
    const l_uint32* data = pixGetData(pix);
    for (int y = 0; y < page.height; ++y) {
        uint8_t* row = buf->data() + static_cast<size_t>(y) * page.stride;
        const l_uint32* line = data + static_cast<ptrdiff_t>(y) * wpl;
        switch (page.format) {
        case PixelFormat::Mono1:
            for (int x = 0; x < page.width; ++x)
                if (GET_DATA_BIT(line, x))
                    row[x >> 3] |= static_cast<uint8_t>(0x80 >> (x & 7));
            break;
        case PixelFormat::Gray8:
            for (int x = 0; x < page.width; ++x)
                row[x] = GET_DATA_BYTE(line, x);
            break;
        case PixelFormat::Rgb24:
            for (int x = 0; x < page.width; ++x) {
                const l_uint32 w = line[x];
                row[3 * x] = (w >> L_RED_SHIFT) & 0xff;
                row[3 * x + 1] = (w >> L_GREEN_SHIFT) & 0xff;
                row[3 * x + 2] = (w >> L_BLUE_SHIFT) & 0xff;
            }
            break;
        }
    }
    page.pixels = std::move(buf);
    return page;
}

} // namespace vanthu::capture
