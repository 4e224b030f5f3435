// station-ui: the real kiosk (QML + view models + workflow + register) driven through object names
// and simulated input under QT_QPA_PLATFORM=offscreen, with SANE's test device through a private
// SANE_CONFIG_DIR. No mocks: the register is read back afterwards.
#include "StationUiFixture.h"

#include "AppState.h"
#include "IncomingModel.h"

#include "vanthu/register/Register.h"

#include <QFile>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

namespace {

using namespace vanthu;
using ui::test::waitUntil;

using StationUi = ui::test::StationFixture;

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
    auto db = openRegister();
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
    // Live thumbnails: page files arrive while the scan is still running.
    int liveWhileBusy = 0;
    bool liveFileExists = true;
    // Thumbnail rows are inserted as pages arrive (the scan screen's model is never reset) and get
    // their thumbnail from the thumbnail thread while the batch still runs.
    int rowsWhileBusy = 0, thumbnailsWhileBusy = 0, resets = 0;
    QObject::connect(model->pageModel(), &QAbstractItemModel::modelReset, station.get(), [&] { ++resets; });
    QObject::connect(model->pageModel(), &QAbstractItemModel::dataChanged, station.get(), [&] {
        if (model->busy())
            for (const auto& r : model->pageList().pages())
                thumbnailsWhileBusy += r.thumbnail.isEmpty() ? 0 : 1;
    });
    QObject::connect(model->pageModel(), &QAbstractItemModel::rowsInserted, station.get(), [&] {
        if (model->busy())
            rowsWhileBusy = model->pageModel()->rowCount();
    });
    QObject::connect(model, &ui::IncomingModel::progressChanged, station.get(), [&] {
        if (model->busy() && !model->hasDraft() && !model->livePageUrls().isEmpty()) {
            liveWhileBusy = std::max(liveWhileBusy, static_cast<int>(model->livePageUrls().size()));
            const QString first = QUrl(model->livePageUrls().front()).toLocalFile();
            liveFileExists = liveFileExists && !first.isEmpty() && QFile::exists(first);
        }
    });
    click(item("scanButton"));
    ASSERT_TRUE(waitUntil([&] { return !model->busy() && (model->hasDraft() || !model->errorTitle().isEmpty()); }, 180000));
    ASSERT_TRUE(model->hasDraft()) << model->errorTitle().toStdString();
    EXPECT_GE(liveWhileBusy, 1) << "no page shown before the batch was read";
    EXPECT_TRUE(liveFileExists);
    EXPECT_GE(rowsWhileBusy, 1);
    EXPECT_GE(thumbnailsWhileBusy, 1);
    EXPECT_EQ(resets, 0);
    ASSERT_EQ(model->pageModel()->rowCount(), static_cast<int>(model->currentDraft()->pages.size()));
    EXPECT_FALSE(model->pageList().pages().front().thumbnail.isEmpty());
    ASSERT_TRUE(waitUntil([&] { return station->root()->property("screen").toString() == QStringLiteral("review"); }, 5000));
    EXPECT_GE(model->pageUrls().size(), 1);

    // The clerk types the header the test page does not carry; Enter moves to the next field.
    ASSERT_TRUE(waitUntil([&] { return item("field-number_symbol") != nullptr; }, 5000));
    // The review screen puts the cursor in the first field itself (a timer after the capture):
    // wait for it, so it cannot pull the focus back while the clerk types further down.
    ASSERT_TRUE(waitUntil([&] { return item("field-number_symbol")->hasActiveFocus(); }, 10000));
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
    auto db = openRegister();
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
