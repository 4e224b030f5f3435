#pragma once
// The [uplink] section of the station's INI file (docs/CONFIG.md): which transport, where the
// registry is and how it is trusted, the agency signing key, retry policy and status codes.

#include "vanthu/core/Config.h"
#include "vanthu/uplink/Edxml.h"
#include "vanthu/uplink/Transport.h"
#include "vanthu/uplink/Uploader.h"

#include <memory>
#include <string>
#include <vector>

namespace vanthu::uplink {

struct UplinkConfig {
    enum class TransportKind { Spool, Https };
    TransportKind transport = TransportKind::Spool;   // spool: the embedded default, works offline
    std::string spoolDir;                             // default <data_dir>/spool
    HttpsOptions https;                               // endpoint, ca_file, client_cert, ...
    SigningKey signing;                               // signing_key, signing_cert, signing_key_password
    std::vector<std::string> trustedCerts;            // trusted_cert (repeatable): verify incoming signatures
    RetryPolicy retry;
    StatusCodes codes;
    Organization organization;                        // from [agency] plus organ_* keys

    // Reads [uplink] of station.configPath (defaults when there is no file). ConfigError on unknown
    // keys or bad values, naming the line.
    static Result<UplinkConfig> load(const StationConfig& station);
    Result<std::unique_ptr<Transport>> makeTransport() const;
    Sender sender(const std::string& actor) const;
};

} // namespace vanthu::uplink
