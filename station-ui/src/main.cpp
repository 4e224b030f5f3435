// vanthu-station: the Qt Quick kiosk of the records station (issue #8).
#include "StationApp.h"

#include <QGuiApplication>
#include <QtQml/qqmlextensionplugin.h>

// The QML module is a static library: its plugin (and the resources with Main.qml) is linked in.
Q_IMPORT_QML_PLUGIN(Vanthu_StationPlugin)

#include "vanthu/core/Config.h"
#include "vanthu/workflow/Station.h"

#include <cstdio>
#include <cstring>
#include <optional>
#include <string>

namespace {

// Before QGuiApplication starts its platform threads: SANE then sees the system's scanners and the
// test device together, so the station falls back to the test device whenever no scanner is plugged
// in (workflow::Station::prepareProcess sets SANE_CONFIG_DIR, which is only safe single-threaded).
// The screenshot tour picks its own private SANE configuration later and is left alone. Only
// --config is looked for here: parseOptions needs the arguments QGuiApplication leaves (it removes
// Qt's own, such as -platform), and that object must not exist yet.
void prepareStationProcess(int argc, char** argv)
{
    std::optional<std::string> config;
    for (int i = 1; i < argc; ++i) {
        if (std::strcmp(argv[i], "--screenshots") == 0)
            return;
        if (std::strcmp(argv[i], "--config") == 0 && i + 1 < argc)
            config = argv[i + 1];
        else if (std::strncmp(argv[i], "--config=", 9) == 0)
            config = argv[i] + 9;   // the other form QCommandLineParser accepts
    }
    if (auto c = vanthu::StationConfig::load(config))
        vanthu::workflow::Station::prepareProcess(*c);
}

} // namespace

int main(int argc, char** argv)
{
    prepareStationProcess(argc, argv);
    vanthu::ui::choosePlatform();
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName(QStringLiteral("vanthu-station"));
    QGuiApplication::setOrganizationName(QStringLiteral("vanthu"));

    QString error;
    auto options = vanthu::ui::parseOptions(QCoreApplication::arguments(), &error);
    if (!options) {
        std::fprintf(stderr, "%s\n", qPrintable(error));
        return error.contains(QStringLiteral("--help")) ? 0 : 2;
    }
    vanthu::ui::StationApp station(*options);
    QObject::connect(&station, &vanthu::ui::StationApp::finished, &app, [](int code) { QCoreApplication::exit(code); });
    if (!station.start()) {
        std::fprintf(stderr, "Không nạp được giao diện / the QML interface did not load\n");
        return 1;
    }
    return QGuiApplication::exec();
}
