#include "StationUiFixture.h"

#include "vanthu/workflow/Records.h"

#include <QElapsedTimer>
#include <QGuiApplication>
#include <QKeyEvent>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdlib>

Q_IMPORT_QML_PLUGIN(Vanthu_StationPlugin)

namespace vanthu::ui::test {

QGuiApplication& app()
{
    static int argc = 1;
    static char name[] = "station_ui_test";
    static char* argv[] = {name, nullptr};
    static QGuiApplication* instance = [] {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        choosePlatform();
        return new QGuiApplication(argc, argv);
    }();
    return *instance;
}

bool waitUntil(const std::function<bool()>& condition, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (!condition()) {
        if (t.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        QTest::qWait(20);
    }
    return true;
}

void StationFixture::SetUp()
{
    app();
    // SANE reads its configuration once per process: one private directory for every test.
    static vanthu::test::TempDir saneDir;
    static const bool saneReady = [] {
        vanthu::test::writeFile(saneDir.file("dll.conf"), "test\n");
        setenv("SANE_CONFIG_DIR", saneDir.path().c_str(), 1);
        return true;
    }();
    ASSERT_TRUE(saneReady);
    vanthu::test::writeFile(dir.file("vanthu.ini"), "[station]\ndata_dir = " + dir.file("data") + "\n" + extraConfig());
    StationOptions options;
    options.config = QString::fromStdString(dir.file("vanthu.ini"));
    options.idleLockSeconds = 0;
    station = std::make_unique<StationApp>(options);
    ASSERT_TRUE(station->start());
    ASSERT_TRUE(waitUntil([&] { return station->state().ready() || !station->state().setupError().isEmpty(); }, 120000));
    ASSERT_TRUE(station->state().ready()) << station->state().setupError().toStdString();
}

void StationFixture::TearDown()
{
    station.reset();
    QCoreApplication::processEvents();
}

namespace {
QQuickItem* findVisible(QQuickItem* from, const QString& name)
{
    if (!from)
        return nullptr;
    if (from->objectName() == name && from->isVisible())
        return from;
    for (auto* child : from->childItems())
        if (auto* hit = findVisible(child, name))
            return hit;
    return nullptr;
}
} // namespace

QQuickItem* StationFixture::item(const char* name)
{
    // The window's root item holds the content and the popup overlay.
    auto* rootItem = station->window()->contentItem();
    while (rootItem && rootItem->parentItem())
        rootItem = rootItem->parentItem();
    return findVisible(rootItem, QString::fromLatin1(name));
}

void StationFixture::click(QQuickItem* it)
{
    ASSERT_NE(it, nullptr);
    ASSERT_TRUE(it->isVisible());
    const QPointF centre = it->mapToScene(QPointF(it->width() / 2, it->height() / 2));
    QTest::mouseClick(station->window(), Qt::LeftButton, {}, centre.toPoint());
    QCoreApplication::processEvents();
}

void StationFixture::type(QQuickItem* it, const QString& text)
{
    click(it);
    // Replaces what the field holds, as a clerk does (select all, then type).
    QTest::keyClick(station->window(), Qt::Key_A, Qt::ControlModifier);
    // Key events carrying the text, one character at a time (Vietnamese letters have no key code).
    for (const QChar ch : text) {
        QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(ch));
        QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(ch));
        QCoreApplication::sendEvent(station->window(), &press);
        QCoreApplication::sendEvent(station->window(), &release);
    }
    QCoreApplication::processEvents();
}

Result<reg::Register> StationFixture::openRegister()
{
    auto* st = station->session().station();
    reg::OpenOptions o;
    o.accounts = st->config().accounts;
    o.numbering = st->config().numbering;
    return reg::Register::open(st->paths().database, o);
}

void StationFixture::addUser(const std::string& user, reg::Role role)
{
    ASSERT_TRUE(workflow::Records(*station->session().station()).addUser(user, "Trần Thị Thử", role, password, "test"));
}

void StationFixture::signIn(const std::string& user, reg::Role role)
{
    addUser(user, role);
    station->state().refreshAccounts();
    ASSERT_TRUE(waitUntil([&] { return !station->state().needsFirstAdmin() && !station->state().busy(); }, 30000));
    station->state().login(QString::fromStdString(user), QString::fromStdString(password));
    ASSERT_TRUE(waitUntil([&] { return station->state().signedIn() && !station->state().busy(); }, 60000))
        << station->state().loginError().toStdString();
}

} // namespace vanthu::ui::test
