#include "vanthu/ocr/Errors.h"

namespace vanthu::ocr {

namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::EngineInit: return "EngineInit";
    case Errc::Recognition: return "Recognition";
    case Errc::Cancelled: return "Cancelled";
    case Errc::DeadlineExceeded: return "DeadlineExceeded";
    case Errc::InvalidInput: return "InvalidInput";
    case Errc::PdfWrite: return "PdfWrite";
    }
    return "Unknown";
}
ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::EngineInit: return ErrorKind::Internal;
    case Errc::Recognition: return ErrorKind::Internal;
    case Errc::Cancelled:
    case Errc::DeadlineExceeded: return ErrorKind::Cancelled;
    case Errc::InvalidInput: return ErrorKind::InvalidInput;
    case Errc::PdfWrite: return ErrorKind::Io;
    }
    return ErrorKind::Internal;
}
constexpr ErrorDomain kDomain{"ocr", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

} // namespace vanthu::ocr
