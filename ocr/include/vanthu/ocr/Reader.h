#pragma once
// Header-first reading of an NĐ 30 document (Phụ lục I): the fields live in known places, so page 1's
// header columns are read first (agency column and motto column apart, in parallel), then the
// centred type/subject band; the clerk sees the fields before the full-text OCR of the rest.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/ocr/Engine.h"

#include <map>
#include <string>
#include <vector>

namespace vanthu::ocr {

struct FieldInfo {
    float confidence = 0;   // 0..100 (mean OCR confidence of the words it came from)
    Rect region;            // where on the page it was read
    int page = 0;           // 0-based page index
};

struct Extraction {
    DocumentMeta meta;
    std::map<std::string, FieldInfo> fields;  // "number_symbol", "issued_date", "place", "issuer",
                                              // "issuer_parent", "type", "subject", "urgency",
                                              // "secrecy", "signer" (authority + position lines),
                                              // "signer_name", "recipients"
    bool numberBlank = false;                 // "Số:    /QĐ-STC": to be filled at issuance
    bool dayBlank = false;                    // "ngày    tháng 10 năm 2020"
    std::vector<std::string> warnings;        // failed cross-checks, for the clerk
    double headerSeconds = 0;                 // time to the header fields
};

class Reader {
public:
    explicit Reader(Engine& engine) : m_engine(engine) {}

    // Reads the header fields from an upright page 1. Recognition errors of the engine.
    // Runs on the caller's thread; OCR work goes to the engine's workers.
    Result<Extraction> readHeader(const PageImage& page1);

    // Reads a whole document: the header from page 1 (turned 180° when the upright reading finds no
    // number and no date; 90°/270° first when the page is landscape), the signer and "Nơi nhận"
    // from the last page that carries a signature block, and the page count (all pages given,
    // blank backs included). InvalidInput for no pages; recognition errors of the engine.
    Result<Extraction> readDocument(const std::vector<PageImage>& pages);

    // Reads the signature block (ô 7) and the recipients (ô 9b) of an upright page into `x`;
    // false when the page has neither.
    Result<bool> readClosing(const PageImage& page, int pageIndex, Extraction& x);

private:
    Engine& m_engine;
};

// The page turned clockwise by 90, 180 or 270 degrees (any other angle: unchanged).
PageImage rotated(const PageImage& page, int clockwiseDeg);

// Relative stroke weight of a text line: mean horizontal length of dark runs divided by the line's
// height. Bold lines score about 1.3–1.8 times regular lines of the same size.
double strokeWeight(const PageImage& page, const Rect& box);

} // namespace vanthu::ocr
