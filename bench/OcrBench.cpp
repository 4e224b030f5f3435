// OCR speed and quality against OCRmyPDF (`ocrmypdf -l vie`, Debian's package) on the same pages
// in the same run. Pages: page 1 of upright corpus documents (pages/<id>_p1.png, the pixels of
// scans/<id>.pdf page 1), each read as a one-page document two ways: the station's order (the
// incoming flow since the signer and "Nơi nhận" follow the header) — the header fields
// (ocr::Reader::readFields), the signature block and recipients where the ink places them
// (Reader::readClosingFirst), the full text and the searchable PDF/A-2b from one recognition per
// page taking the lines those read (Engine::postDocument), else the closing placed by that full
// text (Reader::readClosing), on threads as the incoming flow runs them (readInStationOrder) — and
// the former order, every field first as regions
// (Reader::readDocument), then the full text and PDF; OCRmyPDF makes its searchable PDF of the same
// pages. Quality: character error rate of each tool's PDF text layer (`pdftotext`) against the text
// layer of the born-digital original (`pdftotext` of clean/<id>.pdf page 1), white space
// normalised. Also the time to the header fields of page 1 (Reader::readHeader on an idle engine),
// wall and CPU, in the station's order, and while a document's full text is being read (the
// clerk's next document), on the engine as it is and on one without its region worker, where a
// header waits for a worker to finish the page it is reading. A second table reads the same
// documents whole (every page) both ways against OCRmyPDF on the same scanned PDFs. A third puts
// our full text + PDF beside Tesseract's own command line on the same page images (its time
// includes decoding the PNG, about 0.05 s a page; ours starts from decoded pages), a fourth beside
// the same engine with Tesseract's OpenMP regions through libgomp. The machine may be shared: CPU
// seconds and the load average are printed beside the wall figures.
// Usage: bench_ocr [N pages, default 8] [--bitonal-300] [--repeat R]  (--bitonal-300: only pages
// scanned 1-bit at 300 dpi, the archive's usual setting; --repeat R: the first-page table's five
// timed readings — our two orders, our full text, the same through libgomp, OCRmyPDF — run R times
// in turn, one after the other, and each tool's best wall and best CPU time are reported: this VM's
// speed drifts by 10-25 % between minutes, more than some changes worth measuring)
#include "BenchTable.h"

#include "vanthu/capture/ImageIo.h"
#include "vanthu/capture/Import.h"
#include "vanthu/core/JobThread.h"
#include "vanthu/core/VnText.h"
#include "vanthu/ocr/Engine.h"
#include "vanthu/ocr/Evaluation.h"
#include "vanthu/ocr/Reader.h"

#include <nlohmann/json.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <time.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <numeric>
#include <optional>
#include <thread>

using namespace vanthu;
namespace fs = std::filesystem;

namespace {

const std::string kDev = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";

// CPU seconds (user + system) of this process or of its waited-for children: unlike wall time,
// not inflated when other work shares the cores.
double cpu(int who)
{
    rusage u{};
    getrusage(who, &u);
    return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
           static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

// CPU seconds of this process, all threads (the OCR workers included).
double processCpu()
{
    timespec t{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) / 1e9;
}

double load1()
{
    double l[3] = {0, 0, 0};
    return getloadavg(l, 3) > 0 ? l[0] : 0;
}

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::string run(const std::string& cmd)
{
    std::string out;
    if (FILE* p = popen(cmd.c_str(), "r")) {
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, p)) > 0)
            out.append(buf, n);
        if (pclose(p) != 0)
            std::fprintf(stderr, "command failed: %s\n", cmd.c_str());
    }
    return out;
}

// `pdftotext` of a PDF: page `page` (1-based) or, with 0, every page.
std::string pdfText(const std::string& pdf, int page = 0)
{
    const std::string pages = page > 0 ? "-f " + std::to_string(page) + " -l " + std::to_string(page) + " " : std::string();
    return run("pdftotext " + pages + "-enc UTF-8 '" + pdf + "' -");
}

// Page text for CER: words joined by single spaces (layouts differ between tools; characters count).
std::string flat(const std::string& s) { return ocr::eval::normalize(s); }

double cer(const std::string& truth, const std::string& got)
{
    const std::string t = flat(truth), g = flat(got);
    const size_t n = ocr::eval::editDistance(t, "");
    return n ? 100.0 * static_cast<double>(ocr::eval::editDistance(t, g)) / static_cast<double>(n) : 0;
}

// The station's order, as the incoming flow runs it (IncomingFlow::capture and the jobs it gives
// the station's two background lanes, Station::background): on the caller's thread each
// document's pages are had (`pagesOf`: decoded, or already imported) and its header fields read
// (the clerk waits for those); the document then goes to the reading lane, which reads its signer
// and "Nơi nhận" where the ink places them and posts the full text and the searchable PDF
// (`pdfOf`) taking the lines those read; when the ink placed no closing, the waiting lane waits for
// that text and reads the closing it places. The next document's header is read meanwhile (the
// engine reads regions ahead of document pages). Returns when every document's text and closing
// are done: the number that failed, or nothing when a document's pages or header could not be had.
// `headerSeconds` gets each document's wall time from its pages had to its header fields read,
// with the engine busy with the documents before (a page being read is not interrupted).
std::optional<int> readInStationOrder(ocr::Engine& engine, size_t count,
                                      const std::function<Result<std::vector<PageImage>>(size_t)>& pagesOf,
                                      const std::function<std::string(size_t)>& pdfOf,
                                      std::vector<double>* headerSeconds = nullptr)
{
    struct Doc {
        std::vector<PageImage> pages;
        ocr::Extraction x;
    };
    std::atomic<int> failures{0};
    std::vector<std::future<Result<ocr::DocumentText>>> texts;
    {
        JobThread waiting;  // declared first: stops last (the reading lane posts to it)
        JobThread reading;
        ocr::Reader reader(engine);
        for (size_t i = 0; i < count; ++i) {
            auto pages = pagesOf(i);
            if (!pages)
                return std::nullopt;
            const double started = now();
            auto x = reader.readFields(*pages);
            if (!x)
                return std::nullopt;
            if (headerSeconds)
                headerSeconds->push_back(now() - started);
            auto text = std::make_shared<std::promise<Result<ocr::DocumentText>>>();
            texts.push_back(text->get_future());
            reading.post([&, text, pdf = pdfOf(i),
                          d = std::make_shared<Doc>(Doc{std::move(*pages), std::move(*x)})](const std::atomic<bool>&) {
                ocr::Reader closer(engine);
                auto first = closer.readClosingFirst(d->pages, d->x);
                auto done = std::make_shared<std::promise<Result<ocr::DocumentText>>>();
                auto full = done->get_future().share();
                engine.postDocument(d->pages, pdf, d->x.meta, nullptr, d->x.regionsRead(),
                                    [done, text](Result<ocr::DocumentText> r) {
                                        done->set_value(r);
                                        text->set_value(std::move(r));
                                    });
                if (first && *first)
                    return;
                waiting.post([&, d, full, ok = first.has_value()](const std::atomic<bool>&) {
                    ocr::Reader late(engine);
                    const auto& t = full.get();
                    if (!ok || !t || !late.readClosing(d->pages, *t, d->x))
                        ++failures;
                });
            });
        }
        for (auto& t : texts)
            if (!t.get())
                ++failures;
    }  // both lanes' last jobs done
    return failures.load();
}

} // namespace

int main(int argc, char** argv)
{
    const int wanted = argc > 1 ? std::max(1, std::atoi(argv[1])) : 8;
    bool bitonal300 = false;
    int repeats = 1;
    for (int a = 2; a < argc; ++a) {
        if (std::string(argv[a]) == "--bitonal-300")
            bitonal300 = true;
        else if (std::string(argv[a]) == "--repeat" && a + 1 < argc)
            repeats = std::max(1, std::atoi(argv[++a]));
    }
    // Upright first pages, alternating 200 and 300 dpi documents (or only 1-bit 300 dpi ones).
    std::vector<std::string> ids;
    std::vector<int> scanDpi;  // each document's scan resolution (the whole-document table imports at it)
    {
        std::ifstream in(kDev + "/truth.jsonl");
        for (std::string line; std::getline(in, line) && static_cast<int>(ids.size()) < wanted;) {
            const auto j = nlohmann::json::parse(line);
            const auto& first = j["degradations"]["pages"][0];
            if (bitonal300 && (first["dpi"].get<int>() != 300 || first["color_mode"].get<std::string>() != "bitonal"))
                continue;
            if (j["page_rotations"][0].get<int>() == 0) {
                ids.push_back(j["id"].get<std::string>());
                scanDpi.push_back(first["dpi"].get<int>());
            }
        }
    }
    const fs::path tmp = fs::temp_directory_path() / ("vanthu-ocrbench-" + std::to_string(getpid()));
    fs::create_directories(tmp);

    // Reference text and the comparison tool's input: page 1 of each scan, one PDF.
    std::vector<std::string> truthText;
    std::string qpdfArgs;
    for (const auto& id : ids) {
        truthText.push_back(pdfText(kDev + "/clean/" + id + ".pdf", 1));
        qpdfArgs += " '" + kDev + "/scans/" + id + ".pdf' 1";
    }
    run("qpdf --empty --pages" + qpdfArgs + " -- '" + (tmp / "in.pdf").string() + "'");

    auto engine = ocr::Engine::create(2);
    if (!engine) {
        std::fprintf(stderr, "%s\n", engine.error().toString().c_str());
        return 1;
    }
    const double loadBefore = load1();
    std::vector<PageImage> pages;
    for (const auto& id : ids) {
        auto p = capture::readImage(kDev + "/pages/" + id + "_p1.png");
        if (!p) {
            std::fprintf(stderr, "%s\n", p.error().toString().c_str());
            return 1;
        }
        pages.push_back(*p);
    }
    ocr::Reader reader(**engine);
    // The same engine with Tesseract's OpenMP regions through libgomp instead of inline on its
    // workers (OpenMpInline.cpp), for the full text alone.
    ::setenv("VANTHU_OPENMP", "libgomp", 1);
    auto viaLibgomp = ocr::Engine::create(2);
    ::unsetenv("VANTHU_OPENMP");
    if (!viaLibgomp) {
        std::fprintf(stderr, "%s\n", viaLibgomp.error().toString().c_str());
        return 1;
    }

    // Time to the header fields of page 1, page by page on an idle engine (what the clerk waits for).
    std::vector<double> fieldTimes, fieldCpu;
    for (const PageImage& p : pages) {
        const double s = now(), c = processCpu();
        (void)reader.readHeader(p);
        fieldTimes.push_back(now() - s);
        fieldCpu.push_back(processCpu() - c);
    }

    // Each timed reading's best wall and best CPU seconds over the repeats.
    struct Best {
        double wall = 1e300, cpu = 1e300;
        void take(double w, double c)
        {
            wall = std::min(wall, w);
            cpu = std::min(cpu, c);
        }
    };
    Best ours, former, aloneBest, libgompBest, theirs;
    long recognitions = 0, stationRecognitions = 0;
    std::vector<double> busyHeader;  // the station's order: each document's time to its header fields (last run)
    double loadMiddle = 0;
    for (int repeat = 0; repeat < repeats; ++repeat) {
        // Ours, the station's order (readInStationOrder), each page decoded on the way (decoding
        // counts too).
        const long recognitionsBefore = (*engine)->recognitions();
        busyHeader.clear();
        const double t0 = now(), c0 = cpu(RUSAGE_SELF);
        const auto failed = readInStationOrder(
            **engine, ids.size(),
            [&](size_t i) -> Result<std::vector<PageImage>> {
                auto page = capture::readImage(kDev + "/pages/" + ids[i] + "_p1.png");
                if (!page)
                    return std::unexpected(page.error());
                return std::vector<PageImage>{std::move(*page)};
            },
            [&](size_t i) { return (tmp / (ids[i] + ".pdf")).string(); }, &busyHeader);
        if (!failed)
            return 1;
        ours.take(now() - t0, cpu(RUSAGE_SELF) - c0);
        recognitions = (*engine)->recognitions() - recognitionsBefore;
        if (*failed)
            std::fprintf(stderr, "%d documents failed\n", *failed);

        // The former order (IncomingFlow::capture before the closing followed the header): each
        // document's fields, signer and "Nơi nhận" included, read first as regions
        // (Reader::readDocument), its full text and searchable PDF queued behind them.
        const long stationBefore = (*engine)->recognitions();
        const double t3 = now(), c3 = cpu(RUSAGE_SELF);
        std::vector<std::future<Result<ocr::DocumentText>>> stationFull;
        int stationFailures = 0;
        for (const auto& id : ids) {
            auto page = capture::readImage(kDev + "/pages/" + id + "_p1.png");
            if (!page)
                return 1;
            auto x = reader.readDocument({*page});
            if (!x)
                return 1;
            stationFull.push_back((*engine)->recognizeDocument({*page}, (tmp / ("station-" + id + ".pdf")).string(), x->meta));
        }
        for (auto& f : stationFull)
            stationFailures += f.get() ? 0 : 1;
        former.take(now() - t3, cpu(RUSAGE_SELF) - c3);
        stationRecognitions = (*engine)->recognitions() - stationBefore;
        if (stationFailures)
            std::fprintf(stderr, "%d documents failed in the former order\n", stationFailures);

        // The full text and the searchable PDF alone (what ocrmypdf does), all pages as one document.
        const double t2 = now(), c2 = cpu(RUSAGE_SELF);
        auto alone = (*engine)->recognizeDocument(pages, (tmp / "alone.pdf").string(), {}).get();
        aloneBest.take(now() - t2, cpu(RUSAGE_SELF) - c2);
        if (!alone)
            std::fprintf(stderr, "%s\n", alone.error().toString().c_str());
        const double t4 = now(), c4 = cpu(RUSAGE_SELF);
        auto teams = (*viaLibgomp)->recognizeDocument(pages, (tmp / "libgomp.pdf").string(), {}).get();
        libgompBest.take(now() - t4, cpu(RUSAGE_SELF) - c4);
        if (!teams)
            std::fprintf(stderr, "%s\n", teams.error().toString().c_str());
        loadMiddle = load1();

        // OCRmyPDF on the same pages, both cores, plain PDF output (no PDF/A conversion: OCR only).
        const double t1 = now(), c1 = cpu(RUSAGE_CHILDREN);
        run("ocrmypdf -q -l vie --jobs 2 --output-type pdf '" + (tmp / "in.pdf").string() + "' '" +
            (tmp / "out.pdf").string() + "' 2>&1");
        theirs.take(now() - t1, cpu(RUSAGE_CHILDREN) - c1);
    }
    // The clerk's case: a document's fields asked for while the one before is being read whole
    // (its pages on every page worker): each page's header read in turn while the eight pages are
    // read as one document, on this engine (a worker kept for regions) and on one without that
    // worker, where each header waits for a worker to finish its page.
    const auto headersWhileReading = [&](ocr::Engine& e) {
        std::vector<double> seconds;
        const long before = e.recognitions();
        auto document = e.recognizeDocument(pages);
        for (int i = 0; i < 10000 && e.recognitions() < before + e.workers(); ++i)  // every page worker in a page
            std::this_thread::sleep_for(std::chrono::milliseconds(1));
        ocr::Reader r(e);
        for (const PageImage& p : pages) {
            const double s = now();
            (void)r.readHeader(p);
            seconds.push_back(now() - s);
        }
        (void)document.get();
        return seconds;
    };
    const std::vector<double> busyWith = headersWhileReading(**engine);
    std::vector<double> busyWithout;
    if (auto plain = ocr::Engine::create(2, "vie", false))
        busyWithout = headersWhileReading(**plain);
    const double ourSeconds = ours.wall, ourCpu = ours.cpu, stationSeconds = former.wall, stationCpu = former.cpu;
    const double aloneSeconds = aloneBest.wall, aloneCpu = aloneBest.cpu, theirSeconds = theirs.wall, theirCpu = theirs.cpu;
    std::vector<std::string> ourText;
    for (const auto& id : ids)
        ourText.push_back(pdfText((tmp / (id + ".pdf")).string()));
    std::vector<std::string> theirText;
    for (size_t i = 0; i < ids.size(); ++i)
        theirText.push_back(pdfText((tmp / "out.pdf").string(), static_cast<int>(i + 1)));

    double ourCer = 0, theirCer = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        ourCer += cer(truthText[i], ourText[i]);
        theirCer += cer(truthText[i], theirText[i]);
    }
    ourCer /= static_cast<double>(ids.size());
    theirCer /= static_cast<double>(ids.size());
    const double n = static_cast<double>(ids.size());
    const double loadAfter = load1();
    bench::printTable("OCR of " + std::to_string(ids.size()) + " scanned first pages (" +
                          (bitonal300 ? "1-bit 300 dpi" : "200/300 dpi") + ", 2 cores" +
                          (repeats > 1 ? ", each reading's best of " + std::to_string(repeats) + " runs in turn" : std::string()) +
                          "; Tesseract recognitions of pages and regions: station's order " +
                          std::to_string(recognitions) + ", former order " + std::to_string(stationRecognitions) + ")",
                      "ocrmypdf -l vie",
                      {
                          {"full text + searchable PDF (wall)", "pages/min", 60.0 * n / aloneSeconds, 60.0 * n / theirSeconds},
                          {"full text + searchable PDF, CPU per page", "s", aloneCpu / n, theirCpu / n},
                          {"full text + searchable PDF on 2 idle cores, from CPU", "pages/min", 120.0 * n / aloneCpu, 120.0 * n / theirCpu},
                          {"station's order: header, full text + PDF, closing (wall)", "pages/min", 60.0 * n / ourSeconds, 60.0 * n / theirSeconds},
                          {"station's order: wall time for all pages", "s", ourSeconds, theirSeconds},
                          {"station's order: CPU per page (user + system)", "s", ourCpu / n, theirCpu / n},
                          {"station's order on 2 idle cores, from CPU time", "pages/min", 120.0 * n / ourCpu, 120.0 * n / theirCpu},
                          {"former order: all fields first, then full text + PDF (wall)", "pages/min", 60.0 * n / stationSeconds, 60.0 * n / theirSeconds},
                          {"former order: CPU per page (user + system)", "s", stationCpu / n, theirCpu / n},
                          {"mean CER of the PDF text layer vs born-digital text", "%", ourCer, theirCer},
                          {"time to header fields of page 1, mean (wall)", "s", std::accumulate(fieldTimes.begin(), fieldTimes.end(), 0.0) / n, std::nullopt},
                          {"time to header fields of page 1, p90 (wall)", "s", bench::percentile(fieldTimes, 90), std::nullopt},
                          {"time to header fields of page 1, mean CPU (all threads)", "s", std::accumulate(fieldCpu.begin(), fieldCpu.end(), 0.0) / n, std::nullopt},
                          {"in the station's order (engine busy with the pages before), mean (wall)", "s", std::accumulate(busyHeader.begin(), busyHeader.end(), 0.0) / n, std::nullopt},
                          {"in the station's order (engine busy with the pages before), p90 (wall)", "s", bench::percentile(busyHeader, 90), std::nullopt},
                          {"while a document's full text is read, mean (wall)", "s", std::accumulate(busyWith.begin(), busyWith.end(), 0.0) / n, std::nullopt},
                          {"while a document's full text is read, p90 (wall)", "s", bench::percentile(busyWith, 90), std::nullopt},
                          {"the same on an engine without the region worker, mean (wall)", "s", std::accumulate(busyWithout.begin(), busyWithout.end(), 0.0) / n, std::nullopt},
                          {"the same on an engine without the region worker, p90 (wall)", "s", bench::percentile(busyWithout, 90), std::nullopt},
                          {"load average (1 min) at start", "", loadBefore, std::nullopt},
                          {"load average (1 min) after ours / after ocrmypdf", "", loadMiddle, loadAfter},
                      });

    // The recogniser alone, as it comes: Tesseract's own command line on the same page images, two
    // pages at a time with one OpenMP thread each (as our workers run), writing its searchable PDF.
    // What no tool that runs Tesseract's LSTM over the same lines can beat by much: OCRmyPDF adds
    // its own work to this, we try to add none.
    std::string idList;
    for (const auto& id : ids)
        idList += id + "\n";
    const double t7 = now(), c7 = cpu(RUSAGE_CHILDREN);
    run("printf '" + idList + "' | OMP_THREAD_LIMIT=1 xargs -P 2 -I{} tesseract '" + kDev + "/pages/{}_p1.png' '" +
        (tmp / "tess-{}").string() + "' -l vie pdf 2>/dev/null");
    const double tessSeconds = now() - t7, tessCpu = cpu(RUSAGE_CHILDREN) - c7;
    double tessCer = 0;
    for (size_t i = 0; i < ids.size(); ++i)
        tessCer += cer(truthText[i], pdfText((tmp / ("tess-" + ids[i] + ".pdf")).string()));
    tessCer /= n;
    bench::printTable("The same pages through Tesseract's command line alone (the recogniser both tools run)",
                      "tesseract -l vie pdf",
                      {
                          {"full text + searchable PDF (wall)", "pages/min", 60.0 * n / aloneSeconds, 60.0 * n / tessSeconds},
                          {"full text + searchable PDF, CPU per page", "s", aloneCpu / n, tessCpu / n},
                          {"mean CER of the PDF text layer vs born-digital text", "%", ourCer, tessCer},
                      });

    // Against the same engine with libgomp's teams of one: what OpenMpInline.cpp saves, and that it
    // reads the same text.
    double aloneCer = 0, libgompCer = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        aloneCer += cer(truthText[i], pdfText((tmp / "alone.pdf").string(), static_cast<int>(i + 1)));
        libgompCer += cer(truthText[i], pdfText((tmp / "libgomp.pdf").string(), static_cast<int>(i + 1)));
    }
    bench::printTable("Full text + searchable PDF of the same pages, Tesseract's OpenMP regions inline on the workers "
                      "against through libgomp (VANTHU_OPENMP=libgomp)",
                      "libgomp",
                      {
                          {"full text + searchable PDF (wall)", "pages/min", 60.0 * n / aloneSeconds, 60.0 * n / libgompBest.wall},
                          {"full text + searchable PDF, CPU per page", "s", aloneCpu / n, libgompBest.cpu / n},
                          {"mean CER of the PDF text layer vs born-digital text", "%", aloneCer / n, libgompCer / n},
                      });

    // Whole documents, every page, in the station's order (readInStationOrder: the incoming flow
    // on imported scans; the closing looked for on the last page with text) and in the former
    // order (readDocument, then the full text and PDF), against OCRmyPDF on the same scanned PDFs.
    // The pages are imported (Poppler, at each scan's own resolution) before the clock starts, as
    // the first-page figures above start from decoded pages.
    std::vector<std::vector<PageImage>> whole;
    std::string wholeArgs;
    int wholePages = 0;
    for (size_t i = 0; i < ids.size(); ++i) {
        capture::ImportOptions io;
        io.dpi = scanDpi[i];
        auto f = capture::importFile(kDev + "/scans/" + ids[i] + ".pdf", io);
        if (!f) {
            std::fprintf(stderr, "%s\n", f.error().toString().c_str());
            return 1;
        }
        wholePages += static_cast<int>(f->pages.size());
        whole.push_back(std::move(f->pages));
        wholeArgs += " '" + kDev + "/scans/" + ids[i] + ".pdf'";
    }
    const double t4 = now(), c4 = cpu(RUSAGE_SELF);
    const auto wholeFailed = readInStationOrder(
        **engine, whole.size(), [&](size_t i) -> Result<std::vector<PageImage>> { return whole[i]; },
        [&](size_t i) { return (tmp / ("whole-" + ids[i] + ".pdf")).string(); });
    if (!wholeFailed)
        return 1;
    if (*wholeFailed)
        std::fprintf(stderr, "%d whole documents failed\n", *wholeFailed);
    const double wholeSeconds = now() - t4, wholeCpu = cpu(RUSAGE_SELF) - c4;
    const double t6 = now(), c6 = cpu(RUSAGE_SELF);
    std::vector<std::future<Result<ocr::DocumentText>>> formerFull;
    for (size_t i = 0; i < whole.size(); ++i) {
        auto x = reader.readDocument(whole[i]);
        if (!x)
            return 1;
        formerFull.push_back((*engine)->recognizeDocument(whole[i], (tmp / ("former-" + ids[i] + ".pdf")).string(), x->meta));
    }
    for (auto& f : formerFull)
        if (!f.get())
            std::fprintf(stderr, "a whole document failed in the former order\n");
    const double formerSeconds = now() - t6, formerCpu = cpu(RUSAGE_SELF) - c6;
    run("qpdf --empty --pages" + wholeArgs + " -- '" + (tmp / "whole-in.pdf").string() + "'");
    const double t5 = now(), c5 = cpu(RUSAGE_CHILDREN);
    run("ocrmypdf -q -l vie --jobs 2 --output-type pdf '" + (tmp / "whole-in.pdf").string() + "' '" +
        (tmp / "whole-out.pdf").string() + "' 2>&1");
    const double theirWholeSeconds = now() - t5, theirWholeCpu = cpu(RUSAGE_CHILDREN) - c5;
    const double wp = static_cast<double>(wholePages);
    bench::printTable("Whole documents: " + std::to_string(whole.size()) + " documents, " + std::to_string(wholePages) +
                          " pages",
                      "ocrmypdf -l vie",
                      {
                          {"station's order: header, full text + PDF, closing (wall)", "pages/min", 60.0 * wp / wholeSeconds, 60.0 * wp / theirWholeSeconds},
                          {"station's order: CPU per page (user + system)", "s", wholeCpu / wp, theirWholeCpu / wp},
                          {"station's order on 2 idle cores, from CPU time", "pages/min", 120.0 * wp / wholeCpu, 120.0 * wp / theirWholeCpu},
                          {"former order: every field first, then full text + PDF (wall)", "pages/min", 60.0 * wp / formerSeconds, 60.0 * wp / theirWholeSeconds},
                          {"former order: CPU per page (user + system)", "s", formerCpu / wp, theirWholeCpu / wp},
                      });
    if (!std::getenv("VANTHU_BENCH_KEEP"))  // set: the PDFs stay in the temporary folder, to be looked at
        fs::remove_all(tmp);
    return 0;
}
