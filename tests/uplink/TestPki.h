#pragma once
// Test certificates made with OpenSSL at test time: a CA, certificates it issues (server with
// 127.0.0.1/localhost names, clients, signers), valid or already expired. PEM files.

#include <string>

namespace vanthu::test {

struct PemPair {
    std::string certPath;
    std::string keyPath;
};

// A self-signed CA "<name>" valid from yesterday for ten years, written to <dir>/<name>-ca.{crt,key}.
PemPair makeCa(const std::string& dir, const std::string& name);
// A certificate issued by `ca` for `cn`. server = true adds subjectAltName DNS:localhost, IP:127.0.0.1.
// expired = true makes it valid from 30 days ago until yesterday. Written to <dir>/<file>.{crt,key}.
PemPair issue(const std::string& dir, const std::string& file, const PemPair& ca, const std::string& cn, bool server,
              bool expired = false);

} // namespace vanthu::test
