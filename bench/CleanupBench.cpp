// Page cleanup throughput on the scanned corpus, against unpaper on the same pages in the same run,
// and memory over a 300-page batch (scanner -> cleanup -> job folder).
//
//   bench_cleanup [PAGES] [BATCH]     PAGES corpus pages (default 20; unpaper takes
//                                    several seconds a page), BATCH batch pages (300)
//
// Throughput: each corpus scan is imported at its own scan resolution (capture::importFile, not
// timed); every page then goes through capture::cleanPage (borders, orientation, deskew, blank
// score) and, written as PNM, through `unpaper` (its default chain: noise, blur, black and grey
// filters, mask and border detection, deskew; no orientation) in a separate process. unpaper's
// time includes its process start and PNM read/write; ours excludes PNG encoding.
//
// Memory: a private SANE configuration with the `test` backend scans BATCH flatbed pages (grid
// test picture, grey, 200 dpi); each page is written raw, cleaned and written clean into a job
// folder, as `vanthu scan` does, with the same allocator setting as `vanthu scan` (a fixed 1 MiB
// mmap threshold; with glibc's default dynamic threshold the resident size grew from 23 to 44 MiB
// over 300 pages although nothing leaked). The resident set size is printed along the way.

#include "BenchTable.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"
#include "vanthu/capture/Job.h"
#include "vanthu/capture/Scanner.h"

#include <malloc.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <string>

using namespace vanthu;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

double rssMiB()
{
    std::ifstream in("/proc/self/status");
    std::string line;
    while (std::getline(in, line))
        if (line.starts_with("VmRSS:"))
            return static_cast<double>(std::atol(line.c_str() + 6)) / 1024.0;
    return 0;
}

// PNM as unpaper reads it: P4 for black and white, P5 grey, P6 colour.
void writePnm(const PageImage& p, const std::string& path)
{
    std::ofstream out(path, std::ios::binary);
    const char* magic = p.format == PixelFormat::Mono1 ? "P4" : p.format == PixelFormat::Gray8 ? "P5" : "P6";
    out << magic << "\n" << p.width << " " << p.height << "\n";
    if (p.format != PixelFormat::Mono1)
        out << "255\n";
    for (int y = 0; y < p.height; ++y)
        out.write(reinterpret_cast<const char*>(p.pixels->data() + static_cast<size_t>(y) * p.stride),
                  static_cast<std::streamsize>(PageImage::strideFor(p.format, p.width)));
}

// Runs unpaper on one page; returns false when it failed.
bool unpaper(const std::string& in, const std::string& out)
{
    const pid_t pid = fork();
    if (pid == 0) {
        if (FILE* devnull = std::fopen("/dev/null", "w")) {
            dup2(fileno(devnull), 1);
            dup2(fileno(devnull), 2);
        }
        execl(VANTHU_UNPAPER, "unpaper", "--overwrite", "-q", in.c_str(), out.c_str(), static_cast<char*>(nullptr));
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

struct Doc {
    std::string id;
    int dpi = 0;
};

std::vector<Doc> corpusDocs(const std::string& corpus)
{
    std::vector<Doc> docs;
    std::ifstream in(corpus + "/truth.jsonl");
    const std::regex id("\"id\": \"([A-Z]+-[0-9]+)\""), dpi("\"degradations\": \\{\"dpi\": ([0-9]+)");
    std::string line;
    while (std::getline(in, line)) {
        std::smatch a, b;
        if (std::regex_search(line, a, id) && std::regex_search(line, b, dpi))
            docs.push_back({a[1], std::stoi(b[1])});
    }
    return docs;
}

} // namespace

int main(int argc, char** argv)
{
    const int wantPages = argc > 1 ? std::atoi(argv[1]) : 20;
    const int batchPages = argc > 2 ? std::atoi(argv[2]) : 300;
    const std::string corpus = std::string(VANTHU_SHARED_DIR) + "/corpus/dev";
    const auto docs = corpusDocs(corpus);
    if (docs.empty()) {
        std::fprintf(stderr, "corpus missing: %s\n", corpus.c_str());
        return 1;
    }
    char tmpl[] = "/tmp/vanthu-bench-cleanup-XXXXXX";
    if (!mkdtemp(tmpl))
        return 1;
    const std::string tmp = tmpl;

    // ---- throughput on the corpus ----
    int pages = 0, unpaperFailures = 0;
    double ours = 0, theirs = 0, megapixels = 0;
    for (const auto& d : docs) {
        if (pages >= wantPages)
            break;
        capture::ImportOptions o;
        o.dpi = d.dpi;
        auto f = capture::importFile(corpus + "/scans/" + d.id + ".pdf", o);
        if (!f) {
            std::fprintf(stderr, "%s: %s\n", d.id.c_str(), f.error().toString().c_str());
            return 1;
        }
        for (const auto& page : f->pages) {
            if (pages >= wantPages)
                break;
            const auto t0 = Clock::now();
            auto r = capture::cleanPage(page);
            const auto t1 = Clock::now();
            if (!r) {
                std::fprintf(stderr, "%s: %s\n", d.id.c_str(), r.error().toString().c_str());
                return 1;
            }
            ours += seconds(t0, t1);
            const std::string in = tmp + "/in.ppm", out = tmp + "/out.ppm";
            writePnm(page, in);
            const auto u0 = Clock::now();
            unpaperFailures += !unpaper(in, out);
            theirs += seconds(u0, Clock::now());
            megapixels += page.width * static_cast<double>(page.height) / 1e6;
            ++pages;
        }
    }
    rusage children{};
    getrusage(RUSAGE_CHILDREN, &children);
    std::printf("corpus pages: %d (%.1f megapixels in all), unpaper failures: %d\n", pages, megapixels, unpaperFailures);
    if (pages > 0)
        bench::printTable("Page cleanup on the dev corpus (" + std::to_string(pages) + " pages at 200/300 dpi)", "unpaper 7",
                      {{"throughput", "pages/min", 60.0 * pages / ours, 60.0 * pages / theirs},
                       {"time per page", "s", ours / pages, theirs / pages}});

    // ---- memory over a long batch ----
    const std::string sane = tmp + "/sane";
    fs::create_directories(sane);
    std::ofstream(sane + "/dll.conf") << "test\n";
    ::setenv("SANE_CONFIG_DIR", sane.c_str(), 1);
    auto session = capture::ScannerSession::open("test:0").get();
    if (!session) {
        std::fprintf(stderr, "%s\n", session.error().toString().c_str());
        return 1;
    }
    auto job = capture::JobFolder::create(tmp + "/jobs", {{"source", "bench"}});
    if (!job)
        return 1;
    capture::ScanSettings s;
    s.source = capture::Source::Flatbed;
    s.dpi = 200;
    s.mode = capture::ColorMode::Gray;
    s.maxPages = batchPages;
    s.extraOptions = {{"test-picture", "Grid"}};
    mallopt(M_MMAP_THRESHOLD, 1 << 20); // as cmdScan does
    std::vector<std::pair<int, double>> rss;
    double peak = 0;
    const double before = rssMiB();
    const auto b0 = Clock::now();
    auto done = (*session)->scan(s, [&](const capture::ScanEvent& e) {
        if (e.kind != capture::ScanEvent::Kind::PageDone)
            return;
        // Written and cleaned as the page arrives (on the scanner's thread here, as one consumer).
        job->writePage(e.page, "raw", e.image);
        if (auto c = capture::cleanPage(e.image); c)
            job->writePage(e.page, "clean", c->page);
        const double now = rssMiB();
        peak = std::max(peak, now);
        if (e.page == 1 || e.page % 50 == 0 || e.page == batchPages)
            rss.emplace_back(e.page, now);
    }).get();
    const double batchSeconds = seconds(b0, Clock::now());
    if (!done) {
        std::fprintf(stderr, "%s\n", done.error().toString().c_str());
        return 1;
    }
    std::printf("\nbatch: %d pages scanned (test backend, 200 dpi grey, 1575 x 1575 px), cleaned and written in %.1f s "
                "(%.0f pages/min)\n",
                done->pages, batchSeconds, 60.0 * done->pages / batchSeconds);
    std::printf("| page | RSS (MiB) |\n|---:|---:|\n| before | %.1f |\n", before);
    for (const auto& [page, mib] : rss)
        std::printf("| %d | %.1f |\n", page, mib);
    const double start = rss.front().second, middle = rss[rss.size() / 2].second, end = rss.back().second;
    std::printf("RSS start %.1f MiB, middle %.1f MiB, end %.1f MiB, peak %.1f MiB: growth end/start %.3f\n", start, middle,
                end, peak, end / start);
    bench::printTable("Memory over a " + std::to_string(done->pages) + "-page batch", "unpaper 7 (max RSS of one page)",
                      {{"resident set at the end", "MiB", end, static_cast<double>(children.ru_maxrss) / 1024.0},
                       {"growth end / start", "ratio", end / start, std::nullopt}});
    session->reset();
    fs::remove_all(tmp);
    return 0;
}
