#pragma once
#include "vanthu/core/Error.h"

namespace vanthu::ocr {

enum class Errc {
    EngineInit = 1,     // Tesseract or its language data could not be loaded
    Recognition,        // Tesseract failed on the page
    Cancelled,          // cancelled by the caller
    DeadlineExceeded,   // the per-page deadline passed
    InvalidInput,       // an empty page or a region outside it
    PdfWrite,           // the searchable PDF could not be written
};
const ErrorDomain& errorDomain(Errc);

} // namespace vanthu::ocr
