#pragma once
// What every screen's view model shares: the session, "busy" while work runs on the worker, the
// clerk-facing error (title and what to do), the current step's name, and the plumbing that runs a
// blocking call on the worker and hands its result, as a value, back to the UI thread (STYLE.md §3).

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "vanthu/core/Error.h"
#include "vanthu/workflow/Progress.h"
#endif

#include "Worker.h"

#include <QElapsedTimer>
#include <QObject>
#include <QQmlEngine>
#include <QString>
#include <QTimer>

#include <functional>
#include <utility>
#include <vector>

namespace vanthu::workflow {
class Station;
}

namespace vanthu::ui {

class Session;

// Progress reaches the screen at most this often (ms). Each change the clerk can see costs a frame,
// and on a station without a GPU (llvmpipe) a 1440 × 900 frame takes 25–70 ms to render: frames
// asked for back to back made the GUI thread wait for the render thread (the threaded render loop's
// sync), which was the UI-thread stall bench_ui_frames measured. Ten updates a second still read as live.
constexpr int kProgressPaceMs = 100;

class ScreenModel : public QObject {
    Q_OBJECT
    QML_ANONYMOUS
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(QString errorTitle READ errorTitle NOTIFY errorChanged)
    Q_PROPERTY(QString errorHint READ errorHint NOTIFY errorChanged)
    Q_PROPERTY(QString stepText READ stepText NOTIFY progressChanged)

public:
    bool busy() const { return m_busy; }
    QString errorTitle() const { return m_errorTitle; }
    QString errorHint() const { return m_errorHint; }
    // The running step in the UI language ("" when none).
    QString stepText() const { return m_stepText; }

    Q_INVOKABLE void clearError();

signals:
    void busyChanged();
    void errorChanged();
    void progressChanged();
    void failed();   // setError was called

protected:
    // Takes the current Session (StationApp's); UI thread.
    explicit ScreenModel(QObject* parent = nullptr);

    Session* session() const { return m_session; }
    // The set-up station, or null (no session yet, or setup not finished). Any thread.
    workflow::Station* station() const;

    void setBusy(bool busy);
    // Shows `error` as the clerk's message (clerkMessage) and emits failed().
    void setError(const Error& error);
    void setStepText(const QString& text);
    // A step's name in the UI language (workflow's Vietnamese or English name).
    static QString stepName(workflow::Step step);

    // Runs `work()` on the worker, then `done(result)` on the UI thread with what it returned (a
    // value: nothing on the UI side points into worker state). Both are copied into the queues, so
    // capture values. Nothing runs when there is no session.
    template <class Work, class Done>
    void run(Work work, Done done)
    {
        if (!m_session)
            return;
        post([this, work = std::move(work), done = std::move(done)]() mutable {
            auto result = work();
            deliver(this, [this, done, result = std::move(result)]() mutable {
                flushPaced();   // the progress reported before the result is shown before it
                done(std::move(result));
            });
        });
    }
    // Runs `work()` on the worker when nothing comes back but a signal to the UI thread.
    void post(std::function<void()> work);
    // A progress callback for workflow: each report is copied to the UI thread and given to `onUi`
    // (paced: see paced()).
    workflow::ProgressFn progressTo(std::function<void(const workflow::Progress&)> onUi);
    // Runs `update` on the UI thread together with the other updates that arrive within
    // kProgressPaceMs of the last batch, in order: one frame for all of them. UI thread.
    void paced(std::function<void()> update);
    // Runs the waiting paced updates now. UI thread.
    void flushPaced();

private:
    Session* m_session;
    bool m_busy = false;
    QString m_errorTitle;
    QString m_errorHint;
    QString m_stepText;
    QTimer m_paceTimer;
    QElapsedTimer m_lastFlush;
    std::vector<std::function<void()>> m_pacedUpdates;
};

} // namespace vanthu::ui
