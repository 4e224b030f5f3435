#pragma once
// Private: the searchable PDF/A-2b writer, run on an engine worker with its TessBaseAPI.
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Errors.h"

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
    Status addPage(tesseract::TessBaseAPI& api, int pageIndex);
    // The path; InvalidInput (no page added), PdfWrite.
    Result<std::string> finish();

private:
    std::string m_path, m_base, m_part;
    DocumentMeta m_meta;
    std::unique_ptr<tesseract::TessPDFRenderer> m_renderer;
    std::vector<int> m_order;  // the page index of each page added, in the order added
    bool m_finished = false;
};

// Appends an incremental update that makes a PDF written by Tesseract's PDF renderer PDF/A-2b:
// XMP metadata (pdfaid, Dublin Core fields from `meta`), an sRGB output intent, a matching Info
// dictionary and a file identifier. `pageOrder[k]` is the page index of the k-th page the renderer
// wrote; when they are not in order the page tree is rewritten in page order. PdfWrite when the
// file is not as expected.
Status makePdfA2b(const std::string& file, const DocumentMeta& meta, const std::string& iccProfilePath,
                  const std::vector<int>& pageOrder = {});

} // namespace vanthu::ocr
