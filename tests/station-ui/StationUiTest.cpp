// station-ui: the real kiosk (QML + view models + workflow + register) driven through object names
// and simulated input under QT_QPA_PLATFORM=offscreen, with SANE's test device through a private
// SANE_CONFIG_DIR. No mocks: the register is read back afterwards.
#include "TestSupport.h"

#include "AppState.h"
#include "IncomingModel.h"
#include "RegisterAdapter.h"
#include "StationApp.h"

#include "vanthu/register/Register.h"

#include <QGuiApplication>
#include <QKeyEvent>
#include <QQuickItem>
#include <QTest>
#include <QtQml/qqmlextensionplugin.h>

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

Q_IMPORT_QML_PLUGIN(Vanthu_StationPlugin)

namespace {

using namespace vanthu;

// One QGuiApplication for the executable, offscreen unless a platform was chosen.
QGuiApplication& app()
{
    static int argc = 1;
    static char name[] = "station_ui_test";
    static char* argv[] = {name, nullptr};
    static QGuiApplication* instance = [] {
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        ui::choosePlatform();
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

class StationUi : public ::testing::Test {
protected:
    void SetUp() override
    {
        app();
        // SANE reads its configuration once per process: one private directory for every test.
        static test::TempDir saneDir;
        static const bool saneReady = [] {
            test::writeFile(saneDir.file("dll.conf"), "test\n");
            setenv("SANE_CONFIG_DIR", saneDir.path().c_str(), 1);
            return true;
        }();
        ASSERT_TRUE(saneReady);
        test::writeFile(dir.file("vanthu.ini"), "[station]\ndata_dir = " + dir.file("data") + "\n");
        ui::StationOptions options;
        options.config = QString::fromStdString(dir.file("vanthu.ini"));
        options.idleLockSeconds = 0;
        station = std::make_unique<ui::StationApp>(options);
        ASSERT_TRUE(station->start());
        ASSERT_TRUE(waitUntil([&] { return station->state().ready() || !station->state().setupError().isEmpty(); }, 120000));
        ASSERT_TRUE(station->state().ready()) << station->state().setupError().toStdString();
    }

    // The visual tree, searched by objectName (the QObject tree of a window does not hold every item).
    static QQuickItem* find(QQuickItem* from, const QString& name)
    {
        if (!from)
            return nullptr;
        if (from->objectName() == name && from->isVisible())
            return from;
        for (auto* child : from->childItems())
            if (auto* hit = find(child, name))
                return hit;
        return nullptr;
    }
    QQuickItem* item(const char* name) { return find(station->window()->contentItem(), QString::fromLatin1(name)); }

    // Clicks the centre of a visible item like a finger would.
    void click(QQuickItem* it)
    {
        ASSERT_NE(it, nullptr);
        ASSERT_TRUE(it->isVisible());
        const QPointF centre = it->mapToScene(QPointF(it->width() / 2, it->height() / 2));
        QTest::mouseClick(station->window(), Qt::LeftButton, {}, centre.toPoint());
        QCoreApplication::processEvents();
    }

    void type(QQuickItem* it, const QString& text)
    {
        click(it);
        // Key events carrying the text, one character at a time (Vietnamese letters have no key code).
        for (const QChar ch : text) {
            QKeyEvent press(QEvent::KeyPress, 0, Qt::NoModifier, QString(ch));
            QKeyEvent release(QEvent::KeyRelease, 0, Qt::NoModifier, QString(ch));
            QCoreApplication::sendEvent(station->window(), &press);
            QCoreApplication::sendEvent(station->window(), &release);
        }
        QCoreApplication::processEvents();
    }

    void addUser(const std::string& user, reg::Role role)
    {
        auto db = ui::adapter::open(*station->session().station());
        ASSERT_TRUE(db) << db.error().toString();
        ASSERT_TRUE(db->addUser(user, "Trần Thị Thử", role, password, "test"));
    }

    test::TempDir dir;
    std::unique_ptr<ui::StationApp> station;
    const std::string password = "mat-khau-thu-nghiem";
};

TEST_F(StationUi, FirstStartAsksForTheAdministratorAccount)
{
    EXPECT_TRUE(station->state().needsFirstAdmin());
    type(item("loginUser"), QStringLiteral("quantri"));
    type(item("loginFullName"), QStringLiteral("Nguyễn Quản Trị"));
    type(item("loginPassword"), QString::fromStdString(password));
    click(item("loginButton"));
    ASSERT_TRUE(waitUntil([&] { return station->state().signedIn(); }, 60000)) << station->state().loginError().toStdString();
    EXPECT_EQ(station->state().role(), QStringLiteral("quan-tri"));
    EXPECT_EQ(station->state().homeScreen(), QStringLiteral("admin"));
    auto db = ui::adapter::open(*station->session().station());
    ASSERT_TRUE(db);
    auto users = db->users();
    ASSERT_TRUE(users);
    ASSERT_EQ(users->size(), 1u);
    EXPECT_EQ(users->front().role, reg::Role::QuanTri);
}

TEST_F(StationUi, WrongPasswordIsRefusedAndLockKeepsTheScreen)
{
    addUser("vanthu", reg::Role::VanThu);
    station->state().refreshAccounts();
    ASSERT_TRUE(waitUntil([&] { return !station->state().needsFirstAdmin() && !station->state().busy(); }, 30000));
    type(item("loginUser"), QStringLiteral("vanthu"));
    type(item("loginPassword"), QStringLiteral("sai-mat-khau-123"));
    click(item("loginButton"));
    ASSERT_TRUE(waitUntil([&] { return !station->state().loginError().isEmpty(); }, 60000));
    EXPECT_FALSE(station->state().signedIn());

    station->state().login(QStringLiteral("vanthu"), QString::fromStdString(password));
    ASSERT_TRUE(waitUntil([&] { return station->state().signedIn(); }, 60000));
    EXPECT_EQ(station->state().homeScreen(), QStringLiteral("incoming"));
    EXPECT_EQ(station->root()->property("screen").toString(), QStringLiteral("scan"));
    station->show(QStringLiteral("records"));
    click(item("lockButton"));
    EXPECT_TRUE(station->state().locked());
    type(item("unlockPassword"), QString::fromStdString(password));
    click(item("unlockButton"));
    ASSERT_TRUE(waitUntil([&] { return !station->state().locked(); }, 60000));
    // The session resumes where it was.
    EXPECT_EQ(station->root()->property("screen").toString(), QStringLiteral("records"));
}

TEST_F(StationUi, LoginScanReviewRegisterOnTheSaneTestDevice)
{
    addUser("vanthu", reg::Role::VanThu);
    station->state().refreshAccounts();
    ASSERT_TRUE(waitUntil([&] { return !station->state().needsFirstAdmin() && !station->state().busy(); }, 30000));
    type(item("loginUser"), QStringLiteral("vanthu"));
    type(item("loginPassword"), QString::fromStdString(password));
    click(item("loginButton"));
    ASSERT_TRUE(waitUntil([&] { return station->state().signedIn(); }, 60000)) << station->state().loginError().toStdString();

    auto* model = station->root()->findChild<ui::IncomingModel*>(QStringLiteral("incomingModel"));
    ASSERT_NE(model, nullptr);
    ASSERT_TRUE(waitUntil([&] { return !model->scanner().isEmpty() || !model->errorTitle().isEmpty(); }, 60000));
    ASSERT_TRUE(model->scanner().startsWith(QStringLiteral("test"))) << model->errorTitle().toStdString();
    click(item("scanButton"));
    ASSERT_TRUE(waitUntil([&] { return !model->busy() && (model->hasDraft() || !model->errorTitle().isEmpty()); }, 180000));
    ASSERT_TRUE(model->hasDraft()) << model->errorTitle().toStdString();
    ASSERT_TRUE(waitUntil([&] { return station->root()->property("screen").toString() == QStringLiteral("review"); }, 5000));
    EXPECT_GE(model->pageUrls().size(), 1);

    // The clerk types the header the test page does not carry; Enter moves to the next field.
    ASSERT_TRUE(waitUntil([&] { return item("field-number_symbol") != nullptr; }, 5000));
    type(item("field-number_symbol"), QStringLiteral("125/QĐ-UBND"));
    QTest::keyClick(station->window(), Qt::Key_Return);
    type(item("field-issuer"), QStringLiteral("Ủy ban nhân dân tỉnh Mẫu"));
    QTest::keyClick(station->window(), Qt::Key_Return);
    type(item("field-subject"), QStringLiteral("Về việc số hóa tài liệu lưu trữ"));
    QTest::keyClick(station->window(), Qt::Key_Return);
    const auto* draft = model->currentDraft();
    ASSERT_NE(draft, nullptr);
    EXPECT_EQ(draft->meta.numberSymbol.format(), "125/QĐ-UBND");
    EXPECT_EQ(draft->meta.issuer, "Ủy ban nhân dân tỉnh Mẫu");

    click(item("registerButton"));
    ASSERT_TRUE(waitUntil([&] { return !model->busy() && (model->arrivalNumber() > 0 || !model->errorTitle().isEmpty()); }, 180000));
    ASSERT_GT(model->arrivalNumber(), 0) << model->errorTitle().toStdString() << " " << model->errorHint().toStdString();
    EXPECT_EQ(station->root()->property("screen").toString(), QStringLiteral("result"));
    EXPECT_TRUE(model->stampedUrl().endsWith(QStringLiteral(".png")));

    // The register has it, with the clerk's fields.
    auto db = ui::adapter::open(*station->session().station());
    ASSERT_TRUE(db);
    reg::ListFilter filter;
    auto list = db->listIncoming(filter);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->front().arrivalNumber, model->arrivalNumber());
    EXPECT_EQ(list->front().meta.numberSymbol.format(), "125/QĐ-UBND");
    EXPECT_EQ(list->front().meta.subject, "Về việc số hóa tài liệu lưu trữ");
    EXPECT_EQ(list->front().createdBy, "vanthu");
}

} // namespace
