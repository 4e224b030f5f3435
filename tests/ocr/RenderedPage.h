#pragma once
// Renders an NĐ 30 page (Phụ lục I layout) with Pango/Cairo into a PageImage, so tests can read
// documents whose strings are not in the corpus: blank numbers and days, other agencies, marks.

#include "vanthu/core/PageImage.h"

#include <string>
#include <vector>

namespace vanthu::test {

struct PageText {
    std::vector<std::string> agency;   // parent (regular) then issuer (bold) lines
    int boldFrom = 1;                  // index of the first bold (issuer) line
    double issuerPt = 13;              // the issuer lines' size (a long name is set smaller)
    std::string number;                // "Số: 220/QĐ-STC"
    std::string mark;                  // "KHẨN", "MẬT", ... (boxed under the number) or empty
    int markFrames = 1;                // the mark's frames: 1, or 2 (a thinner one outside)
    std::string placeDate;             // "Lạng Sơn, ngày 19 tháng 10 năm 2020"
    std::string typeName;              // "QUYẾT ĐỊNH" or empty for a công văn
    std::vector<std::string> subject;  // lines ("V/v ..." under the number for a công văn)
    std::vector<std::string> body;
    std::vector<std::string> recipients;  // "- Như trên;" ...
    std::vector<std::string> signerLines; // "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"
    std::string signerName;
    bool seal = false;                 // a red seal and a blue signature over the signature block
                                       // (renderPageRgb only)
    double sealCentreMm = 132;         // the seal's centre from the page's left edge
    double sealDownMm = 20;            // and below the signature block's first line
    bool sealRings = false;            // a real seal's drawing (outer ring, thin ring, inner ring,
                                       // star) instead of a filled disc
    bool signatureStroke = true;       // with the seal, the blue signature stroke
    std::string sealImage;             // a PNG of a real seal (ring text and all) stamped 40 mm
                                       // across at the seal's place instead of the drawing
    std::string signatureCaps;         // capitals at 44 pt between the position lines and the
                                       // name: a signature's strokes as OCR can read them ("ÑA ANÌN")
    double signatureCapsPt = 44;       // their size
};

// An A4 page at `dpi`, Gray8, Liberation Serif.
PageImage renderPage(const PageText& text, int dpi = 300);

// The same page in colour (Rgb24): black print, and with `seal` a filled red seal over the start of
// the position and name lines and a blue signature stroke, stamped under the print as on paper.
PageImage renderPageRgb(const PageText& text, int dpi = 300);

// The same page as a born-digital one-page PDF (Cairo's PDF surface: embedded fonts, a real text
// layer) at `path`.
void renderPdf(const PageText& text, const std::string& path);

} // namespace vanthu::test
