#pragma once
// A page as pixels: the value that capture, ocr and signing exchange. Pixels are immutable and
// shared, so copying a PageImage is cheap and a page can move between threads safely.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace vanthu {

enum class PixelFormat {
    Mono1,   // 1 bit per pixel, 1 = black, rows padded to whole bytes, MSB first
    Gray8,   // 8 bits, 0 = black
    Rgb24,   // 8 bits per channel, R G B
};

struct PageImage {
    int width = 0;          // pixels
    int height = 0;         // pixels
    int dpi = 0;            // resolution (same in x and y); 0 when unknown
    PixelFormat format = PixelFormat::Gray8;
    size_t stride = 0;      // bytes per row
    std::shared_ptr<const std::vector<uint8_t>> pixels;

    bool empty() const { return !pixels || width <= 0 || height <= 0; }
    // Page size in millimetres (0 when dpi is unknown).
    double widthMm() const { return dpi > 0 ? width * 25.4 / dpi : 0.0; }
    double heightMm() const { return dpi > 0 ? height * 25.4 / dpi : 0.0; }
    static size_t strideFor(PixelFormat f, int width);
    // The rectangle [x, x+w) x [y, y+h), clipped to the page; empty when nothing is left.
    PageImage crop(int x, int y, int w, int h) const;
    // A blank (white) page of the given geometry.
    static PageImage blank(int width, int height, int dpi, PixelFormat format);
};

inline size_t PageImage::strideFor(PixelFormat f, int width)
{
    switch (f) {
    case PixelFormat::Mono1: return (static_cast<size_t>(width) + 7) / 8;
    case PixelFormat::Gray8: return static_cast<size_t>(width);
    case PixelFormat::Rgb24: return static_cast<size_t>(width) * 3;
    }
    return 0;
}

inline PageImage PageImage::blank(int width, int height, int dpi, PixelFormat format)
{
    PageImage p;
    p.width = width;
    p.height = height;
    p.dpi = dpi;
    p.format = format;
    p.stride = strideFor(format, width);
    p.pixels = std::make_shared<const std::vector<uint8_t>>(p.stride * static_cast<size_t>(height),
                                                            format == PixelFormat::Mono1 ? uint8_t{0} : uint8_t{255});
    return p;
}

} // namespace vanthu
