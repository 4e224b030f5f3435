#pragma once
// Verification of the signatures in a PDF: integrity of the signed bytes, the CMS signature, the
// signer's certificate chain against configured trust anchors and its validity at signing time, the
// RFC 3161 timestamp, later changes to the document, and revocation when it can be checked.

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace vanthu::signing {

enum class CheckResult { Passed, Failed, NotChecked };

// What happened to the document after a signature's revision.
enum class LaterChange {
    None,              // the signature covers the whole file
    SignaturesOnly,    // only later signatures / form fields were added: allowed
    Annotations,       // annotations were added (e.g. the arrival stamp): not content, but reported
    Content,           // pages were added, removed or their content changed: not allowed
};

struct SignatureReport {
    std::string fieldName;
    std::string subFilter;                      // "ETSI.CAdES.detached", "adbe.pkcs7.detached", ...
    std::string signerName;                     // subject CN (or whole subject when no CN)
    std::string signerSubject;
    std::string issuerSubject;
    std::optional<vntime::Instant> claimedTime; // /M of the signature dictionary (signer's clock)
    std::optional<vntime::Instant> timestampTime;   // genTime of the RFC 3161 token, if any
    CheckResult timestamp = CheckResult::NotChecked; // NotChecked: no timestamp token
    bool byteRangeValid = false;                // [0 a b c]: covers its revision except exactly its own
                                                // dictionary's /Contents string, and that dictionary
                                                // was not replaced by a later revision
    bool bytesIntact = false;                   // digest matches and the CMS signature verifies
    bool hasSigningTimeAttribute = false;       // forbidden in PAdES
    bool hasSigningCertificateV2 = false;
    LaterChange laterChange = LaterChange::None;
    CheckResult chain = CheckResult::NotChecked;        // against the trust anchors
    CheckResult validAtSigningTime = CheckResult::NotChecked;   // at the verified timestamp, else now
    CheckResult revocation = CheckResult::NotChecked;   // OCSP/CRL; NotChecked when unreachable, stale
                                                        // or the chain did not verify
    std::string chainDetail;                    // OpenSSL's reason when chain failed
    std::string revocationDetail;               // why revocation was not checked, or what failed
    std::string byteRangeDetail;                // why byteRangeValid is false
    std::string validityDetail;                 // the time the certificate and chain were judged at
    std::size_t revisionEnd = 0;                // bytes covered (end of the signed revision)

    // Every check that ran passed and nothing disallowed happened after it.
    bool valid() const;
};

struct VerifyOptions {
    std::vector<std::string> trustAnchors;      // PEM files (each may hold several certificates)
    bool checkRevocation = true;                // try OCSP, then CRL, from the certificate's URLs
    std::chrono::milliseconds networkTimeout{5000};
};

// Verifies every signature of the PDF at `path`, in file order. Parsing happens in a child process
// with limits (the file is untrusted). Blocking; worker thread. Errc: FileNotFound, Io,
// PdfMalformed, PdfEncrypted, ResourceLimit, NoSignatures.
Result<std::vector<SignatureReport>> verifyPdf(const std::string& path, const VerifyOptions& options);

// The bilingual (Vietnamese first, English second) multi-line description of one report.
std::string describe(const SignatureReport& report);

} // namespace vanthu::signing
