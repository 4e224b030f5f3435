#pragma once
// The application state QML sees as the singleton `AppState`: station setup, login (register
// accounts), the role's home screen, idle auto-lock (the screen underneath stays where it was), and
// the UI language (Vietnamese by default, English from the Qt translation).

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "vanthu/core/Error.h"
#endif

#include <QObject>
#include <QQmlEngine>
#include <QTimer>
#include <QTranslator>

namespace vanthu::ui {

class Session;

// A clerk-facing message for an error: what happened and what to do (Vietnamese, or English when
// the English translation is installed). Scanner states (jam, cover open, no paper) get their own.
struct ClerkMessage {
    QString title;
    QString hint;
};
ClerkMessage clerkMessage(const Error& error);

// The half of a bilingual workflow text ("Trang 2 trắng / page 2 is blank") in the UI language:
// Vietnamese before the first " / ", English after it; text without " / " as it is. UI thread.
QString inUiLanguage(const std::string& bilingualText);

class AppState : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    Q_PROPERTY(bool ready READ ready NOTIFY readyChanged)
    Q_PROPERTY(QString setupError READ setupError NOTIFY readyChanged)
    Q_PROPERTY(QString agencyName READ agencyName NOTIFY readyChanged)
    Q_PROPERTY(bool demo READ demo NOTIFY readyChanged)
    Q_PROPERTY(bool needsFirstAdmin READ needsFirstAdmin NOTIFY readyChanged)
    Q_PROPERTY(bool busy READ busy NOTIFY busyChanged)
    Q_PROPERTY(bool signedIn READ signedIn NOTIFY userChanged)
    Q_PROPERTY(QString userName READ userName NOTIFY userChanged)
    Q_PROPERTY(QString fullName READ fullName NOTIFY userChanged)
    Q_PROPERTY(QString role READ role NOTIFY userChanged)
    Q_PROPERTY(QString roleName READ roleName NOTIFY userChanged)
    Q_PROPERTY(QString homeScreen READ homeScreen NOTIFY userChanged)
    Q_PROPERTY(QString loginError READ loginError NOTIFY loginErrorChanged)
    Q_PROPERTY(bool locked READ locked NOTIFY lockedChanged)
    Q_PROPERTY(int idleLockSeconds READ idleLockSeconds WRITE setIdleLockSeconds NOTIFY idleLockSecondsChanged)
    Q_PROPERTY(bool kiosk READ kiosk CONSTANT)
    Q_PROPERTY(QString language READ language NOTIFY languageChanged)

public:
    explicit AppState(Session& session, bool kiosk = false, QObject* parent = nullptr);
    ~AppState() override;

    // The instance StationApp made (QML singleton factory).
    static AppState* create(QQmlEngine* qml, QJSEngine* js);
    static AppState* instance();

    // Sets the station up on the worker (data directory from `configPath`, or the defaults).
    void startSetup(const QString& configPath);

    bool ready() const { return m_ready; }
    QString setupError() const { return m_setupError; }
    QString agencyName() const { return m_agencyName; }
    bool demo() const { return m_demo; }
    bool needsFirstAdmin() const { return m_needsFirstAdmin; }
    bool busy() const { return m_busy; }
    bool signedIn() const;
    QString userName() const;
    QString fullName() const;
    QString role() const;
    QString roleName() const;
    QString homeScreen() const;
    QString loginError() const { return m_loginError; }
    bool locked() const { return m_locked; }
    int idleLockSeconds() const { return m_idleLockSeconds; }
    void setIdleLockSeconds(int seconds);
    bool kiosk() const { return m_kiosk; }
    QString language() const { return m_language; }

    Q_INVOKABLE void login(const QString& user, const QString& password);
    // The first start of a station has no accounts: the first one made is the administrator.
    Q_INVOKABLE void createFirstAdmin(const QString& user, const QString& fullName, const QString& password);
    Q_INVOKABLE void logout();
    // Looks at the accounts again (after accounts were added elsewhere).
    Q_INVOKABLE void refreshAccounts();
    Q_INVOKABLE void lock();
    Q_INVOKABLE void unlock(const QString& password);
    // "vi" or "en".
    Q_INVOKABLE void setLanguage(const QString& language);

    void setEngine(QQmlEngine* engine) { m_engine = engine; }

signals:
    void readyChanged();
    void busyChanged();
    void userChanged();
    void loginErrorChanged();
    void lockedChanged();
    void idleLockSecondsChanged();
    void languageChanged();

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void setBusy(bool b);
    void setLoginError(const QString& e);

    Session& m_session;
    QQmlEngine* m_engine = nullptr;
    QTranslator m_translator;
    QTimer m_idle;
    bool m_ready = false;
    QString m_setupError;
    QString m_agencyName;
    bool m_demo = false;
    bool m_needsFirstAdmin = false;
    bool m_busy = false;
    QString m_loginError;
    bool m_locked = false;
    int m_idleLockSeconds = 300;
    bool m_kiosk = false;
    QString m_language = QStringLiteral("vi");
};

} // namespace vanthu::ui
