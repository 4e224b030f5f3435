// End-to-end incoming intake throughput (issue #7 item 8): corpus scans through import, cleanup,
// header-first extraction, registration, ĐẾN stamp, certified copy (agency PAdES), outbox and the
// spool transport — against `ocrmypdf -l vie` (OCR and a text layer only) on the same files in the
// same run. The station runs on embedded defaults in a temporary data directory; the review step is
// the CLI's --yes (fields as read; an empty required field gets a placeholder so nothing stops).
// The clerk's two waits are rows of their own: from the file to the fields on the review screen
// (capture), and from "register" to the document stamped, certified and queued (commit). Between
// them the bench waits, as a clerk's review would, until the full text the flow started at capture
// is read (IncomingDraft::fullText); that time is the "review: full text" step of the second table,
// and it is how long a review must last for the commit to do no OCR.
// A second table splits vanthu's time by workflow step (from the flow's own progress reports):
// wall seconds and CPU seconds of this process and its reaped children (the signing sandboxes), so
// a figure taken on a shared machine still says where the work went.
// Usage: bench_intake [N documents, default 6]
#include "BenchTable.h"

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Station.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <thread>

#include <sys/resource.h>
#include <unistd.h>

using namespace vanthu;
namespace fs = std::filesystem;

namespace {

double now()
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

// CPU seconds (user + system) of this process and of its children that were waited for.
double cpuSeconds()
{
    auto secs = [](const rusage& u) {
        return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
               static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
    };
    rusage self{}, children{};
    ::getrusage(RUSAGE_SELF, &self);
    ::getrusage(RUSAGE_CHILDREN, &children);
    return secs(self) + secs(children);
}

// Wall and CPU time per step: a step runs from its first progress report to the next report of
// another step (or the end of the phase).
class StepClock {
public:
    void start(std::string name)
    {
        stop();
        m_current = std::move(name);
        m_wall = now();
        m_cpu = cpuSeconds();
    }
    void stop()
    {
        if (m_current.empty())
            return;
        auto& [wall, cpu] = m_totals[m_current];
        wall += now() - m_wall;
        cpu += cpuSeconds() - m_cpu;
        if (std::find(m_order.begin(), m_order.end(), m_current) == m_order.end())
            m_order.push_back(m_current);
        m_current.clear();
    }
    workflow::ProgressFn progress(const std::string& phase)
    {
        return [this, phase](const workflow::Progress& p) {
            const std::string name = phase + " " + std::string(workflow::toString(p.step));
            if (name != m_current)
                start(name);
        };
    }
    void print(int documents) const
    {
        std::printf("\n### vanthu per step (%d documents; CPU = this process + reaped children)\n\n", documents);
        std::printf("| step | wall s | CPU s | wall s/doc | CPU s/doc |\n|---|---:|---:|---:|---:|\n");
        double wallSum = 0, cpuSum = 0;
        for (const auto& name : m_order) {
            const auto& [wall, cpu] = m_totals.at(name);
            wallSum += wall;
            cpuSum += cpu;
            std::printf("| %s | %.3f | %.3f | %.3f | %.3f |\n", name.c_str(), wall, cpu, wall / documents, cpu / documents);
        }
        std::printf("| total | %.3f | %.3f | %.3f | %.3f |\n", wallSum, cpuSum, wallSum / documents, cpuSum / documents);
    }

private:
    std::string m_current;
    double m_wall = 0, m_cpu = 0;
    std::map<std::string, std::pair<double, double>> m_totals;
    std::vector<std::string> m_order;
};

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
    StepClock steps;
    const double t0 = now();
    const double cpu0 = cpuSeconds();
    std::vector<double> toFields, toCommitted;
    for (const auto& f : files) {
        workflow::IntakeSource src;
        src.files = {f};
        double s = now();
        auto drafts = flow.capture(src, steps.progress("capture"));
        steps.stop();
        toFields.push_back(now() - s);
        if (!drafts) {
            std::fprintf(stderr, "%s: %s\n", f.c_str(), drafts.error().toString().c_str());
            return 1;
        }
        for (auto& d : *drafts) {
            pages += static_cast<int>(d.pages.size());
            for (const auto& fld : d.fields)
                if (fld.required && fld.value.empty())
                    (void)workflow::applyCorrection(d, fld.name, fld.name == "number_symbol" ? "1/BENCH" : "(chưa đọc được)");
            steps.start("review: full text");
            while (!workflow::fullTextReady(d))
                std::this_thread::sleep_for(std::chrono::milliseconds(5));
            steps.stop();
            s = now();
            auto r = flow.commit(d, {}, steps.progress("commit"));
            steps.stop();
            toCommitted.push_back(now() - s);
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
        steps.start("uplink drain to spool");
        uplink::Uploader up(*reg, **transport);
        if (auto rep = up.run(); !rep)
            return 1;
        steps.stop();
    }
    const double ours = now() - t0;
    const double oursCpu = cpuSeconds() - cpu0;

    double theirs = 0;
    std::vector<double> theirsEach;
    const double theirsCpu0 = cpuSeconds();
    for (size_t i = 0; i < files.size(); ++i) {
        const std::string out = (tmp / ("ocrmypdf-" + std::to_string(i) + ".pdf")).string();
        const std::string cmd = "ocrmypdf -q -l vie --jobs 2 --output-type pdf '" + files[i] + "' '" + out + "' >/dev/null 2>&1";
        const double s = now();
        if (std::system(cmd.c_str()) != 0)
            std::fprintf(stderr, "ocrmypdf failed on %s\n", files[i].c_str());
        theirsEach.push_back(now() - s);
        theirs += theirsEach.back();
    }
    const auto mean = [](const std::vector<double>& v) {
        double sum = 0;
        for (double x : v)
            sum += x;
        return v.empty() ? 0.0 : sum / static_cast<double>(v.size());
    };
    const double theirsCpu = cpuSeconds() - theirsCpu0;   // std::system waits: ocrmypdf and its children
    bench::printTable("Incoming intake of " + std::to_string(files.size()) + " corpus documents (" + std::to_string(pages) +
                          " pages; " + std::to_string(registered) + " registered, " + std::to_string(secret) +
                          " secret), 2 cores",
                      "ocrmypdf -l vie (OCR + text layer only)",
                      {
                          {"end-to-end intake (import → spool)", "pages/min", 60.0 * pages / ours, 60.0 * pages / theirs},
                          {"wall time", "s", ours, theirs},
                          {"per document", "s", ours / static_cast<double>(files.size()), theirs / static_cast<double>(files.size())},
                          {"CPU per document", "s", oursCpu / static_cast<double>(files.size()), theirsCpu / static_cast<double>(files.size())},
                          {"file → fields on the review screen, mean per document (theirs: to a text layer)", "s",
                           mean(toFields), mean(theirsEach)},
                          {"register → stamped, certified, queued, mean per document (after the review; theirs: to a text layer)", "s",
                           mean(toCommitted), mean(theirsEach)},
                      });
    steps.print(static_cast<int>(files.size()));
    fs::remove_all(tmp);
    return 0;
}
