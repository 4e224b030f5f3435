#pragma once
// The one thread that runs every blocking workflow call (SANE, Tesseract, PoDoFo, SQLite) for the
// kiosk (STYLE.md §3): requests go in as posted tasks, results come back to the UI thread as values
// through deliver(). The UI thread never waits on it. It runs at a lower CPU priority (nice +10) than
// the UI thread, and so do the threads it starts.

#include <QObject>
#include <QThread>

#include <functional>

namespace vanthu::ui {

class Worker {
public:
    Worker();
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
