#include "vanthu/core/Error.h"

namespace vanthu {

std::string Error::toString() const
{
    std::string s{m_domain->name};
    s += '.';
    s += codeName();
    if (!m_detail.empty()) {
        s += ": ";
        s += m_detail;
    }
    return s;
}

namespace core {
namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::InvalidArgument: return "InvalidArgument";
    case Errc::ParseError: return "ParseError";
    case Errc::InvalidAgencyCode: return "InvalidAgencyCode";
    case Errc::InvalidDate: return "InvalidDate";
    case Errc::ConfigError: return "ConfigError";
    case Errc::CalendarMissingYear: return "CalendarMissingYear";
    case Errc::Io: return "Io";
    case Errc::NotFound: return "NotFound";
    }
    return "Unknown";
}
ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::Io: return ErrorKind::Io;
    case Errc::NotFound: return ErrorKind::NotFound;
    case Errc::CalendarMissingYear: return ErrorKind::InvalidInput;
    default: return ErrorKind::InvalidInput;
    }
}
constexpr ErrorDomain kDomain{"core", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }
} // namespace core

} // namespace vanthu
