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

} // namespace vanthu::workflow::test
