#include "PageFormat_p.h"

#include <cstdint>
#include <memory>
#include <vector>

namespace vanthu::workflow::detail {

PageImage grayIfNeutral(const PageImage& page)
{
    if (page.format != PixelFormat::Rgb24 || page.empty() || page.stride < PageImage::strideFor(page.format, page.width) ||
        page.pixels->size() < page.stride * static_cast<size_t>(page.height))
        return page;
    const auto w = static_cast<size_t>(page.width);
    const std::vector<uint8_t>& in = *page.pixels;
    for (size_t y = 0; y < static_cast<size_t>(page.height); ++y) {
        const uint8_t* row = in.data() + y * page.stride;
        for (size_t x = 0; x < w; ++x)
            if (row[3 * x] != row[3 * x + 1] || row[3 * x] != row[3 * x + 2])
                return page;
    }
    PageImage g = page;
    g.format = PixelFormat::Gray8;
    g.stride = PageImage::strideFor(g.format, g.width);
    auto out = std::make_shared<std::vector<uint8_t>>(g.stride * static_cast<size_t>(g.height));
    for (size_t y = 0; y < static_cast<size_t>(page.height); ++y) {
        const uint8_t* row = in.data() + y * page.stride;
        uint8_t* dst = out->data() + y * g.stride;
        for (size_t x = 0; x < w; ++x)
            dst[x] = row[3 * x];
    }
    g.pixels = std::move(out);
    return g;
}

} // namespace vanthu::workflow::detail
