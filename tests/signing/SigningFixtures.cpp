#include "SigningFixtures.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <regex>
#include <stdexcept>

namespace vanthu::signing::test {

namespace fs = std::filesystem;
using vanthu::test::run;

namespace {

void must(const std::vector<std::string>& argv, const std::string& input = {})
{
    auto r = run(argv, input);
    if (r.exitCode != 0) {
        std::string cmd;
        for (const auto& a : argv)
            cmd += a + " ";
        throw std::runtime_error("command failed: " + cmd + "\n" + r.out + r.err);
    }
}

std::string write(const std::string& dir, const std::string& name, const std::string& text)
{
    const std::string path = dir + "/" + name;
    vanthu::test::writeFile(path, text);
    return path;
}

// Issues a certificate for `name` from the root with the extensions in `ext` (section "ext").
void issue(const Pki& p, const std::string& name, const std::string& keyArgs, const std::string& subject,
           const std::string& ext, const std::vector<std::string>& validity)
{
    const std::string d = p.dir;
    std::vector<std::string> req{VANTHU_OPENSSL, "req", "-new", "-utf8", "-nodes", "-newkey"};
    req.push_back(keyArgs);
    if (keyArgs == "ec")
        req.insert(req.end(), {"-pkeyopt", "ec_paramgen_curve:P-256"});
    req.insert(req.end(), {"-keyout", d + "/" + name + ".key", "-out", d + "/" + name + ".csr", "-subj", subject});
    must(req);
    write(d, name + ".ext", "[ext]\n" + ext);
    std::vector<std::string> ca{VANTHU_OPENSSL, "ca", "-batch", "-utf8", "-config", d + "/ca.cnf", "-in",
                                d + "/" + name + ".csr", "-out", d + "/" + name + ".crt", "-extfile",
                                d + "/" + name + ".ext", "-extensions", "ext", "-notext"};
    ca.insert(ca.end(), validity.begin(), validity.end());
    must(ca);
}

void exportP12(const Pki& p, const std::string& name)
{
    const std::string d = p.dir;
    must({VANTHU_OPENSSL, "pkcs12", "-export", "-inkey", d + "/" + name + ".key", "-in", d + "/" + name + ".crt",
          "-certfile", d + "/root.crt", "-out", d + "/" + name + ".p12", "-passout", "pass:" + p.password});
}

Pki build()
{
    static vanthu::test::TempDir dir;   // removed at process exit
    Pki p;
    p.dir = dir.path().string();
    const std::string d = p.dir;
    must({VANTHU_OPENSSL, "req", "-x509", "-utf8", "-nodes", "-newkey", "rsa:2048", "-keyout", d + "/root.key", "-out",
          d + "/root.crt", "-days", "3650", "-subj", "/C=VN/O=Vanthu Test/CN=Vanthu Test Root CA", "-addext",
          "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign"});
    write(d, "index.txt", "");
    write(d, "serial", "1000\n");
    write(d, "ca.cnf",
          "[ca]\ndefault_ca = CA_default\n[CA_default]\ndir = " + d + "\ndatabase = " + d + "/index.txt\n"
          "new_certs_dir = " + d + "\nserial = " + d + "/serial\ncertificate = " + d + "/root.crt\n"
          "private_key = " + d + "/root.key\ndefault_md = sha256\ndefault_days = 365\npolicy = any\n"
          "unique_subject = no\ncopy_extensions = none\ncrl_extensions = crl_ext\ndefault_crl_days = 7\n"
          "[any]\ncommonName = supplied\n[crl_ext]\nauthorityKeyIdentifier = keyid:always\n");
    const std::string signerExt = "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n";
    issue(p, "agency", "rsa:2048", "/C=VN/O=SỞ THỬ NGHIỆM TỈNH MẪU/CN=SỞ THỬ NGHIỆM TỈNH MẪU", signerExt, {});
    issue(p, "leader", "ec", "/C=VN/O=SỞ THỬ NGHIỆM TỈNH MẪU/CN=Nguyễn Văn Lãnh Đạo", signerExt, {});
    issue(p, "expired", "rsa:2048", "/C=VN/CN=Chứng thư hết hạn", signerExt,
          {"-startdate", "20200101000000Z", "-enddate", "20210101000000Z"});
    issue(p, "weak", "rsa:1024", "/C=VN/CN=Khóa yếu", signerExt, {});
    issue(p, "tsa", "rsa:2048", "/C=VN/O=Vanthu Test/CN=Vanthu Test TSA",
          "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=critical,timeStamping\n", {});
    for (const char* n : {"agency", "leader", "expired", "weak"})
        exportP12(p, n);
    p.rootCert = d + "/root.crt";
    p.agencyP12 = d + "/agency.p12";
    p.leaderP12 = d + "/leader.p12";
    p.expiredP12 = d + "/expired.p12";
    p.weakP12 = d + "/weak.p12";
    p.agencyCert = d + "/agency.crt";
    p.agencyKey = d + "/agency.key";
    p.leaderCert = d + "/leader.crt";
    p.leaderKey = d + "/leader.key";
    write(d, "tsaserial", "01\n");
    p.tsaConfig = write(d, "ts.cnf",
                        "[tsa]\ndefault_tsa = tsa1\n[tsa1]\ndir = " + d + "\nserial = " + d + "/tsaserial\n"
                        "crypto_device = builtin\nsigner_cert = " + d + "/tsa.crt\nsigner_key = " + d + "/tsa.key\n"
                        "certs = " + d + "/root.crt\nsigner_digest = sha256\ndefault_policy = 1.3.6.1.4.1.99999.1\n"
                        "digests = sha256, sha384, sha512\nother_policies = 1.3.6.1.4.1.99999.2\naccuracy = secs:1\nordering = yes\ntsa_name = yes\n"
                        "ess_cert_id_chain = no\ness_cert_id_alg = sha256\n");
    fs::create_directories(d + "/nssdb");
    p.nssDir = "sql:" + d + "/nssdb";
    must({VANTHU_CERTUTIL, "-N", "-d", p.nssDir, "--empty-password"});
    must({VANTHU_CERTUTIL, "-A", "-d", p.nssDir, "-n", "vanthu-test-root", "-t", "CT,C,C", "-i", p.rootCert});
    return p;
}

} // namespace

std::string issueSigner(const std::string& name, const std::string& commonName, const std::string& extraExt)
{
    const Pki& p = pki();
    issue(p, name, "ec", "/C=VN/CN=" + commonName,
          "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n" + extraExt + "\n", {});
    exportP12(p, name);
    return p.dir + "/" + name + ".p12";
}

void publishCrl()
{
    const Pki& p = pki();
    must({VANTHU_OPENSSL, "ca", "-config", p.dir + "/ca.cnf", "-gencrl", "-crldays", "7", "-out", p.dir + "/root.crl.pem"});
    must({VANTHU_OPENSSL, "crl", "-in", p.dir + "/root.crl.pem", "-outform", "DER", "-out", p.dir + "/root.crl"});
}

void revokeAndPublishCrl(const std::string& name)
{
    const Pki& p = pki();
    must({VANTHU_OPENSSL, "ca", "-config", p.dir + "/ca.cnf", "-revoke", p.dir + "/" + name + ".crt"});
    publishCrl();
}

const Pki& pki()
{
    static const Pki p = build();
    return p;
}

std::string sharedFile(const std::string& relative)
{
    return std::string(VANTHU_SHARED_DIR) + "/" + relative;
}

std::string pdfsig(const std::string& file)
{
    auto r = run({VANTHU_PDFSIG, "-nssdir", pki().nssDir, file});
    return r.out + r.err;
}

int validCount(const std::string& out)
{
    int n = 0;
    for (std::size_t pos = 0; (pos = out.find("Signature is Valid.", pos)) != std::string::npos; ++pos)
        ++n;
    return n;
}

bool qpdfClean(const std::string& file, std::string* out)
{
    auto r = run({VANTHU_QPDF, "--check", file});
    if (out)
        *out = r.out + r.err;
    return r.exitCode == 0 && r.out.find("No syntax or stream encoding errors") != std::string::npos
           && r.err.find("WARNING") == std::string::npos;
}

std::vector<RawSignature> rawSignatures(const std::string& file)
{
    const std::string bytes = vanthu::test::readFile(file);
    std::vector<RawSignature> out;
    static const std::regex re(R"(/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\])");
    for (auto it = std::sregex_iterator(bytes.begin(), bytes.end(), re); it != std::sregex_iterator(); ++it) {
        RawSignature s;
        for (int i = 0; i < 4; ++i)
            s.br[i] = std::stoll((*it)[i + 1].str());
        if (s.br[2] + s.br[3] > static_cast<long long>(bytes.size()))
            continue;
        std::string der;
        for (long long i = s.br[1] + 1; i + 1 < s.br[2] - 1; i += 2)
            der += static_cast<char>(std::stoi(bytes.substr(static_cast<std::size_t>(i), 2), nullptr, 16));
        // Trim the zero padding: the DER SEQUENCE header gives the length.
        if (der.size() > 4 && static_cast<unsigned char>(der[0]) == 0x30) {
            const auto b1 = static_cast<unsigned char>(der[1]);
            std::size_t len = b1, hdr = 2;
            if (b1 & 0x80) {
                len = 0;
                hdr = 2 + (b1 & 0x7f);
                for (std::size_t k = 2; k < hdr; ++k)
                    len = len * 256 + static_cast<unsigned char>(der[k]);
            }
            der.resize(std::min(der.size(), hdr + len));
        }
        s.cms = der;
        s.signedBytes = bytes.substr(0, static_cast<std::size_t>(s.br[1]))
                        + bytes.substr(static_cast<std::size_t>(s.br[2]), static_cast<std::size_t>(s.br[3]));
        out.push_back(std::move(s));
    }
    return out;
}

TsaServer::TsaServer()
{
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 8) != 0)
        throw std::runtime_error("TSA: cannot listen on loopback");
    socklen_t len = sizeof addr;
    ::getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_thread = std::thread([this] { serve(); });
}

TsaServer::~TsaServer()
{
    m_stop = true;
    m_thread.join();
    ::close(m_listen);
}

std::string TsaServer::ocspUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/ocsp";
}

std::string TsaServer::crlUrl() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/root.crl";
}

std::string TsaServer::url() const
{
    return "http://127.0.0.1:" + std::to_string(m_port) + "/tsa";
}

void TsaServer::serve()
{
    const Pki& p = pki();
    int counter = 0;
    while (!m_stop) {
        pollfd pfd{m_listen, POLLIN, 0};
        if (::poll(&pfd, 1, 100) <= 0)
            continue;
        const int c = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
        if (c < 0)
            continue;
        std::string req;
        char buf[8192];
        std::size_t bodyStart = std::string::npos, contentLength = 0;
        for (;;) {
            const ssize_t n = ::recv(c, buf, sizeof buf, 0);
            if (n <= 0)
                break;
            req.append(buf, static_cast<std::size_t>(n));
            if (bodyStart == std::string::npos && (bodyStart = req.find("\r\n\r\n")) != std::string::npos) {
                bodyStart += 4;
                std::smatch m;
                static const std::regex cl("[Cc]ontent-[Ll]ength:\\s*(\\d+)");
                const std::string head = req.substr(0, bodyStart);
                if (std::regex_search(head, m, cl))
                    contentLength = std::stoul(m[1].str());
            }
            if (bodyStart != std::string::npos && req.size() >= bodyStart + contentLength)
                break;
        }
        if (req.rfind("GET ", 0) == 0) {
            const std::string crlPath = p.dir + "/root.crl";
            const std::string body = fs::exists(crlPath) ? vanthu::test::readFile(crlPath) : std::string();
            const std::string resp = std::string(body.empty() ? "HTTP/1.1 404 Not Found" : "HTTP/1.1 200 OK")
                                     + "\r\nContent-Type: application/pkix-crl\r\nContent-Length: "
                                     + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            ::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
            ::close(c);
            continue;
        }
        if (req.rfind("POST /ocsp", 0) == 0) {
            const std::string q = p.dir + "/o" + std::to_string(++counter) + ".der";
            const std::string a = p.dir + "/o" + std::to_string(counter) + ".resp";
            vanthu::test::writeFile(q, bodyStart == std::string::npos ? std::string() : req.substr(bodyStart));
            auto r = run({VANTHU_OPENSSL, "ocsp", "-index", p.dir + "/index.txt", "-CA", p.rootCert, "-rsigner",
                          p.rootCert, "-rkey", p.dir + "/root.key", "-reqin", q, "-respout", a, "-ndays", "1"});
            const std::string body = r.exitCode == 0 ? vanthu::test::readFile(a) : std::string();
            const std::string resp = std::string(r.exitCode == 0 ? "HTTP/1.1 200 OK" : "HTTP/1.1 500 Error")
                                     + "\r\nContent-Type: application/ocsp-response\r\nContent-Length: "
                                     + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
            ::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
            ::close(c);
            continue;
        }
        ++m_requests;
        const std::string q = p.dir + "/q" + std::to_string(++counter) + ".tsq";
        const std::string a = p.dir + "/q" + std::to_string(counter) + ".tsr";
        vanthu::test::writeFile(q, bodyStart == std::string::npos ? std::string() : req.substr(bodyStart));
        auto r = run({VANTHU_OPENSSL, "ts", "-reply", "-config", p.tsaConfig, "-queryfile", q, "-out", a});
        const std::string body = r.exitCode == 0 ? vanthu::test::readFile(a) : std::string();
        const std::string head = std::string(r.exitCode == 0 ? "HTTP/1.1 200 OK" : "HTTP/1.1 500 Error")
                                 + "\r\nContent-Type: application/timestamp-reply\r\nContent-Length: "
                                 + std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n";
        const std::string resp = head + body;
        ::send(c, resp.data(), resp.size(), MSG_NOSIGNAL);
        ::close(c);
    }
}

} // namespace vanthu::signing::test
