#include "AdminModel.h"

#include "AppState.h"
#include "vanthu/workflow/Records.h"
#include "Session.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace vanthu::ui {

namespace {
QString qs(const std::string& s) { return QString::fromStdString(s); }
QString qs(std::string_view s) { return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size())); }

QVariantMap pair(const QString& k, const QString& v)
{
    return {{QStringLiteral("key"), k}, {QStringLiteral("value"), v}};
}
} // namespace

AdminModel::AdminModel(QObject* parent) : ScreenModel(parent) {}

void AdminModel::reload()
{
    auto* st = station();
    if (!st)
        return;
    struct Loaded {
        QVariantList users, settings, certs;
        QString device;
    };
    run([st] {
        auto& station = *st;
        Loaded l;
        auto& [users, settings, certs, device] = l;
        if (auto list = workflow::Records(station).users())
                for (const auto& u : *list) {
                    QVariantMap m;
                    m[QStringLiteral("user")] = qs(u.username);
                    m[QStringLiteral("fullName")] = qs(u.fullName);
                    m[QStringLiteral("role")] = qs(reg::toString(u.role));
                    m[QStringLiteral("disabled")] = u.disabled;
                    m[QStringLiteral("locked")] = u.lockedUntil.has_value();
                    users << m;
                }
        const auto& c = station.config();
        const auto& p = station.paths();
        settings << pair(tr("Cơ quan"), qs(c.agency.name)) << pair(tr("Mã định danh"), qs(c.agency.code))
                 << pair(tr("Tệp cấu hình"), c.configPath.empty() ? tr("(mặc định)") : qs(c.configPath))
                 << pair(tr("Thư mục dữ liệu"), qs(p.dataDir)) << pair(tr("Sổ đăng ký"), qs(p.database))
                 << pair(tr("Thư mục gửi đi (spool)"), qs(p.spoolDir));
        const auto& k = station.keys();
        auto cert = [&](const QString& name, const std::string& path) {
            if (!path.empty())
                certs << pair(name, qs(path) + (QFileInfo::exists(qs(path)) ? QString() : tr(" (không có tệp)")));
        };
        cert(tr("Chứng thư số cơ quan"), k.agencyCertPem);
        cert(tr("Khóa ký cơ quan (PKCS#12)"), k.agencyP12);
        cert(tr("Chứng thư gốc tin cậy"), k.caCertPem);
        cert(tr("Ảnh con dấu"), k.sealImage);
        cert(tr("Ảnh chữ ký"), k.signerImage);
        if (k.demo)
            certs << pair(tr("Lưu ý"), tr("Khóa THỬ NGHIỆM tự cấp — không dùng cho văn bản thật"));
        auto scanner = station.defaultScanner();
        device = scanner ? qs(*scanner) : clerkMessage(scanner.error()).title;
        return l;
    },
        [this](Loaded l) {
            m_users = l.users;
            m_settings = l.settings;
            m_certificates = l.certs;
            m_scanner = l.device;
            emit changed();
            emit loaded();
        });
}

void AdminModel::addUser(const QString& user, const QString& fullName, const QString& role, const QString& password)
{
    auto* st = station();
    if (!st)
        return;
    const auto r = reg::parseRole(role.toStdString());
    if (!r) {
        m_message = tr("Vai trò không hợp lệ");
        emit changed();
        return;
    }
    const std::string u = user.trimmed().toStdString(), f = fullName.trimmed().normalized(QString::NormalizationForm_C).toStdString(),
                      pw = password.toStdString(), actor = session()->userName.toStdString();
    const reg::Role role_ = *r;
    run([=] { return workflow::Records(*st).addUser(u, f, role_, pw, actor); },
        [this](Status s) {
            if (s) {
                m_message = tr("Đã thêm tài khoản");
                emit userAdded();
            } else {
                const auto m = clerkMessage(s.error());
                m_message = m.title + QStringLiteral(": ") + m.hint;
            }
            reload();
        });
}

void AdminModel::setDisabled(const QString& user, bool disabled)
{
    auto* st = station();
    if (!st)
        return;
    const std::string u = user.toStdString(), actor = session()->userName.toStdString();
    run([=] { return workflow::Records(*st).setDisabled(u, disabled, actor); }, [this](Status) { reload(); });
}

} // namespace vanthu::ui
