// Overdue items, recall and registry statuses (issue #7 item 4).
#include "vanthu/workflow/Tracking.h"

#include "Archive_p.h"

#include "vanthu/uplink/Uploader.h"
#include "vanthu/workflow/Errors.h"

#include <nlohmann/json.hpp>

namespace vanthu::workflow {

namespace {

Result<reg::Register> openRegister(const Station& st)
{
    return reg::Register::open(st.paths().database,
                               reg::OpenOptions{.accounts = st.config().accounts, .numbering = st.config().numbering});
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

Result<reg::OutboxItem> recallOutgoing(Station& station, int64_t outgoingId, const std::string& reason,
                                       const std::string& actor)
{
    auto reg = openRegister(station);
    if (!reg)
        return std::unexpected(reg.error());
    auto rec = reg->outgoing(outgoingId);
    if (!rec)
        return std::unexpected(rec.error());
    // The recipients' agency codes were kept beside the issued document (recipients.json).
    std::vector<uplink::Organization> to;
    auto idx = detail::readFile(station.paths().archiveDir + "/outgoing-" + std::to_string(outgoingId) + ".json");
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
        return fail(Errc::NotFound, "no recipients with agency codes recorded for outgoing " + std::to_string(outgoingId));
    auto sender = station.uplink().sender(actor);
    auto item = uplink::sendFollowUp(*reg, *rec, uplink::BusinessDocType::Recall, 1, reason, to, {}, sender);
    if (!item)
        return std::unexpected(item.error());
    (void)reg->audit(actor, "outgoing.recall", "outgoing:" + std::to_string(outgoingId), reason);
    return item;
}

} // namespace vanthu::workflow
