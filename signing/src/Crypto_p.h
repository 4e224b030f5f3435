#pragma once
// OpenSSL ownership types and the CMS/key helpers shared by signing and verification.

#include "vanthu/core/Error.h"
#include "vanthu/core/VnTime.h"
#include "vanthu/signing/Errors.h"
#include "vanthu/signing/Sign.h"

#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

#include <array>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace vanthu::signing::detail {

struct X509Free { void operator()(X509* p) const { X509_free(p); } };
struct PkeyFree { void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); } };
struct CmsFree { void operator()(CMS_ContentInfo* p) const { CMS_ContentInfo_free(p); } };
struct BioFree { void operator()(BIO* p) const { BIO_free_all(p); } };
struct StoreFree { void operator()(X509_STORE* p) const { X509_STORE_free(p); } };
using X509Ptr = std::unique_ptr<X509, X509Free>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyFree>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, CmsFree>;
using BioPtr = std::unique_ptr<BIO, BioFree>;
using StorePtr = std::unique_ptr<X509_STORE, StoreFree>;

using Sha256 = std::array<unsigned char, 32>;

// The OpenSSL error queue as text (and cleared), for details of CryptoFailure.
std::string opensslErrors();

// A signing key: its certificate, the chain to send along, and a signing function that computes
// SHA-256 over `data` and signs it (PKCS#1 v1.5 or PSS for RSA, ECDSA), returning the raw value.
struct SignerKey {
    X509Ptr cert;
    std::vector<X509Ptr> chain;
    std::function<Result<std::string>(std::string_view data, RsaPadding padding)> sign;
};

// Loads a PKCS#12 file or opens a token session (in a child process). Checks the key type and the
// certificate's validity at `at`.
Result<SignerKey> loadSignerKey(const KeySource& source, const std::vector<std::string>& extraCerts,
                                vntime::Instant at);
// The certificate of a key source without using its key: a PKCS#12 file needs its password; a
// token's certificate objects are public and are read without logging in (the PIN is not used).
Result<X509Ptr> loadKeyCertificate(const KeySource& source);

// Signs `data` with `pkey`: SHA-256, PSS (salt = 32, MGF1-SHA-256) or PKCS#1 v1.5 for RSA.
Result<std::string> signWithPkey(EVP_PKEY* pkey, std::string_view data, RsaPadding padding);

// Builds the detached CAdES CMS over a document digest: signed attributes content-type,
// message-digest and signing-certificate-v2 (no signing-time), signed by `key`.
Result<CmsPtr> buildCms(const SignerKey& key, const Sha256& digest, RsaPadding padding);

// The signature value of the (single) SignerInfo.
std::string signatureValue(CMS_ContentInfo* cms);

// Adds an RFC 3161 token (DER ContentInfo) as the signature-time-stamp unsigned attribute.
Status addTimestampToken(CMS_ContentInfo* cms, std::string_view tokenDer);

// Asks the TSA at `url` (http) for a timestamp over SHA-256(`data`); returns the token DER.
// Errors carry Errc::CryptoFailure or Errc::Io with the reason (the caller downgrades to B-B).
Result<std::string> requestTimestamp(const std::string& url, std::chrono::milliseconds timeout,
                                     std::string_view data);

std::string toDer(CMS_ContentInfo* cms);
Sha256 sha256(std::string_view data);

// Certificate helpers.
std::string commonName(X509* cert);
std::string subjectLine(const X509_NAME* name);
vntime::Instant asn1TimeToInstant(const ASN1_TIME* t);
Status checkValidity(X509* cert, vntime::Instant at);

} // namespace vanthu::signing::detail
