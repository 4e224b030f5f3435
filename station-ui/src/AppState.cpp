#include "AppState.h"

#include "KioskConfig.h"

#include "Session.h"

#include "vanthu/capture/Errors.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/register/Errors.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/workflow/Errors.h"
#include "vanthu/workflow/Records.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>

namespace vanthu::ui {

namespace {
AppState* g_instance = nullptr;

} // namespace

ClerkMessage clerkMessage(const Error& e)
{
    const QString detail = QString::fromStdString(e.detail());
    if (e.is(capture::Errc::PaperJam))
        return {AppState::tr("Kẹt giấy"), AppState::tr("Mở nắp máy quét, gỡ tờ giấy bị kẹt, đặt lại tập giấy rồi bấm Quét.")};
    if (e.is(capture::Errc::CoverOpen))
        return {AppState::tr("Nắp máy quét đang mở"), AppState::tr("Đóng nắp máy quét cho đến khi nghe tiếng khớp, rồi bấm Quét.")};
    if (e.is(capture::Errc::NoDocuments))
        return {AppState::tr("Khay nạp giấy trống"), AppState::tr("Đặt văn bản vào khay nạp, mặt chữ theo hướng dẫn trên máy, rồi bấm Quét.")};
    if (e.is(capture::Errc::DeviceBusy))
        return {AppState::tr("Máy quét đang bận"), AppState::tr("Chờ máy quét xong việc khác rồi bấm Quét lại.")};
    if (e.is(capture::Errc::NoDevice) || e.is(workflow::Errc::NoScanner))
        return {AppState::tr("Không tìm thấy máy quét"), AppState::tr("Kiểm tra dây cáp và nguồn của máy quét, rồi bấm Tìm lại.")};
    if (e.is(capture::Errc::AccessDenied))
        return {AppState::tr("Không có quyền dùng máy quét"), AppState::tr("Nhờ quản trị thêm tài khoản máy vào nhóm scanner.")};
    if (e.is(capture::Errc::Cancelled) || e.is(workflow::Errc::Cancelled))
        return {AppState::tr("Đã dừng"), AppState::tr("Bấm Quét để bắt đầu lại.")};
    if (e.is(reg::Errc::AuthFailed))
        return {AppState::tr("Sai tên đăng nhập hoặc mật khẩu"), AppState::tr("Nhập lại; tài khoản bị khóa tạm sau nhiều lần sai.")};
    if (e.is(reg::Errc::AccountLocked))
        return {AppState::tr("Tài khoản đang bị khóa tạm thời"), AppState::tr("Chờ hết thời gian khóa hoặc nhờ quản trị mở khóa.")};
    if (e.is(reg::Errc::AccountDisabled))
        return {AppState::tr("Tài khoản đã bị vô hiệu hóa"), AppState::tr("Liên hệ quản trị hệ thống.")};
    if (e.is(signing::Errc::WrongPin))
        return {AppState::tr("Sai mã PIN"), AppState::tr("Nhập lại mã PIN của token. Token sẽ khóa sau vài lần sai liên tiếp; chưa có gì được cấp số hay gửi đi.")};
    if (e.is(signing::Errc::PinLocked))
        return {AppState::tr("Token đã khóa mã PIN"), AppState::tr("Nhờ quản trị mở khóa token bằng mã PUK/SO PIN; chưa có gì được cấp số hay gửi đi.")};
    if (e.is(signing::Errc::WrongPassword))
        return {AppState::tr("Sai mật khẩu khóa ký"), AppState::tr("Kiểm tra mật khẩu tệp khóa của cơ quan; chưa có gì được cấp số hay gửi đi.")};
    if (e.is(signing::Errc::TokenNotFound))
        return {AppState::tr("Không thấy token ký số"), AppState::tr("Cắm token vào máy rồi bấm Ký số và gửi lại.")};
    if (e.is(signing::Errc::TokenTimeout) || e.is(signing::Errc::TokenError))
        return {AppState::tr("Token không phản hồi"), AppState::tr("Rút token ra, cắm lại rồi thử lại.")};
    if (e.is(signing::Errc::CertificateExpired))
        return {AppState::tr("Chứng thư số đã hết hạn"), AppState::tr("Liên hệ quản trị để gia hạn chứng thư số của cơ quan.")};
    if (e.is(workflow::Errc::NeedsReview))
        return {AppState::tr("Còn trường bắt buộc chưa điền"), detail};
    if (e.is(workflow::Errc::AlreadyRegistered))
        return {AppState::tr("Văn bản đã được đăng ký"), detail};
    if (e.is(workflow::Errc::SignatureInvalid))
        return {AppState::tr("Chữ ký số không hợp lệ: không đăng ký"), detail};
    return {AppState::tr("Lỗi") + QStringLiteral(" (") + QString::fromUtf8(e.codeName().data(), static_cast<qsizetype>(e.codeName().size())) + QStringLiteral(")"), detail};
}

QString inUiLanguage(const std::string& bilingualText)
{
    const QString text = QString::fromStdString(bilingualText);
    const qsizetype cut = text.indexOf(QStringLiteral(" / "));
    if (cut < 0)
        return text;
    const bool english = g_instance && g_instance->language() == QStringLiteral("en");
    return english ? text.mid(cut + 3).trimmed() : text.left(cut).trimmed();
}

AppState::AppState(Session& session, bool kiosk, QObject* parent)
    : QObject(parent), m_session(session), m_kiosk(kiosk)
{
    g_instance = this;
    m_idle.setSingleShot(true);
    m_idle.setInterval(m_idleLockSeconds * 1000);
    connect(&m_idle, &QTimer::timeout, this, [this] {
        if (m_session.signedIn)
            lock();
    });
    if (qApp)
        qApp->installEventFilter(this);
}

AppState::~AppState()
{
    if (g_instance == this)
        g_instance = nullptr;
}

AppState* AppState::create(QQmlEngine* qml, QJSEngine*)
{
    QJSEngine::setObjectOwnership(g_instance, QJSEngine::CppOwnership);
    if (g_instance && qml)
        g_instance->setEngine(qml);
    return g_instance;
}

AppState* AppState::instance() { return g_instance; }

void AppState::startSetup(const QString& configPath)
{
    setBusy(true);
    const std::string path = configPath.toStdString();
    m_session.worker().post([this, path] {
        auto config = path.empty() ? StationConfig::load() : StationConfig::load(path);
        Result<std::unique_ptr<workflow::Station>> station = config ? workflow::Station::setup(*config)
                                                                    : Result<std::unique_ptr<workflow::Station>>(std::unexpected(config.error()));
        // A misspelt [kiosk] key stops the kiosk at setup, as a misspelt key anywhere else does.
        if (station)
            if (auto kiosk = KioskConfig::load((*station)->config()); !kiosk)
                station = std::unexpected(kiosk.error());
        bool noUsers = false;
        QString error;
        QString agency;
        bool demo = false;
        if (station) {
            agency = QString::fromStdString((*station)->config().agency.name);
            demo = (*station)->demo();
            if (auto first = workflow::Records(**station).firstStart())
                noUsers = *first;
            m_session.adoptStation(std::move(*station));
        } else {
            error = QString::fromStdString(station.error().toString());
        }
        deliver(this, [this, error, agency, demo, noUsers] {
            m_ready = error.isEmpty();
            m_setupError = error;
            m_agencyName = agency;
            m_demo = demo;
            m_needsFirstAdmin = noUsers;
            setBusy(false);
            emit readyChanged();
        });
    });
}

bool AppState::signedIn() const { return m_session.signedIn; }
QString AppState::userName() const { return m_session.userName; }
QString AppState::fullName() const { return m_session.fullName; }
QString AppState::role() const { return m_session.signedIn ? QString::fromUtf8(reg::toString(m_session.role).data()) : QString(); }

QString AppState::roleName() const
{
    if (!m_session.signedIn)
        return {};
    switch (m_session.role) {
    case reg::Role::VanThu: return tr("Văn thư");
    case reg::Role::LanhDao: return tr("Lãnh đạo");
    case reg::Role::ChuyenVien: return tr("Chuyên viên");
    case reg::Role::QuanTri: return tr("Quản trị");
    case reg::Role::MotCua: return tr("Bộ phận một cửa");
    case reg::Role::LuuTru: return tr("Lưu trữ");
    }
    return {};
}

QString AppState::homeScreen() const
{
    if (!m_session.signedIn)
        return QStringLiteral("login");
    switch (m_session.role) {
    case reg::Role::VanThu: return QStringLiteral("incoming");
    case reg::Role::MotCua: return QStringLiteral("dossier");
    case reg::Role::LuuTru: return QStringLiteral("batch");
    case reg::Role::QuanTri: return QStringLiteral("admin");
    case reg::Role::LanhDao:
    case reg::Role::ChuyenVien: return QStringLiteral("records");
    }
    return QStringLiteral("records");
}

void AppState::setIdleLockSeconds(int seconds)
{
    if (seconds == m_idleLockSeconds)
        return;
    m_idleLockSeconds = seconds;
    if (seconds > 0) {
        m_idle.setInterval(seconds * 1000);
        if (m_session.signedIn)
            m_idle.start();
    } else {
        m_idle.stop();
    }
    emit idleLockSecondsChanged();
}

void AppState::setBusy(bool b)
{
    if (b != m_busy) {
        m_busy = b;
        emit busyChanged();
    }
}

void AppState::setLoginError(const QString& e)
{
    m_loginError = e;
    emit loginErrorChanged();
}

void AppState::login(const QString& user, const QString& password)
{
    if (m_busy || !m_session.station())
        return;
    setBusy(true);
    setLoginError({});
    const std::string u = user.trimmed().toStdString();
    const std::string p = password.toStdString();
    m_session.worker().post([this, u, p] {
        Result<reg::User> r = workflow::Records(*m_session.station()).login(u, p);
        deliver(this, [this, r] {
            setBusy(false);
            if (!r) {
                const auto m = clerkMessage(r.error());
                setLoginError(m.title + QStringLiteral(". ") + m.hint);
                return;
            }
            const bool wasLocked = m_locked;
            const bool sameUser = m_session.signedIn && m_session.userName == QString::fromStdString(r->username);
            m_session.userName = QString::fromStdString(r->username);
            m_session.fullName = QString::fromStdString(r->fullName);
            m_session.role = r->role;
            m_session.signedIn = true;
            if (!(wasLocked && sameUser))
                emit userChanged();
            if (m_locked) {
                m_locked = false;
                emit lockedChanged();
            }
            if (m_idleLockSeconds > 0)
                m_idle.start();
        });
    });
}

void AppState::createFirstAdmin(const QString& user, const QString& fullName, const QString& password)
{
    if (m_busy || !m_session.station() || !m_needsFirstAdmin)
        return;
    setBusy(true);
    setLoginError({});
    const std::string u = user.trimmed().toStdString();
    const std::string f = fullName.trimmed().toStdString();
    const std::string p = password.toStdString();
    m_session.worker().post([this, u, f, p] {
        workflow::Records records(*m_session.station());
        Status s = std::unexpected(Error(workflow::Errc::Internal));
        auto first = records.firstStart();
        if (!first)
            s = std::unexpected(first.error());
        else if (!*first)
            s = std::unexpected(Error(workflow::Errc::InvalidInput, "accounts exist already"));
        else
            s = records.addUser(u, f, reg::Role::QuanTri, p, u);
        deliver(this, [this, s, user = QString::fromStdString(u), pass = QString::fromStdString(p)] {
            setBusy(false);
            if (!s) {
                const auto m = clerkMessage(s.error());
                setLoginError(m.title + QStringLiteral(". ") + m.hint);
                return;
            }
            m_needsFirstAdmin = false;
            emit readyChanged();
            login(user, pass);
        });
    });
}

void AppState::refreshAccounts()
{
    if (!m_session.station())
        return;
    setBusy(true);
    m_session.worker().post([this] {
        bool noUsers = false;
        if (auto first = workflow::Records(*m_session.station()).firstStart())
            noUsers = *first;
        deliver(this, [this, noUsers] {
            m_needsFirstAdmin = noUsers;
            setBusy(false);
            emit readyChanged();
        });
    });
}

void AppState::logout()
{
    m_session.signedIn = false;
    m_session.userName.clear();
    m_session.fullName.clear();
    m_idle.stop();
    if (m_locked) {
        m_locked = false;
        emit lockedChanged();
    }
    emit userChanged();
}

void AppState::lock()
{
    if (!m_session.signedIn || m_locked)
        return;
    m_locked = true;
    m_idle.stop();
    emit lockedChanged();
}

void AppState::unlock(const QString& password)
{
    // The same clerk signs in again; the screens underneath stay as they were.
    login(m_session.userName, password);
}

void AppState::setLanguage(const QString& language)
{
    if (language == m_language)
        return;
    if (qApp)
        QCoreApplication::removeTranslator(&m_translator);
    if (language == QStringLiteral("en")) {
        if (!m_translator.load(QStringLiteral(":/i18n/station_en.qm")))
            return;
        QCoreApplication::installTranslator(&m_translator);
    }
    m_language = language;
    if (m_engine)
        m_engine->retranslate();
    emit languageChanged();
    emit userChanged();   // role names are translated
}

bool AppState::eventFilter(QObject* watched, QEvent* event)
{
    switch (event->type()) {
    case QEvent::KeyPress:
    case QEvent::MouseButtonPress:
    case QEvent::TouchBegin:
    case QEvent::Wheel:
        if (m_session.signedIn && !m_locked && m_idleLockSeconds > 0)
            m_idle.start();
        break;
    default:
        break;
    }
    return QObject::eventFilter(watched, event);
}

} // namespace vanthu::ui
