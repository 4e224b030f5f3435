// A recall we ask for freezes the outgoing record (schema 4, issue #7 item 4; DOMAIN.md §3 "the
// sender freezes the outgoing one"): the freeze, the recall package and the audit entry are one
// transaction; while frozen nothing else of the document is queued, issued again or recalled twice;
// "agree" cancels it, "refuse" unfreezes it; unknown and secret records queue nothing. The 3 -> 4
// migration (and 1 -> 4) keeps every row, turns a recall schema 3 had queued into a freeze, and a
// failed one leaves the file byte for byte as it was.
#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace vanthu;
using namespace vanthu::test;

namespace {

constexpr const char* kDocId = "000.00.00.T99,2026/11/20,01/QĐ-STN";

reg::Register openAt(const std::string& path)
{
    reg::OpenOptions o;
    o.recallAgreedCode = "15";
    o.recallRefusedCode = "16";
    auto r = reg::Register::open(path, o);
    EXPECT_TRUE(r) << r.error().toString();
    return std::move(*r);
}

reg::OutgoingRequest outgoing(const std::string& key, Secrecy secrecy = Secrecy::None)
{
    reg::OutgoingRequest o;
    o.meta.type = *doctype::byAbbreviation("QĐ");
    o.meta.numberSymbol.symbol = "QĐ-STN";
    o.meta.issuer = "SỞ THỬ NGHIỆM";
    o.meta.subject = "Về việc thử nghiệm thu hồi văn bản đi";
    o.meta.secrecy = secrecy;
    o.issuedAt = at("2026-11-20T10:00:00+07:00");
    o.recipients = {"Sở A"};
    o.intakeKey = key;
    o.actor = "lan";
    return o;
}

reg::OutboxEntry documentPackage(int business, int version, const std::string& docId = kDocId)
{
    reg::OutboxEntry e;
    e.documentId = docId;
    e.kind = reg::OutboxKind::Document;
    e.businessType = business;
    e.version = version;
    e.package = "<edXMLEnvelope>gói " + std::to_string(business) + " v" + std::to_string(version) + "</edXMLEnvelope>";
    e.actor = "lan";
    return e;
}

// Issued and its original queued, as the outgoing flow does it.
reg::OutgoingRecord issue(reg::Register& r, const std::string& key)
{
    auto rec = r.issueOutgoingAndEnqueue(outgoing(key), [](const reg::OutgoingRecord&) -> Result<reg::OutboxEntry> {
        return documentPackage(0, 1);
    });
    EXPECT_TRUE(rec) << rec.error().toString();
    return *rec;
}

reg::ExchangeStatus status(const std::string& id, const std::string& code, const char* when)
{
    reg::ExchangeStatus m;
    m.messageId = id;
    m.documentId = kDocId;
    m.code = code;
    m.fromOrgan = "000.00.00.A01";
    m.description = "trạng thái " + code;
    m.statusTime = at(when);
    return m;
}

reg::RecallRequest recallRequest(const std::string& reason = "Ban hành nhầm nơi nhận")
{
    reg::RecallRequest q;
    q.reason = reason;
    q.actor = "lan";
    q.at = at("2026-11-21T08:00:00+07:00");
    return q;
}

int64_t countOf(reg::Register& r, const std::string& action)
{
    auto log = r.auditLog();
    EXPECT_TRUE(log);
    return std::count_if(log->begin(), log->end(), [&](const reg::AuditEntry& e) { return e.action == action; });
}

size_t outboxSize(reg::Register& r) { return r.outboxItems(std::nullopt)->size(); }

std::string sq(const std::string& db, const std::string& sql)
{
    auto p = run({VANTHU_SQLITE3, db, sql});
    EXPECT_EQ(p.exitCode, 0) << p.err;
    return p.out;
}

} // namespace

TEST(RegisterRecallRequest, FreezeRecallPackageAndAuditAreOneTransaction)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    const auto rec = issue(r, "out-1");
    ASSERT_EQ(outboxSize(r), 1u);
    const int64_t audits = r.auditLog()->size();

    // A hook that fails, and one whose package cannot be queued (no bytes): nothing of either stays.
    auto failing = r.requestOutgoingRecall(rec.id, recallRequest(), [](const reg::OutgoingRecord&, int) -> Result<reg::OutboxEntry> {
        return fail(reg::Errc::InvalidInput, "the package could not be signed");
    });
    ASSERT_FALSE(failing);
    auto empty = r.requestOutgoingRecall(rec.id, recallRequest(), [](const reg::OutgoingRecord&, int v) -> Result<reg::OutboxEntry> {
        auto e = documentPackage(1, v);
        e.package.clear();
        return e;
    });
    ASSERT_FALSE(empty);
    EXPECT_TRUE(empty.error().is(reg::Errc::InvalidInput)) << empty.error().toString();
    auto wrongKind = r.requestOutgoingRecall(rec.id, recallRequest(), [](const reg::OutgoingRecord&, int v) -> Result<reg::OutboxEntry> {
        return documentPackage(2, v);   // an update is not a recall
    });
    ASSERT_FALSE(wrongKind);
    EXPECT_TRUE(wrongKind.error().is(reg::Errc::InvalidInput));
    auto untouched = r.outgoing(rec.id);
    ASSERT_TRUE(untouched);
    EXPECT_EQ(untouched->status, reg::RecordStatus::Registered);
    EXPECT_FALSE(untouched->recallRequest);
    EXPECT_EQ(outboxSize(r), 1u);
    EXPECT_EQ(static_cast<int64_t>(r.auditLog()->size()), audits) << "no outgoing.recall, no outbox.enqueue";
    // No reason: refused before anything.
    EXPECT_TRUE(r.requestOutgoingRecall(rec.id, recallRequest(" "), [](const reg::OutgoingRecord&, int v) {
                     return Result<reg::OutboxEntry>(documentPackage(1, v));
                 }).error().is(reg::Errc::InvalidInput));

    // The recall: frozen, queued behind the original, audited — the hook already sees the freeze.
    int calls = 0;
    auto hook = [&](const reg::OutgoingRecord& frozen, int version) -> Result<reg::OutboxEntry> {
        ++calls;
        EXPECT_EQ(frozen.status, reg::RecordStatus::RecallRequested);
        EXPECT_EQ(version, 1);
        return documentPackage(1, version);
    };
    auto done = r.requestOutgoingRecall(rec.id, recallRequest(), hook);
    ASSERT_TRUE(done) << done.error().toString();
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(done->status, reg::RecordStatus::RecallRequested);
    ASSERT_TRUE(done->recallRequest);
    EXPECT_EQ(done->recallRequest->state, reg::RecallRequestInfo::State::Pending);
    EXPECT_EQ(done->recallRequest->version, 1);
    EXPECT_EQ(done->recallRequest->reason, "Ban hành nhầm nơi nhận");
    EXPECT_EQ(vntime::toIso8601(done->recallRequest->requestedAt), "2026-11-21T08:00:00+07:00");
    auto items = *r.outboxItems(std::nullopt);
    ASSERT_EQ(items.size(), 2u);
    EXPECT_EQ(items[1].businessType, 1);
    EXPECT_EQ(items[1].outgoingId, rec.id);
    ASSERT_TRUE(done->recallRequest->outboxId);
    EXPECT_EQ(*done->recallRequest->outboxId, items[1].id);
    EXPECT_EQ(countOf(r, "outgoing.recall"), 1);
    EXPECT_EQ(reg::toString(done->status), "recall_requested");

    // Frozen: no second recall, no update or replacement, no new issue of the same original.
    auto twice = r.requestOutgoingRecall(rec.id, recallRequest(), hook);
    ASSERT_FALSE(twice);
    EXPECT_TRUE(twice.error().is(reg::Errc::RecallPending)) << twice.error().toString();
    EXPECT_EQ(calls, 1);
    auto update = r.enqueue([&] {
        auto e = documentPackage(2, 1);
        e.outgoingId = rec.id;
        return e;
    }());
    ASSERT_FALSE(update);
    EXPECT_TRUE(update.error().is(reg::Errc::RecallPending));
    auto again = r.issueOutgoingAndEnqueue(outgoing("out-1"), [](const reg::OutgoingRecord&) -> Result<reg::OutboxEntry> {
        return documentPackage(0, 1);
    });
    ASSERT_FALSE(again);
    EXPECT_TRUE(again.error().is(reg::Errc::RecallPending));
    // The same recall package queued again by a retrying caller is the item already there.
    auto retried = r.enqueue([&] {
        auto e = documentPackage(1, 1);
        e.outgoingId = rec.id;
        return e;
    }());
    ASSERT_TRUE(retried) << retried.error().toString();
    EXPECT_FALSE(retried->created);
    EXPECT_EQ(outboxSize(r), 2u);
    // The book shows the state.
    reg::ListFilter f;
    f.year = 2026;
    auto list = r.listOutgoing(f);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].status, reg::RecordStatus::RecallRequested);

    // The recipient refuses: issued again, the refusal on the trail; an update may be queued again.
    ASSERT_TRUE(*r.applyExchangeStatus(status("m-refuse", "16", "2026-11-21T10:00:00+07:00"), "uplink"));
    auto refused = r.outgoing(rec.id);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, reg::RecordStatus::Registered);
    ASSERT_TRUE(refused->recallRequest);
    EXPECT_EQ(refused->recallRequest->state, reg::RecallRequestInfo::State::Refused);
    EXPECT_EQ(refused->recallRequest->answerSource, "status:m-refuse");
    EXPECT_FALSE(refused->recall);
    EXPECT_EQ(countOf(r, "outgoing.recall.refused"), 1);
    auto update2 = r.enqueue([&] {
        auto e = documentPackage(2, 1);
        e.outgoingId = rec.id;
        return e;
    }());
    ASSERT_TRUE(update2) << update2.error().toString();

    // Recalled again (version 2); this time the recipient agrees: cancelled, the number kept.
    auto second = r.requestOutgoingRecall(rec.id, recallRequest("Sai thẩm quyền ban hành"),
                                          [](const reg::OutgoingRecord&, int v) -> Result<reg::OutboxEntry> {
                                              EXPECT_EQ(v, 2);
                                              return documentPackage(1, v);
                                          });
    ASSERT_TRUE(second) << second.error().toString();
    EXPECT_EQ(second->recallRequest->version, 2);
    // Agreement from an update's answer would look the same: only the frozen record is cancelled.
    ASSERT_TRUE(*r.applyExchangeStatus(status("m-agree", "15", "2026-11-22T09:00:00+07:00"), "uplink"));
    auto cancelled = r.outgoing(rec.id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, reg::RecordStatus::Cancelled);
    ASSERT_TRUE(cancelled->recall);
    EXPECT_EQ(cancelled->recall->source, "status:m-agree");
    EXPECT_EQ(cancelled->recallRequest->state, reg::RecallRequestInfo::State::Agreed);
    EXPECT_EQ(countOf(r, "outgoing.recalled"), 1);

    // Recalled: never recalled, sent or issued again.
    const size_t queued = outboxSize(r);
    auto third = r.requestOutgoingRecall(rec.id, recallRequest(), hook);
    ASSERT_FALSE(third);
    EXPECT_TRUE(third.error().is(reg::Errc::AlreadyRecalled));
    auto late = r.enqueue([&] {
        auto e = documentPackage(2, 2);
        e.outgoingId = rec.id;
        return e;
    }());
    ASSERT_FALSE(late);
    EXPECT_TRUE(late.error().is(reg::Errc::AlreadyRecalled));
    EXPECT_TRUE(r.issueOutgoing(outgoing("out-1")).error().is(reg::Errc::AlreadyRecalled));
    EXPECT_EQ(outboxSize(r), queued);
    auto next = r.issueOutgoing(outgoing("out-2"));
    ASSERT_TRUE(next);
    EXPECT_EQ(next->number, 2) << "the recalled number stays used";
    auto audit = r.verifyAudit();
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->intact) << audit->problem;
}

TEST(RegisterRecallRequest, UnknownAndSecretRecordsQueueNothingAndAnswersWithoutAFreezeOnlyTrack)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    int calls = 0;
    auto hook = [&](const reg::OutgoingRecord&, int v) -> Result<reg::OutboxEntry> {
        ++calls;
        return documentPackage(1, v);
    };
    auto unknown = r.requestOutgoingRecall(4242, recallRequest(), hook);
    ASSERT_FALSE(unknown);
    EXPECT_TRUE(unknown.error().is(reg::Errc::NotFound));

    auto secretRq = outgoing("mat-1", Secrecy::Mat);
    secretRq.meta.numberSymbol.symbol = "QĐ-MAT";
    auto secret = r.issueOutgoing(secretRq);
    ASSERT_TRUE(secret) << secret.error().toString();
    auto refused = r.requestOutgoingRecall(secret->id, recallRequest(), hook);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(reg::Errc::SecretRefused)) << refused.error().toString();
    EXPECT_EQ(calls, 0);
    EXPECT_EQ(outboxSize(r), 0u);
    EXPECT_EQ(countOf(r, "outbox.refused"), 1);
    EXPECT_EQ(countOf(r, "outgoing.recall"), 0);
    EXPECT_EQ(r.outgoing(secret->id)->status, reg::RecordStatus::Registered);
    EXPECT_FALSE(r.outgoing(secret->id)->recallRequest);

    // "Refuse" and "agree" about a document we never recalled: tracked, nothing else.
    const auto rec = issue(r, "out-1");
    ASSERT_TRUE(*r.applyExchangeStatus(status("x1", "16", "2026-11-21T10:00:00+07:00"), "uplink"));
    ASSERT_TRUE(*r.applyExchangeStatus(status("x2", "15", "2026-11-21T11:00:00+07:00"), "uplink"));
    auto tracked = r.outgoing(rec.id);
    ASSERT_TRUE(tracked);
    EXPECT_EQ(tracked->status, reg::RecordStatus::Registered);
    ASSERT_EQ(tracked->tracking.size(), 1u);
    EXPECT_EQ(tracked->tracking[0].code, "15");
    EXPECT_EQ(countOf(r, "outgoing.recall.refused"), 0);
    EXPECT_EQ(countOf(r, "outgoing.recalled"), 0);
}

TEST(RegisterRecallRequest, ARecallPackageQueuedDirectlyFreezesTheRecordToo)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    const auto rec = issue(r, "out-1");
    auto e = documentPackage(1, 1);
    e.outgoingId = rec.id;
    auto item = r.enqueue(e);
    ASSERT_TRUE(item) << item.error().toString();
    auto frozen = r.outgoing(rec.id);
    ASSERT_TRUE(frozen);
    EXPECT_EQ(frozen->status, reg::RecordStatus::RecallRequested);
    ASSERT_TRUE(frozen->recallRequest);
    EXPECT_EQ(*frozen->recallRequest->outboxId, item->id);
    EXPECT_EQ(countOf(r, "outgoing.recall"), 1);
    auto second = r.requestOutgoingRecall(rec.id, recallRequest(), [](const reg::OutgoingRecord&, int v) {
        return Result<reg::OutboxEntry>(documentPackage(1, v));
    });
    EXPECT_TRUE(second.error().is(reg::Errc::RecallPending));
}

// A schema-3 file (the same file as schema 3 left it: migration 4 only adds a table) with a recall
// package queued before freezes existed, and a schema-1 file: both migrate to 4 and keep their rows.
TEST(RegisterRecallRequest, MigratesFromThreeAndFromOneKeepingRowsAndFreezingARecallQueuedBefore)
{
    TempDir dir;
    const std::string db3 = dir.file("v3.db"), db1 = dir.file("v1.db");
    int64_t recalledId = 0, otherId = 0;
    for (const auto& db : {db3, db1}) {
        auto r = openAt(db);
        ASSERT_TRUE(r.registerIncoming(incomingRequest("in-1", sampleMeta(12))));
        recalledId = issue(r, "out-1").id;
        auto other = r.issueOutgoing(outgoing("out-2"));
        ASSERT_TRUE(other);
        otherId = other->id;
    }
    // Schema 3 with a recall package of the first record queued the schema-3 way (no freeze row).
    sq(db3, "DROP TABLE outgoing_recall_request; DELETE FROM schema_migrations WHERE version = 4; PRAGMA user_version = 3; "
            "INSERT INTO outbox (idem_key, document_id, kind, business_type, version, outgoing_id, package_sha256, "
            "package_size, next_attempt_ms, created_at, created_by) VALUES ('" + std::string(kDocId) +
                "|document:1|v1', '" + kDocId + "', 'document', 1, 1, " + std::to_string(recalledId) +
                ", 'x', 5, 0, '2026-11-21T08:00:00+07:00', 'lan'); "
                "INSERT INTO outbox_package VALUES (last_insert_rowid(), '<x/>');");
    // Schema 1: no outbox, no status messages, no recalls.
    sq(db1, "DROP TABLE outgoing_recall_request; DROP TABLE recall; DROP TABLE outgoing_tracking; "
            "DROP TABLE outbox_package; DROP TABLE outbox; DROP TABLE exchange_status; "
            "DELETE FROM schema_migrations WHERE version > 1; PRAGMA user_version = 1;");
    const std::string books = "SELECT * FROM incoming; SELECT * FROM outgoing; SELECT * FROM audit;";
    const std::string before3 = sq(db3, books), before1 = sq(db1, books);
    ASSERT_NE(before3.find("QĐ-STN"), std::string::npos);

    {
        auto r = openAt(db3);
        EXPECT_EQ(r.schemaVersion(), 4);
        auto recalled = r.outgoing(recalledId);
        ASSERT_TRUE(recalled);
        EXPECT_EQ(recalled->status, reg::RecordStatus::RecallRequested) << "the recall queued under schema 3 freezes it";
        ASSERT_TRUE(recalled->recallRequest);
        EXPECT_EQ(recalled->recallRequest->version, 1);
        EXPECT_EQ(recalled->recallRequest->actor, "lan");
        EXPECT_EQ(r.outgoing(otherId)->status, reg::RecordStatus::Registered);
        EXPECT_TRUE(r.requestOutgoingRecall(recalledId, recallRequest(), [](const reg::OutgoingRecord&, int v) {
                         return Result<reg::OutboxEntry>(documentPackage(1, v));
                     }).error().is(reg::Errc::RecallPending));
    }
    EXPECT_EQ(sq(db3, books), before3) << "the books and the audit log are as schema 3 left them";
    EXPECT_EQ(sq(db3, "SELECT version FROM schema_migrations ORDER BY version;"), "1\n2\n3\n4\n");
    {
        auto r = openAt(db1);
        EXPECT_EQ(r.schemaVersion(), 4);
        EXPECT_EQ(r.outgoing(recalledId)->status, reg::RecordStatus::Registered);
        auto one = r.incomingByNumber(reg::IncomingBook::Regular, 2026, 1);
        ASSERT_TRUE(one);
        EXPECT_EQ(one->meta.numberSymbol.format(), "12/QĐ-STC");
    }
    EXPECT_EQ(sq(db1, books), before1);
    EXPECT_EQ(sq(db1, "SELECT version FROM schema_migrations ORDER BY version;"), "1\n2\n3\n4\n");
}

TEST(RegisterRecallRequest, AFailedMigrationToSchemaFourLeavesTheFileByteIdentical)
{
    TempDir dir;
    const std::string db = dir.file("v.db");
    {
        auto r = openAt(db);
        issue(r, "out-1");
    }
    // Schema 3, plus a hand-made table where migration 4 wants to create its own.
    sq(db, "DROP TABLE outgoing_recall_request; DELETE FROM schema_migrations WHERE version = 4; PRAGMA user_version = 3; "
           "CREATE TABLE outgoing_recall_request (note TEXT); INSERT INTO outgoing_recall_request VALUES ('hand-made');");
    const std::string bytes = readFile(db);
    const std::string dump = sq(db, ".dump");
    ASSERT_EQ(readFile(db), bytes) << "reading does not change the file";
    auto failed = reg::Register::open(db);
    ASSERT_FALSE(failed);
    EXPECT_TRUE(failed.error().is(reg::Errc::MigrationFailed)) << failed.error().toString();
    EXPECT_NE(failed.error().detail().find("schema 3 -> 4"), std::string::npos) << failed.error().toString();
    EXPECT_EQ(readFile(db), bytes) << "the schema-3 file is byte for byte as it was";
    EXPECT_FALSE(std::filesystem::exists(db + "-wal") && std::filesystem::file_size(db + "-wal") > 0)
        << "nothing left in a write-ahead log either";
    EXPECT_EQ(sq(db, ".dump"), dump);
    EXPECT_EQ(sq(db, "PRAGMA user_version;"), "3\n");
    // Without the obstacle the same file migrates.
    sq(db, "DROP TABLE outgoing_recall_request;");
    auto r = reg::Register::open(db);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(r->schemaVersion(), 4);
}
