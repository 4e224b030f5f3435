#pragma once
// The review view of a DocumentMeta: field names, labels, text values and corrections, shared by
// the incoming and outgoing flows. Private to workflow.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/workflow/Incoming.h"

#include <map>
#include <string>
#include <vector>

namespace vanthu::workflow::detail {

// Fields of `meta` with confidences from `info` (field name -> OCR confidence; missing = 0).
std::vector<ReviewField> reviewFields(const DocumentMeta& meta, const std::map<std::string, float>& confidence,
                                      const std::string& recipientUnit, const std::string& note);
// Sets one field of meta (or recipientUnit / note). InvalidInput.
Status setField(DocumentMeta& meta, std::string& recipientUnit, std::string& note, std::string_view field,
                std::string_view value);
// Confidences of an extraction under review-field names.
std::map<std::string, float> confidences(const ocr::Extraction& x);
// "field=value" split. InvalidInput.
Result<std::pair<std::string, std::string>> splitAssignment(std::string_view assignment);

} // namespace vanthu::workflow::detail
