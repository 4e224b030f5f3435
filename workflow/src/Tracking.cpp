// Overdue items, recall and registry statuses (issue #7 item 4).
#include "vanthu/workflow/Tracking.h"

#include "Archive_p.h"

#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Errors.h"

#include <nlohmann/json.hpp>

namespace vanthu::workflow {

namespace {

Result<reg::Register> openRegister(const Station& st)
{
    reg::OpenOptions o{.accounts = st.config().accounts, .numbering = st.config().numbering};
    o.recallAgreedCode = st.uplink().codes.agree;
    o.recallRefusedCode = st.uplink().codes.refuse;
    return reg::Register::open(st.paths().database, o);
}

} // namespace

Result<std::vector<DueItem>> overdue(Station& station, vntime::Instant now)
{
    auto reg = openRegister(station);
    if (!reg)
        return std::unexpected(reg.error());
    std::vector<DueItem> out;
    const auto& cal = station.calendar();
    for (auto book : {reg::IncomingBook::Regular, reg::IncomingBook::Secret}) {
        reg::ListFilter f;
        f.book = book;
        auto rows = reg->listIncoming(f);
        if (!rows)
            return std::unexpected(rows.error());
        for (const auto& r : *rows) {
            if (r.status != reg::RecordStatus::Registered)
                continue;
            DueItem item;
            item.recordId = r.id;
            item.reference = std::string(book == reg::IncomingBook::Secret ? "Mật " : "Đến ") +
                             std::to_string(r.arrivalNumber) + "/" + std::to_string(r.year);
            item.subject = r.meta.subject;
            if (r.dueAt && *r.dueAt < now) {
                item.dueAt = *r.dueAt;
                item.rule = DueItem::Rule::Deadline;
                out.push_back(item);
                continue;
            }
            if (r.handedOverAt)
                continue;
            // Electronic arrivals: 2 working hours (provincial rules); urgent ones at once. Paper:
            // the same day, at the latest the next working day (NĐ 30 Điều 4).
            Result<vntime::Instant> limit = r.meta.urgency != Urgency::None ? Result<vntime::Instant>(r.arrivalTime)
                                            : r.channel == reg::Channel::Electronic
                                                ? cal.addWorkingTime(r.arrivalTime, std::chrono::minutes{120})
                                                : cal.dueBy(r.arrivalTime, 1);
            if (!limit)
                return std::unexpected(limit.error());
            if (*limit < now) {
                item.dueAt = *limit;
                item.rule = DueItem::Rule::NotHandedOver;
                out.push_back(item);
            }
        }
    }
    std::sort(out.begin(), out.end(), [](const DueItem& a, const DueItem& b) { return a.dueAt < b.dueAt; });
    return out;
}

Result<int> pullStatuses(Station& station)
{
    auto reg = openRegister(station);
    if (!reg)
        return std::unexpected(reg.error());
    auto transport = station.uplink().makeTransport();
    if (!transport)
        return std::unexpected(transport.error());
    uplink::Uploader up(*reg, **transport, station.uplink().retry);
    return up.pullStatuses(station.uplink().trustedCerts);
}

Result<OutgoingRecallResult> recallOutgoing(Station& station, int64_t outgoingId, const std::string& reason,
                                            const std::string& actor)
{
    auto reg = openRegister(station);
    if (!reg)
        return std::unexpected(reg.error());
    reg::RecallRequest rq;
    rq.reason = reason;
    rq.actor = actor;
    rq.source = "clerk";
    // Built inside the register's transaction, after the record is frozen: a failure here (no
    // recipients, no key) rolls the freeze back and nothing is queued.
    auto hook = [&](const reg::OutgoingRecord& rec, int version) -> Result<reg::OutboxEntry> {
        // The recipients' agency codes were kept beside the issued document (outgoing-<id>.json).
        std::vector<uplink::Organization> to;
        auto idx = detail::readFile(station.paths().archiveDir + "/outgoing-" + std::to_string(rec.id) + ".json");
        if (idx) {
            try {
                const auto j = nlohmann::json::parse(*idx);
                for (const auto& o : j.at("to")) {
                    uplink::Organization org;
                    org.organId = o.at("id");
                    org.organName = o.at("name");
                    to.push_back(std::move(org));
                }
            } catch (const std::exception& e) {
                return fail(Errc::Io, std::string("outgoing index unreadable: ") + e.what());
            }
        }
        if (to.empty())
            return fail(Errc::NotFound, "no recipients with agency codes recorded for outgoing " + std::to_string(rec.id));
        const auto sender = station.uplink().sender(actor);
        auto p = uplink::packageFor(rec, sender.organization, to, {});
        p.business = uplink::BusinessDocType::Recall;
        p.businessReason = reason;
        auto xml = uplink::buildDocumentPackage(p, sender.key);
        if (!xml)
            return std::unexpected(xml.error());
        reg::OutboxEntry e;
        e.documentId = p.documentId;
        e.kind = reg::OutboxKind::Document;
        e.businessType = static_cast<int>(uplink::BusinessDocType::Recall);
        e.version = version;
        e.secrecy = rec.meta.secrecy;
        e.package = std::move(*xml);
        e.actor = actor;
        return e;
    };
    auto rec = reg->requestOutgoingRecall(outgoingId, rq, hook);
    if (!rec)
        return std::unexpected(rec.error());
    OutgoingRecallResult result;
    result.record = *rec;
    if (rec->recallRequest && rec->recallRequest->outboxId) {
        auto item = reg->outboxItem(*rec->recallRequest->outboxId);
        if (!item)
            return std::unexpected(item.error());
        result.package = *item;
    }
    return result;
}

Result<IncomingRecallResult> recallIncoming(Station& station, const IncomingRecall& rc, const std::string& actor)
{
    if (rc.reason.find_first_not_of(" \t\n") == std::string::npos)
        return fail(Errc::InvalidInput, "a recall needs a reason (lý do thu hồi)");
    auto reg = openRegister(station);
    if (!reg)
        return std::unexpected(reg.error());
    // Which record.
    Result<reg::IncomingRecord> rec = fail(Errc::InvalidInput, "name the record: id, book + year + number, or DocumentId");
    if (rc.recordId) {
        rec = reg->incoming(*rc.recordId);
    } else if (rc.arrivalNumber > 0 && rc.year > 0) {
        rec = reg->incomingByNumber(rc.book, rc.year, rc.arrivalNumber);
    } else if (!rc.documentId.empty()) {
        auto m = reg->findDuplicates(DocumentMeta{}, rc.documentId);
        if (!m)
            return std::unexpected(m.error());
        std::vector<int64_t> ids;
        for (const auto& x : *m)
            if (x.reason == reg::DuplicateMatch::Reason::SameDocumentId)
                ids.push_back(x.id);
        if (ids.empty())
            return fail(Errc::NotFound, "no received document with DocumentId " + rc.documentId);
        if (ids.size() > 1)
            return fail(Errc::InvalidInput, std::to_string(ids.size()) + " received documents carry DocumentId " +
                                                rc.documentId + ": name the number");
        rec = reg->incoming(ids.front());
    }
    if (!rec)
        return std::unexpected(rec.error());

    IncomingRecallResult result;
    const std::string documentId = !rec->documentId.empty() ? rec->documentId : rc.documentId;
    std::string sender = rc.senderOrganId;
    if (sender.empty() && !documentId.empty())
        sender = documentId.substr(0, documentId.find(','));

    reg::RecallRequest rq;
    rq.reason = rc.reason;
    rq.at = rc.at.value_or(vntime::now());
    rq.source = rc.source;
    rq.actor = actor;
    // The answer (status "agree to take back") goes to the sender in the same transaction as the
    // cancellation. A paper arrival has no electronic sender; a secret one never leaves the station.
    const bool answer = !documentId.empty() && !sender.empty() && !isSecret(rec->meta.secrecy);
    reg::IncomingOutboxHook hook;
    if (answer) {
        hook = [&](const reg::IncomingRecord& r) -> Result<reg::OutboxEntry> {
            const auto snd = station.uplink().sender(actor);
            uplink::StatusPackage s;
            s.from = snd.organization;
            s.responseFor.organId = sender;
            s.responseFor.code = r.meta.numberSymbol.format();
            s.responseFor.promulgationDate = r.meta.issuedDate.value_or(vntime::localDate(r.arrivalTime));
            s.responseFor.documentId = documentId;
            s.staff = actor;
            s.statusCode = snd.codes.code(uplink::StatusEvent::Agree);
            s.description = "Đồng ý thu hồi, đã hủy văn bản đến số " + std::to_string(r.arrivalNumber) + "/" +
                            std::to_string(r.year) + " / agreed to take back, arrival cancelled: " + rc.reason;
            s.timestamp = vntime::now();
            auto xml = uplink::buildStatusPackage(s, snd.key);
            if (!xml)
                return std::unexpected(xml.error());
            reg::OutboxEntry e;
            e.documentId = documentId;
            e.kind = reg::OutboxKind::Status;
            e.businessType = std::stoi(s.statusCode);
            e.version = 1;
            e.secrecy = r.meta.secrecy;
            e.package = std::move(*xml);
            e.actor = actor;
            return e;
        };
    }
    auto done = reg->recallIncoming(rec->id, rq, hook);
    if (!done)
        return std::unexpected(done.error());
    result.record = *done;
    result.already = !done->created;
    if (answer) {
        auto items = reg->outboxItems(std::nullopt);
        if (items)
            for (const auto& it : *items)
                if (it.incomingId == rec->id && it.kind == reg::OutboxKind::Status &&
                    it.businessType == std::stoi(station.uplink().codes.agree))
                    result.answer = it;
    } else if (isSecret(rec->meta.secrecy)) {
        result.warnings.push_back("Văn bản mật: không gửi trả lời qua mạng / secret document: no answer sent over the network");
    } else {
        result.warnings.push_back("Văn bản giấy, không có nơi gửi điện tử: báo cho nơi gửi bằng văn bản / "
                                  "paper arrival without an electronic sender: inform the sender on paper");
    }
    if (result.already)
        result.warnings.push_back("Đã thu hồi trước đó / recalled before");
    return result;
}

Result<IncomingRecallResult> applyRecallPackage(Station& station, const std::string& xml, const std::string& actor)
{
    auto parsed = uplink::parsePackage(xml, station.uplink().trustedCerts);
    if (!parsed)
        return std::unexpected(parsed.error());
    if (parsed->isStatus || parsed->document.business != uplink::BusinessDocType::Recall)
        return fail(Errc::InvalidInput, "the package is not a recall (thu hồi, BussinessDocType 1)");
    const auto& doc = parsed->document;
    // The same trust rule as for status messages: the signer must be the agency that recalls.
    if (!uplink::subjectNamesOrgan(parsed->signerSubject, doc.from.organId))
        return fail(Errc::SignatureInvalid, "the recall is signed by '" + parsed->signerSubject + "', not by " +
                                                doc.from.organId);
    IncomingRecall rc;
    rc.documentId = doc.documentId;
    rc.senderOrganId = doc.from.organId;
    rc.reason = doc.businessReason.empty() ? "Nơi gửi thu hồi / recalled by the sender" : doc.businessReason;
    rc.source = "package:" + doc.documentId;
    return recallIncoming(station, rc, actor);
}

} // namespace vanthu::workflow
