// PAdES signing time and file growth: vanthu's signPdf (PoDoFo + OpenSSL, software RSA-2048 key,
// PSS, invisible, B-B, ETSI.CAdES.detached) against poppler's `pdfsig -add-signature` (NSS, the same
// key imported into a throw-away NSS database; poppler 22.12 refuses -etsi with -add-signature, so
// it writes adbe.pkcs7.detached) on the same 1-page and 100-page PDFs in the same run.

#include "BenchTable.h"

#include "vanthu/signing/Sign.h"

#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

using namespace vanthu;
using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

namespace {

int sh(const std::vector<std::string>& argv)
{
    const pid_t pid = fork();
    if (pid == 0) {
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        if (std::getenv("BENCH_VERBOSE") == nullptr) {
            std::freopen("/dev/null", "w", stdout);
            std::freopen("/dev/null", "w", stderr);
        }
        execvp(args[0], args.data());
        _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void must(const std::vector<std::string>& argv)
{
    if (sh(argv) != 0) {
        std::fprintf(stderr, "bench setup failed: %s %s\n", argv[0].c_str(), argv.size() > 1 ? argv[1].c_str() : "");
        std::exit(1);
    }
}

double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

} // namespace

int main(int argc, char** argv)
{
    const int runs = argc > 1 ? std::atoi(argv[1]) : 5;
    char tmpl[] = "/tmp/vanthu-signbench-XXXXXX";
    const std::string dir = mkdtemp(tmpl);
    const std::string shared = VANTHU_SHARED_DIR;
    const std::string one = shared + "/corpus/dev/clean/DEV-001.pdf";
    const std::string hundred = dir + "/hundred.pdf";
    {
        std::vector<std::string> q{"qpdf", "--empty", "--pages"};
        for (int i = 0; i < 100; ++i)
            q.insert(q.end(), {shared + "/corpus/dev/clean/DEV-0" + std::string(i % 40 < 9 ? "0" : "") +
                                   std::to_string(i % 40 + 1) + ".pdf", "1"});
        q.insert(q.end(), {"--", hundred});
        must(q);
    }
    // One RSA-2048 key and certificate, as PKCS#12 for vanthu and in an NSS db for pdfsig.
    must({"openssl", "req", "-x509", "-nodes", "-newkey", "rsa:2048", "-keyout", dir + "/k.pem", "-out", dir + "/c.pem",
          "-days", "30", "-subj", "/CN=Bench Signer"});
    must({"openssl", "pkcs12", "-export", "-inkey", dir + "/k.pem", "-in", dir + "/c.pem", "-name", "bench", "-out",
          dir + "/k.p12", "-passout", "pass:bench"});
    const std::string nss = "sql:" + dir + "/nss";
    fs::create_directories(dir + "/nss");
    must({"certutil", "-N", "-d", nss, "--empty-password"});
    must({"pk12util", "-i", dir + "/k.p12", "-d", nss, "-W", "bench", "-K", ""});

    std::vector<bench::Row> rows;
    for (const auto& [label, input] : {std::pair<std::string, std::string>{"1 page", one}, {"100 pages", hundred}}) {
        std::vector<double> ours, theirs;
        std::uintmax_t ourSize = 0, theirSize = 0;
        for (int i = 0; i < runs; ++i) {
            signing::SignRequest r;
            r.input = input;
            r.output = dir + "/ours.pdf";
            r.key = signing::Pkcs12Key{dir + "/k.p12", "bench"};
            const auto t0 = Clock::now();
            auto res = signing::signPdf(r);
            const auto t1 = Clock::now();
            if (!res) {
                std::fprintf(stderr, "vanthu signing failed: %s\n", res.error().toString().c_str());
                return 1;
            }
            ours.push_back(seconds(t0, t1));
            ourSize = fs::file_size(r.output);

            fs::remove(dir + "/theirs.pdf");
            const auto t2 = Clock::now();
            const int rc = sh({"pdfsig", "-nssdir", nss, "-add-signature", "-nick", "bench", "-digest", "SHA256",
                               input, dir + "/theirs.pdf"});
            const auto t3 = Clock::now();
            if (rc != 0) {
                std::fprintf(stderr, "pdfsig -add-signature failed (%d)\n", rc);
                return 1;
            }
            theirs.push_back(seconds(t2, t3));
            theirSize = fs::file_size(dir + "/theirs.pdf");
        }
        const auto inSize = fs::file_size(input);
        rows.push_back({"sign " + label + " (median)", "ms", bench::percentile(ours, 50) * 1000,
                        bench::percentile(theirs, 50) * 1000});
        rows.push_back({"file growth, " + label, "KiB", static_cast<double>(ourSize - inSize) / 1024,
                        static_cast<double>(theirSize - inSize) / 1024});
    }
    bench::printTable("PAdES signing, software RSA-2048 key, B-B, " + std::to_string(runs)
                          + " runs each; pdfsig = poppler 22.12 pdfsig -add-signature with NSS (adbe.pkcs7.detached)",
                      "pdfsig", rows);
    fs::remove_all(dir);
    return 0;
}
