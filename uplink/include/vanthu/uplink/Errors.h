#pragma once
#include "vanthu/core/Error.h"

namespace vanthu::uplink {

enum class Errc {
    InvalidPackage = 1,   // a package or status message is malformed or breaks the edXML schema
    SignatureInvalid,     // the XML signature is missing, does not verify, or the signer is not trusted
    KeyError,             // the agency key or certificate cannot be loaded
    Xml,                  // libxml2 / xmlsec failed unexpectedly
    Io,                   // spool directory, key files
    Connect,              // the registry cannot be reached (refused, DNS, proxy, timeout)
    Tls,                  // TLS failed: the registry certificate is expired, or not issued by the pinned CA
    Timeout,              // connect or total timeout
    ServerError,          // the registry answered 5xx or dropped the connection: retry later
    Rejected,             // the registry refused the package (4xx): retrying will not help
    Protocol,             // the registry's answer does not follow PROTOCOL.md
    ConfigError,          // an [uplink] key is wrong
    Secret,               // secret documents never leave the station
    TlsHandshake,         // the TLS handshake failed, e.g. the registry refused our client certificate
};
const ErrorDomain& errorDomain(Errc);

// Temporary failures: the item stays queued and is retried with backoff.
bool isTransient(const Error& e);
// Failures that stop the whole run (nothing else can succeed either): TLS trust or handshake,
// configuration.
bool stopsRun(const Error& e);

} // namespace vanthu::uplink
