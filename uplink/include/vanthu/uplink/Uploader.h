#pragma once
// Drains the register's outbox through a transport, exactly once per idempotency key: an item is
// marked sent only after the registry acknowledged it; a crash between the two re-sends the key,
// which the registry stores once. Failed attempts back off exponentially with jitter up to a cap;
// after maxAttempts an item goes to the dead-letter state until a clerk retries it. Order is kept
// per document by the register (Register::outboxDue).
//
// Threading: an Uploader uses its Register and Transport from the calling thread only. Run one
// uploader per database at a time (two would only send some keys twice, which the registry absorbs).

#include "vanthu/register/Register.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Transport.h"

#include <atomic>
#include <cstdint>
#include <optional>
#include <random>

namespace vanthu::uplink {

struct RetryPolicy {
    int64_t baseDelayMs = 5000;         // delay after the first failure
    int64_t maxDelayMs = 30 * 60 * 1000; // cap of a single delay
    int maxAttempts = 10;               // then dead-letter
    double jitter = 0.5;                // the delay is drawn from [d·(1−jitter), d]
};

// The delay before attempt `attempts + 1` after `attempts` failures (attempts >= 1):
// min(cap, base·2^(attempts−1)), reduced by a random share up to `jitter`. Milliseconds.
int64_t backoffDelayMs(int attempts, const RetryPolicy& policy, std::mt19937_64& rng);

struct RunOptions {
    int maxItems = 0;                   // stop after this many send attempts; 0 = no limit
    bool waitForBackoff = false;        // keep going (sleeping) until nothing is pending
    int64_t deadlineMs = 0;             // Unix ms after which the run stops; 0 = none
    const std::atomic<bool>* cancel = nullptr;
};

struct RunReport {
    int attempted = 0;
    int sent = 0;
    int failed = 0;                     // attempts that will be retried
    int dead = 0;                       // items moved to dead-letter
    int duplicates = 0;                 // the registry already had the key
    std::optional<Error> stoppedBy;     // TLS / configuration failure that stopped the run
};

class Uploader {
public:
    Uploader(reg::Register& reg, Transport& transport, RetryPolicy policy = {});

    // Sends due items (see RunOptions). Errors of the register (Busy, DiskFull) are returned; transport
    // failures are recorded on the items and counted in the report.
    Result<RunReport> run(const RunOptions& options = {});

    // Fetches status messages from the registry, verifies their signatures against `trustedCerts`,
    // records them in the register and acknowledges them. Returns how many were new. Messages that
    // fail verification are not acknowledged and are logged. ConfigError when trustedCerts is empty.
    Result<int> pullStatuses(const std::vector<std::string>& trustedCerts);

private:
    reg::Register& m_reg;
    Transport& m_transport;
    RetryPolicy m_policy;
    std::mt19937_64 m_rng;
};

// The agency that sends: its edXML organisation, key and status code table.
struct Sender {
    Organization organization;
    SigningKey key;
    StatusCodes codes;
    std::string actor;                  // user name for the audit log
};

// The edXML document package for an outgoing record (number, symbol, date, subject, signer, urgency).
DocumentPackage packageFor(const reg::OutgoingRecord& record, const Organization& from,
                           const std::vector<Organization>& to, std::vector<Attachment> attachments);

// Issues an outgoing document and enqueues its signed package in the same transaction (version 1,
// business New). register SecretRefused for a secret document; uplink InvalidPackage, KeyError.
Result<reg::OutgoingRecord> issueAndSend(reg::Register& reg, const reg::OutgoingRequest& request,
                                         const std::vector<Organization>& to, const std::vector<Attachment>& attachments,
                                         const Sender& sender);

// Enqueues a recall (business 1), update (2) or replacement (3) of an issued document. `version`
// distinguishes repeated updates. Queued behind every earlier package of the document.
Result<reg::OutboxItem> sendFollowUp(reg::Register& reg, const reg::OutgoingRecord& record, BusinessDocType business,
                                     int version, const std::string& reason, const std::vector<Organization>& to,
                                     const std::vector<Attachment>& attachments, const Sender& sender);

// Registers an electronic incoming document received as an edXML package and enqueues the status
// reply `event` (default Accepted, "03") to its sender, in one transaction.
Result<reg::IncomingRecord> registerAndReply(reg::Register& reg, const reg::IncomingRequest& request,
                                             const DocumentPackage& received, const Sender& sender,
                                             StatusEvent event = StatusEvent::Accepted);

} // namespace vanthu::uplink
