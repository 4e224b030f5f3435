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

QueueModel::QueueModel(QObject* parent) : ScreenModel(parent) {}

void QueueModel::reload() { load({}); }

void QueueModel::load(const QString& notice)
{
    auto* st = station();
    if (!st)
        return;
    struct Loaded {
        QVariantList items, due;
        int pending = 0, sent = 0, dead = 0;
        QString message;
    };
    run([st, notice] {
        Loaded l;
        auto& [items, due, pending, sent, dead, message] = l;
        message = notice;
        workflow::Records records(*st);
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
        if (auto list = workflow::overdue(*st, vntime::now())) {
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
        return l;
    },
        [this](Loaded l) {
            m_items = l.items;
            m_due = l.due;
            m_pending = l.pending;
            m_sent = l.sent;
            m_dead = l.dead;
            m_message = l.message;
            emit changed();
            emit loaded();
        });
}

void QueueModel::retry(qlonglong id)
{
    auto* st = station();
    if (!st)
        return;
    const std::string actor = session()->userName.toStdString();
    run([st, id, actor] {
        auto n = workflow::Records(*st).retry(id < 0 ? std::nullopt : std::optional<int64_t>(id), actor);
        return n ? tr("Đã đưa lại %1 mục vào hàng đợi").arg(*n) : clerkMessage(n.error()).title;
    },
        [this](QString message) { load(message); });
}

} // namespace vanthu::ui
