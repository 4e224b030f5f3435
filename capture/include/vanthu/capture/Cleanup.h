#pragma once
// Page cleanup steps, each from an input page to an output page (Leptonica). Colour pages stay
// colour: red seals and blue signatures survive every step except binarize().
// Pure functions of their input; thread-safe.

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

namespace vanthu::capture {

struct DeskewResult {
    PageImage page;
    double angleDeg = 0;      // the skew found; positive = content rotated counter-clockwise
    double confidence = 0;    // Leptonica's confidence; 0 when no text lines were found (no change)
};
// Finds the skew of text lines (±10°) and rotates it away. ImageError.
Result<DeskewResult> deskew(const PageImage& page);

struct OrientationResult {
    PageImage page;
    int rotationDeg = 0;      // clockwise angle the content was turned by (0, 90, 180, 270);
                              // the page has been rotated counter-clockwise by it
    double confidence = 0;
};
// Detects upside-down and sideways pages from the text and turns them upright. ImageError.
Result<OrientationResult> fixOrientation(const PageImage& page);

// Removes dark scanner borders and backing around the sheet (fills them white, keeps the size).
Result<PageImage> removeBorders(const PageImage& page);

struct BlankVerdict {
    bool blank = false;
    double score = 0;         // ink coverage of real content, in per mille of the page area
};
// Scores how much content a page carries, ignoring margins, scanner noise and faint show-through
// from the other side. A page is flagged, never dropped: the caller decides.
BlankVerdict detectBlank(const PageImage& page, double thresholdPerMille = 0.8);

// Black and white copy for archive use (adaptive threshold).
Result<PageImage> binarize(const PageImage& page);

// The whole chain: borders, orientation, deskew (colour kept), plus the blank verdict.
struct CleanResult {
    PageImage page;
    int rotationDeg = 0;
    double skewDeg = 0;
    BlankVerdict blank;
};
Result<CleanResult> cleanPage(const PageImage& page);

} // namespace vanthu::capture
