#pragma once
// The administrator's screen: accounts (list, add, disable), the scanner in use, the agency keys
// and certificates the station signs with, and where its data lives.

#include "ScreenModel.h"

#include <QObject>
#include <QQmlEngine>
#include <QVariantList>

namespace vanthu::ui {

class Session;

class AdminModel : public ScreenModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QVariantList users READ users NOTIFY changed)
    Q_PROPERTY(QVariantList settings READ settings NOTIFY changed)
    Q_PROPERTY(QVariantList certificates READ certificates NOTIFY changed)
    Q_PROPERTY(QString scanner READ scanner NOTIFY changed)
    Q_PROPERTY(QString message READ message NOTIFY changed)

public:
    explicit AdminModel(QObject* parent = nullptr);
    QVariantList users() const { return m_users; }
    QVariantList settings() const { return m_settings; }
    QVariantList certificates() const { return m_certificates; }
    QString scanner() const { return m_scanner; }
    QString message() const { return m_message; }

    Q_INVOKABLE void reload();
    // role: "van-thu", "mot-cua", "luu-tru", "quan-tri", "lanh-dao", "chuyen-vien".
    Q_INVOKABLE void addUser(const QString& user, const QString& fullName, const QString& role, const QString& password);
    Q_INVOKABLE void setDisabled(const QString& user, bool disabled);

signals:
    void changed();
    void loaded();
    void userAdded();

private:
    QVariantList m_users, m_settings, m_certificates;
    QString m_scanner;
    QString m_message;
};

} // namespace vanthu::ui
