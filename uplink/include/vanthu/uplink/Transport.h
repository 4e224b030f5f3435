#pragma once
// How complete packages reach the central registry: the HTTPS API of uplink/PROTOCOL.md, or a spool
// directory that a courier (or an air-gapped transfer) empties. Both are idempotent on the item's
// key: delivering the same key twice stores it once.
//
// Threading: a transport object is used by one thread at a time.

#include "vanthu/core/Error.h"
#include "vanthu/uplink/Errors.h"

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::uplink {

// The registry's acknowledgement of a package.
struct Receipt {
    std::string id;            // the registry's receipt id
    bool duplicate = false;    // the registry already had this key
};

// A status package waiting for us at the registry.
struct InboundMessage {
    std::string id;            // the registry's message id (acknowledge with it)
    std::string package;       // signed edXML status package
};

class Transport {
public:
    virtual ~Transport() = default;
    // Delivers one package; returns only once the registry acknowledged it. Connect, Tls, Timeout,
    // ServerError (retry), Rejected (do not retry), Protocol, Io.
    virtual Result<Receipt> submit(const std::string& key, const std::string& documentId, std::string_view package) = 0;
    // Whether the registry already holds `key` (asked before re-sending after a failed attempt, so
    // an interrupted upload is not repeated when it had in fact arrived). nullopt: not held.
    virtual Result<std::optional<Receipt>> lookup(const std::string& key) = 0;
    // Status packages waiting for us, oldest first.
    virtual Result<std::vector<InboundMessage>> fetchStatuses() = 0;
    // Tells the registry a status message has been applied; it is not offered again.
    virtual Status acknowledge(const std::string& messageId) = 0;
    virtual std::string describe() const = 0;
};

// Spool directory: <dir>/out/<name>.edxml written as <dir>/out/.tmp-* then fsync + rename, so a
// courier only ever sees complete packages; status packages are read from <dir>/in/*.edxml and
// moved to <dir>/in/done/ when acknowledged. Io on file system errors.
Result<std::unique_ptr<Transport>> makeSpoolTransport(const std::string& dir);
// The file name a key is spooled under (stable, file-system safe, unique per key).
std::string spoolFileName(const std::string& key);

// Replaces `path` with `data` so that a reader or a crash sees the old file or the new one, never
// a mix: a uniquely named temporary file in the same directory (mkstemp, so concurrent writers and
// stale leftovers cannot collide), fsync, rename, fsync of the directory. Io on failure; the
// temporary file is removed.
Status writeFileAtomically(const std::string& path, std::string_view data);

struct HttpsOptions {
    std::string endpoint;          // "https://registry.example.gov.vn/edxml/v1" (no trailing slash)
    std::string caFile;            // the registry CA, pinned: only servers it issued are accepted
    std::string clientCert;        // PEM, for mutual TLS
    std::string clientKey;         // PEM
    std::string clientKeyPassword;
    long connectTimeoutMs = 10000;
    long totalTimeoutMs = 120000;
    std::string proxy;             // "http://proxy:3128"; empty: none (environment proxies are ignored)
    std::string agencyId;          // our OrganId, sent as X-Organ-Id
};

// HTTPS with libcurl: TLS 1.2 or newer, the peer verified against caFile only, host name checked.
// ConfigError when options are missing.
Result<std::unique_ptr<Transport>> makeHttpsTransport(const HttpsOptions& options);

} // namespace vanthu::uplink
