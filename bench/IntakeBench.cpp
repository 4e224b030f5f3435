// End-to-end incoming intake throughput (issue #7 item 8): corpus scans through import, cleanup,
// header-first extraction, registration, ĐẾN stamp, certified copy (agency PAdES), outbox and the
// spool transport — against `ocrmypdf -l vie` (OCR and a text layer only) on the same files in the
// same run. The station runs on embedded defaults in a temporary data directory; the review step is
// the CLI's --yes (fields as read; an empty required field gets a placeholder so nothing stops).
// Usage: bench_intake [N documents, default 6]
#include "BenchTable.h"

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Station.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <unistd.h>

using namespace vanthu;
namespace fs = std::filesystem;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

} // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::max(1, std::atoi(argv[1])) : 6;
    const fs::path tmp = fs::temp_directory_path() / ("vanthu-bench-intake-" + std::to_string(::getpid()));
    fs::create_directories(tmp);
    StationConfig c = StationConfig::defaults();
    c.dataDir = (tmp / "data").string();
    c.databasePath = c.dataDir + "/vanthu.db";
    workflow::SetupOptions so;
    so.assetsDir = std::string(VANTHU_SHARED_DIR) + "/assets";
    so.probeScanner = false;
    auto st = workflow::Station::setup(c, so);
    if (!st) {
        std::fprintf(stderr, "setup: %s\n", st.error().toString().c_str());
        return 1;
    }
    if (auto e = (*st)->ocrEngine(); !e) {   // engine start-up is not per-page work
        std::fprintf(stderr, "ocr: %s\n", e.error().toString().c_str());
        return 1;
    }
    std::vector<std::string> files;
    for (int i = 1; static_cast<int>(files.size()) < n && i <= 40; ++i) {
        char name[64];
        std::snprintf(name, sizeof name, "/corpus/dev/scans/DEV-%03d.pdf", i);
        files.push_back(std::string(VANTHU_SHARED_DIR) + name);
    }
    workflow::IncomingFlow flow(**st, "bench");
    int pages = 0, registered = 0, secret = 0;
    const double t0 = now();
    for (const auto& f : files) {
        workflow::IntakeSource src;
        src.files = {f};
        auto drafts = flow.capture(src);
        if (!drafts) {
            std::fprintf(stderr, "%s: %s\n", f.c_str(), drafts.error().toString().c_str());
            return 1;
        }
        for (auto& d : *drafts) {
            pages += static_cast<int>(d.pages.size());
            for (const auto& fld : d.fields)
                if (fld.required && fld.value.empty())
                    (void)workflow::applyCorrection(d, fld.name, fld.name == "number_symbol" ? "1/BENCH" : "(chưa đọc được)");
            auto r = flow.commit(d);
            if (!r) {
                std::fprintf(stderr, "%s: %s\n", f.c_str(), r.error().toString().c_str());
                return 1;
            }
            ++registered;
            secret += r->record.book == reg::IncomingBook::Secret;
        }
    }
    // Drain the outbox to the spool: "scan through outbox" ends with the package on its way.
    {
        auto reg = reg::Register::open((*st)->paths().database);
        auto transport = (*st)->uplink().makeTransport();
        if (!reg || !transport)
            return 1;
        uplink::Uploader up(*reg, **transport);
        if (auto rep = up.run(); !rep)
            return 1;
    }
    const double ours = now() - t0;

    double theirs = 0;
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string out = (tmp / ("ocrmypdf-" + std::to_string(i) + ".pdf")).string();
        const std::string cmd = "ocrmypdf -q -l vie --jobs 2 --output-type pdf '" + files[i] + "' '" + out + "' >/dev/null 2>&1";
        const double s = now();
        if (std::system(cmd.c_str()) != 0)
            std::fprintf(stderr, "ocrmypdf failed on %s\n", files[i].c_str());
        theirs += now() - s;
    }
    bench::printTable("Incoming intake of " + std::to_string(files.size()) + " corpus documents (" + std::to_string(pages) +
                          " pages; " + std::to_string(registered) + " registered, " + std::to_string(secret) +
                          " secret), 2 cores",
                      "ocrmypdf -l vie (OCR + text layer only)",
                      {
                          {"end-to-end intake (import → spool)", "pages/min", 60.0 * pages / ours, 60.0 * pages / theirs},
                          {"wall time", "s", ours, theirs},
                          {"per document", "s", ours / static_cast<double>(files.size()), theirs / static_cast<double>(files.size())},
                      });
    fs::remove_all(tmp);
    return 0;
}
