// Signing keys: PKCS#12 files in process, PKCS#11 tokens through libp11 in a child process.
// libp11 0.4.12 (Debian 12) can block forever on a missing or uninitialised token
// (https://github.com/OpenSC/libp11/issues/525), so every token session runs in a forked child
// with a deadline; a hang becomes Errc::TokenTimeout instead of a frozen station. The PIN is handed
// to the child in memory (fork, no exec, no argv/env) and is never logged.

#include "Crypto_p.h"
#include "Sandbox_p.h"

#include "vanthu/core/Log.h"

#include <libp11.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace vanthu::signing::detail {

namespace {

constexpr std::string_view kLog = "vanthu.signing";
// PKCS#11 return values (pkcs11t.h) that libp11 puts into the OpenSSL error reason.
constexpr int kCkrPinIncorrect = 0xA0;
constexpr int kCkrPinLenRange = 0xA2;
constexpr int kCkrPinLocked = 0xA4;

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

Status checkKeyType(EVP_PKEY* pub)
{
    const int type = EVP_PKEY_get_base_id(pub);
    if (type == EVP_PKEY_RSA) {
        if (EVP_PKEY_get_bits(pub) < 2048)
            return fail(Errc::UnsupportedKey, "RSA key of " + std::to_string(EVP_PKEY_get_bits(pub)) + " bits (< 2048)");
        return {};
    }
    if (type == EVP_PKEY_EC) {
        char curve[64] = {};
        std::size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(pub, "group", curve, sizeof curve, &len) != 1
            || std::string_view(curve) != "prime256v1")
            return fail(Errc::UnsupportedKey, std::string("EC curve ") + curve + " (only P-256)");
        return {};
    }
    return fail(Errc::UnsupportedKey, "key type " + std::to_string(type));
}

Result<std::vector<X509Ptr>> loadPemCertificates(const std::string& path)
{
    std::vector<X509Ptr> out;
    BioPtr bio(BIO_new_file(path.c_str(), "r"));
    if (!bio)
        return fail(Errc::FileNotFound, path);
    while (X509* c = PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr))
        out.emplace_back(c);
    ERR_clear_error();   // the loop ends on a "no start line" error
    if (out.empty())
        return fail(Errc::InvalidInput, "no PEM certificate in " + path);
    return out;
}

Result<SignerKey> loadPkcs12(const Pkcs12Key& k)
{
    std::error_code ec;
    if (!std::filesystem::exists(k.path, ec))
        return fail(Errc::FileNotFound, k.path);
    const std::string der = readAll(k.path);
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<PKCS12, decltype(&PKCS12_free)> p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())),
                                                       &PKCS12_free);
    if (!p12) {
        ERR_clear_error();
        return fail(Errc::KeyFileUnreadable, k.path + " is not a PKCS#12 file");
    }
    const char* pass = k.password.c_str();
    if (PKCS12_verify_mac(p12.get(), pass, -1) != 1) {
        ERR_clear_error();
        return fail(Errc::WrongPassword, k.path);
    }
    EVP_PKEY* pkey = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), pass, &pkey, &cert, &ca) != 1) {
        const std::string why = opensslErrors();
        return fail(Errc::KeyFileUnreadable, k.path + ": " + why);
    }
    auto pkeyOwn = std::shared_ptr<EVP_PKEY>(pkey, EVP_PKEY_free);
    SignerKey key;
    key.cert.reset(cert);
    for (int i = 0; i < sk_X509_num(ca); ++i)
        key.chain.emplace_back(sk_X509_value(ca, i));
    sk_X509_free(ca);
    if (!pkey || !cert)
        return fail(Errc::KeyNotFound, k.path + " holds no key with a certificate");
    if (X509_check_private_key(cert, pkey) != 1) {
        ERR_clear_error();
        return fail(Errc::KeyNotFound, k.path + ": the key does not match the certificate");
    }
    key.sign = [pkeyOwn](std::string_view data, RsaPadding padding) {
        return signWithPkey(pkeyOwn.get(), data, padding);
    };
    return key;
}

// A loaded PKCS#11 module and its slots, released in the right order.
struct TokenCtx {
    PKCS11_CTX* ctx = PKCS11_CTX_new();
    PKCS11_SLOT* slots = nullptr;
    unsigned int count = 0;
    bool loaded = false;
    TokenCtx() = default;
    TokenCtx(const TokenCtx&) = delete;
    TokenCtx& operator=(const TokenCtx&) = delete;
    ~TokenCtx()
    {
        if (slots)
            PKCS11_release_all_slots(ctx, slots, count);
        if (loaded)
            PKCS11_CTX_unload(ctx);
        PKCS11_CTX_free(ctx);
    }
};

// Loads the module and finds the initialised token labelled k.tokenLabel (no login).
Result<PKCS11_SLOT*> findToken(TokenCtx& c, const TokenKey& k)
{
    std::error_code ec;
    if (!std::filesystem::exists(k.modulePath, ec))
        return fail(Errc::TokenError, "PKCS#11 module not found: " + k.modulePath);
    if (PKCS11_CTX_load(c.ctx, k.modulePath.c_str()) != 0)
        return fail(Errc::TokenError, "cannot load PKCS#11 module " + k.modulePath + ": " + opensslErrors());
    c.loaded = true;
    if (PKCS11_enumerate_slots(c.ctx, &c.slots, &c.count) != 0)
        return fail(Errc::TokenError, "cannot list slots: " + opensslErrors());
    for (unsigned int i = 0; i < c.count; ++i) {
        PKCS11_TOKEN* t = c.slots[i].token;
        if (t && t->initialized && t->label && std::string_view(t->label) == k.tokenLabel)
            return &c.slots[i];
    }
    return fail(Errc::TokenNotFound, "no token labelled \"" + k.tokenLabel + "\"");
}

std::string toDer(X509* cert)
{
    unsigned char* der = nullptr;
    const int len = i2d_X509(cert, &der);
    std::string out(reinterpret_cast<char*>(der), static_cast<std::size_t>(std::max(len, 0)));
    OPENSSL_free(der);
    return out;
}

// The certificate of the key on the token, read WITHOUT logging in: certificate objects are public
// (CKA_PRIVATE false), so this needs no PIN. With k.keyLabel, the certificate of that label (tokens
// label a key and its certificate alike); else the first end-entity (non-CA) certificate. DER.
Result<std::string> tokenCertificateSession(const TokenKey& k)
{
    TokenCtx c;
    auto slot = findToken(c, k);
    if (!slot)
        return std::unexpected(slot.error());
    PKCS11_CERT* certs = nullptr;
    unsigned int n = 0;
    if (PKCS11_enumerate_certs((*slot)->token, &certs, &n) != 0)
        return fail(Errc::TokenError, "cannot list certificates: " + opensslErrors());
    for (unsigned int i = 0; i < n; ++i) {
        if (!certs[i].x509)
            continue;
        if (!k.keyLabel.empty() ? certs[i].label && std::string_view(certs[i].label) == k.keyLabel
                                : X509_check_ca(certs[i].x509) == 0)
            return toDer(certs[i].x509);
    }
    return fail(Errc::KeyNotFound, k.keyLabel.empty() ? "no end-entity certificate on the token"
                                                      : "no certificate labelled \"" + k.keyLabel + "\" on the token");
}

// One token session in the current (child) process: find the token by label, log in, find the key
// and its certificate; sign `tbs` when given. Returns fields: certificate DER, signature.
Result<std::string> tokenSession(const TokenKey& k, const std::string* tbs, RsaPadding padding)
{
    TokenCtx c;
    auto token = findToken(c, k);
    if (!token)
        return std::unexpected(token.error());
    PKCS11_SLOT* slot = *token;
    if (slot->token->userPinLocked)
        return fail(Errc::PinLocked, "token \"" + k.tokenLabel + "\"");
    if (PKCS11_login(slot, 0, k.pin.c_str()) != 0) {
        const int reason = ERR_GET_REASON(ERR_peek_last_error());
        ERR_clear_error();
        if (reason == kCkrPinIncorrect || reason == kCkrPinLenRange)
            return fail(Errc::WrongPin, "token \"" + k.tokenLabel + "\"");
        if (reason == kCkrPinLocked)
            return fail(Errc::PinLocked, "token \"" + k.tokenLabel + "\"");
        return fail(Errc::TokenError, "login failed with PKCS#11 code " + std::to_string(reason));
    }
    PKCS11_KEY* keys = nullptr;
    unsigned int nkeys = 0;
    if (PKCS11_enumerate_keys(slot->token, &keys, &nkeys) != 0)
        return fail(Errc::TokenError, "cannot list keys: " + opensslErrors());
    PKCS11_KEY* key = nullptr;
    PKCS11_CERT* cert = nullptr;
    for (unsigned int i = 0; i < nkeys; ++i) {
        if (!k.keyLabel.empty() && (!keys[i].label || std::string_view(keys[i].label) != k.keyLabel))
            continue;
        if (PKCS11_CERT* found = PKCS11_find_certificate(&keys[i]); found && found->x509) {
            key = &keys[i];
            cert = found;
            break;
        }
    }
    if (!key)
        return fail(Errc::KeyNotFound, k.keyLabel.empty() ? "no private key with a certificate on the token"
                                                          : "no key labelled \"" + k.keyLabel + "\" with a certificate");
    std::string out;
    putField(out, toDer(cert->x509));
    if (tbs) {
        EVP_PKEY* pkey = PKCS11_get_private_key(key);
        if (!pkey)
            return fail(Errc::TokenError, "cannot use the private key: " + opensslErrors());
        auto sig = signWithPkey(pkey, *tbs, padding);
        EVP_PKEY_free(pkey);
        if (!sig)
            return std::unexpected(sig.error());
        putField(out, *sig);
    }
    return out;
}

SandboxLimits tokenLimits(const TokenKey& k)
{
    SandboxLimits l;
    l.timeout = k.timeout;
    l.onTimeout = Errc::TokenTimeout;
    l.onCrash = Errc::TokenError;
    return l;
}

Result<SignerKey> loadToken(const TokenKey& k)
{
    auto answer = runSandboxed([&k] { return tokenSession(k, nullptr, RsaPadding::Pkcs1v15); }, tokenLimits(k));
    if (!answer) {
        log::warning(kLog, "token \"" + k.tokenLabel + "\": " + answer.error().toString());
        return std::unexpected(answer.error());
    }
    std::size_t pos = 0;
    std::string certDer;
    if (!getField(*answer, pos, certDer))
        return fail(Errc::TokenError, "garbled answer from the token process");
    const auto* p = reinterpret_cast<const unsigned char*>(certDer.data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(certDer.size())));
    if (!cert)
        return fail(Errc::TokenError, "the token's certificate cannot be read");
    SignerKey key;
    key.cert = std::move(cert);
    key.sign = [k](std::string_view data, RsaPadding padding) -> Result<std::string> {
        const std::string tbs(data);
        auto res = runSandboxed([&] { return tokenSession(k, &tbs, padding); }, tokenLimits(k));
        if (!res)
            return std::unexpected(res.error());
        std::size_t at = 0;
        std::string certField, sig;
        if (!getField(*res, at, certField) || !getField(*res, at, sig))
            return fail(Errc::TokenError, "garbled answer from the token process");
        return sig;
    };
    return key;
}

} // namespace

Result<SignerKey> loadSignerKey(const KeySource& source, const std::vector<std::string>& extraCerts,
                                vntime::Instant at)
{
    Result<SignerKey> key = std::holds_alternative<Pkcs12Key>(source) ? loadPkcs12(std::get<Pkcs12Key>(source))
                                                                       : loadToken(std::get<TokenKey>(source));
    if (!key)
        return key;
    if (auto st = checkKeyType(X509_get0_pubkey(key->cert.get())); !st)
        return std::unexpected(st.error());
    if (auto st = checkValidity(key->cert.get(), at); !st)
        return std::unexpected(st.error());
    for (const auto& path : extraCerts) {
        auto certs = loadPemCertificates(path);
        if (!certs)
            return std::unexpected(certs.error());
        for (auto& c : *certs)
            key->chain.push_back(std::move(c));
    }
    return key;
}

Result<X509Ptr> loadKeyCertificate(const KeySource& source)
{
    if (const auto* p12 = std::get_if<Pkcs12Key>(&source)) {
        auto key = loadPkcs12(*p12);
        if (!key)
            return std::unexpected(key.error());
        return std::move(key->cert);
    }
    const auto& k = std::get<TokenKey>(source);
    auto der = runSandboxed([&k] { return tokenCertificateSession(k); }, tokenLimits(k));
    if (!der) {
        log::warning(kLog, "token \"" + k.tokenLabel + "\": " + der.error().toString());
        return std::unexpected(der.error());
    }
    const auto* p = reinterpret_cast<const unsigned char*>(der->data());
    X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der->size())));
    if (!cert)
        return fail(Errc::TokenError, "the token's certificate cannot be read");
    return cert;
}

} // namespace vanthu::signing::detail
