#pragma once
// The outbox: complete, signed edXML packages waiting to be sent to the central registry, kept in
// the register's database so that putting a document into the outbox is part of the transaction
// that registers or issues it (issue #6). The uplink part builds the packages and drains the queue;
// the register only stores them, keeps their order per document and refuses secret documents.

#include "vanthu/core/DocumentMeta.h"
#include "vanthu/core/VnTime.h"

#include <cstdint>
#include <optional>
#include <string>

namespace vanthu::reg {

enum class OutboxKind { Document /* gói văn bản */, Status /* gói trạng thái */ };
enum class OutboxState { Pending, Sent, Dead /* gave up after the retry cap: a clerk retries it */ };

std::string_view toString(OutboxKind);    // "document", "status"
std::string_view toString(OutboxState);   // "pending", "sent", "dead"
std::optional<OutboxState> parseOutboxState(std::string_view);

// One package to enqueue.
struct OutboxEntry {
    std::string documentId;          // edXML DocumentId "<OrganId>,<yyyy/MM/dd>,<số>/<ký hiệu>"
    OutboxKind kind = OutboxKind::Document;
    int businessType = 0;            // document: BussinessDocType 0 new, 1 recall, 2 update, 3 replace;
                                     // status: the StatusCode (1..16)
    int version = 1;                 // > 0; a second update of the same document is version 2
    Secrecy secrecy = Secrecy::None; // of the document the package is about: anything else is refused
    std::string package;             // the edXML bytes (UTF-8 XML)
    std::string actor;               // for the audit log
    std::optional<int64_t> outgoingId;   // the outgoing record it carries (filled in by the hook path)
    std::optional<int64_t> incomingId;   // the incoming record it answers

    // The idempotency key: "<DocumentId>|<kind>:<businessType>|v<version>".
    std::string key() const;
};

struct OutboxItem {
    int64_t id = 0;                  // the queue order
    std::string key;
    std::string documentId;
    OutboxKind kind = OutboxKind::Document;
    int businessType = 0;
    int version = 1;
    std::optional<int64_t> outgoingId;
    std::optional<int64_t> incomingId;
    std::string packageSha256;
    int64_t packageSize = 0;         // bytes
    OutboxState state = OutboxState::Pending;
    int attempts = 0;
    int64_t nextAttemptMs = 0;       // Unix time, milliseconds
    std::string lastError;
    vntime::Instant createdAt{};
    std::optional<vntime::Instant> sentAt;
    std::string receipt;             // the registry's acknowledgement id
    bool created = true;             // false when enqueue found the key already queued
};

struct OutboxCounts {
    int64_t pending = 0;
    int64_t sent = 0;
    int64_t dead = 0;
};

// A status message (gói tin trạng thái) received from the registry about one of our documents.
struct ExchangeStatus {
    std::string messageId;           // the registry's id of the message: applied once
    std::string documentId;
    std::string code;                // "01".."16"
    std::string description;
    std::string fromOrgan;           // OrganId of the agency that reports the status
    vntime::Instant statusTime{};
    vntime::Instant receivedAt{};
};

} // namespace vanthu::reg
