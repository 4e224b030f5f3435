// Registering incoming documents: vanthu's registerIncoming (number assignment, duplicate keys,
// audit hash chain, one durable transaction each) against the sqlite3 shell inserting the same
// rows into a plain table, one durable transaction each, with the same pragmas (WAL,
// synchronous=FULL) on the same disk. The shell is the floor: SQLite's own cost per commit.

#include "BenchTable.h"

#include "vanthu/register/Register.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace vanthu;
using Clock = std::chrono::steady_clock;

namespace {

DocumentMeta meta(int i)
{
    DocumentMeta m;
    m.numberSymbol = *parseNumberSymbol(std::to_string(i % 9000 + 1) + "/QĐ-UBND");
    m.issuer = "ỦY BAN NHÂN DÂN TỈNH LẠNG SƠN";
    m.issuerParent = "";
    m.type = doctype::byAbbreviation("QĐ");
    m.subject = "Về việc phê duyệt kế hoạch chuyển đổi số năm 2027 số " + std::to_string(i);
    m.signer = {"KT.", "PHÓ CHỦ TỊCH", "Nguyễn Văn An"};
    m.recipients = {"Như Điều 3", "Lưu: VT"};
    m.pageCount = 2;
    return m;
}

} // namespace

int main(int argc, char** argv)
{
    const int n = argc > 1 ? std::atoi(argv[1]) : 10000;
    const auto dir = std::filesystem::temp_directory_path() / ("vanthu-bench-" + std::to_string(getpid()));
    std::filesystem::create_directories(dir);

    // --- vanthu
    auto r = reg::Register::open((dir / "v.db").string());
    if (!r) {
        std::fprintf(stderr, "%s\n", r.error().toString().c_str());
        return 1;
    }
    std::vector<double> ms;
    ms.reserve(static_cast<size_t>(n));
    const auto start = vntime::now();
    const auto t0 = Clock::now();
    for (int i = 0; i < n; ++i) {
        reg::IncomingRequest req;
        req.meta = meta(i);
        req.receivedAt = req.arrivalTime = start + std::chrono::seconds{i};
        req.intakeKey = "bench-" + std::to_string(i);
        req.actor = "bench";
        const auto a = Clock::now();
        auto rec = r->registerIncoming(req);
        ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - a).count());
        if (!rec) {
            std::fprintf(stderr, "%s\n", rec.error().toString().c_str());
            return 1;
        }
    }
    const double oursTotal = std::chrono::duration<double>(Clock::now() - t0).count();

    // --- sqlite3 shell: the same rows, one transaction each, same durability.
    const std::string script = (dir / "insert.sql").string();
    {
        std::ofstream s(script);
        s << "PRAGMA journal_mode = WAL;\nPRAGMA synchronous = FULL;\n"
             "CREATE TABLE incoming (id INTEGER PRIMARY KEY, year INTEGER, arrival_number INTEGER, number_symbol TEXT,"
             " issuer TEXT, subject TEXT, intake_key TEXT UNIQUE, UNIQUE (year, arrival_number));\n";
        for (int i = 0; i < n; ++i) {
            const DocumentMeta m = meta(i);
            s << "BEGIN IMMEDIATE; INSERT INTO incoming (year, arrival_number, number_symbol, issuer, subject, intake_key)"
                 " VALUES (2026, (SELECT COALESCE(MAX(arrival_number), 0) + 1 FROM incoming WHERE year = 2026), '"
              << m.numberSymbol.format() << "', '" << m.issuer << "', '" << m.subject << "', 'bench-" << i
              << "'); COMMIT;\n";
        }
    }
    const std::string cmd = std::string(VANTHU_SQLITE3) + " " + (dir / "shell.db").string() + " < " + script + " > /dev/null";
    const auto s0 = Clock::now();
    const int rc = std::system(cmd.c_str());
    const double theirsTotal = std::chrono::duration<double>(Clock::now() - s0).count();
    std::filesystem::remove_all(dir);
    if (rc != 0) {
        std::fprintf(stderr, "sqlite3 shell failed\n");
        return 1;
    }

    const double oursMean = oursTotal * 1000.0 / n, theirsMean = theirsTotal * 1000.0 / n;
    bench::printTable("Registering " + std::to_string(n) + " incoming documents (one durable transaction each)",
                      "sqlite3 shell",
                      {
                          {"mean time per registration", "ms", oursMean, theirsMean},
                          {"p50 time per registration", "ms", bench::percentile(ms, 50), std::nullopt},
                          {"p99 time per registration", "ms", bench::percentile(ms, 99), std::nullopt},
                          {"registrations per second", "1/s", n / oursTotal, n / theirsTotal},
                      });
    return 0;
}
