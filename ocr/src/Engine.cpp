#include "vanthu/ocr/Engine.h"

#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"

#include "SearchablePdf_p.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <dlfcn.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace vanthu::ocr {

namespace {

constexpr std::string_view kLog = "vanthu.ocr";

// Tesseract's LSTM uses OpenMP, and some of its loops ask for a fixed team size in the pragma
// (`num_threads(...)`), which omp_set_num_threads() does not cap; OMP_THREAD_LIMIT would, but libgomp
// reads it when it loads, before our code runs. With two pages on two cores the extra threads spin
// and double the CPU time per page (measured: 3.7 s vs 2.3 s user for a 200 dpi page). Setting the
// worker's max-active-levels to 0 makes every parallel region it starts inactive (one thread), and
// that ICV is consulted for every region, whatever num_threads says. Looked up at run time: no link
// dependency on a particular OpenMP runtime.
void limitOpenMpToOneThread()
{
    using SetInt = void (*)(int);
    if (void* sym = dlsym(RTLD_DEFAULT, "omp_set_max_active_levels"))
        reinterpret_cast<SetInt>(sym)(0);
    if (void* sym = dlsym(RTLD_DEFAULT, "omp_set_num_threads"))
        reinterpret_cast<SetInt>(sym)(1);
}

} // namespace

// A job for one worker's TessBaseAPI; `abandon` completes its future when the engine shuts down first.
struct Engine::Task {
    std::function<void(tesseract::TessBaseAPI&)> run;
    std::function<void()> abandon;
};

namespace {

using Task = Engine::Task;

template <class T>
Task makeTask(std::function<Result<T>(tesseract::TessBaseAPI&)> job, std::future<Result<T>>& future)
{
    auto promise = std::make_shared<std::promise<Result<T>>>();
    future = promise->get_future();
    Task t;
    t.run = [promise, job = std::move(job)](tesseract::TessBaseAPI& api) {
        Result<T> r = [&]() -> Result<T> {
            try {
                return job(api);
            } catch (const std::exception& e) {
                return fail(Errc::Recognition, e.what());
            }
        }();
        if (!r)
            log::warning(kLog, r.error().toString());
        promise->set_value(std::move(r));
    };
    t.abandon = [promise] { promise->set_value(fail(Errc::Cancelled, "the OCR engine is shutting down")); };
    return t;
}

tesseract::PageSegMode toPsm(Layout l)
{
    switch (l) {
    case Layout::Auto: return tesseract::PSM_AUTO;
    case Layout::SingleBlock: return tesseract::PSM_SINGLE_BLOCK;
    case Layout::SparseText: return tesseract::PSM_SPARSE_TEXT;
    }
    return tesseract::PSM_AUTO;
}

bool cancelRequested(void* flag, int)
{
    auto* f = static_cast<std::atomic<bool>*>(flag);
    return f && f->load();
}

struct TextDeleter {
    void operator()(char* p) const { delete[] p; }
};
using Text = std::unique_ptr<char, TextDeleter>;

Result<OcrResult> recognizeOn(tesseract::TessBaseAPI& api, const Request& req)
{
    const auto started = std::chrono::steady_clock::now();
    if (req.cancel && req.cancel->load())
        return fail(Errc::Cancelled, "OCR cancelled before it started");
    PageImage page = req.page;
    int dx = 0, dy = 0;
    if (req.region) {
        page = req.page.crop(req.region->x, req.region->y, req.region->width, req.region->height);
        dx = std::max(0, req.region->x);
        dy = std::max(0, req.region->y);
    }
    if (page.empty())
        return fail(Errc::InvalidInput, "empty page or region outside the page");
    std::vector<uint8_t> inverted;
    switch (page.format) {
    case PixelFormat::Gray8:
        api.SetImage(page.pixels->data(), page.width, page.height, 1, static_cast<int>(page.stride));
        break;
    case PixelFormat::Rgb24:
        api.SetImage(page.pixels->data(), page.width, page.height, 3, static_cast<int>(page.stride));
        break;
    case PixelFormat::Mono1:
        // Tesseract's 1-bit input has 1 = white; ours has 1 = black.
        inverted.assign(page.pixels->begin(), page.pixels->end());
        for (auto& b : inverted)
            b = static_cast<uint8_t>(~b);
        api.SetImage(inverted.data(), page.width, page.height, 0, static_cast<int>(page.stride));
        break;
    }
    api.SetSourceResolution(page.dpi > 0 ? page.dpi : 300);
    api.SetPageSegMode(toPsm(req.layout));
    tesseract::ETEXT_DESC monitor;
    monitor.cancel = &cancelRequested;
    monitor.cancel_this = req.cancel.get();
    if (req.deadline.count() > 0)
        monitor.set_deadline_msecs(static_cast<int32_t>(req.deadline.count()));
    const int rc = api.Recognize(&monitor);
    if (req.cancel && req.cancel->load()) {
        api.Clear();
        return fail(Errc::Cancelled, "OCR cancelled");
    }
    if (req.deadline.count() > 0 && monitor.deadline_exceeded()) {
        api.Clear();
        return fail(Errc::DeadlineExceeded, "OCR took longer than " + std::to_string(req.deadline.count()) + " ms");
    }
    if (rc != 0) {
        api.Clear();
        return fail(Errc::Recognition, "Tesseract Recognize() returned " + std::to_string(rc));
    }
    OcrResult out;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    int block = -1, line = -1;
    if (it) {
        do {
            if (it->IsAtBeginningOf(tesseract::RIL_BLOCK))
                ++block;
            if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE))
                ++line;
            Text t(it->GetUTF8Text(tesseract::RIL_WORD));
            if (!t)
                continue;
            Word w;
            w.text = text::nfc(t.get());
            if (w.text.empty())
                continue;
            int l = 0, tp = 0, r = 0, b = 0;
            it->BoundingBox(tesseract::RIL_WORD, &l, &tp, &r, &b);
            w.box = {l + dx, tp + dy, r - l, b - tp};
            w.confidence = it->Confidence(tesseract::RIL_WORD);
            w.block = std::max(block, 0);
            w.line = std::max(line, 0);
            if (out.lines.empty() || out.lines.back().words.empty() ||
                out.words[static_cast<size_t>(out.lines.back().words.back())].line != w.line)
                out.lines.emplace_back();
            Line& ln = out.lines.back();
            ln.words.push_back(static_cast<int>(out.words.size()));
            out.words.push_back(std::move(w));
        } while (it->Next(tesseract::RIL_WORD));
    }
    for (Line& ln : out.lines) {
        int x0 = INT32_MAX, y0 = INT32_MAX, x1 = 0, y1 = 0;
        float conf = 0;
        for (int wi : ln.words) {
            const Word& w = out.words[static_cast<size_t>(wi)];
            if (!ln.text.empty())
                ln.text += ' ';
            ln.text += w.text;
            x0 = std::min(x0, w.box.x);
            y0 = std::min(y0, w.box.y);
            x1 = std::max(x1, w.box.right());
            y1 = std::max(y1, w.box.bottom());
            conf += w.confidence;
        }
        ln.box = {x0, y0, x1 - x0, y1 - y0};
        ln.confidence = ln.words.empty() ? 0 : conf / static_cast<float>(ln.words.size());
        if (!out.text.empty())
            out.text += '\n';
        out.text += ln.text;
    }
    api.Clear();
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return out;
}

} // namespace

struct Engine::Impl {
    std::mutex mutex;
    std::condition_variable wake;
    std::deque<Task> queue;
    bool stopping = false;
    std::vector<std::thread> threads;

    void run(std::string languages, std::promise<Status> ready)
    {
        limitOpenMpToOneThread();
        tesseract::TessBaseAPI api;
        if (api.Init(nullptr, languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
            ready.set_value(fail(Errc::EngineInit, "cannot load Tesseract language data '" + languages +
                                                       "' (install tesseract-ocr-vie)"));
            return;
        }
        // The interword-space setting keeps Tesseract from inserting extra spaces in wide text.
        api.SetVariable("preserve_interword_spaces", "0");
        // Tesseract prints progress chatter ("Detected 5 diacritics") to stderr; our log has the errors.
        api.SetVariable("debug_file", "/dev/null");
        ready.set_value({});
        for (;;) {
            std::unique_lock lock(mutex);
            wake.wait(lock, [&] { return stopping || !queue.empty(); });
            if (queue.empty())
                return;
            Task task = std::move(queue.front());
            queue.pop_front();
            lock.unlock();
            task.run(api);
        }
    }
};

Engine::Engine(std::unique_ptr<Impl> impl) : d(std::move(impl)) {}

Engine::~Engine()
{
    {
        std::lock_guard lock(d->mutex);
        d->stopping = true;
        for (auto& t : d->queue)
            t.abandon();
        d->queue.clear();
    }
    d->wake.notify_all();
    for (auto& t : d->threads)
        t.join();
}

Result<std::unique_ptr<Engine>> Engine::create(int workers, const std::string& languages)
{
    if (workers <= 0)
        workers = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto impl = std::make_unique<Impl>();
    std::vector<std::future<Status>> ready;
    for (int i = 0; i < workers; ++i) {
        std::promise<Status> p;
        ready.push_back(p.get_future());
        impl->threads.emplace_back(&Impl::run, impl.get(), languages, std::move(p));
    }
    std::optional<Error> failure;
    for (auto& f : ready)
        if (auto s = f.get(); !s && !failure)
            failure = s.error();
    std::unique_ptr<Engine> engine(new Engine(std::move(impl)));
    if (failure) {
        log::error(kLog, failure->toString());
        return std::unexpected(*failure); // ~Engine joins the workers that did start
    }
    return engine;
}

int Engine::workers() const { return static_cast<int>(d->threads.size()); }

void Engine::post(Task task)
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->stopping) {
            d->queue.push_back(std::move(task));
            task.run = nullptr;
        }
    }
    if (task.run) {  // the engine is shutting down
        task.abandon();
        return;
    }
    d->wake.notify_one();
}

std::future<Result<OcrResult>> Engine::recognize(Request request)
{
    std::future<Result<OcrResult>> future;
    post(makeTask<OcrResult>([request = std::move(request)](tesseract::TessBaseAPI& api) { return recognizeOn(api, request); },
                             future));
    return future;
}

std::future<Result<std::string>> Engine::writeSearchablePdf(std::vector<PageImage> pages, std::string path, DocumentMeta meta)
{
    std::future<Result<std::string>> future;
    post(makeTask<std::string>(
        [pages = std::move(pages), path = std::move(path), meta = std::move(meta)](tesseract::TessBaseAPI& api) {
            return renderSearchablePdf(api, pages, path, meta);
        },
        future));
    return future;
}

} // namespace vanthu::ocr
