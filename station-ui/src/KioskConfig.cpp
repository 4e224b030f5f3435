#include "KioskConfig.h"

#include "vanthu/core/Ini.h"

#include <QDir>
#include <QFileInfo>

namespace vanthu::ui {

Result<KioskConfig> KioskConfig::load(const StationConfig& station)
{
    KioskConfig c;
    if (station.configPath.empty())
        return c;
    auto ini = Ini::load(station.configPath);
    if (!ini)
        return std::unexpected(ini.error());
    const auto where = [&](const IniEntry& e) { return station.configPath + ": line " + std::to_string(e.line) + ": "; };
    for (const IniEntry& e : ini->entries()) {
        if (e.section != "kiosk")
            continue;
        if (e.key == "agencies") {
            if (e.value.empty())
                return fail(core::Errc::ConfigError, where(e) + "[kiosk] agencies needs a file");
            // Relative to the configuration file, not to wherever the kiosk was started from.
            const QString value = QString::fromStdString(e.value);
            c.agencies = QDir::cleanPath(QFileInfo(QString::fromStdString(station.configPath)).absoluteDir().absoluteFilePath(value));
        } else {
            return fail(core::Errc::ConfigError, where(e) + "unknown key '" + e.key + "' in [kiosk]");
        }
    }
    return c;
}

} // namespace vanthu::ui
