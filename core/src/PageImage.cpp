#include "vanthu/core/PageImage.h"

#include <algorithm>
#include <cstring>

namespace vanthu {

PageImage PageImage::crop(int x, int y, int w, int h) const
{
    const int x0 = std::clamp(x, 0, width), y0 = std::clamp(y, 0, height);
    const int x1 = std::clamp(x + w, 0, width), y1 = std::clamp(y + h, 0, height);
    PageImage out;
    out.dpi = dpi;
    out.format = format;
    if (empty() || x1 <= x0 || y1 <= y0)
        return out;
    out.width = x1 - x0;
    out.height = y1 - y0;
    out.stride = strideFor(format, out.width);
    auto buf = std::make_shared<std::vector<uint8_t>>(out.stride * static_cast<size_t>(out.height), uint8_t{0});
    for (int row = 0; row < out.height; ++row) {
        const uint8_t* src = pixels->data() + static_cast<size_t>(y0 + row) * stride;
        uint8_t* dst = buf->data() + static_cast<size_t>(row) * out.stride;
        if (format == PixelFormat::Mono1) {
            for (int col = 0; col < out.width; ++col) {
                const int sx = x0 + col;
                if (src[sx >> 3] & (0x80 >> (sx & 7)))
                    dst[col >> 3] = static_cast<uint8_t>(dst[col >> 3] | (0x80 >> (col & 7)));
            }
        } else {
            const size_t bpp = format == PixelFormat::Rgb24 ? 3 : 1;
            std::memcpy(dst, src + static_cast<size_t>(x0) * bpp, static_cast<size_t>(out.width) * bpp);
        }
    }
    out.pixels = std::move(buf);
    return out;
}

} // namespace vanthu
