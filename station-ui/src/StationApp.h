#pragma once
// The kiosk application: command line, the QML engine loading Main.qml by its resource URL, the
// window (full-screen in kiosk mode, windowed in development), and the screenshot tour that renders
// every screen to PNG (--screenshots DIR).

#ifndef Q_MOC_RUN   // moc (Qt 6.4) cannot parse the C++20 concepts our headers use
#include "AppState.h"
#include "Session.h"
#endif

#include <QCoreApplication>
#include <QQmlApplicationEngine>
#include <QQuickWindow>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace vanthu::ui {

struct StationOptions {
    QString config;               // --config FILE (else $VANTHU_CONFIG, else defaults)
    bool kiosk = false;           // --kiosk: full screen, no window frame
    QString screenshotsDir;       // --screenshots DIR: render every screen, save PNGs, quit
    int idleLockSeconds = 300;    // --idle-lock SECONDS (0: never)
    QString language = QStringLiteral("vi");   // --lang vi|en
    QString agencies;             // --agencies FILE: the agency directory (CODE<TAB>NAME per line)
};

// Parses the command line of the running application. nullopt (and `error`) on bad arguments.
std::optional<StationOptions> parseOptions(const QStringList& arguments, QString* error);

// Picks a platform before QGuiApplication exists: with no display and no platform chosen, Qt would
// abort, so the offscreen platform is used.
void choosePlatform();

class StationApp : public QObject {
    Q_OBJECT
public:
    explicit StationApp(StationOptions options, QObject* parent = nullptr);
    ~StationApp() override;

    // Sets the station up (on the worker) and loads Main.qml. False when QML failed to load.
    bool start();

    Session& session() { return m_session; }
    AppState& state() { return *m_state; }
    QQmlApplicationEngine& engine() { return m_engine; }
    QQuickWindow* window() const;
    QObject* root() const;

    // Shows a screen by name (login, scan, review, result, records, queue, admin, dossier, batch).
    void show(const QString& screen);
    // Saves the window's current frame as PNG. False on failure.
    bool saveFrame(const QString& path);

signals:
    void finished(int exitCode);

private:
    void runTour();
    void step();
    void waitFor(std::function<bool()> condition, std::function<void()> then, int timeoutMs = 180000);

    StationOptions m_options;
    Session m_session;
    std::unique_ptr<AppState> m_state;
    QQmlApplicationEngine m_engine;
    std::vector<std::function<void()>> m_tour;
    size_t m_tourStep = 0;
    QString m_tempData;
};

} // namespace vanthu::ui
