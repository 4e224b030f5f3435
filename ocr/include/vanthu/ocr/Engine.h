#pragma once
// Tesseract OCR on a pool of worker threads. Each worker owns one TessBaseAPI, initialised once
// with `vie` (LSTM) and reused for every page; pages run in parallel, one per worker, and
// Tesseract's own OpenMP threading is limited to one thread so workers do not fight for cores.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/PageImage.h"
#include "vanthu/ocr/Errors.h"

#include <atomic>
#include <chrono>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::ocr {

struct Rect {
    int x = 0, y = 0, width = 0, height = 0;   // pixels of the page the OCR ran on
    int right() const { return x + width; }
    int bottom() const { return y + height; }
};

struct Word {
    std::string text;        // UTF-8, NFC
    Rect box;                // in page coordinates (a region's offset already added)
    float confidence = 0;    // 0..100
    int block = 0, line = 0; // Tesseract's block and line numbers (line unique within the result)
    int baseline = -1;       // y of its line's baseline under it (page pixels); -1 when not known
    int pointSize = 0;       // Tesseract's estimate of its type size (points); 0 when not known
};

struct Line {
    std::string text;        // words joined by single spaces
    Rect box;
    float confidence = 0;    // mean of the words'
    std::vector<int> words;  // indexes into OcrResult::words
};

struct OcrResult {
    std::vector<Word> words;
    std::vector<Line> lines;  // in Tesseract's reading order
    std::string text;         // lines joined by '\n'
    double seconds = 0;       // recognition time
    int readingDpi = 0;       // the resolution Tesseract read at (lower than the page's when reduced)
};

// The recognised text of a whole document.
struct DocumentText {
    std::vector<OcrResult> pages;   // page order
    std::string pdfPath;            // the searchable PDF written, or empty
};

enum class Layout {
    Auto,         // full page layout analysis (PSM_AUTO)
    SingleBlock,  // one uniform block of text (PSM_SINGLE_BLOCK)
    SparseText,   // scattered text, no order (PSM_SPARSE_TEXT)
    SingleLine,   // one line of text (PSM_SINGLE_LINE)
};

// A region of a page already recognised (page 1's header columns and band, read first for the
// fields; the last page's closing, read before the full text), given to recognizeDocument so that
// the full text does not read its lines again.
struct ReadRegion {
    Rect box;         // page pixels
    OcrResult text;   // its recognition, word boxes in page pixels
    int page = 0;     // 0-based page index
    bool trailing = false;  // its lines follow the page's own (a closing), else lead them (a header)
};

// The resolution full pages are read at when they are scanned finer (Request::readingDpi;
// recognizeDocument and writeSearchablePdf use it).
inline constexpr int kReadingDpi = 200;

struct Request {
    PageImage page;
    std::optional<Rect> region;        // crop first (never SetRectangle: tesseract issue #845)
    Layout layout = Layout::Auto;
    std::chrono::milliseconds deadline{0};          // 0 = none
    std::shared_ptr<std::atomic<bool>> cancel;      // set to true to cancel
    bool invertedRetry = true;  // Tesseract re-reads a low-confidence line inverted (costs time)
    // A grey or colour page scanned finer than this is read reduced to it (word boxes still come in
    // page pixels); 0 = read as scanned. kReadingDpi reads a 300 dpi page's full text in about four
    // fifths of the time with no worse text; the fields' small regions are read as scanned (on the
    // dev corpus a reduced reading lost a parent agency's last word and a signer's title). 1-bit
    // pages are read as scanned: reduced to 200 dpi grey they cost 10-15 % less CPU but their text
    // came out worse (bench_ocr 8 --bitonal-300: CER 4.30 % area-averaged, 3.94 % with Leptonica's
    // scale-to-grey, 3.61 % as scanned, the same as OCRmyPDF's).
    int readingDpi = 0;
};

class Engine {
public:
    // Starts `workers` threads (default: hardware threads) for pages and requests and, with
    // `regionWorker`, one more for requests only (recognize: the fields' regions), each loading
    // `languages` ("vie", about 12 MB a worker). Tesseract does not stop mid-page, so without it a
    // document's fields wait for a worker to finish the page it is reading when every worker is in
    // one (up to a second on 2 cores while the document before is read); with it they are read at
    // once, sharing the cores with the pages. Tesseract's OpenMP regions run inline on the workers
    // unless VANTHU_OPENMP=libgomp is set when the engine is made (OpenMpInline.cpp). EngineInit
    // when the language data is missing.
    static Result<std::unique_ptr<Engine>> create(int workers = 0, const std::string& languages = "vie",
                                                  bool regionWorker = true);
    ~Engine();
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    int workers() const;  // the workers for pages (the region worker not counted)
    // Queues a page or region; the future completes on a worker. Requests go ahead of the pages of
    // documents already queued by recognizeDocument / writeSearchablePdf (a document's full text
    // does not hold up the next document's fields), in the order they were made, and the region
    // worker takes nothing else. Thread-safe.
    std::future<Result<OcrResult>> recognize(Request request);

    // The full text of every page (full-page layout analysis, at most kReadingDpi), pages in
    // parallel on the workers, and — when `pdfPath` is not empty — a searchable PDF/A-2b of them
    // written from those same recognitions (one Tesseract recognition per page; see writeSearchablePdf). InvalidInput (no
    // pages or an empty page), Recognition, Cancelled (`cancel` set: pages not begun are skipped, the
    // page being read stops; no file is left), PdfWrite. `alreadyRead`: regions of the pages already
    // recognised (Extraction::headerRead, Extraction::closingRead); their lines clear of the
    // regions' edges are whited out of their page before it is read and their readings stand in the
    // text instead, before the page's own lines or after them (ReadRegion::trailing), a row of
    // side-by-side regions one line (bench_ocr 8: the header's alone, the station's order about
    // 15 % less CPU). Thread-safe.
    std::future<Result<DocumentText>> recognizeDocument(std::vector<PageImage> pages, std::string pdfPath = {},
                                                        DocumentMeta meta = {},
                                                        std::shared_ptr<std::atomic<bool>> cancel = nullptr,
                                                        std::vector<ReadRegion> alreadyRead = {});
    // The same, its result handed to `complete` instead of a future: called once, on the worker
    // that settles the last page (or at once on the caller's thread for no pages), so it must
    // not wait for this engine's work.
    void postDocument(std::vector<PageImage> pages, std::string pdfPath, DocumentMeta meta,
                      std::shared_ptr<std::atomic<bool>> cancel, std::vector<ReadRegion> alreadyRead,
                      std::function<void(Result<DocumentText>)> complete);

    // Writes a searchable PDF/A-2b of the pages to `path` (temporary file, then rename): each page
    // image with an invisible text layer over the words, an embedded font, an sRGB output intent and
    // XMP metadata carrying the fields of `meta`. Pages are recognised in parallel (larger pages
    // first) and listed in page order. The future holds `path`; InvalidInput (no pages),
    // Recognition, PdfWrite (cannot write or rename). Thread-safe.
    std::future<Result<std::string>> writeSearchablePdf(std::vector<PageImage> pages, std::string path, DocumentMeta meta);

    // How many Tesseract recognitions this engine has run (regions and pages), for tests and
    // benchmarks that check work was not repeated or not done at all.
    long recognitions() const;

    struct Impl;
    struct Task;  // a job for one worker (private to the implementation)

private:
    void post(Task task);                   // ahead of document pages (recognize)
    void postAll(std::vector<Task> tasks);  // behind everything queued (document pages)
    explicit Engine(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

// How many of Tesseract's OpenMP regions have run inline on engines' workers in this process
// (Tesseract starts tens of thousands a page; OpenMpInline.cpp says why they do not go through
// libgomp). Engines made while VANTHU_OPENMP=libgomp is set leave them to libgomp and add nothing.
// For tests and benchmarks.
long openMpRegionsRunInline();

// The bytes of a searchable PDF made by recognizeDocument / writeSearchablePdf, with an incremental
// update that makes its XMP metadata and Info dictionary say `meta` instead: for fields a clerk
// corrected after the OCR. Pages, text layer and colour profile stay byte for byte, the creation
// date stays, the modification date is now. PdfWrite for a file not made so. Pure: no file is
// read or written (write the result with a temporary file and a rename).
Result<std::string> relabelSearchablePdf(std::string pdf, const DocumentMeta& meta);

} // namespace vanthu::ocr
