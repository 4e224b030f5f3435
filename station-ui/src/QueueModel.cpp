#include "QueueModel.h"

#include "AppState.h"
#include "Session.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/workflow/Records.h"
#include "vanthu/workflow/Tracking.h"

#include <QCoreApplication>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

QString stateName(reg::OutboxState s)
{
    switch (s) {
    case reg::OutboxState::Pending: return QueueModel::tr("Đang chờ gửi");
    case reg::OutboxState::Sent: return QueueModel::tr("Đã gửi");
    case reg::OutboxState::Dead: return QueueModel::tr("Gửi lỗi — cần gửi lại");
    }
    return {};
}
} // namespace

QueueModel::QueueModel(QObject* parent) : QObject(parent), m_session(Session::instance()) {}

void QueueModel::reload() { load({}); }

void QueueModel::load(const QString& notice)
{
    if (!m_session || !m_session->station())
        return;
    m_session->worker().post([this, notice] {
        QVariantList items, due;
        int pending = 0, sent = 0, dead = 0;
        QString message = notice;
        auto& station = *m_session->station();
        workflow::Records records(station);
        {
            if (auto list = records.outbox(std::nullopt, 500)) {
                for (const auto& i : *list) {
                    QVariantMap m;
                    m[QStringLiteral("id")] = static_cast<qlonglong>(i.id);
                    m[QStringLiteral("documentId")] = qs(i.documentId);
                    m[QStringLiteral("state")] = qs(std::string(reg::toString(i.state)));
                    m[QStringLiteral("stateName")] = stateName(i.state);
                    m[QStringLiteral("attempts")] = i.attempts;
                    m[QStringLiteral("lastError")] = qs(i.lastError);
                    m[QStringLiteral("kind")] = i.kind == reg::OutboxKind::Document ? tr("Văn bản") : tr("Trạng thái");
                    m[QStringLiteral("created")] = qs(vntime::toIso8601(i.createdAt));
                    items << m;
                }
            } else {
                message = clerkMessage(list.error()).title;
            }
            if (auto c = records.outboxCounts()) {
                pending = static_cast<int>(c->pending);
                sent = static_cast<int>(c->sent);
                dead = static_cast<int>(c->dead);
            }
        }
        if (auto list = workflow::overdue(station, vntime::now())) {
            for (const auto& d : *list) {
                QVariantMap m;
                m[QStringLiteral("id")] = static_cast<qlonglong>(d.recordId);
                m[QStringLiteral("reference")] = qs(d.reference);
                m[QStringLiteral("subject")] = qs(d.subject);
                m[QStringLiteral("dueAt")] = qs(vntime::toIso8601(d.dueAt));
                m[QStringLiteral("rule")] = d.rule == workflow::DueItem::Rule::Deadline ? tr("Quá hạn xử lý")
                                                                                       : tr("Chưa chuyển trong 2 giờ làm việc");
                due << m;
            }
        }
        deliver(this, [=, this] {
            m_items = items;
            m_due = due;
            m_pending = pending;
            m_sent = sent;
            m_dead = dead;
            m_message = message;
            emit changed();
            emit loaded();
        });
    });
}

void QueueModel::retry(qlonglong id)
{
    if (!m_session || !m_session->station())
        return;
    const std::string actor = m_session->userName.toStdString();
    m_session->worker().post([this, id, actor] {
        QString message;
        {
            auto n = workflow::Records(*m_session->station()).retry(id < 0 ? std::nullopt : std::optional<int64_t>(id), actor);
            message = n ? tr("Đã đưa lại %1 mục vào hàng đợi").arg(*n) : clerkMessage(n.error()).title;
        }
        deliver(this, [this, message] { load(message); });
    });
}

} // namespace vanthu::ui
