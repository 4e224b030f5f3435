#pragma once
// Error codes of the workflow part. Errors of the parts it drives (capture, ocr, signing, register,
// uplink) are passed through unchanged; these are the ones the flows themselves detect.

#include "vanthu/core/Error.h"

namespace vanthu::workflow {

enum class Errc {
    InvalidInput = 1,     // a request field is missing or malformed (a correction names an unknown field)
    NotFound,             // no such file, draft, dossier, procedure or record
    SetupFailed,          // the station could not be prepared (data directory, demo PKI, assets)
    AssetMissing,         // the seal / signature image or key named in the configuration is absent
    NoScanner,            // no scanner found and the SANE test device is not available either
    Cancelled,            // the caller set the cancel flag
    SignatureInvalid,     // an arriving signed PDF does not verify: it is not registered
    NeedsReview,          // a required field is still empty after review (number/symbol, issuer, ...)
    AlreadyRegistered,    // the document is in the register already (paper/electronic match)
    Incomplete,           // a dossier lacks required components (form 02 is produced instead)
    PrintFailed,          // CUPS refused the job (the PDF is still written)
    Io,                   // archive or dossier folder writes
    Internal,
};
const ErrorDomain& errorDomain(Errc);

} // namespace vanthu::workflow
