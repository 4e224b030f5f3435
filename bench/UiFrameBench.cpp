// UI-thread stalls of the kiosk while a 20-page batch scans on SANE's test device and is read (OCR)
// through the real app's worker (issue #8: "the UI thread never stalls > 50 ms"), against the same
// workload run synchronously on the GUI thread — what a UI that calls the workflow directly does.
//
// Measured on the GUI thread: the lateness of a 16 ms heartbeat QTimer (how long the event loop was
// not free), and the intervals between QQuickWindow::frameSwapped (each heartbeat asks for a frame,
// so a healthy UI swaps every ~16 ms; under xvfb these are real GL/software swaps). The test
// backend's feeder holds 10 sheets, so the batch is two trays of 10 (the clerk refills the tray).
//
// Usage: bench_ui_frames [pages, default 20] [--kiosk-only] [--redraw] [--trace MS]
//        --redraw: the heartbeat also asks for a frame every 16 ms (a window animating the whole time,
//        e.g. a clerk scrolling throughout); without it the window draws what the kiosk changes.
//        --trace MS: print every event the GUI thread took longer than MS to deliver (its type, the
//        receiver's class and object name, the GUI thread's CPU time in it) — where a stall comes from.
//        xvfb-run -a -s "-screen 0 1920x1080x24" build/bench/bench_ui_frames   (frames as on a screen)
#include "BenchTable.h"

#include "IncomingModel.h"
#include "StationApp.h"

#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Records.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QGuiApplication>
#include <QThread>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <time.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <numeric>
#include <string>

Q_IMPORT_QML_PLUGIN(Vanthu_StationPlugin)

using namespace vanthu;

namespace {

constexpr int kHeartbeatMs = 16;
constexpr int kTray = 10;   // sheets in the test backend's feeder

// Runs the event loop (sleeping between events, as the kiosk's does) until `done` holds; false after
// `timeoutMs`. An earlier version polled processEvents() in a loop: the GUI thread then spun at
// 100 % of a core, which the kiosk never does, and took that core from the worker.
bool spin(const std::function<bool()>& done, int timeoutMs)
{
    if (done())
        return true;
    QElapsedTimer t;
    t.start();
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(10);
    bool ok = false;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (done()) {
            ok = true;
            loop.quit();
        } else if (t.elapsed() > timeoutMs) {
            loop.quit();
        }
    });
    poll.start();
    loop.exec();
    return ok;
}

// CPU time of the calling thread, in milliseconds (time the GUI thread worked, not waited or was preempted).
double threadCpuMs()
{
    timespec ts{};
    ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) * 1e3 + double(ts.tv_nsec) / 1e6;
}

// Heartbeat lateness and frame intervals on the GUI thread, in milliseconds.
class StallMeter : public QObject {
public:
    // redraw: ask for a frame at every heartbeat (a window that animates all the time: the worst case).
    StallMeter(QQuickWindow* window, bool redraw) : m_window(window), m_redraw(redraw)
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(kHeartbeatMs);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double cpu = threadCpuMs();
            if (m_last >= 0) {
                m_late.push_back(std::max(0.0, double(now - m_last) / 1e6 - kHeartbeatMs));
                m_cpu.push_back(cpu - m_lastCpu);
            }
            m_last = now;
            m_lastCpu = cpu;
            if (m_window && m_redraw)
                m_window->update();
        });
        if (m_window)
            connect(m_window, &QQuickWindow::frameSwapped, this, [this] {
                const qint64 now = m_clock.nsecsElapsed();
                if (m_lastFrame >= 0)
                    m_frames.push_back(double(now - m_lastFrame) / 1e6);
                m_lastFrame = now;
            }, Qt::DirectConnection);
    }
    void start()
    {
        m_late.clear();
        m_frames.clear();
        m_cpu.clear();
        m_last = m_lastFrame = -1;
        m_clock.start();
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    // The event loop must run once more so a stall at the very end is seen.
    void settle() { spin([] { return false; }, 3 * kHeartbeatMs); }

    std::vector<double> m_late, m_frames;
    std::vector<double> m_cpu;   // the GUI thread's CPU time between two heartbeats (its own work, whatever the load)

private:
    QQuickWindow* m_window;
    bool m_redraw;
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = -1, m_lastFrame = -1;
    double m_lastCpu = 0;
};

// The application, timing each event the GUI thread delivers when tracing is on.
// Also times each frame's work on the GUI thread: the window's UpdateRequest (polish and sync with the
// threaded render loop — the GUI thread waits while the render thread copies the scene — or the whole
// render with the basic loop).
class TracingApp : public QGuiApplication {
public:
    using QGuiApplication::QGuiApplication;
    double traceMs = -1;
    std::vector<double>* frameWork = nullptr;
    QElapsedTimer clock;   // started with the measured batch: trace times are from its start

    bool notify(QObject* receiver, QEvent* event) override
    {
        if ((traceMs < 0 && !frameWork) || QThread::currentThread() != thread())
            return QGuiApplication::notify(receiver, event);
        const auto type = event->type();
        QElapsedTimer t;
        t.start();
        const double cpu0 = threadCpuMs();
        const bool r = QGuiApplication::notify(receiver, event);
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (frameWork && type == QEvent::UpdateRequest && receiver->isWindowType())
            frameWork->push_back(ms);
        if (traceMs >= 0 && ms > traceMs)
            std::fprintf(stderr, "trace: at %8.3f s: %7.1f ms (cpu %6.1f ms) event %d to %s '%s'\n", double(clock.elapsed()) / 1000.0,
                         ms, threadCpuMs() - cpu0, int(type), receiver->metaObject()->className(), qPrintable(receiver->objectName()));
        return r;
    }
};

double maxOf(const std::vector<double>& v) { return v.empty() ? 0 : *std::max_element(v.begin(), v.end()); }
double sum(const std::vector<double>& v) { return std::accumulate(v.begin(), v.end(), 0.0); }
int countOver(const std::vector<double>& v, double limit)
{
    return static_cast<int>(std::count_if(v.begin(), v.end(), [&](double x) { return x > limit; }));
}

} // namespace

int main(int argc, char** argv)
{
    const int pages = argc > 1 ? std::max(1, std::atoi(argv[1])) : 20;
    bool kioskOnly = false;
    bool redraw = false;
    double traceMs = -1;
    for (int i = 2; i < argc; ++i) {
        if (std::string(argv[i]) == "--kiosk-only")
            kioskOnly = true;
        else if (std::string(argv[i]) == "--redraw")
            redraw = true;
        else if (std::string(argv[i]) == "--trace" && i + 1 < argc)
            traceMs = std::atof(argv[++i]);
    }
    const QString tmp = QDir::tempPath() + QStringLiteral("/vanthu-bench-ui-") + QString::number(QCoreApplication::applicationPid());
    QDir(tmp).removeRecursively();
    QDir().mkpath(tmp + QStringLiteral("/sane"));
    {
        QFile dll(tmp + QStringLiteral("/sane/dll.conf"));
        QFile ini(tmp + QStringLiteral("/vanthu.ini"));
        if (!dll.open(QIODevice::WriteOnly) || !ini.open(QIODevice::WriteOnly))
            return 1;
        dll.write("test\n");
        ini.write(QStringLiteral("[station]\ndata_dir = %1/data\n").arg(tmp).toUtf8());
    }
    qputenv("SANE_CONFIG_DIR", QFile::encodeName(tmp + QStringLiteral("/sane")));
    ui::choosePlatform();
    TracingApp app(argc, argv);

    ui::StationOptions options;
    options.config = tmp + QStringLiteral("/vanthu.ini");
    options.idleLockSeconds = 0;
    ui::StationApp station(options);
    if (!station.start() || !spin([&] { return station.state().ready() || !station.state().setupError().isEmpty(); }, 180000) ||
        !station.state().ready()) {
        std::fprintf(stderr, "setup: %s\n", qPrintable(station.state().setupError()));
        return 1;
    }
    // Setup (not measured): an archivist account, signed in, on the batch screen, OCR engine loaded.
    auto* st = station.session().station();
    if (!workflow::Records(*st).addUser("luutru", "Phạm Thị Lưu Trữ", reg::Role::LuuTru, "mat-khau-do-kiem", "bench")) {
        std::fprintf(stderr, "account could not be made\n");
        return 1;
    }
    station.state().refreshAccounts();
    spin([&] { return !station.state().busy(); }, 30000);
    station.state().login(QStringLiteral("luutru"), QStringLiteral("mat-khau-do-kiem"));
    if (!spin([&] { return station.state().signedIn(); }, 60000)) {
        std::fprintf(stderr, "login failed: %s\n", qPrintable(station.state().loginError()));
        return 1;
    }
    auto* model = station.root()->findChild<ui::IncomingModel*>(QStringLiteral("incomingModel"));
    station.show(QStringLiteral("batch"));
    model->refreshDevices();
    if (!spin([&] { return !model->scanner().isEmpty() || !model->errorTitle().isEmpty(); }, 60000) || model->scanner().isEmpty()) {
        std::fprintf(stderr, "no scanner: %s\n", qPrintable(model->errorTitle()));
        return 1;
    }
    // The OCR engine is made where the app makes it: on the worker (its threads inherit the worker's priority).
    std::atomic<int> engine{0};
    station.session().worker().post([st, &engine] { engine = st->ocrEngine() ? 1 : 2; });
    if (!spin([&] { return engine != 0; }, 120000) || engine != 1) {
        std::fprintf(stderr, "ocr engine did not start\n");
        return 1;
    }

    StallMeter meter(station.window(), redraw);
    std::vector<double> frameWork;

    // 0. The machine's own noise: the same window and heartbeat, nothing running, 15 s.
    meter.start();
    spin([] { return false; }, 15000);
    meter.stop();
    const auto idleLate = meter.m_late;

    app.traceMs = traceMs;
    // 1. The kiosk: the batch runs on the worker; the GUI thread only shows progress and thumbnails.
    app.frameWork = &frameWork;
    app.clock.start();
    meter.start();
    QElapsedTimer wall;
    wall.start();
    int kioskPages = 0;
    for (int left = pages; left > 0; left -= kTray) {
        model->scanBatch(std::min(left, kTray));
        if (!spin([&] { return model->busy(); }, 5000) || !spin([&] { return !model->busy(); }, 600000)) {
            std::fprintf(stderr, "the batch did not finish\n");
            return 1;
        }
        if (!model->errorTitle().isEmpty()) {
            std::fprintf(stderr, "scan: %s — %s\n", qPrintable(model->errorTitle()), qPrintable(model->errorHint()));
            return 1;
        }
        if (traceMs >= 0)
            std::fprintf(stderr, "trace: at %8.3f s: a tray of the batch was read\n", double(app.clock.elapsed()) / 1000.0);
        for (int d = 0; d < model->documentCount(); ++d) {
            model->selectDocument(d);
            kioskPages += static_cast<int>(model->currentDraft()->pages.size());
        }
    }
    meter.settle();
    meter.stop();
    const double kioskSeconds = double(wall.elapsed()) / 1000.0;
    const auto kioskLate = meter.m_late;
    const auto kioskFrames = meter.m_frames;
    const auto kioskCpu = meter.m_cpu;
    app.frameWork = nullptr;
    const auto kioskFrameWork = frameWork;

    // 2. The same workload called on the GUI thread (a blocking UI).
    meter.start();
    wall.restart();
    int blockingPages = 0;
    workflow::IncomingFlow flow(*st, "luutru");
    for (int left = kioskOnly ? 0 : pages; left > 0; left -= kTray) {
        workflow::IntakeSource source;
        source.kind = workflow::IntakeSource::Kind::Scanner;
        source.device = model->scanner().toStdString();
        source.scan.source = capture::Source::Adf;
        source.scan.maxPages = std::min(left, kTray);
        auto drafts = flow.capture(source);
        if (!drafts) {
            std::fprintf(stderr, "blocking capture: %s\n", drafts.error().toString().c_str());
            return 1;
        }
        for (const auto& d : *drafts)
            blockingPages += static_cast<int>(d.pages.size());
        QCoreApplication::processEvents();   // the heartbeat sees the stall
    }
    meter.settle();
    meter.stop();
    const double blockingSeconds = double(wall.elapsed()) / 1000.0;
    const auto blockingLate = meter.m_late;
    const auto blockingFrames = meter.m_frames;
    const auto blockingCpu = meter.m_cpu;

    using bench::Row;
    std::vector<Row> rows{
        {"pages scanned and read", "pages", double(kioskPages), double(blockingPages)},
        {"wall time", "s", kioskSeconds, blockingSeconds},
        {"UI-thread stall, max (16 ms heartbeat lateness)", "ms", maxOf(kioskLate), maxOf(blockingLate)},
        {"UI-thread stall, p99", "ms", bench::percentile(kioskLate, 99), bench::percentile(blockingLate, 99)},
        {"heartbeats late by > 50 ms", "count", double(countOver(kioskLate, 50)), double(countOver(blockingLate, 50))},
        {"UI-thread CPU between two heartbeats, max", "ms", maxOf(kioskCpu), maxOf(blockingCpu)},
        {"UI-thread CPU, total", "s", sum(kioskCpu) / 1000.0, sum(blockingCpu) / 1000.0},
        {"UI-thread time per frame (polish + sync), max", "ms", maxOf(kioskFrameWork), std::nullopt},
        {"frames swapped", "count", double(kioskFrames.size() + (kioskFrames.empty() ? 0 : 1)),
         double(blockingFrames.size() + (blockingFrames.empty() ? 0 : 1))},
    };
    if (redraw) {
        // Every heartbeat asked for a frame: the intervals between swaps are the frame rate the clerk sees.
        rows.push_back({"frame interval, max (frameSwapped)", "ms", maxOf(kioskFrames), maxOf(blockingFrames)});
        rows.push_back({"frame interval, p99", "ms", bench::percentile(kioskFrames, 99), bench::percentile(blockingFrames, 99)});
    }
    bench::printTable("Kiosk UI thread during a " + std::to_string(pages) + "-page scan + OCR batch (SANE test device, platform " +
                          QGuiApplication::platformName().toStdString() +
                          (redraw ? ", a frame asked every 16 ms)" : ", frames as the kiosk asks for them)"),
                      "same work on the GUI thread", rows);
    double load[3] = {0, 0, 0};
    (void)::getloadavg(load, 3);
    std::printf("\nIdle baseline (same window and heartbeat, no work, 15 s): stall max %.1f ms, p99 %.1f ms; "
                "load average %.2f on %d cores\n",
                maxOf(idleLate), bench::percentile(idleLate, 99), load[0], QThread::idealThreadCount());
    const bool ok = maxOf(kioskLate) <= 50;
    std::printf("\nTarget: the UI thread never stalls > 50 ms — %s (worst %.1f ms)\n", ok ? "met" : "NOT met", maxOf(kioskLate));
    QDir(tmp).removeRecursively();
    return ok ? 0 : 3;
}
