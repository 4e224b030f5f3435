#pragma once
// Scanned pages to a PDF (one image per page at its scan size), with cairo. Private to workflow.

#include "vanthu/core/Error.h"
#include "vanthu/core/PageImage.h"

#include <string>
#include <vector>

namespace vanthu::workflow::detail {

// Writes `pages` to `path` (temp + rename). Page size follows each image's dpi (300 when unknown).
// workflow::Errc::Io.
Status writeImagePdf(const std::vector<PageImage>& pages, const std::string& path, const std::string& title);

} // namespace vanthu::workflow::detail
