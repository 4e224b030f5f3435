// The CAdES-detached CMS for PAdES. OpenSSL 3.0's CMS_SignerInfo_sign() always adds a signing-time
// attribute (CMS_NO_SIGNING_TIME only exists from 3.2), and EN 319 142-1 §5.2.1 forbids it in
// PAdES. So the SignerInfo is assembled with CMS_add1_signer() (algorithms, identifiers, ESS
// signing-certificate-v2 via CMS_CADES) and signed here: the signed attributes are DER-encoded as a
// SET OF (the same sorted encoding OpenSSL writes into the SignerInfo) and signed with the key.

#include "Crypto_p.h"

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/pkcs7.h>
#include <openssl/rand.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>
#include <openssl/ts.h>

#include <ctime>

namespace vanthu::signing::detail {

std::string opensslErrors()
{
    std::string out;
    unsigned long e;
    char buf[256];
    while ((e = ERR_get_error()) != 0) {
        ERR_error_string_n(e, buf, sizeof buf);
        if (!out.empty())
            out += "; ";
        out += buf;
    }
    return out;
}

Sha256 sha256(std::string_view data)
{
    Sha256 d{};
    SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), d.data());
    return d;
}

Result<std::string> signWithPkey(EVP_PKEY* pkey, std::string_view data, RsaPadding padding)
{
    std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
    EVP_PKEY_CTX* pctx = nullptr;   // owned by ctx
    if (!ctx || EVP_DigestSignInit(ctx.get(), &pctx, EVP_sha256(), nullptr, pkey) <= 0)
        return fail(Errc::CryptoFailure, "DigestSignInit: " + opensslErrors());
    if (EVP_PKEY_get_base_id(pkey) == EVP_PKEY_RSA && padding == RsaPadding::Pss) {
        if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) <= 0
            || EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, 32) <= 0
            || EVP_PKEY_CTX_set_rsa_mgf1_md(pctx, EVP_sha256()) <= 0)
            return fail(Errc::CryptoFailure, "PSS parameters: " + opensslErrors());
    }
    std::size_t len = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(data.data());
    if (EVP_DigestSign(ctx.get(), nullptr, &len, p, data.size()) <= 0)
        return fail(Errc::CryptoFailure, "DigestSign size: " + opensslErrors());
    std::string sig(len, '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, p, data.size()) <= 0)
        return fail(Errc::CryptoFailure, "DigestSign: " + opensslErrors());
    sig.resize(len);
    return sig;
}

namespace {

// AlgorithmIdentifier of RSASSA-PSS with SHA-256, MGF1-SHA-256, salt 32 (RFC 4055).
bool setPssAlgorithm(X509_ALGOR* alg)
{
    std::unique_ptr<RSA_PSS_PARAMS, decltype(&RSA_PSS_PARAMS_free)> pss(RSA_PSS_PARAMS_new(), &RSA_PSS_PARAMS_free);
    if (!pss)
        return false;
    pss->hashAlgorithm = X509_ALGOR_new();
    X509_ALGOR_set_md(pss->hashAlgorithm, EVP_sha256());
    // MGF1 parameters: the SHA-256 AlgorithmIdentifier, DER-encoded into a SEQUENCE.
    X509_ALGOR* mgfHash = X509_ALGOR_new();
    X509_ALGOR_set_md(mgfHash, EVP_sha256());
    unsigned char* der = nullptr;
    const int derLen = i2d_X509_ALGOR(mgfHash, &der);
    X509_ALGOR_free(mgfHash);
    if (derLen <= 0)
        return false;
    ASN1_STRING* mgfParam = ASN1_STRING_new();
    ASN1_STRING_set(mgfParam, der, derLen);
    OPENSSL_free(der);
    pss->maskGenAlgorithm = X509_ALGOR_new();
    X509_ALGOR_set0(pss->maskGenAlgorithm, OBJ_nid2obj(NID_mgf1), V_ASN1_SEQUENCE, mgfParam);
    pss->saltLength = ASN1_INTEGER_new();
    ASN1_INTEGER_set(pss->saltLength, 32);
    unsigned char* pssDer = nullptr;
    const int pssLen = i2d_RSA_PSS_PARAMS(pss.get(), &pssDer);
    if (pssLen <= 0)
        return false;
    ASN1_STRING* param = ASN1_STRING_new();
    ASN1_STRING_set(param, pssDer, pssLen);
    OPENSSL_free(pssDer);
    return X509_ALGOR_set0(alg, OBJ_nid2obj(NID_rsassaPss), V_ASN1_SEQUENCE, param) == 1;
}

// DER of the signed attributes as the SET OF that is signed (RFC 5652 §5.4).
std::string signedAttributesDer(CMS_SignerInfo* si)
{
    STACK_OF(X509_ATTRIBUTE)* attrs = sk_X509_ATTRIBUTE_new_null();
    for (int i = 0; i < CMS_signed_get_attr_count(si); ++i)
        sk_X509_ATTRIBUTE_push(attrs, CMS_signed_get_attr(si, i));
    unsigned char* der = nullptr;
    const int len = ASN1_item_i2d(reinterpret_cast<ASN1_VALUE*>(attrs), &der, ASN1_ITEM_rptr(PKCS7_ATTR_SIGN));
    sk_X509_ATTRIBUTE_free(attrs);   // the attributes belong to the SignerInfo
    std::string out;
    if (len > 0)
        out.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

} // namespace

Result<CmsPtr> buildCms(const SignerKey& key, const Sha256& digest, RsaPadding padding)
{
    constexpr unsigned kFlags = CMS_DETACHED | CMS_BINARY | CMS_PARTIAL | CMS_NOSMIMECAP | CMS_CADES;
    CmsPtr cms(CMS_sign(nullptr, nullptr, nullptr, nullptr, kFlags));
    if (!cms)
        return fail(Errc::CryptoFailure, "CMS_sign: " + opensslErrors());
    // The certificate's public key stands in for the private key: CMS_add1_signer only uses it to
    // match the certificate and to pick the algorithm identifiers; the signature is made below.
    EVP_PKEY* pub = X509_get0_pubkey(key.cert.get());
    CMS_SignerInfo* si = CMS_add1_signer(cms.get(), key.cert.get(), pub, EVP_sha256(), kFlags);
    if (!si)
        return fail(Errc::CryptoFailure, "CMS_add1_signer: " + opensslErrors());
    for (const auto& c : key.chain)
        CMS_add1_cert(cms.get(), c.get());

    X509_ALGOR* sigAlg = nullptr;
    CMS_SignerInfo_get0_algs(si, nullptr, nullptr, nullptr, &sigAlg);
    const int type = EVP_PKEY_get_base_id(pub);
    bool algOk = true;
    if (type == EVP_PKEY_RSA && padding == RsaPadding::Pss)
        algOk = setPssAlgorithm(sigAlg);
    else if (type == EVP_PKEY_RSA)
        algOk = X509_ALGOR_set0(sigAlg, OBJ_nid2obj(NID_rsaEncryption), V_ASN1_NULL, nullptr) == 1;
    else if (type == EVP_PKEY_EC)
        algOk = X509_ALGOR_set0(sigAlg, OBJ_nid2obj(NID_ecdsa_with_SHA256), V_ASN1_UNDEF, nullptr) == 1;
    else
        return fail(Errc::UnsupportedKey, "key type " + std::to_string(type));
    if (!algOk)
        return fail(Errc::CryptoFailure, "signature algorithm: " + opensslErrors());

    if (CMS_signed_add1_attr_by_NID(si, NID_pkcs9_contentType, V_ASN1_OBJECT, OBJ_nid2obj(NID_pkcs7_data), -1) <= 0
        || CMS_signed_add1_attr_by_NID(si, NID_pkcs9_messageDigest, V_ASN1_OCTET_STRING, digest.data(),
                                       static_cast<int>(digest.size())) <= 0)
        return fail(Errc::CryptoFailure, "signed attributes: " + opensslErrors());
    // Defensive: nothing above adds signing-time, but make sure none is signed.
    for (int loc; (loc = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1)) >= 0;)
        X509_ATTRIBUTE_free(CMS_signed_delete_attr(si, loc));

    const std::string tbs = signedAttributesDer(si);
    if (tbs.empty())
        return fail(Errc::CryptoFailure, "encoding signed attributes: " + opensslErrors());
    auto sig = key.sign(tbs, padding);
    if (!sig)
        return std::unexpected(sig.error());
    ASN1_OCTET_STRING* value = CMS_SignerInfo_get0_signature(si);
    if (ASN1_OCTET_STRING_set(value, reinterpret_cast<const unsigned char*>(sig->data()),
                              static_cast<int>(sig->size())) != 1)
        return fail(Errc::CryptoFailure, "setting the signature value");
    return cms;
}

std::string signatureValue(CMS_ContentInfo* cms)
{
    auto* infos = CMS_get0_SignerInfos(cms);
    if (!infos || sk_CMS_SignerInfo_num(infos) < 1)
        return {};
    const ASN1_OCTET_STRING* v = CMS_SignerInfo_get0_signature(sk_CMS_SignerInfo_value(infos, 0));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(v)),
                       static_cast<std::size_t>(ASN1_STRING_length(v)));
}

Status addTimestampToken(CMS_ContentInfo* cms, std::string_view tokenDer)
{
    auto* infos = CMS_get0_SignerInfos(cms);
    CMS_SignerInfo* si = sk_CMS_SignerInfo_value(infos, 0);
    std::unique_ptr<ASN1_STRING, decltype(&ASN1_STRING_free)> seq(ASN1_STRING_new(), &ASN1_STRING_free);
    ASN1_STRING_set(seq.get(), tokenDer.data(), static_cast<int>(tokenDer.size()));
    if (CMS_unsigned_add1_attr_by_NID(si, NID_id_smime_aa_timeStampToken, V_ASN1_SEQUENCE, seq.get(), -1) <= 0)
        return fail(Errc::CryptoFailure, "adding the timestamp: " + opensslErrors());
    return {};
}

std::string toDer(CMS_ContentInfo* cms)
{
    unsigned char* der = nullptr;
    const int len = i2d_CMS_ContentInfo(cms, &der);
    std::string out;
    if (len > 0)
        out.assign(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

Result<std::string> requestTimestamp(const std::string& url, std::chrono::milliseconds timeout, std::string_view data)
{
    char* host = nullptr;
    char* port = nullptr;
    char* path = nullptr;
    int ssl = 0;
    if (OSSL_HTTP_parse_url(url.c_str(), &ssl, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        ERR_clear_error();
        return fail(Errc::InvalidInput, "TSA URL not understood: " + url);
    }
    struct OsslFree { void operator()(char* p) const { OPENSSL_free(p); } };
    std::unique_ptr<char, OsslFree> hostOwn(host), portOwn(port), pathOwn(path);
    if (ssl)
        return fail(Errc::InvalidInput, "https TSA URLs are not supported; RFC 3161 tokens are signed, use http");

    // The request: SHA-256 imprint of the signature value, a nonce, and the TSA's certificate.
    const Sha256 imprint = sha256(data);
    std::unique_ptr<TS_REQ, decltype(&TS_REQ_free)> req(TS_REQ_new(), &TS_REQ_free);
    std::unique_ptr<TS_MSG_IMPRINT, decltype(&TS_MSG_IMPRINT_free)> mi(TS_MSG_IMPRINT_new(), &TS_MSG_IMPRINT_free);
    std::unique_ptr<X509_ALGOR, decltype(&X509_ALGOR_free)> alg(X509_ALGOR_new(), &X509_ALGOR_free);
    X509_ALGOR_set_md(alg.get(), EVP_sha256());
    TS_MSG_IMPRINT_set_algo(mi.get(), alg.get());
    TS_MSG_IMPRINT_set_msg(mi.get(), const_cast<unsigned char*>(imprint.data()), static_cast<int>(imprint.size()));
    TS_REQ_set_version(req.get(), 1);
    TS_REQ_set_msg_imprint(req.get(), mi.get());
    unsigned char nonceBytes[8];
    RAND_bytes(nonceBytes, sizeof nonceBytes);
    nonceBytes[0] &= 0x7f;
    std::unique_ptr<BIGNUM, decltype(&BN_free)> bn(BN_bin2bn(nonceBytes, sizeof nonceBytes, nullptr), &BN_free);
    std::unique_ptr<ASN1_INTEGER, decltype(&ASN1_INTEGER_free)> nonce(BN_to_ASN1_INTEGER(bn.get(), nullptr),
                                                                     &ASN1_INTEGER_free);
    TS_REQ_set_nonce(req.get(), nonce.get());
    TS_REQ_set_cert_req(req.get(), 1);

    BioPtr reqBio(BIO_new(BIO_s_mem()));
    if (i2d_TS_REQ_bio(reqBio.get(), req.get()) != 1)
        return fail(Errc::CryptoFailure, "encoding the timestamp request: " + opensslErrors());
    const int seconds = std::max(1, static_cast<int>((timeout.count() + 999) / 1000));
    BioPtr resp(OSSL_HTTP_transfer(nullptr, host, port, path, 0, nullptr, nullptr, nullptr, nullptr, nullptr,
                                   nullptr, 0, nullptr, "application/timestamp-query", reqBio.get(),
                                   "application/timestamp-reply", 1, 1 << 20, seconds, 0));
    if (!resp)
        return fail(Errc::Io, "TSA " + url + " did not answer: " + opensslErrors());
    std::unique_ptr<TS_RESP, decltype(&TS_RESP_free)> answer(d2i_TS_RESP_bio(resp.get(), nullptr), &TS_RESP_free);
    if (!answer)
        return fail(Errc::CryptoFailure, "TSA answer is not a timestamp response: " + opensslErrors());
    const ASN1_INTEGER* status = TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(answer.get()));
    const long st = ASN1_INTEGER_get(status);
    if (st != 0 && st != 1)
        return fail(Errc::CryptoFailure, "TSA refused the request (status " + std::to_string(st) + ")");
    // Imprint and nonce must be ours (the TSA's signature is checked by the verifier).
    std::unique_ptr<TS_VERIFY_CTX, decltype(&TS_VERIFY_CTX_free)> vctx(TS_REQ_to_TS_VERIFY_CTX(req.get(), nullptr),
                                                                     &TS_VERIFY_CTX_free);
    TS_VERIFY_CTX_set_flags(vctx.get(), TS_VFY_VERSION | TS_VFY_IMPRINT | TS_VFY_NONCE);
    if (TS_RESP_verify_response(vctx.get(), answer.get()) != 1)
        return fail(Errc::CryptoFailure, "TSA answer does not match the request: " + opensslErrors());
    PKCS7* token = TS_RESP_get_token(answer.get());
    unsigned char* der = nullptr;
    const int len = i2d_PKCS7(token, &der);
    if (len <= 0)
        return fail(Errc::CryptoFailure, "encoding the timestamp token");
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(len));
    OPENSSL_free(der);
    return out;
}

std::string commonName(X509* cert)
{
    const X509_NAME* name = X509_get_subject_name(cert);
    const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (idx < 0)
        return subjectLine(name);
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    unsigned char* utf8 = nullptr;
    const int len = ASN1_STRING_to_UTF8(&utf8, s);
    std::string out;
    if (len > 0)
        out.assign(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(len));
    OPENSSL_free(utf8);
    return out;
}

std::string subjectLine(const X509_NAME* name)
{
    BioPtr bio(BIO_new(BIO_s_mem()));
    X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio.get(), &data);
    return std::string(data, static_cast<std::size_t>(len));
}

vntime::Instant asn1TimeToInstant(const ASN1_TIME* t)
{
    std::tm tm{};
    ASN1_TIME_to_tm(t, &tm);
    return vntime::Instant{std::chrono::seconds{timegm(&tm)}};
}

Status checkValidity(X509* cert, vntime::Instant at)
{
    if (at < asn1TimeToInstant(X509_get0_notBefore(cert)))
        return fail(Errc::CertificateNotYetValid, "valid from " + vntime::toIso8601(asn1TimeToInstant(X509_get0_notBefore(cert))));
    if (at > asn1TimeToInstant(X509_get0_notAfter(cert)))
        return fail(Errc::CertificateExpired, "expired " + vntime::toIso8601(asn1TimeToInstant(X509_get0_notAfter(cert))));
    return {};
}

} // namespace vanthu::signing::detail
