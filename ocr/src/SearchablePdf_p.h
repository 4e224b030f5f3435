#pragma once
// Private: the searchable PDF/A-2b writer, fed by the engine's workers with the pages they recognised.
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Errors.h"

#include <cstdio>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

struct Pix;

namespace vanthu::ocr {

struct OcrResult;

// A page's scan as a PDF image: the stream's bytes and its dictionary's entries (all but /Length).
struct PdfImage {
    std::string data;
    std::string dict;
    int width = 0, height = 0;  // pixels
};

// The scan as the PDF shows it: CCITT G4 for a 1-bit image and for a grey one whose every pixel is
// black or white (a 1-bit scan imported as grey: lossless, a tenth of a JPEG's bytes), baseline
// JPEG of quality 85 for other grey and colour images (what Tesseract's and OCRmyPDF's PDFs use).
// Null when it cannot be encoded. Any thread.
std::optional<PdfImage> encodePdfImage(Pix* pix);

// The invisible text of a page over its words, as a content stream fragment: each word (and a
// space) at its left edge on its line's mean baseline, every line level, in Tesseract's estimate
// of the line's type size, scaled to its box's width. Words in page pixels at `dpi`, the page
// `heightPx` tall. Pure.
std::string invisibleText(const OcrResult& text, int dpi, int heightPx);

// A searchable PDF/A-2b written page by page: each page the scan with an invisible text layer
// (GlyphLessFont, Tesseract's one-glyph font from its tessdata, embedded), so the text layer needs
// no second recognition and may come from several recognitions of one page. The file starts with
// the font; pages are appended as they come, in any order, and finish() writes the page tree in
// page order, the XMP metadata (PDF/A identification, the fields of `meta` in Dublin Core), the
// sRGB output intent, the Info dictionary and a classic cross-reference table. Written to a
// temporary file beside `path`, synced and renamed by finish(); the temporary is removed when the
// writer is dropped unfinished. One thread at a time.
class SearchablePdfWriter {
public:
    // `fontPath`: Tesseract's pdf.ttf.
    SearchablePdfWriter(std::string path, DocumentMeta meta, std::string fontPath);
    ~SearchablePdfWriter();
    SearchablePdfWriter(const SearchablePdfWriter&) = delete;
    SearchablePdfWriter& operator=(const SearchablePdfWriter&) = delete;
    // Adds page `pageIndex` (0-based): `image` drawn over the whole page, whose size is the image's
    // at `dpi`, and `text` (words in the image's pixels) over it. PdfWrite when the file cannot be
    // written (the font missing, the disk full).
    Status addPage(int pageIndex, const PdfImage& image, int dpi, const OcrResult& text);
    // The path; InvalidInput (no page added), PdfWrite.
    Result<std::string> finish();

private:
    int allocate() { return m_next++; }
    Status begin();
    Status object(int number, const std::string& body, const std::string* stream = nullptr);
    Status stream(int number, const std::string& entries, const std::string& bytes);  // a stream object
    std::string m_path, m_part, m_fontPath;
    DocumentMeta m_meta;
    std::FILE* m_file = nullptr;
    size_t m_written = 0;
    int m_next = 1;
    int m_pagesObj = 0, m_fontObj = 0;
    std::map<int, size_t> m_offsets;          // object number → byte offset
    std::vector<std::pair<int, int>> m_pages; // (page index, page object)
    bool m_finished = false;
};

} // namespace vanthu::ocr
