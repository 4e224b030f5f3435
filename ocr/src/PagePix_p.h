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
// original when it has the 1-bit image's size); for a searchable PDF the page as scanned is kept
// beside them (the PDF shows it in colour and at its own resolution).
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Engine.h"

#include <array>
#include <memory>
#include <string>
#include <vector>

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
    PixPtr scanned;   // the page as scanned for a searchable PDF, when `grey` is not that: 32 bpp
                      // colour of an Rgb24 page, 8 bpp grey of a page read at reduced resolution;
                      // null otherwise (and when colour was not asked for)
    double scale = 1; // reading pixels per page pixel (< 1 when read at reduced resolution)
};

// Otsu's threshold of a histogram of 8-bit values: the t that best parts "value <= t" from
// "value > t"; -1 when all values are the same. Pure.
int otsuThreshold(const std::array<long, 256>& histogram);

// The rectangle x0, y0, w, h of `page` (page pixels, inside the page, not empty) as Tesseract's
// images; its resolution is the page's (300 when unknown). The binarisation is Otsu's global
// threshold, per colour channel for a colour page (a pixel is ink when any channel that separates
// ink from paper says so), the rule Tesseract's own thresholder applies. Colour is kept only when
// `keepColour`.
//
// A grey or colour page scanned finer than `readingDpi` (by more than 15 %) is read at
// `readingDpi`: the reading images are the rectangle reduced by area averaging (Leptonica's area
// map), and `scale` says by how much. Tesseract's text lines are scaled to a fixed height for the
// LSTM anyway; what the finer scan costs is the layout analysis and the line images Tesseract
// copies (and compresses) on the way, about a fifth of a 300 dpi page's time, for no better text
// (Tesseract's command line on the 17 dev pages at 300 dpi: CER 9.42 % reduced to 200 dpi, 9.59 %
// as scanned, 25 s against 31-32 s of CPU). The page as
// scanned stays in `scanned` when `keepColour` (the searchable PDF shows the scan, not the
// reading image). 0 = read as scanned. Null members when out of memory. Any thread.
PagePix makePagePix(const PageImage& page, int x0, int y0, int w, int h, bool keepColour, int readingDpi = 0);

// Makes the rectangles `boxes` (page pixels; parts outside the image are ignored) white in the
// reading images of `p` (its 1-bit and grey images, at its scale), so that a recognition reads
// nothing there; `scanned` is left as it was. Call after the page's PDF image was encoded from
// `grey`. Any thread.
void whiteOut(PagePix& p, const std::vector<Rect>& boxes);

// Sets `p` on `api` for the next Recognize(): the 1-bit image to lay out, the grey one to read.
void setPagePix(tesseract::TessBaseAPI& api, const PagePix& p);

} // namespace vanthu::ocr
