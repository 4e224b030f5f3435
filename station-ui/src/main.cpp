// vanthu-station: the Qt Quick kiosk of the records station (issue #8).
#include "StationApp.h"

#include <QGuiApplication>
#include <QtQml/qqmlextensionplugin.h>

// The QML module is a static library: its plugin (and the resources with Main.qml) is linked in.
Q_IMPORT_QML_PLUGIN(Vanthu_StationPlugin)

#include <cstdio>

int main(int argc, char** argv)
{
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
