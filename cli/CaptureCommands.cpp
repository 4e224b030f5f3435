// vanthu devices | scan | import: capture from scanners and files into a job folder.
#include "Commands.h"

#include "vanthu/capture/Cleanup.h"
#include "vanthu/capture/Import.h"
#include "vanthu/capture/Job.h"
#include "vanthu/capture/Scanner.h"
#include "vanthu/capture/Separation.h"

#include <malloc.h>

#include <condition_variable>
#include <cstdio>
#include <deque>
#include <filesystem>
#include <mutex>

namespace vanthu::cli {

namespace {

int usageError(const std::string& text)
{
    std::fprintf(stderr, "%s\n", text.c_str());
    return ExitUsage;
}

// Page buffers are 5-35 MB each. glibc raises its mmap threshold after the first such buffer is
// freed and then serves later ones from the heap, whose freed space it keeps: the resident size of
// a long batch grew from 23 to 44 MiB over 300 pages (valgrind: nothing leaked). A fixed 1 MiB
// threshold maps every page buffer separately and gives it back when freed (bench_cleanup).
void pagesReturnToTheSystem() { mallopt(M_MMAP_THRESHOLD, 1 << 20); }

std::string jobRoot(const Context& ctx, const Args& a) { return a.value("out").value_or(ctx.config.dataDir + "/jobs"); }

// Cleans one page, writes the clean stage and its facts, and prints a line. Returns the marks.
capture::PageMarks finishPage(capture::JobFolder& job, int index, const PageImage& raw)
{
    capture::PageMarks marks;
    auto clean = capture::cleanPage(raw);
    if (!clean) {
        std::fprintf(stderr, "  trang / page %d: làm sạch thất bại / cleanup failed: %s (giữ bản gốc / raw kept)\n", index,
                     clean.error().toString().c_str());
        job.writeFacts(index, {{"cleanup_error", clean.error().toString()}});
        return marks;
    }
    marks = capture::analysePage(clean->page);
    auto path = job.writePage(index, "clean", clean->page);
    job.writeFacts(index, {{"rotation", std::to_string(clean->rotationDeg)},
                           {"skew_deg", std::to_string(clean->skewDeg)},
                           {"blank", clean->blank.blank ? "true" : "false"},
                           {"blank_score", std::to_string(clean->blank.score)},
                           {"patch_t", marks.patchT ? "true" : "false"},
                           {"barcode", marks.barcodeText.value_or("")},
                           {"dpi", std::to_string(raw.dpi)}});
    std::printf("  trang / page %3d: %dx%d @%d dpi, xoay / rotated %d°, nghiêng / skew %.2f°%s  %s\n", index, raw.width,
                raw.height, raw.dpi, clean->rotationDeg, clean->skewDeg,
                clean->blank.blank ? ", TRANG TRẮNG / BLANK (đánh dấu, không xóa / flagged, kept)" : "",
                path ? path->c_str() : "");
    std::fflush(stdout);
    return marks;
}

void printDocuments(const std::vector<capture::PageMarks>& marks)
{
    const auto docs = capture::separate(marks, {});
    std::printf("Tài liệu / Documents: %zu\n", docs.size());
    for (size_t i = 0; i < docs.size(); ++i) {
        std::printf("  %zu: trang / pages", i + 1);
        for (int p : docs[i])
            std::printf(" %d", p + 1);
        std::printf("\n");
    }
}

} // namespace

int cmdDevices(Context&, const std::vector<std::string>& argv)
{
    Args a = Args::parse(argv, {});
    if (!a.error().empty() || !a.unknown({}).empty())
        return usageError("vanthu devices");
    auto devices = capture::ScannerSession::listDevices().get();
    if (!devices)
        return report(devices.error());
    if (devices->empty())
        std::printf("Không tìm thấy máy quét / No scanner found\n");
    for (const auto& d : *devices)
        std::printf("%-32s %s %s (%s)\n", d.name.c_str(), d.vendor.c_str(), d.model.c_str(), d.type.c_str());
    return ExitOk;
}

int cmdScan(Context& ctx, const std::vector<std::string>& argv)
{
    pagesReturnToTheSystem();
    Args a = Args::parse(argv, {"device", "source", "pages", "dpi", "mode", "out", "profile"});
    if (!a.error().empty())
        return usageError(a.error());
    if (auto u = a.unknown({"device", "source", "pages", "dpi", "mode", "out", "profile", "help"}); !u.empty() || a.flag("help"))
        return usageError("vanthu scan [--profile NAME] [--device NAME] [--source flatbed|adf|duplex] [--pages N] "
                          "[--dpi 300] [--mode color|gray|lineart] [--out DIR]");
    // A profile from the configuration ([profile.<name>]) first; options given here override it.
    capture::ScanSettings s;
    if (auto name = a.value("profile")) {
        const auto it = ctx.config.scanProfiles.find(*name);
        if (it == ctx.config.scanProfiles.end()) {
            std::fprintf(stderr, "Không có hồ sơ quét / No scan profile '%s' ([profile.%s] in the configuration)\n",
                         name->c_str(), name->c_str());
            return ExitNotFound;
        }
        auto profile = capture::scanProfile(*name, it->second);
        if (!profile)
            return report(profile.error());
        s = profile->settings;
    }
    if (auto source = a.value("source")) {
        if (*source == "flatbed")
            s.source = capture::Source::Flatbed;
        else if (*source == "adf")
            s.source = capture::Source::Adf;
        else if (*source == "duplex")
            s.source = capture::Source::AdfDuplex;
        else
            return usageError("--source is flatbed, adf or duplex");
    }
    if (auto mode = a.value("mode")) {
        if (*mode == "color")
            s.mode = capture::ColorMode::Color;
        else if (*mode == "gray")
            s.mode = capture::ColorMode::Gray;
        else if (*mode == "lineart")
            s.mode = capture::ColorMode::Lineart;
        else
            return usageError("--mode is color, gray or lineart");
    }
    if (auto dpi = a.value("dpi"))
        s.dpi = std::atoi(dpi->c_str());
    if (auto pages = a.value("pages"))
        s.maxPages = std::atoi(pages->c_str());
    if (s.dpi < 50 || s.dpi > 1200 || s.maxPages < 0)
        return usageError("--dpi 50..1200, --pages ≥ 0");
    const std::string source = s.source == capture::Source::Flatbed ? "flatbed" : s.source == capture::Source::Adf ? "adf" : "duplex";

    std::string device = a.value("device").value_or("");
    if (device.empty()) {
        auto devices = capture::ScannerSession::listDevices().get();
        if (!devices)
            return report(devices.error());
        if (devices->empty()) {
            std::fprintf(stderr, "Không tìm thấy máy quét / No scanner found (dùng / use --device)\n");
            return ExitDevice;
        }
        device = devices->front().name;
    }
    auto session = capture::ScannerSession::open(device).get();
    if (!session)
        return report(session.error());
    // Settings the device cannot take (no duplex, no such mode) fail here, before a job folder exists.
    if (auto applied = (*session)->apply(s).get(); !applied)
        return report(applied.error());
    auto job = capture::JobFolder::create(jobRoot(ctx, a), {{"source", device}, {"feeder", source}});
    if (!job)
        return report(job.error());
    std::printf("Việc / Job: %s\n", job->dir().c_str());

    // Pages arrive on the scanner's thread; they are written and cleaned here while it reads on.
    std::mutex m;
    std::condition_variable cv;
    std::deque<std::pair<int, PageImage>> queue;
    bool finished = false;
    auto done = (*session)->scan(s, [&](const capture::ScanEvent& e) {
        if (e.kind == capture::ScanEvent::Kind::PageDone || e.kind == capture::ScanEvent::Kind::Finished) {
            std::lock_guard lock(m);
            if (e.kind == capture::ScanEvent::Kind::PageDone)
                queue.emplace_back(e.page, e.image);
            else
                finished = true;
            cv.notify_one();
        }
    });
    std::vector<capture::PageMarks> marks;
    for (;;) {
        std::unique_lock lock(m);
        cv.wait(lock, [&] { return !queue.empty() || finished; });
        if (queue.empty() && finished)
            break;
        auto [index, page] = std::move(queue.front());
        queue.pop_front();
        lock.unlock();
        if (auto raw = job->writePage(index, "raw", page); !raw)
            return report(raw.error());
        marks.push_back(finishPage(*job, index, page));
    }
    auto summary = done.get();
    if (!summary) {
        std::fprintf(stderr, "Đã lưu / Kept %zu trang / pages in %s\n", marks.size(), job->dir().c_str());
        return report(summary.error());
    }
    std::printf("Đã quét / Scanned %d trang / pages%s\n", summary->pages,
                summary->feederEmpty ? " (hết giấy trong khay / feeder empty)" : "");
    printDocuments(marks);
    return ExitOk;
}

int cmdImport(Context& ctx, const std::vector<std::string>& argv)
{
    pagesReturnToTheSystem();
    Args a = Args::parse(argv, {"dpi", "out"});
    if (!a.error().empty())
        return usageError(a.error());
    if (auto u = a.unknown({"dpi", "out", "help"}); !u.empty() || a.positional().empty() || a.flag("help"))
        return usageError("vanthu import FILE... [--dpi 300] [--out DIR]");
    capture::ImportOptions o;
    o.dpi = std::atoi(a.value("dpi").value_or("300").c_str());
    int status = ExitOk;
    for (const std::string& path : a.positional()) {
        auto f = capture::importFile(path, o);
        if (!f) {
            status = report(f.error());
            continue;
        }
        auto job = capture::JobFolder::create(jobRoot(ctx, a), {{"source", "file"}, {"file", path}, {"sha256", f->sha256}});
        if (!job)
            return report(job.error());
        if (auto kept = job->keepOriginal(path); !kept)
            return report(kept.error());
        std::printf("%s: %s, %zu trang / pages%s%s\nViệc / Job: %s\n", path.c_str(), f->kind.c_str(), f->pages.size(),
                    f->hasTextLayer ? ", có lớp chữ / has a text layer" : "",
                    f->hasSignature ? ", CÓ CHỮ KÝ SỐ / DIGITALLY SIGNED (cần xác minh / verify it)" : "",
                    job->dir().c_str());
        std::vector<capture::PageMarks> marks;
        for (size_t i = 0; i < f->pages.size(); ++i) {
            const int index = static_cast<int>(i + 1);
            if (auto raw = job->writePage(index, "raw", f->pages[i]); !raw)
                return report(raw.error());
            marks.push_back(finishPage(*job, index, f->pages[i]));
        }
        printDocuments(marks);
    }
    return status;
}

} // namespace vanthu::cli
