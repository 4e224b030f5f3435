// Drain rate of the outbox: N queued documents, each a signed edXML package carrying a 200 KB PDF,
// uploaded over HTTPS (mutual TLS) to the registry simulator on loopback. Compared in the same run
// with the curl command-line tool sending the very same package bytes to the same server:
//   (a) one `curl` process per package, sequentially (what a shell-script uploader does);
//   (b) one `curl` process for all packages (-K config, one reused connection).
// Usage: bench_uplink [N=1000] [pdf-bytes=204800]

#include "BenchTable.h"

#include "RegistrySimulator.h"
#include "UplinkFixtures.h"

#include "vanthu/core/Hash.h"
#include "vanthu/uplink/Transport.h"
#include "vanthu/uplink/Uploader.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>

using namespace vanthu;
using namespace vanthu::test;
namespace fs = std::filesystem;

namespace {

double seconds(std::chrono::steady_clock::time_point a, std::chrono::steady_clock::time_point b)
{
    return std::chrono::duration<double>(b - a).count();
}

int runCommand(const std::vector<std::string>& argv)
{
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string percent(std::string_view s)
{
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (unsigned char c : s)
        if (std::isalnum(c) && c < 0x80)
            out += char(c);
        else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    return out;
}

} // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 1000;
    const size_t pdfBytes = argc > 2 ? size_t(std::atoll(argv[2])) : 200 * 1024;
    const fs::path dir = fs::temp_directory_path() / ("vanthu-bench-uplink-" + hash::randomHex(4));
    fs::create_directories(dir);
    const TestAgency agency = makeAgency(dir.string());
    const PemPair registryCa = makeCa(dir.string(), "registry");
    const PemPair server = issue(dir.string(), "registry-server", registryCa, "localhost", true);
    const PemPair client = issue(dir.string(), "station-client", agency.ca, "000.00.00.T99", false);

    auto r = reg::Register::open((dir / "v.db").string());
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().toString().c_str());
        return 1;
    }
    std::fprintf(stderr, "queueing %d documents with %zu-byte PDFs...\n", n, pdfBytes);
    const auto q0 = std::chrono::steady_clock::now();
    for (int i = 0; i < n; ++i) {
        auto rec = uplink::issueAndSend(*r, outgoingRequest("bench-" + std::to_string(i)), {agency.peer},
                                        pdfAttachment("bench-" + std::to_string(i), pdfBytes), agency.sender);
        if (!rec) {
            std::fprintf(stderr, "%s\n", rec.error().toString().c_str());
            return 1;
        }
    }
    const double queueSeconds = seconds(q0, std::chrono::steady_clock::now());
    auto items = r->outboxItems(std::nullopt);
    double totalBytes = 0;
    for (const auto& it : *items)
        totalBytes += double(it.packageSize);

    RegistrySimulator sim({server.certPath, server.keyPath, agency.ca.certPath, 1, {}});
    sim.start();
    uplink::HttpsOptions o;
    o.endpoint = sim.endpoint();
    o.caFile = registryCa.certPath;
    o.clientCert = client.certPath;
    o.clientKey = client.keyPath;
    o.agencyId = "000.00.00.T99";
    auto t = uplink::makeHttpsTransport(o);
    if (!t) {
        std::fprintf(stderr, "%s\n", t.error().toString().c_str());
        return 1;
    }
    uplink::Uploader up(*r, **t);
    const auto u0 = std::chrono::steady_clock::now();
    auto report = up.run();
    const double ours = seconds(u0, std::chrono::steady_clock::now());
    if (!report || report->sent != n || sim.stored().size() != size_t(n)) {
        std::fprintf(stderr, "upload incomplete: sent %d of %d\n", report ? report->sent : 0, n);
        return 1;
    }

    // The same package bytes, for curl.
    const fs::path pkgDir = dir / "packages";
    fs::create_directories(pkgDir);
    std::vector<std::pair<std::string, std::string>> files;   // (url, file)
    for (const auto& it : *items) {
        const std::string file = (pkgDir / (std::to_string(it.id) + ".xml")).string();
        std::ofstream(file, std::ios::binary) << *r->outboxPackage(it.id);
        files.emplace_back(sim.endpoint() + "/packages/" + percent("curl-" + it.key), file);
    }
    const std::vector<std::string> common = {VANTHU_CURL, "-sS", "--fail", "-o", "/dev/null", "--tlsv1.2",
                                             "--cacert", registryCa.certPath, "--cert", client.certPath, "--key",
                                             client.keyPath, "-H", "X-Organ-Id: 000.00.00.T99", "-H", "Expect:",
                                             "-H", "Content-Type: application/xml; charset=utf-8"};
    const auto c0 = std::chrono::steady_clock::now();
    for (const auto& [url, file] : files) {
        std::vector<std::string> args = common;
        args.insert(args.end(), {"-T", file, url});
        if (runCommand(args) != 0) {
            std::fprintf(stderr, "curl failed on %s\n", file.c_str());
            return 1;
        }
    }
    const double curlSeq = seconds(c0, std::chrono::steady_clock::now());

    const std::string config = (dir / "curl.cfg").string();
    {
        std::ofstream cfg(config);
        for (const auto& [url, file] : files)
            cfg << "url = \"" << url << "-batch\"\nupload-file = \"" << file << "\"\noutput = \"/dev/null\"\n";
    }
    std::vector<std::string> batch = {VANTHU_CURL, "-sS", "--fail", "--tlsv1.2", "--cacert", registryCa.certPath,
                                      "--cert", client.certPath, "--key", client.keyPath, "-H",
                                      "X-Organ-Id: 000.00.00.T99", "-H", "Expect:", "-H",
                                      "Content-Type: application/xml; charset=utf-8", "-K", config};
    const auto b0 = std::chrono::steady_clock::now();
    if (runCommand(batch) != 0) {
        std::fprintf(stderr, "curl -K failed\n");
        return 1;
    }
    const double curlBatch = seconds(b0, std::chrono::steady_clock::now());
    if (sim.stored().size() != size_t(3 * n)) {
        std::fprintf(stderr, "the server did not receive every curl upload (%zu)\n", sim.stored().size());
        return 1;
    }
    sim.stop();

    const double mb = totalBytes / 1e6;
    bench::printTable("Draining " + std::to_string(n) + " queued edXML packages (" + std::to_string(pdfBytes / 1024) +
                          " KB PDF each, " + std::to_string(int(mb / n * 1000)) +
                          " KB package) over HTTPS+mTLS to the loopback registry simulator",
                      "curl " + std::string("7.88 CLI, one process per package, same bytes, same server"),
                      {{"drain time", "s", ours, curlSeq},
                       {"documents per second", "doc/s", n / ours, n / curlSeq},
                       {"throughput", "MB/s", mb / ours, mb / curlSeq}});
    bench::printTable("Same, against one curl process uploading all packages over one connection (curl -K)",
                      "curl -K batch", {{"drain time", "s", ours, curlBatch}, {"documents per second", "doc/s", n / ours, n / curlBatch}});
    std::printf("\nQueueing (issue + build + sign + validate + durable enqueue): %.1f s for %d documents, %.1f doc/s "
                "(no comparison tool: it is the transaction of the register itself)\n",
                queueSeconds, n, n / queueSeconds);
    std::error_code ec;
    fs::remove_all(dir, ec);
    return 0;
}
