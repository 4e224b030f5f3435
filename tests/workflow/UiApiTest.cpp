// The workflow API the kiosk drives (issue #7, station-ui's wishes): field regions for the review
// zoom, blank-page flags and the page tools, page files in progress reports, bilingual OCR
// warnings, and the Records facade over the register (accounts, books, history, outbox).
#include "WorkflowFixtures.h"

#include "vanthu/capture/ImageIo.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Records.h"

#include <cairo-pdf.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

const ReviewField& fieldOf(const IncomingDraft& d, const std::string& name)
{
    for (const auto& f : d.fields)
        if (f.name == name)
            return f;
    throw std::runtime_error("no field " + name);
}

std::string blankA4(const std::string& path)
{
    cairo_surface_t* s = cairo_pdf_surface_create(path.c_str(), 595.28, 841.89);
    cairo_t* cr = cairo_create(s);
    cairo_show_page(cr);
    cairo_destroy(cr);
    cairo_surface_finish(s);
    cairo_surface_destroy(s);
    return path;
}

// OCR of a rectangle of a page (the review screen's zoom shows the same pixels).
std::string readRegion(const PageImage& page, const ocr::Rect& r)
{
    auto engine = station().ocrEngine();
    EXPECT_TRUE(engine);
    ocr::Request rq;
    rq.page = page;
    rq.region = r;
    rq.layout = ocr::Layout::SingleBlock;
    auto res = (*engine)->recognize(std::move(rq)).get();
    EXPECT_TRUE(res) << res.error().toString();
    return res ? res->text : std::string();
}

TEST(WorkflowUiApi, FieldRegionsBlankPagesAndPageToolsKeepTheDraftInStep)
{
    TempDir tmp;
    // A one-page letter with an empty back side scanned with it.
    const std::string letter = shared("corpus/dev/scans/DEV-004.pdf");
    auto q = run({VANTHU_QPDF, "--empty", "--pages", letter, blankA4(tmp.file("blank.pdf")), "--", tmp.file("two.pdf")});
    ASSERT_EQ(q.exitCode, 0) << q.err;

    IncomingFlow flow(station(), "test-clerk");
    IntakeSource src;
    src.files = {tmp.file("two.pdf")};
    std::vector<std::string> cleaned;
    auto drafts = flow.capture(src, [&](const Progress& p) {
        if (p.step == Step::Cleanup) {
            EXPECT_TRUE(fs::exists(p.pageFile)) << "reported page file exists when reported: " << p.pageFile;
            cleaned.push_back(p.pageFile);
        }
    });
    ASSERT_TRUE(drafts) << drafts.error().toString();
    IncomingDraft d = (*drafts)[0];
    ASSERT_EQ(d.pages.size(), 2u);
    ASSERT_EQ(d.pageFlags.size(), 2u);
    EXPECT_EQ(cleaned, d.pageFiles) << "each cleaned page was reported with its PNG";

    // (a) The number was read on page 1, in a region that shows it.
    const ReviewField& ns = fieldOf(d, "number_symbol");
    ASSERT_EQ(ns.page, 0);
    ASSERT_TRUE(ns.region);
    EXPECT_GT(ns.region->width, 0);
    EXPECT_LE(ns.region->right(), d.pages[0].width);
    EXPECT_LE(ns.region->bottom(), d.pages[0].height / 2) << "the number sits in the header";
    EXPECT_THAT(readRegion(d.pages[0], *ns.region), HasSubstr("723"));
    EXPECT_EQ(fieldOf(d, "recipient_unit").page, -1) << "typed fields have no region";

    // (b) The back side is flagged blank, kept with its image, not counted.
    EXPECT_EQ(blankPages(d), std::vector<int>{1});
    EXPECT_TRUE(d.pageFlags[1].blank);
    EXPECT_FALSE(d.pageFlags[0].blank);
    EXPECT_LT(d.pageFlags[1].blankScore, d.pageFlags[0].blankScore);
    EXPECT_TRUE(fs::exists(d.pageFiles[1]));
    EXPECT_EQ(d.meta.pageCount, 1);
    EXPECT_EQ(fieldOf(d, "page_count").value, "1");
    auto hasBlankWarning = [](const IncomingDraft& x) {
        return std::any_of(x.warnings.begin(), x.warnings.end(),
                           [](const std::string& w) { return w.find("trang trắng") != std::string::npos; });
    };
    EXPECT_TRUE(hasBlankWarning(d));
    // (e) Every warning the clerk sees is Vietnamese first, English second.
    for (const auto& w : d.warnings)
        EXPECT_THAT(w, HasSubstr(" / ")) << w;

    // Restore the "blank" page: counted again, the warning goes.
    ASSERT_TRUE(restoreBlankPage(d, 1));
    EXPECT_TRUE(blankPages(d).empty());
    EXPECT_EQ(d.meta.pageCount, 2);
    EXPECT_EQ(fieldOf(d, "page_count").value, "2");
    EXPECT_FALSE(hasBlankWarning(d));
    auto again = restoreBlankPage(d, 1);
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().is(Errc::InvalidInput));
    EXPECT_FALSE(restoreBlankPage(d, 7));

    // Reorder: the field's page index moves with its page.
    const std::string first = d.pageFiles[0];
    ASSERT_TRUE(movePage(d, 0, 1));
    EXPECT_EQ(d.pageFiles[1], first);
    EXPECT_EQ(fieldOf(d, "number_symbol").page, 1);
    ASSERT_TRUE(movePage(d, 1, 0));
    EXPECT_EQ(fieldOf(d, "number_symbol").page, 0);

    // Rotate: the turned image is written beside the old one; the stale region is dropped.
    const int w0 = d.pages[0].width, h0 = d.pages[0].height;
    ASSERT_TRUE(rotatePage(d, 0, 90));
    EXPECT_EQ(d.pages[0].width, h0);
    EXPECT_EQ(d.pages[0].height, w0);
    EXPECT_NE(d.pageFiles[0], first);
    auto onDisk = capture::readImage(d.pageFiles[0]);
    ASSERT_TRUE(onDisk) << onDisk.error().toString();
    EXPECT_EQ(onDisk->width, h0);
    EXPECT_FALSE(fieldOf(d, "number_symbol").region);
    auto badAngle = rotatePage(d, 0, 45);
    ASSERT_FALSE(badAngle);
    EXPECT_TRUE(badAngle.error().is(Errc::InvalidInput));
    // Turned back and read again: the region returns; the clerk's correction survives the reread.
    ASSERT_TRUE(rotatePage(d, 0, 270));
    ASSERT_TRUE(applyCorrection(d, "recipient_unit", "Phòng Tổng hợp"));
    ASSERT_TRUE(flow.reread(d));
    EXPECT_TRUE(fieldOf(d, "number_symbol").region);
    EXPECT_EQ(fieldOf(d, "recipient_unit").value, "Phòng Tổng hợp");
    EXPECT_TRUE(fieldOf(d, "recipient_unit").corrected);
    EXPECT_EQ(d.meta.pageCount, 2) << "the restored page stays counted after a reread";

    // Delete the back side; the only page cannot go.
    ASSERT_TRUE(deletePage(d, 1));
    EXPECT_EQ(d.pages.size(), 1u);
    EXPECT_EQ(d.pageFiles.size(), 1u);
    EXPECT_EQ(d.pageFlags.size(), 1u);
    EXPECT_EQ(d.meta.pageCount, 1);
    EXPECT_FALSE(deletePage(d, 0));
}

TEST(WorkflowUiApi, SaneScanReportsEachPageFileAndBilingualWarnings)
{
    IncomingFlow flow(station(), "test-clerk");
    IntakeSource src;
    src.kind = IntakeSource::Kind::Scanner;
    src.device = "test:0";
    src.scan.dpi = 100;
    src.scan.mode = capture::ColorMode::Gray;
    src.scan.extraOptions["test-picture"] = "Color pattern";
    std::vector<std::string> scanned;
    auto drafts = flow.capture(src, [&](const Progress& p) {
        if (p.step == Step::Scan) {
            EXPECT_TRUE(fs::exists(p.pageFile)) << p.pageFile;
            scanned.push_back(p.pageFile);
        }
    });
    ASSERT_TRUE(drafts) << drafts.error().toString();
    ASSERT_EQ(scanned.size(), 1u);
    EXPECT_THAT(scanned[0], HasSubstr((*drafts)[0].jobDir));
    auto img = capture::readImage(scanned[0]);
    ASSERT_TRUE(img) << img.error().toString();
    EXPECT_GT(img->width, 0);
    // The test pattern has no header: the reader's warnings reach the clerk in Vietnamese first.
    const auto& w = (*drafts)[0].warnings;
    EXPECT_NE(std::find(w.begin(), w.end(), "Không tìm thấy ngày / no date found"), w.end()) << ::testing::PrintToString(w);
    EXPECT_NE(std::find(w.begin(), w.end(), "Không tìm thấy cơ quan ban hành / no issuing agency found"), w.end());
}

TEST(WorkflowUiApi, RecordsCoverAccountsBooksHistoryAndOutbox)
{
    Records records(station());
    // Accounts: login checks the password and the role; wrong passwords are refused and audited.
    auto added = records.addUser("kiosk-lan", "Nguyễn Thị Lan", reg::Role::VanThu, "Mật-khẩu-dài-2026", "test");
    ASSERT_TRUE(added) << added.error().toString();
    auto first = records.firstStart();
    ASSERT_TRUE(first);
    EXPECT_FALSE(*first);
    auto ok = records.login("kiosk-lan", "Mật-khẩu-dài-2026");
    ASSERT_TRUE(ok) << ok.error().toString();
    EXPECT_EQ(ok->role, reg::Role::VanThu);
    EXPECT_EQ(ok->fullName, "Nguyễn Thị Lan");
    auto bad = records.login("kiosk-lan", "sai");
    ASSERT_FALSE(bad);
    EXPECT_TRUE(bad.error().is(reg::Errc::AuthFailed));
    ASSERT_TRUE(records.setDisabled("kiosk-lan", true, "test"));
    auto disabled = records.login("kiosk-lan", "Mật-khẩu-dài-2026");
    ASSERT_FALSE(disabled);
    EXPECT_TRUE(disabled.error().is(reg::Errc::AccountDisabled));
    EXPECT_EQ(roleLabel(reg::Role::VanThu), "Văn thư / records clerk");

    // Books: a record registered through the register is found by a search without diacritics.
    auto regOpen = reg::Register::open(station().paths().database);
    ASSERT_TRUE(regOpen);
    reg::IncomingRequest rq;
    rq.meta.numberSymbol = *parseNumberSymbol("77/BC-UIAPI");
    rq.meta.issuer = "Sở Kiểm thử Giao diện";
    rq.meta.subject = "Báo cáo tình hình thử nghiệm màn hình";
    rq.receivedAt = *vntime::parseIso8601("2026-11-25T09:00:00+07:00");
    rq.arrivalTime = rq.receivedAt;
    rq.intakeKey = "ui-api-test-77";
    rq.documentId = "000.00.00.H77,2026/11/20,77/BC-UIAPI";
    rq.actor = "kiosk-lan";
    auto rec = regOpen->registerIncoming(rq);
    ASSERT_TRUE(rec) << rec.error().toString();
    reg::ListFilter f;
    f.search = "tinh hinh thu nghiem man hinh";
    auto found = records.incoming(f);
    ASSERT_TRUE(found) << found.error().toString();
    ASSERT_EQ(found->size(), 1u);
    EXPECT_EQ((*found)[0].id, rec->id);
    EXPECT_EQ(statusLabel((*found)[0].status), "Đã vào sổ / registered");
    auto byId = records.incomingRecord(rec->id);
    ASSERT_TRUE(byId);
    EXPECT_EQ(byId->meta.subject, rq.meta.subject);
    EXPECT_TRUE(records.incomingRecord(987654).error().is(reg::Errc::NotFound));

    // Outbox: an item about the record goes dead, the clerk retries it.
    reg::OutboxEntry e;
    e.documentId = rq.documentId;
    e.kind = reg::OutboxKind::Status;
    e.businessType = 3;
    e.package = "<edXMLEnvelope/>";
    e.actor = "kiosk-lan";
    e.incomingId = rec->id;
    auto item = regOpen->enqueue(e);
    ASSERT_TRUE(item) << item.error().toString();
    ASSERT_TRUE(regOpen->outboxFailed(item->id, "HTTP 503", 0, true));
    auto dead = records.outbox(reg::OutboxState::Dead);
    ASSERT_TRUE(dead);
    EXPECT_TRUE(std::any_of(dead->begin(), dead->end(), [&](const auto& i) { return i.id == item->id; }));
    auto counts = records.outboxCounts();
    ASSERT_TRUE(counts);
    EXPECT_GE(counts->dead, 1);
    auto revived = records.retry(item->id, "kiosk-lan");
    ASSERT_TRUE(revived) << revived.error().toString();
    EXPECT_EQ(*revived, 1);
    auto pending = records.outbox(reg::OutboxState::Pending);
    ASSERT_TRUE(pending);
    EXPECT_TRUE(std::any_of(pending->begin(), pending->end(), [&](const auto& i) { return i.id == item->id; }));

    // History: registration, then the outbox item's life, oldest first.
    auto h = records.history(*rec);
    ASSERT_TRUE(h) << h.error().toString();
    std::vector<std::string> actions;
    for (const auto& x : *h)
        actions.push_back(x.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"incoming.register", "outbox.enqueue", "outbox.dead", "outbox.retry"}));
    EXPECT_EQ(records.statusCodeLabel("15"), "Đồng ý thu hồi, cập nhật / agreed to take back or update");
    EXPECT_EQ(records.statusCodeLabel("99"), "Mã 99 / code 99");
}

} // namespace
} // namespace vanthu::workflow::test
