#pragma once
// Header-first reading of an NĐ 30 document (Phụ lục I): the fields live in known places, so page 1's
// header columns are read first (agency column and motto column apart, in parallel), then the
// centred type/subject band; the clerk sees the fields before the full-text OCR of the rest.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/ocr/Engine.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vanthu::ocr {

struct TextLayer;

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
    int page1Turn = 0;                        // clockwise degrees that made page 1 upright
    // The header's regions of page 1 as OCR read them (columns and band; none when page 1 was read
    // turned or from a text layer): for Engine::recognizeDocument's alreadyRead, so the full text
    // does not read them again.
    std::vector<ReadRegion> headerRead;
    // The closing's regions as OCR read them when it was read before the full text
    // (Reader::readClosingFirst: the list's column and the signature block of the page it is on),
    // for recognizeDocument with headerRead.
    std::vector<ReadRegion> closingRead;
    bool closingDone = false;  // readClosingFirst read the closing: readClosing leaves it as it is

    // headerRead and closingRead, for Engine::recognizeDocument's alreadyRead.
    std::vector<ReadRegion> regionsRead() const
    {
        std::vector<ReadRegion> all = headerRead;
        all.insert(all.end(), closingRead.begin(), closingRead.end());
        return all;
    }
};

// Where a Reader gets its OCR engine when it first needs one; the error (EngineInit) is returned by
// the reading that needed it. Lets a born-digital PDF be read from its text layer without starting
// Tesseract at all (loading `vie` on every worker costs more than reading the text layer).
using EngineSource = std::function<Result<Engine*>()>;

// One thread at a time per Reader (it keeps the text layer of the page it reads); make one per task.
class Reader {
public:
    explicit Reader(Engine& engine) : m_source([&engine]() -> Result<Engine*> { return &engine; }) {}
    // The engine is asked for at the first OCR, not before (and not at all for a full text layer).
    explicit Reader(EngineSource source) : m_source(std::move(source)) {}

    // Reads the header fields from an upright page 1. Recognition errors of the engine.
    // Runs on the caller's thread; OCR work goes to the engine's workers.
    Result<Extraction> readHeader(const PageImage& page1);

    // Reads a whole document: the header from page 1 (turned 180° when the upright reading finds no
    // number and no date; 90°/270° first when the page is landscape), the signer and "Nơi nhận"
    // from the last page that carries a signature block, and the page count (all pages given,
    // blank backs included). InvalidInput for no pages; recognition errors of the engine.
    Result<Extraction> readDocument(const std::vector<PageImage>& pages);

    // Reads a born-digital document from its PDF text layer (readTextLayer) instead of OCR: the
    // words of `layer.text[i]` stand for the OCR of `layer.pages[i]`, which is taken as upright;
    // pages without text fall back to OCR. InvalidInput (no pages, or text and pages differ in count).
    Result<Extraction> readBornDigital(const TextLayer& layer);

    // The station's reading, for a document that also gets its full text and searchable PDF
    // (Engine::recognizeDocument): readFields reads page 1's header (turned as readDocument does)
    // and the page count, at once; readClosingFirst (below) then reads the closing where the ink
    // places it; failing that, readClosing reads the signer and "Nơi nhận" into `x` after the full
    // text, with the full-page OCR placing them: it says where "Nơi nhận" is, and only the list under
    // it and the signature block (sparse text, coloured ink dropped) are read as regions; a page
    // whose full text has a "Lưu: VT" line but no label is read as readDocument reads it, one
    // with neither is passed over; after readClosingFirst found the closing it does nothing.
    // InvalidInput (no pages, or text and pages differ in count); recognition errors of the engine.
    Result<Extraction> readFields(const std::vector<PageImage>& pages);
    Status readClosing(const std::vector<PageImage>& pages, const DocumentText& fullText, Extraction& x);
    // The same closing read from the pages alone (as readDocument does), for when the full text
    // failed. `x.page1Turn` says how page 1 stands. InvalidInput for no pages.
    Status readClosing(const std::vector<PageImage>& pages, Extraction& x);
    // The closing read between readFields and the full text, placed by the ink instead of the full
    // text: on the last page with three text lines or more, or one of the two before it when the
    // ink shows no closing there (an annex may follow), the first where closingTop says a closing
    // may start (page 1 as its header stood upright; a later page as given, so a later page turned
    // is left to the full text); the left column from 3 mm above that is read and, when it holds
    // "Nơi nhận", the closing is read from it as readClosing reads it and true comes back:
    // `x.closingRead` then holds the list's and the block's readings for recognizeDocument (which
    // takes their lines instead of reading them again) and `x.closingDone` is set, so a
    // readClosing after the full text does nothing. False (and one region read for nothing at
    // most) when the ink shows no closing or the column has no label: readClosing with the full
    // text then reads it. Recognition errors of the engine.
    Result<bool> readClosingFirst(const std::vector<PageImage>& pages, Extraction& x);

    // Reads the signature block (ô 7) and the recipients (ô 9b) of an upright page into `x`;
    // false when the page has neither.
    Result<bool> readClosing(const PageImage& page, int pageIndex, Extraction& x);

private:
    struct LayerGuard {  // resets the current text layer on every way out
        const OcrResult*& layer;
        bool& ocr;
        ~LayerGuard();
    };
    Result<Extraction> headerPhase(const std::vector<PageImage>& pages, const std::vector<OcrResult>* text);
    Status closingPhase(const std::vector<PageImage>& pages, const std::vector<OcrResult>* text, bool textIsOcr, Extraction& x);
    // OCR of a region of `page`, or the words of the current text layer inside it.
    std::future<Result<OcrResult>> region(const PageImage& page, Rect r, Layout layout = Layout::Auto, bool invertedRetry = true);

    // The engine (asked of m_source once, when first needed).
    Result<Engine*> engine();
    std::future<Result<OcrResult>> recognize(Request request);

    EngineSource m_source;
    Engine* m_engine = nullptr;
    // Set by readClosingFirst while it reads: where the ink says the closing starts (readClosing
    // then reads the list from there and leaves its two readings in Extraction::closingRead).
    std::optional<int> m_inkTop;
    const OcrResult* m_layer = nullptr;  // the text layer of the page being read, if any
    bool m_layerIsOcr = false;           // m_layer is our own full-page OCR, not a PDF's text
};

// Boxes of the text lines (and thin rules) in `area`, found from the ink alone (no OCR): ink on a
// ~100 dpi grid, gaps up to ~1.5 mm joined, connected components 1.2–15 mm tall (text) or thin and
// at least 8 mm long (rules). Page pixels, sorted top to bottom. Pure; any thread.
std::vector<Rect> inkLines(const PageImage& page, const Rect& area);

// Where page 1's header is, from the ink: the agency column (left of `split`) and the motto
// column end above the first line centred on the page (type name, "Kính gửi" or body), and `band`
// holds that line and the lines under it down to the rule under the subject (at most seven).
// Without such a line: the fixed NĐ 30 proportions (32 % and 22 % of the height) and no band.
struct HeaderGeometry {
    Rect left, right;
    std::optional<Rect> band;
};
HeaderGeometry headerGeometry(const PageImage& page, int split);

// Where a page's closing may start (the list under "Nơi nhận" at the left, the signature block at
// the right), from the ink alone (inkLines): the top of the lines under the page's last body line
// (one from the left third of the width to past 70 % of it, as justified text runs), when they
// hold one in the left half (the label, a list item) and one centred right of 55 % (the block).
// None for a page with no body line or without both under it. A paragraph's short last line
// above the closing counts in (the top is then too high by a line, not too low). Page pixels.
// Pure; any thread.
std::optional<int> closingTop(const PageImage& page);

// The region `r` of an Rgb24 page as Gray8 with strongly red and blue pixels (a seal, a signature)
// made white; dark print stays. Other formats: the plain crop. Pure; any thread.
PageImage withoutColouredInk(const PageImage& page, const Rect& r);

// A Gray8 image with only its darkest ink kept: black print stays, a seal or signature printed in
// colour (mid-grey on a grey scan) and everything lighter turns white. The split is Otsu's, twice:
// ink from paper, then print from the rest of the ink. Other formats: unchanged. Pure; any thread.
PageImage darkestInkOnly(const PageImage& grey);

// A round seal found by its rings: the circle (page pixels) whose outline is ink most of the way
// round, 28-50 mm across, and the rings drawn on it (radial bands, inner and outer radius, where
// ink covers at least half the circle: a seal's thick outer ring, a thin ring inside it, the
// ring around its centre).
struct SealRings {
    int cx = 0, cy = 0, radius = 0;
    std::vector<std::pair<int, int>> rings;
};

// The seal whose centre lies in `area` of a 1-bit or grey page, if one is there (its rings may
// reach past the area; none is looked for in a colour page, whose red seal is dropped by colour).
// Hough votes of the ink's edges on a 1/75-inch grid for radii of 14-25 mm, each best centre
// checked all the way round, the outermost circle inked at least 80 % of the way kept; then in
// page pixels the centre refined and the rings taken from the radial ink profile (0.4 R to 2 mm
// past R; runs of radii inked at least half the way round, at most 2.5 mm wide). Pure; any thread.
std::optional<SealRings> findSeal(const PageImage& page, const Rect& area);

// The region `r` of a 1-bit or grey page as Gray8, with the pixels of the seal's rings (and a
// quarter millimetre either side) turned white: letters the rings ran into are left with a gap
// instead of an arc joining them to the seal. A pixel on a ring with ink 0.6 mm beyond the ring
// band on both sides along the radius is a letter's stroke crossing it, and stays. Pure; any thread.
PageImage withoutSealRings(const PageImage& page, const Rect& r, const SealRings& seal);

// The page turned clockwise by 90, 180 or 270 degrees (any other angle: unchanged).
PageImage rotated(const PageImage& page, int clockwiseDeg);

// Relative stroke weight of a text line: mean horizontal length of dark runs divided by the line's
// height. Bold lines score about 1.3–1.8 times regular lines of the same size.
double strokeWeight(const PageImage& page, const Rect& box);

} // namespace vanthu::ocr
