#pragma once
// What every screen's view model shares: the session, "busy" while work runs on the worker, the
// clerk-facing error (title and what to do), the current step's name, and the plumbing that runs a
// blocking call on the worker and hands its result, as a value, back to the UI thread (STYLE.md §3).

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "vanthu/core/Error.h"
#include "vanthu/workflow/Progress.h"
#endif

#include "Worker.h"

#include <QObject>
#include <QQmlEngine>
#include <QString>

#include <functional>
#include <utility>

namespace vanthu::workflow {
class Station;
}

namespace vanthu::ui {

class Session;

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
            deliver(this, [done, result = std::move(result)]() mutable { done(std::move(result)); });
        });
    }
    // Runs `work()` on the worker when nothing comes back but a signal to the UI thread.
    void post(std::function<void()> work);
    // A progress callback for workflow: each report is copied to the UI thread and given to `onUi`.
    workflow::ProgressFn progressTo(std::function<void(const workflow::Progress&)> onUi);

private:
    Session* m_session;
    bool m_busy = false;
    QString m_errorTitle;
    QString m_errorHint;
    QString m_stepText;
};

} // namespace vanthu::ui
