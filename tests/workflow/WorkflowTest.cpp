// End-to-end tests of the three flows on the real libraries: corpus scans and the SANE test device
// through cleanup, extraction, review, registration, ĐẾN stamp, certified copy and the outbox;
// outputs checked with pdfsig (demo CA trusted through an NSS database), qpdf --check, pdftotext,
// the edXML parser (signature verified) and the register's audit log.
#include "WorkflowFixtures.h"

#include "vanthu/core/Hash.h"
#include "vanthu/register/Register.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Transport.h"
#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Dossier.h"
#include "vanthu/workflow/Incoming.h"
#include "vanthu/workflow/Outgoing.h"
#include "vanthu/workflow/Tracking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <future>
#include <thread>

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;

reg::Register openReg()
{
    auto r = reg::Register::open(station().paths().database);
    EXPECT_TRUE(r) << r.error().toString();
    return std::move(*r);
}

bool audited(const std::string& action, const std::string& subjectPart = {})
{
    auto reg = openReg();
    auto log = reg.auditLog();
    EXPECT_TRUE(log);
    for (const auto& e : *log)
        if (e.action == action && (subjectPart.empty() || e.subject.find(subjectPart) != std::string::npos ||
                                   e.detail.find(subjectPart) != std::string::npos))
            return true;
    return false;
}

const ReviewField& field(const IncomingDraft& d, const std::string& name)
{
    for (const auto& f : d.fields)
        if (f.name == name)
            return f;
    throw std::runtime_error("no field " + name);
}

void expectSignedAndSound(const std::string& pdf)
{
    ASSERT_TRUE(fs::exists(pdf)) << pdf;
    const auto sig = pdfsig(pdf);
    EXPECT_THAT(sig.out, HasSubstr("Signature Validation: Signature is Valid.")) << sig.out << sig.err;
    EXPECT_THAT(sig.out, HasSubstr("Certificate Validation: Certificate is Trusted.")) << sig.out;
    EXPECT_TRUE(qpdfOk(pdf)) << pdf;
}

// Sends the outbox through the spool transport and returns the spooled package of `key`.
std::string drainAndRead(const std::string& key)
{
    auto reg = openReg();
    auto transport = station().uplink().makeTransport();
    EXPECT_TRUE(transport) << transport.error().toString();
    uplink::Uploader up(reg, **transport);
    auto rep = up.run();
    EXPECT_TRUE(rep) << rep.error().toString();
    const std::string path = station().paths().spoolDir + "/out/" + uplink::spoolFileName(key);
    EXPECT_TRUE(fs::exists(path)) << path;
    return vanthu::test::readFile(path);
}

// A station of its own on embedded defaults, its data under `tmp`: for a test that closes it.
Result<std::unique_ptr<Station>> ownStation(TempDir& tmp)
{
    StationConfig cfg = StationConfig::defaults();
    cfg.dataDir = tmp.file("data");
    cfg.databasePath = cfg.dataDir + "/vanthu.db";
    SetupOptions o;
    o.assetsDir = std::string(VANTHU_SHARED_DIR) + "/assets";
    o.probeScanner = false;
    return Station::setup(cfg, o);
}

IntakeSource filesSource(std::vector<std::string> files)
{
    IntakeSource s;
    s.kind = IntakeSource::Kind::Files;
    s.files = std::move(files);
    return s;
}

reg::ListFilter yearFilter(int year)
{
    reg::ListFilter f;
    f.year = year;
    return f;
}

CommitOptions commitAt(vntime::Instant at, int days)
{
    CommitOptions o;
    o.receivedAt = at;
    o.deadlineWorkingDays = days;
    return o;
}

SetupOptions testSetup()
{
    SetupOptions o;
    o.assetsDir = std::string(VANTHU_SHARED_DIR) + "/assets";
    o.probeScanner = false;
    return o;
}

Applicant named(const std::string& name)
{
    Applicant a;
    a.fullName = name;
    return a;
}

// An electronic arrival registered straight in the register (as uplink's intake does).
reg::IncomingRecord registerElectronic(reg::Register& reg, const std::string& numberSymbol, const std::string& issuer,
                                       const std::string& key, std::optional<vntime::Instant> due)
{
    reg::IncomingRequest e;
    auto ns = parseNumberSymbol(numberSymbol);
    EXPECT_TRUE(ns);
    e.meta.numberSymbol = *ns;
    e.meta.issuer = issuer;
    e.meta.subject = "Văn bản điện tử thử nghiệm";
    e.receivedAt = *vntime::parseIso8601("2026-11-26T09:00:00+07:00");
    e.arrivalTime = e.receivedAt;
    e.channel = reg::Channel::Electronic;
    e.intakeKey = key;
    e.documentId = "000.00.00.H99,2026/11/20," + numberSymbol;
    e.dueAt = due;
    e.actor = "registry";
    auto r = reg.registerIncoming(e);
    EXPECT_TRUE(r) << r.error().toString();
    return *r;
}

TEST(WorkflowStation, EmbeddedDefaultsAreMadeOnceAndLabelledTest)
{
    Station& st = station();
    EXPECT_TRUE(st.demo());
    EXPECT_EQ(st.config().agency.code, "000.00.00.T99");
    for (const auto& f : {st.keys().agencyP12, st.keys().agencyKeyPem, st.keys().caCertPem, st.keys().sealImage,
                          st.keys().signerImage, st.paths().saneConfigDir + "/dll.conf", st.paths().procedureCatalogue})
        EXPECT_TRUE(fs::exists(f)) << f;
    auto subject = run({VANTHU_OPENSSL, "x509", "-noout", "-subject", "-in", st.keys().agencyCertPem});
    EXPECT_THAT(subject.out, HasSubstr("TEST")) << subject.out;
    auto ca = run({VANTHU_OPENSSL, "x509", "-noout", "-subject", "-in", st.keys().caCertPem});
    EXPECT_THAT(ca.out, HasSubstr("TEST")) << ca.out;
    EXPECT_EQ(vanthu::test::readFile(st.paths().saneConfigDir + "/dll.conf").find("test") != std::string::npos, true);
    // A second setup on the same data directory reuses the PKI (same certificate).
    auto again = Station::setup(st.config(), testSetup());
    ASSERT_TRUE(again) << again.error().toString();
    EXPECT_EQ(vanthu::test::readFile((*again)->keys().agencyCertPem), vanthu::test::readFile(st.keys().agencyCertPem));
    EXPECT_EQ(st.uplink().transport, uplink::UplinkConfig::TransportKind::Spool);
}

// The station's two background lanes: a job waiting on the waiting lane does not hold up the
// reading lane. When the station closes, the reading lane stops first: a job of its may still post
// to the waiting lane, and that job runs (with `stopping` set, so it settles and returns) before
// the waiting lane's thread is joined.
TEST(WorkflowStation, AJobWaitingOnTheWaitingLaneDoesNotHoldUpTheReadingLane)
{
    TempDir tmp;
    auto st = ownStation(tmp);
    ASSERT_TRUE(st) << st.error().toString();
    Station* station = st->get();

    std::promise<void> never;  // the waiting job waits for this until the station closes
    auto waitedFor = never.get_future().share();
    std::atomic<bool> waitEnded{false};
    station->background(
        [waitedFor, &waitEnded](const std::atomic<bool>& stopping) {
            while (!stopping && waitedFor.wait_for(std::chrono::milliseconds(10)) != std::future_status::ready) {
            }
            waitEnded = true;
        },
        Station::Lane::Waiting);
    std::promise<void> read;
    auto readDone = read.get_future();
    station->background([&read](const std::atomic<bool>&) { read.set_value(); });
    ASSERT_EQ(readDone.wait_for(std::chrono::seconds(30)), std::future_status::ready) << "the reading lane ran meanwhile";
    EXPECT_FALSE(waitEnded);

    std::promise<bool> posted;  // the job the reading lane posts while the station closes: stopping?
    auto postedRan = posted.get_future();
    station->background([station, &posted](const std::atomic<bool>& stopping) {
        while (!stopping)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        station->background([&posted](const std::atomic<bool>& closing) { posted.set_value(closing.load()); },
                            Station::Lane::Waiting);
    });
    st->reset();
    EXPECT_TRUE(waitEnded);
    ASSERT_EQ(postedRan.wait_for(std::chrono::seconds(0)), std::future_status::ready) << "run before the station was gone";
    EXPECT_TRUE(postedRan.get());
}

TEST(WorkflowIncoming, CorpusScanToRegisteredStampedCertifiedAndQueued)
{
    IncomingFlow flow(station(), "test-clerk");
    const std::string file = shared("corpus/dev/scans/DEV-004.pdf");
    std::vector<Step> steps;
    auto drafts = flow.capture(filesSource({file}),
                               [&](const Progress& p) { steps.push_back(p.step); });
    ASSERT_TRUE(drafts) << drafts.error().toString();
    ASSERT_EQ(drafts->size(), 1u);
    IncomingDraft d = (*drafts)[0];
    EXPECT_FALSE(steps.empty());
    EXPECT_GT(field(d, "number_symbol").confidence, 0.f) << "header-first extraction read the number";
    // Review: the clerk confirms the fields against the paper (truth of DEV-004).
    ASSERT_TRUE(applyCorrection(d, "number_symbol=723/QĐ-STTTT"));
    ASSERT_TRUE(applyCorrection(d, "issuer", "SỞ THÔNG TIN VÀ TRUYỀN THÔNG"));
    ASSERT_TRUE(applyCorrection(d, "recipient_unit", "Phòng Hành chính"));
    if (field(d, "subject").value.empty()) {
        ASSERT_TRUE(applyCorrection(d, "subject", "Về việc thử nghiệm"));
    }
    EXPECT_TRUE(field(d, "number_symbol").corrected);
    EXPECT_FALSE(applyCorrection(d, "no_such_field=1"));
    EXPECT_FALSE(applyCorrection(d, "number_symbol=???"));

    // Friday 2026-11-27 18:30 (after hours) counts from Monday 07:30.
    auto at = vntime::parseIso8601("2026-11-27T18:30:00+07:00");
    auto r = flow.commit(d, commitAt(*at, 5));
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_FALSE(r->matchedExisting);
    EXPECT_EQ(r->record.book, reg::IncomingBook::Regular);
    EXPECT_GE(r->record.arrivalNumber, 1);
    EXPECT_EQ(vntime::toIso8601(r->record.arrivalTime), "2026-11-30T07:30:00+07:00");
    ASSERT_TRUE(r->record.dueAt);
    EXPECT_EQ(vntime::toIso8601(*r->record.dueAt), "2026-12-07T17:00:00+07:00");
    // The original bytes archived unchanged beside the derived copies.
    EXPECT_EQ(vanthu::test::readFile(r->originalPath), vanthu::test::readFile(file));
    expectSignedAndSound(r->certifiedPath);
    EXPECT_TRUE(qpdfOk(r->stampedPath));
    // The certified copy is searchable: the body text is there (the scan had no text layer).
    ASSERT_FALSE(r->searchablePath.empty());
    EXPECT_TRUE(qpdfOk(r->searchablePath));
    EXPECT_THAT(pdfText(r->searchablePath), HasSubstr("723"));
    EXPECT_THAT(vanthu::test::readFile(shared("corpus/dev/scans/DEV-004.pdf")), Not(HasSubstr("/Font")));
    const std::string text = pdfText(r->certifiedPath);
    EXPECT_THAT(text, HasSubstr("ĐẾN"));
    EXPECT_THAT(text, HasSubstr("SAO Y"));
    // Register and audit.
    auto reg = openReg();
    auto rec = reg.incomingByNumber(reg::IncomingBook::Regular, 2026, r->record.arrivalNumber);
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->meta.numberSymbol.format(), "723/QĐ-STTTT");
    EXPECT_EQ(rec->recipientUnit, "Phòng Hành chính");
    EXPECT_TRUE(audited("incoming.certified", "incoming:regular/2026/" + std::to_string(r->record.arrivalNumber)));
    EXPECT_TRUE(audited("incoming.stamped"));
    // The outbox entry was written with the registration; draining it spools a signed edXML package.
    ASSERT_TRUE(r->outbox);
    const std::string xml = drainAndRead(r->outbox->key);
    auto parsed = uplink::parsePackage(xml, station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(parsed->document.codeNotation, "QĐ-STTTT");
    ASSERT_EQ(parsed->document.attachments.size(), 1u);
    EXPECT_EQ(parsed->document.attachments[0].data, vanthu::test::readFile(r->certifiedPath));
    // Committing the same draft again gives the same record, no second number.
    auto again = flow.commit(d, commitAt(*at, 0));
    ASSERT_TRUE(again) << again.error().toString();
    EXPECT_EQ(again->record.arrivalNumber, r->record.arrivalNumber);
}

TEST(WorkflowIncoming, PaperCopyOfAnElectronicArrivalIsLinkedNotRegisteredTwice)
{
    auto reg = openReg();
    reg::IncomingRequest e;
    auto ns = parseNumberSymbol("5476/PNV-HC");
    ASSERT_TRUE(ns);
    e.meta.numberSymbol = *ns;
    e.meta.issuer = "Phòng Nội vụ";
    e.meta.subject = "V/v thử nghiệm (điện tử)";
    e.receivedAt = *vntime::parseIso8601("2026-11-26T09:00:00+07:00");
    e.arrivalTime = e.receivedAt;
    e.channel = reg::Channel::Electronic;
    e.intakeKey = "edxml:test-5476";
    e.documentId = "000.00.00.H99,2026/11/20,5476/PNV-HC";
    e.actor = "registry";
    auto electronic = reg.registerIncoming(e);
    ASSERT_TRUE(electronic) << electronic.error().toString();
    auto before = reg.listIncoming(yearFilter(2026));
    ASSERT_TRUE(before);

    IncomingFlow flow(station(), "test-clerk");
    auto drafts = flow.capture(filesSource({shared("corpus/dev/scans/DEV-038.pdf")}));
    ASSERT_TRUE(drafts) << drafts.error().toString();
    IncomingDraft d = (*drafts)[0];
    ASSERT_TRUE(applyCorrection(d, "number_symbol=5476/PNV-HC"));
    ASSERT_TRUE(applyCorrection(d, "issuer=PHÒNG NỘI VỤ"));
    if (field(d, "subject").value.empty()) {
        ASSERT_TRUE(applyCorrection(d, "subject=V/v thử nghiệm"));
    }
    auto m = flow.findMatches(d);
    ASSERT_TRUE(m);
    ASSERT_EQ(m->size(), 1u);
    auto r = flow.commit(d);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_TRUE(r->matchedExisting);
    EXPECT_EQ(r->record.id, electronic->id);
    EXPECT_EQ(r->record.arrivalNumber, electronic->arrivalNumber);
    EXPECT_FALSE(r->outbox);
    auto after = reg.listIncoming(yearFilter(2026));
    ASSERT_TRUE(after);
    EXPECT_EQ(after->size(), before->size()) << "no second arrival number";
    EXPECT_TRUE(fs::exists(r->originalPath));
    EXPECT_TRUE(audited("incoming.paper-linked", "incoming:regular/2026/" + std::to_string(electronic->arrivalNumber)));
}

TEST(WorkflowIncoming, SaneTestDeviceScanNeedsReviewThenRegistersSecretWithoutQueue)
{
    IncomingFlow flow(station(), "test-clerk");
    IntakeSource src;
    src.kind = IntakeSource::Kind::Scanner;
    src.device = "test:0";
    src.scan.dpi = 100;
    src.scan.mode = capture::ColorMode::Gray;
    src.scan.extraOptions["test-picture"] = "Color pattern";
    auto drafts = flow.capture(src);
    ASSERT_TRUE(drafts) << drafts.error().toString();
    ASSERT_EQ(drafts->size(), 1u);
    IncomingDraft d = (*drafts)[0];
    EXPECT_EQ(d.pages.size(), 1u);
    EXPECT_TRUE(d.originalFile.empty());
    // The test pattern carries no header: registration waits for the clerk.
    auto refused = flow.commit(d);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(Errc::NeedsReview));
    for (const char* s : {"number_symbol=12/BC-TEST", "issuer=CƠ QUAN THỬ NGHIỆM", "subject=Báo cáo mật thử nghiệm",
                          "secrecy=Mật", "issued_date=20/11/2026"})
        ASSERT_TRUE(applyCorrection(d, s)) << s;
    auto r = flow.commit(d);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(r->record.book, reg::IncomingBook::Secret);
    EXPECT_FALSE(r->outbox) << "secret documents never queued";
    expectSignedAndSound(r->certifiedPath);
    auto reg = openReg();
    auto items = reg.outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    for (const auto& i : *items)
        EXPECT_NE(i.incomingId, r->record.id);
}

TEST(WorkflowIncoming, ArrivingSignedPdfIsVerifiedFirst)
{
    TempDir tmp;
    // A document signed by the (demo) leader key, then one byte of it changed.
    const std::string orig = makeBlankOriginal(tmp.file("orig.pdf"), "Về việc ký thử");
    signing::SignRequest sr;
    sr.input = orig;
    sr.output = tmp.file("signed.pdf");
    sr.key = signing::Pkcs12Key{station().keys().leaderP12, station().keys().leaderP12Password};
    ASSERT_TRUE(signing::signPdf(sr));
    IncomingFlow flow(station(), "test-clerk");
    auto good = flow.capture(filesSource({sr.output}));
    ASSERT_TRUE(good) << good.error().toString();
    ASSERT_EQ((*good)[0].signatures.size(), 1u);
    EXPECT_TRUE((*good)[0].signatures[0].valid) << (*good)[0].signatures[0].description;

    std::string bytes = vanthu::test::readFile(sr.output);
    const auto pos = bytes.find("Điều 1") != std::string::npos ? bytes.find("Điều 1") : bytes.size() / 3;
    bytes[pos] = static_cast<char>(bytes[pos] ^ 0x20);
    vanthu::test::writeFile(tmp.file("tampered.pdf"), bytes);
    auto bad = flow.capture(filesSource({tmp.file("tampered.pdf")}));
    if (!bad)
        return;   // the tampered file may not even parse: refused either way
    IncomingDraft d = (*bad)[0];
    ASSERT_FALSE(d.signatures.empty());
    EXPECT_FALSE(d.signatures[0].valid);
    for (const char* s : {"number_symbol=1/QĐ-STN", "issuer=SỞ THỬ NGHIỆM", "subject=Ký thử"})
        ASSERT_TRUE(applyCorrection(d, s));
    auto r = flow.commit(d);
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(Errc::SignatureInvalid));
}

TEST(WorkflowIncoming, PageCountCheckFlagsAMissingPage)
{
    IncomingFlow flow(station(), "test-clerk");
    const std::string full = shared("corpus/dev/scans/DEV-009.pdf");   // 3 pages, numbered from page 2
    IntakeSource src = filesSource({full});
    src.importDpi = 200;   // the scan's own resolution
    auto drafts = flow.capture(src);
    ASSERT_TRUE(drafts) << drafts.error().toString();
    const IncomingDraft& d = (*drafts)[0];
    EXPECT_EQ(d.meta.pageCount, 3);
    ASSERT_TRUE(d.printedPageCount);
    EXPECT_EQ(*d.printedPageCount, 3);
    for (const auto& w : d.warnings)
        EXPECT_THAT(w, Not(HasSubstr("missing or misordered")));
    // The same letter with its second sheet lost.
    TempDir tmp;
    auto q = run({VANTHU_QPDF, "--empty", "--pages", full, "1,3", "--", tmp.file("lost.pdf")});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    src.files = {tmp.file("lost.pdf")};
    auto lost = flow.capture(src);
    ASSERT_TRUE(lost) << lost.error().toString();
    EXPECT_EQ((*lost)[0].meta.pageCount, 2);
    bool flagged = false;
    for (const auto& w : (*lost)[0].warnings)
        flagged = flagged || w.find("page 2 is numbered 3") != std::string::npos;
    EXPECT_TRUE(flagged);
}

namespace {

// The searchable PDF capture() left in the draft's job folder (one per full-text reading).
std::vector<std::string> jobPdfs(const IncomingDraft& d)
{
    std::vector<std::string> found;
    for (const auto& e : std::filesystem::directory_iterator(d.jobDir))
        if (e.path().filename().string().starts_with("searchable-") && e.path().extension() == ".pdf")
            found.push_back(e.path().string());
    return found;
}

bool fullTextDone(const IncomingDraft& d)
{
    for (int i = 0; i < 1200 && !fullTextReady(d); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return fullTextReady(d);
}

} // namespace

// The full text is read while the clerk reviews: commit() takes that PDF with the reviewed fields
// written into its metadata (the archived copy begins with the bytes written at capture), and reads
// the pages again only when they changed.
TEST(WorkflowIncoming, FullTextReadDuringReviewIsArchivedWithTheReviewedFields)
{
    IncomingFlow flow(station(), "test-clerk");
    IntakeSource src = filesSource({shared("corpus/dev/scans/DEV-009.pdf")});   // 3 pages
    src.importDpi = 200;
    auto drafts = flow.capture(src);
    ASSERT_TRUE(drafts) << drafts.error().toString();
    IncomingDraft d = (*drafts)[0];
    ASSERT_TRUE(d.fullText) << "a scan gets its full text started at capture";
    ASSERT_TRUE(fullTextDone(d));
    const auto written = jobPdfs(d);
    ASSERT_EQ(written.size(), 1u);
    for (const char* s : {"number_symbol=901/TB-TTVB", "issuer=SỞ THỬ TOÀN VĂN", "subject=Về việc thử đọc toàn văn khi duyệt"})
        ASSERT_TRUE(applyCorrection(d, s));
    auto r = flow.commit(d);
    ASSERT_TRUE(r) << r.error().toString();
    ASSERT_FALSE(r->searchablePath.empty());
    const std::string atCapture = vanthu::test::readFile(written[0]);
    const std::string archived = vanthu::test::readFile(r->searchablePath);
    ASSERT_GT(archived.size(), atCapture.size());
    EXPECT_EQ(archived.compare(0, atCapture.size(), atCapture), 0) << "the PDF read at capture, not a second reading";
    EXPECT_TRUE(qpdfOk(r->searchablePath));
    const auto meta = run({"/usr/bin/pdfinfo", "-meta", r->searchablePath});
    EXPECT_THAT(meta.out, HasSubstr("Về việc thử đọc toàn văn khi duyệt"));
    EXPECT_THAT(meta.out, HasSubstr("901/TB-TTVB"));
    EXPECT_THAT(meta.out, HasSubstr("<pdfaid:part>2</pdfaid:part>"));
    EXPECT_THAT(run({"/usr/bin/pdfinfo", r->searchablePath}).out, ::testing::ContainsRegex("Pages: +3\n"));
    EXPECT_THAT(pdfText(r->searchablePath), HasSubstr("Nơi nhận"));

    // The clerk drops a page: the pages are no longer those read, so they are read again. (Another
    // file: the same one would be recognised as the same arrival, paper:sha256.)
    TempDir tmp;
    auto q = run({VANTHU_QPDF, "--empty", "--pages", shared("corpus/dev/scans/DEV-009.pdf"), "1-3", "--", tmp.file("copy.pdf")});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    src.files = {tmp.file("copy.pdf")};
    auto copies = flow.capture(src);
    ASSERT_TRUE(copies) << copies.error().toString();
    IncomingDraft e = (*copies)[0];
    ASSERT_TRUE(fullTextDone(e));
    const auto writtenE = jobPdfs(e);
    ASSERT_EQ(writtenE.size(), 1u);
    const std::string eAtCapture = vanthu::test::readFile(writtenE[0]);
    ASSERT_TRUE(deletePage(e, 2));
    for (const char* s : {"number_symbol=902/TB-TTVB", "issuer=SỞ THỬ TOÀN VĂN", "subject=Về việc thử bỏ trang"})
        ASSERT_TRUE(applyCorrection(e, s));
    auto r2 = flow.commit(e);
    ASSERT_TRUE(r2) << r2.error().toString();
    ASSERT_FALSE(r2->searchablePath.empty());
    const std::string again = vanthu::test::readFile(r2->searchablePath);
    EXPECT_NE(again.compare(0, eAtCapture.size(), eAtCapture), 0);
    EXPECT_TRUE(qpdfOk(r2->searchablePath));
    EXPECT_THAT(run({"/usr/bin/pdfinfo", r2->searchablePath}).out, ::testing::ContainsRegex("Pages: +2\n"));
    EXPECT_THAT(run({"/usr/bin/pdfinfo", "-meta", r2->searchablePath}).out, HasSubstr("Về việc thử bỏ trang"));
}

// A scan's draft comes back with its header fields; the signer and "Nơi nhận" are read after it, on
// the station's background thread, while the clerk reviews (pending until then): where the ink
// places them before the full text, else from it. A correction typed before they came stays;
// commit() waits for them.
TEST(WorkflowIncoming, SignerAndRecipientsFollowTheHeaderFromTheFullText)
{
    IncomingFlow flow(station(), "test-clerk");
    auto drafts = flow.capture(filesSource({shared("corpus/dev/scans/DEV-010.pdf")}));
    ASSERT_TRUE(drafts) << drafts.error().toString();
    IncomingDraft d = (*drafts)[0];
    EXPECT_EQ(field(d, "number_symbol").value, "9604/BVĐK-KHTH") << "the header is there at once";
    EXPECT_FALSE(field(d, "number_symbol").pending);
    const char* closing[] = {"signer_authority", "signer_position", "signer_name", "recipients"};
    for (const char* name : closing) {
        EXPECT_TRUE(field(d, name).pending) << name << ": read after the header, two regions at least";
        EXPECT_EQ(field(d, name).value, "") << name;
    }
    EXPECT_FALSE(fullTextReady(d));
    IncomingDraft typed = d;
    ASSERT_TRUE(applyCorrection(typed, "signer_name", "Người Ký Thử"));
    EXPECT_FALSE(field(typed, "signer_name").pending);

    ASSERT_TRUE(awaitLateFields(d));
    EXPECT_TRUE(fullTextDone(d)) << "read after the closing, whose lines it takes as read";
    for (const char* name : closing)
        EXPECT_FALSE(field(d, name).pending) << name;
    EXPECT_EQ(field(d, "signer_authority").value, "KT.");
    EXPECT_EQ(field(d, "signer_position").value, "PHÓ GIÁM ĐỐC");
    EXPECT_EQ(field(d, "signer_name").value, "Bùi Anh Sơn");
    EXPECT_EQ(field(d, "recipients").value, "Như trên; Lãnh đạo Bệnh viện Đa khoa tỉnh; Lưu: VT, KHTH");
    EXPECT_GT(field(d, "signer_name").confidence, 0.f);
    ASSERT_TRUE(field(d, "recipients").region) << "where it was read, for the zoom";
    EXPECT_EQ(field(d, "recipients").page, 0);
    EXPECT_GT(field(d, "recipients").region->y, d.pages[0].height / 2) << "the closing is at the foot of the page";

    ASSERT_TRUE(awaitLateFields(typed));
    EXPECT_EQ(field(typed, "signer_name").value, "Người Ký Thử") << "the clerk's word stands";
    EXPECT_TRUE(field(typed, "signer_name").corrected);
    EXPECT_EQ(field(typed, "signer_position").value, "PHÓ GIÁM ĐỐC");

    // A reread of the same pages (page 1 turned back and forth) takes the same closing at once.
    ASSERT_TRUE(flow.reread(d));
    EXPECT_FALSE(field(d, "signer_name").pending);
    EXPECT_EQ(field(d, "signer_name").value, "Bùi Anh Sơn");

    // Registered straight after capture: commit waits for the closing and registers it.
    auto other = flow.capture(filesSource({shared("corpus/dev/scans/DEV-019.pdf")}));
    ASSERT_TRUE(other) << other.error().toString();
    ASSERT_TRUE(field((*other)[0], "signer_name").pending);
    auto r = flow.commit((*other)[0]);
    ASSERT_TRUE(r) << r.error().toString();
    auto reg = openReg();
    auto rec = reg.incomingByNumber(reg::IncomingBook::Regular, r->record.year, r->record.arrivalNumber);
    ASSERT_TRUE(rec);
    EXPECT_EQ(rec->meta.signer.fullName, "Nguyễn Thị Lan");
    EXPECT_EQ(rec->meta.signer.authority, "TL.");
    ASSERT_EQ(rec->meta.recipients.size(), 2u);
    EXPECT_EQ(rec->meta.recipients[1], "Lưu: VT, VP");
}

// Closing the station while a draft still waits for its closing neither hangs nor loses the draft:
// its header fields stay, the late fields come back empty with a warning. (The draft is the first two
// pages of a three-page document: no closing for the ink to place, so it waits for the full text.)
TEST(WorkflowIncoming, StationClosedWhileADraftWaitsLeavesTheHeaderAndAWarning)
{
    TempDir tmp;
    auto st = ownStation(tmp);
    ASSERT_TRUE(st) << st.error().toString();
    const std::string body = tmp.file("body.pdf");
    ASSERT_EQ(run({"/usr/bin/qpdf", "--empty", "--pages", shared("corpus/dev/scans/DEV-009.pdf"), "1-2", "--", body}).exitCode, 0);
    IncomingDraft d;
    {
        IncomingFlow flow(**st, "test-clerk");
        auto drafts = flow.capture(filesSource({body}));
        ASSERT_TRUE(drafts) << drafts.error().toString();
        d = (*drafts)[0];
    }
    ASSERT_TRUE(field(d, "signer_name").pending);
    const auto started = std::chrono::steady_clock::now();
    st->reset();
    EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(30)) << "no wait for two pages' OCR";
    ASSERT_TRUE(awaitLateFields(d));
    EXPECT_FALSE(field(d, "signer_name").pending);
    EXPECT_EQ(field(d, "signer_name").value, "");
    EXPECT_FALSE(field(d, "number_symbol").value.empty());
    EXPECT_THAT(d.warnings, Contains(HasSubstr("signer and recipients could not be read")));
}

// A draft whose closing the ink does not place waits for its full text before its closing is
// read; that wait is on the station's waiting lane, so the next draft's closing (placed by the ink)
// is read meanwhile, ahead of the first one's remaining pages. (Before, one background thread
// waited, and the second draft's closing came only after the first draft's whole text.)
TEST(WorkflowIncoming, ADraftWaitingForItsTextDoesNotHoldUpTheNextDraftsClosing)
{
    TempDir tmp;
    const std::string dev009 = shared("corpus/dev/scans/DEV-009.pdf");
    const std::string body = tmp.file("body.pdf");  // DEV-009's two body pages three times: no closing
    ASSERT_EQ(run({"/usr/bin/qpdf", "--empty", "--pages", dev009, "1-2", dev009, "1-2", dev009, "1-2", "--", body}).exitCode, 0);
    IncomingFlow flow(station(), "test-clerk");
    auto waiting = flow.capture(filesSource({body}));
    ASSERT_TRUE(waiting) << waiting.error().toString();
    IncomingDraft a = (*waiting)[0];
    ASSERT_EQ(a.pages.size(), 6u);
    auto next = flow.capture(filesSource({shared("corpus/dev/scans/DEV-010.pdf")}));
    ASSERT_TRUE(next) << next.error().toString();
    IncomingDraft b = (*next)[0];
    ASSERT_TRUE(field(b, "signer_name").pending);

    ASSERT_TRUE(awaitLateFields(b));
    EXPECT_FALSE(fullTextReady(a)) << "the second draft's closing came before the first draft's six pages were read";
    EXPECT_EQ(field(b, "signer_name").value, "Bùi Anh Sơn");
    EXPECT_EQ(field(b, "signer_position").value, "PHÓ GIÁM ĐỐC");

    ASSERT_TRUE(awaitLateFields(a));
    EXPECT_TRUE(fullTextReady(a));
    EXPECT_FALSE(field(a, "signer_name").pending);
    EXPECT_EQ(field(a, "signer_name").value, "") << "body pages: no signer";
}

TEST(WorkflowOutgoing, SignedOriginalIsNumberedSealedSignedRegisteredAndPackagedAsReply)
{
    TempDir tmp;
    const std::string orig = makeBlankOriginal(tmp.file("qd.pdf"), "Về việc thử nghiệm ban hành");
    signing::SignRequest sr;
    sr.input = orig;
    sr.output = tmp.file("leader-signed.pdf");
    sr.key = signing::Pkcs12Key{station().keys().leaderP12, station().keys().leaderP12Password};
    ASSERT_TRUE(signing::signPdf(sr));

    auto reg = openReg();
    auto answered = registerElectronic(reg, "12/UBND-VP", "Ủy ban nhân dân tỉnh thử", "edxml:reply-test", std::nullopt);

    OutgoingFlow flow(station(), "test-clerk");
    IssueRequest rq;
    rq.file = sr.output;
    rq.typeAbbreviation = "QĐ";
    rq.subject = "Về việc thử nghiệm ban hành";
    uplink::Organization to;
    to.organId = "000.00.00.H49";
    to.organName = "UBND TỈNH THỬ";
    rq.to = {to};
    rq.date = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{27}};
    rq.responseFor = "in:2026/" + std::to_string(answered.arrivalNumber);
    auto engine = station().ocrEngine();
    ASSERT_TRUE(engine) << engine.error().toString();
    const long recognitionsBefore = (*engine)->recognitions();
    auto draft = flow.prepare(rq);
    ASSERT_TRUE(draft) << draft.error().toString();
    ASSERT_EQ(draft->signatures.size(), 1u);
    EXPECT_TRUE(draft->signatures[0].valid);
    EXPECT_EQ(draft->meta.numberSymbol.symbol, "QĐ-STN");
    // A born-digital original is read from its text layer: no OCR.
    EXPECT_TRUE(draft->bornDigital);
    EXPECT_EQ((*engine)->recognitions(), recognitionsBefore);
    auto r = flow.issue(*draft);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_GE(r->record.number, 1);
    EXPECT_EQ(r->record.meta.numberSymbol.symbol, "QĐ-STN");
    const auto sig = pdfsig(r->signedPath);
    EXPECT_THAT(sig.out, HasSubstr("Signature #2")) << sig.out;
    EXPECT_THAT(sig.out, Not(HasSubstr("Signature is Invalid"))) << sig.out;
    EXPECT_TRUE(qpdfOk(r->signedPath));
    EXPECT_THAT(pdfText(r->signedPath), HasSubstr((r->record.number < 10 ? "0" : "") + std::to_string(r->record.number)));
    EXPECT_EQ(vanthu::test::readFile(r->originalPath), vanthu::test::readFile(sr.output));
    ASSERT_TRUE(r->outbox);
    auto out = reg.outgoing(r->record.id);
    ASSERT_TRUE(out);
    EXPECT_FALSE(out->responseFor.empty());
    const std::string xml = drainAndRead(r->outbox->key);
    auto parsed = uplink::parsePackage(xml, station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    ASSERT_EQ(parsed->document.to.size(), 1u);
    EXPECT_EQ(parsed->document.to[0].organId, "000.00.00.H49");
    ASSERT_EQ(parsed->document.responseFor.size(), 1u);
    EXPECT_EQ(parsed->document.responseFor[0].documentId, out->responseFor);
    EXPECT_TRUE(audited("outgoing.signed", "outgoing:" + std::to_string(r->record.id)));
    // Recall: queued behind the original, same DocumentId.
    auto recall = recallOutgoing(station(), r->record.id, "Thu hồi thử nghiệm", "test-clerk");
    ASSERT_TRUE(recall) << recall.error().toString();
    EXPECT_EQ(recall->package.documentId, r->outbox->documentId);
    EXPECT_EQ(recall->package.businessType, 1);
    EXPECT_EQ(recall->record.status, reg::RecordStatus::RecallRequested);
}

TEST(WorkflowDossier, CccdQrParsesAndRejectsMalformedText)
{
    auto a = parseCccdQr("001089012345|123456789|Nguyễn Văn An|15031989|Nam|Số 1 Tràng Tiền, Hoàn Kiếm, Hà Nội|20052021");
    ASSERT_TRUE(a) << a.error().toString();
    EXPECT_EQ(a->idNumber, "001089012345");
    EXPECT_EQ(a->oldIdNumber, "123456789");
    EXPECT_EQ(a->fullName, "Nguyễn Văn An");
    EXPECT_EQ(vntime::toIsoDate(*a->birthDate), "1989-03-15");
    EXPECT_EQ(vntime::toIsoDate(*a->idIssueDate), "2021-05-20");
    EXPECT_FALSE(parseCccdQr("00108901234|x|A|15031989|Nam|HN|20052021"));       // 11 digits
    EXPECT_FALSE(parseCccdQr("001089012345||A|31021989|Nam|HN|20052021"));      // 31 February
    EXPECT_FALSE(parseCccdQr("001089012345||A|15031989|Nam|HN"));               // 6 fields
    EXPECT_EQ(dossierCode("000.00.00.T99", *vntime::parseIso8601("2026-04-29T15:30:00+07:00"), 7),
              "000.00.00.T99-260429-0007");
}

TEST(WorkflowDossier, ReceiptAppointmentAcrossCutoffHolidaysAndWeekendSignedAndQueued)
{
    TempDir tmp;
    DossierDesk desk(station(), "mot-cua");
    auto procs = desk.procedures();
    ASSERT_TRUE(procs) << procs.error().toString();
    // Wednesday 29/4/2026 at 15:30: after the 15:00 cut-off; 30/4 and 1/5 are holidays, 2–3/5 a weekend:
    // the clock starts Monday 4/5 07:30; 3 working days later is Thursday 7/5 at 07:30.
    auto d = desk.create("TEST.001", Applicant{}, "Cấp bản sao trích lục khai sinh",
                         *vntime::parseIso8601("2026-04-29T15:30:00+07:00"));
    ASSERT_TRUE(d) << d.error().toString();
    EXPECT_EQ(d->code.substr(0, 21), "000.00.00.T99-260429-");
    // A CCCD scanned as a component: its QR code fills the applicant.
    const std::string qrText = "001089012345|123456789|Trần Thị Bình|01021990|Nữ|Số 5 Lê Lợi, Mẫu|10062021";
    auto q = run({VANTHU_QRENCODE, "-l", "M", "-s", "6", "-o", tmp.file("cccd.png"), qrText});
    ASSERT_EQ(q.exitCode, 0) << q.err;
    auto c = desk.check(d->code);
    ASSERT_TRUE(c);
    EXPECT_FALSE(c->complete);
    auto incomplete = desk.receipt(d->code);
    ASSERT_FALSE(incomplete);
    EXPECT_TRUE(incomplete.error().is(Errc::Incomplete));
    EXPECT_TRUE(fs::exists(d->dir + "/form02.pdf"));
    EXPECT_THAT(pdfText(d->dir + "/form02.pdf"), HasSubstr("Mẫu số 02"));
    auto withId = desk.addComponent(d->code, "cccd", filesSource({tmp.file("cccd.png")}));
    ASSERT_TRUE(withId) << withId.error().toString();
    EXPECT_EQ(withId->applicant.fullName, "Trần Thị Bình");
    EXPECT_EQ(withId->applicant.idNumber, "001089012345");
    auto withForm = desk.addComponent(d->code, "don", filesSource({shared("corpus/dev/pages/DEV-019_p1.png")}));
    ASSERT_TRUE(withForm) << withForm.error().toString();
    EXPECT_FALSE(desk.addComponent(d->code, "nope", filesSource({tmp.file("cccd.png")})));
    auto r = desk.receipt(d->code);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(vntime::toIso8601(r->appointment), "2026-05-07T07:30:00+07:00");
    expectSignedAndSound(r->pdf);
    const std::string text = pdfText(r->pdf);
    EXPECT_THAT(text, HasSubstr(d->code));
    EXPECT_THAT(text, HasSubstr("Mẫu số 01"));
    EXPECT_THAT(text, HasSubstr("Trần Thị Bình"));
    EXPECT_THAT(text, HasSubstr("ngày 07 tháng 5 năm 2026"));
    ASSERT_TRUE(r->outbox);
    EXPECT_TRUE(audited("dossier.receipt", "dossier:" + d->code));

    // Before the cut-off on a Friday: 3 working days from Friday 14:00 = Wednesday 14:00.
    auto early = desk.create("TEST.001", named("Lê Văn C"), "",
                             *vntime::parseIso8601("2026-11-27T14:00:00+07:00"));
    ASSERT_TRUE(early);
    ASSERT_TRUE(desk.addComponent(early->code, "cccd", filesSource({tmp.file("cccd.png")})));
    ASSERT_TRUE(desk.addComponent(early->code, "don", filesSource({tmp.file("cccd.png")})));
    auto r2 = desk.receipt(early->code);
    ASSERT_TRUE(r2) << r2.error().toString();
    EXPECT_EQ(vntime::toIso8601(r2->appointment), "2026-12-02T14:00:00+07:00");
}

TEST(WorkflowTracking, OverdueListsUnhandledAndPastDeadline)
{
    auto reg = openReg();
    registerElectronic(reg, "31/SYT-NV", "Sở Y tế thử", "edxml:due-test", *vntime::parseIso8601("2026-12-01T17:00:00+07:00"));
    auto items = overdue(station(), *vntime::parseIso8601("2027-01-15T10:00:00+07:00"));
    ASSERT_TRUE(items) << items.error().toString();
    EXPECT_FALSE(items->empty());
    bool deadline = false;
    for (const auto& i : *items)
        deadline = deadline || i.rule == DueItem::Rule::Deadline;
    EXPECT_TRUE(deadline) << "the arrival due 2026-12-01 is past its deadline";
    auto none = overdue(station(), *vntime::parseIso8601("2026-01-02T08:00:00+07:00"));
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST(WorkflowTracking, RegistryStatusMessagesFromTheSpoolAreRecordedOnce)
{
    // A status package "received" (03) about one of our documents, dropped where a courier brings
    // inbound spool files. The only key the demo PKI has is our agency's, whose certificate names our
    // code, so the message comes from our own code (PROTOCOL.md: the signer must name the sender).
    uplink::StatusPackage forged;
    forged.from.organId = "000.00.00.H49";
    forged.from.organName = "UBND TỈNH THỬ";
    uplink::StatusPackage sp;
    sp.from.organId = station().config().agency.code;
    sp.from.organName = station().config().agency.name;
    sp.responseFor.organId = station().config().agency.code;
    sp.responseFor.code = "07/QĐ-STN";
    sp.responseFor.promulgationDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{27}};
    sp.responseFor.documentId = station().config().agency.code + ",2026/11/27,07/QĐ-STN";
    sp.statusCode = "03";
    sp.description = "Đã tiếp nhận";
    sp.staff = "Văn thư";
    sp.timestamp = *vntime::parseIso8601("2026-11-27T10:00:00+07:00");
    // The same message claiming to come from another agency, signed with our key: refused.
    forged.responseFor = sp.responseFor;
    forged.statusCode = "16";
    forged.description = sp.description;
    forged.staff = sp.staff;
    forged.timestamp = sp.timestamp;
    auto forgedXml = uplink::buildStatusPackage(forged, station().uplink().signing);
    ASSERT_TRUE(forgedXml) << forgedXml.error().toString();
    auto xml = uplink::buildStatusPackage(sp, station().uplink().signing);
    ASSERT_TRUE(xml) << xml.error().toString();
    fs::create_directories(station().paths().spoolDir + "/in");
    vanthu::test::writeFile(station().paths().spoolDir + "/in/status-0.edxml", *forgedXml);
    vanthu::test::writeFile(station().paths().spoolDir + "/in/status-1.edxml", *xml);
    auto n = pullStatuses(station());
    ASSERT_TRUE(n) << n.error().toString();
    EXPECT_EQ(*n, 1) << "only the message signed by its sender is applied";
    auto reg = openReg();
    auto statuses = reg.exchangeStatuses(sp.responseFor.documentId);
    ASSERT_TRUE(statuses);
    ASSERT_EQ(statuses->size(), 1u);
    EXPECT_EQ((*statuses)[0].code, "03");
    auto again = pullStatuses(station());
    ASSERT_TRUE(again);
    EXPECT_EQ(*again, 0) << "acknowledged messages are not applied twice";
}

TEST(WorkflowCli, IntakeOnEmbeddedDefaultsPrintsWhereTheOutputsAre)
{
    TempDir home;
    const std::vector<std::string> env{"XDG_DATA_HOME=" + home.file("data"), "HOME=" + home.path().string(),
                                       "VANTHU_ASSETS=" + std::string(VANTHU_SHARED_DIR) + "/assets"};
    auto r = run({VANTHU_CLI, "intake", shared("corpus/dev/scans/DEV-012.pdf"), "--yes", "--set",
                  "number_symbol=8803/TB-TTCNTT", "--set", "issuer=TRUNG TÂM CÔNG NGHỆ THÔNG TIN", "--set",
                  "subject=Thông báo thử nghiệm"},
                 {}, env);
    EXPECT_EQ(r.exitCode, 0) << r.out << r.err;
    EXPECT_THAT(r.out, HasSubstr("số đến 1"));
    EXPECT_THAT(r.out, HasSubstr("certified.pdf"));
    EXPECT_THAT(r.out, HasSubstr(home.file("data") + "/vanthu"));
    EXPECT_THAT(r.err, HasSubstr("THỬ NGHIỆM / TEST"));
    // Without --yes on a non-terminal nothing is registered.
    auto dry = run({VANTHU_CLI, "intake", shared("corpus/dev/scans/DEV-012.pdf"), "--set", "number_symbol=8803/TB-TTCNTT",
                    "--set", "issuer=TRUNG TÂM CÔNG NGHỆ THÔNG TIN"},
                   {}, env);
    EXPECT_EQ(dry.exitCode, 0) << dry.err;
    EXPECT_THAT(dry.out, HasSubstr("--yes"));
    EXPECT_THAT(dry.out, HasSubstr("Đã có trong sổ"));
    auto bad = run({VANTHU_CLI, "intake", shared("corpus/dev/scans/DEV-012.pdf"), "--yes", "--set", "urgency=rất gấp"}, {}, env);
    EXPECT_EQ(bad.exitCode, 3) << bad.out << bad.err;
    // The fill-only command kept its function under its new name.
    auto fill = run({VANTHU_CLI, "fill-number"}, {}, env);
    EXPECT_EQ(fill.exitCode, 2);
    EXPECT_THAT(fill.err, HasSubstr("vanthu fill-number FILE.pdf --out OUT.pdf --number"));
}

} // namespace
} // namespace vanthu::workflow::test
