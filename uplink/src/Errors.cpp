#include "vanthu/uplink/Errors.h"

namespace vanthu::uplink {

namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidPackage: return "InvalidPackage";
    case Errc::SignatureInvalid: return "SignatureInvalid";
    case Errc::KeyError: return "KeyError";
    case Errc::Xml: return "Xml";
    case Errc::Io: return "Io";
    case Errc::Connect: return "Connect";
    case Errc::Tls: return "Tls";
    case Errc::Timeout: return "Timeout";
    case Errc::ServerError: return "ServerError";
    case Errc::Rejected: return "Rejected";
    case Errc::Protocol: return "Protocol";
    case Errc::ConfigError: return "ConfigError";
    case Errc::Secret: return "Secret";
    case Errc::TlsHandshake: return "TlsHandshake";
    }
    return "Unknown";
}

ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidPackage:
    case Errc::Rejected:
    case Errc::ConfigError: return ErrorKind::InvalidInput;
    case Errc::SignatureInvalid: return ErrorKind::Integrity;
    case Errc::KeyError:
    case Errc::Io: return ErrorKind::Io;
    case Errc::Connect:
    case Errc::Tls:
    case Errc::TlsHandshake:
    case Errc::Timeout:
    case Errc::ServerError:
    case Errc::Protocol: return ErrorKind::Network;
    case Errc::Secret: return ErrorKind::Denied;
    case Errc::Xml: return ErrorKind::Internal;
    }
    return ErrorKind::Internal;
}

constexpr ErrorDomain kDomain{"uplink", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

bool isTransient(const Error& e)
{
    return e.is(Errc::Connect) || e.is(Errc::Timeout) || e.is(Errc::ServerError) || e.is(Errc::Protocol) ||
           e.is(Errc::Io);
}

bool stopsRun(const Error& e)
{
    return e.is(Errc::Tls) || e.is(Errc::TlsHandshake) || e.is(Errc::ConfigError) || e.is(Errc::KeyError);
}

} // namespace vanthu::uplink
