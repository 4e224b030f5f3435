// The register as a front-end sees it (accounts, books, history, outbox): issue #7, kiosk API.
#include "vanthu/workflow/Records.h"

#include "vanthu/uplink/Edxml.h"

#include <algorithm>
#include <set>

namespace vanthu::workflow {

std::string_view statusLabel(reg::RecordStatus status)
{
    switch (status) {
    case reg::RecordStatus::Registered: return "Đã vào sổ / registered";
    case reg::RecordStatus::Cancelled: return "Thu hồi / recalled";
    case reg::RecordStatus::RecallRequested: return "Đang thu hồi, chờ trả lời / recall requested, awaiting the answer";
    }
    return "";
}

std::string_view roleLabel(reg::Role role)
{
    switch (role) {
    case reg::Role::VanThu: return "Văn thư / records clerk";
    case reg::Role::LanhDao: return "Lãnh đạo / leader";
    case reg::Role::ChuyenVien: return "Chuyên viên / officer";
    case reg::Role::QuanTri: return "Quản trị / administrator";
    case reg::Role::MotCua: return "Bộ phận một cửa / one-stop counter";
    case reg::Role::LuuTru: return "Lưu trữ / archivist";
    }
    return "";
}

Result<reg::Register> Records::open()
{
    return reg::Register::open(m_station.paths().database,
                               reg::OpenOptions{.accounts = m_station.config().accounts,
                                                .numbering = m_station.config().numbering});
}

Result<reg::User> Records::login(const std::string& username, const std::string& password)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->authenticate(username, password, vntime::now());
}

Result<std::vector<reg::User>> Records::users()
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->users();
}

Result<bool> Records::firstStart()
{
    auto u = users();
    if (!u)
        return std::unexpected(u.error());
    return u->empty();
}

Status Records::addUser(const std::string& username, const std::string& fullName, reg::Role role,
                        const std::string& password, const std::string& actor)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->addUser(username, fullName, role, password, actor);
}

Status Records::setPassword(const std::string& username, const std::string& password, const std::string& actor)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->setPassword(username, password, actor);
}

Status Records::setDisabled(const std::string& username, bool disabled, const std::string& actor)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->setDisabled(username, disabled, actor);
}

Result<std::vector<reg::IncomingRecord>> Records::incoming(const reg::ListFilter& filter)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->listIncoming(filter);
}

Result<std::vector<reg::OutgoingRecord>> Records::outgoing(const reg::ListFilter& filter)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->listOutgoing(filter);
}

Result<reg::IncomingRecord> Records::incomingRecord(int64_t id)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->incoming(id);
}

Result<reg::OutgoingRecord> Records::outgoingRecord(int64_t id)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->outgoing(id);
}

namespace {

// The audit subjects that name a record, its outbox items and its documents. Older entries written
// by workflow named incoming records "incoming:<year>/<số đến>" and outgoing ones "outgoing:<id>";
// both forms are collected.
Result<std::vector<HistoryEntry>> historyOf(reg::Register& r, std::vector<std::string> subjects,
                                            std::optional<int64_t> incomingId, std::optional<int64_t> outgoingId,
                                            std::set<std::string> documentIds)
{
    auto items = r.outboxItems(std::nullopt);
    if (!items)
        return std::unexpected(items.error());
    for (const auto& it : *items) {
        if ((incomingId && it.incomingId == incomingId) || (outgoingId && it.outgoingId == outgoingId)) {
            subjects.push_back("outbox:" + std::to_string(it.id));
            documentIds.insert(it.documentId);
        }
    }
    for (const auto& d : documentIds)
        if (!d.empty())
            subjects.push_back("document:" + d);
    auto entries = r.auditFor(subjects);
    if (!entries)
        return std::unexpected(entries.error());
    std::vector<HistoryEntry> out;
    for (const auto& e : *entries)
        out.push_back(HistoryEntry{e.at, e.actor, e.action, e.detail, e.seq});
    return out;
}

} // namespace

Result<std::vector<HistoryEntry>> Records::history(const reg::IncomingRecord& record)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    const std::string y = std::to_string(record.year), n = std::to_string(record.arrivalNumber);
    return historyOf(*r,
                     {"incoming:" + std::string(reg::toString(record.book)) + "/" + y + "/" + n,
                      record.book == reg::IncomingBook::Regular ? "incoming:" + y + "/" + n : std::string()},
                     record.id, std::nullopt, {record.documentId});
}

Result<std::vector<HistoryEntry>> Records::history(const reg::OutgoingRecord& record)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return historyOf(*r,
                     {"outgoing:" + record.series + "/" + std::to_string(record.year) + "/" + std::to_string(record.number),
                      "outgoing:" + std::to_string(record.id)},
                     std::nullopt, record.id, {});
}

Result<std::vector<reg::ExchangeStatus>> Records::statuses(const reg::OutgoingRecord& record)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    auto items = r->outboxItems(std::nullopt);
    if (!items)
        return std::unexpected(items.error());
    std::set<std::string> ids;
    for (const auto& it : *items)
        if (it.outgoingId == record.id)
            ids.insert(it.documentId);
    std::vector<reg::ExchangeStatus> out;
    for (const auto& id : ids) {
        auto s = r->exchangeStatuses(id);
        if (!s)
            return std::unexpected(s.error());
        out.insert(out.end(), s->begin(), s->end());
    }
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.receivedAt < b.receivedAt; });
    return out;
}

std::string Records::statusCodeLabel(std::string_view code) const
{
    const auto e = m_station.uplink().codes.event(code);
    if (!e)
        return "Mã " + std::string(code) + " / code " + std::string(code);
    switch (*e) {
    case uplink::StatusEvent::Arrived: return "Đã đến / arrived";
    case uplink::StatusEvent::Rejected: return "Từ chối nhận / rejected";
    case uplink::StatusEvent::Accepted: return "Đã vào sổ / registered";
    case uplink::StatusEvent::Assigned: return "Đã phân công / assigned";
    case uplink::StatusEvent::InProgress: return "Đang xử lý / in progress";
    case uplink::StatusEvent::Done: return "Hoàn thành / done";
    case uplink::StatusEvent::TakeBack: return "Đề nghị thu hồi / take-back requested";
    case uplink::StatusEvent::Agree: return "Đồng ý thu hồi, cập nhật / agreed to take back or update";
    case uplink::StatusEvent::Refuse: return "Từ chối thu hồi, cập nhật / refused take-back or update";
    }
    return std::string(code);
}

Result<std::vector<reg::OutboxItem>> Records::outbox(std::optional<reg::OutboxState> state, int limit)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->outboxItems(state, limit);
}

Result<reg::OutboxCounts> Records::outboxCounts()
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->outboxCounts();
}

Result<int> Records::retry(std::optional<int64_t> outboxId, const std::string& actor)
{
    auto r = open();
    if (!r)
        return std::unexpected(r.error());
    return r->outboxRetry(outboxId, actor);
}

} // namespace vanthu::workflow
