// Recall (thu hồi) and registry status messages acting on the records (schema 3, issue #7): an
// incoming recall cancels the record, keeps its number used and queues the answer atomically; status
// messages move an outgoing record's per-agency tracking state; "agree to take back" cancels a
// document we recalled; a failed 2 -> 3 migration leaves the file untouched.
#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;

namespace {

reg::Register openAt(const std::string& path, std::string agreeCode = "15")
{
    reg::OpenOptions o;
    o.recallAgreedCode = std::move(agreeCode);
    auto r = reg::Register::open(path, o);
    EXPECT_TRUE(r) << r.error().toString();
    return std::move(*r);
}

std::vector<std::string> actions(reg::Register& r)
{
    std::vector<std::string> out;
    auto log = r.auditLog();
    EXPECT_TRUE(log);
    for (const auto& e : *log)
        out.push_back(e.action + " " + e.subject);
    return out;
}

bool has(const std::vector<std::string>& v, const std::string& s) { return std::find(v.begin(), v.end(), s) != v.end(); }

reg::OutboxEntry answer(const std::string& docId)
{
    reg::OutboxEntry e;
    e.documentId = docId;
    e.kind = reg::OutboxKind::Status;
    e.businessType = 15;
    e.package = "<edXMLEnvelope>đồng ý thu hồi</edXMLEnvelope>";
    e.actor = "lan";
    return e;
}

reg::ExchangeStatus status(const std::string& id, const std::string& docId, const std::string& code,
                           const std::string& organ, const char* when)
{
    reg::ExchangeStatus m;
    m.messageId = id;
    m.documentId = docId;
    m.code = code;
    m.fromOrgan = organ;
    m.description = "trạng thái " + code;
    m.statusTime = at(when);
    return m;
}

} // namespace

TEST(RegisterRecall, IncomingRecallCancelsKeepsTheNumberAndQueuesTheAnswerInOneTransaction)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    std::vector<reg::IncomingRecord> recs;
    for (int i = 1; i <= 3; ++i) {
        auto rq = incomingRequest("k" + std::to_string(i), sampleMeta(100 + i));
        rq.documentId = "000.00.00.H49,2026/11/19," + std::to_string(100 + i) + "/QĐ-STC";
        auto x = r.registerIncoming(rq);
        ASSERT_TRUE(x) << x.error().toString();
        recs.push_back(*x);
    }
    reg::RecallRequest rq;
    rq.reason = "Sở Tài chính thu hồi do sai sót";
    rq.at = at("2026-11-21T08:00:00+07:00");
    rq.actor = "lan";
    rq.source = "package:" + recs[1].documentId;

    // A hook that fails rolls everything back: still registered, no recall, nothing queued.
    auto failing = r.recallIncoming(recs[1].id, rq, [](const reg::IncomingRecord&) -> Result<reg::OutboxEntry> {
        return fail(reg::Errc::InvalidInput, "package could not be built");
    });
    ASSERT_FALSE(failing);
    auto still = r.incoming(recs[1].id);
    ASSERT_TRUE(still);
    EXPECT_EQ(still->status, reg::RecordStatus::Registered);
    EXPECT_FALSE(still->recall);
    EXPECT_FALSE(has(actions(r), "incoming.recall incoming:regular/2026/2"));

    int calls = 0;
    auto hook = [&](const reg::IncomingRecord& rec) -> Result<reg::OutboxEntry> {
        ++calls;
        EXPECT_EQ(rec.status, reg::RecordStatus::Cancelled) << "the hook sees the cancelled record";
        return answer(rec.documentId);
    };
    auto done = r.recallIncoming(recs[1].id, rq, hook);
    ASSERT_TRUE(done) << done.error().toString();
    EXPECT_TRUE(done->created);
    EXPECT_EQ(done->status, reg::RecordStatus::Cancelled);
    EXPECT_EQ(done->arrivalNumber, 2);
    ASSERT_TRUE(done->recall);
    EXPECT_EQ(done->recall->reason, rq.reason);
    EXPECT_EQ(vntime::toIso8601(done->recall->at), "2026-11-21T08:00:00+07:00");
    EXPECT_EQ(done->recall->source, rq.source);
    EXPECT_EQ(done->recall->actor, "lan");
    EXPECT_TRUE(has(actions(r), "incoming.recall incoming:regular/2026/2"));
    auto items = r.outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), 1u);
    EXPECT_EQ((*items)[0].incomingId, recs[1].id);
    EXPECT_EQ((*items)[0].kind, reg::OutboxKind::Status);

    // Recalled again: returned as it is, the hook not called, nothing new queued.
    auto again = r.recallIncoming(recs[1].id, rq, hook);
    ASSERT_TRUE(again);
    EXPECT_FALSE(again->created);
    EXPECT_EQ(calls, 1);
    EXPECT_EQ(r.outboxItems(std::nullopt)->size(), 1u);

    // The number stays used: the book still lists it (recalled), the next arrival is 4, not 2.
    reg::ListFilter f;
    f.year = 2026;
    auto list = r.listIncoming(f);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 3u);
    EXPECT_EQ((*list)[1].status, reg::RecordStatus::Cancelled);
    ASSERT_TRUE((*list)[1].recall);
    auto next = r.registerIncoming(incomingRequest("k4", sampleMeta(104)));
    ASSERT_TRUE(next);
    EXPECT_EQ(next->arrivalNumber, 4);

    // Bad requests.
    reg::RecallRequest noReason = rq;
    noReason.reason = "  ";
    EXPECT_TRUE(r.recallIncoming(recs[0].id, noReason).error().is(reg::Errc::InvalidInput));
    EXPECT_TRUE(r.recallIncoming(9999, rq).error().is(reg::Errc::NotFound));

    // A secret document is cancelled only without an answer to the network.
    auto secretMeta = sampleMeta(7, "BC-CA");
    secretMeta.secrecy = Secrecy::Mat;
    auto secret = r.registerIncoming(incomingRequest("ks", secretMeta));
    ASSERT_TRUE(secret);
    auto refused = r.recallIncoming(secret->id, rq, hook);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(reg::Errc::SecretRefused));
    EXPECT_EQ(r.incoming(secret->id)->status, reg::RecordStatus::Registered);
    auto quiet = r.recallIncoming(secret->id, rq);
    ASSERT_TRUE(quiet) << quiet.error().toString();
    EXPECT_EQ(quiet->status, reg::RecordStatus::Cancelled);
    EXPECT_EQ(r.outboxItems(std::nullopt)->size(), 1u);
    auto audit = r.verifyAudit();
    ASSERT_TRUE(audit);
    EXPECT_TRUE(audit->intact) << audit->problem;
}

TEST(RegisterRecall, StatusMessagesTrackOutgoingPerAgencyAndAgreementCancelsARecall)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"));
    reg::OutgoingRequest o;
    o.meta.type = *doctype::byAbbreviation("QĐ");
    o.meta.numberSymbol.symbol = "QĐ-STN";
    o.meta.issuer = "SỞ THỬ NGHIỆM";
    o.meta.subject = "Về việc thử nghiệm theo dõi";
    o.issuedAt = at("2026-11-20T10:00:00+07:00");
    o.recipients = {"Sở A", "Sở B"};
    o.intakeKey = "out-1";
    o.actor = "lan";
    const std::string docId = "000.00.00.T99,2026/11/20,1/QĐ-STN";
    auto rec = r.issueOutgoingAndEnqueue(o, [&](const reg::OutgoingRecord&) -> Result<reg::OutboxEntry> {
        reg::OutboxEntry e;
        e.documentId = docId;
        e.package = "<edXMLEnvelope>văn bản</edXMLEnvelope>";
        e.actor = "lan";
        return e;
    });
    ASSERT_TRUE(rec) << rec.error().toString();
    EXPECT_TRUE(rec->tracking.empty());
    const std::string subject = "outgoing:" + rec->series + "/2026/1";

    ASSERT_TRUE(*r.applyExchangeStatus(status("m1", docId, "03", "000.00.00.A01", "2026-11-20T11:00:00+07:00"), "uplink"));
    // An older message arriving late does not move the state back.
    ASSERT_TRUE(*r.applyExchangeStatus(status("m0", docId, "01", "000.00.00.A01", "2026-11-20T10:30:00+07:00"), "uplink"));
    ASSERT_TRUE(*r.applyExchangeStatus(status("m2", docId, "06", "000.00.00.B02", "2026-11-21T09:00:00+07:00"), "uplink"));
    // "Agree" without a recall of ours (an agreement to an update): the record stays.
    ASSERT_TRUE(*r.applyExchangeStatus(status("m3", docId, "15", "000.00.00.B02", "2026-11-21T10:00:00+07:00"), "uplink"));
    auto tracked = r.outgoing(rec->id);
    ASSERT_TRUE(tracked);
    ASSERT_EQ(tracked->tracking.size(), 2u);
    EXPECT_EQ(tracked->tracking[0].organ, "000.00.00.A01");
    EXPECT_EQ(tracked->tracking[0].code, "03");
    EXPECT_EQ(tracked->tracking[0].messageId, "m1");
    EXPECT_EQ(tracked->tracking[1].organ, "000.00.00.B02");
    EXPECT_EQ(tracked->tracking[1].code, "15");
    EXPECT_EQ(tracked->status, reg::RecordStatus::Registered);
    // The list carries the same tracking.
    reg::ListFilter f;
    f.year = 2026;
    auto list = r.listOutgoing(f);
    ASSERT_TRUE(list);
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ((*list)[0].tracking.size(), 2u);

    // We recall it (the recall package queued behind the original); the recipient agrees.
    reg::OutboxEntry recall;
    recall.documentId = docId;
    recall.businessType = 1;
    recall.package = "<edXMLEnvelope>thu hồi</edXMLEnvelope>";
    recall.actor = "lan";
    recall.outgoingId = rec->id;
    ASSERT_TRUE(r.enqueue(recall));
    ASSERT_TRUE(*r.applyExchangeStatus(status("m4", docId, "15", "000.00.00.A01", "2026-11-22T08:00:00+07:00"), "uplink"));
    auto cancelled = r.outgoing(rec->id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, reg::RecordStatus::Cancelled);
    ASSERT_TRUE(cancelled->recall);
    EXPECT_EQ(cancelled->recall->source, "status:m4");
    EXPECT_EQ(vntime::toIso8601(cancelled->recall->at), "2026-11-22T08:00:00+07:00");
    // The same message again changes nothing.
    EXPECT_FALSE(*r.applyExchangeStatus(status("m4", docId, "15", "000.00.00.A01", "2026-11-22T08:00:00+07:00"), "uplink"));
    const auto log = actions(r);
    EXPECT_EQ(std::count(log.begin(), log.end(), "outgoing.tracking " + subject), 5);
    EXPECT_EQ(std::count(log.begin(), log.end(), "outgoing.recalled " + subject), 1);
    // Its number stays used.
    o.intakeKey = "out-2";
    auto second = r.issueOutgoing(o);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->number, 2);
}

TEST(RegisterRecall, AgreeCodeIsConfigurable)
{
    TempDir dir;
    auto r = openAt(dir.file("v.db"), "14");
    reg::OutgoingRequest o;
    o.meta.numberSymbol.symbol = "STN";
    o.meta.type = doctype::congVan();
    o.meta.issuer = "SỞ THỬ NGHIỆM";
    o.meta.subject = "Công văn thử";
    o.issuedAt = at("2026-11-20T10:00:00+07:00");
    o.intakeKey = "cv-1";
    o.actor = "lan";
    const std::string docId = "000.00.00.T99,2026/11/20,1/STN";
    auto rec = r.issueOutgoing(o);
    ASSERT_TRUE(rec);
    reg::OutboxEntry recall;
    recall.documentId = docId;
    recall.businessType = 1;
    recall.package = "<edXMLEnvelope>thu hồi</edXMLEnvelope>";
    recall.actor = "lan";
    recall.outgoingId = rec->id;
    ASSERT_TRUE(r.enqueue(recall));
    ASSERT_TRUE(*r.applyExchangeStatus(status("a", docId, "15", "X", "2026-11-21T08:00:00+07:00"), "uplink"));
    EXPECT_EQ(r.outgoing(rec->id)->status, reg::RecordStatus::RecallRequested) << "15 is not 'agree' here: still frozen";
    ASSERT_TRUE(*r.applyExchangeStatus(status("b", docId, "14", "X", "2026-11-21T09:00:00+07:00"), "uplink"));
    EXPECT_EQ(r.outgoing(rec->id)->status, reg::RecordStatus::Cancelled);
}

TEST(RegisterRecall, AFailedMigrationToSchemaThreeLeavesTheFileUntouched)
{
    TempDir dir;
    const std::string db = dir.file("v.db");
    {
        auto r = openAt(db);
        ASSERT_TRUE(r.registerIncoming(incomingRequest("k1", sampleMeta(1))));
    }
    // The same file as schema 2 left it (migration 3 only adds tables), plus a table in the way.
    auto sq = [&](const std::string& sql) {
        auto p = run({VANTHU_SQLITE3, db, sql});
        EXPECT_EQ(p.exitCode, 0) << p.err;
        return p.out;
    };
    sq("DROP TABLE outgoing_recall_request; DROP TABLE outgoing_tracking; DROP TABLE recall; "
       "DELETE FROM schema_migrations WHERE version >= 3; "
       "PRAGMA user_version = 2; CREATE TABLE outgoing_tracking (note TEXT); "
       "INSERT INTO outgoing_tracking VALUES ('hand-made');");
    const std::string before = sq(".dump");
    auto failed = reg::Register::open(db);
    ASSERT_FALSE(failed);
    EXPECT_TRUE(failed.error().is(reg::Errc::MigrationFailed)) << failed.error().toString();
    EXPECT_NE(failed.error().detail().find("schema 2 -> 3"), std::string::npos) << failed.error().toString();
    EXPECT_EQ(sq(".dump"), before) << "the schema-2 file is exactly as it was";
    EXPECT_EQ(sq("PRAGMA user_version;"), "2\n");
    // Without the obstacle the same file migrates and keeps its rows.
    sq("DROP TABLE outgoing_tracking;");
    auto r = reg::Register::open(db);
    ASSERT_TRUE(r) << r.error().toString();
    EXPECT_EQ(r->schemaVersion(), reg::Register::kSchemaVersion);
    auto one = r->incomingByNumber(reg::IncomingBook::Regular, 2026, 1);
    ASSERT_TRUE(one);
    EXPECT_FALSE(one->recall);
    EXPECT_EQ(sq("SELECT version FROM schema_migrations ORDER BY version;"), "1\n2\n3\n4\n");
}
