#pragma once
#include "vanthu/core/Error.h"

namespace vanthu::capture {

// Device statuses a UI can act on are separate values (STYLE.md §4), never folded into one.
enum class Errc {
    NoDevice = 1,       // no such scanner, or it went away
    DeviceBusy,         // SANE_STATUS_DEVICE_BUSY
    PaperJam,           // SANE_STATUS_JAMMED
    CoverOpen,          // SANE_STATUS_COVER_OPEN
    NoDocuments,        // SANE_STATUS_NO_DOCS: the feeder is empty
    IoError,            // SANE_STATUS_IO_ERROR
    AccessDenied,       // SANE_STATUS_ACCESS_DENIED (permissions, scanner group)
    Cancelled,          // the user cancelled
    UnsupportedOption,  // the device has no such option or value (e.g. no duplex)
    InvalidOption,      // a value outside the option's constraint
    DeviceError,        // any other SANE failure
    UnreadableFile,     // an import source that cannot be decoded
    UnsupportedFile,    // a file type we do not import
    ImageError,         // an image operation failed (Leptonica)
    Io,                 // work-folder write failures, full disk
};
const ErrorDomain& errorDomain(Errc);

} // namespace vanthu::capture
