#pragma once
// Born-digital PDFs: their own text layer read as if it were OCR output (words with boxes in the
// pixels of the rendered page, confidence 100), so the same header-first reading and grammar apply
// without running Tesseract.

#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Engine.h"

#include <string>
#include <vector>

namespace vanthu::ocr {

struct TextLayer {
    std::vector<PageImage> pages;   // each page rendered at the asked resolution (Poppler), Rgb24
    std::vector<OcrResult> text;    // per page; empty when the page has no usable text
    int usablePages = 0;            // pages whose text layer is used
    // Pages whose only text is a recogniser's invisible layer in GlyphLessFont (Tesseract,
    // OCRmyPDF, our own searchable PDFs): a scan that was OCR'd once already. They count as pages
    // without text (read again by our OCR, which has the layout grammar behind it).
    int ocrLayerPages = 0;
};

// Reads the text layer of every page of a PDF with Poppler and renders the pages at `dpi`.
// Pages turned by /Rotate or written in vertical mode give no text. InvalidInput (not a readable
// PDF, encrypted, no pages). Any thread.
Result<TextLayer> readTextLayer(const std::string& pdfPath, int dpi = 300);

// Words made into lines: words that overlap vertically form a row, a row is split where the gap
// between words exceeds 1.5 times the row's height (the columns of a header); lines sorted top to
// bottom, then left to right, with their text, box and mean confidence. Pure.
OcrResult linesFromWords(std::vector<Word> words);

} // namespace vanthu::ocr
