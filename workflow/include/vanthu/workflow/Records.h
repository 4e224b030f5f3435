#pragma once
// What a front-end reads and changes in the register besides the three flows: accounts and login,
// the incoming and outgoing books, a record's history (audit trail and registry statuses) and the
// outbox. Thin wrappers over vanthu::reg so a front-end needs no register header and opens the
// database the way the flows do (the station's path, account policy and numbering).
//
// Every call opens its own connection and is blocking (SQLite; login also Argon2id, ~0.3 s): call
// from a worker thread. Errors are the register's (reg::Errc) passed through unchanged.

#include "vanthu/core/Error.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Station.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::workflow {

// Labels for a front-end, Vietnamese first: "Đã vào sổ / registered", "Thu hồi / recalled",
// "Đang thu hồi, chờ trả lời / recall requested, awaiting the answer" (an outgoing record frozen by our recall).
std::string_view statusLabel(reg::RecordStatus status);
// "Văn thư / records clerk", "Lãnh đạo / leader", ...
std::string_view roleLabel(reg::Role role);

// One line of a record's history, oldest first.
struct HistoryEntry {
    vntime::Instant at{};
    std::string actor;
    std::string action;       // "incoming.register", "incoming.stamped", "outbox.sent", "exchange.status", ...
    std::string detail;
    int64_t auditSeq = 0;     // the audit entry it comes from
};

class Records {
public:
    explicit Records(Station& station) : m_station(station) {}

    // --- accounts ---------------------------------------------------------------------------
    // Checks a user name and password now (Vietnam time). AuthFailed (unknown user or wrong
    // password, never says which), AccountLocked, AccountDisabled; each attempt is audited.
    Result<reg::User> login(const std::string& username, const std::string& password);
    Result<std::vector<reg::User>> users();
    // True when no account exists yet (the first start creates the administrator).
    Result<bool> firstStart();
    // UserExists, WeakPassword, InvalidInput.
    Status addUser(const std::string& username, const std::string& fullName, reg::Role role,
                   const std::string& password, const std::string& actor);
    Status setPassword(const std::string& username, const std::string& password, const std::string& actor);
    Status setDisabled(const std::string& username, bool disabled, const std::string& actor);

    // --- books ------------------------------------------------------------------------------
    // Records of a book, in number order; filter.search matches number/symbol, issuer and subject
    // without diacritics. Cancelled (recalled) records are listed with their status.
    Result<std::vector<reg::IncomingRecord>> incoming(const reg::ListFilter& filter);
    Result<std::vector<reg::OutgoingRecord>> outgoing(const reg::ListFilter& filter);
    Result<reg::IncomingRecord> incomingRecord(int64_t id);   // NotFound
    Result<reg::OutgoingRecord> outgoingRecord(int64_t id);   // NotFound

    // --- history ----------------------------------------------------------------------------
    // Everything the audit log says about a record: its registration, stamping, certification,
    // recall, its outbox items (enqueued, sent, dead, retried) and the registry's status messages.
    Result<std::vector<HistoryEntry>> history(const reg::IncomingRecord& record);
    Result<std::vector<HistoryEntry>> history(const reg::OutgoingRecord& record);
    // Status messages received from the registry about an outgoing record's documents, oldest first.
    Result<std::vector<reg::ExchangeStatus>> statuses(const reg::OutgoingRecord& record);

    // The registry's status code ("01".."16", as configured in [uplink]) in words, Vietnamese first:
    // "Đã đến / arrived", "Đồng ý thu hồi / agreed to take back", ...; "Mã <code> / code <code>"
    // for an unknown one.
    std::string statusCodeLabel(std::string_view code) const;

    // --- outbox -----------------------------------------------------------------------------
    // Items in a state (all when nullopt), in queue order; limit 0 = all.
    Result<std::vector<reg::OutboxItem>> outbox(std::optional<reg::OutboxState> state = std::nullopt, int limit = 0);
    Result<reg::OutboxCounts> outboxCounts();
    // Puts a dead item (or all dead items when nullopt) back in the queue; how many (audited).
    Result<int> retry(std::optional<int64_t> outboxId, const std::string& actor);

private:
    Result<reg::Register> open();
    Station& m_station;
};

} // namespace vanthu::workflow
