#include "ScreenModel.h"

#include "AppState.h"
#include "Session.h"

namespace vanthu::ui {

ScreenModel::ScreenModel(QObject* parent) : QObject(parent), m_session(Session::instance()) {}

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
    return [this, onUi](const workflow::Progress& p) { deliver(this, [onUi, p] { onUi(p); }); };
}

} // namespace vanthu::ui
