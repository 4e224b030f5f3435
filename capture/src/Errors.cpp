#include "vanthu/capture/Errors.h"

namespace vanthu::capture {

namespace {
std::string_view codeName(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::NoDevice: return "NoDevice";
    case Errc::DeviceBusy: return "DeviceBusy";
    case Errc::PaperJam: return "PaperJam";
    case Errc::CoverOpen: return "CoverOpen";
    case Errc::NoDocuments: return "NoDocuments";
    case Errc::IoError: return "IoError";
    case Errc::AccessDenied: return "AccessDenied";
    case Errc::Cancelled: return "Cancelled";
    case Errc::UnsupportedOption: return "UnsupportedOption";
    case Errc::InvalidOption: return "InvalidOption";
    case Errc::DeviceError: return "DeviceError";
    case Errc::UnreadableFile: return "UnreadableFile";
    case Errc::UnsupportedFile: return "UnsupportedFile";
    case Errc::ImageError: return "ImageError";
    case Errc::Io: return "Io";
    }
    return "Unknown";
}

ErrorKind kind(int c)
{
    switch (static_cast<Errc>(c)) {
    case Errc::NoDevice:
    case Errc::DeviceBusy:
    case Errc::PaperJam:
    case Errc::CoverOpen:
    case Errc::NoDocuments:
    case Errc::IoError:
    case Errc::DeviceError: return ErrorKind::Device;
    case Errc::AccessDenied: return ErrorKind::Denied;
    case Errc::Cancelled: return ErrorKind::Cancelled;
    case Errc::UnsupportedOption:
    case Errc::InvalidOption:
    case Errc::UnreadableFile:
    case Errc::UnsupportedFile: return ErrorKind::InvalidInput;
    case Errc::ImageError: return ErrorKind::Internal;
    case Errc::Io: return ErrorKind::Io;
    }
    return ErrorKind::Internal;
}

constexpr ErrorDomain kDomain{"capture", &codeName, &kind};
} // namespace

const ErrorDomain& errorDomain(Errc) { return kDomain; }

} // namespace vanthu::capture
