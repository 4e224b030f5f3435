#pragma once
// The station's registers in one SQLite database: the incoming books (số đến), the outgoing books
// (số đi), accounts, and the hash-chained audit log. NĐ 30/2020 Điều 15, 22; Phụ lục IV, VI.
//
// Numbers are assigned inside the same write transaction that inserts the document (BEGIN
// IMMEDIATE, WAL, synchronous=FULL), so a number exists exactly when its document does: a crash at
// any instruction leaves either the whole registration or none of it, never a gap or a duplicate.
// Every change appends an audit entry in that same transaction.
//
// Threading: a Register is one SQLite connection; use it from one thread at a time. Any number of
// processes may open the same file concurrently; writers queue on SQLite's lock (busy timeout).

#include "vanthu/core/Config.h"
#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/register/Errors.h"
#include "vanthu/register/Outbox.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::reg {

using vntime::Instant;

// Sổ đăng ký văn bản đến: one series for paper and electronic; secret documents in their own book.
enum class IncomingBook { Regular, Secret };
enum class Channel { Paper, Electronic };
enum class RecordStatus {
    Registered,
    Cancelled,          // recalled: by the sender (incoming), or the recipients agreed (outgoing)
    RecallRequested,    // outgoing only (schema 4): we asked the recipients to take it back; frozen until
                        // they answer (agree: Cancelled; refuse: Registered again)
};

std::string_view toString(IncomingBook);
std::string_view toString(Channel);
std::string_view toString(RecordStatus);   // "registered", "cancelled", "recall_requested"

// A recall (thu hồi) as the register keeps it: the record's number stays used (no gap, never reused).
struct RecallInfo {
    Instant at{};                    // when it took effect
    std::string reason;
    std::string source;              // "clerk", "package:<DocumentId>", "status:<message id>"
    std::string actor;
};

struct RecallRequest {
    std::string reason;              // required
    Instant at{};                    // default: now
    std::string source = "clerk";
    std::string actor;               // required
};

// A recall we asked the recipients of an outgoing document for (schema 4). While it is pending the
// record is frozen: nothing more of the document may be queued (no update, replacement or second
// recall), and issuing the same original again is refused.
struct RecallRequestInfo {
    enum class State { Pending, Agreed, Refused };
    int version = 1;                 // the recall package's version (a request after a refusal: 2, ...)
    State state = State::Pending;
    Instant requestedAt{};
    std::string reason;
    std::string actor;
    std::optional<int64_t> outboxId; // the recall package
    std::optional<Instant> answeredAt;
    std::string answerSource;        // "status:<message id>" (the registry), "clerk"
};

// The latest registry status one recipient agency reported about an outgoing document.
struct TrackingState {
    std::string organ;               // OrganId ("" when the message named none)
    std::string code;                // "01".."16"
    Instant at{};                    // the status time the agency gave
    std::string messageId;
};

struct IncomingRequest {
    DocumentMeta meta;
    Instant receivedAt{};            // wall-clock moment the station received it
    Instant arrivalTime{};           // when it counts as received (after-hours rule applied by caller)
    Channel channel = Channel::Paper;
    std::string intakeKey;           // idempotency key (capture job id, file SHA-256): registering the
                                     // same key again returns the first record, never a second number
    std::string documentId;          // edXML DocumentId when known
    std::string recipientUnit;       // Đơn vị hoặc người nhận
    std::optional<Instant> dueAt;
    std::string note;                // Ghi chú
    std::string actor;               // user name for the audit log
    std::optional<int> expectedNumber;   // set: the registration is refused (NumberTaken, nothing written)
                                         // unless it gets this arrival number (see nextArrivalNumber)
};

struct IncomingRecord {
    int64_t id = 0;
    IncomingBook book = IncomingBook::Regular;
    int year = 0;
    int arrivalNumber = 0;           // số đến, from 1 each year in each book
    Instant arrivalTime{};
    Instant receivedAt{};
    Channel channel = Channel::Paper;
    std::string intakeKey;
    std::string documentId;
    DocumentMeta meta;
    std::string recipientUnit;
    std::optional<Instant> handedOverAt;  // Ngày chuyển
    std::optional<Instant> dueAt;
    std::string note;
    RecordStatus status = RecordStatus::Registered;
    std::optional<RecallInfo> recall;     // set when status is Cancelled (schema 3 on)
    std::string createdBy;
    bool created = true;             // false when registerIncoming returned an existing record
};

// A document already in the register that looks like the one being registered.
struct DuplicateMatch {
    int64_t id = 0;
    IncomingBook book = IncomingBook::Regular;
    int year = 0;
    int arrivalNumber = 0;
    enum class Reason { SameDocumentId, SameNumberSymbolIssuer } reason{};
};

// Sổ đăng ký văn bản đi.
struct OutgoingRequest {
    DocumentMeta meta;               // numberSymbol.number is ignored (assigned); symbol required
                                     // ("QĐ-STN"); numberSymbol.year kept for legal normative documents
    Instant issuedAt{};              // date of issue; its Vietnam-time year picks the series year
    std::string series;              // empty: chosen by seriesFor(); else an explicit series
                                     // (advisory bodies: "hoi-dong-...")
    std::vector<std::string> recipients;   // Nơi nhận
    std::string retainedBy;          // Đơn vị, người nhận bản lưu
    int copies = 1;                  // Số lượng bản
    std::string intakeKey;           // idempotency key, as for incoming
    std::string responseFor;         // DocumentId of the incoming document this answers
    std::string note;
    std::string actor;
    std::optional<int> expectedNumber;   // set: refused (NumberTaken, nothing written) unless it gets
                                         // this number (see nextOutgoingNumber)
};

struct OutgoingRecord {
    int64_t id = 0;
    std::string series;
    int year = 0;
    int number = 0;
    DocumentMeta meta;               // numberSymbol filled in
    Instant issuedAt{};
    std::vector<std::string> recipients;
    std::string retainedBy;
    int copies = 1;
    std::string intakeKey;
    std::string responseFor;
    std::string note;
    RecordStatus status = RecordStatus::Registered;
    std::optional<RecallInfo> recall;     // set when status is Cancelled: the recipients agreed to the recall
    std::optional<RecallRequestInfo> recallRequest;   // the latest recall we asked for (status RecallRequested
                                                      // while it is pending)
    std::vector<TrackingState> tracking;  // per recipient agency, the latest registry status (by organ)
    std::string createdBy;
    bool created = true;
};

// Which outgoing series a document belongs to (NĐ 30 Điều 15): "copies" for SY/SL/TrS, "secret"
// for secret documents, then "type:<abbr>" (or "type:CV") when per-type series are configured,
// else "general".
std::string seriesFor(const DocumentMeta& meta, const NumberingConfig& numbering);

enum class Role { VanThu, LanhDao, ChuyenVien, QuanTri, MotCua, LuuTru };
std::string_view toString(Role);                     // "van-thu", "lanh-dao", ...
std::optional<Role> parseRole(std::string_view);     // accepts those and Vietnamese names

struct User {
    std::string username;
    std::string fullName;
    Role role = Role::VanThu;
    bool disabled = false;
    int failedLogins = 0;
    std::optional<Instant> lockedUntil;
};

struct AuditEntry {
    int64_t seq = 0;
    Instant at{};
    std::string actor;
    std::string action;   // "incoming.register", "user.add", "login.fail", ...
    std::string subject;  // "incoming:2026/123", "user:lan"
    std::string detail;
    std::string prevHash;
    std::string hash;
};

struct AuditReport {
    bool intact = true;
    int64_t entries = 0;
    std::optional<int64_t> firstBadSeq;   // first entry that does not verify
    std::string problem;                  // what is wrong there (edited, missing, out of order)
};

struct ListFilter {
    std::optional<int> year;
    std::optional<vntime::Date> from;     // inclusive, by arrival / issue date (Vietnam time)
    std::optional<vntime::Date> to;       // inclusive
    std::optional<IncomingBook> book;     // incoming only; default Regular
    std::string series;                   // outgoing only; empty = all
    std::string search;                   // diacritic-insensitive match on number/symbol, issuer, subject
    int limit = 0;                        // 0 = no limit
};

// Called inside the registration transaction with the new record (number assigned); returns the
// package to enqueue. An error from the hook rolls the whole registration back.
using OutgoingOutboxHook = std::function<Result<OutboxEntry>(const OutgoingRecord&)>;
using IncomingOutboxHook = std::function<Result<OutboxEntry>(const IncomingRecord&)>;
// Builds the recall package of a frozen record (status RecallRequested) with the given version.
using RecallOutboxHook = std::function<Result<OutboxEntry>(const OutgoingRecord&, int version)>;

struct OpenOptions {
    int busyTimeoutMs = 15000;
    AccountPolicy accounts{};
    NumberingConfig numbering{};
    bool readOnly = false;           // no migration, no writes (inspecting a backup)
    // The StatusCode meaning "agree to the take-back/update" (15 in the standard's text, 14 in one
    // sample: uplink's [uplink] status_code_agree). Received for a document we recalled, it
    // cancels the outgoing record.
    std::string recallAgreedCode = "15";
    // The StatusCode meaning "refuse the take-back" ([uplink] status_code_refuse, 16): received for a
    // record frozen by our recall, it unfreezes the record (back to Registered), audited.
    std::string recallRefusedCode = "16";
};

class Register {
public:
    // Opens (creating if needed) and migrates the database. OpenFailed, SchemaTooNew,
    // MigrationFailed (the file is left untouched), Corrupt, Busy.
    static Result<Register> open(const std::string& path, OpenOptions options = {});
    ~Register();
    Register(Register&&) noexcept;
    Register& operator=(Register&&) noexcept;

    static constexpr int kSchemaVersion = 4;
    int schemaVersion() const;
    const std::string& path() const;

    // Registers an incoming document with the next arrival number of its book and year (secret
    // documents go to the Secret book). Idempotent on intakeKey. InvalidInput, YearClosed, Busy, DiskFull.
    Result<IncomingRecord> registerIncoming(const IncomingRequest& request);
    // The arrival number `request` would get if it were registered now (its book and year). With
    // request.expectedNumber a front-end stamps and signs before the short write transaction and
    // repeats that work when another registration took the number meanwhile (NumberTaken): the write
    // lock is then held for milliseconds, not for the signing. Read-only.
    Result<int> nextArrivalNumber(const IncomingRequest& request);
    // The record `request` would create if registered now (id 0, created = false), as previewOutgoing.
    Result<IncomingRecord> previewIncoming(const IncomingRequest& request);
    // Records of the same DocumentId, or the same (số, ký hiệu, issuer) compared diacritic- and
    // case-insensitively, in either incoming book.
    Result<std::vector<DuplicateMatch>> findDuplicates(const DocumentMeta& meta, std::string_view documentId);
    Result<IncomingRecord> incoming(int64_t id);
    Result<IncomingRecord> incomingByNumber(IncomingBook book, int year, int arrivalNumber);
    Result<std::vector<IncomingRecord>> listIncoming(const ListFilter& filter);
    // Cancels a received document its sender recalled: status Cancelled, the recall recorded with its
    // reason, an "incoming.recall" audit entry; the arrival number stays used. `hook` (optional) builds
    // the answer to the sender, enqueued in the same transaction (refused for secret documents:
    // SecretRefused, nothing written). A record already recalled is returned as it is (created =
    // false), the hook not called. NotFound, InvalidInput (no reason or actor).
    Result<IncomingRecord> recallIncoming(int64_t id, const RecallRequest& request, const IncomingOutboxHook& hook = {});

    // Issues the next number of the document's series for the year of issuedAt. DuplicateNumber when
    // the resulting number+symbol already exists that year. Idempotent on intakeKey (the first record
    // is returned, created = false), except that an original whose record a recall froze or cancelled
    // is refused (RecallPending, AlreadyRecalled): it is not issued or sent again.
    Result<OutgoingRecord> issueOutgoing(const OutgoingRequest& request);
    Result<OutgoingRecord> outgoing(int64_t id);
    // The record registered with an intake key (both books). NotFound.
    Result<OutgoingRecord> outgoingByKey(const std::string& intakeKey);
    Result<IncomingRecord> incomingByKey(const std::string& intakeKey);
    // The number `request` would get if it were issued now (its series and year), for
    // request.expectedNumber as with nextArrivalNumber. Read-only.
    Result<int> nextOutgoingNumber(const OutgoingRequest& request);
    // The record `request` would create if issued now (id 0, created = false, number from
    // nextOutgoingNumber), its fields as the register stores them: what the outputs made before the
    // transaction (number written in, package) are built from. Read-only.
    Result<OutgoingRecord> previewOutgoing(const OutgoingRequest& request);
    Result<std::vector<OutgoingRecord>> listOutgoing(const ListFilter& filter);
    // Cancels an issued document (its recipients agreed to the recall): status Cancelled, the recall
    // recorded, "outgoing.recalled" audited; the number stays used. Already cancelled: returned as it is
    // (created = false). NotFound, InvalidInput.
    Result<OutgoingRecord> cancelOutgoing(int64_t id, const RecallRequest& request);
    // Asks the recipients to take an issued document back (thu hồi; DOMAIN.md §3): in ONE transaction
    // the record is frozen (status RecallRequested, the request kept with its reason), the recall
    // package `hook` builds (business 1, the version it is given: 1 + earlier requests) is queued behind
    // the original, and "outgoing.recall" is audited. A failing hook or insert leaves nothing written.
    // NotFound; InvalidInput (no reason, actor or hook; the hook's entry is not that recall);
    // SecretRefused (audited, nothing queued); RecallPending (a recall is already waiting for an
    // answer); AlreadyRecalled (cancelled before).
    Result<OutgoingRecord> requestOutgoingRecall(int64_t id, const RecallRequest& request, const RecallOutboxHook& hook);

    // Outbox (see Outbox.h). The *AndEnqueue forms register or issue and enqueue the package the hook
    // builds in one transaction: both happen or neither. A secret document is refused before anything
    // is written (SecretRefused, and an "outbox.refused" audit entry). When the intake key was already
    // registered, the existing record is returned and the hook is not called.
    Result<IncomingRecord> registerIncomingAndEnqueue(const IncomingRequest& request, const IncomingOutboxHook& hook);
    Result<OutgoingRecord> issueOutgoingAndEnqueue(const OutgoingRequest& request, const OutgoingOutboxHook& hook);
    // Enqueues a package on its own (a recall, an update, a status reply). Idempotent on entry.key():
    // the existing item is returned with created = false. SecretRefused (audited) when the entry or the
    // record it names is secret; InvalidInput when fields are missing. A document package naming an
    // outgoing record: RecallPending while the record is frozen, AlreadyRecalled once it is cancelled;
    // a recall package (business 1) freezes the record in the same transaction, as
    // requestOutgoingRecall does (prefer that: it records the reason).
    Result<OutboxItem> enqueue(const OutboxEntry& entry);
    // Pending items due at `nowMs` (Unix ms) that head their document's queue: an item waits while an
    // earlier item of the same DocumentId is not sent (a recall never overtakes the original, even a
    // dead original). Ordered by id; at most `limit`.
    Result<std::vector<OutboxItem>> outboxDue(int64_t nowMs, int limit);
    // The package bytes of an item. NotFound.
    Result<std::string> outboxPackage(int64_t id);
    Result<OutboxItem> outboxItem(int64_t id);
    Result<OutboxItem> outboxItemByKey(const std::string& key);
    // Marks an item sent after the registry acknowledged it (audited). Idempotent.
    Status outboxSent(int64_t id, const std::string& receipt);
    // The same for several items in one transaction, (id, receipt) pairs. The uploader batches its
    // marks: a mark lost in a crash only makes it send a key again, which the registry already holds.
    Status outboxSent(const std::vector<std::pair<int64_t, std::string>>& receipts);
    // Records a failed attempt: attempts + 1, the error, and either the next attempt time (Unix ms) or
    // the dead-letter state when `dead`.
    Status outboxFailed(int64_t id, const std::string& error, int64_t nextAttemptMs, bool dead);
    // Puts dead items (one, or all when id is nullopt) back in the queue with attempts reset, due now.
    // Returns how many were revived (audited).
    Result<int> outboxRetry(std::optional<int64_t> id, const std::string& actor);
    // Items in a state (all when nullopt), in queue order; limit 0 = all.
    Result<std::vector<OutboxItem>> outboxItems(std::optional<OutboxState> state, int limit = 0);
    Result<OutboxCounts> outboxCounts();
    // Records a status message from the registry (audited). false when that message id was already
    // applied. InvalidInput when ids or code are missing. In the same transaction, when the document
    // is one of our outgoing ones (an outbox item of that DocumentId names it): the reporting agency's
    // tracking state is updated unless it already holds a later status ("outgoing.tracking" audited);
    // for a record frozen by our recall, options.recallAgreedCode cancels it (source "status:<message
    // id>", "outgoing.recalled") and options.recallRefusedCode unfreezes it ("outgoing.recall.refused").
    // Either code for a record that is not frozen only moves the tracking state.
    Result<bool> applyExchangeStatus(const ExchangeStatus& status, const std::string& actor);
    // Status messages received about a document, oldest first.
    Result<std::vector<ExchangeStatus>> exchangeStatuses(const std::string& documentId);

    // Closes a year's incoming and outgoing books: later registrations dated in it are refused.
    Status closeYear(int year, const std::string& actor);
    Result<bool> isYearClosed(int year);

    // Accounts. Passwords are hashed with Argon2id (64 MiB, t=3); the password is never stored.
    Status addUser(const std::string& username, const std::string& fullName, Role role,
                   const std::string& password, const std::string& actor);
    Status setPassword(const std::string& username, const std::string& password, const std::string& actor);
    Status setDisabled(const std::string& username, bool disabled, const std::string& actor);
    // AuthFailed (unknown user or wrong password), AccountLocked (after accounts.maxFailedLogins
    // consecutive failures, for accounts.lockoutMinutes), AccountDisabled.
    Result<User> authenticate(const std::string& username, const std::string& password, Instant now);
    Result<std::vector<User>> users();

    // Appends an entry to the audit log (for actions recorded by other parts).
    Status audit(const std::string& actor, const std::string& action, const std::string& subject,
                 const std::string& detail);
    Result<std::vector<AuditEntry>> auditLog(int64_t fromSeq = 1, int limit = 0);
    // The entries whose subject is one of `subjects` ("incoming:regular/2026/12", "outbox:7"), by seq.
    Result<std::vector<AuditEntry>> auditFor(const std::vector<std::string>& subjects);
    // Recomputes the whole chain and reports the first entry that does not verify.
    Result<AuditReport> verifyAudit();

    // Online backup to `destination` (SQLite backup API; readers and writers may continue). The
    // copy is written beside the destination and renamed into place when complete. BackupFailed.
    Status backupTo(const std::string& destination);
    // Replaces the database at `target` with the backup at `source` after checking that the backup
    // is an intact vanthu database (integrity, schema, audit chain). RestoreFailed; the target is
    // unchanged on failure.
    static Status restore(const std::string& source, const std::string& target);

private:
    struct Impl;
    explicit Register(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> d;
};

} // namespace vanthu::reg
