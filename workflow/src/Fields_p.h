#pragma once
// The review view of a DocumentMeta: field names, labels, text values and corrections, shared by
// the incoming and outgoing flows. Private to workflow.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/workflow/Incoming.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::workflow::detail {

// Where a review field's value came from: OCR confidence and the page region it was read in.
struct FieldSource {
    float confidence = 0;
    int page = -1;                        // 0-based; -1 = not read from a page
    std::optional<ocr::Rect> region;
    bool pending = false;                 // ReviewField::pending
};
using FieldSources = std::map<std::string, FieldSource>;

// Fields of `meta` with confidences and regions from `sources` (review-field name; missing = 0).
std::vector<ReviewField> reviewFields(const DocumentMeta& meta, const FieldSources& sources,
                                      const std::string& recipientUnit, const std::string& note);
// The sources of fields under review (to rebuild them after a change).
FieldSources sourcesOf(const std::vector<ReviewField>& fields);
// Sets one field of meta (or recipientUnit / note). InvalidInput.
Status setField(DocumentMeta& meta, std::string& recipientUnit, std::string& note, std::string_view field,
                std::string_view value);
// Confidences and regions of an extraction under review-field names.
FieldSources sources(const ocr::Extraction& x);
// An OCR warning in both languages, Vietnamese first (the reader words them in English).
std::string bilingualWarning(const std::string& ocrWarning);
// Reads a document's fields: a born-digital PDF (`bornDigital`, `file` its path) from its own text
// layer, as typed; otherwise, or when the layer has no usable page, OCR of `pages`.
Result<ocr::Extraction> readFields(ocr::Reader& reader, bool bornDigital, const std::string& file,
                                   const std::vector<PageImage>& pages);
// "field=value" split. InvalidInput.
Result<std::pair<std::string, std::string>> splitAssignment(std::string_view assignment);

} // namespace vanthu::workflow::detail
