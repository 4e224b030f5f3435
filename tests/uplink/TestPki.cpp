#include "TestPki.h"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <ctime>
#include <memory>
#include <stdexcept>

namespace vanthu::test {

namespace {

struct KeyFree {
    void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
struct CertFree {
    void operator()(X509* c) const { X509_free(c); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

KeyPtr newKey()
{
    KeyPtr k(EVP_RSA_gen(2048));
    if (!k)
        throw std::runtime_error("RSA key generation failed");
    return k;
}

void addExt(X509* cert, X509* issuer, int nid, const char* value)
{
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
    if (!ext)
        throw std::runtime_error("bad extension");
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
}

void writePem(const std::string& path, X509* cert, EVP_PKEY* key)
{
    FILE* f = std::fopen(path.c_str(), "w");
    if (!f)
        throw std::runtime_error("cannot write " + path);
    const int ok = cert ? PEM_write_X509(f, cert) : PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    std::fclose(f);
    if (!ok)
        throw std::runtime_error("PEM write failed " + path);
}

CertPtr readCert(const std::string& path)
{
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f)
        throw std::runtime_error("cannot read " + path);
    CertPtr c(PEM_read_X509(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    return c;
}

KeyPtr readKey(const std::string& path)
{
    FILE* f = std::fopen(path.c_str(), "r");
    if (!f)
        throw std::runtime_error("cannot read " + path);
    KeyPtr k(PEM_read_PrivateKey(f, nullptr, nullptr, nullptr));
    std::fclose(f);
    return k;
}

long g_serial = 1;

CertPtr makeCert(EVP_PKEY* key, const std::string& cn, long fromSec, long toSec)
{
    CertPtr c(X509_new());
    X509_set_version(c.get(), 2);
    ASN1_INTEGER_set(X509_get_serialNumber(c.get()), ++g_serial + long(std::time(nullptr) % 100000) * 1000);
    X509_gmtime_adj(X509_getm_notBefore(c.get()), fromSec);
    X509_gmtime_adj(X509_getm_notAfter(c.get()), toSec);
    X509_set_pubkey(c.get(), key);
    X509_NAME* name = X509_get_subject_name(c.get());
    X509_NAME_add_entry_by_txt(name, "C", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("VN"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "O", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("vanthu test"), -1, -1, 0);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_UTF8, reinterpret_cast<const unsigned char*>(cn.c_str()), -1, -1, 0);
    return c;
}

} // namespace

PemPair makeCa(const std::string& dir, const std::string& name)
{
    KeyPtr key = newKey();
    CertPtr c = makeCert(key.get(), name + " CA", -86400L, 10L * 365 * 86400);
    X509_set_issuer_name(c.get(), X509_get_subject_name(c.get()));
    addExt(c.get(), c.get(), NID_basic_constraints, "critical,CA:TRUE");
    addExt(c.get(), c.get(), NID_key_usage, "critical,keyCertSign,cRLSign");
    addExt(c.get(), c.get(), NID_subject_key_identifier, "hash");
    if (!X509_sign(c.get(), key.get(), EVP_sha256()))
        throw std::runtime_error("CA signing failed");
    PemPair p{dir + "/" + name + "-ca.crt", dir + "/" + name + "-ca.key"};
    writePem(p.certPath, c.get(), nullptr);
    writePem(p.keyPath, nullptr, key.get());
    return p;
}

PemPair issue(const std::string& dir, const std::string& file, const PemPair& ca, const std::string& cn, bool server,
              bool expired)
{
    CertPtr caCert = readCert(ca.certPath);
    KeyPtr caKey = readKey(ca.keyPath);
    KeyPtr key = newKey();
    CertPtr c = expired ? makeCert(key.get(), cn, -30L * 86400, -86400L) : makeCert(key.get(), cn, -86400L, 365L * 86400);
    X509_set_issuer_name(c.get(), X509_get_subject_name(caCert.get()));
    addExt(c.get(), caCert.get(), NID_basic_constraints, "critical,CA:FALSE");
    addExt(c.get(), caCert.get(), NID_authority_key_identifier, "keyid");
    if (server) {
        addExt(c.get(), caCert.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
        addExt(c.get(), caCert.get(), NID_ext_key_usage, "serverAuth");
    } else {
        addExt(c.get(), caCert.get(), NID_key_usage, "critical,digitalSignature,nonRepudiation");
        addExt(c.get(), caCert.get(), NID_ext_key_usage, "clientAuth,emailProtection");
    }
    if (!X509_sign(c.get(), caKey.get(), EVP_sha256()))
        throw std::runtime_error("certificate signing failed");
    PemPair p{dir + "/" + file + ".crt", dir + "/" + file + ".key"};
    writePem(p.certPath, c.get(), nullptr);
    writePem(p.keyPath, nullptr, key.get());
    return p;
}

} // namespace vanthu::test
