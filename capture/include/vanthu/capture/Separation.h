#pragma once
// Splitting a scanned batch into documents: blank separator sheets, Patch-T sheets, and sheets
// carrying a separator QR code / barcode (ZXing). Each rule is configurable.

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

#include <optional>
#include <string>
#include <vector>

namespace vanthu::capture {

struct SeparationRules {
    bool blankSheet = false;        // a blank page (front, and back when duplex) separates documents
    bool duplex = false;            // pages come in front/back pairs
    bool patchT = true;             // a Patch-T sheet separates
    bool barcode = true;            // a sheet whose barcode/QR text starts with `barcodePrefix`
    std::string barcodePrefix = "VANTHU-TACH";
    bool dropSeparators = true;     // separator sheets are not part of any document
};

// What one page says about separation; computed by analysePage().
struct PageMarks {
    bool blank = false;
    double blankScore = 0;
    bool patchT = false;
    std::optional<std::string> barcodeText;   // first barcode/QR found, decoded
};

// Reads barcodes / QR codes and the Patch-T pattern, and scores blankness.
PageMarks analysePage(const PageImage& page);

// All barcodes and QR codes on a page (text, format name), e.g. a CCCD QR. ImageError.
struct Barcode {
    std::string text;
    std::string format;   // "QRCode", "Code128", ...
};
Result<std::vector<Barcode>> readBarcodes(const PageImage& page);

// Groups page indexes (0-based) into documents. Blank back pages that are not separators stay in
// their document (flagged, not dropped).
std::vector<std::vector<int>> separate(const std::vector<PageMarks>& marks, const SeparationRules& rules);

} // namespace vanthu::capture
