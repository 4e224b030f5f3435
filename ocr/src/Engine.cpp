#include "vanthu/ocr/Engine.h"

#include "vanthu/core/Log.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Grammar.h"

#include "Lines_p.h"
#include "OpenMpInline_p.h"
#include "PagePix_p.h"
#include "SearchablePdf_p.h"

#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <dlfcn.h>
#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cmath>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <mutex>
#include <numeric>
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

// How much lower than the thread that made the engine a page worker runs: nice +5, a quarter of a
// core when a thread at the engine's own value wants it too. Measured (bench_ocr 8, the clerk's
// case: each page's header read while the eight pages are read as one document): headers 0.212 s
// mean, 0.262 s p90, against 0.288 s and 0.391 s with the page workers at the engine's own value.
constexpr int kPageWorkerNice = 5;

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
    case Layout::SingleLine: return tesseract::PSM_SINGLE_LINE;
    }
    return tesseract::PSM_AUTO;
}

// The engine's recognition counter, set on each worker thread.
thread_local std::atomic<long>* t_recognitions = nullptr;

bool cancelRequested(void* flag, int)
{
    auto* f = static_cast<std::atomic<bool>*>(flag);
    return f && f->load();
}

struct TextDeleter {
    void operator()(char* p) const { delete[] p; }
};
using Text = std::unique_ptr<char, TextDeleter>;

// Recognises `pix`, already set on `api` (setPagePix), and collects its words and lines in page
// pixels (the reading image's scale undone, the region offset dx, dy added). Leaves the results on
// `api` (the caller clears it).
Result<OcrResult> recognizeSet(tesseract::TessBaseAPI& api, const Request& req, const PagePix& pix, int dx, int dy,
                               std::chrono::steady_clock::time_point started)
{
    const int pageDpi = req.page.dpi > 0 ? req.page.dpi : 300;
    const int readingDpi = pix.scale == 1 ? pageDpi : static_cast<int>(std::lround(pageDpi * pix.scale));
    api.SetSourceResolution(readingDpi);
    api.SetPageSegMode(toPsm(req.layout));
    api.SetVariable("tessedit_do_invert", req.invertedRetry ? "1" : "0");
    tesseract::ETEXT_DESC monitor;
    monitor.cancel = &cancelRequested;
    monitor.cancel_this = req.cancel.get();
    if (req.deadline.count() > 0)
        monitor.set_deadline_msecs(static_cast<int32_t>(req.deadline.count()));
    if (t_recognitions)
        ++*t_recognitions;
    const int rc = api.Recognize(&monitor);
    if (req.cancel && req.cancel->load())
        return fail(Errc::Cancelled, "OCR cancelled");
    if (req.deadline.count() > 0 && monitor.deadline_exceeded())
        return fail(Errc::DeadlineExceeded, "OCR took longer than " + std::to_string(req.deadline.count()) + " ms");
    if (rc != 0)
        return fail(Errc::Recognition, "Tesseract Recognize() returned " + std::to_string(rc));
    OcrResult out;
    std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
    int block = -1, line = -1;
    const auto toPage = [&](int v) { return pix.scale == 1 ? v : static_cast<int>(std::lround(v / pix.scale)); };
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
            w.text = grammar::repairEth(text::nfc(t.get()));
            if (w.text.empty())
                continue;
            int l = 0, tp = 0, r = 0, b = 0;
            it->BoundingBox(tesseract::RIL_WORD, &l, &tp, &r, &b);
            l = toPage(l), tp = toPage(tp), r = toPage(r), b = toPage(b);
            w.box = {l + dx, tp + dy, r - l, b - tp};
            w.confidence = it->Confidence(tesseract::RIL_WORD);
            if (int x1 = 0, y1 = 0, x2 = 0, y2 = 0; it->Baseline(tesseract::RIL_WORD, &x1, &y1, &x2, &y2))
                w.baseline = toPage((y1 + y2) / 2) + dy;
            bool bold = false, italic = false, underlined = false, mono = false, serif = false, smallCaps = false;
            int fontId = 0;
            it->WordFontAttributes(&bold, &italic, &underlined, &mono, &serif, &smallCaps, &w.pointSize, &fontId);
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
    detail::finishLines(out);
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    out.readingDpi = readingDpi;
    return out;
}

Result<OcrResult> recognizeOn(tesseract::TessBaseAPI& api, const Request& req)
{
    const auto started = std::chrono::steady_clock::now();
    if (req.cancel && req.cancel->load())
        return fail(Errc::Cancelled, "OCR cancelled before it started");
    const PageImage& full = req.page;
    int x0 = 0, y0 = 0, w = full.width, h = full.height;
    if (req.region) {
        x0 = std::clamp(req.region->x, 0, full.width);
        y0 = std::clamp(req.region->y, 0, full.height);
        w = std::clamp(req.region->right(), 0, full.width) - x0;
        h = std::clamp(req.region->bottom(), 0, full.height) - y0;
    }
    if (full.empty() || w <= 0 || h <= 0)
        return fail(Errc::InvalidInput, "empty page or region outside the page");
    // The region is handed to Tesseract as its own image (never SetRectangle: tesseract issue #845),
    // already binarised (see PagePix_p.h).
    const PagePix pix = makePagePix(full, x0, y0, w, h, false, req.readingDpi);
    if (!pix.binary)
        return fail(Errc::Recognition, "out of memory for a page image");
    setPagePix(api, pix);
    auto r = recognizeSet(api, req, pix, x0, y0, started);
    api.Clear();
    if (r)
        log::debug(kLog, "recognised " + std::to_string(w) + "x" + std::to_string(h) + " at " + std::to_string(x0) + "," +
                             std::to_string(y0) + " (" + std::to_string(r->readingDpi) + " dpi, " + std::to_string(r->words.size()) +
                             " words) in " + std::to_string(static_cast<int>(r->seconds * 1000)) + " ms");
    return r;
}

} // namespace

struct Engine::Impl {
    std::mutex mutex;
    std::condition_variable wake;
    // Regions and single pages (recognize) go before the pages of whole documents (recognizeDocument,
    // writeSearchablePdf): the fields of the next document are read while the full text of the one
    // before is still being written, not after it.
    std::deque<Task> urgent;
    std::deque<Task> queue;
    bool stopping = false;
    std::vector<std::thread> threads;
    int pageWorkers = 0;
    std::atomic<long> recognitions{0};
    bool openMpInline = true;  // Tesseract's OpenMP regions run inline on the workers (OpenMpInline.cpp)

    // A worker's loop. `regionsOnly`: the worker kept for requests (recognize), which takes no
    // document's page, so a document's fields are read at once even while every other worker is in
    // the middle of a full page (Tesseract does not stop mid-page).
    void run(std::string languages, std::promise<Status> ready, bool regionsOnly)
    {
        limitOpenMpToOneThread();
        detail::runOpenMpInline(openMpInline);
        // A page worker yields to the region worker (and to the station's other work: its window,
        // its uploads) when they want the cores: a Linux thread's own nice value. Raising it needs
        // no privilege; where it cannot be set, the pages run as they are.
        if (!regionsOnly) {
            const auto self = static_cast<id_t>(gettid());
            errno = 0;
            const int own = getpriority(PRIO_PROCESS, self);
            if (errno != 0 || setpriority(PRIO_PROCESS, self, std::min(own + kPageWorkerNice, 19)) != 0)
                log::debug(kLog, "a page worker's nice value stays as it was");
        }
        t_recognitions = &recognitions;
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
        // Documents in proportional type: Tesseract's fixed-pitch test of every text row (3 % of
        // a page's instructions) decides nothing the LSTM uses; the text layer and the fields of
        // the dev corpus come out byte for byte the same without it.
        api.SetVariable("textord_all_prop", "1");
        ready.set_value({});
        for (;;) {
            std::unique_lock lock(mutex);
            wake.wait(lock, [&] { return stopping || !urgent.empty() || (!regionsOnly && !queue.empty()); });
            std::deque<Task>& from = urgent.empty() && !regionsOnly ? queue : urgent;
            if (from.empty())
                return;
            Task task = std::move(from.front());
            from.pop_front();
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
        for (auto* q : {&d->urgent, &d->queue}) {
            for (auto& t : *q)
                t.abandon();
            q->clear();
        }
    }
    d->wake.notify_all();
    for (auto& t : d->threads)
        t.join();
}

Result<std::unique_ptr<Engine>> Engine::create(int workers, const std::string& languages, bool regionWorker)
{
    if (workers <= 0)
        workers = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    auto impl = std::make_unique<Impl>();
    std::vector<std::future<Status>> ready;
    impl->pageWorkers = workers;
    const char* openMp = std::getenv("VANTHU_OPENMP");
    impl->openMpInline = !(openMp && std::string_view(openMp) == "libgomp");
    for (int i = 0; i < workers + (regionWorker ? 1 : 0); ++i) {
        std::promise<Status> p;
        ready.push_back(p.get_future());
        impl->threads.emplace_back(&Impl::run, impl.get(), languages, std::move(p), i == workers);
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

int Engine::workers() const { return d->pageWorkers; }

void Engine::post(Task task)
{
    {
        std::lock_guard lock(d->mutex);
        if (!d->stopping) {
            d->urgent.push_back(std::move(task));
            task.run = nullptr;
        }
    }
    if (task.run) {  // the engine is shutting down
        task.abandon();
        return;
    }
    d->wake.notify_one();
}

void Engine::postAll(std::vector<Task> tasks)
{
    bool accepted = false;
    {
        std::lock_guard lock(d->mutex);
        if (!d->stopping) {
            for (auto& t : tasks)
                d->queue.push_back(std::move(t));
            accepted = true;
        }
    }
    if (!accepted) {  // the engine is shutting down
        for (auto& t : tasks)
            t.abandon();
        return;
    }
    d->wake.notify_all();
}

std::future<Result<OcrResult>> Engine::recognize(Request request)
{
    std::future<Result<OcrResult>> future;
    post(makeTask<OcrResult>([request = std::move(request)](tesseract::TessBaseAPI& api) { return recognizeOn(api, request); },
                             future));
    return future;
}

namespace {

// A line of a region read before that the full text of its page takes as it is.
struct TakenLine {
    size_t region = 0, line = 0;  // ReadRegion and its Line
    Rect white;                   // what is whited out of the page for it (page pixels)
};

// The lines of `regions` of page `page` read with some confidence that lie inside their region
// clear of its edges, each with the box to white out: its own box grown by a fifth of its height
// up and down (Tesseract's line box may leave a mark's tip out) and by a third sideways. A line
// within that margin of a region's edge may have been cut by it (a region drawn through a line)
// and is read again with the page.
std::vector<TakenLine> linesToTake(const std::vector<ReadRegion>& regions, int page)
{
    std::vector<TakenLine> out;
    for (size_t ri = 0; ri < regions.size(); ++ri) {
        if (regions[ri].page != page)
            continue;
        const Rect& r = regions[ri].box;
        const auto& lines = regions[ri].text.lines;
        for (size_t li = 0; li < lines.size(); ++li) {
            const Rect& b = lines[li].box;
            // A line read with little confidence is mostly a seal's or a signature's strokes read
            // as letters ("MWVf" 10, "Š" 17 under a closing's position; its printed lines read at
            // 62-96): the page reads whatever it is again, and the reading does not join a row.
            if (lines[li].words.empty() || b.width <= 0 || b.height <= 0 || lines[li].confidence < 60)
                continue;
            const int dy = std::max(2, b.height / 5), dx = std::max(2, b.height / 3);
            const Rect grown{b.x - dx, b.y - dy, b.width + 2 * dx, b.height + 2 * dy};
            if (grown.x < r.x || grown.y < r.y || grown.right() > r.right() || grown.bottom() > r.bottom())
                continue;
            // Regions that overlap could both hold a line: the first reading of it stands.
            const auto overlaps = [&](const TakenLine& t) {
                const Rect& o = regions[t.region].text.lines[t.line].box;
                return t.region != ri && o.x < b.right() && b.x < o.right() && o.y < b.bottom() && b.y < o.bottom();
            };
            if (std::any_of(out.begin(), out.end(), overlaps))
                continue;
            out.push_back({ri, li, grown});
        }
    }
    return out;
}

// `page` (a full-page recognition with the taken lines whited out) with those lines put back: a
// header's in front (block 0), as it stands above the rest, then the page's own blocks, then a
// closing's (ReadRegion::trailing) in a block after them. Taken lines of regions side by side that
// share a row (the agency's line and the motto's beside it; "Nơi nhận:" and the signer's position)
// make one line, left to right, as a full-page reading gives them, so the PDF's text layer lays
// them at one baseline. What pdftotext makes of the layer hangs on that and on the type sizes
// (bench_ocr 8, mean CER against the born-digital text, the header's lines taken: the page read
// whole 6.64 %; taken lines kept apart by column 8.08 %; rows 7.79 %; rows sized as below 5.85 %).
OcrResult withLinesTaken(OcrResult page, const std::vector<ReadRegion>& regions, const std::vector<TakenLine>& taken)
{
    OcrResult out;
    out.seconds = page.seconds;
    out.readingDpi = page.readingDpi;
    struct Part {
        const OcrResult* from;  // the page or a region's reading
        const Line* line;
    };
    // Tesseract's type size of a region's words is estimated from the region alone and strays from
    // the page's (17 and 11 pt beside 14 on DEV-005's first line): the PDF's layer sizes each line
    // by it and pdftotext groups lines into blocks by it. Taken words get the page's median size.
    std::vector<int> sizes;
    for (const Word& w : page.words)
        if (w.pointSize > 0)
            sizes.push_back(w.pointSize);
    int pageSize = 0;
    if (!sizes.empty()) {
        std::nth_element(sizes.begin(), sizes.begin() + static_cast<long>(sizes.size() / 2), sizes.end());
        pageSize = sizes[sizes.size() / 2];
    }
    const auto add = [&](std::vector<Part> parts, int block) {
        std::sort(parts.begin(), parts.end(), [](const Part& a, const Part& b) { return a.line->box.x < b.line->box.x; });
        Line& l = out.lines.emplace_back();
        for (const Part& part : parts)
            for (int wi : part.line->words) {
                Word w = part.from->words[static_cast<size_t>(wi)];
                if (part.from != &page)
                    w.pointSize = pageSize;
                w.block = block;
                w.line = static_cast<int>(out.lines.size()) - 1;
                l.words.push_back(static_cast<int>(out.words.size()));
                out.words.push_back(std::move(w));
            }
    };
    // Rows of taken lines, leading and trailing apart: a line joins a row holding no line of its
    // region that it is one line with; rows top to bottom.
    std::array<std::vector<std::vector<Part>>, 2> rows;
    for (const TakenLine& t : taken) {
        const OcrResult& from = regions[t.region].text;
        const Line& line = from.lines[t.line];
        const auto beside = [&](const std::vector<Part>& row) {
            return std::none_of(row.begin(), row.end(), [&](const Part& p) { return p.from == &from; }) &&
                   std::any_of(row.begin(), row.end(), [&](const Part& p) { return detail::sameLine(p.line->box, line.box); });
        };
        auto& side = rows[regions[t.region].trailing ? 1 : 0];
        if (const auto row = std::find_if(side.begin(), side.end(), beside); row != side.end())
            row->push_back({&from, &line});
        else
            side.push_back({{&from, &line}});
    }
    for (auto& side : rows)
        std::stable_sort(side.begin(), side.end(), [](const auto& a, const auto& b) { return a.front().line->box.y < b.front().line->box.y; });
    for (auto& row : rows[0])
        add(std::move(row), 0);
    int lastBlock = 0;
    for (const Line& l : page.lines) {
        const int block = 1 + (l.words.empty() ? 0 : page.words[static_cast<size_t>(l.words.front())].block);
        lastBlock = std::max(lastBlock, block);
        add({{&page, &l}}, block);
    }
    for (auto& row : rows[1])
        add(std::move(row), lastBlock + 1);
    // The text from the words: a reading of the fields may have changed a line's text.
    detail::finishLines(out);
    const size_t lead = rows[0].size(), trail = rows[1].size(), n = out.lines.size();
    for (size_t i = 0; i < n; ++i) {
        if (i >= lead && i < n - trail)
            continue;
        const Line& l = out.lines[i];
        log::debug(kLog, "line taken as read: [" + std::to_string(l.box.x) + "," + std::to_string(l.box.y) + " " +
                             std::to_string(l.box.width) + "x" + std::to_string(l.box.height) + "] " + l.text);
    }
    return out;
}

// One document's pages spread over the workers. Each page is recognised on whichever worker takes
// it and goes into the PDF as soon as it is recognised, whatever its place: the PDF's page tree is
// put in document order when the file is finished (SearchablePdfWriter). So no worker waits for a
// slower earlier page (that idled the workers 12 % of the time on the bench's pages).
struct DocumentJob {
    std::vector<PageImage> pages;
    std::string pdfPath;
    std::shared_ptr<std::atomic<bool>> cancel;  // may be null
    std::function<void(Result<DocumentText>)> complete;
    std::mutex mutex;     // the results, the error and the PDF writer (not thread-safe)
    size_t settled = 0;   // pages recognised, failed or abandoned
    std::vector<OcrResult> results;
    std::optional<Error> error;
    std::unique_ptr<SearchablePdfWriter> pdf;
    DocumentMeta meta;
    std::vector<ReadRegion> alreadyRead;  // regions of its pages recognised before (see recognizeDocument)

    // Called with the lock held, once per page.
    void settle()
    {
        if (++settled < pages.size())
            return;
        if (error) {
            pdf.reset();  // removes the temporary file
            complete(std::unexpected(*error));
            return;
        }
        DocumentText out;
        out.pages = std::move(results);
        if (pdf) {
            auto written = pdf->finish();
            pdf.reset();
            if (!written) {
                complete(std::unexpected(written.error()));
                return;
            }
            out.pdfPath = *written;
        }
        complete(std::move(out));
    }

    void runPage(size_t i, tesseract::TessBaseAPI& api)
    {
        const auto started = std::chrono::steady_clock::now();
        bool skip = false;
        {
            std::lock_guard lock(mutex);
            skip = error.has_value();
        }
        Result<OcrResult> r = fail(Errc::Cancelled, "an earlier page failed");
        std::optional<PdfImage> image;  // the scan as the PDF embeds it, encoded outside the lock
        if (!skip) {
            try {
                const PageImage& page = pages[i];
                Request q;
                q.page = page;
                q.readingDpi = kReadingDpi;
                q.cancel = cancel;
                PagePix pix;
                if (cancel && cancel->load()) {
                    r = fail(Errc::Cancelled, "the document's OCR was cancelled");
                } else if (page.empty()) {
                    r = fail(Errc::InvalidInput, "page " + std::to_string(i + 1) + " is empty");
                } else if (pix = makePagePix(page, 0, 0, page.width, page.height, !pdfPath.empty(), q.readingDpi); !pix.binary) {
                    r = fail(Errc::Recognition, "out of memory for a page image");
                } else if (!pdfPath.empty() && !(image = encodePdfImage(pix.scanned ? pix.scanned.get() : pix.grey.get()))) {
                    // The page as scanned (in colour, at its own resolution), not the reading image.
                    r = fail(Errc::PdfWrite, "cannot encode page " + std::to_string(i + 1) + "'s image");
                } else {
                    const std::vector<TakenLine> taken = linesToTake(alreadyRead, static_cast<int>(i));
                    if (!taken.empty()) {  // after the PDF image was encoded: that shows the page as scanned
                        std::vector<Rect> white;
                        for (const TakenLine& t : taken)
                            white.push_back(t.white);
                        whiteOut(pix, white);
                    }
                    setPagePix(api, pix);
                    r = recognizeSet(api, q, pix, 0, 0, started);
                    if (r)
                        log::debug(kLog, "recognised page " + std::to_string(i + 1) + ", " + std::to_string(page.width) + "x" +
                                             std::to_string(page.height) + " (" + std::to_string(r->readingDpi) + " dpi, " +
                                             std::to_string(r->words.size()) + " words, " + std::to_string(taken.size()) +
                                             " lines whited out) in " + std::to_string(static_cast<int>(r->seconds * 1000)) + " ms");
                    if (r && !taken.empty())
                        *r = withLinesTaken(std::move(*r), alreadyRead, taken);
                }
            } catch (const std::exception& e) {
                r = fail(Errc::Recognition, e.what());
            }
        }
        api.Clear();
        std::lock_guard lock(mutex);
        if (!error) {
            if (!r) {
                error = r.error();
            } else {
                if (!pdfPath.empty()) {
                    if (!pdf)
                        pdf = std::make_unique<SearchablePdfWriter>(pdfPath, meta, std::string(api.GetDatapath()) + "/pdf.ttf");
                    if (auto added = pdf->addPage(static_cast<int>(i), *image, pages[i].dpi, *r); !added)
                        error = added.error();
                }
                results[i] = std::move(*r);
            }
        }
        settle();
    }

    void abandon()
    {
        std::lock_guard lock(mutex);
        if (!error)
            error = Error(Errc::Cancelled, "the OCR engine is shutting down");
        settle();
    }
};

} // namespace

void Engine::postDocument(std::vector<PageImage> pages, std::string pdfPath, DocumentMeta meta,
                          std::shared_ptr<std::atomic<bool>> cancel, std::vector<ReadRegion> alreadyRead,
                          std::function<void(Result<DocumentText>)> complete)
{
    if (pages.empty()) {
        complete(fail(Errc::InvalidInput, "a document needs at least one page"));
        return;
    }
    auto job = std::make_shared<DocumentJob>();
    job->pages = std::move(pages);
    job->pdfPath = std::move(pdfPath);
    job->meta = std::move(meta);
    job->cancel = std::move(cancel);
    job->alreadyRead = std::move(alreadyRead);
    job->results.resize(job->pages.size());
    job->complete = [complete = std::move(complete)](Result<DocumentText> r) {
        if (!r)
            log::warning(kLog, r.error().toString());
        complete(std::move(r));
    };
    // Bigger pages first (a 300 dpi page among 200 dpi ones, an A3 annex): the last page to finish
    // is then a small one and the workers end together. Page order in the PDF is not affected.
    std::vector<size_t> order(job->pages.size());
    std::iota(order.begin(), order.end(), size_t{0});
    const auto pixels = [&](size_t i) { return static_cast<long>(job->pages[i].width) * job->pages[i].height; };
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pixels(a) > pixels(b); });
    std::vector<Task> tasks;
    for (size_t i : order)
        tasks.push_back(Task{[job, i](tesseract::TessBaseAPI& api) { job->runPage(i, api); }, [job] { job->abandon(); }});
    postAll(std::move(tasks));
}

std::future<Result<DocumentText>> Engine::recognizeDocument(std::vector<PageImage> pages, std::string pdfPath, DocumentMeta meta,
                                                            std::shared_ptr<std::atomic<bool>> cancel,
                                                            std::vector<ReadRegion> alreadyRead)
{
    auto promise = std::make_shared<std::promise<Result<DocumentText>>>();
    auto future = promise->get_future();
    postDocument(std::move(pages), std::move(pdfPath), std::move(meta), std::move(cancel), std::move(alreadyRead),
                 [promise](Result<DocumentText> r) { promise->set_value(std::move(r)); });
    return future;
}

std::future<Result<std::string>> Engine::writeSearchablePdf(std::vector<PageImage> pages, std::string path, DocumentMeta meta)
{
    auto promise = std::make_shared<std::promise<Result<std::string>>>();
    auto future = promise->get_future();
    if (pages.empty()) {
        promise->set_value(fail(Errc::InvalidInput, "a searchable PDF needs at least one page"));
        return future;
    }
    postDocument(std::move(pages), std::move(path), std::move(meta), nullptr, {}, [promise](Result<DocumentText> r) {
        if (r)
            promise->set_value(r->pdfPath);
        else
            promise->set_value(std::unexpected(r.error()));
    });
    return future;
}

long Engine::recognitions() const { return d->recognitions.load(); }

long openMpRegionsRunInline() { return detail::openMpRegionsRunInline(); }

} // namespace vanthu::ocr
