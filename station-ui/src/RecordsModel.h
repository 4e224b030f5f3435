#pragma once
// The incoming and outgoing books: search, the rows, and one record's detail with its audit history.
// Listing through workflow::Records.

#include "ScreenModel.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>
#include <QVariantMap>

namespace vanthu::ui {

class Session;

class RecordsModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString book READ book WRITE setBook NOTIFY queryChanged)          // "incoming" | "outgoing"
    Q_PROPERTY(QString search READ search WRITE setSearch NOTIFY queryChanged)
    Q_PROPERTY(QVariantList rows READ rows NOTIFY rowsChanged)
    Q_PROPERTY(QVariantMap detail READ detail NOTIFY detailChanged)
    Q_PROPERTY(QVariantList history READ history NOTIFY detailChanged)
    Q_PROPERTY(QString error READ error NOTIFY rowsChanged)

public:
    explicit RecordsModel(QObject* parent = nullptr);

    QString book() const { return m_book; }
    void setBook(const QString& b);
    QString search() const { return m_search; }
    void setSearch(const QString& s);
    QVariantList rows() const { return m_rows; }
    QVariantMap detail() const { return m_detail; }
    QVariantList history() const { return m_history; }
    QString error() const { return m_error; }

    Q_INVOKABLE void reload();
    Q_INVOKABLE void select(qlonglong id);

signals:
    void queryChanged();
    void rowsChanged();
    void detailChanged();
    void loaded();

private:
    QString m_book = QStringLiteral("incoming");
    QString m_search;
    QVariantList m_rows;
    QVariantMap m_detail;
    QVariantList m_history;
    QString m_error;
    int m_generation = 0;
};

} // namespace vanthu::ui
