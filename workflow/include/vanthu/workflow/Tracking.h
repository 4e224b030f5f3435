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

// Recalls an issued outgoing document: queues the recall package (business 1) behind the original.
// register / uplink errors.
Result<reg::OutboxItem> recallOutgoing(Station& station, int64_t outgoingId, const std::string& reason,
                                       const std::string& actor);

// Pulls registry status messages through the configured transport and records them. Returns how
// many were new. uplink / register errors.
Result<int> pullStatuses(Station& station);

} // namespace vanthu::workflow
