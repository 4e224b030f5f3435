// Recall and registry status end to end on the station (issue #7 item 4): status messages pulled
// from the spool move the outgoing record's tracking and "agree to take back" cancels a document we
// recalled; a recall of a document we received cancels it, keeps its number used and answers the
// sender with a signed status package through the outbox; the same from an arriving recall package
// and from the CLI.
#include "WorkflowFixtures.h"

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Transport.h"
#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Outgoing.h"
#include "vanthu/workflow/Records.h"
#include "vanthu/workflow/Tracking.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

reg::Register openReg()
{
    auto r = reg::Register::open(station().paths().database);
    EXPECT_TRUE(r) << r.error().toString();
    return std::move(*r);
}

uplink::Organization us()
{
    uplink::Organization o;
    o.organId = station().config().agency.code;
    o.organName = station().config().agency.name;
    return o;
}

// Sends everything pending through the spool transport; the spooled package of `key`.
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

// A status message about `docId` from our own agency code (the demo PKI holds only our key, and the
// signer must name the sender), dropped where inbound spool files arrive.
void dropStatus(const std::string& name, const std::string& docId, const std::string& code, const char* when)
{
    uplink::StatusPackage sp;
    sp.from = us();
    sp.responseFor.organId = us().organId;
    sp.responseFor.code = docId.substr(docId.rfind(',') + 1);
    sp.responseFor.promulgationDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{24}};
    sp.responseFor.documentId = docId;
    sp.statusCode = code;
    sp.description = "Trạng thái " + code;
    sp.staff = "Văn thư nơi nhận";
    sp.timestamp = *vntime::parseIso8601(when);
    auto xml = uplink::buildStatusPackage(sp, station().uplink().signing);
    ASSERT_TRUE(xml) << xml.error().toString();
    fs::create_directories(station().paths().spoolDir + "/in");
    vanthu::test::writeFile(station().paths().spoolDir + "/in/" + name + ".edxml", *xml);
}

std::vector<std::string> historyActions(const std::vector<HistoryEntry>& h)
{
    std::vector<std::string> a;
    for (const auto& e : h)
        a.push_back(e.action);
    return a;
}

TEST(WorkflowRecall, RegistryStatusesTrackOutgoingAndAgreementCancelsOurRecall)
{
    auto reg = openReg();
    reg::OutgoingRequest o;
    o.meta.type = *doctype::byAbbreviation("TB");
    o.meta.numberSymbol.symbol = "TB-TRACK";
    o.meta.issuer = station().config().agency.name;
    o.meta.subject = "Thông báo thử nghiệm theo dõi trạng thái";
    o.meta.signer = {"", "GIÁM ĐỐC", "Nguyễn Văn Thử"};
    o.issuedAt = *vntime::parseIso8601("2026-11-24T09:00:00+07:00");
    o.recipients = {"UBND tỉnh"};
    o.intakeKey = "wf-track-1";
    o.actor = "test-clerk";
    const auto sender = station().uplink().sender("test-clerk");
    auto rec = uplink::issueAndSend(reg, o, {us()}, {}, sender);
    ASSERT_TRUE(rec) << rec.error().toString();
    auto items = reg.outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    std::string docId;
    for (const auto& i : *items)
        if (i.outgoingId == rec->id)
            docId = i.documentId;
    ASSERT_FALSE(docId.empty());

    // "Registered" (03) at the recipient: the book shows it; the record stays issued.
    dropStatus("track-03", docId, "03", "2026-11-24T10:00:00+07:00");
    auto n = pullStatuses(station());
    ASSERT_TRUE(n) << n.error().toString();
    EXPECT_EQ(*n, 1);
    Records records(station());
    auto tracked = records.outgoingRecord(rec->id);
    ASSERT_TRUE(tracked);
    ASSERT_EQ(tracked->tracking.size(), 1u);
    EXPECT_EQ(tracked->tracking[0].code, "03");
    EXPECT_EQ(records.statusCodeLabel(tracked->tracking[0].code), "Đã vào sổ / registered");
    EXPECT_EQ(tracked->status, reg::RecordStatus::Registered);

    // We recall it; the recipient agrees (15): the record is cancelled, its number kept.
    auto recall = uplink::sendFollowUp(reg, *rec, uplink::BusinessDocType::Recall, 1, "Sai sót nội dung", {us()}, {}, sender);
    ASSERT_TRUE(recall) << recall.error().toString();
    dropStatus("track-15", docId, station().uplink().codes.agree, "2026-11-25T08:00:00+07:00");
    n = pullStatuses(station());
    ASSERT_TRUE(n) << n.error().toString();
    EXPECT_EQ(*n, 1);
    auto cancelled = records.outgoingRecord(rec->id);
    ASSERT_TRUE(cancelled);
    EXPECT_EQ(cancelled->status, reg::RecordStatus::Cancelled);
    EXPECT_EQ(statusLabel(cancelled->status), "Thu hồi / recalled");
    ASSERT_TRUE(cancelled->recall);
    EXPECT_THAT(cancelled->recall->source, HasSubstr("status:"));
    auto statuses = records.statuses(*cancelled);
    ASSERT_TRUE(statuses);
    EXPECT_EQ(statuses->size(), 2u);
    auto h = records.history(*cancelled);
    ASSERT_TRUE(h) << h.error().toString();
    const auto a = historyActions(*h);
    EXPECT_EQ(a.front(), "outgoing.issue");
    for (const char* want : {"outbox.enqueue", "exchange.status", "outgoing.tracking", "outgoing.recalled"})
        EXPECT_NE(std::find(a.begin(), a.end(), want), a.end()) << want << ": " << ::testing::PrintToString(a);
    // The book as the CLI lists it shows the recall and the tracking state.
    TempDir tmp;
    vanthu::test::writeFile(tmp.file("vanthu.ini"), "[station]\ndata_dir = " + dataDir() + "\n");
    auto list = run({VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "register", "list", "--book", "outgoing", "--year",
                     "2026", "--search", "theo dõi trạng thái"});
    EXPECT_EQ(list.exitCode, 0) << list.err;
    EXPECT_THAT(list.out, HasSubstr("[thu hồi / recalled]  [" + us().organId + ": " + station().uplink().codes.agree + "]"));
    auto json = run({VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "register", "list", "--book", "outgoing", "--year",
                     "2026", "--search", "theo dõi trạng thái", "--json"});
    EXPECT_THAT(json.out, HasSubstr("\"status\":\"cancelled\",\"tracking\":[{\"organ\":\"" + us().organId + "\""));
}

// Our recall of an issued document (issue #7 item 4: "a recall package for an outgoing document
// freezes it"), driven through the CLI on the station's data directory: frozen in the same transaction
// as the signed recall package and the audit entry, a failure leaves nothing; while frozen a second
// recall is refused; the recipient's "refuse" unfreezes it, a later recall's "agree" cancels it.
TEST(WorkflowRecall, RecallingOurDocumentFreezesItUntilTheRecipientAnswers)
{
    TempDir tmp;
    OutgoingFlow flow(station(), "test-clerk");
    IssueRequest rq;
    rq.file = makeBlankOriginal(tmp.file("tb.pdf"), "Về việc thử nghiệm khóa văn bản khi thu hồi");
    rq.typeAbbreviation = "TB";
    rq.subject = "Về việc thử nghiệm khóa văn bản khi thu hồi";
    rq.to = {us()};
    rq.date = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{24}};
    auto draft = flow.prepare(rq);
    ASSERT_TRUE(draft) << draft.error().toString();
    auto issued = flow.issue(*draft);
    ASSERT_TRUE(issued) << issued.error().toString();
    ASSERT_TRUE(issued->outbox);
    const int64_t id = issued->record.id;
    const std::string docId = issued->outbox->documentId;
    auto reg = openReg();
    const auto queued = [&] { return reg.outboxItems(std::nullopt)->size(); };
    const auto audited = [&](const std::string& action) {
        auto log = reg.auditFor({"outgoing:" + issued->record.series + "/2026/" + std::to_string(issued->record.number)});
        EXPECT_TRUE(log);
        return std::count_if(log->begin(), log->end(), [&](const reg::AuditEntry& e) { return e.action == action; });
    };
    vanthu::test::writeFile(tmp.file("vanthu.ini"), "[station]\ndata_dir = " + dataDir() + "\n");
    auto cli = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "--as", "cli-clerk"});
        return run(args);
    };

    // The package cannot be built (the recipients' agency codes are gone): nothing is frozen or queued.
    const std::string index = station().paths().archiveDir + "/outgoing-" + std::to_string(id) + ".json";
    fs::rename(index, index + ".away");
    const size_t before = queued();
    auto failed = recallOutgoing(station(), id, "Ban hành nhầm", "test-clerk");
    fs::rename(index + ".away", index);
    ASSERT_FALSE(failed);
    EXPECT_TRUE(failed.error().is(Errc::NotFound)) << failed.error().toString();
    EXPECT_EQ(reg.outgoing(id)->status, reg::RecordStatus::Registered);
    EXPECT_FALSE(reg.outgoing(id)->recallRequest);
    EXPECT_EQ(queued(), before);
    EXPECT_EQ(audited("outgoing.recall"), 0);

    // The recall from the CLI: frozen, the signed recall package queued, audited.
    auto recall = cli({"recall", std::to_string(id), "--reason", "Ban hành nhầm nơi nhận"});
    ASSERT_EQ(recall.exitCode, 0) << recall.out << recall.err;
    EXPECT_THAT(recall.out, HasSubstr("recall_requested"));
    auto frozen = reg.outgoing(id);
    ASSERT_TRUE(frozen);
    EXPECT_EQ(frozen->status, reg::RecordStatus::RecallRequested);
    EXPECT_EQ(statusLabel(frozen->status), "Đang thu hồi, chờ trả lời / recall requested, awaiting the answer");
    ASSERT_TRUE(frozen->recallRequest);
    EXPECT_EQ(frozen->recallRequest->reason, "Ban hành nhầm nơi nhận");
    EXPECT_EQ(frozen->recallRequest->actor, "cli-clerk");
    EXPECT_EQ(queued(), before + 1);
    EXPECT_EQ(audited("outgoing.recall"), 1);
    auto pkg = reg.outboxPackage(*frozen->recallRequest->outboxId);
    ASSERT_TRUE(pkg);
    auto parsed = uplink::parsePackage(*pkg, station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    EXPECT_EQ(parsed->document.business, uplink::BusinessDocType::Recall);
    EXPECT_EQ(parsed->document.businessReason, "Ban hành nhầm nơi nhận");
    EXPECT_EQ(parsed->document.documentId, docId);
    // The book shows it (text and JSON).
    auto list = cli({"register", "list", "--book", "outgoing", "--year", "2026", "--search", "khóa văn bản khi thu hồi"});
    EXPECT_THAT(list.out, HasSubstr("[đang thu hồi, chờ trả lời / recall requested]")) << list.out << list.err;
    auto show = cli({"register", "show", std::to_string(id), "--book", "outgoing"});
    EXPECT_THAT(show.out, HasSubstr("\"status\":\"recall_requested\"")) << show.out;
    EXPECT_THAT(show.out, HasSubstr("\"state\":\"pending\",\"reason\":\"Ban hành nhầm nơi nhận\""));

    // Frozen: a second recall is refused with a clear message, nothing queued.
    auto twice = cli({"recall", std::to_string(id), "--reason", "Lần hai"});
    EXPECT_EQ(twice.exitCode, 5) << twice.out << twice.err;
    EXPECT_THAT(twice.err, HasSubstr("đang chờ nơi nhận trả lời yêu cầu thu hồi"));
    EXPECT_THAT(twice.err, HasSubstr("cannot be sent, amended, re-issued or recalled again"));
    EXPECT_EQ(queued(), before + 1);
    // Issuing the same original again is refused too.
    auto reissue = flow.issue(*draft);
    ASSERT_FALSE(reissue);
    EXPECT_TRUE(reissue.error().is(reg::Errc::RecallPending)) << reissue.error().toString();

    // The recipient refuses (16): issued again, the refusal on the record's history.
    dropStatus("freeze-16", docId, station().uplink().codes.refuse, "2026-11-25T08:00:00+07:00");
    ASSERT_TRUE(pullStatuses(station()));
    auto refused = reg.outgoing(id);
    ASSERT_TRUE(refused);
    EXPECT_EQ(refused->status, reg::RecordStatus::Registered);
    EXPECT_EQ(refused->recallRequest->state, reg::RecallRequestInfo::State::Refused);
    EXPECT_EQ(audited("outgoing.recall.refused"), 1);
    Records records(station());
    auto h = records.history(*refused);
    ASSERT_TRUE(h);
    const auto a = historyActions(*h);
    EXPECT_NE(std::find(a.begin(), a.end(), "outgoing.recall.refused"), a.end()) << ::testing::PrintToString(a);

    // Recalled again (version 2), the recipient agrees (15): cancelled, never recalled again.
    auto second = recallOutgoing(station(), id, "Sai thẩm quyền", "test-clerk");
    ASSERT_TRUE(second) << second.error().toString();
    EXPECT_EQ(second->package.version, 2);
    dropStatus("freeze-15", docId, station().uplink().codes.agree, "2026-11-26T08:00:00+07:00");
    ASSERT_TRUE(pullStatuses(station()));
    EXPECT_EQ(reg.outgoing(id)->status, reg::RecordStatus::Cancelled);
    const size_t settled = queued();
    auto third = recallOutgoing(station(), id, "Lần ba", "test-clerk");
    ASSERT_FALSE(third);
    EXPECT_TRUE(third.error().is(reg::Errc::AlreadyRecalled));

    // Unknown and secret records: refused, nothing queued (the secret refusal audited).
    EXPECT_TRUE(recallOutgoing(station(), 987654, "x", "test-clerk").error().is(reg::Errc::NotFound));
    reg::OutgoingRequest sec;
    sec.meta.type = *doctype::byAbbreviation("BC");
    sec.meta.numberSymbol.symbol = "BC-MAT";
    sec.meta.issuer = station().config().agency.name;
    sec.meta.subject = "Báo cáo mật thử nghiệm";
    sec.meta.secrecy = Secrecy::Mat;
    sec.issuedAt = *vntime::parseIso8601("2026-11-24T09:00:00+07:00");
    sec.intakeKey = "wf-freeze-secret";
    sec.actor = "test-clerk";
    auto secret = reg.issueOutgoing(sec);
    ASSERT_TRUE(secret) << secret.error().toString();
    auto secretRecall = cli({"recall", std::to_string(secret->id), "--reason", "Thu hồi văn bản mật"});
    EXPECT_EQ(secretRecall.exitCode, 6) << secretRecall.out << secretRecall.err;
    EXPECT_THAT(secretRecall.err, HasSubstr("văn bản mật không được gửi ra khỏi trạm"));
    EXPECT_EQ(reg.outgoing(secret->id)->status, reg::RecordStatus::Registered);
    EXPECT_EQ(queued(), settled);
}

TEST(WorkflowRecall, IncomingRecallCancelsKeepsTheNumberAndAnswersTheSender)
{
    auto reg = openReg();
    const std::string sender = us().organId;
    auto electronic = [&](int number, const std::string& key) {
        reg::IncomingRequest e;
        e.meta.numberSymbol = *parseNumberSymbol(std::to_string(number) + "/CV-THU");
        e.meta.issuer = "Sở Thu hồi thử";
        e.meta.issuedDate = vntime::Date{std::chrono::year{2026}, std::chrono::month{11}, std::chrono::day{23}};
        e.meta.subject = "V/v văn bản sẽ bị thu hồi";
        e.receivedAt = *vntime::parseIso8601("2026-11-24T09:00:00+07:00");
        e.arrivalTime = e.receivedAt;
        e.channel = reg::Channel::Electronic;
        e.intakeKey = key;
        e.documentId = sender + ",2026/11/23," + std::to_string(number) + "/CV-THU";
        e.actor = "registry";
        auto r = reg.registerIncoming(e);
        EXPECT_TRUE(r) << r.error().toString();
        return *r;
    };
    const auto first = electronic(901, "wf-recall-901");

    IncomingRecall rc;
    rc.documentId = first.documentId;
    rc.reason = "Nơi gửi thu hồi để sửa sai sót";
    auto done = recallIncoming(station(), rc, "test-clerk");
    ASSERT_TRUE(done) << done.error().toString();
    EXPECT_FALSE(done->already);
    EXPECT_EQ(done->record.status, reg::RecordStatus::Cancelled);
    EXPECT_EQ(done->record.arrivalNumber, first.arrivalNumber);
    ASSERT_TRUE(done->record.recall);
    EXPECT_EQ(done->record.recall->reason, rc.reason);
    ASSERT_TRUE(done->answer);
    // The answer is a signed status package "agree to take back" about the recalled document.
    const std::string xml = drainAndRead(done->answer->key);
    auto parsed = uplink::parsePackage(xml, station().uplink().trustedCerts);
    ASSERT_TRUE(parsed) << parsed.error().toString();
    ASSERT_TRUE(parsed->isStatus);
    EXPECT_EQ(parsed->status.statusCode, station().uplink().codes.agree);
    EXPECT_EQ(parsed->status.responseFor.documentId, first.documentId);
    EXPECT_EQ(parsed->status.responseFor.organId, sender);
    // The number stays used; history shows the recall and the answer.
    const auto next = electronic(902, "wf-recall-902");
    EXPECT_EQ(next.arrivalNumber, first.arrivalNumber + 1);
    Records records(station());
    auto h = records.history(done->record);
    ASSERT_TRUE(h);
    const auto a = historyActions(*h);
    for (const char* want : {"incoming.register", "incoming.recall", "outbox.enqueue", "outbox.sent"})
        EXPECT_NE(std::find(a.begin(), a.end(), want), a.end()) << want << ": " << ::testing::PrintToString(a);
    // Recalled again: nothing new.
    auto again = recallIncoming(station(), rc, "test-clerk");
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->already);
    IncomingRecall noReason;
    noReason.documentId = first.documentId;
    EXPECT_TRUE(recallIncoming(station(), noReason, "t").error().is(Errc::InvalidInput));

    // From an arriving recall package (business 1) of the second document.
    uplink::DocumentPackage p;
    p.from = us();
    p.to = {us()};
    p.documentId = next.documentId;
    p.codeNumber = "902";
    p.codeNotation = "CV-THU";
    p.promulgationDate = *next.meta.issuedDate;
    p.typeName = "Công văn";
    p.subject = next.meta.subject;
    p.signerPosition = "GIÁM ĐỐC";
    p.signerFullName = "Trần Văn Gửi";
    p.business = uplink::BusinessDocType::Recall;
    p.businessReason = "Thu hồi văn bản 902 do ban hành nhầm";
    auto pkg = uplink::buildDocumentPackage(p, station().uplink().signing);
    ASSERT_TRUE(pkg) << pkg.error().toString();
    TempDir tmp;
    vanthu::test::writeFile(tmp.file("recall.edxml"), *pkg);
    // Through the CLI, on the same data directory.
    vanthu::test::writeFile(tmp.file("vanthu.ini"), "[station]\ndata_dir = " + dataDir() + "\n");
    auto cli = run({VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "--as", "cli-clerk", "recall", "--package",
                    tmp.file("recall.edxml")});
    EXPECT_EQ(cli.exitCode, 0) << cli.out << cli.err;
    EXPECT_THAT(cli.out, HasSubstr("Đã thu hồi: văn bản đến số " + std::to_string(next.arrivalNumber)));
    EXPECT_THAT(cli.out, HasSubstr("Thu hồi văn bản 902 do ban hành nhầm"));
    EXPECT_THAT(cli.out, HasSubstr("outbox #"));
    auto second = reg.incoming(next.id);
    ASSERT_TRUE(second);
    EXPECT_EQ(second->status, reg::RecordStatus::Cancelled);
    ASSERT_TRUE(second->recall);
    EXPECT_EQ(second->recall->source, "package:" + next.documentId);
    EXPECT_EQ(second->recall->actor, "cli-clerk");
    // A package that is not a recall is refused.
    p.business = uplink::BusinessDocType::New;
    auto plain = uplink::buildDocumentPackage(p, station().uplink().signing);
    ASSERT_TRUE(plain);
    auto refused = applyRecallPackage(station(), *plain, "test-clerk");
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().is(Errc::InvalidInput));

    // By number from the CLI: a paper arrival has nobody to answer electronically.
    reg::IncomingRequest paper;
    paper.meta.numberSymbol = *parseNumberSymbol("77/TB-GIAY");
    paper.meta.issuer = "Phòng Giấy";
    paper.meta.subject = "Thông báo giấy";
    paper.receivedAt = *vntime::parseIso8601("2026-11-24T10:00:00+07:00");
    paper.arrivalTime = paper.receivedAt;
    paper.intakeKey = "wf-recall-paper";
    paper.actor = "test-clerk";
    auto pr = reg.registerIncoming(paper);
    ASSERT_TRUE(pr);
    auto byNumber = run({VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "recall", "--incoming",
                         std::to_string(pr->arrivalNumber), "--year", "2026", "--reason", "Nơi gửi báo thu hồi"});
    EXPECT_EQ(byNumber.exitCode, 0) << byNumber.out << byNumber.err;
    EXPECT_THAT(byNumber.out, HasSubstr("paper arrival without an electronic sender"));
    EXPECT_EQ(reg.incoming(pr->id)->status, reg::RecordStatus::Cancelled);
    auto usage = run({VANTHU_CLI, "--config", tmp.file("vanthu.ini"), "recall", "--incoming", "5"});
    EXPECT_EQ(usage.exitCode, 2) << "no reason: usage";
}

} // namespace
} // namespace vanthu::workflow::test
