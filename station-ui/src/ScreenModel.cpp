#include "ScreenModel.h"

#include "AppState.h"
#include "Session.h"

namespace vanthu::ui {

ScreenModel::ScreenModel(QObject* parent) : QObject(parent), m_session(Session::instance())
{
    m_paceTimer.setSingleShot(true);
    connect(&m_paceTimer, &QTimer::timeout, this, &ScreenModel::flushPaced);
}

workflow::Station* ScreenModel::station() const { return m_session ? m_session->station() : nullptr; }

void ScreenModel::setBusy(bool busy)
{
    if (busy != m_busy) {
        m_busy = busy;
        emit busyChanged();
    }
}

void ScreenModel::setError(const Error& error)
{
    const auto m = clerkMessage(error);
    m_errorTitle = m.title;
    m_errorHint = m.hint;
    emit errorChanged();
    emit failed();
}

void ScreenModel::clearError()
{
    m_errorTitle.clear();
    m_errorHint.clear();
    emit errorChanged();
}

void ScreenModel::setStepText(const QString& text)
{
    if (text != m_stepText) {
        m_stepText = text;
        emit progressChanged();
    }
}

QString ScreenModel::stepName(workflow::Step step)
{
    const bool vi = !AppState::instance() || AppState::instance()->language() == QStringLiteral("vi");
    const std::string_view name = vi ? workflow::vietnameseName(step) : workflow::toString(step);
    return QString::fromUtf8(name.data(), static_cast<qsizetype>(name.size()));
}

void ScreenModel::post(std::function<void()> work)
{
    if (m_session)
        m_session->worker().post(std::move(work));
}

workflow::ProgressFn ScreenModel::progressTo(std::function<void(const workflow::Progress&)> onUi)
{
    // Called on the worker (or the scanner's thread): the report is copied to the UI thread.
    return [this, onUi](const workflow::Progress& p) { deliver(this, [this, onUi, p] { paced([onUi, p] { onUi(p); }); }); };
}

void ScreenModel::paced(std::function<void()> update)
{
    m_pacedUpdates.push_back(std::move(update));
    if (m_paceTimer.isActive())
        return;
    const qint64 since = m_lastFlush.isValid() ? m_lastFlush.elapsed() : kProgressPaceMs;
    m_paceTimer.start(static_cast<int>(std::max<qint64>(0, kProgressPaceMs - since)));
}

void ScreenModel::flushPaced()
{
    m_paceTimer.stop();
    if (m_pacedUpdates.empty())
        return;
    auto updates = std::move(m_pacedUpdates);
    m_pacedUpdates.clear();
    m_lastFlush.start();
    for (auto& u : updates)
        u();
}

} // namespace vanthu::ui
