// ScannerSession over the SANE C API. One worker thread per session owns the SANE handle; every
// SANE call on that handle happens there (STYLE.md §3: KSaneCore calling sane_open on the UI
// thread is the counter-model). Callers get futures; pages stream out through the callback on the
// worker thread.
#include "vanthu/capture/Scanner.h"

#include "SaneThreads_p.h"
#include "vanthu/core/Log.h"

#include <sane/sane.h>
#include <sane/saneopts.h>

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <thread>

namespace vanthu::capture {

namespace {

constexpr std::string_view kLog = "vanthu.capture";
constexpr int kFeederBound = 1000;    // a feeder that never reports NO_DOCS still stops
constexpr size_t kReadChunk = 64 * 1024;

// sane_init/sane_exit once per process while anything uses SANE. sane_init reads
// SANE_CONFIG_DIR, so a test that points it at a private dll.conf sets it before the first use.
std::mutex g_initMutex;
int g_users = 0;
// The dll meta-backend keeps global lists: device listing and opening are serialised.
std::mutex g_callMutex;

Errc errcFor(SANE_Status s)
{
    switch (s) {
    case SANE_STATUS_DEVICE_BUSY: return Errc::DeviceBusy;
    case SANE_STATUS_JAMMED: return Errc::PaperJam;
    case SANE_STATUS_COVER_OPEN: return Errc::CoverOpen;
    case SANE_STATUS_NO_DOCS: return Errc::NoDocuments;
    case SANE_STATUS_IO_ERROR: return Errc::IoError;
    case SANE_STATUS_ACCESS_DENIED: return Errc::AccessDenied;
    case SANE_STATUS_CANCELLED: return Errc::Cancelled;
    case SANE_STATUS_UNSUPPORTED: return Errc::UnsupportedOption;
    case SANE_STATUS_INVAL: return Errc::InvalidOption;
    default: return Errc::DeviceError;
    }
}

Error saneError(SANE_Status s, const std::string& what)
{
    Error e(errcFor(s), what + ": " + sane_strstatus(s));
    if (s != SANE_STATUS_CANCELLED)
        log::warning(kLog, e.toString());
    return e;
}

Status acquireSane()
{
    std::lock_guard lock(g_initMutex);
    if (g_users == 0) {
        // Before any backend starts a reader thread (SaneThreads_p.h: without it, a sane_cancel
        // that lands while a reader is inside malloc wedges the process).
        static const bool deferred = saneThreadCancellationIsDeferred();
        if (!deferred)
            log::warning(kLog, "SANE backends' reader threads may be cancelled asynchronously: this program does not "
                               "export pthread_setcanceltype (link it with vanthu::capture)");
        SANE_Int version = 0;
        if (const SANE_Status s = sane_init(&version, nullptr); s != SANE_STATUS_GOOD)
            return std::unexpected(saneError(s, "sane_init"));
    }
    ++g_users;
    return {};
}

void releaseSane()
{
    std::lock_guard lock(g_initMutex);
    if (--g_users == 0)
        sane_exit();
}

std::string str(SANE_String_Const s) { return s ? s : ""; }

std::string unitName(SANE_Unit u)
{
    switch (u) {
    case SANE_UNIT_PIXEL: return "pel";
    case SANE_UNIT_BIT: return "bit";
    case SANE_UNIT_MM: return "mm";
    case SANE_UNIT_DPI: return "dpi";
    case SANE_UNIT_PERCENT: return "%";
    case SANE_UNIT_MICROSECOND: return "us";
    default: return "";
    }
}

OptionDescriptor describe(const SANE_Option_Descriptor& d)
{
    using T = OptionDescriptor::Type;
    OptionDescriptor o;
    o.name = str(d.name);
    o.title = str(d.title);
    o.unit = unitName(d.unit);
    o.active = SANE_OPTION_IS_ACTIVE(d.cap);
    o.settable = SANE_OPTION_IS_SETTABLE(d.cap);
    switch (d.type) {
    case SANE_TYPE_BOOL: o.type = T::Bool; break;
    case SANE_TYPE_INT: o.type = T::Int; break;
    case SANE_TYPE_FIXED: o.type = T::Fixed; break;
    case SANE_TYPE_STRING: o.type = T::String; break;
    case SANE_TYPE_BUTTON: o.type = T::Button; break;
    case SANE_TYPE_GROUP: o.type = T::Group; break;
    }
    const auto number = [&](SANE_Word w) { return d.type == SANE_TYPE_FIXED ? SANE_UNFIX(w) : static_cast<double>(w); };
    switch (d.constraint_type) {
    case SANE_CONSTRAINT_RANGE:
        if (d.constraint.range) {
            o.min = number(d.constraint.range->min);
            o.max = number(d.constraint.range->max);
            o.quant = number(d.constraint.range->quant);
        }
        break;
    case SANE_CONSTRAINT_WORD_LIST:
        if (d.constraint.word_list)
            for (SANE_Int i = 1; i <= d.constraint.word_list[0]; ++i)
                o.wordList.push_back(number(d.constraint.word_list[i]));
        break;
    case SANE_CONSTRAINT_STRING_LIST:
        if (d.constraint.string_list)
            for (auto p = d.constraint.string_list; *p; ++p)
                o.stringList.emplace_back(*p);
        break;
    default: break;
    }
    return o;
}

// A value inside the option's constraint: clipped to a range (and its step), or the nearest word.
double constrain(const OptionDescriptor& o, double v)
{
    if (!o.wordList.empty())
        return *std::min_element(o.wordList.begin(), o.wordList.end(),
                                 [v](double a, double b) { return std::abs(a - v) < std::abs(b - v); });
    if (o.min && o.max) {
        v = std::clamp(v, *o.min, *o.max);
        if (o.quant && *o.quant > 0)
            v = *o.min + std::round((v - *o.min) / *o.quant) * *o.quant;
        v = std::clamp(v, *o.min, *o.max);
    }
    return v;
}

} // namespace

struct ScannerSession::Impl {
    std::string device;
    SANE_Handle handle = nullptr;
    std::thread worker;
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<std::function<void()>> tasks;
    bool stopping = false;
    std::atomic<bool> cancelRequested{false};
    bool saneHeld = false;

    ~Impl()
    {
        if (worker.joinable()) {
            post([this] {
                if (handle) {
                    sane_cancel(handle);
                    std::lock_guard lock(g_callMutex);
                    sane_close(handle);
                    handle = nullptr;
                }
            });
            {
                std::lock_guard lock(mutex);
                stopping = true;
            }
            wake.notify_one();
            worker.join();
        }
        if (saneHeld)
            releaseSane();
    }

    void run()
    {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock lock(mutex);
                wake.wait(lock, [&] { return stopping || !tasks.empty(); });
                if (tasks.empty())
                    return;
                task = std::move(tasks.front());
                tasks.pop_front();
            }
            task();
        }
    }

    // Runs `f` on the worker thread; its result arrives through the future.
    template <class F>
    auto post(F f) -> std::future<decltype(f())>
    {
        using R = decltype(f());
        auto task = std::make_shared<std::packaged_task<R()>>(std::move(f));
        auto future = task->get_future();
        {
            std::lock_guard lock(mutex);
            tasks.emplace_back([task] { (*task)(); });
        }
        wake.notify_one();
        return future;
    }

    // ---- everything below runs on the worker thread ----

    Status openOn()
    {
        std::lock_guard lock(g_callMutex);
        const SANE_Status s = sane_open(device.c_str(), &handle);
        if (s != SANE_STATUS_GOOD) {
            handle = nullptr;
            // The dll backend answers INVAL for a name no backend knows.
            if (s == SANE_STATUS_INVAL)
                return fail(Errc::NoDevice, "no scanner named " + device);
            return std::unexpected(saneError(s, "sane_open " + device));
        }
        log::info(kLog, "opened scanner " + device);
        return {};
    }

    // The option's index and SANE descriptor, by name.
    std::pair<SANE_Int, const SANE_Option_Descriptor*> find(const std::string& name)
    {
        SANE_Int count = 0;
        if (sane_control_option(handle, 0, SANE_ACTION_GET_VALUE, &count, nullptr) != SANE_STATUS_GOOD)
            return {-1, nullptr};
        for (SANE_Int i = 1; i < count; ++i) {
            const SANE_Option_Descriptor* d = sane_get_option_descriptor(handle, i);
            if (d && d->name && name == d->name && d->type != SANE_TYPE_GROUP)
                return {i, d};
        }
        return {-1, nullptr};
    }

    Result<std::vector<OptionDescriptor>> optionsOn()
    {
        SANE_Int count = 0;
        if (const SANE_Status s = sane_control_option(handle, 0, SANE_ACTION_GET_VALUE, &count, nullptr); s != SANE_STATUS_GOOD)
            return std::unexpected(saneError(s, "reading the option count"));
        std::vector<OptionDescriptor> out;
        for (SANE_Int i = 1; i < count; ++i)
            if (const SANE_Option_Descriptor* d = sane_get_option_descriptor(handle, i))
                out.push_back(describe(*d));
        return out;
    }

    Status setRaw(SANE_Int index, const SANE_Option_Descriptor* d, void* value, const std::string& shown)
    {
        if (!SANE_OPTION_IS_ACTIVE(d->cap) || !SANE_OPTION_IS_SETTABLE(d->cap))
            return fail(Errc::UnsupportedOption, std::string("option ") + d->name + " cannot be set now");
        SANE_Int info = 0;
        const SANE_Status s = sane_control_option(handle, index, SANE_ACTION_SET_VALUE, value, &info);
        if (s != SANE_STATUS_GOOD) {
            Error e = saneError(s, std::string("setting ") + d->name + " = " + shown);
            if (s == SANE_STATUS_INVAL)
                return fail(Errc::InvalidOption, e.detail());
            return std::unexpected(e);
        }
        return {};
    }

    Status setString(const std::string& name, const std::string& value)
    {
        auto [i, d] = find(name);
        if (!d)
            return fail(Errc::UnsupportedOption, "the device has no option " + name);
        if (d->type != SANE_TYPE_STRING)
            return fail(Errc::InvalidOption, name + " is not a string option");
        std::vector<char> buf(std::max<size_t>(static_cast<size_t>(d->size), value.size() + 1), '\0');
        // Unchanged values are not set again: backends reset state on a set (the test backend
        // refills its feeder when "source" is set; real ones may move the carriage).
        if (SANE_OPTION_IS_ACTIVE(d->cap) &&
            sane_control_option(handle, i, SANE_ACTION_GET_VALUE, buf.data(), nullptr) == SANE_STATUS_GOOD &&
            value == std::string(buf.data(), strnlen(buf.data(), buf.size())))
            return {};
        std::fill(buf.begin(), buf.end(), '\0');
        std::memcpy(buf.data(), value.data(), value.size());
        return setRaw(i, d, buf.data(), value);
    }

    Status setNumber(const std::string& name, double value)
    {
        auto [i, d] = find(name);
        if (!d)
            return fail(Errc::UnsupportedOption, "the device has no option " + name);
        const OptionDescriptor o = describe(*d);
        const double v = constrain(o, value);
        std::vector<SANE_Word> words(std::max<size_t>(1, static_cast<size_t>(d->size) / sizeof(SANE_Word)));
        SANE_Word w = 0;
        if (d->type == SANE_TYPE_FIXED)
            w = SANE_FIX(v);
        else if (d->type == SANE_TYPE_INT)
            w = static_cast<SANE_Word>(std::lround(v));
        else
            return fail(Errc::InvalidOption, name + " is not a number option");
        std::fill(words.begin(), words.end(), w); // array options get the value in every element
        return setRaw(i, d, words.data(), std::to_string(v));
    }

    Status setBool(const std::string& name, bool on)
    {
        auto [i, d] = find(name);
        if (!d)
            return fail(Errc::UnsupportedOption, "the device has no option " + name);
        if (d->type != SANE_TYPE_BOOL)
            return fail(Errc::InvalidOption, name + " is not a yes/no option");
        SANE_Bool b = on ? SANE_TRUE : SANE_FALSE;
        return setRaw(i, d, &b, on ? "yes" : "no");
    }

    // An option from text, by the option's own type.
    Status setText(const std::string& name, const std::string& value)
    {
        auto [i, d] = find(name);
        if (!d)
            return fail(Errc::UnsupportedOption, "the device has no option " + name);
        switch (d->type) {
        case SANE_TYPE_BOOL:
            if (value == "yes" || value == "true" || value == "1" || value == "on")
                return setBool(name, true);
            if (value == "no" || value == "false" || value == "0" || value == "off")
                return setBool(name, false);
            return fail(Errc::InvalidOption, name + " takes yes or no, not " + value);
        case SANE_TYPE_INT:
        case SANE_TYPE_FIXED: {
            try {
                size_t used = 0;
                const double v = std::stod(value, &used);
                if (used != value.size())
                    throw std::invalid_argument(value);
                return setNumber(name, v);
            } catch (const std::exception&) {
                return fail(Errc::InvalidOption, name + " takes a number, not " + value);
            }
        }
        case SANE_TYPE_STRING: return setString(name, value);
        case SANE_TYPE_BUTTON: return setRaw(i, d, nullptr, "press");
        default: return fail(Errc::InvalidOption, name + " cannot be set");
        }
    }

    double numberValue(const std::string& name, double fallback)
    {
        auto [i, d] = find(name);
        if (!d || !SANE_OPTION_IS_ACTIVE(d->cap) || (d->type != SANE_TYPE_INT && d->type != SANE_TYPE_FIXED))
            return fallback;
        std::vector<SANE_Word> words(std::max<size_t>(1, static_cast<size_t>(d->size) / sizeof(SANE_Word)));
        if (sane_control_option(handle, i, SANE_ACTION_GET_VALUE, words.data(), nullptr) != SANE_STATUS_GOOD)
            return fallback;
        return d->type == SANE_TYPE_FIXED ? SANE_UNFIX(words[0]) : static_cast<double>(words[0]);
    }

    bool hasActive(const std::string& name)
    {
        auto [i, d] = find(name);
        (void)i;
        return d && SANE_OPTION_IS_ACTIVE(d->cap) && SANE_OPTION_IS_SETTABLE(d->cap);
    }

    Status applyOn(const ScanSettings& s)
    {
        auto opts = optionsOn();
        if (!opts)
            return std::unexpected(opts.error());
        auto map = mapOptions(*opts, s.source, s.mode);
        if (!map)
            return std::unexpected(map.error());
        // Source first: backends change the other options' ranges with it.
        if (map->sourceValue)
            if (auto r = setString("source", *map->sourceValue); !r)
                return r;
        if (map->duplexOption) {
            auto [i, d] = find(*map->duplexOption);
            (void)i;
            Status r = d && d->type == SANE_TYPE_BOOL ? setBool(*map->duplexOption, map->duplexValue == "yes")
                                                      : setString(*map->duplexOption, map->duplexValue.value_or(""));
            if (!r)
                return r;
        }
        if (map->modeValue)
            if (auto r = setString("mode", *map->modeValue); !r)
                return r;
        if (hasActive(SANE_NAME_SCAN_RESOLUTION))
            if (auto r = setNumber(SANE_NAME_SCAN_RESOLUTION, s.dpi); !r)
                return r;
        // Scan area from the top-left corner, clipped to what the device offers.
        if (hasActive(SANE_NAME_SCAN_TL_X) && hasActive(SANE_NAME_SCAN_BR_X)) {
            const auto [bi, bd] = find(SANE_NAME_SCAN_BR_X);
            (void)bi;
            const double scale = bd->unit == SANE_UNIT_PIXEL ? s.dpi / 25.4 : 1.0;
            for (auto [name, v] : {std::pair{SANE_NAME_SCAN_TL_X, 0.0}, std::pair{SANE_NAME_SCAN_TL_Y, 0.0},
                                   std::pair{SANE_NAME_SCAN_BR_X, s.widthMm}, std::pair{SANE_NAME_SCAN_BR_Y, s.heightMm}})
                if (hasActive(name))
                    if (auto r = setNumber(name, v * scale); !r)
                        return r;
        }
        if (s.brightness) {
            if (!hasActive(SANE_NAME_BRIGHTNESS))
                return fail(Errc::UnsupportedOption, "the device has no brightness option");
            if (auto r = setNumber(SANE_NAME_BRIGHTNESS, *s.brightness); !r)
                return r;
        }
        for (const auto& [name, value] : s.extraOptions)
            if (auto r = setText(name, value); !r)
                return r;
        return {};
    }

    // Reads one page (all of its frames). The caller has called sane_start for the first frame.
    Result<PageImage> readPageOn(int pageNo, int dpi, const ScanCallback& onEvent)
    {
        std::vector<uint8_t> planes[3];   // three-pass scanners send R, G, B as separate frames
        std::vector<uint8_t> data;
        SANE_Parameters p{};
        bool threePass = false;
        for (bool first = true;; first = false) {
            if (!first)
                if (const SANE_Status s = sane_start(handle); s != SANE_STATUS_GOOD)
                    return std::unexpected(saneError(s, "sane_start (next frame)"));
            if (const SANE_Status s = sane_get_parameters(handle, &p); s != SANE_STATUS_GOOD)
                return std::unexpected(saneError(s, "sane_get_parameters"));
            if (p.bytes_per_line <= 0 || p.pixels_per_line <= 0)
                return fail(Errc::DeviceError, "the scanner reported an empty page geometry");
            std::vector<uint8_t> frame;
            const double expected = p.lines > 0 ? static_cast<double>(p.bytes_per_line) * p.lines : 0.0;
            if (expected > 0)
                frame.reserve(static_cast<size_t>(expected));
            std::vector<SANE_Byte> chunk(kReadChunk);
            double lastReported = -1;
            for (;;) {
                if (cancelRequested.load()) {
                    sane_cancel(handle);
                    return fail(Errc::Cancelled, "scan cancelled during page " + std::to_string(pageNo));
                }
                SANE_Int len = 0;
                const SANE_Status s = sane_read(handle, chunk.data(), static_cast<SANE_Int>(chunk.size()), &len);
                if (s == SANE_STATUS_EOF)
                    break;
                if (s != SANE_STATUS_GOOD)
                    return std::unexpected(saneError(s, "reading page " + std::to_string(pageNo)));
                frame.insert(frame.end(), chunk.begin(), chunk.begin() + len);
                if (expected > 0 && onEvent) {
                    const double fraction = std::min(1.0, static_cast<double>(frame.size()) / expected);
                    if (fraction - lastReported >= 0.02 || fraction >= 1.0) {
                        lastReported = fraction;
                        ScanEvent e;
                        e.kind = ScanEvent::Kind::Progress;
                        e.page = pageNo;
                        e.fraction = fraction;
                        onEvent(e);
                    }
                }
            }
            switch (p.format) {
            case SANE_FRAME_RED: planes[0] = std::move(frame); threePass = true; break;
            case SANE_FRAME_GREEN: planes[1] = std::move(frame); threePass = true; break;
            case SANE_FRAME_BLUE: planes[2] = std::move(frame); threePass = true; break;
            default: data = std::move(frame); break;
            }
            if (p.last_frame)
                break;
        }
        return toPage(p, threePass, std::move(data), planes, dpi);
    }

    static Result<PageImage> toPage(const SANE_Parameters& p, bool threePass, std::vector<uint8_t> data,
                                    std::vector<uint8_t> (&planes)[3], int dpi)
    {
        const size_t bpl = static_cast<size_t>(p.bytes_per_line);
        const size_t have = threePass ? std::min({planes[0].size(), planes[1].size(), planes[2].size()}) : data.size();
        // Hand scanners report -1 lines: the height is what arrived.
        const int lines = static_cast<int>(p.lines > 0 ? std::min<size_t>(static_cast<size_t>(p.lines), have / bpl) : have / bpl);
        if (lines <= 0)
            return fail(Errc::DeviceError, "the scanner sent no image lines");
        const int w = p.pixels_per_line;
        const bool sixteen = p.depth == 16;
        // 16-bit samples come in the machine's byte order; keep the high byte.
        const auto sample = [&](const uint8_t* row, int index) -> uint8_t {
            if (!sixteen)
                return row[index];
            uint16_t v;
            std::memcpy(&v, row + 2 * index, 2);
            return static_cast<uint8_t>(v >> 8);
        };
        PageImage page;
        page.width = w;
        page.height = lines;
        page.dpi = dpi;
        if (p.format == SANE_FRAME_GRAY && p.depth == 1) {
            page.format = PixelFormat::Mono1; // SANE: bit 1 = black, the same as ours
        } else if (p.format == SANE_FRAME_GRAY && (p.depth == 8 || sixteen)) {
            page.format = PixelFormat::Gray8;
        } else if ((p.format == SANE_FRAME_RGB || threePass) && (p.depth == 8 || sixteen)) {
            page.format = PixelFormat::Rgb24;
        } else {
            return fail(Errc::DeviceError, "unsupported image format from the scanner (frame " + std::to_string(p.format) +
                                               ", depth " + std::to_string(p.depth) + ")");
        }
        page.stride = PageImage::strideFor(page.format, w);
        auto buf = std::make_shared<std::vector<uint8_t>>(page.stride * static_cast<size_t>(lines));
        for (int y = 0; y < lines; ++y) {
            uint8_t* out = buf->data() + static_cast<size_t>(y) * page.stride;
            const size_t off = static_cast<size_t>(y) * bpl;
            switch (page.format) {
            case PixelFormat::Mono1: std::memcpy(out, data.data() + off, std::min(page.stride, bpl)); break;
            case PixelFormat::Gray8:
                for (int x = 0; x < w; ++x)
                    out[x] = sample(data.data() + off, x);
                break;
            case PixelFormat::Rgb24:
                for (int x = 0; x < w; ++x)
                    for (int c = 0; c < 3; ++c)
                        out[3 * x + c] = threePass ? sample(planes[c].data() + off, x) : sample(data.data() + off, 3 * x + c);
                break;
            }
        }
        page.pixels = std::move(buf);
        return page;
    }

    Result<ScanSummary> scanOn(const ScanSettings& s, const ScanCallback& onEvent)
    {
        ScanSummary summary;
        const auto finish = [&](std::optional<Error> error) -> Result<ScanSummary> {
            sane_cancel(handle); // ends the batch (SANE 4.3.9), also after the last page
            if (onEvent) {
                ScanEvent e;
                e.kind = ScanEvent::Kind::Finished;
                e.page = summary.pages;
                e.error = error;
                onEvent(e);
            }
            if (error)
                return std::unexpected(*error);
            log::info(kLog, device + ": scanned " + std::to_string(summary.pages) + " page(s)" +
                                (summary.feederEmpty ? ", feeder empty" : ""));
            return summary;
        };
        if (auto r = applyOn(s); !r)
            return finish(r.error());
        // Read before sane_start: backends (the test backend among them) refuse option access
        // while scanning.
        const int dpi = static_cast<int>(std::lround(numberValue(SANE_NAME_SCAN_RESOLUTION, 0)));
        const bool feeder = s.source != Source::Flatbed;
        const int limit = s.maxPages > 0 ? s.maxPages : feeder ? kFeederBound : 1;
        for (int page = 1; page <= limit; ++page) {
            if (cancelRequested.load())
                return finish(Error(Errc::Cancelled, "scan cancelled before page " + std::to_string(page)));
            const SANE_Status st = sane_start(handle);
            if (st == SANE_STATUS_NO_DOCS && page > 1) {
                summary.feederEmpty = true; // the normal end of a feeder batch
                break;
            }
            if (st != SANE_STATUS_GOOD)
                return finish(saneError(st, "starting page " + std::to_string(page)));
            if (onEvent) {
                ScanEvent e;
                e.kind = ScanEvent::Kind::PageStarted;
                e.page = page;
                onEvent(e);
            }
            auto image = readPageOn(page, dpi, onEvent);
            if (!image)
                return finish(image.error());
            ++summary.pages;
            if (onEvent) {
                ScanEvent e;
                e.kind = ScanEvent::Kind::PageDone;
                e.page = page;
                e.fraction = 1.0;
                e.image = std::move(*image);
                onEvent(e);
            }
        }
        return finish(std::nullopt);
    }
};

ScannerSession::ScannerSession(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

ScannerSession::~ScannerSession()
{
    cancel();
    d.reset(); // closes the device on the worker, joins it
}

std::future<Result<std::vector<DeviceInfo>>> ScannerSession::listDevices()
{
    return std::async(std::launch::async, []() -> Result<std::vector<DeviceInfo>> {
        if (auto r = acquireSane(); !r)
            return std::unexpected(Error(Errc::DeviceError, r.error().detail()));
        std::vector<DeviceInfo> out;
        SANE_Status s;
        {
            std::lock_guard lock(g_callMutex);
            const SANE_Device** list = nullptr;
            // local_only = false: network scanners (sane-airscan, net) are listed too.
            s = sane_get_devices(&list, SANE_FALSE);
            if (s == SANE_STATUS_GOOD && list)
                for (auto p = list; *p; ++p)
                    out.push_back({str((*p)->name), str((*p)->vendor), str((*p)->model), str((*p)->type)});
        }
        releaseSane();
        if (s != SANE_STATUS_GOOD)
            return fail(Errc::DeviceError, std::string("sane_get_devices: ") + sane_strstatus(s));
        return out;
    });
}

std::future<Result<std::unique_ptr<ScannerSession>>> ScannerSession::open(const std::string& deviceName)
{
    return std::async(std::launch::async, [deviceName]() -> Result<std::unique_ptr<ScannerSession>> {
        auto impl = std::make_unique<Impl>();
        impl->device = deviceName;
        if (auto r = acquireSane(); !r)
            return std::unexpected(r.error());
        impl->saneHeld = true;
        Impl* p = impl.get();
        impl->worker = std::thread([p] { p->run(); });
        if (auto opened = impl->post([p] { return p->openOn(); }).get(); !opened)
            return std::unexpected(opened.error()); // ~Impl joins the worker and releases SANE
        return std::unique_ptr<ScannerSession>(new ScannerSession(std::move(impl)));
    });
}

const std::string& ScannerSession::deviceName() const { return d->device; }

std::future<Result<std::vector<OptionDescriptor>>> ScannerSession::options()
{
    return d->post([p = d.get()] { return p->optionsOn(); });
}

std::future<Status> ScannerSession::apply(const ScanSettings& settings)
{
    return d->post([p = d.get(), settings] { return p->applyOn(settings); });
}

std::future<Result<ScanSummary>> ScannerSession::scan(const ScanSettings& settings, ScanCallback onEvent)
{
    // Cleared here, on the caller's thread, so a cancel() right after scan() is not lost.
    d->cancelRequested.store(false);
    return d->post([p = d.get(), settings, onEvent = std::move(onEvent)] { return p->scanOn(settings, onEvent); });
}

void ScannerSession::cancel() { d->cancelRequested.store(true); }

} // namespace vanthu::capture
