#pragma once
// The "ĐẾN" arrival stamp (NĐ 30 Phụ lục IV; 35 × 50 mm) drawn on page 1 of an incoming document's
// digital copy, as a Stamp annotation with its own appearance (an incremental update: a signed
// incoming PDF keeps its signatures byte-intact; the verifier reports the annotation).

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/signing/Sign.h"

#include <optional>
#include <string>

namespace vanthu::signing {

struct ArrivalStamp {
    std::string agencyName;          // the receiving agency, as printed on its stamp
    std::string arrivalNumber;       // Số: the số đến from the incoming register
    vntime::Instant arrivedAt;       // Ngày: (and the time when showTime)
    bool showTime = true;
    std::string forwardedTo;         // Chuyển: unit or person; may be empty (filled by hand)
    std::string dossierSymbol;       // Số và ký hiệu HS: may be empty
};

struct StampPlacement {
    MmPoint preferredTopLeft{25, 45};   // configurable default: under the number/symbol (ô 3)
    bool automatic = true;              // move to the emptiest top area found on the page image
    double widthMm = 50;
    double heightMm = 35;
    double searchTopMm = 4;             // the band searched, from the top edge
    double searchBottomMm = 90;
};

struct StampOutcome {
    MmPoint topLeft;                    // where the box was drawn (mm from the page's top-left)
    double widthMm = 0;
    double heightMm = 0;
    bool moved = false;                 // the preferred place was not the emptiest
    bool coversInk = false;             // no empty area was found: the stamp overlaps page ink
                                        // (show the clerk; the box is still the least covering)
};

// Stamps page 1 of `input` into `output` (temp + rename). Parsing and rendering of the (untrusted)
// PDF run in a child process. Blocking; worker thread. Errc: FileNotFound, Io, PdfMalformed,
// PdfEncrypted, ResourceLimit, FontMissing, InvalidInput.
Result<StampOutcome> stampArrival(const std::string& input, const std::string& output, const ArrivalStamp& stamp,
                                  const StampPlacement& placement = {});

// Outgoing number and date (cấp số) written into the blanks a signed paper-like original leaves:
// the number after "Số:" (before "/<symbol>") and the day and month between "ngày", "tháng" and
// "năm" of the place-date line, aligned with the printed text and in its size. Each is an annotation
// with its own appearance in an incremental update, so the leader's signature stays valid (the
// verifier reports "annotations added"). For a scanned original without a text layer, give the
// positions (left end of the baseline, mm from the top-left) explicitly.
struct IssueFill {
    std::string number;                 // as issued, e.g. "05" or "123"
    vntime::Date date;
    std::optional<MmPoint> numberAt, dayAt, monthAt;   // explicit positions; else found in the text
    double fontSizePt = 13;             // used with explicit positions
};

struct IssueOutcome {
    MmPoint numberAt, dayAt, monthAt;   // where the texts were written (baseline left, mm)
    double fontSizePt = 0;
};

// Errc: FileNotFound, Io, PdfMalformed, PdfEncrypted, ResourceLimit, FontMissing,
// InvalidInput (the blanks were not found and no positions were given).
Result<IssueOutcome> writeIssueNumber(const std::string& input, const std::string& output, const IssueFill& fill);

} // namespace vanthu::signing
