// The outbox in the register's database, the uploader's retry rules and the spool transport.

#include "TestSupport.h"
#include "UplinkFixtures.h"

#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Uploader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

using namespace vanthu;
using namespace vanthu::test;
using namespace vanthu::uplink;
namespace fs = std::filesystem;

namespace {

reg::Register openRegister(const std::string& path)
{
    auto r = reg::Register::open(path);
    EXPECT_TRUE(r) << (r ? "" : r.error().toString());
    return std::move(*r);
}

bool auditHas(reg::Register& r, const std::string& action)
{
    auto log = r.auditLog();
    return log && std::any_of(log->begin(), log->end(), [&](const reg::AuditEntry& e) { return e.action == action; });
}

std::vector<fs::path> filesIn(const fs::path& dir)
{
    std::vector<fs::path> out;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.is_regular_file())
            out.push_back(e.path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

TEST(UplinkOutbox, IssuingEnqueuesTheSignedPackageInTheSameTransaction)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    EXPECT_EQ(r.schemaVersion(), reg::Register::kSchemaVersion);
    auto rec = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    ASSERT_TRUE(rec) << rec.error().toString();
    EXPECT_EQ(rec->meta.numberSymbol.format(), "01/QĐ-STN");
    auto items = r.outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 1u);
    const reg::OutboxItem& it = items->front();
    EXPECT_EQ(it.documentId, "000.00.00.T99,2026/11/20,01/QĐ-STN");
    EXPECT_EQ(it.key, "000.00.00.T99,2026/11/20,01/QĐ-STN|document:0|v1");
    EXPECT_EQ(it.state, reg::OutboxState::Pending);
    EXPECT_EQ(it.outgoingId, rec->id);
    auto pkg = r.outboxPackage(it.id);
    ASSERT_TRUE(pkg);
    auto parsed = parsePackage(*pkg, {a.ca.certPath});
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(parsed->document.codeNumber, "01");
    EXPECT_EQ(parsed->document.attachments.at(0).data, tinyPdf("k1"));
    EXPECT_TRUE(auditHas(r, "outbox.enqueue"));

    // Issuing the same intake again returns the first record and queues nothing new.
    auto again = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(r.outboxCounts()->pending, 1);
}

TEST(UplinkOutbox, AFailedPackageRollsTheRegistrationBack)
{
    TempDir dir;
    TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    uplink::Sender broken = a.sender;
    broken.key.keyPath = dir.file("no-such.key");
    auto rec = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), broken);
    ASSERT_FALSE(rec);
    EXPECT_TRUE(rec.error().is(uplink::Errc::KeyError)) << rec.error().toString();
    EXPECT_TRUE(r.listOutgoing({})->empty()) << "no number without its package";
    EXPECT_EQ(r.outboxCounts()->pending, 0);
    auto ok = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    ASSERT_TRUE(ok) << ok.error().toString();
    EXPECT_EQ(ok->number, 1) << "the failed attempt left no gap";
}

TEST(UplinkOutbox, SecretDocumentsAreRefusedAndAudited)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    auto req = outgoingRequest("secret-1");
    req.meta.secrecy = Secrecy::Mat;
    auto rec = issueAndSend(r, req, {a.peer}, pdfAttachment("s"), a.sender);
    ASSERT_FALSE(rec);
    EXPECT_TRUE(rec.error().is(reg::Errc::SecretRefused)) << rec.error().toString();
    EXPECT_TRUE(auditHas(r, "outbox.refused"));
    EXPECT_TRUE(r.listOutgoing({})->empty());

    // Issued normally (secret series), it still cannot be queued afterwards, by any route.
    auto issued = r.issueOutgoing(req);
    ASSERT_TRUE(issued) << issued.error().toString();
    EXPECT_EQ(issued->series, "secret");
    auto follow = sendFollowUp(r, *issued, BusinessDocType::Recall, 1, "x", {a.peer}, {}, a.sender);
    ASSERT_FALSE(follow);
    EXPECT_TRUE(follow.error().is(reg::Errc::SecretRefused));
    reg::OutboxEntry e;   // a caller that "forgets" the secrecy but names the record
    e.documentId = "000.00.00.T99,2026/11/20,01/QĐ-STN";
    e.package = "<x/>";
    e.actor = "lan";
    e.outgoingId = issued->id;
    auto enq = r.enqueue(e);
    ASSERT_FALSE(enq);
    EXPECT_TRUE(enq.error().is(reg::Errc::SecretRefused));
    EXPECT_EQ(r.outboxCounts()->pending, 0);
    auto log = r.auditLog();
    EXPECT_EQ(std::count_if(log->begin(), log->end(), [](const auto& x) { return x.action == "outbox.refused"; }), 3);
    EXPECT_TRUE(r.verifyAudit()->intact);
}

TEST(UplinkOutbox, ASchemaOneRegisterIsMigratedKeepingItsData)
{
    TempDir dir;
    {
        auto r = openRegister(dir.file("v.db"));
        ASSERT_TRUE(r.issueOutgoing(outgoingRequest("old")));
    }
    // Turn the file back into what vanthu before the outbox wrote (schema 1).
    auto down = run({VANTHU_SQLITE3, dir.file("v.db"),
                     "DROP TABLE outgoing_recall_request; DROP TABLE outgoing_tracking; DROP TABLE recall; "
                     "DELETE FROM schema_migrations WHERE version >= 3; "
                     "DROP TABLE outbox_package; DROP TABLE outbox; DROP TABLE exchange_status; DELETE FROM schema_migrations WHERE version = 2; "
                     "PRAGMA user_version = 1;"});
    ASSERT_EQ(down.exitCode, 0) << down.err;
    auto r = openRegister(dir.file("v.db"));
    EXPECT_EQ(r.schemaVersion(), reg::Register::kSchemaVersion);
    EXPECT_EQ(r.listOutgoing({})->size(), 1u);
    EXPECT_EQ(r.outboxCounts()->pending, 0);
    EXPECT_EQ(run({VANTHU_SQLITE3, dir.file("v.db"), "SELECT version FROM schema_migrations;"}).out, "1\n2\n3\n4\n");
    EXPECT_TRUE(r.verifyAudit()->intact);
}

TEST(UplinkOutbox, EnqueueIsIdempotentOnTheKey)
{
    TempDir dir;
    auto r = openRegister(dir.file("v.db"));
    reg::OutboxEntry e;
    e.documentId = "000.00.00.T99,2026/11/20,05/QĐ-STN";
    e.businessType = 2;
    e.version = 1;
    e.package = "<p/>";
    e.actor = "lan";
    auto first = r.enqueue(e);
    auto second = r.enqueue(e);
    ASSERT_TRUE(first && second);
    EXPECT_TRUE(first->created);
    EXPECT_FALSE(second->created);
    EXPECT_EQ(first->id, second->id);
    e.version = 2;   // a second update is a new item
    auto third = r.enqueue(e);
    ASSERT_TRUE(third);
    EXPECT_NE(third->id, first->id);
    EXPECT_EQ(r.outboxCounts()->pending, 2);
    e.actor.clear();
    EXPECT_TRUE(r.enqueue(e).error().is(reg::Errc::InvalidInput));
}

TEST(UplinkOutbox, ARecallNeverOvertakesItsOriginal)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    auto doc = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    auto other = issueAndSend(r, outgoingRequest("k2"), {a.peer}, pdfAttachment("k2"), a.sender);
    ASSERT_TRUE(doc && other);
    auto recall = sendFollowUp(r, *doc, BusinessDocType::Recall, 1, "Ban hành nhầm", {a.peer}, {}, a.sender);
    ASSERT_TRUE(recall) << recall.error().toString();
    const auto dueIds = [&] {
        std::vector<int64_t> ids;
        const auto due = r.outboxDue(INT64_MAX, 0);
        for (const auto& it : *due)
            ids.push_back(it.id);
        return ids;
    };
    auto items = *r.outboxItems(std::nullopt);
    ASSERT_EQ(items.size(), 3u);
    const int64_t original = items[0].id, second = items[1].id, rec = items[2].id;
    EXPECT_EQ(dueIds(), (std::vector<int64_t>{original, second}));
    // The original fails for good: the recall still waits (dead does not count as delivered).
    ASSERT_TRUE(r.outboxFailed(original, "test", 0, true));
    EXPECT_EQ(dueIds(), (std::vector<int64_t>{second}));
    EXPECT_EQ(r.outboxItems(reg::OutboxState::Dead)->size(), 1u);
    // A clerk retries it; once it is sent, the recall follows.
    EXPECT_EQ(*r.outboxRetry(original, "lan"), 1);
    EXPECT_EQ(dueIds(), (std::vector<int64_t>{original, second}));
    ASSERT_TRUE(r.outboxSent(original, "R1"));
    EXPECT_EQ(dueIds(), (std::vector<int64_t>{second, rec}));
    EXPECT_TRUE(auditHas(r, "outbox.retry"));
    EXPECT_TRUE(auditHas(r, "outbox.dead"));
}

TEST(UplinkOutbox, ARunEndsWhenOnlyItemsBehindADeadLetterRemain)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    auto doc = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    ASSERT_TRUE(doc);
    ASSERT_TRUE(sendFollowUp(r, *doc, BusinessDocType::Recall, 1, "Thu hồi", {a.peer}, {}, a.sender));
    ASSERT_TRUE(r.outboxFailed(r.outboxItems(std::nullopt)->front().id, "refused", 0, true));
    auto spool = makeSpoolTransport(dir.file("spool"));
    ASSERT_TRUE(spool);
    Uploader up(r, **spool);
    RunOptions o;
    o.waitForBackoff = true;
    auto report = up.run(o);   // must return, not wait forever for the blocked recall
    ASSERT_TRUE(report);
    EXPECT_EQ(report->attempted, 0);
    EXPECT_EQ(r.outboxCounts()->pending, 1);
    EXPECT_EQ(r.outboxCounts()->dead, 1);
}

TEST(UplinkOutbox, BackoffGrowsExponentiallyWithJitterUpToTheCap)
{
    RetryPolicy p;
    p.baseDelayMs = 1000;
    p.maxDelayMs = 60000;
    p.jitter = 0.5;
    std::mt19937_64 rng(42);
    for (int n = 1; n <= 12; ++n) {
        const double full = std::min(60000.0, 1000.0 * std::pow(2.0, n - 1));
        std::vector<int64_t> seen;
        for (int i = 0; i < 200; ++i) {
            const int64_t d = backoffDelayMs(n, p, rng);
            EXPECT_LE(d, int64_t(full)) << n;
            EXPECT_GE(d, int64_t(full * 0.5)) << n;
            seen.push_back(d);
        }
        std::sort(seen.begin(), seen.end());
        EXPECT_GT(seen.back() - seen.front(), int64_t(full * 0.2)) << "jitter spreads retries";
    }
    p.jitter = 0;
    EXPECT_EQ(backoffDelayMs(3, p, rng), 4000);
    EXPECT_EQ(backoffDelayMs(100, p, rng), 60000);
}

TEST(UplinkOutbox, SpoolDeliversCompletePackagesOnce)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    for (int i = 0; i < 12; ++i)
        ASSERT_TRUE(issueAndSend(r, outgoingRequest("k" + std::to_string(i)), {a.peer},
                                 pdfAttachment("doc" + std::to_string(i)), a.sender));
    auto spool = makeSpoolTransport(dir.file("spool"));
    ASSERT_TRUE(spool);
    Uploader up(r, **spool);
    auto report = up.run();
    ASSERT_TRUE(report) << report.error().toString();
    EXPECT_EQ(report->sent, 12);
    EXPECT_EQ(r.outboxCounts()->sent, 12);
    const auto files = filesIn(dir.path() / "spool" / "out");
    ASSERT_EQ(files.size(), 12u) << "no temporary files left behind";
    for (const auto& f : files) {
        EXPECT_EQ(f.extension(), ".edxml");
        EXPECT_EQ(run({VANTHU_XMLLINT, "--noout", "--schema",
                       std::string(VANTHU_SOURCE_DIR) + "/uplink/schema/edxml.xsd", f.string()})
                      .exitCode,
                  0);
        EXPECT_EQ(run({VANTHU_XMLSEC1, "--verify", "--trusted-pem", a.ca.certPath, f.string()}).exitCode, 0);
    }
    const auto sent = r.outboxItems(reg::OutboxState::Sent);
    for (const auto& it : *sent)
        EXPECT_TRUE(fs::exists(dir.path() / "spool" / "out" / spoolFileName(it.key)));
    // Nothing left to do; a retried key (simulating a crash after the rename) is not written twice.
    EXPECT_EQ(up.run()->attempted, 0);
    auto item = r.outboxItems(std::nullopt)->front();
    auto again = (*spool)->submit(item.key, item.documentId, *r.outboxPackage(item.id));
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->duplicate);
    EXPECT_EQ(filesIn(dir.path() / "spool" / "out").size(), 12u);
}

TEST(UplinkOutbox, FailuresBackOffThenDeadLetterThenRetry)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    ASSERT_TRUE(issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender));
    auto spool = makeSpoolTransport(dir.file("spool"));
    ASSERT_TRUE(spool);
    // Break the spool for real: its out/ directory becomes a plain file.
    fs::remove_all(dir.path() / "spool" / "out");
    writeFile(dir.file("spool/out"), "not a directory");
    RetryPolicy p;
    p.baseDelayMs = 5;
    p.maxDelayMs = 20;
    p.maxAttempts = 4;
    Uploader up(r, **spool, p);
    RunOptions o;
    o.waitForBackoff = true;
    auto report = up.run(o);
    ASSERT_TRUE(report) << report.error().toString();
    EXPECT_EQ(report->attempted, 4);
    EXPECT_EQ(report->failed, 3);
    EXPECT_EQ(report->dead, 1);
    auto dead = r.outboxItems(reg::OutboxState::Dead);
    ASSERT_EQ(dead->size(), 1u);
    EXPECT_EQ(dead->front().attempts, 4);
    EXPECT_NE(dead->front().lastError.find("uplink.Io"), std::string::npos) << dead->front().lastError;

    // Repaired and retried by a clerk: delivered.
    fs::remove(dir.path() / "spool" / "out");
    fs::create_directories(dir.path() / "spool" / "out");
    EXPECT_EQ(*r.outboxRetry(std::nullopt, "lan"), 1);
    report = up.run(o);
    ASSERT_TRUE(report);
    EXPECT_EQ(report->sent, 1);
    EXPECT_EQ(r.outboxCounts()->sent, 1);
    EXPECT_EQ(r.outboxCounts()->dead, 0);
}

TEST(UplinkOutbox, StatusMessagesUpdateTheRegister)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    auto rec = issueAndSend(r, outgoingRequest("k1"), {a.peer}, pdfAttachment("k1"), a.sender);
    ASSERT_TRUE(rec);
    const std::string docId = r.outboxItems(std::nullopt)->front().documentId;
    auto spool = makeSpoolTransport(dir.file("spool"));
    ASSERT_TRUE(spool);

    // The recipient answers "03 accepted", signed with its own certificate from the agencies' CA.
    const PemPair peerSigner = issue(dir.path(), "peer-signer", a.ca, "000.00.00.H49 UBND TỈNH LẠNG SƠN", false);
    StatusPackage s;
    s.from = a.peer;
    s.responseFor = {a.sender.organization.organId, "01/QĐ-STN", *rec->meta.issuedDate, docId};
    s.statusCode = "03";
    s.description = "Đã vào sổ đến số 15";
    s.timestamp = at("2026-11-21T08:00:00+07:00");
    auto xml = buildStatusPackage(s, {peerSigner.keyPath, peerSigner.certPath, ""});
    ASSERT_TRUE(xml);
    writeFile(dir.file("spool/in/0001-status.edxml"), *xml);
    // A forged one (not signed by a trusted key) is not applied.
    const PemPair rogueCa = makeCa(dir.path(), "rogue");
    const PemPair rogue = issue(dir.path(), "rogue-signer", rogueCa, "rogue", false);
    s.statusCode = "02";
    writeFile(dir.file("spool/in/0002-forged.edxml"), *buildStatusPackage(s, {rogue.keyPath, rogue.certPath, ""}));
    // Signed by a trusted certificate of another agency: it cannot speak for the sender it names.
    const PemPair impostor = issue(dir.path(), "impostor-signer", a.ca, "000.00.00.Z01 UBND TỈNH KHÁC", false);
    s.statusCode = "06";
    writeFile(dir.file("spool/in/0003-impostor.edxml"), *buildStatusPackage(s, {impostor.keyPath, impostor.certPath, ""}));

    Uploader up(r, **spool);
    auto applied = up.pullStatuses({a.ca.certPath});
    ASSERT_TRUE(applied) << applied.error().toString();
    EXPECT_EQ(*applied, 1);
    auto statuses = r.exchangeStatuses(docId);
    ASSERT_TRUE(statuses);
    ASSERT_EQ(statuses->size(), 1u);
    EXPECT_EQ(statuses->front().code, "03");
    EXPECT_EQ(statuses->front().fromOrgan, "000.00.00.H49");
    EXPECT_EQ(statuses->front().description, "Đã vào sổ đến số 15");
    EXPECT_EQ(statuses->front().statusTime, at("2026-11-21T08:00:00+07:00"));
    EXPECT_TRUE(auditHas(r, "exchange.status"));
    EXPECT_TRUE(fs::exists(dir.path() / "spool" / "in" / "done" / "0001-status.edxml"));
    // Refused ones are audited and acknowledged (PROTOCOL.md), so they are not fetched forever.
    EXPECT_TRUE(fs::exists(dir.path() / "spool" / "in" / "done" / "0002-forged.edxml"));
    EXPECT_TRUE(fs::exists(dir.path() / "spool" / "in" / "done" / "0003-impostor.edxml"));
    auto log = r.auditLog();
    ASSERT_TRUE(log);
    std::vector<std::string> refused;
    for (const auto& e : *log)
        if (e.action == "exchange.status.refused")
            refused.push_back(e.subject + " " + e.detail);
    ASSERT_EQ(refused.size(), 2u);
    EXPECT_NE(refused[0].find("message:0002-forged.edxml"), std::string::npos) << refused[0];
    EXPECT_NE(refused[0].find("SignatureInvalid"), std::string::npos) << refused[0];
    EXPECT_NE(refused[1].find("message:0003-impostor.edxml"), std::string::npos) << refused[1];
    EXPECT_NE(refused[1].find("000.00.00.Z01 UBND TỈNH KHÁC"), std::string::npos) << refused[1];
    EXPECT_EQ(*up.pullStatuses({a.ca.certPath}), 0) << "nothing left to fetch";

    // A trusted certificate that does not load is our failure: nothing is refused or acknowledged.
    writeFile(dir.file("spool/in/0004-status.edxml"), *xml);
    auto broken = up.pullStatuses({dir.file("missing-ca.crt")});
    ASSERT_FALSE(broken);
    EXPECT_TRUE(fs::exists(dir.path() / "spool" / "in" / "0004-status.edxml"));
    fs::remove(dir.path() / "spool" / "in" / "0004-status.edxml");

    // Nothing is taken on trust: without a trusted certificate statuses are not read at all.
    auto untrusted = up.pullStatuses({});
    ASSERT_FALSE(untrusted);
    EXPECT_TRUE(untrusted.error().is(uplink::Errc::ConfigError));

    // Delivered again (a duplicate from the courier): applied once only.
    fs::copy_file(dir.path() / "spool" / "in" / "done" / "0001-status.edxml", dir.path() / "spool" / "in" / "0001-status.edxml");
    EXPECT_EQ(*up.pullStatuses({a.ca.certPath}), 0);
    EXPECT_EQ(r.exchangeStatuses(docId)->size(), 1u);
}

TEST(UplinkOutbox, RegisteringAnElectronicDocumentQueuesTheReply)
{
    TempDir dir;
    const TestAgency a = makeAgency(dir.path());
    auto r = openRegister(dir.file("v.db"));
    // The package as received from the other agency.
    DocumentPackage received;
    received.from = a.peer;
    received.to = {a.sender.organization};
    received.codeNumber = "88";
    received.codeNotation = "UBND-VP";
    received.promulgationDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{18}};
    received.documentId = documentIdFor(a.peer.organId, received.promulgationDate, "88", "UBND-VP");
    reg::IncomingRequest req;
    req.meta.numberSymbol = *parseNumberSymbol("88/UBND-VP");
    req.meta.issuer = a.peer.organName;
    req.meta.subject = "Về việc phối hợp";
    req.receivedAt = req.arrivalTime = at("2026-11-20T09:00:00+07:00");
    req.channel = reg::Channel::Electronic;
    req.intakeKey = received.documentId;
    req.documentId = received.documentId;
    req.actor = "lan";
    auto rec = registerAndReply(r, req, received, a.sender);
    ASSERT_TRUE(rec) << rec.error().toString();
    auto items = r.outboxItems(std::nullopt);
    ASSERT_EQ(items->size(), 1u);
    EXPECT_EQ(items->front().kind, reg::OutboxKind::Status);
    EXPECT_EQ(items->front().key, received.documentId + "|status:3|v1");
    EXPECT_EQ(items->front().incomingId, rec->id);
    auto parsed = parsePackage(*r.outboxPackage(items->front().id), {a.ca.certPath});
    ASSERT_TRUE(parsed);
    EXPECT_TRUE(parsed->isStatus);
    EXPECT_EQ(parsed->status.statusCode, "03");
    EXPECT_EQ(parsed->status.description, "Số đến " + std::to_string(rec->arrivalNumber));

    req.meta.secrecy = Secrecy::ToiMat;
    req.intakeKey = "secret-incoming";
    auto secret = registerAndReply(r, req, received, a.sender);
    ASSERT_FALSE(secret);
    EXPECT_TRUE(secret.error().is(reg::Errc::SecretRefused));
}

TEST(UplinkOutbox, SignerSubjectMustNameTheSendingAgency)
{
    EXPECT_TRUE(subjectNamesOrgan("CN=000.00.00.H49 UBND TỈNH LẠNG SƠN", "000.00.00.H49"));
    EXPECT_TRUE(subjectNamesOrgan("CN=UBND,OU=000.00.00.H49", "000.00.00.H49"));
    EXPECT_TRUE(subjectNamesOrgan("UID=000.00.00.H49,CN=x", "000.00.00.H49"));
    EXPECT_FALSE(subjectNamesOrgan("CN=000.00.00.H490 UBND", "000.00.00.H49"));
    EXPECT_FALSE(subjectNamesOrgan("CN=1000.00.00.H49", "000.00.00.H49"));
    EXPECT_FALSE(subjectNamesOrgan("CN=000.00.00.H49.1", "000.00.00.H49"));
    EXPECT_FALSE(subjectNamesOrgan("CN=UBND TỈNH LẠNG SƠN", "000.00.00.H49"));
    EXPECT_FALSE(subjectNamesOrgan("CN=x", ""));
}

// Export writes through a unique temporary file: someone else's "<name>.tmp" (or a stale one of a
// crashed run) is neither clobbered nor in the way, and nothing is left behind.
TEST(UplinkOutbox, AtomicWriteUsesAUniqueTemporaryFile)
{
    TempDir dir;
    const std::string target = dir.file("export.edxml");
    writeFile(target + ".tmp", "not ours");
    ASSERT_TRUE(writeFileAtomically(target, "first"));
    ASSERT_TRUE(writeFileAtomically(target, "second"));
    EXPECT_EQ(readFile(target), "second");
    EXPECT_EQ(readFile(target + ".tmp"), "not ours");
    int entries = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir.path()))
        ++entries;
    EXPECT_EQ(entries, 2) << "the target and the foreign .tmp file; no temporary leftovers";
    auto missingDir = writeFileAtomically(dir.file("no/such/dir/x.edxml"), "x");
    ASSERT_FALSE(missingDir);
    EXPECT_TRUE(missingDir.error().is(uplink::Errc::Io));
}
