#pragma once
// The one thread that runs every blocking workflow call (SANE, Tesseract, PoDoFo, SQLite) for the
// kiosk (STYLE.md §3): requests go in as posted tasks, results come back to the UI thread as values
// through deliver(). The UI thread never waits on it. It runs at a lower CPU priority (kWorkerNice) than
// the UI thread, and so do the threads it starts.

#include <QObject>
#include <QThread>

#include <functional>

namespace vanthu::ui {

// The workflow worker's nice value. +10 starved the batch behind the UI's own threads (the kiosk took
// 2.7× the time of the same batch without a UI, bench_ui_frames); +5 still gives the UI thread three
// times the worker's CPU share when both want it (CFS weights 1024 : 335).
constexpr int kWorkerNice = 5;

class Worker {
public:
    // `name` names the thread (top, perf, gdb); `nice` is its Linux nice value (and its children's).
    explicit Worker(const QString& name = QStringLiteral("workflow"), int nice = kWorkerNice);
    ~Worker();   // finishes the running task, drops the queued ones, joins
    Worker(const Worker&) = delete;
    Worker& operator=(const Worker&) = delete;

    // Runs `task` on the worker thread, after the tasks posted before it.
    void post(std::function<void()> task);
    // Finishes the running task and stops; later posts are dropped. Idempotent.
    void stop();
    // True when called on the worker thread.
    bool onWorker() const;

private:
    QThread m_thread;
    QObject* m_context = nullptr;   // lives on m_thread
};

// Runs `fn` on the thread of `receiver` (the UI thread for view models), queued.
template <class Fn>
void deliver(QObject* receiver, Fn fn)
{
    QMetaObject::invokeMethod(receiver, std::move(fn), Qt::QueuedConnection);
}

} // namespace vanthu::ui
