#pragma once
// A throw-away PKI (root CA, agency RSA, leader ECDSA P-256, expired, TSA) built once per test run
// with the `openssl` command line, an NSS database trusting the root for `pdfsig`, and a tiny
// RFC 3161 TSA on loopback that answers with `openssl ts -reply`. Also independent readers of
// signed PDFs (ByteRange / CMS extraction by hand, pdfsig output parsing).

#include "TestSupport.h"

#include <atomic>
#include <string>
#include <thread>
#include <vector>

namespace vanthu::signing::test {

struct Pki {
    std::string dir;
    std::string rootCert;        // PEM
    std::string agencyP12;       // RSA 2048, CN "SỞ THỬ NGHIỆM TỈNH MẪU"
    std::string leaderP12;       // ECDSA P-256, CN "Nguyễn Văn Lãnh Đạo"
    std::string expiredP12;      // RSA 2048, expired in 2021
    std::string weakP12;         // RSA 1024 (rejected)
    std::string agencyCert, agencyKey, leaderCert, leaderKey;   // PEM, for the token tests
    std::string tsaConfig;       // openssl ts config
    std::string nssDir;          // sql: NSS db with the root trusted (pdfsig -nssdir)
    std::string password = "mật-khẩu-123";
};

// Built on first use; lives until the process exits.
const Pki& pki();

// Issues an ECDSA P-256 signer certificate from the test root with extra extension lines (e.g.
// "crlDistributionPoints=URI:http://..."), exported as PKCS#12 with pki().password; returns its path.
std::string issueSigner(const std::string& name, const std::string& commonName, const std::string& extraExt);
// Revokes the certificate issued as `name` and writes the root's CRL to <pki dir>/root.crl.
void revokeAndPublishCrl(const std::string& name);
// Writes the root's current CRL (nothing revoked yet) to <pki dir>/root.crl.
void publishCrl();

std::string sharedFile(const std::string& relative);   // under VANTHU_SHARED_DIR

// `pdfsig -nssdir <db> FILE` output.
std::string pdfsig(const std::string& file);
// Number of "Signature is Valid." lines in pdfsig output.
int validCount(const std::string& pdfsigOutput);
// `qpdf --check` exit code 0 and no warnings.
bool qpdfClean(const std::string& file, std::string* out = nullptr);

// The last signature's ByteRange and CMS (DER, trimmed to its length), found by scanning bytes.
struct RawSignature {
    long long br[4] = {0, 0, 0, 0};
    std::string cms;
    std::string signedBytes;
};
std::vector<RawSignature> rawSignatures(const std::string& file);

// A loopback HTTP server answering RFC 3161 POSTs with `openssl ts -reply`, and GET /root.crl
// with the file <pki dir>/root.crl, and POST /ocsp with `openssl ocsp`.
class TsaServer {
public:
    TsaServer();
    ~TsaServer();
    std::string url() const;
    std::string crlUrl() const;
    std::string ocspUrl() const;   // answered by `openssl ocsp` from the test CA's index
    int requests() const { return m_requests.load(); }

private:
    void serve();
    int m_listen = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_requests{0};
    std::thread m_thread;
};

} // namespace vanthu::signing::test
