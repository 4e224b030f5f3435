#pragma once
// A registry simulator for tests and the benchmark: a real HTTPS server (OpenSSL, TLS 1.2+, client
// certificates required when a client CA is given) on 127.0.0.1 implementing uplink/PROTOCOL.md,
// storing what it receives, with fault injection drawn per request from a seeded generator.

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

namespace vanthu::test {

struct SimulatorOptions {
    std::string certFile;       // server certificate (PEM)
    std::string keyFile;
    std::string clientCaFile;   // when set, clients must present a certificate issued by it (mTLS)
    uint32_t seed = 1;
    std::vector<std::string> trustedCerts;   // when set, packages must verify (schema + XML signature) or get 422
};

// Probabilities per request, 0..1.
struct Faults {
    double refuse = 0;          // accept, then reset the connection before the TLS handshake
    double error500 = 0;        // answer 500 without storing
    double slow = 0;            // store, then wait slowMs before answering
    int slowMs = 0;
    double dropMidUpload = 0;   // read part of the body, then reset the connection
    double dropAfterStore = 0;  // store, then reset without answering (the client will deliver again)
    double duplicateStatus = 0; // offer an already acknowledged status message again
};

struct StoredPackage {
    std::string key;
    std::string documentId;
    std::string package;
    std::string receipt;
    int deliveries = 0;         // PUTs of this key that reached the handler
};

class RegistrySimulator {
public:
    explicit RegistrySimulator(SimulatorOptions options);
    ~RegistrySimulator();
    RegistrySimulator(const RegistrySimulator&) = delete;
    RegistrySimulator& operator=(const RegistrySimulator&) = delete;

    // Listens on 127.0.0.1 (port 0: any free port, kept across stop()/start()). Throws on failure.
    void start();
    // Closes the listening socket (new connections are refused) and every open connection.
    void stop();
    uint16_t port() const { return m_port; }
    std::string endpoint() const;   // "https://127.0.0.1:<port>/edxml/v1"

    void setFaults(const Faults& f);
    // A status package waiting for agency `organId`.
    void queueStatus(const std::string& id, const std::string& organId, const std::string& package);

    std::map<std::string, StoredPackage> stored() const;
    int puts() const { return m_puts.load(); }
    int faultsInjected() const { return m_faults.load(); }
    std::vector<std::string> acknowledged() const;

private:
    struct Impl;
    void acceptLoop();
    void serve(int fd);

    SimulatorOptions m_opt;
    std::unique_ptr<Impl> d;
    uint16_t m_port = 0;
    std::atomic<int> m_puts{0};
    std::atomic<int> m_faults{0};
};

// A minimal HTTP CONNECT proxy on 127.0.0.1 (plain TCP relay), to show the uploader goes through a
// configured proxy. Counts the tunnels it opened.
class ConnectProxy {
public:
    ConnectProxy();
    ~ConnectProxy();
    ConnectProxy(const ConnectProxy&) = delete;
    ConnectProxy& operator=(const ConnectProxy&) = delete;
    uint16_t port() const { return m_port; }
    int tunnels() const { return m_tunnels.load(); }

private:
    void relay(int client);
    int m_listen = -1;
    uint16_t m_port = 0;
    std::atomic<bool> m_running{true};
    std::atomic<int> m_tunnels{0};
    std::thread m_accept;
    std::mutex m_mutex;
    std::vector<std::thread> m_threads;
    std::vector<int> m_fds;
};

} // namespace vanthu::test
