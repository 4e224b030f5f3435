#pragma once
// Error codes of the signing part: stamps, signature images, PAdES signing, tokens, verification.

#include "vanthu/core/Error.h"

namespace vanthu::signing {

enum class Errc {
    InvalidInput = 1,        // a request field is missing or out of range
    FileNotFound,            // the input PDF, key file or image does not exist
    Io,                      // reading or writing a file failed (nothing replaced the output)
    PdfMalformed,            // the PDF cannot be parsed (or its parser crashed in the sandbox)
    PdfEncrypted,            // the PDF is encrypted; vanthu does not sign or stamp those
    ResourceLimit,           // parsing an untrusted PDF exceeded its time or memory limit
    KeyFileUnreadable,       // the PKCS#12 file is not a PKCS#12 file
    WrongPassword,           // the PKCS#12 password is wrong
    WrongPin,                // the token refused the PIN
    PinLocked,               // the token's user PIN is locked
    TokenNotFound,           // no token with that label is present in the PKCS#11 module
    TokenTimeout,            // the token did not answer in time (libp11 #525 hang)
    TokenError,              // the PKCS#11 module failed otherwise (module missing, session error)
    KeyNotFound,             // no private key (with a certificate) in the key store
    CertificateExpired,      // the signing certificate's notAfter is in the past
    CertificateNotYetValid,  // the signing certificate's notBefore is in the future
    UnsupportedKey,          // not RSA >= 2048 or ECDSA P-256
    SignatureTooLarge,       // the CMS did not fit the reserved /Contents space (a bug)
    CryptoFailure,           // OpenSSL failed to build or sign the CMS
    ImageInvalid,            // a signer/seal PNG cannot be read
    FontMissing,             // no font with Vietnamese glyphs was found
    NoSignatures,            // verify: the PDF carries no signature
    Internal,                // an unexpected library failure
};
const ErrorDomain& errorDomain(Errc);

} // namespace vanthu::signing
