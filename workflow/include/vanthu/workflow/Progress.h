#pragma once
// Progress reporting and cancellation shared by every flow. Long steps run on the calling thread and
// say so ("blocking; call from a worker"); each also has an *Async form that runs it on its own
// thread and returns a std::future. Progress callbacks are invoked on the thread doing the work, in
// order; a UI posts them to its own thread. Cancellation is a shared atomic flag checked between
// pages and between steps (and passed to the scanner and OCR engine).

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace vanthu::workflow {

enum class Step {
    Scan,          // pages coming from the scanner
    Import,        // files rendered to pages
    Cleanup,       // borders, orientation, deskew, blank detection
    Separate,      // pages grouped into documents
    Verify,        // signatures of an arriving signed PDF checked
    Extract,       // header-first field reading
    Review,        // waiting for the clerk (never reported by the library itself)
    Match,         // duplicate / paper-electronic check
    Register,      // number assigned (số đến / số đi)
    Number,        // number and date written into an outgoing document
    Stamp,         // ĐẾN stamp
    Searchable,    // text layer
    Sign,          // agency / leader PAdES signature, certified copy
    Package,       // edXML package built
    Queue,         // outbox entry written
    Print,         // CUPS
    Done,
};
std::string_view toString(Step s);          // "scan", "cleanup", ... (stable identifiers)
std::string_view vietnameseName(Step s);    // "Quét", "Làm sạch", ...

struct Progress {
    Step step = Step::Scan;
    int current = 0;          // pages or documents done in this step (1-based once started)
    int total = 0;            // 0 when unknown (feeder scanning)
    std::string message;      // short bilingual note for a status line, may be empty
    std::string pageFile;     // Scan, Cleanup: the PNG of the page just finished in the job folder
                              // (complete when reported: written to a temporary name, then renamed);
                              // Scan: as scanned, Cleanup: cleaned. Empty for other steps.
};

using ProgressFn = std::function<void(const Progress&)>;
using CancelFlag = std::shared_ptr<std::atomic<bool>>;

// A fresh, unset cancel flag.
inline CancelFlag makeCancelFlag() { return std::make_shared<std::atomic<bool>>(false); }
// True when `flag` is set (a null flag is never set).
inline bool cancelled(const CancelFlag& flag) { return flag && flag->load(); }

} // namespace vanthu::workflow
