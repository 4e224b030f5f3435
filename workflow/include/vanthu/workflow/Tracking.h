#pragma once
// Recall, registry status and overdue items (DOMAIN.md §3 recall, §4 time rules). Blocking (SQLite,
// transport): worker thread.

#include "vanthu/core/VnTime.h"
#include "vanthu/register/Register.h"
#include "vanthu/workflow/Station.h"

#include <optional>
#include <string>
#include <vector>

namespace vanthu::workflow {

struct DueItem {
    enum class Kind { Incoming, Outgoing } kind = Kind::Incoming;
    int64_t recordId = 0;
    std::string reference;          // "Đến 12/2026" or "05/QĐ-STN"
    std::string subject;
    vntime::Instant dueAt{};
    enum class Rule { Deadline /* hạn xử lý */, NotHandedOver /* không chuyển trong 2 giờ làm việc */ } rule{};
};

// Items past due at `now`: incoming documents past their deadline, and incoming documents not
// handed over within 2 working hours of arrival (urgent ones immediately). register errors.
Result<std::vector<DueItem>> overdue(Station& station, vntime::Instant now);

struct OutgoingRecallResult {
    reg::OutgoingRecord record;             // status RecallRequested: frozen until the recipients answer
    reg::OutboxItem package;                // the recall package (business 1), queued behind the original
};

// Recalls an issued outgoing document (thu hồi, DOMAIN.md §3): in one register transaction the record
// is frozen (RecallRequested, the reason kept), the signed recall package (business 1, to the agency
// codes it was sent to) is queued behind the original and "outgoing.recall" is audited; any failure
// leaves nothing. The registry's "agree" ([uplink] status_code_agree) then cancels it, "refuse"
// (status_code_refuse) unfreezes it (pullStatuses). register NotFound, InvalidInput (no reason),
// SecretRefused (audited), RecallPending (a recall already waits for an answer), AlreadyRecalled;
// NotFound when no recipient agency codes were recorded; uplink errors. Blocking.
Result<OutgoingRecallResult> recallOutgoing(Station& station, int64_t outgoingId, const std::string& reason,
                                            const std::string& actor);

// Pulls registry status messages through the configured transport and records them: each updates
// the tracking state of the outgoing record it is about; for a record frozen by our recall "agree to
// take back" ([uplink] status_code_agree, default 15) cancels it and "refuse" (status_code_refuse,
// default 16) unfreezes it. Returns how many were new. uplink / register errors.
Result<int> pullStatuses(Station& station);

// Which received document a sender recalls (thu hồi, DOMAIN.md §3): by record id, by book + year +
// số đến, or by the edXML DocumentId it arrived with.
struct IncomingRecall {
    std::optional<int64_t> recordId;
    reg::IncomingBook book = reg::IncomingBook::Regular;
    int year = 0;
    int arrivalNumber = 0;                  // with year (and book)
    std::string documentId;                 // or the DocumentId
    std::string reason;                     // required: why the sender recalls it
    std::string senderOrganId;              // whom to answer; empty: the OrganId part of the DocumentId
    std::optional<vntime::Instant> at;      // default now
    std::string source = "clerk";           // "clerk" or "package:<DocumentId>"
};

struct IncomingRecallResult {
    reg::IncomingRecord record;             // status Cancelled, recall set; its số đến stays used
    bool already = false;                   // it was recalled before: nothing new written
    std::optional<reg::OutboxItem> answer;  // the status package (agree to take back) to the sender
    std::vector<std::string> warnings;      // e.g. no electronic sender to answer (paper arrival)
};

// Cancels a received document its sender recalled and, when the sender is known electronically
// (a DocumentId), answers with a status package "agree to take back" queued in the outbox, in the
// same transaction. Secret documents are cancelled, never answered through the network. NotFound,
// InvalidInput (no reason, ambiguous selection), register / uplink errors. Blocking.
Result<IncomingRecallResult> recallIncoming(Station& station, const IncomingRecall& recall, const std::string& actor);

// The same from an arriving edXML recall package (business 1): schema, signature (trusted
// certificates of [uplink], and the signer must name the sender's agency code) and the recalled
// DocumentId are checked first. InvalidInput when the package is not a recall; uplink
// InvalidPackage / SignatureInvalid; NotFound when no received document has that DocumentId.
Result<IncomingRecallResult> applyRecallPackage(Station& station, const std::string& xml, const std::string& actor);

} // namespace vanthu::workflow
