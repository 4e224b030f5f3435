#include "Scan_p.h"

#include "vanthu/capture/Scanner.h"
#include "vanthu/workflow/Errors.h"

#include <chrono>
#include <mutex>
#include <optional>

namespace vanthu::workflow::detail {

Result<std::string> scannerFor(Station& station, const IntakeSource& source)
{
    if (!source.device.empty())
        return source.device;
    return station.defaultScanner();
}

Result<std::vector<PageImage>> scanInto(const std::string& device, const capture::ScanSettings& settings,
                                        capture::JobFolder& job, const ProgressFn& progress, const CancelFlag& cancel)
{
    auto session = capture::ScannerSession::open(device).get();
    if (!session)
        return std::unexpected(session.error());
    // Each page is written to the job folder as it arrives (the kiosk shows it as a thumbnail; a
    // crash mid-batch keeps what was scanned). The callback runs on the scanner's thread.
    std::mutex lock;
    std::vector<PageImage> raw;
    std::optional<Error> writeError;
    auto fut = (*session)->scan(settings, [&](const capture::ScanEvent& e) {
        if (e.kind != capture::ScanEvent::Kind::PageDone)
            return;
        std::lock_guard g(lock);
        raw.push_back(e.image);
        const int index = static_cast<int>(raw.size());
        auto path = job.writePage(index, "raw", e.image);
        if (!path) {
            if (!writeError)
                writeError = path.error();
            return;
        }
        if (progress)
            progress(Progress{Step::Scan, index, settings.maxPages, {}, *path});
    });
    while (fut.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
        if (cancelled(cancel))
            (*session)->cancel();
    auto summary = fut.get();
    if (!summary)
        return std::unexpected(summary.error());
    session->reset();
    if (writeError)
        return std::unexpected(*writeError);
    if (raw.empty())
        return fail(Errc::InvalidInput, "the scanner delivered no pages");
    return raw;
}

} // namespace vanthu::workflow::detail
