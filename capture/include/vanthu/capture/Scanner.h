#pragma once
// Scanner sessions over SANE. A ScannerSession owns one worker thread, and that thread owns the
// SANE handle: every SANE call happens there, so callers (the UI thread, the workflow) never
// block on a scanner. Calls return futures; pages stream out through a callback as they arrive.
//
// SANE itself (sane_init/sane_exit) is initialised once per process while any session or device
// listing is alive. SANE_CONFIG_DIR is read by SANE at that moment (tests point it at a private
// dll.conf holding `test`).
//
// Whole-program effect: linking this library makes pthread_setcanceltype(ASYNCHRONOUS) act as
// DEFERRED in the program, so SANE backends' reader threads (sanei_thread) are cancelled only at
// cancellation points and never die holding malloc's or the loader's lock (src/SaneThreads_p.h).

#include "vanthu/capture/Errors.h"
#include "vanthu/core/PageImage.h"

#include <atomic>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::capture {

struct DeviceInfo {
    std::string name;    // SANE device name, e.g. "test:0", "airscan:e0:Brother ...", "fujitsu:..."
    std::string vendor;
    std::string model;
    std::string type;    // "flatbed scanner", "sheetfed scanner", "virtual device" ...
};

enum class Source { Flatbed, Adf, AdfDuplex };
enum class ColorMode { Color, Gray, Lineart };

struct ScanSettings {
    Source source = Source::Flatbed;
    int dpi = 300;
    ColorMode mode = ColorMode::Color;
    double widthMm = 210.0;          // scan area; clipped to what the device offers
    double heightMm = 297.0;
    std::optional<int> brightness;   // device units, when the device has the option
    int maxPages = 0;                // 0: flatbed 1 page, feeder until empty (bounded by 1000)
    // Device-specific options by SANE name, applied after the mapped ones, values as text
    // ("yes"/"no", numbers in the option's unit, strings), e.g. {"read-delay", "yes"}.
    std::map<std::string, std::string> extraOptions;
};

// A named set of settings, saved in the configuration ([profile.<name>] sections).
struct ScanProfile {
    std::string name;
    ScanSettings settings;
};
// Builds a profile from the keys of a [profile.<name>] section (StationConfig::scanProfiles):
// source = flatbed|adf|duplex, dpi (50..1200), mode = color|gray|lineart, width_mm, height_mm,
// brightness, pages (0 = until the feeder is empty), and option.<sane-name> = value for
// device-specific options. Unset keys keep ScanSettings' defaults. InvalidOption names the first
// unknown key or bad value. Thread-safe.
Result<ScanProfile> scanProfile(const std::string& name, const std::map<std::string, std::string>& keys);

// One SANE option as the device describes it (what `scanimage -A` prints).
struct OptionDescriptor {
    std::string name;               // "source", "resolution", "mode", "tl-x", ...
    std::string title;
    enum class Type { Bool, Int, Fixed, String, Button, Group } type = Type::Int;
    std::string unit;               // "dpi", "mm", "" ...
    std::vector<std::string> stringList;   // constraint for strings ("Flatbed", "ADF Duplex" ...)
    std::vector<double> wordList;          // constraint for numbers
    std::optional<double> min, max, quant; // range constraint
    bool active = true;
    bool settable = true;
};

// The vendor table: which device value means which of our settings. Source names differ by
// backend ("ADF Duplex", "Duplex", "Automatic Document Feeder", "ADF Front", ...).
struct OptionMapping {
    std::optional<std::string> sourceValue;     // value for the "source" option, if any
    std::optional<std::string> modeValue;       // value for "mode"
    std::optional<std::string> duplexOption;    // backends with a separate option ("duplex", "adf-mode")
    std::optional<std::string> duplexValue;     // its value: "yes"/"no" for a bool, else the string
};
// Maps our settings onto a device's descriptors. UnsupportedOption when the device cannot do it
// (a flatbed-only device asked for ADF, no duplex source for AdfDuplex).
Result<OptionMapping> mapOptions(const std::vector<OptionDescriptor>& device, Source source, ColorMode mode);
// Parses `scanimage -A` output (recorded from real devices) into descriptors. scanimage prints the
// option's description (kept as `title`) but not its type: Bool comes from "[=(yes|no)]", String
// from a string list or "<string>", and numbers are Fixed when any of them has a decimal point,
// else Int (a FIXED option with whole-number limits, like the test backend's resolution, reads as
// Int). The geometry shorthands -l -t -x -y are named tl-x tl-y br-x br-y. Lines starting with
// '#' (provenance notes in recorded files) are skipped.
std::vector<OptionDescriptor> parseScanimageOptions(const std::string& text);

// Something that happened during a scan; delivered on the worker thread, in order.
struct ScanEvent {
    enum class Kind { PageStarted, Progress, PageDone, Finished } kind = Kind::Progress;
    int page = 0;                  // 1-based page number within this batch
    double fraction = 0;           // Progress: bytes read / expected, 0..1
    PageImage image;               // PageDone
    std::optional<Error> error;    // Finished with a failure (NoDocuments after ≥1 page is not one)
};
using ScanCallback = std::function<void(const ScanEvent&)>;

struct ScanSummary {
    int pages = 0;
    bool feederEmpty = false;      // the batch ended because the feeder ran empty
};

class ScannerSession {
public:
    // Device list (including network scanners through sane-airscan when installed). Runs on a
    // short-lived worker; DeviceError on SANE failure.
    static std::future<Result<std::vector<DeviceInfo>>> listDevices();
    // Opens a device on a new worker thread. NoDevice, AccessDenied, DeviceBusy.
    static std::future<Result<std::unique_ptr<ScannerSession>>> open(const std::string& deviceName);

    ~ScannerSession();   // cancels a running scan, closes the device, joins the worker
    ScannerSession(const ScannerSession&) = delete;
    ScannerSession& operator=(const ScannerSession&) = delete;

    const std::string& deviceName() const;
    std::future<Result<std::vector<OptionDescriptor>>> options();
    // Applies settings (mapped through the vendor table). UnsupportedOption, InvalidOption.
    std::future<Status> apply(const ScanSettings& settings);
    // Applies settings and scans a page (flatbed) or a batch (feeder), streaming pages to
    // `onEvent` as they are read (on the worker thread; pages already delivered stay valid when a
    // later page fails). PaperJam, CoverOpen, NoDocuments (feeder empty before the first page),
    // DeviceBusy, IoError, AccessDenied, Cancelled, UnsupportedOption, InvalidOption, DeviceError.
    // The feeder running empty after at least one page ends the batch normally (feederEmpty).
    std::future<Result<ScanSummary>> scan(const ScanSettings& settings, ScanCallback onEvent);
    // Stops the current page and batch as soon as possible (thread-safe, never blocks).
    void cancel();

    struct Impl;

private:
    explicit ScannerSession(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace vanthu::capture
