#pragma once
// PAdES signing (ETSI EN 319 142-1 baseline B-B / B-T) of a PDF as an incremental update.
// The CMS is `ETSI.CAdES.detached`, SHA-256, with the ESS signing-certificate-v2 attribute and
// without the CMS signing-time attribute (which EN 319 142-1 forbids; the time is the /M entry and,
// for B-T, the RFC 3161 timestamp). Keys: a PKCS#12 file or a PKCS#11 token; RSA >= 2048 (PKCS#1
// v1.5 or PSS) and ECDSA P-256.

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"

#include <chrono>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace vanthu::signing {

// A password-protected PKCS#12 file holding the key, its certificate and optionally the chain.
struct Pkcs12Key {
    std::string path;
    std::string password;     // never logged
};

// A key on a PKCS#11 token, selected by token label (never by slot number).
struct TokenKey {
    std::string modulePath;   // e.g. /usr/lib/softhsm/libsofthsm2.so
    std::string tokenLabel;
    std::string pin;          // never logged or stored
    std::string keyLabel;     // empty: the first private key that has a certificate
    std::chrono::milliseconds timeout{20000};   // whole token session; libp11 #525 can hang
};

using KeySource = std::variant<Pkcs12Key, TokenKey>;

enum class RsaPadding { Pkcs1v15, Pss };

// A point or size on a page in millimetres; the origin is the page's TOP-LEFT corner, y grows down.
struct MmPoint {
    double x = 0;
    double y = 0;
};

// The visible appearance of a signature per NĐ 30 Phụ lục I: the signer's signature PNG centred at
// `signerCentre`, and optionally the agency seal PNG at its real size, over the left part of the
// signer image. Both are drawn inside the signature widget's appearance stream (never into the
// page content, so earlier signatures see no page change).
struct VisibleAppearance {
    int page = -1;                      // 0-based; -1 = last page
    MmPoint signerCentre;               // centre of the signer image
    std::string signerImage;            // PNG (transparent background); may be empty with a seal
    bool drawSigner = true;             // false: the signer image only places the seal (the
                                        // leader's own signature already shows it: agency seal)
    double signerWidthMm = 0;           // 0: the PNG's real size from its resolution (300 dpi default)
    std::string sealImage;              // PNG, empty for none
    double sealDiameterMm = 40;         // the seal's real size (its drawn width)
    double sealCoverage = 0.33;         // share of the signer image width the seal covers, from the left
};

// The text of an electronic copy or attachment (Phụ lục I, ô 14), written top-right of page 1,
// 10 pt, as part of the same incremental update as the (invisible) agency signature.
struct CornerText {
    std::vector<std::string> lines;     // e.g. {"SAO Y", "<agency>", "2026-11-29T09:30:00+07:00"}
    double fontSizePt = 10;
    double marginMm = 10;               // distance from the top and right page edges
};

struct SignRequest {
    std::string input;                  // PDF to sign (not changed)
    std::string output;                 // written via temp + rename; may equal input
    KeySource key;
    RsaPadding rsaPadding = RsaPadding::Pss;
    std::vector<std::string> extraCertificates;   // PEM files with intermediate CA certificates
    std::optional<VisibleAppearance> visible;     // none: an invisible signature
    std::optional<CornerText> cornerText;
    std::string fieldName;              // empty: "Signature<n>"
    std::string reason;
    std::string location;
    std::string tsaUrl;                 // empty: B-B; else http(s) RFC 3161 TSA for B-T
    std::chrono::milliseconds tsaTimeout{10000};
    std::optional<vntime::Instant> now; // for tests of certificate validity; default: the clock
};

enum class PadesLevel { BB, BT };

enum class SignWarning {
    TimestampUnavailable,   // the TSA did not answer or answered badly: signed B-B instead of B-T
};

struct SignOutcome {
    PadesLevel level = PadesLevel::BB;
    std::vector<std::pair<SignWarning, std::string>> warnings;  // code + technical detail
    std::string fieldName;
    std::string signerName;             // subject common name of the signing certificate
    std::size_t reservedBytes = 0;      // /Contents space reserved (binary bytes)
    std::size_t cmsBytes = 0;           // size of the CMS written
    // Where the images were drawn, in PDF points from the page's bottom-left (for geometry checks).
    struct Box { double x = 0, y = 0, width = 0, height = 0; };
    std::optional<Box> signerBox, sealBox, widgetBox;
};

// Signs `request.input` into `request.output` as one incremental update. Blocking (network for the
// TSA, token I/O): call from a worker thread. The input PDF is parsed in a child process with time
// and memory limits. Errc: FileNotFound, Io, PdfMalformed, PdfEncrypted, ResourceLimit,
// KeyFileUnreadable, WrongPassword, WrongPin, PinLocked, TokenNotFound, TokenTimeout, TokenError,
// KeyNotFound, CertificateExpired, CertificateNotYetValid, UnsupportedKey, ImageInvalid,
// FontMissing, CryptoFailure, SignatureTooLarge, InvalidInput.
Result<SignOutcome> signPdf(const SignRequest& request);

// Where the signer image goes on a born-digital PDF (NĐ 30 ô 7): the centre of the space between
// the signing authority's title and the signer's printed name on the last page, horizontally on
// the name's centre, found from the text layer (Poppler, in a child process). For scans, the
// workflow converts the ocr part's signer region instead. Errc: FileNotFound, PdfMalformed,
// InvalidInput (the name is not on the last page, or nothing is printed above it).
Result<MmPoint> findSignatureSpot(const std::string& pdf, const std::string& signerName);

// The signing certificate of a key source, checked for validity at `at`, without signing anything.
// Returns the subject common name. Same Errc as the key part of signPdf.
Result<std::string> probeKey(const KeySource& key, std::optional<vntime::Instant> at = std::nullopt);

// Who a key source's certificate names and when it is valid (UTC instants).
struct CertificateDates {
    std::string commonName;
    vntime::Instant notBefore{};
    vntime::Instant notAfter{};
};
// The signing certificate of a key source, read without signing and without judging its dates (an
// expired certificate is an answer here, not an error). A token's certificate objects are public:
// they are read WITHOUT logging in, so TokenKey::pin is not used. A PKCS#12 file needs its password.
// Blocking (token I/O in a child process with TokenKey::timeout). Errc: FileNotFound,
// KeyFileUnreadable, WrongPassword, KeyNotFound, TokenNotFound, TokenTimeout, TokenError.
Result<CertificateDates> readCertificate(const KeySource& key);

} // namespace vanthu::signing
