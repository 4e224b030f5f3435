#pragma once
// Private: the Leptonica images Tesseract gets for a page (or a region of it), made in one pass over
// our pixels.
//
// Tesseract reads a page twice over: its layout analysis works on a 1-bit image, its LSTM reads the
// text lines from the grey one. Given only a grey or colour image it makes the 1-bit image itself
// (Otsu's threshold over the whole image, with a histogram pass per colour channel, then a second
// Otsu pass and a grey copy kept for the layout's edge offsets) and crops the LSTM's lines out of the
// colour image. We hand it all three ready: the 1-bit image as the image to recognise (Tesseract
// thresholds nothing then), the grey image as its "original" (the LSTM's lines come from the
// original when it has the 1-bit image's size), and — for a searchable PDF — the page as scanned,
// set as the original after recognition so the PDF shows it in colour.
#include "vanthu/core/PageImage.h"

#include <array>
#include <memory>

struct Pix;

namespace tesseract {
class TessBaseAPI;
}

namespace vanthu::ocr {

struct PixDeleter {
    void operator()(Pix* p) const;
};
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

struct PagePix {
    PixPtr binary;    // 1 bpp, 1 = black: what the layout analysis reads
    PixPtr grey;      // 8 bpp (the 1 bpp image itself for a 1-bit page): what the LSTM reads lines from
    PixPtr scanned;   // 32 bpp colour of an Rgb24 page, else null (grey is the page as scanned)
};

// Otsu's threshold of a histogram of 8-bit values: the t that best parts "value <= t" from
// "value > t"; -1 when all values are the same. Pure.
int otsuThreshold(const std::array<long, 256>& histogram);

// The rectangle x0, y0, w, h of `page` (page pixels, inside the page, not empty) as Tesseract's
// images; its resolution is the page's (300 when unknown). The binarisation is Otsu's global
// threshold, per colour channel for a colour page (a pixel is ink when any channel that separates
// ink from paper says so), the rule Tesseract's own thresholder applies. Colour is kept only when
// `keepColour`. Null members when out of memory. Any thread.
PagePix makePagePix(const PageImage& page, int x0, int y0, int w, int h, bool keepColour);

// Sets `p` on `api` for the next Recognize(): the 1-bit image to lay out, the grey one to read.
void setPagePix(tesseract::TessBaseAPI& api, const PagePix& p);

// After Recognize(): makes the page as scanned the image a searchable PDF embeds (colour pages in
// colour; JPEG for grey and colour, CCITT G4 for 1-bit pages).
void setPdfImage(tesseract::TessBaseAPI& api, const PagePix& p);

} // namespace vanthu::ocr
