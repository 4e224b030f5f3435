#pragma once
// Private: Leptonica PIX <-> PageImage, and owning pointers for Leptonica objects.

#include "vanthu/core/PageImage.h"

#include <leptonica/allheaders.h>

#include <memory>

namespace vanthu::capture {

struct PixDeleter {
    void operator()(PIX* p) const { pixDestroy(&p); }
};
using PixPtr = std::unique_ptr<PIX, PixDeleter>;

struct PixaDeleter {
    void operator()(PIXA* p) const { pixaDestroy(&p); }
};
using PixaPtr = std::unique_ptr<PIXA, PixaDeleter>;

// Mono1 -> 1 bpp, Gray8 -> 8 bpp, Rgb24 -> 32 bpp; resolution copied. Never null for a valid page.
PixPtr toPix(const PageImage& page);
// 1 bpp -> Mono1, 8 bpp (colormap removed) -> Gray8, 32 bpp -> Rgb24; other depths converted.
PageImage fromPix(PIX* pix);

} // namespace vanthu::capture
