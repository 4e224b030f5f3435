// The incoming flow (issue #7 item 1).
#include "vanthu/workflow/Incoming.h"

#include "Archive_p.h"
#include "Fields_p.h"
#include "PdfPages_p.h"
#include "Scan_p.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Import.h"
#include "vanthu/capture/Job.h"
#include "vanthu/core/Hash.h"
#include "vanthu/core/Log.h"
#include "vanthu/ocr/Reader.h"
#include "vanthu/signing/Sign.h"
#include "vanthu/signing/Stamp.h"
#include "vanthu/signing/Verify.h"
#include "vanthu/uplink/Edxml.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

namespace vanthu::workflow {

namespace detail {

// IncomingDraft::fullText: the full text of a draft's pages as they were when it was started.
struct FullText {
    std::vector<PageImage> pages;   // the pages recognised (pixel buffers are immutable and shared,
                                    // so holding them keeps their identity)
    std::string pdfPath;            // the searchable PDF, in the job folder
    std::shared_future<Result<ocr::DocumentText>> text;
    // The signer and "Nơi nhận" (an Extraction holding only them), read from `text` on the station's
    // background thread once it is done, or from the pages when it failed.
    std::shared_future<Result<ocr::Extraction>> closing;
    // Set when the last copy of the draft is gone (discarded, or a reread of changed pages started
    // another): the engine stops the pages nobody will use.
    std::shared_ptr<std::atomic<bool>> cancel = std::make_shared<std::atomic<bool>>(false);

    FullText() = default;
    FullText(const FullText&) = delete;
    FullText& operator=(const FullText&) = delete;
    ~FullText() { cancel->store(true); }
};

} // namespace detail

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kLog = "vanthu.workflow";

void report(const ProgressFn& fn, Step step, int current, int total, std::string message = {})
{
    if (fn)
        fn(Progress{step, current, total, std::move(message), {}});
}

int priorityOf(Urgency u)
{
    switch (u) {
    case Urgency::None: return 0;
    case Urgency::Khan: return 1;
    case Urgency::ThuongKhan: return 2;
    case Urgency::HoaToc: return 3;
    }
    return 0;
}

void reportPage(const ProgressFn& fn, Step step, int current, int total, std::string pageFile)
{
    if (fn)
        fn(Progress{step, current, total, {}, std::move(pageFile)});
}

// Cleans pages and writes them to the job folder; the cleaned pages come back in order. The raw
// pages are written too unless the scanner already wrote them while scanning (`rawWritten`).
Result<std::vector<PageImage>> cleanPages(capture::JobFolder& job, const std::vector<PageImage>& raw, int firstIndex,
                                          std::vector<std::string>& files, std::vector<PageFlags>& flags,
                                          bool rawWritten, const ProgressFn& progress, const CancelFlag& cancel)
{
    std::vector<PageImage> out;
    for (size_t i = 0; i < raw.size(); ++i) {
        if (cancelled(cancel))
            return fail(Errc::Cancelled, "cancelled during cleanup");
        const int index = firstIndex + static_cast<int>(i);
        // The raw page is written while the page is cleaned: encoding the PNG and the cleanup each
        // keep one core busy. Both are done before the page is reported.
        std::future<Result<std::string>> rawFile;
        if (!rawWritten)
            rawFile = std::async(std::launch::async, [&job, index, &page = raw[i]] { return job.writePage(index, "raw", page); });
        auto c = capture::cleanPage(raw[i]);
        if (rawFile.valid())
            if (auto w = rawFile.get(); !w)
                return std::unexpected(w.error());
        PageImage page = raw[i];
        std::map<std::string, std::string> facts;
        PageFlags flag;
        if (c) {
            page = c->page;
            flag.blank = c->blank.blank;
            flag.blankScore = c->blank.score;
            facts = {{"rotation", std::to_string(c->rotationDeg)},
                     {"skew", std::to_string(c->skewDeg)},
                     {"blank", c->blank.blank ? "yes" : "no"},
                     {"blank_score", std::to_string(c->blank.score)}};
        } else {
            facts = {{"cleanup_error", c.error().toString()}};
        }
        auto path = job.writePage(index, "clean", page);
        if (!path)
            return std::unexpected(path.error());
        (void)job.writeFacts(index, facts);
        reportPage(progress, Step::Cleanup, static_cast<int>(i) + 1, static_cast<int>(raw.size()), *path);
        files.push_back(*path);
        flags.push_back(flag);
        out.push_back(std::move(page));
    }
    return out;
}

std::string blankWarning(int blanks)
{
    return std::to_string(blanks) + " trang trắng (giữ lại, không tính) / blank page(s) kept, not counted";
}

// Page count and blank-page warning after the pages or their flags changed.
void recount(IncomingDraft& d)
{
    int blanks = 0;
    for (const auto& f : d.pageFlags)
        if (f.blank && !f.restored)
            ++blanks;
    std::erase_if(d.warnings, [](const std::string& w) { return w.ends_with("/ blank page(s) kept, not counted"); });
    if (blanks > 0)
        d.warnings.push_back(blankWarning(blanks));
    const bool clerkCount = std::any_of(d.fields.begin(), d.fields.end(),
                                        [](const ReviewField& f) { return f.name == "page_count" && f.corrected; });
    if (!clerkCount) {
        const int content = static_cast<int>(d.pages.size()) - blanks;
        d.meta.pageCount = content > 0 ? content : static_cast<int>(d.pages.size());
        auto src = detail::sourcesOf(d.fields);
        auto corrected = d.fields;
        d.fields = detail::reviewFields(d.meta, src, d.recipientUnit, d.note);
        for (size_t i = 0; i < d.fields.size() && i < corrected.size(); ++i)
            d.fields[i].corrected = corrected[i].corrected;
    }
}

std::vector<bool> blankMask(const IncomingDraft& d)
{
    std::vector<bool> b;
    for (const auto& f : d.pageFlags)
        b.push_back(f.blank && !f.restored);
    return b;
}

// Page-count check (NĐ 30 Phụ lục I: pages from the second on carry their number centred at the
// top): the number printed on each content page is read from the top band and compared with the
// page's position; a missing page or a page out of order becomes a warning for the clerk.
void checkPageNumbers(ocr::Engine& engine, IncomingDraft& d, const std::vector<bool>& blank)
{
    std::vector<std::pair<int, std::future<Result<ocr::OcrResult>>>> reads;
    int position = 0;
    for (size_t i = 0; i < d.pages.size(); ++i) {
        if (i < blank.size() && blank[i])
            continue;
        ++position;
        if (position < 2)
            continue;
        const PageImage& p = d.pages[i];
        ocr::Request rq;
        rq.page = p;
        rq.region = ocr::Rect{p.width * 2 / 5, 0, p.width / 5, p.height / 10};
        rq.layout = ocr::Layout::SingleBlock;
        reads.emplace_back(position, engine.recognize(std::move(rq)));
    }
    int highest = 0;
    for (auto& [pos, fut] : reads) {
        auto r = fut.get();
        if (!r)
            continue;
        std::string digits;
        for (char c : r->text)
            if (c >= '0' && c <= '9')
                digits += c;
            else if (!digits.empty())
                break;
        if (digits.empty() || digits.size() > 3)
            continue;
        const int printed = std::stoi(digits);
        highest = std::max(highest, printed);
        if (printed != pos)
            d.warnings.push_back("Trang thứ " + std::to_string(pos) + " in số trang " + std::to_string(printed) +
                                 ": thiếu hoặc lộn trang? / page " + std::to_string(pos) + " is numbered " +
                                 std::to_string(printed) + ": missing or misordered page?");
    }
    if (highest > 0)
        d.printedPageCount = highest;
}

// True when `now` are the pages `then` were: the same pixel buffers (PageImage's are immutable and
// shared by copies) with the same geometry. A page turned, deleted, moved or split off differs.
bool samePages(const std::vector<PageImage>& then, const std::vector<PageImage>& now)
{
    return std::equal(then.begin(), then.end(), now.begin(), now.end(), [](const PageImage& a, const PageImage& b) {
        return a.pixels == b.pixels && a.width == b.width && a.height == b.height && a.format == b.format &&
               a.stride == b.stride && a.dpi == b.dpi;
    });
}

// A scan or image-only file gets a full text and searchable PDF, read while the clerk reviews;
// born-digital and signed arrivals keep their own bytes.
bool readsFullText(const IncomingDraft& d)
{
    return !d.bornDigital && d.signatures.empty() && !d.pages.empty() && !d.jobDir.empty();
}

// The fields read from the last page's closing, pending in a draft until they are read (before
// its full text when the ink places them, else from that text).
constexpr std::string_view kClosingFields[] = {"signer_authority", "signer_position", "signer_name", "recipients"};

// What a draft's reading settles with when the draft was dropped or the station closed first.
std::unexpected<Error> dropped(const std::string& what)
{
    return fail(Errc::Cancelled, "the draft was dropped before its " + what + " was read");
}

// Waits for a draft's full text, then reads its closing from it (from the pages when the text
// failed) into `x` and settles `done` with it, on every way out (the station closing or the draft
// dropped meanwhile: Cancelled).
void readClosingAfterText(ocr::Engine& engine, const std::atomic<bool>& stopping, const std::atomic<bool>& cancel,
                          const std::shared_future<Result<ocr::DocumentText>>& textDone,
                          const std::vector<PageImage>& pages, ocr::Extraction& x,
                          std::promise<Result<ocr::Extraction>>& done)
{
    for (;;) {
        if (stopping || cancel.load()) {
            done.set_value(dropped("closing"));
            return;
        }
        if (textDone.wait_for(std::chrono::milliseconds(50)) == std::future_status::ready)
            break;
    }
    Result<ocr::Extraction> result = fail(Errc::Internal, "the closing was not read");
    try {
        const auto& t = textDone.get();
        if (!t && t.error().kind() == ErrorKind::Cancelled) {
            result = std::unexpected(t.error());
        } else {
            if (!t)
                log::warning(kLog, "full text failed (" + t.error().toString() + "), closing read from the pages");
            ocr::Reader reader(engine);
            auto read = t ? reader.readClosing(pages, *t, x) : reader.readClosing(pages, x);
            if (read)
                result = std::move(x);
            else
                result = std::unexpected(read.error());
        }
    } catch (const std::exception& e) {
        result = fail(Errc::Internal, std::string("reading the closing failed: ") + e.what());
    }
    done.set_value(std::move(result));
}

// Starts, on the station's reading lane, the reading of the draft's closing and its full text
// and searchable PDF. Called once the header fields are read, so the clerk has them before any of
// this. The closing is read first where the ink places it (Reader::readClosingFirst: a few regions,
// which the engine reads ahead of document pages), and the full text then takes its lines and the
// header's as read; when the ink places none, the closing is read from the full text once that is
// done, by a job on the station's waiting lane (this lane goes on with the next draft meanwhile).
// Both results are settled on every way out.
void startFullText(Station& station, ocr::Engine& engine, IncomingDraft& d, int page1Turn,
                   std::vector<ocr::ReadRegion> headerRead)
{
    if (d.fullText && samePages(d.fullText->pages, d.pages))
        return;  // a reread of the same pages
    auto ft = std::make_shared<detail::FullText>();
    ft->pages = d.pages;
    // A name of its own: a reread after the pages changed starts another while this one may run.
    ft->pdfPath = d.jobDir + "/searchable-" + hash::randomHex(6) + ".pdf";
    auto text = std::make_shared<std::promise<Result<ocr::DocumentText>>>();
    ft->text = text->get_future().share();
    auto done = std::make_shared<std::promise<Result<ocr::Extraction>>>();
    ft->closing = done->get_future().share();
    // The job holds what it reads, not the FullText: dropping the last draft copy cancels both.
    station.background([&station, &engine, done, text, textDone = ft->text, pages = d.pages, page1Turn,
                        pdfPath = ft->pdfPath, meta = d.meta, headerRead = std::move(headerRead),
                        cancel = ft->cancel](const std::atomic<bool>& stopping) mutable {
        if (stopping || cancel->load()) {
            text->set_value(dropped("full text"));
            done->set_value(dropped("closing"));
            return;
        }
        ocr::Reader reader(engine);
        ocr::Extraction x;
        x.page1Turn = page1Turn;
        x.headerRead = std::move(headerRead);
        bool closed = false;
        try {
            auto first = reader.readClosingFirst(pages, x);
            if (!first)
                log::warning(kLog, "closing not read before the full text: " + first.error().toString());
            closed = first && *first;
        } catch (const std::exception& e) {
            log::warning(kLog, std::string("closing not read before the full text: ") + e.what());
        }
        std::vector<ocr::ReadRegion> regions = x.regionsRead();
        x.closingRead.clear();
        x.headerRead.clear();
        if (stopping || cancel->load()) {  // the station closes or the draft went meanwhile
            text->set_value(dropped("full text"));
            done->set_value(closed ? Result<ocr::Extraction>(std::move(x)) : dropped("closing"));
            return;
        }
        // The regions read (the header's lines, the closing's) are not read again: the pages are
        // those they were read from.
        engine.postDocument(pages, pdfPath, meta, cancel, std::move(regions),
                            [text](Result<ocr::DocumentText> r) { text->set_value(std::move(r)); });
        if (closed) {
            done->set_value(std::move(x));
            return;
        }
        // The closing is read from the full text once it is done, on the waiting lane: the next
        // draft's closing and full text are not held up meanwhile.
        station.background(
            [&engine, done, textDone, pages = std::move(pages), x = std::move(x), cancel](const std::atomic<bool>& stationClosing) mutable {
                readClosingAfterText(engine, stationClosing, *cancel, textDone, pages, x, *done);
            },
            Station::Lane::Waiting);
    });
    d.fullText = std::move(ft);
}

// Puts the draft's closing, read from its full text, into the fields still pending.
void mergeClosing(IncomingDraft& d)
{
    auto src = detail::sourcesOf(d.fields);
    std::set<std::string> corrected;
    for (const auto& f : d.fields)
        if (f.corrected)
            corrected.insert(f.name);
    const auto& ft = d.fullText;
    if (!ft || !ft->closing.valid()) {
        // nothing was started (the pending flags came with a draft put together by hand)
    } else if (const auto& late = ft->closing.get(); late) {
        auto from = detail::sources(*late);
        // Regions point into the pages the full text read; pages turned, moved or deleted since
        // make them point elsewhere, so they are dropped then (the values stand).
        const bool samePagesNow = samePages(ft->pages, d.pages);
        for (std::string_view name : kClosingFields) {
            const std::string n(name);
            if (corrected.contains(n))
                continue;
            if (n == "signer_authority")
                d.meta.signer.authority = late->meta.signer.authority;
            else if (n == "signer_position")
                d.meta.signer.position = late->meta.signer.position;
            else if (n == "signer_name")
                d.meta.signer.fullName = late->meta.signer.fullName;
            else
                d.meta.recipients = late->meta.recipients;
            src[n] = from.contains(n) ? from[n] : detail::FieldSource{};
            if (!samePagesNow) {
                src[n].page = -1;
                src[n].region.reset();
            }
        }
        for (const auto& w : late->warnings)
            d.warnings.push_back(detail::bilingualWarning(w));
    } else {
        d.warnings.push_back("Không đọc được người ký, nơi nhận / signer and recipients could not be read: " +
                             late.error().toString());
    }
    for (auto& [name, source] : src)
        source.pending = false;
    d.fields = detail::reviewFields(d.meta, src, d.recipientUnit, d.note);
    for (auto& f : d.fields)
        f.corrected = corrected.contains(f.name);
}

// Header-first extraction of one document into a draft. A scan's closing follows from its full
// text (pending fields); other documents are read whole here.
Status extractInto(Station& station, IncomingDraft& d, const ProgressFn& progress)
{
    report(progress, Step::Extract, 1, 1, "Đọc thông tin văn bản / reading the header");
    auto engine = station.ocrEngine();
    if (!engine)
        return std::unexpected(engine.error());
    ocr::Reader reader(**engine);
    const bool late = readsFullText(d);
    auto x = late ? reader.readFields(d.pages) : detail::readFields(reader, d.bornDigital, d.originalFile, d.pages);
    if (!x)
        return std::unexpected(x.error());
    d.meta = x->meta;
    for (const auto& w : x->warnings)
        d.warnings.push_back(detail::bilingualWarning(w));
    auto src = detail::sources(*x);
    if (late)
        for (std::string_view name : kClosingFields)
            src[std::string(name)].pending = true;
    d.fields = detail::reviewFields(d.meta, src, d.recipientUnit, d.note);
    recount(d);
    checkPageNumbers(**engine, d, blankMask(d));
    if (late) {
        startFullText(station, **engine, d, x->page1Turn, std::move(x->headerRead));
        takeLateFields(d);   // a reread of the same pages: the closing may be there already
    }
    return {};
}

std::string hex(std::string_view bytes) { return hash::sha256Hex(bytes); }

// The searchable PDF of the reviewed draft at `path`: the one capture() started, relabelled with the
// reviewed fields, when the pages are still those it read; otherwise (pages changed, or that one
// failed) the pages recognised again. Cancelled while waiting; ocr and Io errors.
Result<std::string> searchablePdf(Station& station, const IncomingDraft& draft, const std::string& path,
                                  const CancelFlag& cancel)
{
    if (const auto& ft = draft.fullText; ft && samePages(ft->pages, draft.pages)) {
        while (ft->text.wait_for(std::chrono::milliseconds(100)) != std::future_status::ready)
            if (cancelled(cancel))
                return fail(Errc::Cancelled, "cancelled while the full text was read");
        if (const auto& text = ft->text.get(); !text) {
            log::warning(kLog, "full text read at capture failed, reading again: " + text.error().toString());
        } else if (auto bytes = detail::readFile(text->pdfPath); !bytes) {
            log::warning(kLog, bytes.error().toString() + ", reading the pages again");
        } else if (auto relabelled = ocr::relabelSearchablePdf(std::move(*bytes), draft.meta); !relabelled) {
            log::warning(kLog, relabelled.error().toString() + ", reading the pages again");
        } else {
            if (auto w = detail::writeFileAtomic(path, *relabelled); !w)
                return std::unexpected(w.error());
            return path;
        }
    }
    auto engine = station.ocrEngine();
    if (!engine)
        return std::unexpected(engine.error());
    return (*engine)->writeSearchablePdf(draft.pages, path, draft.meta).get();
}

} // namespace

namespace {

// True when a started reading has its result (not blocking); one never started counts as done.
template <class T>
bool done(const std::shared_future<T>& f)
{
    return !f.valid() || f.wait_for(std::chrono::seconds(0)) == std::future_status::ready;
}

} // namespace

bool fullTextReady(const IncomingDraft& draft)
{
    const auto& ft = draft.fullText;
    return !ft || (done(ft->text) && done(ft->closing));
}

bool takeLateFields(IncomingDraft& draft)
{
    if (std::none_of(draft.fields.begin(), draft.fields.end(), [](const ReviewField& f) { return f.pending; }))
        return true;
    if (draft.fullText && !done(draft.fullText->closing))
        return false;
    mergeClosing(draft);
    return true;
}

Status awaitLateFields(IncomingDraft& draft, const CancelFlag& cancel)
{
    while (!takeLateFields(draft)) {
        if (cancelled(cancel))
            return fail(Errc::Cancelled, "cancelled while the signer and recipients were read");
        draft.fullText->closing.wait_for(std::chrono::milliseconds(100));
    }
    return {};
}

Status applyCorrection(IncomingDraft& draft, std::string_view field, std::string_view value)
{
    if (field == "document_id") {
        draft.documentId = std::string(value);
        return {};
    }
    if (auto s = detail::setField(draft.meta, draft.recipientUnit, draft.note, field, value); !s)
        return s;
    // Keep the confidences of untouched fields; the corrected one is the clerk's word (its region
    // still shows where the reading was).
    auto conf = detail::sourcesOf(draft.fields);
    std::set<std::string> corrected;
    for (const auto& f : draft.fields)
        if (f.corrected)
            corrected.insert(f.name);
    std::string name(field == "date" ? "issued_date" : field == "pages" ? "page_count" : field);
    conf[name].confidence = 100;
    conf[name].pending = false;   // the clerk's value stands; the late reading will not replace it
    corrected.insert(name);
    draft.fields = detail::reviewFields(draft.meta, conf, draft.recipientUnit, draft.note);
    for (auto& f : draft.fields)
        if (corrected.contains(f.name)) {
            f.corrected = true;
            f.confidence = 100;
        }
    return {};
}

Status applyCorrection(IncomingDraft& draft, std::string_view assignment)
{
    auto kv = detail::splitAssignment(assignment);
    if (!kv)
        return std::unexpected(kv.error());
    return applyCorrection(draft, kv->first, kv->second);
}

void refreshFields(IncomingDraft& draft)
{
    auto corrected = draft.fields;
    draft.fields = detail::reviewFields(draft.meta, detail::sourcesOf(draft.fields), draft.recipientUnit, draft.note);
    for (size_t i = 0; i < draft.fields.size() && i < corrected.size(); ++i)
        draft.fields[i].corrected = corrected[i].corrected;
}

namespace {

Status checkIndex(const IncomingDraft& d, int index)
{
    if (index < 0 || index >= static_cast<int>(d.pages.size()))
        return fail(Errc::InvalidInput, "no page " + std::to_string(index + 1) + " (the draft has " +
                                            std::to_string(d.pages.size()) + ")");
    if (d.pageFlags.size() != d.pages.size() || d.pageFiles.size() != d.pages.size())
        return fail(Errc::InvalidInput, "the draft's pages, files and flags are out of step");
    return {};
}

} // namespace

std::vector<int> blankPages(const IncomingDraft& draft)
{
    std::vector<int> out;
    for (size_t i = 0; i < draft.pageFlags.size(); ++i)
        if (draft.pageFlags[i].blank && !draft.pageFlags[i].restored)
            out.push_back(static_cast<int>(i));
    return out;
}

Status restoreBlankPage(IncomingDraft& draft, int index)
{
    if (auto s = checkIndex(draft, index); !s)
        return s;
    auto& f = draft.pageFlags[static_cast<size_t>(index)];
    if (!f.blank || f.restored)
        return fail(Errc::InvalidInput, "page " + std::to_string(index + 1) + " is not flagged blank");
    f.restored = true;
    recount(draft);
    return {};
}

Status markPageBlank(IncomingDraft& draft, int index)
{
    if (auto s = checkIndex(draft, index); !s)
        return s;
    auto& f = draft.pageFlags[static_cast<size_t>(index)];
    f.blank = true;
    f.restored = false;
    recount(draft);
    return {};
}

Status deletePage(IncomingDraft& draft, int index)
{
    if (auto s = checkIndex(draft, index); !s)
        return s;
    if (draft.pages.size() == 1)
        return fail(Errc::InvalidInput, "the only page of a document cannot be deleted");
    const auto at = static_cast<size_t>(index);
    draft.pages.erase(draft.pages.begin() + static_cast<std::ptrdiff_t>(at));
    draft.pageFiles.erase(draft.pageFiles.begin() + static_cast<std::ptrdiff_t>(at));
    draft.pageFlags.erase(draft.pageFlags.begin() + static_cast<std::ptrdiff_t>(at));
    for (auto& f : draft.fields) {
        if (f.page == index) {
            f.page = -1;
            f.region.reset();
        } else if (f.page > index) {
            --f.page;
        }
    }
    recount(draft);
    return {};
}

Status rotatePage(IncomingDraft& draft, int index, int clockwiseDeg)
{
    if (auto s = checkIndex(draft, index); !s)
        return s;
    if (clockwiseDeg != 90 && clockwiseDeg != 180 && clockwiseDeg != 270)
        return fail(Errc::InvalidInput, "a page turns by 90, 180 or 270 degrees, not " + std::to_string(clockwiseDeg));
    const auto at = static_cast<size_t>(index);
    PageImage turned = ocr::rotated(draft.pages[at], clockwiseDeg);
    // A new file beside the old one: the job folder keeps every stage of a page.
    fs::path old(draft.pageFiles[at]);
    std::string stem = old.stem().string();   // "0001.clean" or "0001.clean.r90"
    const std::string path = (old.parent_path() / (stem + ".r" + std::to_string(clockwiseDeg) + ".png")).string();
    if (auto w = capture::writePng(turned, path); !w)
        return fail(Errc::Io, "cannot write the turned page: " + w.error().toString());
    draft.pages[at] = std::move(turned);
    draft.pageFiles[at] = path;
    for (auto& f : draft.fields)
        if (f.page == index)
            f.region.reset();
    return {};
}

Status movePage(IncomingDraft& draft, int from, int to)
{
    if (auto s = checkIndex(draft, from); !s)
        return s;
    if (auto s = checkIndex(draft, to); !s)
        return s;
    if (from == to)
        return {};
    auto shift = [&](auto& v) {
        auto item = std::move(v[static_cast<size_t>(from)]);
        v.erase(v.begin() + from);
        v.insert(v.begin() + to, std::move(item));
    };
    shift(draft.pages);
    shift(draft.pageFiles);
    shift(draft.pageFlags);
    for (auto& f : draft.fields) {
        if (f.page < 0)
            continue;
        if (f.page == from)
            f.page = to;
        else if (from < to && f.page > from && f.page <= to)
            --f.page;
        else if (from > to && f.page >= to && f.page < from)
            ++f.page;
    }
    recount(draft);
    return {};
}

IncomingFlow::IncomingFlow(Station& station, std::string actor) : m_station(station), m_actor(std::move(actor)) {}

Status IncomingFlow::reread(IncomingDraft& draft, const ProgressFn& progress)
{
    if (draft.pages.empty())
        return fail(Errc::InvalidInput, "the draft has no pages");
    std::vector<std::pair<std::string, std::string>> clerk;
    for (const auto& f : draft.fields)
        if (f.corrected)
            clerk.emplace_back(f.name, f.value);
    // Warnings of the old reading go; those about the arriving file's signatures and secrecy stay.
    IncomingDraft fresh = draft;
    fresh.warnings.clear();
    for (const auto& s : draft.signatures)
        if (!s.valid)
            fresh.warnings.push_back("Chữ ký không hợp lệ / invalid signature: " + s.signer);
    fresh.printedPageCount.reset();
    if (auto s = extractInto(m_station, fresh, progress); !s)
        return s;
    for (const auto& [name, value] : clerk)
        if (auto s = applyCorrection(fresh, name, value); !s)
            return s;
    if (isSecret(fresh.meta.secrecy))
        fresh.warnings.push_back("VĂN BẢN MẬT: vào sổ mật, không gửi ra ngoài trạm / SECRET: secret book, never sent");
    draft = std::move(fresh);
    return {};
}

Result<std::vector<IncomingDraft>> IncomingFlow::capture(const IntakeSource& source, const ProgressFn& progress,
                                                         const CancelFlag& cancel)
{
    std::vector<IncomingDraft> drafts;
    if (source.kind == IntakeSource::Kind::Files) {
        if (source.files.empty())
            return fail(Errc::InvalidInput, "no files given");
        int n = 0;
        for (const auto& file : source.files) {
            ++n;
            if (cancelled(cancel))
                return fail(Errc::Cancelled, "cancelled");
            report(progress, Step::Import, n, static_cast<int>(source.files.size()), file);
            auto job = capture::JobFolder::create(m_station.paths().jobsDir, {{"source", "file"}, {"file", file}});
            if (!job)
                return std::unexpected(job.error());
            auto kept = job->keepOriginal(file);
            if (!kept)
                return std::unexpected(kept.error());
            capture::ImportOptions io;
            io.dpi = source.importDpi;
            // A grey or 1-bit scan comes as Gray8 (capture::importFile): a third of the bytes for
            // every later step, the raw PNG included.
            auto imported = capture::importFile(*kept, io);
            if (!imported)
                return std::unexpected(imported.error());
            IncomingDraft d;
            d.jobDir = job->dir();
            d.originalFile = *kept;
            d.originalSha256 = imported->sha256;
            d.bornDigital = imported->hasTextLayer;
            if (imported->hasSignature) {
                report(progress, Step::Verify, 1, 1, "Kiểm tra chữ ký số / verifying signatures");
                signing::VerifyOptions vo;
                vo.trustAnchors = m_station.keys().trustAnchors;
                vo.checkRevocation = false;
                auto reports = signing::verifyPdf(*kept, vo);
                if (!reports) {
                    d.signatures.push_back({"", false, reports.error().toString()});
                    d.warnings.push_back("Không kiểm tra được chữ ký / signatures could not be checked: " +
                                         reports.error().toString());
                } else {
                    for (const auto& r : *reports) {
                        d.signatures.push_back({r.signerName, r.valid(), signing::describe(r)});
                        if (!r.valid())
                            d.warnings.push_back("Chữ ký không hợp lệ / invalid signature: " + r.signerName);
                    }
                }
            }
            auto pages = cleanPages(*job, imported->pages, 1, d.pageFiles, d.pageFlags, false, progress, cancel);
            if (!pages)
                return std::unexpected(pages.error());
            d.pages = std::move(*pages);
            if (auto s = extractInto(m_station, d, progress); !s)
                return std::unexpected(s.error());
            drafts.push_back(std::move(d));
        }
    } else {
        auto device = detail::scannerFor(m_station, source);
        if (!device)
            return std::unexpected(device.error());
        auto job = capture::JobFolder::create(m_station.paths().jobsDir, {{"source", "scanner"}, {"device", *device}});
        if (!job)
            return std::unexpected(job.error());
        auto scanned = detail::scanInto(*device, source.scan, *job, progress, cancel);
        if (!scanned)
            return std::unexpected(scanned.error());
        const std::vector<PageImage>& raw = *scanned;
        std::vector<std::string> files;
        std::vector<PageFlags> flags;
        auto pages = cleanPages(*job, raw, 1, files, flags, true, progress, cancel);
        if (!pages)
            return std::unexpected(pages.error());
        report(progress, Step::Separate, 1, 1);
        std::vector<capture::PageMarks> marks;
        for (const auto& p : *pages)
            marks.push_back(capture::analysePage(p));
        const auto groups = capture::separate(marks, source.separation);
        int docNo = 0;
        for (const auto& g : groups) {
            if (g.empty())
                continue;
            ++docNo;
            IncomingDraft d;
            d.jobDir = job->dir();
            for (int i : g) {
                d.pages.push_back((*pages)[static_cast<size_t>(i)]);
                d.pageFiles.push_back(files[static_cast<size_t>(i)]);
                d.pageFlags.push_back(flags[static_cast<size_t>(i)]);
            }
            d.originalSha256 = hex(job->id() + "#" + std::to_string(docNo));
            if (auto s = extractInto(m_station, d, progress); !s)
                return std::unexpected(s.error());
            drafts.push_back(std::move(d));
        }
    }
    for (auto& d : drafts) {
        auto m = findMatches(d);
        if (m)
            d.duplicates = *m;
        if (isSecret(d.meta.secrecy))
            d.warnings.push_back("VĂN BẢN MẬT: vào sổ mật, không gửi ra ngoài trạm / SECRET: secret book, never sent");
    }
    return drafts;
}

std::future<Result<std::vector<IncomingDraft>>> IncomingFlow::captureAsync(IntakeSource source, ProgressFn progress,
                                                                           CancelFlag cancel)
{
    return std::async(std::launch::async, [this, source = std::move(source), progress = std::move(progress),
                                           cancel = std::move(cancel)] { return capture(source, progress, cancel); });
}

Result<std::vector<reg::DuplicateMatch>> IncomingFlow::findMatches(const IncomingDraft& draft)
{
    auto reg = reg::Register::open(m_station.paths().database,
                                   reg::OpenOptions{.accounts = m_station.config().accounts,
                                                    .numbering = m_station.config().numbering});
    if (!reg)
        return std::unexpected(reg.error());
    if (draft.meta.numberSymbol.symbol.empty() && draft.documentId.empty())
        return std::vector<reg::DuplicateMatch>{};
    return reg->findDuplicates(draft.meta, draft.documentId);
}

Result<IncomingResult> IncomingFlow::commit(const IncomingDraft& reviewed, const CommitOptions& options,
                                            const ProgressFn& progress, const CancelFlag& cancel)
{
    const Station& st = m_station;
    // The signer and recipients of a scan come with its full text; a commit before they arrived
    // waits for them (the clerk's corrections stay).
    IncomingDraft draft = reviewed;
    if (!takeLateFields(draft)) {
        report(progress, Step::Extract, 1, 1, "Đọc người ký, nơi nhận / reading the signer and recipients");
        if (auto s = awaitLateFields(draft, cancel); !s)
            return std::unexpected(s.error());
    }
    for (const auto& f : draft.fields)
        if (f.required && f.value.empty())
            return fail(Errc::NeedsReview, "field '" + f.name + "' is empty (" + f.label + ")");
    for (const auto& s : draft.signatures)
        if (!s.valid)
            return fail(Errc::SignatureInvalid, "the arriving PDF's signature does not verify: " + s.signer + "\n" +
                                                    s.description);
    if (cancelled(cancel))
        return fail(Errc::Cancelled, "cancelled before registration");

    auto regOpen = reg::Register::open(st.paths().database, reg::OpenOptions{.accounts = st.config().accounts,
                                                                            .numbering = st.config().numbering});
    if (!regOpen)
        return std::unexpected(regOpen.error());
    reg::Register& reg = *regOpen;
    IncomingResult result;

    // Paper copy of a document already registered (e.g. received electronically): link, no number.
    report(progress, Step::Match, 1, 1);
    auto dups = reg.findDuplicates(draft.meta, draft.documentId);
    if (!dups)
        return std::unexpected(dups.error());
    const auto& cal = st.calendar();
    const auto received = options.receivedAt.value_or(vntime::now());

    // The document as a PDF: the arriving file itself, or the scanned pages.
    auto pending = detail::pendingDir(st.paths().archiveDir);
    if (!pending)
        return std::unexpected(pending.error());
    std::string ext = fs::path(draft.originalFile).extension().string();
    const bool pdfArrived = !draft.originalFile.empty() && (ext == ".pdf" || ext == ".PDF");
    std::string original = *pending + "/original" + (draft.originalFile.empty() ? ".pdf" : ext);
    if (!draft.originalFile.empty()) {
        if (auto c = detail::copyFile(draft.originalFile, original); !c)
            return std::unexpected(c.error());
    }
    std::string basePdf = original;
    if (!pdfArrived) {
        basePdf = draft.originalFile.empty() ? original : *pending + "/scan.pdf";
        if (auto w = detail::writeImagePdf(draft.pages, basePdf, draft.meta.subject); !w)
            return std::unexpected(w.error());
    }
    auto originalBytes = detail::readFile(draft.originalFile.empty() ? basePdf : draft.originalFile);
    if (!originalBytes)
        return std::unexpected(originalBytes.error());
    const std::string sha = hex(*originalBytes);

    if (!dups->empty()) {
        const auto& m = dups->front();
        auto rec = reg.incoming(m.id);
        if (!rec)
            return std::unexpected(rec.error());
        result.record = *rec;
        result.record.created = false;
        result.matchedExisting = true;
        const std::string target = st.paths().archiveDir + "/" + std::to_string(rec->year) + "/in-" +
                                   std::string(reg::toString(rec->book)) + "-" + std::to_string(rec->arrivalNumber) +
                                   "/paper-" + sha.substr(0, 12);
        auto dir = detail::publishDir(*pending, target);
        if (!dir)
            return std::unexpected(dir.error());
        result.archiveDir = *dir;
        result.originalPath = *dir + "/" + fs::path(original).filename().string();
        if (auto a = reg.audit(m_actor, "incoming.paper-linked",
                               "incoming:" + std::string(reg::toString(rec->book)) + "/" + std::to_string(rec->year) + "/" + std::to_string(rec->arrivalNumber),
                               "paper copy sha256=" + sha + " linked, no new number (" +
                                   (m.reason == reg::DuplicateMatch::Reason::SameDocumentId ? "same DocumentId"
                                                                                           : "same number, symbol, issuer") +
                                   ")");
            !a)
            return std::unexpected(a.error());
        result.warnings.push_back("Đã có trong sổ (số đến " + std::to_string(rec->arrivalNumber) +
                                  "): bản giấy được liên kết, không cấp số mới / already registered: paper copy linked");
        report(progress, Step::Done, 1, 1);
        return result;
    }

    // Searchable PDF (ocr's PDF/A-2b writer: page images with an invisible text layer) for scans and
    // image-only files, read during the review and relabelled with the reviewed fields (see
    // searchablePdf); it becomes the base of the stamped and certified copies. A born-digital or
    // signed PDF keeps its own bytes as the base (its text is already there; its signatures must
    // stay intact).
    bool searchable = false;
    if (!draft.bornDigital && draft.signatures.empty() && !draft.pages.empty()) {
        report(progress, Step::Searchable, 1, 1, "Tạo PDF tìm kiếm được / making the searchable PDF");
        auto written = searchablePdf(m_station, draft, *pending + "/searchable.pdf", cancel);
        if (written) {
            basePdf = *written;
            searchable = true;
        } else {
            result.warnings.push_back("Chưa tạo được PDF tìm kiếm được / no searchable PDF: " + written.error().toString());
        }
    }
    if (cancelled(cancel))
        return fail(Errc::Cancelled, "cancelled before registration");

    reg::IncomingRequest rq;
    rq.meta = draft.meta;
    rq.receivedAt = received;
    auto arrival = cal.arrivalTime(received);
    if (!arrival)
        return std::unexpected(arrival.error());
    rq.arrivalTime = *arrival;
    rq.channel = reg::Channel::Paper;
    rq.intakeKey = "paper:" + sha;
    rq.documentId = draft.documentId;
    rq.recipientUnit = draft.recipientUnit;
    rq.note = draft.note;
    rq.actor = m_actor;
    int days = options.deadlineWorkingDays;
    if (days <= 0) {
        if (auto s = st.setting("deadline_days"); !s.empty())
            days = std::atoi(s.c_str());
    }
    if (days <= 0 && draft.meta.urgency != Urgency::None)
        days = 1;   // NĐ 30 Điều 4: urgent documents are handled at once; at the latest the next working day
    if (days > 0) {
        auto due = cal.dueBy(*arrival, days);
        if (!due)
            return std::unexpected(due.error());
        rq.dueAt = *due;
    }

    const std::string stamped = *pending + "/stamped.pdf";
    const std::string certified = *pending + "/certified.pdf";
    // Stamp and certify for the number the document gets: made before the registration transaction
    // for the number the register gives next (redone when another registration took it), so that a
    // failure leaves no number behind and the write lock is not held while signing.
    auto produce = [&](const reg::IncomingRecord& r) -> Status {
        if (cancelled(cancel))
            return fail(Errc::Cancelled, "cancelled");
        std::string current = basePdf;
        if (options.stamp) {
            report(progress, Step::Stamp, 1, 1);
            signing::ArrivalStamp s;
            s.agencyName = st.config().agency.name;
            s.arrivalNumber = std::to_string(r.arrivalNumber);
            s.arrivedAt = r.arrivalTime;
            s.forwardedTo = r.recipientUnit;
            auto o = signing::stampArrival(current, stamped, s);
            if (!o)
                return std::unexpected(o.error());
            const std::string overlap = "Dấu ĐẾN đè lên chữ / the ĐẾN stamp overlaps text";
            if (o->coversInk && std::find(result.warnings.begin(), result.warnings.end(), overlap) == result.warnings.end())
                result.warnings.push_back(overlap);
            current = stamped;
        }
        if (options.certify) {
            report(progress, Step::Sign, 1, 1, "Sao y, ký số cơ quan / certified copy, agency signature");
            signing::SignRequest sr;
            sr.input = current;
            sr.output = certified;
            sr.key = signing::Pkcs12Key{st.keys().agencyP12, st.keys().agencyP12Password};
            std::vector<std::string> lines{"SAO Y", st.config().agency.name, vntime::toIso8601(vntime::now())};
            if (st.demo())
                lines.push_back("BẢN THỬ NGHIỆM / TEST");
            sr.cornerText = signing::CornerText{lines};
            sr.reason = "Sao y bản chính / certified copy";
            sr.location = st.config().agency.place;
            auto o = signing::signPdf(sr);
            if (!o)
                return std::unexpected(o.error());
        }
        return {};
    };
    auto packageFor = [&](const reg::IncomingRecord& r) -> Result<reg::OutboxEntry> {
        if (auto p = produce(r); !p)
            return std::unexpected(p.error());
        report(progress, Step::Package, 1, 1);
        uplink::DocumentPackage p;
        p.from = st.uplink().organization;
        p.to = {st.uplink().organization};   // the agency's own document-management system
        const auto date = r.meta.issuedDate.value_or(vntime::localDate(r.arrivalTime));
        p.codeNumber = r.meta.numberSymbol.number ? std::to_string(*r.meta.numberSymbol.number) : "0";
        if (r.meta.numberSymbol.number && r.meta.numberSymbol.year)
            p.codeNumber += "/" + std::to_string(*r.meta.numberSymbol.year);
        p.codeNotation = r.meta.numberSymbol.symbol;
        p.documentId = !r.documentId.empty()
                           ? r.documentId
                           : uplink::documentIdFor(st.config().agency.code, vntime::localDate(r.arrivalTime),
                                                   std::to_string(r.arrivalNumber), "ĐẾN-" + std::to_string(r.year));
        p.place = r.meta.place;
        p.promulgationDate = date;
        p.typeName = r.meta.type ? std::string(r.meta.type->name) : "Công văn";
        p.subject = r.meta.subject;
        p.content = "Văn bản đến số " + std::to_string(r.arrivalNumber) + ", ngày đến " +
                    vntime::toIso8601(r.arrivalTime) + "; cơ quan ban hành: " + r.meta.issuer;
        p.signerCompetence = r.meta.signer.authority.empty() ? r.meta.signer.position
                                                             : r.meta.signer.authority + " " + r.meta.signer.position;
        p.signerPosition = r.meta.signer.position;
        p.signerFullName = r.meta.signer.fullName;
        if (r.dueAt)
            p.dueDate = vntime::localDate(*r.dueAt);
        p.priority = priorityOf(r.meta.urgency);
        p.pageAmount = r.meta.pageCount;
        p.toPlaces = r.meta.recipients;
        p.paper = true;
        auto bytes = detail::readFile(options.certify ? certified : options.stamp ? stamped : basePdf);
        if (!bytes)
            return std::unexpected(bytes.error());
        p.attachments.push_back(uplink::Attachment{"certified", "den-" + std::to_string(r.year) + "-" +
                                                                    std::to_string(r.arrivalNumber) + ".pdf",
                                                   "application/pdf", "Bản sao y điện tử / certified copy", *bytes});
        auto pkg = uplink::buildDocumentPackage(p, st.uplink().signing);
        if (!pkg)
            return std::unexpected(pkg.error());
        // Before the commit: where this folder goes (a crash between the commit and the publish is
        // finished at the next start, Station::setup).
        const nlohmann::json marker{{"kind", "incoming"}, {"intake_key", r.intakeKey},
                                    {"target", st.paths().archiveDir + "/" + std::to_string(r.year) + "/in-" +
                                                   std::string(reg::toString(r.book)) + "-" + std::to_string(r.arrivalNumber)}};
        if (auto w = detail::writeFileAtomic(*pending + "/" + detail::kPublishMarker, marker.dump(2) + "\n"); !w)
            return std::unexpected(w.error());
        reg::OutboxEntry e;
        e.documentId = p.documentId;
        e.kind = reg::OutboxKind::Document;
        e.secrecy = r.meta.secrecy;
        e.package = std::move(*pkg);
        e.actor = m_actor;
        e.incomingId = r.id;
        return e;
    };

    report(progress, Step::Register, 1, 1);
    Result<reg::IncomingRecord> rec = [&]() -> Result<reg::IncomingRecord> {
        if (isSecret(draft.meta.secrecy) || !options.queue)
            return reg.registerIncoming(rq);
        // Stamp, certified copy and package made before the short write transaction, for the number
        // the register gives next (as the outgoing flow does; see registerBeforeHand in Outgoing.cpp).
        constexpr int kAttempts = 3;
        reg::IncomingRequest ahead = rq;
        for (int attempt = 0; attempt < kAttempts; ++attempt) {
            auto would = reg.previewIncoming(ahead);
            if (!would)
                return std::unexpected(would.error());
            auto entry = packageFor(*would);
            if (!entry)
                return std::unexpected(entry.error());
            ahead.expectedNumber = would->arrivalNumber;
            auto r = reg.registerIncomingAndEnqueue(ahead, [&](const reg::IncomingRecord&) -> Result<reg::OutboxEntry> {
                return *entry;
            });
            if (r || !r.error().is(reg::Errc::NumberTaken))
                return r;
            log::info(kLog, "arrival number " + std::to_string(would->arrivalNumber) +
                                " was taken while stamping and signing; making the outputs again");
        }
        return reg.registerIncomingAndEnqueue(rq, packageFor);
    }();
    if (!rec) {
        std::error_code ec;
        fs::remove_all(*pending, ec);
        return std::unexpected(rec.error());
    }
    result.record = *rec;
    const bool queued = !isSecret(draft.meta.secrecy) && options.queue;
    if (!queued && rec->created) {
        if (auto p = produce(*rec); !p) {
            result.warnings.push_back("Chưa tạo được bản sao / the copy could not be made: " + p.error().toString());
            log::error(kLog, p.error().toString());
        }
    }
    const std::string subject = "incoming:" + std::string(reg::toString(rec->book)) + "/" + std::to_string(rec->year) + "/" + std::to_string(rec->arrivalNumber);

    // meta.json: what was registered, with the confidences the clerk saw.
    nlohmann::json j;
    j["book"] = std::string(reg::toString(rec->book));
    j["year"] = rec->year;
    j["arrival_number"] = rec->arrivalNumber;
    j["arrival_time"] = vntime::toIso8601(rec->arrivalTime);
    j["received_at"] = vntime::toIso8601(rec->receivedAt);
    if (rec->dueAt)
        j["due"] = vntime::toIso8601(*rec->dueAt);
    j["original_sha256"] = sha;
    j["born_digital"] = draft.bornDigital;
    j["pages_scanned"] = draft.pages.size();
    j["page_count"] = draft.meta.pageCount;
    if (draft.printedPageCount)
        j["printed_page_count"] = *draft.printedPageCount;
    j["demo"] = st.demo();
    for (const auto& f : draft.fields)
        j["fields"][f.name] = {{"value", f.value}, {"confidence", f.confidence}, {"corrected", f.corrected}};
    j["warnings"] = draft.warnings;
    j["searchable_pdf"] = searchable ? "searchable.pdf (PDF/A-2b, text layer)" : "";
    if (auto w = detail::writeFileAtomic(*pending + "/meta.json", j.dump(2) + "\n"); !w)
        return std::unexpected(w.error());

    const std::string target = st.paths().archiveDir + "/" + std::to_string(rec->year) + "/in-" +
                               std::string(reg::toString(rec->book)) + "-" + std::to_string(rec->arrivalNumber);
    std::string dir;
    if (rec->created) {
        auto d = detail::publishDir(*pending, target);
        if (!d)
            return std::unexpected(d.error());
        dir = *d;
        std::error_code ec;
        fs::remove(dir + "/" + detail::kPublishMarker, ec);
    } else {
        // Registered before with the same intake key (a retried commit): the archive is already there.
        std::error_code ec;
        fs::remove_all(*pending, ec);
        dir = target;
        result.warnings.push_back("Đã vào sổ trước đó / registered before (same file)");
    }
    result.archiveDir = dir;
    result.originalPath = dir + "/" + fs::path(original).filename().string();
    if (options.stamp && fs::exists(dir + "/stamped.pdf"))
        result.stampedPath = dir + "/stamped.pdf";
    if (options.certify && fs::exists(dir + "/certified.pdf"))
        result.certifiedPath = dir + "/certified.pdf";
    result.metaPath = dir + "/meta.json";
    if (searchable && fs::exists(dir + "/searchable.pdf"))
        result.searchablePath = dir + "/searchable.pdf";
    result.warnings.insert(result.warnings.end(), draft.warnings.begin(), draft.warnings.end());

    if (rec->created) {
        if (!result.stampedPath.empty())
            (void)reg.audit(m_actor, "incoming.stamped", subject, "ĐẾN stamp; " + result.stampedPath);
        if (!result.certifiedPath.empty()) {
            auto bytes = detail::readFile(result.certifiedPath);
            (void)reg.audit(m_actor, "incoming.certified", subject,
                            "certified copy (agency signature) sha256=" + (bytes ? hex(*bytes) : std::string("?")) +
                                "; original sha256=" + sha);
        }
    }
    if (queued) {
        report(progress, Step::Queue, 1, 1);
        auto items = reg.outboxItems(std::nullopt);
        if (items)
            for (const auto& it : *items)
                if (it.incomingId == rec->id)
                    result.outbox = it;
        if (result.outbox)
            result.spoolHint = st.paths().spoolDir + "/out/" + uplink::spoolFileName(result.outbox->key);
    }
    report(progress, Step::Done, 1, 1);
    return result;
}

std::future<Result<IncomingResult>> IncomingFlow::commitAsync(IncomingDraft draft, CommitOptions options,
                                                              ProgressFn progress, CancelFlag cancel)
{
    return std::async(std::launch::async, [this, draft = std::move(draft), options, progress = std::move(progress),
                                           cancel = std::move(cancel)] { return commit(draft, options, progress, cancel); });
}

} // namespace vanthu::workflow
