#include "RecordsModel.h"

#include "AppState.h"
#include "Session.h"

#include "vanthu/core/VnTime.h"
#include "vanthu/workflow/Records.h"

#include <QCoreApplication>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }

QString dateOf(vntime::Instant t)
{
    const auto d = vntime::localDate(t);
    return QStringLiteral("%1/%2/%3")
        .arg(static_cast<unsigned>(d.day()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<unsigned>(d.month()), 2, 10, QLatin1Char('0'))
        .arg(static_cast<int>(d.year()));
}

QVariantMap incomingRow(const reg::IncomingRecord& r)
{
    QVariantMap m;
    m[QStringLiteral("id")] = static_cast<qlonglong>(r.id);
    m[QStringLiteral("number")] = QStringLiteral("%1/%2").arg(r.arrivalNumber).arg(r.year);
    m[QStringLiteral("date")] = dateOf(r.arrivalTime);
    m[QStringLiteral("symbol")] = qs(r.meta.numberSymbol.format());
    m[QStringLiteral("issuer")] = qs(r.meta.issuer);
    m[QStringLiteral("subject")] = qs(r.meta.subject);
    m[QStringLiteral("due")] = r.dueAt ? dateOf(*r.dueAt) : QString();
    m[QStringLiteral("secret")] = r.meta.secrecy != Secrecy::None;
    m[QStringLiteral("status")] = QString::fromUtf8(workflow::statusLabel(r.status).data(), static_cast<qsizetype>(workflow::statusLabel(r.status).size()));
    m[QStringLiteral("documentId")] = qs(r.documentId);
    m[QStringLiteral("channel")] = r.channel == reg::Channel::Paper ? RecordsModel::tr("Giấy") : RecordsModel::tr("Điện tử");
    m[QStringLiteral("createdBy")] = qs(r.createdBy);
    return m;
}

QVariantMap outgoingRow(const reg::OutgoingRecord& r)
{
    QVariantMap m;
    m[QStringLiteral("id")] = static_cast<qlonglong>(r.id);
    m[QStringLiteral("number")] = QStringLiteral("%1/%2").arg(r.number).arg(r.year);
    m[QStringLiteral("date")] = dateOf(r.issuedAt);
    m[QStringLiteral("symbol")] = qs(r.meta.numberSymbol.format());
    m[QStringLiteral("issuer")] = qs(r.meta.issuer);
    m[QStringLiteral("subject")] = qs(r.meta.subject);
    m[QStringLiteral("due")] = QString();
    m[QStringLiteral("secret")] = r.meta.secrecy != Secrecy::None;
    m[QStringLiteral("status")] = QString::fromUtf8(workflow::statusLabel(r.status).data(), static_cast<qsizetype>(workflow::statusLabel(r.status).size()));
    m[QStringLiteral("documentId")] = QString();
    m[QStringLiteral("channel")] = QString();
    m[QStringLiteral("createdBy")] = qs(r.createdBy);
    return m;
}
} // namespace

RecordsModel::RecordsModel(QObject* parent) : ScreenModel(parent) {}

void RecordsModel::setBook(const QString& b)
{
    if (b == m_book)
        return;
    m_book = b;
    emit queryChanged();
    reload();
}

void RecordsModel::setSearch(const QString& s)
{
    if (s == m_search)
        return;
    m_search = s;
    emit queryChanged();
    reload();
}

void RecordsModel::reload()
{
    auto* st = station();
    if (!st)
        return;
    setBusy(true);
    const int generation = ++m_generation;
    const bool incoming = m_book != QStringLiteral("outgoing");
    reg::ListFilter filter;
    filter.search = m_search.normalized(QString::NormalizationForm_C).toStdString();
    filter.limit = 500;
    run([st, incoming, filter] {
        QVariantList rows;
        QString error;
        workflow::Records records(*st);
        if (incoming) {
            auto list = records.incoming(filter);
            if (list)
                for (const auto& r : *list)
                    rows << incomingRow(r);
            else
                error = clerkMessage(list.error()).title;
        } else {
            auto list = records.outgoing(filter);
            if (list)
                for (const auto& r : *list)
                    rows << outgoingRow(r);
            else
                error = clerkMessage(list.error()).title;
        }
        return std::pair(rows, error);
    },
        [this, generation](std::pair<QVariantList, QString> listed) {
            if (generation != m_generation)
                return;   // a newer query is on its way
            m_rows = listed.first;
            m_error = listed.second;
            setBusy(false);
            emit rowsChanged();
            emit loaded();
        });
}

void RecordsModel::select(qlonglong id)
{
    QVariantMap row;
    for (const auto& v : std::as_const(m_rows))
        if (v.toMap().value(QStringLiteral("id")).toLongLong() == id)
            row = v.toMap();
    m_detail = row;
    m_history.clear();
    emit detailChanged();
    auto* st = station();
    if (row.isEmpty() || !st)
        return;
    const bool outgoing = m_book == QStringLiteral("outgoing");
    run([st, outgoing, id] {
        QVariantList history;
        workflow::Records records(*st);
        Result<std::vector<workflow::HistoryEntry>> log = std::unexpected(Error(workflow::Errc::Internal));
        if (outgoing) {
            if (auto r = records.outgoingRecord(id))
                log = records.history(*r);
        } else if (auto r = records.incomingRecord(id)) {
            log = records.history(*r);
        }
        if (log)
            for (const auto& e : *log) {
                QVariantMap m;
                m[QStringLiteral("at")] = qs(vntime::toIso8601(e.at));
                m[QStringLiteral("actor")] = qs(e.actor);
                m[QStringLiteral("action")] = qs(e.action);
                m[QStringLiteral("detail")] = qs(e.detail);
                history << m;
            }
        return history;
    },
        [this, id](QVariantList history) {
            if (m_detail.value(QStringLiteral("id")).toLongLong() != id)
                return;
            m_history = history;
            emit detailChanged();
        });
}

} // namespace vanthu::ui
