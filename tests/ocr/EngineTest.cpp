#include "vanthu/capture/ImageIo.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Engine.h"

#include "SharedEngine.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <thread>

#include <unistd.h>

using namespace vanthu;

namespace {

const std::string kPages = std::string(VANTHU_SHARED_DIR) + "/corpus/dev/pages/";

PageImage corpusPage(const std::string& id)
{
    auto p = capture::readImage(kPages + id + "_p1.png");
    EXPECT_TRUE(p) << "corpus page missing: " << id;
    return p.value_or(PageImage{});
}

ocr::Engine& engine() { return test::ocrEngine(); }

ocr::Request request(const PageImage& p, std::optional<ocr::Rect> region = std::nullopt)
{
    ocr::Request r;
    r.page = p;
    r.region = region;
    return r;
}

// The top quarter of the page: where NĐ 30 puts ô 1–4.
ocr::Rect header(const PageImage& p) { return {0, 0, p.width, p.height / 4}; }

} // namespace

TEST(OcrEngine, ReadsTheHeaderOfAGreyScan)
{
    const PageImage page = corpusPage("DEV-001");
    ocr::Request r = request(page, header(page));
    auto res = engine().recognize(r).get();
    ASSERT_TRUE(res) << res.error().toString();
    const std::string text = text::simplifySpaces(res->text);
    EXPECT_NE(text.find("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), std::string::npos) << text;
    EXPECT_NE(text.find("88/TTT-NV2"), std::string::npos) << text;
    EXPECT_NE(text.find("ngày 19 tháng 12 năm 2014"), std::string::npos) << text;
    EXPECT_TRUE(text::isValidUtf8(res->text));
    EXPECT_EQ(text::nfc(res->text), res->text);
    for (const auto& w : res->words) {
        EXPECT_GE(w.box.x, 0);
        EXPECT_LE(w.box.bottom(), page.height / 4 + 1) << w.text;
        EXPECT_GE(w.confidence, 0.f);
        EXPECT_LE(w.confidence, 100.f);
    }
}

TEST(OcrEngine, WordBoxesLieOverTheWords)
{
    // Truth layout for DEV-001: the number line "Số: 88/TTT-NV2" at bbox_px [355, 282, 608, 321].
    const PageImage page = corpusPage("DEV-001");
    auto res = engine().recognize(request(page, header(page))).get();
    ASSERT_TRUE(res);
    bool found = false;
    for (const auto& w : res->words) {
        if (w.text.find("88/TTT-NV2") == std::string::npos)
            continue;
        found = true;
        EXPECT_GE(w.box.x, 355 - 10);
        EXPECT_LE(w.box.right(), 608 + 10);
        EXPECT_GE(w.box.y, 282 - 10);
        EXPECT_LE(w.box.bottom(), 321 + 10);
    }
    EXPECT_TRUE(found);
}

TEST(OcrEngine, ReadsBitonalPagesAndRegionsWithOffsets)
{
    const PageImage page = corpusPage("DEV-004"); // 300 dpi black and white
    ASSERT_EQ(page.format, PixelFormat::Mono1);
    // The right half of the header only: the motto column, read apart from the agency column.
    ocr::Request r = request(page, ocr::Rect{page.width / 2, 0, page.width / 2, page.height / 5});
    auto res = engine().recognize(r).get();
    ASSERT_TRUE(res) << res.error().toString();
    EXPECT_NE(res->text.find("Độc lập - Tự do - Hạnh phúc"), std::string::npos) << res->text;
    EXPECT_EQ(res->text.find("THÔNG TIN"), std::string::npos) << "the agency column is not in this region";
    for (const auto& w : res->words)
        EXPECT_GE(w.box.x, page.width / 2) << "boxes are in page coordinates";
}

TEST(OcrEngine, CancelAndDeadline)
{
    const PageImage page = corpusPage("DEV-016");
    ocr::Request cancelled = request(page);
    cancelled.cancel = std::make_shared<std::atomic<bool>>(true);
    auto c = engine().recognize(cancelled).get();
    ASSERT_FALSE(c);
    EXPECT_TRUE(c.error().is(ocr::Errc::Cancelled));
    ocr::Request hurried = request(page);
    hurried.deadline = std::chrono::milliseconds{1};
    auto h = engine().recognize(hurried).get();
    ASSERT_FALSE(h);
    EXPECT_TRUE(h.error().is(ocr::Errc::DeadlineExceeded));
    // The worker is still usable afterwards.
    EXPECT_TRUE(engine().recognize(request(page, header(page))).get());
}

TEST(OcrEngine, PagesRunInParallelOnAllWorkers)
{
    EXPECT_EQ(engine().workers(), 2);
    std::vector<std::future<Result<ocr::OcrResult>>> futures;
    for (const char* id : {"DEV-001", "DEV-002", "DEV-003", "DEV-005"}) {
        const PageImage p = corpusPage(id);
        futures.push_back(engine().recognize(request(p, header(p))));
    }
    for (auto& f : futures) {
        auto r = f.get();
        ASSERT_TRUE(r) << r.error().toString();
        EXPECT_FALSE(r->lines.empty());
    }
    auto bad = engine().recognize(request(PageImage{})).get();
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().is(ocr::Errc::InvalidInput));
}

// A region asked for while a document's pages wait goes before them: with one worker, the region
// completes while pages of the document queued earlier are still waiting.
TEST(OcrEngine, RegionsGoAheadOfDocumentPages)
{
    auto one = ocr::Engine::create(1);
    ASSERT_TRUE(one) << one.error().toString();
    const PageImage a = corpusPage("DEV-001"), b = corpusPage("DEV-003");
    auto document = (*one)->recognizeDocument({a, b, a, b});
    auto region = (*one)->recognize(request(a, header(a)));
    auto r = region.get();
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_NE(r->text.find("CỘNG HÒA"), std::string::npos) << r->text;
    EXPECT_EQ(document.wait_for(std::chrono::seconds(0)), std::future_status::timeout)
        << "the region waited for the whole document";
    auto d = document.get();
    ASSERT_TRUE(d) << d.error().toString();
    EXPECT_EQ(d->pages.size(), 4u);
}

// One worker more than asked for is kept for requests: a document's fields are read at once while
// every page worker is in the middle of a full page; without it, only after one of them finishes
// its page. (Judged by the order of events: each page's recognition started after `t0` and took
// its `seconds`.)
TEST(OcrEngine, ARegionIsReadWhileEveryPageWorkerIsInAPage)
{
    const PageImage a = corpusPage("DEV-001"), b = corpusPage("DEV-004");
    for (const bool regionWorker : {true, false}) {
        auto two = ocr::Engine::create(2, "vie", regionWorker);
        ASSERT_TRUE(two) << two.error().toString();
        ocr::Engine& e = **two;
        EXPECT_EQ(e.workers(), 2) << "page workers";
        const auto t0 = std::chrono::steady_clock::now();
        auto document = e.recognizeDocument({a, b});
        for (int i = 0; i < 10000 && e.recognitions() < 2; ++i)  // both page workers are in a page
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ASSERT_EQ(e.recognitions(), 2);
        auto r = e.recognize(request(a, header(a))).get();
        const double regionDone = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        ASSERT_TRUE(r) << r.error().toString();
        EXPECT_NE(r->text.find("CỘNG HÒA"), std::string::npos) << r->text;
        auto d = document.get();
        ASSERT_TRUE(d) << d.error().toString();
        ASSERT_EQ(d->pages.size(), 2u);
        const double firstPageEnd = std::min(d->pages[0].seconds, d->pages[1].seconds);
        if (regionWorker)
            EXPECT_LT(regionDone, firstPageEnd) << "read before either page was done";
        else
            EXPECT_GT(regionDone, firstPageEnd) << "without the region worker it waits for a page";
    }
}

// Tesseract starts an OpenMP region for each time step of its LSTM layers; on the engine's
// workers they run inline, without libgomp's team of one and its system call (OpenMpInline.cpp).
// The words, their boxes and confidences come out as through libgomp (VANTHU_OPENMP=libgomp).
TEST(OcrEngine, TesseractsOpenMpRegionsRunInlineAndReadTheSameWords)
{
    const PageImage page = corpusPage("DEV-001");
    const ocr::Request r = request(page, header(page));
    const auto readWith = [&](bool viaLibgomp, long* inlineRegions) -> Result<ocr::OcrResult> {
        if (viaLibgomp)
            ::setenv("VANTHU_OPENMP", "libgomp", 1);
        else
            ::unsetenv("VANTHU_OPENMP");
        auto e = ocr::Engine::create(1, "vie", false);
        ::unsetenv("VANTHU_OPENMP");
        if (!e)
            return std::unexpected(e.error());
        const long before = ocr::openMpRegionsRunInline();
        auto res = (*e)->recognize(r).get();
        *inlineRegions = ocr::openMpRegionsRunInline() - before;
        return res;
    };
    long inlineRegions = 0, libgompRegions = 0;
    const auto inlined = readWith(false, &inlineRegions);
    const auto viaLibgomp = readWith(true, &libgompRegions);
    ASSERT_TRUE(inlined) << inlined.error().toString();
    ASSERT_TRUE(viaLibgomp) << viaLibgomp.error().toString();
    EXPECT_GT(inlineRegions, 1000) << "a header's LSTM time steps";
    EXPECT_EQ(libgompRegions, 0);
    EXPECT_NE(inlined->text.find("88/TTT-NV2"), std::string::npos) << inlined->text;
    EXPECT_EQ(inlined->text, viaLibgomp->text);
    ASSERT_EQ(inlined->words.size(), viaLibgomp->words.size());
    for (size_t i = 0; i < inlined->words.size(); ++i) {
        const ocr::Word &a = inlined->words[i], &b = viaLibgomp->words[i];
        EXPECT_EQ(a.text, b.text);
        EXPECT_EQ(a.confidence, b.confidence) << a.text;
        EXPECT_TRUE(a.box.x == b.box.x && a.box.y == b.box.y && a.box.width == b.box.width && a.box.height == b.box.height) << a.text;
    }
}

// The regions run inline through the four libgomp entry points libtesseract 5.0.3 imports
// (OpenMpInline.cpp). A Tesseract that imported another one (an orphaned `sections`, a `single`)
// could have it run against our regions unawares: this says so first. Judged by `nm -D` of the
// libtesseract this process loaded.
TEST(OcrEngine, TesseractImportsOnlyTheOpenMpEntryPointsTheInlineRegionsDefine)
{
    std::string library;  // loaded with this program: vanthu::ocr links it
    {
        std::ifstream maps("/proc/self/maps");
        for (std::string line; library.empty() && std::getline(maps, line);)
            if (const size_t at = line.find('/'); at != std::string::npos && line.find("libtesseract.so", at) != std::string::npos)
                library = line.substr(at);
    }
    ASSERT_FALSE(library.empty()) << "libtesseract not in /proc/self/maps";
    const auto nm = test::run({VANTHU_NM, "-D", "--undefined-only", library});
    ASSERT_EQ(nm.exitCode, 0) << nm.err;
    const std::set<std::string> inlined{"GOMP_parallel", "GOMP_parallel_sections", "GOMP_sections_next", "GOMP_sections_end_nowait"};
    std::set<std::string> imported;
    std::istringstream lines(nm.out);
    for (std::string line; std::getline(lines, line);) {
        const size_t at = line.find("GOMP_");
        if (at == std::string::npos)
            continue;
        imported.insert(line.substr(at, line.find('@', at) - at));
    }
    EXPECT_FALSE(imported.empty()) << "a Tesseract without OpenMP: " << library;
    for (const std::string& symbol : imported)
        EXPECT_TRUE(inlined.count(symbol)) << library << " imports " << symbol << ", which OpenMpInline.cpp does not define";
}

TEST(OcrEngine, MissingLanguageIsAnInitError)
{
    auto e = ocr::Engine::create(1, "xx-no-such-language");
    ASSERT_FALSE(e);
    EXPECT_TRUE(e.error().is(ocr::Errc::EngineInit));
}

using vanthu::test::shell;

TEST(OcrEngine, FullTextAndSearchablePdfFromOneRecognitionPerPage)
{
    // Two pages of different resolution and format (200 dpi grey, 300 dpi black and white), three
    // times over so both workers take pages. The bigger 300 dpi pages are recognised first, so the
    // pages reach the PDF out of order and its page tree must put them back in order.
    const PageImage a = corpusPage("DEV-001"), b = corpusPage("DEV-004");
    const std::vector<PageImage> pages{a, b, a, b, a, b};
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-doc-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const std::string out = (dir / "doc.pdf").string();
    const long before = engine().recognitions();
    auto r = engine().recognizeDocument(pages, out).get();
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(engine().recognitions() - before, 6) << "one recognition per page, none again for the PDF";
    EXPECT_EQ(r->pdfPath, out);
    ASSERT_EQ(r->pages.size(), 6u);
    for (size_t i = 0; i < 6; ++i) {
        const std::string text = text::simplifySpaces(r->pages[i].text);
        EXPECT_NE(text.find(i % 2 ? "Độc lập - Tự do - Hạnh phúc" : "88/TTT-NV2"), std::string::npos) << i << ": " << text;
        // The PDF's text layer of the same page says the same, in page order.
        const std::string layer = text::simplifySpaces(shell(std::string(VANTHU_PDFTOTEXT) + " -f " + std::to_string(i + 1) +
                                                             " -l " + std::to_string(i + 1) + " -enc UTF-8 '" + out + "' -"));
        EXPECT_NE(layer.find(i % 2 ? "Độc lập - Tự do - Hạnh phúc" : "88/TTT-NV2"), std::string::npos) << i << ": " << layer;
    }
    int rc = -1;
    const std::string check = shell(std::string(VANTHU_QPDF) + " --check '" + out + "' 2>&1", &rc);
    EXPECT_EQ(rc, 0) << check;
    EXPECT_EQ(check.find("WARNING"), std::string::npos) << check;
    const std::string info = text::simplifySpaces(shell("pdfinfo '" + out + "'"));
    EXPECT_NE(info.find("Pages: 6 "), std::string::npos) << info;

    // Text only: no file.
    auto plain = engine().recognizeDocument({a}).get();
    ASSERT_TRUE(plain) << plain.error().toString();
    EXPECT_TRUE(plain->pdfPath.empty());
    EXPECT_EQ(plain->pages.size(), 1u);

    // Cancelled as soon as it is queued: pages not begun are skipped, the one being read stops, and
    // no file is left behind.
    const std::string dropped = (dir / "dropped.pdf").string();
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    auto pending = engine().recognizeDocument({a, b, a, b}, dropped, {}, cancel);
    cancel->store(true);
    auto stopped = pending.get();
    ASSERT_FALSE(stopped);
    EXPECT_TRUE(stopped.error().is(ocr::Errc::Cancelled)) << stopped.error().toString();
    EXPECT_FALSE(std::filesystem::exists(dropped));

    // An empty page fails the document and leaves no file behind.
    const std::string bad = (dir / "bad.pdf").string();
    auto failed = engine().recognizeDocument({a, PageImage{}}, bad).get();
    ASSERT_FALSE(failed);
    EXPECT_TRUE(failed.error().is(ocr::Errc::InvalidInput));
    EXPECT_FALSE(std::filesystem::exists(bad));
    for (const auto& e : std::filesystem::directory_iterator(dir))
        EXPECT_FALSE(e.path().string().find(".part") != std::string::npos) << e.path();
    std::filesystem::remove_all(dir);
}
