#pragma once
// Errors as values. Every part defines its own `enum class Errc` and an `errorDomain(Errc)` found by
// ADL; an Error keeps the domain, the code and a detail text. Front-ends turn the code into
// user-facing text and exit codes through ErrorKind; nobody branches on the detail text.

#include <concepts>
#include <expected>
#include <string>
#include <string_view>
#include <type_traits>

namespace vanthu {

// Coarse classification shared by all parts: what the user or operator can do about it.
// The CLI maps each kind to one exit code (see cli/README section in the top-level README).
enum class ErrorKind {
    InvalidInput = 1,   // the request or the file is wrong; fix it and retry
    NotFound,           // the thing named does not exist
    Conflict,           // duplicate, already exists, state does not allow it
    Denied,             // authentication or authorisation failed, account locked
    Io,                 // disk, file system, full disk
    Device,             // scanner, token or printer problem
    Network,            // registry unreachable, TLS failure
    Integrity,          // tampering or corruption detected
    Cancelled,          // the user or a deadline stopped it
    Internal,           // a bug or an unexpected library failure
};

// Describes one part's error codes. One static instance per part.
struct ErrorDomain {
    std::string_view name;                   // "core", "register", ...
    std::string_view (*codeName)(int code);  // stable identifier of a code, e.g. "AccountLocked"
    ErrorKind (*kind)(int code);
};

template <class E>
concept ErrcEnum = std::is_enum_v<E> && requires(E e) {
    { errorDomain(e) } -> std::same_as<const ErrorDomain&>;
};

class Error {
public:
    template <ErrcEnum E>
    Error(E code, std::string detail = {})
        : m_domain(&errorDomain(code)), m_code(static_cast<int>(code)), m_detail(std::move(detail)) {}

    template <ErrcEnum E>
    bool is(E code) const { return m_domain == &errorDomain(code) && m_code == static_cast<int>(code); }

    const ErrorDomain& domain() const { return *m_domain; }
    int code() const { return m_code; }
    std::string_view codeName() const { return m_domain->codeName(m_code); }
    ErrorKind kind() const { return m_domain->kind(m_code); }
    const std::string& detail() const { return m_detail; }

    // "register.AccountLocked: detail" — for logs and developer output, not for clerks.
    std::string toString() const;

private:
    const ErrorDomain* m_domain;
    int m_code;
    std::string m_detail;
};

template <class T>
using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

// Builds the unexpected value: `return fail(Errc::NotFound, "document 12");`
template <ErrcEnum E>
std::unexpected<Error> fail(E code, std::string detail = {}) {
    return std::unexpected<Error>(Error(code, std::move(detail)));
}

// Errors of the core part itself.
namespace core {
enum class Errc {
    InvalidArgument = 1,
    ParseError,        // text that should follow a grammar does not
    InvalidAgencyCode, // not of the QCVN 102 form V1V2V3.Z1Z2.Y1Y2.MX1X2
    InvalidDate,
    ConfigError,       // a configuration file or key is wrong
    CalendarMissingYear, // the working calendar has no holiday table for that year
    Io,
    NotFound,
};
const ErrorDomain& errorDomain(Errc);
} // namespace core

} // namespace vanthu
