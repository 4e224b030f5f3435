#pragma once
// One station on embedded defaults in a temporary data directory, shared by the workflow tests
// (the demo PKI is made once), with the SANE test backend through its private configuration.

#include "TestSupport.h"

#include "vanthu/workflow/Station.h"

#include <string>

namespace vanthu::workflow::test {

using vanthu::test::run;
using vanthu::test::TempDir;

// The shared station (data under a temporary folder; created on first use).
Station& station();
// The data directory of the shared station.
std::string dataDir();
// A file of the shared corpus, e.g. "corpus/dev/scans/DEV-004.pdf".
std::string shared(const std::string& relative);
// `pdfsig` on the file with the demo CA trusted; its output.
vanthu::test::ProcessResult pdfsig(const std::string& pdf);
// `qpdf --check` exit code 0 (2 = errors; 3 = warnings only).
bool qpdfOk(const std::string& pdf);
// The text of a PDF (pdftotext -layout).
std::string pdfText(const std::string& pdf);
// A born-digital "signed original" with blank number and day, as the leader leaves it (pango/cairo).
std::string makeBlankOriginal(const std::string& path, const std::string& subject);

// A page rendered by pdftoppm at 72 dpi (1 pixel = 1 point, top-left origin), RGB.
struct Raster {
    int width = 0, height = 0;
    std::string rgb;
    // Clearly red pixels (seal ink) in a rectangle of points.
    int red(double x0, double y0, double x1, double y1) const;
    // Pixels whose colour differs from `other`'s in a rectangle (same size rasters).
    int differing(const Raster& other, double x0, double y0, double x1, double y1) const;
};
// Page `page` (1-based) of a PDF through pdftoppm; `prefix` names the temporary PPM.
Raster render72(const std::string& pdf, const std::string& prefix, int page = 1);

} // namespace vanthu::workflow::test
