#pragma once
// Scanning a batch into a capture job folder, shared by the incoming and outgoing flows. Private to
// workflow.

#include "vanthu/capture/Job.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Progress.h"
#include "vanthu/workflow/Station.h"

#include <string>
#include <vector>

namespace vanthu::workflow::detail {

// The SANE device a scanner source names, or the station's default (a scanner found, else the SANE
// test device). NoScanner.
Result<std::string> scannerFor(Station& station, const IntakeSource& source);

// Scans with `settings` on `device`; each raw page is written to `job` as it arrives ("raw") and
// reported (Step::Scan, its file). The raw pages in order. capture errors, InvalidInput (the scanner
// delivered no pages); a cancel stops the device (capture's Cancelled). Blocking.
Result<std::vector<PageImage>> scanInto(const std::string& device, const capture::ScanSettings& settings,
                                        capture::JobFolder& job, const ProgressFn& progress, const CancelFlag& cancel);

} // namespace vanthu::workflow::detail
