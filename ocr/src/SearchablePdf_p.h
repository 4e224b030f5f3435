#pragma once
// Private: the searchable PDF/A-2b writer, run on an engine worker with its TessBaseAPI.
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Errors.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace tesseract {
class TessBaseAPI;
class TessPDFRenderer;
}

namespace vanthu::ocr {

// A searchable PDF/A-2b built page by page from recognitions already made: each page is added
// from a TessBaseAPI that has just recognised it (its input image set by setPdfImage, PagePix_p.h), so the
// text layer costs no second recognition. Written to a temporary file beside `path`, renamed by
// finish(); the temporary is removed when the writer is dropped unfinished. One thread at a time.
class SearchablePdfWriter {
public:
    SearchablePdfWriter(std::string path, DocumentMeta meta);
    ~SearchablePdfWriter();
    SearchablePdfWriter(const SearchablePdfWriter&) = delete;
    SearchablePdfWriter& operator=(const SearchablePdfWriter&) = delete;
    // Adds the page just recognised on `api` as page `pageIndex` (0-based) of the document; pages
    // may come in any order, the file lists them in page order. PdfWrite when the page cannot be
    // written.
    // `extraText`: content-stream operators drawn after the renderer's own (invisibleWords).
    Status addPage(tesseract::TessBaseAPI& api, int pageIndex, std::string extraText = {});
    // The path; InvalidInput (no page added), PdfWrite.
    Result<std::string> finish();

private:
    std::string m_path, m_base, m_part;
    DocumentMeta m_meta;
    std::unique_ptr<tesseract::TessPDFRenderer> m_renderer;
    std::vector<int> m_order;  // the page index of each page added, in the order added
    std::map<int, std::string> m_extra;  // page index → extra text operators
    bool m_finished = false;
};

// Content-stream operators drawing the lines of `text` (pixels of a page `pageHeight` pixels high
// at `dpi`) as invisible text in the renderer's GlyphLessFont (/f-0-0) the way the renderer draws its
// own: the words of a line on one baseline (the line's bottom) in one size (the line's height),
// each followed by a space and stretched to its box.
std::string invisibleText(const OcrResult& text, int dpi, int pageHeight);

// Appends an incremental update that makes a PDF written by Tesseract's PDF renderer PDF/A-2b:
// XMP metadata (pdfaid, Dublin Core fields from `meta`), an sRGB output intent, a matching Info
// dictionary and a file identifier. `pageOrder[k]` is the page index of the k-th page the renderer
// wrote; when they are not in order the page tree is rewritten in page order. `extraText[i]` is
// drawn on page i after its own content (a second content stream). PdfWrite when the file is not
// as expected.
Status makePdfA2b(const std::string& file, const DocumentMeta& meta, const std::string& iccProfilePath,
                  const std::vector<int>& pageOrder = {}, const std::map<int, std::string>& extraText = {});

} // namespace vanthu::ocr
