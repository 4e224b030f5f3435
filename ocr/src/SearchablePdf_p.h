#pragma once
// Private: the searchable PDF/A-2b writer, run on an engine worker with its TessBaseAPI.
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Errors.h"

#include <string>
#include <vector>

namespace tesseract {
class TessBaseAPI;
}

namespace vanthu::ocr {

Result<std::string> renderSearchablePdf(tesseract::TessBaseAPI& api, const std::vector<PageImage>& pages,
                                        const std::string& path, const DocumentMeta& meta);

// Appends an incremental update that makes a PDF written by Tesseract's PDF renderer PDF/A-2b:
// XMP metadata (pdfaid, Dublin Core fields from `meta`), an sRGB output intent, a matching Info
// dictionary and a file identifier. PdfWrite when the file is not as expected.
Status makePdfA2b(const std::string& file, const DocumentMeta& meta, const std::string& iccProfilePath);

} // namespace vanthu::ocr
