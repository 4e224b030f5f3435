#pragma once
// Importing existing files as if scanned: PDFs (rendered with Poppler; the original bytes are kept
// untouched), multi-page TIFF, PNG, JPEG.

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

#include <string>
#include <vector>

namespace vanthu::capture {

struct ImportOptions {
    int dpi = 300;            // PDF rendering resolution
    int maxPages = 2000;      // refuse larger files
    // A page whose every pixel is neutral (R = G = B) comes as Gray8: the same values in a third of
    // the bytes (a grey or 1-bit scan in a PDF, which Poppler renders as RGB). Off: as rendered.
    bool greyWhenNeutral = true;
    // A PDF page that is one scanned image (a scanner's or copier's PDF), scanned at 150 dpi up to
    // `dpi`, rendered at the scan's own resolution instead: its pixels one for one, not resampled
    // up to `dpi` (then down again for the full text), and fewer of them to clean and read.
    bool atScanResolution = true;
};

struct ImportedFile {
    std::string path;
    std::string kind;                 // "pdf", "tiff", "png", "jpeg"
    std::string sha256;               // of the original bytes
    std::vector<PageImage> pages;
    bool hasTextLayer = false;        // PDF with extractable text on any page (born digital)
    bool hasSignature = false;        // PDF with a signature field (/Sig) — verify before trusting
};

// UnreadableFile (damaged, encrypted without password, empty), UnsupportedFile.
Result<ImportedFile> importFile(const std::string& path, const ImportOptions& options = {});

} // namespace vanthu::capture
