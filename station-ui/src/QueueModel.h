#pragma once
// The uplink queue (outbox items with their state, retry of dead ones) and the due/overdue list.
// The outbox through workflow::Records; the due list from workflow::overdue.

#include "ScreenModel.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace vanthu::ui {

class Session;

class QueueModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList items READ items NOTIFY changed)
    Q_PROPERTY(QVariantList due READ due NOTIFY changed)
    Q_PROPERTY(int pending READ pending NOTIFY changed)
    Q_PROPERTY(int sent READ sent NOTIFY changed)
    Q_PROPERTY(int dead READ dead NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    explicit QueueModel(QObject* parent = nullptr);
    QVariantList items() const { return m_items; }
    QVariantList due() const { return m_due; }
    int pending() const { return m_pending; }
    int sent() const { return m_sent; }
    int dead() const { return m_dead; }
    QString message() const { return m_message; }

    Q_INVOKABLE void reload();
    // Puts a dead item (or all dead items when id < 0) back in the queue.
    Q_INVOKABLE void retry(qlonglong id);

signals:
    void changed();
    void loaded();

private:
    // Loads the queue and the due list; `notice` (e.g. the retry's result) is shown unless loading fails.
    void load(const QString& notice);

    QVariantList m_items;
    QVariantList m_due;
    int m_pending = 0, m_sent = 0, m_dead = 0;
    QString m_message;
};

} // namespace vanthu::ui
