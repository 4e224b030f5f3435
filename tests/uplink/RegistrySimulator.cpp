#include "RegistrySimulator.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ssl.h>

#include <nlohmann/json.hpp>

#include "vanthu/uplink/Edxml.h"

#include <openssl/x509.h>

#include <condition_variable>
#include <csignal>
#include <cstring>
#include <set>
#include <stdexcept>

namespace vanthu::test {

namespace {

std::string percentDecode(std::string_view s)
{
    std::string out;
    for (size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += char(std::stoi(std::string(s.substr(i + 1, 2)), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string base64(std::string_view in)
{
    std::string out(4 * ((in.size() + 2) / 3) + 1, '\0');
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                  reinterpret_cast<const unsigned char*>(in.data()), int(in.size()));
    out.resize(size_t(n));
    return out;
}

void resetAndClose(int fd)
{
    linger l{1, 0};   // RST instead of an orderly FIN: the peer sees "connection reset"
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof l);
    ::close(fd);
}

struct Request {
    std::string method, path, query;
    std::map<std::string, std::string> headers;
    std::string body;
};

} // namespace

struct RegistrySimulator::Impl {
    SSL_CTX* ctx = nullptr;
    int listenFd = -1;
    std::atomic<bool> running{false};
    std::thread acceptThread;
    mutable std::mutex mutex;
    std::vector<std::thread> connThreads;
    std::set<int> openFds;
    std::map<std::string, StoredPackage> stored;
    struct Status {
        std::string id, organ, package;
        bool acked = false;
    };
    std::vector<Status> statuses;
    Faults faults;
    std::mt19937 rng;
    int receiptCounter = 0;
    std::condition_variable releaseCv;
    bool released = false;   // guarded by mutex

    bool roll(double p)
    {
        if (p <= 0)
            return false;
        std::lock_guard lock(mutex);
        return std::uniform_real_distribution<double>(0, 1)(rng) < p;
    }
};

RegistrySimulator::RegistrySimulator(SimulatorOptions options) : m_opt(std::move(options)), d(std::make_unique<Impl>())
{
    d->rng.seed(m_opt.seed);
    std::signal(SIGPIPE, SIG_IGN);   // a client that resets must not kill the test process
    d->ctx = SSL_CTX_new(TLS_server_method());
    if (!d->ctx)
        throw std::runtime_error("SSL_CTX_new");
    SSL_CTX_set_min_proto_version(d->ctx, TLS1_2_VERSION);
    if (SSL_CTX_use_certificate_chain_file(d->ctx, m_opt.certFile.c_str()) != 1 ||
        SSL_CTX_use_PrivateKey_file(d->ctx, m_opt.keyFile.c_str(), SSL_FILETYPE_PEM) != 1)
        throw std::runtime_error("simulator: cannot load the server certificate");
    if (!m_opt.clientCaFile.empty()) {
        if (SSL_CTX_load_verify_locations(d->ctx, m_opt.clientCaFile.c_str(), nullptr) != 1)
            throw std::runtime_error("simulator: cannot load the client CA");
        SSL_CTX_set_client_CA_list(d->ctx, SSL_load_client_CA_file(m_opt.clientCaFile.c_str()));
        SSL_CTX_set_verify(d->ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
    }
}

RegistrySimulator::~RegistrySimulator()
{
    stop();
    SSL_CTX_free(d->ctx);
}

std::string RegistrySimulator::endpoint() const { return "https://127.0.0.1:" + std::to_string(m_port) + "/edxml/v1"; }

void RegistrySimulator::setFaults(const Faults& f)
{
    std::lock_guard lock(d->mutex);
    d->faults = f;
}

void RegistrySimulator::queueStatus(const std::string& id, const std::string& organId, const std::string& package)
{
    std::lock_guard lock(d->mutex);
    d->statuses.push_back({id, organId, package, false});
}

std::map<std::string, StoredPackage> RegistrySimulator::stored() const
{
    std::lock_guard lock(d->mutex);
    return d->stored;
}

void RegistrySimulator::releaseHeld()
{
    {
        std::lock_guard lock(d->mutex);
        d->released = true;
    }
    d->releaseCv.notify_all();
}

std::vector<std::string> RegistrySimulator::acknowledged() const
{
    std::lock_guard lock(d->mutex);
    std::vector<std::string> out;
    for (const auto& s : d->statuses)
        if (s.acked)
            out.push_back(s.id);
    return out;
}

void RegistrySimulator::start()
{
    if (d->running)
        return;
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);   // loopback only
    addr.sin_port = htons(m_port);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 64) != 0) {
        ::close(fd);
        throw std::runtime_error(std::string("simulator: bind/listen: ") + std::strerror(errno));
    }
    socklen_t len = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    d->listenFd = fd;
    d->running = true;
    d->acceptThread = std::thread([this] { acceptLoop(); });
}

void RegistrySimulator::stop()
{
    if (!d->running.exchange(false))
        return;
    {
        std::lock_guard lock(d->mutex);   // a held answer waiting on the latch sees running == false
    }
    d->releaseCv.notify_all();
    d->acceptThread.join();
    ::close(d->listenFd);
    d->listenFd = -1;
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(d->mutex);
        for (int fd : d->openFds)
            ::shutdown(fd, SHUT_RDWR);
        threads.swap(d->connThreads);
    }
    for (auto& t : threads)
        t.join();
}

void RegistrySimulator::acceptLoop()
{
    while (d->running) {
        pollfd p{d->listenFd, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0)
            continue;
        const int fd = ::accept4(d->listenFd, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0)
            continue;
        Faults f;
        {
            std::lock_guard lock(d->mutex);
            f = d->faults;
        }
        if (d->roll(f.refuse)) {
            ++m_faults;
            resetAndClose(fd);
            continue;
        }
        timeval tv{10, 0};
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        // Without it, TLS 1.3 session tickets followed by the first answer meet Nagle's algorithm
        // and the client's delayed ACK: 40 ms lost on every new connection.
        const int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        std::lock_guard lock(d->mutex);
        d->openFds.insert(fd);
        d->connThreads.emplace_back([this, fd] { serve(fd); });
    }
}

void RegistrySimulator::serve(int fd)
{
    SSL* ssl = SSL_new(d->ctx);
    SSL_set_fd(ssl, fd);
    bool reset = false;
    const auto finish = [&] {
        {
            std::lock_guard lock(d->mutex);
            d->openFds.erase(fd);
        }
        if (reset) {
            resetAndClose(fd);
        } else {
            SSL_shutdown(ssl);
            ::close(fd);
        }
        SSL_free(ssl);
    };
    if (SSL_accept(ssl) != 1) {
        ERR_clear_error();
        {
            std::lock_guard lock(d->mutex);
            d->openFds.erase(fd);
        }
        // A lingering close, as real servers do: the alert is already sent; closing with the
        // client's first request still unread would make the kernel answer with a reset, which can
        // overtake the alert under TLS 1.3 (the client then sees a plain reset, not the refusal).
        ::shutdown(fd, SHUT_WR);
        timeval tv{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        char drain[4096];
        while (::recv(fd, drain, sizeof drain, 0) > 0) {
        }
        ::close(fd);
        SSL_free(ssl);
        return;
    }
    // The client certificate's CN is the agency's OrganId; requests must name the same one.
    std::string peerOrgan;
    if (X509* peer = SSL_get1_peer_certificate(ssl)) {
        char cn[256] = {};
        X509_NAME_get_text_by_NID(X509_get_subject_name(peer), NID_commonName, cn, sizeof cn);
        peerOrgan = cn;
        X509_free(peer);
    }
    std::string buf;
    const auto readMore = [&]() -> bool {
        char chunk[65536];
        const int n = SSL_read(ssl, chunk, sizeof chunk);
        if (n <= 0)
            return false;
        buf.append(chunk, size_t(n));
        return true;
    };
    const auto respond = [&](int code, const std::string& body) {
        const char* reason = code == 200 ? "OK" : code == 201 ? "Created" : code == 204 ? "No Content"
                           : code == 404 ? "Not Found" : code == 409 ? "Conflict" : code == 400 ? "Bad Request"
                           : code == 403 ? "Forbidden" : code == 422 ? "Unprocessable Entity"
                                                                                                : "Internal Server Error";
        std::string r = "HTTP/1.1 " + std::to_string(code) + " " + reason +
                        "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\nConnection: keep-alive\r\n\r\n" + body;
        size_t off = 0;
        while (off < r.size()) {
            const int n = SSL_write(ssl, r.data() + off, int(r.size() - off));
            if (n <= 0)
                return false;
            off += size_t(n);
        }
        return true;
    };

    while (d->running) {
        size_t headerEnd;
        while ((headerEnd = buf.find("\r\n\r\n")) == std::string::npos)
            if (buf.size() > 65536 || !readMore()) {
                finish();
                return;
            }
        Request req;
        {
            const std::string head = buf.substr(0, headerEnd);
            buf.erase(0, headerEnd + 4);
            size_t lineEnd = head.find("\r\n");
            const std::string line = head.substr(0, lineEnd);
            const auto sp1 = line.find(' '), sp2 = line.rfind(' ');
            req.method = line.substr(0, sp1);
            std::string target = line.substr(sp1 + 1, sp2 - sp1 - 1);
            if (auto q = target.find('?'); q != std::string::npos) {
                req.query = target.substr(q + 1);
                target.resize(q);
            }
            req.path = target;
            size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
            while (pos < head.size()) {
                size_t e = head.find("\r\n", pos);
                if (e == std::string::npos)
                    e = head.size();
                const std::string h = head.substr(pos, e - pos);
                if (auto c = h.find(':'); c != std::string::npos) {
                    std::string name = h.substr(0, c);
                    for (auto& ch : name)
                        ch = char(std::tolower(static_cast<unsigned char>(ch)));
                    std::string value = h.substr(c + 1);
                    while (!value.empty() && value.front() == ' ')
                        value.erase(0, 1);
                    req.headers[name] = value;
                }
                pos = e + 2;
            }
        }
        const size_t length = req.headers.count("content-length") ? std::stoul(req.headers["content-length"]) : 0;
        Faults f;
        {
            std::lock_guard lock(d->mutex);
            f = d->faults;
        }
        const bool isPut = req.method == "PUT";
        if (isPut && length > 0 && d->roll(f.dropMidUpload)) {
            ++m_faults;
            while (buf.size() < length / 2 && readMore()) {
            }
            reset = true;
            finish();
            return;
        }
        while (buf.size() < length)
            if (!readMore()) {
                finish();
                return;
            }
        req.body = buf.substr(0, length);
        buf.erase(0, length);

        if (d->roll(f.error500)) {
            ++m_faults;
            if (!respond(500, R"({"error":"injected"})"))
                break;
            continue;
        }
        const std::string prefix = "/edxml/v1";
        if (!req.path.starts_with(prefix)) {
            respond(404, R"({"error":"unknown path"})");
            continue;
        }
        const std::string path = req.path.substr(prefix.size());
        if (!m_opt.clientCaFile.empty() && req.headers["x-organ-id"] != peerOrgan) {
            respond(403, R"({"error":"X-Organ-Id does not match the client certificate"})");
            continue;
        }
        if (isPut && !m_opt.trustedCerts.empty()) {
            auto parsed = uplink::parsePackage(req.body, m_opt.trustedCerts);
            if (!parsed) {
                respond(422, nlohmann::json{{"error", parsed.error().toString()}}.dump());
                continue;
            }
        }
        int code = 404;
        std::string body = R"({"error":"unknown path"})";
        bool dropAfter = false;
        int sleepMs = 0;
        bool hold = false;
        if (path.starts_with("/packages/") && (isPut || req.method == "GET")) {
            const std::string key = percentDecode(path.substr(std::string("/packages/").size()));
            std::lock_guard lock(d->mutex);
            auto it = d->stored.find(key);
            if (req.method == "GET") {
                if (it != d->stored.end()) {
                    code = 200;
                    body = nlohmann::json{{"receipt", it->second.receipt}, {"duplicate", true}}.dump();
                }
            } else {
                ++m_puts;
                if (it == d->stored.end()) {
                    StoredPackage s;
                    s.key = key;
                    s.documentId = percentDecode(req.headers["x-document-id"]);
                    s.package = req.body;
                    s.receipt = "R" + std::to_string(++d->receiptCounter);
                    s.deliveries = 1;
                    it = d->stored.emplace(key, std::move(s)).first;
                    ++m_firstStores;
                    code = 201;
                    body = nlohmann::json{{"receipt", it->second.receipt}, {"duplicate", false}}.dump();
                } else if (it->second.package == req.body) {
                    ++it->second.deliveries;
                    ++m_rePuts;
                    code = 200;
                    body = nlohmann::json{{"receipt", it->second.receipt}, {"duplicate", true}}.dump();
                } else {
                    code = 409;
                    body = R"({"error":"another package was stored under this key"})";
                }
                if (code != 409) {
                    std::uniform_real_distribution<double> u(0, 1);
                    if (f.dropAfterStore > 0 && u(d->rng) < f.dropAfterStore) {
                        dropAfter = true;
                        ++m_faults;
                    } else if (f.holdAnswers) {
                        hold = true;
                        ++m_faults;
                    } else if (f.slow > 0 && u(d->rng) < f.slow) {
                        sleepMs = f.slowMs;
                        ++m_faults;
                    }
                }
            }
        } else if (path == "/statuses" && req.method == "GET") {
            std::string organ;
            if (auto p = req.query.find("organ="); p != std::string::npos)
                organ = percentDecode(req.query.substr(p + 6));
            nlohmann::json list = nlohmann::json::array();
            std::lock_guard lock(d->mutex);
            for (const auto& s : d->statuses) {
                const bool redeliver = s.acked && f.duplicateStatus > 0 &&
                                       std::uniform_real_distribution<double>(0, 1)(d->rng) < f.duplicateStatus;
                if (s.organ == organ && (!s.acked || redeliver))
                    list.push_back({{"id", s.id}, {"package", base64(s.package)}});
            }
            code = 200;
            body = nlohmann::json{{"messages", list}}.dump();
        } else if (path.starts_with("/statuses/") && path.ends_with("/ack") && req.method == "POST") {
            const std::string id = percentDecode(path.substr(10, path.size() - 10 - 4));
            std::lock_guard lock(d->mutex);
            for (auto& s : d->statuses)
                if (s.id == id) {
                    s.acked = true;
                    code = 204;
                    body.clear();
                }
        }
        if (dropAfter) {
            reset = true;
            finish();
            return;
        }
        if (sleepMs > 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(sleepMs));
        if (hold) {
            ++m_held;
            std::unique_lock lock(d->mutex);
            // Bounded, so a test that forgets to release cannot hang the simulator's shutdown.
            d->releaseCv.wait_for(lock, std::chrono::seconds(60), [&] { return d->released || !d->running; });
            --m_held;
        }
        if (!respond(code, body))
            break;
    }
    finish();
}

ConnectProxy::ConnectProxy()
{
    std::signal(SIGPIPE, SIG_IGN);
    m_listen = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listen, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_listen, 16) != 0)
        throw std::runtime_error("proxy: bind/listen");
    socklen_t len = sizeof addr;
    getsockname(m_listen, reinterpret_cast<sockaddr*>(&addr), &len);
    m_port = ntohs(addr.sin_port);
    m_accept = std::thread([this] {
        while (m_running) {
            pollfd p{m_listen, POLLIN, 0};
            if (::poll(&p, 1, 50) <= 0)
                continue;
            const int fd = ::accept4(m_listen, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            std::lock_guard lock(m_mutex);
            m_fds.push_back(fd);
            m_threads.emplace_back([this, fd] { relay(fd); });
        }
    });
}

ConnectProxy::~ConnectProxy()
{
    m_running = false;
    m_accept.join();
    ::close(m_listen);
    std::lock_guard lock(m_mutex);
    for (int fd : m_fds)
        ::shutdown(fd, SHUT_RDWR);
    for (auto& t : m_threads)
        t.join();
}

void ConnectProxy::relay(int client)
{
    std::string head;
    char c;
    while (head.find("\r\n\r\n") == std::string::npos && head.size() < 8192) {
        if (::read(client, &c, 1) != 1) {
            ::close(client);
            return;
        }
        head += c;
    }
    // "CONNECT 127.0.0.1:PORT HTTP/1.1": only loopback targets are relayed.
    const std::string prefix = "CONNECT 127.0.0.1:";
    if (!head.starts_with(prefix)) {
        const std::string no = "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n";
        (void)!::write(client, no.data(), no.size());
        ::close(client);
        return;
    }
    const int port = std::stoi(head.substr(prefix.size()));
    const int up = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(uint16_t(port));
    if (::connect(up, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
        const std::string bad = "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n";
        (void)!::write(client, bad.data(), bad.size());
        ::close(up);
        ::close(client);
        return;
    }
    {
        std::lock_guard lock(m_mutex);
        m_fds.push_back(up);
    }
    ++m_tunnels;
    const std::string ok = "HTTP/1.1 200 Connection established\r\n\r\n";
    (void)!::write(client, ok.data(), ok.size());
    char buf[65536];
    pollfd fds[2] = {{client, POLLIN, 0}, {up, POLLIN, 0}};
    while (m_running) {
        if (::poll(fds, 2, 100) < 0)
            break;
        bool closed = false;
        for (int i = 0; i < 2; ++i) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            const ssize_t n = ::read(fds[i].fd, buf, sizeof buf);
            if (n <= 0 || ::write(fds[1 - i].fd, buf, size_t(n)) != n) {
                closed = true;
                break;
            }
        }
        if (closed)
            break;
    }
    ::close(up);
    ::close(client);
}

} // namespace vanthu::test
