// Each screen's logic through its view model, on the real kiosk (QML loaded, workflow, register,
// capture and OCR real), under QT_QPA_PLATFORM=offscreen: the scan page tools, the books search with
// the audit history, the queue retry, the administrator's accounts, the dossier checklist, and the
// English translation switch.
#include "StationUiFixture.h"

#include "AdminModel.h"
#include "DemoDocument.h"
#include "PageImageQt.h"
#include "AppState.h"
#include "DossierModel.h"
#include "IncomingModel.h"
#include "QueueModel.h"
#include "RecordsModel.h"

#include "vanthu/register/Register.h"
#include "vanthu/capture/Errors.h"
#include "vanthu/signing/Errors.h"

#include <QFont>
#include <QImage>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace vanthu;
using ui::test::waitUntil;

using ViewModel = ui::test::StationFixture;

// A 300 dpi page with `lines` of text, `width` px wide (so each page is recognisable by its size).
std::string writePage(const std::string& path, int width, const QString& title)
{
    QImage img(width, 1600, QImage::Format_Grayscale8);
    img.fill(255);
    img.setDotsPerMeterX(11811);
    img.setDotsPerMeterY(11811);
    QPainter p(&img);
    QFont f(QStringLiteral("Liberation Serif"));
    f.setPixelSize(42);
    p.setFont(f);
    p.drawText(QPointF(120, 200), title);
    for (int i = 0; i < 8; ++i)
        p.drawText(QPointF(120, 320 + i * 90), QStringLiteral("Dòng %1 của trang thử nghiệm công cụ trang.").arg(i + 1));
    p.end();
    EXPECT_TRUE(img.save(QString::fromStdString(path), "PNG"));
    return path;
}

QSize sizeOf(const std::string& png) { return QImage(QString::fromStdString(png)).size(); }

// The thumbnail an image://thumbs source names, as the QML image provider hands it over.
QImage thumbnailOf(ui::StationApp& app, const QString& source)
{
    const QString prefix = QStringLiteral("image://thumbs/");
    EXPECT_TRUE(source.startsWith(prefix)) << source.toStdString();
    return app.session().thumbnails()->image(source.mid(prefix.size()));
}

TEST_F(ViewModel, ScanPageToolsRotateReorderDeleteSplitAndMerge)
{
    signIn("vanthu", reg::Role::VanThu);
    auto* m = model<ui::IncomingModel>("incomingModel");
    ASSERT_NE(m, nullptr);
    m->importFiles({QString::fromStdString(writePage(dir.file("a.png"), 1100, QStringLiteral("TRANG A"))),
                    QString::fromStdString(writePage(dir.file("b.png"), 1200, QStringLiteral("TRANG B"))),
                    QString::fromStdString(writePage(dir.file("c.png"), 1300, QStringLiteral("TRANG C")))});
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (m->hasDraft() || !m->errorTitle().isEmpty()); }, 180000));
    ASSERT_EQ(m->documentCount(), 3) << m->errorTitle().toStdString();
    std::vector<std::string> files;
    for (int i = 0; i < 3; ++i) {
        m->selectDocument(i);
        ASSERT_EQ(m->currentDraft()->pageFiles.size(), 1u);
        files.push_back(m->currentDraft()->pageFiles[0]);
    }

    // Merge: one document A B C.
    m->selectDocument(0);
    ASSERT_TRUE(m->mergeWithNext());
    ASSERT_TRUE(m->mergeWithNext());
    EXPECT_FALSE(m->mergeWithNext());   // nothing after it
    ASSERT_EQ(m->documentCount(), 1);
    EXPECT_EQ(m->currentDraft()->pageFiles, files);
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 3);
    EXPECT_EQ(m->pageUrls().size(), 3);
    // The thumbnails: one row per page, small images made off the GUI thread, A narrower than C.
    const auto& rows = m->pageList().pages();
    ASSERT_EQ(rows.size(), 3u);
    std::vector<QImage> thumbs;
    for (const auto& r : rows) {
        thumbs.push_back(thumbnailOf(*station, r.thumbnail));
        ASSERT_FALSE(thumbs.back().isNull());
        EXPECT_LE(std::max(thumbs.back().width(), thumbs.back().height()), ui::kThumbnailSize);
        EXPECT_LT(thumbs.back().width(), thumbs.back().height());   // portrait pages
    }
    EXPECT_LT(thumbs[0].width(), thumbs[2].width());

    // Reorder: A to the end → B C A (pages and files move together).
    ASSERT_TRUE(m->movePage(0, 2));
    EXPECT_EQ(m->currentDraft()->pageFiles, (std::vector<std::string>{files[1], files[2], files[0]}));
    EXPECT_EQ(m->currentDraft()->pages[2].width, sizeOf(files[0]).width());
    EXPECT_FALSE(m->movePage(0, 3));
    // Page 1 changed: the fields are read again on the worker.
    EXPECT_TRUE(m->busy());
    ASSERT_TRUE(waitUntil([&] { return !m->busy(); }, 60000));

    // Rotate B clockwise: a turned PNG (width and height swapped) replaces it; the URL changes.
    const QSize before = sizeOf(files[1]);
    const QString urlBefore = m->pageUrls()[0];
    m->rotatePage(0, true);
    ASSERT_TRUE(waitUntil([&] { return !m->busy(); }, 60000));
    const std::string turned = m->currentDraft()->pageFiles[0];
    EXPECT_NE(turned, files[1]);
    EXPECT_EQ(sizeOf(turned), before.transposed());
    EXPECT_EQ(sizeOf(files[1]), before);   // the job folder keeps the page as cleaned
    EXPECT_EQ(m->currentDraft()->pages[0].width, before.height());
    EXPECT_NE(m->pageUrls()[0], urlBefore);
    const QImage turnedThumb = thumbnailOf(*station, m->pageList().pages()[0].thumbnail);
    EXPECT_GT(turnedThumb.width(), turnedThumb.height());   // the thumbnail turned with the page

    // Delete C: B A, two pages.
    ASSERT_TRUE(m->deletePage(1));
    EXPECT_EQ(m->currentDraft()->pageFiles, (std::vector<std::string>{turned, files[0]}));
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 2);

    // Split after B: two documents, B and A; the new one's fields are the clerk's to fill.
    ASSERT_TRUE(m->splitAfter(0));
    ASSERT_EQ(m->documentCount(), 2);
    EXPECT_EQ(m->currentDraft()->pageFiles, std::vector<std::string>{turned});
    EXPECT_FALSE(m->deletePage(0));   // a document keeps one page
    m->selectDocument(1);
    EXPECT_EQ(m->currentDraft()->pageFiles, std::vector<std::string>{files[0]});
    EXPECT_TRUE(m->currentDraft()->meta.subject.empty());
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 1);
}

// A three-page PDF whose middle page is empty paper.
std::string writeBlankMiddlePdf(const std::string& path)
{
    QPdfWriter pdf(QString::fromStdString(path));
    pdf.setResolution(72);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    QPainter p(&pdf);
    QFont f(QStringLiteral("Liberation Serif"));
    f.setPointSize(13);
    p.setFont(f);
    for (int i = 0; i < 12; ++i)
        p.drawText(QPointF(60, 80 + i * 22), QStringLiteral("Trang một: nội dung dòng %1 của văn bản thử nghiệm.").arg(i + 1));
    pdf.newPage();   // page 2: nothing printed
    pdf.newPage();
    for (int i = 0; i < 12; ++i)
        p.drawText(QPointF(60, 80 + i * 22), QStringLiteral("Trang ba: nội dung dòng %1 của văn bản thử nghiệm.").arg(i + 1));
    p.end();
    return path;
}

bool contains(const QStringList& list, const QString& part)
{
    return std::any_of(list.begin(), list.end(), [&](const QString& s) { return s.contains(part); });
}

TEST_F(ViewModel, BlankPageIsFlaggedWithABilingualWarningAndCanBeRestored)
{
    signIn("vanthu", reg::Role::VanThu);
    auto* m = model<ui::IncomingModel>("incomingModel");
    m->importFiles({QString::fromStdString(writeBlankMiddlePdf(dir.file("blank-middle.pdf")))});
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (m->hasDraft() || !m->errorTitle().isEmpty()); }, 180000));
    ASSERT_TRUE(m->hasDraft()) << m->errorTitle().toStdString();
    ASSERT_EQ(m->pageUrls().size(), 3);   // a blank page is kept, never dropped
    EXPECT_EQ(m->pageBlank(), (QVariantList{false, true, false}));
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 2);
    // The warning in the UI language: Vietnamese, then English after the switch.
    EXPECT_TRUE(contains(m->warnings(), QStringLiteral("1 trang trắng (giữ lại, không tính)"))) << m->warnings().join(QLatin1Char('|')).toStdString();
    EXPECT_FALSE(contains(m->warnings(), QStringLiteral("blank page(s)")));
    station->state().setLanguage(QStringLiteral("en"));
    EXPECT_TRUE(contains(m->warnings(), QStringLiteral("blank page(s) kept, not counted")));
    EXPECT_FALSE(contains(m->warnings(), QStringLiteral("trang trắng")));
    station->state().setLanguage(QStringLiteral("vi"));

    // The review screen marks it; the clerk says it is not blank.
    station->show(QStringLiteral("review"));
    QCoreApplication::processEvents();
    EXPECT_NE(item("blankBadge-1"), nullptr);
    EXPECT_EQ(item("blankBadge-0"), nullptr);
    EXPECT_FALSE(m->restoreBlankPage(0));   // not flagged
    ASSERT_TRUE(m->restoreBlankPage(1));
    EXPECT_EQ(m->pageBlank(), (QVariantList{false, false, false}));
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 3);
    EXPECT_FALSE(contains(m->warnings(), QStringLiteral("trang trắng")));
    QCoreApplication::processEvents();
    EXPECT_EQ(item("blankBadge-1"), nullptr);
    // And back: flagged by hand.
    ASSERT_TRUE(m->markPageBlank(2));
    EXPECT_EQ(m->pageBlank(), (QVariantList{false, false, true}));
    EXPECT_EQ(m->currentDraft()->meta.pageCount, 2);
}

TEST_F(ViewModel, ClickingAFieldZoomsThePageToWhereItWasRead)
{
    signIn("vanthu", reg::Role::VanThu);
    // A scan of the quyết định (the PDF rendered to a 300 dpi image: no text layer, so OCR reads it).
    const QString pdf = QString::fromStdString(dir.file("qd.pdf"));
    ASSERT_TRUE(ui::writeDemoOriginal(pdf, QStringLiteral("Về việc phê duyệt kế hoạch số hóa tài liệu")));
    const QString png = ui::renderPdfPage(pdf, 1, QString::fromStdString(dir.file("qd-scan")), 300);
    ASSERT_FALSE(png.isEmpty());
    auto* m = model<ui::IncomingModel>("incomingModel");
    m->importFiles({png});
    ASSERT_TRUE(waitUntil([&] { return !m->busy() && (m->hasDraft() || !m->errorTitle().isEmpty()); }, 180000));
    ASSERT_TRUE(m->hasDraft()) << m->errorTitle().toStdString();
    const auto region = m->fieldRegion(QStringLiteral("issuer"));
    ASSERT_FALSE(region.isEmpty()) << "no region for the issuer";
    EXPECT_EQ(region.value(QStringLiteral("page")).toInt(), 0);
    const int pw = region.value(QStringLiteral("pageWidth")).toInt(), ph = region.value(QStringLiteral("pageHeight")).toInt();
    const int x = region.value(QStringLiteral("x")).toInt(), y = region.value(QStringLiteral("y")).toInt();
    // The issuer is printed top-left ("SỞ THỬ NGHIỆM TỈNH MẪU" under the parent body).
    EXPECT_LT(x, pw / 2);
    EXPECT_LT(y, ph / 4);
    EXPECT_GT(region.value(QStringLiteral("width")).toInt(), 0);
    EXPECT_TRUE(m->fieldRegion(QStringLiteral("no_such_field")).isEmpty());
    // The signer and "Nơi nhận" are read after the header (before the full text or from it):
    // pending when the draft arrives, shown as being read, then filled in place by the model's timer.
    const auto row = [&](const char* name) {
        auto* fields = m->fieldModel();
        for (int i = 0; i < fields->rowCount(); ++i)
            if (fields->index(i).data(ui::FieldList::Name).toString() == QLatin1String(name))
                return fields->index(i);
        return QModelIndex();
    };
    ASSERT_TRUE(row("signer_name").isValid());
    EXPECT_TRUE(row("signer_name").data(ui::FieldList::Pending).toBool());
    EXPECT_FALSE(row("signer_name").data(ui::FieldList::Low).toBool()) << "not flagged low while being read";
    EXPECT_FALSE(row("issuer").data(ui::FieldList::Pending).toBool());

    station->show(QStringLiteral("review"));
    ASSERT_TRUE(waitUntil([&] { return item("fieldLabel-issuer") != nullptr && item("pageImage") != nullptr; }, 5000));
    ASSERT_TRUE(waitUntil([&] { return !row("signer_name").data(ui::FieldList::Pending).toBool(); }, 120000));
    EXPECT_EQ(row("signer_name").data(ui::FieldList::Value).toString(), QStringLiteral("Nguyễn Văn Thành"));
    EXPECT_EQ(row("recipients").data(ui::FieldList::Value).toString(), QStringLiteral("Như Điều 2; Lưu: VT"));
    auto* signerEdit = item("field-signer_name");
    ASSERT_NE(signerEdit, nullptr);
    EXPECT_EQ(signerEdit->property("text").toString(), QStringLiteral("Nguyễn Văn Thành")) << "the review screen shows it";
    EXPECT_EQ(signerEdit->property("placeholderText").toString(), QString());
    auto* image = item("pageImage");
    auto* view = item("pageView");
    ASSERT_TRUE(waitUntil([&] { return image->property("status").toInt() == 1; }, 30000));   // Image.Ready
    click(item("fieldLabel-issuer"));
    ASSERT_TRUE(waitUntil([&] { return item("fieldHighlight") != nullptr; }, 5000));
    EXPECT_GT(image->width(), view->width() * 1.5);   // zoomed in
    // The highlighted region is inside the visible part of the page.
    auto* hl = item("fieldHighlight");
    const double cx = hl->x() + hl->width() / 2, cy = hl->y() + hl->height() / 2;
    const double left = view->property("contentX").toDouble(), top = view->property("contentY").toDouble();
    EXPECT_GE(cx, left);
    EXPECT_LE(cx, left + view->width());
    EXPECT_GE(cy, top);
    EXPECT_LE(cy, top + view->height());
}

TEST_F(ViewModel, BooksSearchIgnoresDiacriticsAndShowTheAuditHistory)
{
    signIn("vanthu", reg::Role::VanThu);
    {
        auto db = openRegister();
        ASSERT_TRUE(db);
        int n = 0;
        for (auto [issuer, subject] : {std::pair{"Sở Tài chính tỉnh Mẫu", "Về việc quyết toán ngân sách năm 2026"},
                                       std::pair{"Sở Nội vụ tỉnh Mẫu", "Về việc tuyển dụng công chức"}}) {
            reg::IncomingRequest rq;
            rq.meta.issuer = issuer;
            rq.meta.subject = subject;
            rq.meta.numberSymbol = *parseNumberSymbol(std::to_string(++n) + "/STC-NS");
            rq.receivedAt = rq.arrivalTime = vntime::now();
            rq.intakeKey = "test:" + std::to_string(n);
            rq.actor = "vanthu";
            ASSERT_TRUE(db->registerIncoming(rq));
        }
    }
    station->show(QStringLiteral("records"));
    auto* r = model<ui::RecordsModel>("recordsModel");
    ASSERT_NE(r, nullptr);
    ASSERT_TRUE(waitUntil([&] { return !r->busy() && r->rows().size() == 2; }, 30000)) << r->rows().size();
    r->setSearch(QStringLiteral("tai chinh"));
    ASSERT_TRUE(waitUntil([&] { return !r->busy(); }, 30000));
    ASSERT_EQ(r->rows().size(), 1);
    const auto row = r->rows().front().toMap();
    EXPECT_EQ(row.value(QStringLiteral("issuer")).toString(), QStringLiteral("Sở Tài chính tỉnh Mẫu"));
    r->setSearch(QStringLiteral("CÔNG CHỨC"));
    ASSERT_TRUE(waitUntil([&] { return !r->busy(); }, 30000));
    ASSERT_EQ(r->rows().size(), 1);
    EXPECT_EQ(r->rows().front().toMap().value(QStringLiteral("issuer")).toString(), QStringLiteral("Sở Nội vụ tỉnh Mẫu"));

    // The detail carries the record's audit history (who registered it).
    const qlonglong id = r->rows().front().toMap().value(QStringLiteral("id")).toLongLong();
    r->select(id);
    EXPECT_EQ(r->detail().value(QStringLiteral("id")).toLongLong(), id);
    ASSERT_TRUE(waitUntil([&] { return !r->history().isEmpty(); }, 30000));
    EXPECT_EQ(r->history().front().toMap().value(QStringLiteral("actor")).toString(), QStringLiteral("vanthu"));

    r->setBook(QStringLiteral("outgoing"));
    ASSERT_TRUE(waitUntil([&] { return !r->busy(); }, 30000));
    EXPECT_TRUE(r->rows().isEmpty());
}

TEST_F(ViewModel, QueueShowsTheDeadItemAndRetryPutsItBack)
{
    signIn("vanthu", reg::Role::VanThu);
    int64_t id = 0;
    {
        auto db = openRegister();
        ASSERT_TRUE(db);
        reg::OutboxEntry e;
        e.documentId = "000.00.00.T99,2026/11/29,5/TB-STN";
        e.package = "<edXMLEnvelope/>";
        e.actor = "vanthu";
        auto item = db->enqueue(e);
        ASSERT_TRUE(item) << item.error().toString();
        id = item->id;
        ASSERT_TRUE(db->outboxFailed(id, "HTTP 503 from the registry", 0, true));
    }
    station->show(QStringLiteral("queue"));
    auto* q = model<ui::QueueModel>("queueModel");
    ASSERT_NE(q, nullptr);
    ASSERT_TRUE(waitUntil([&] { return q->dead() == 1; }, 30000));
    ASSERT_EQ(q->items().size(), 1);
    const auto item = q->items().front().toMap();
    EXPECT_EQ(item.value(QStringLiteral("state")).toString(), QStringLiteral("dead"));
    EXPECT_EQ(item.value(QStringLiteral("lastError")).toString(), QStringLiteral("HTTP 503 from the registry"));
    EXPECT_EQ(item.value(QStringLiteral("stateName")).toString(), QStringLiteral("Gửi lỗi — cần gửi lại"));

    q->retry(id);
    ASSERT_TRUE(waitUntil([&] { return q->dead() == 0 && q->pending() == 1; }, 30000));
    EXPECT_EQ(q->message(), QStringLiteral("Đã đưa lại 1 mục vào hàng đợi"));
    auto db = openRegister();
    auto back = db->outboxItem(id);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->state, reg::OutboxState::Pending);
    EXPECT_EQ(back->attempts, 0);
}

TEST_F(ViewModel, AdminAddsAndDisablesAccountsAndShowsTheStation)
{
    signIn("quantri", reg::Role::QuanTri);
    station->show(QStringLiteral("admin"));
    auto* a = model<ui::AdminModel>("adminModel");
    ASSERT_NE(a, nullptr);
    ASSERT_TRUE(waitUntil([&] { return !a->users().isEmpty(); }, 30000));
    bool codeShown = false;
    for (const auto& s : a->settings())
        codeShown = codeShown || s.toMap().value(QStringLiteral("value")).toString() == QStringLiteral("000.00.00.T99");
    EXPECT_TRUE(codeShown);
    EXPECT_FALSE(a->certificates().isEmpty());

    a->addUser(QStringLiteral("ai"), QStringLiteral("Vai Trò Lạ"), QStringLiteral("vua"), QStringLiteral("mat-khau-rat-dai"));
    EXPECT_EQ(a->message(), QStringLiteral("Vai trò không hợp lệ"));

    a->addUser(QStringLiteral("chuyenvien"), QStringLiteral("Lê Văn Chuyên"), QStringLiteral("chuyen-vien"), QStringLiteral("mat-khau-rat-dai"));
    ASSERT_TRUE(waitUntil([&] { return a->users().size() == 2; }, 30000)) << a->message().toStdString();
    EXPECT_EQ(a->message(), QStringLiteral("Đã thêm tài khoản"));
    auto find = [&](const QString& user) {
        for (const auto& u : a->users())
            if (u.toMap().value(QStringLiteral("user")).toString() == user)
                return u.toMap();
        return QVariantMap{};
    };
    EXPECT_EQ(find(QStringLiteral("chuyenvien")).value(QStringLiteral("role")).toString(), QStringLiteral("chuyen-vien"));
    EXPECT_FALSE(find(QStringLiteral("chuyenvien")).value(QStringLiteral("disabled")).toBool());

    a->setDisabled(QStringLiteral("chuyenvien"), true);
    ASSERT_TRUE(waitUntil([&] { return find(QStringLiteral("chuyenvien")).value(QStringLiteral("disabled")).toBool(); }, 30000));
    // The disabled account cannot sign in.
    station->state().logout();
    station->state().login(QStringLiteral("chuyenvien"), QStringLiteral("mat-khau-rat-dai"));
    ASSERT_TRUE(waitUntil([&] { return !station->state().busy() && !station->state().loginError().isEmpty(); }, 60000));
    EXPECT_TRUE(station->state().loginError().startsWith(QStringLiteral("Tài khoản đã bị vô hiệu hóa")))
        << station->state().loginError().toStdString();
    EXPECT_FALSE(station->state().signedIn());
}

TEST_F(ViewModel, DossierChecklistFillsAsComponentsArrive)
{
    signIn("motcua", reg::Role::MotCua);
    auto* d = model<ui::DossierModel>("dossierModel");
    ASSERT_NE(d, nullptr);
    ASSERT_TRUE(waitUntil([&] { return !d->procedures().isEmpty(); }, 30000)) << d->message().toStdString();
    ASSERT_GE(d->procedureIndex(), 0);
    const auto components = d->components();
    ASSERT_FALSE(components.isEmpty());
    int required = 0;
    QString firstRequired;
    for (const auto& c : components) {
        EXPECT_FALSE(c.toMap().value(QStringLiteral("present")).toBool());
        if (c.toMap().value(QStringLiteral("required")).toBool()) {
            ++required;
            if (firstRequired.isEmpty())
                firstRequired = c.toMap().value(QStringLiteral("id")).toString();
        }
    }
    ASSERT_GT(required, 0);

    EXPECT_FALSE(d->readCccd(QStringLiteral("12345|x")).isEmpty());   // wrong field count
    EXPECT_TRUE(d->applicant().isEmpty());
    EXPECT_TRUE(d->readCccd(QStringLiteral("001099012345|012345678|Nguyễn Thị Hồng Nhung|15081990|Nữ|Số 12, phố Hàng Bạc, Hà Nội|01072021"))
                    .isEmpty());
    EXPECT_EQ(d->applicant().value(QStringLiteral("fullName")).toString(), QStringLiteral("Nguyễn Thị Hồng Nhung"));
    EXPECT_EQ(d->applicant().value(QStringLiteral("birthDate")).toString(), QStringLiteral("15/08/1990"));

    d->create(QStringLiteral("Đề nghị cấp bản sao trích lục khai sinh"));
    ASSERT_TRUE(waitUntil([&] { return !d->busy(); }, 30000));
    ASSERT_FALSE(d->dossierCode().isEmpty()) << d->message().toStdString();
    EXPECT_TRUE(d->dossierCode().startsWith(QStringLiteral("000.00.00.T99-")));
    EXPECT_EQ(d->message(), QStringLiteral("Còn thiếu %1 thành phần bắt buộc").arg(required));

    // One required component arrives: it is ticked and the missing count drops by one.
    d->addComponent(firstRequired, {QString::fromStdString(writePage(dir.file("don.png"), 1240, QStringLiteral("ĐƠN ĐỀ NGHỊ")))});
    ASSERT_TRUE(waitUntil([&] { return !d->busy(); }, 120000));
    bool ticked = false;
    for (const auto& c : d->components())
        if (c.toMap().value(QStringLiteral("id")).toString() == firstRequired)
            ticked = c.toMap().value(QStringLiteral("present")).toBool();
    EXPECT_TRUE(ticked) << d->message().toStdString();
    EXPECT_EQ(d->message(), required > 1 ? QStringLiteral("Còn thiếu %1 thành phần bắt buộc").arg(required - 1)
                                         : QStringLiteral("Hồ sơ đã đủ thành phần bắt buộc"));
}

TEST_F(ViewModel, EnglishTranslationChangesTheRealStringsAndBack)
{
    signIn("vanthu", reg::Role::VanThu);
    auto* nav = item("nav-outgoing");
    ASSERT_NE(nav, nullptr);
    EXPECT_EQ(nav->property("text").toString(), QStringLiteral("Văn bản đi"));
    EXPECT_EQ(station->state().roleName(), QStringLiteral("Văn thư"));
    EXPECT_EQ(ui::clerkMessage(Error(signing::Errc::WrongPin)).title, QStringLiteral("Sai mã PIN"));

    station->state().setLanguage(QStringLiteral("en"));
    ASSERT_EQ(station->state().language(), QStringLiteral("en"));
    QCoreApplication::processEvents();
    EXPECT_EQ(item("nav-outgoing")->property("text").toString(), QStringLiteral("Outgoing"));
    EXPECT_EQ(item("nav-scan")->property("text").toString(), QStringLiteral("Incoming"));
    EXPECT_EQ(item("lockButton")->property("text").toString(), QStringLiteral("Lock"));
    EXPECT_EQ(station->state().roleName(), QStringLiteral("Records clerk"));
    EXPECT_EQ(ui::clerkMessage(Error(signing::Errc::WrongPin)).title, QStringLiteral("Wrong PIN"));
    EXPECT_EQ(ui::clerkMessage(Error(capture::Errc::PaperJam)).title, QStringLiteral("Paper jam"));

    station->state().setLanguage(QStringLiteral("vi"));
    QCoreApplication::processEvents();
    EXPECT_EQ(item("nav-outgoing")->property("text").toString(), QStringLiteral("Văn bản đi"));
    EXPECT_EQ(ui::clerkMessage(Error(capture::Errc::PaperJam)).title, QStringLiteral("Kẹt giấy"));
}

// Every string of the committed English translation is translated (nothing unfinished, nothing
// empty, nothing left in Vietnamese), so the English UI never falls back to the source text.
TEST(Translation, EveryStringOfTheEnglishTranslationIsTranslated)
{
    const std::string ts = vanthu::test::readFile(std::string(VANTHU_SOURCE_DIR) + "/station-ui/i18n/station_en.ts");
    size_t messages = 0, pos = 0;
    while ((pos = ts.find("<message>", pos)) != std::string::npos) {
        const size_t end = ts.find("</message>", pos);
        ASSERT_NE(end, std::string::npos);
        const std::string m = ts.substr(pos, end - pos);
        ++messages;
        EXPECT_EQ(m.find("type=\"unfinished\""), std::string::npos) << m;
        EXPECT_EQ(m.find("<translation></translation>"), std::string::npos) << m;
        EXPECT_EQ(m.find("<translation/>"), std::string::npos) << m;
        const size_t t = m.find("<translation>");
        ASSERT_NE(t, std::string::npos) << m;
        const std::string tr = m.substr(t);
        // Vietnamese letters that English never uses (the bilingual language label excepted).
        if (m.find("Ngôn ngữ / Language") == std::string::npos && m.find("ĐẾN") == std::string::npos) {
            for (const char* vi : {"ă", "ơ", "ư", "đ", "ạ", "ả", "ệ", "ộ"})
                EXPECT_EQ(tr.find(vi), std::string::npos) << m;
        }
        pos = end;
    }
    EXPECT_GE(messages, 250u);
}

} // namespace
