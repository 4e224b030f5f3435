// kill -9 of the uploader at random moments: nothing is lost and nothing is stored twice.

#include "RegistrySimulator.h"
#include "TestSupport.h"
#include "UplinkFixtures.h"

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <random>
#include <set>
#include <thread>

using namespace vanthu;
using namespace vanthu::test;
using namespace vanthu::uplink;

namespace {

pid_t spawn(const std::vector<std::string>& argv, const std::string& logFile)
{
    const pid_t pid = fork();
    if (pid == 0) {
        // Quiet child: its log lines go to a file (shown when the test fails).
        const int log = ::open(logFile.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        dup2(log, 2);
        dup2(log, 1);
        std::vector<char*> args;
        for (const auto& a : argv)
            args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        execv(args[0], args.data());
        _exit(127);
    }
    return pid;
}

} // namespace

TEST(UplinkKill, Kill9AtRandomMomentsLosesAndDuplicatesNothing)
{
    TempDir dir;
    const TestAgency agency = makeAgency(dir.path());
    const PemPair registryCa = makeCa(dir.path(), "registry");
    const PemPair server = issue(dir.path(), "registry-server", registryCa, "localhost", true);
    const PemPair client = issue(dir.path(), "station-client", agency.ca, "000.00.00.T99", false);
    constexpr int kDocuments = 900;
    {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        for (int i = 0; i < kDocuments; ++i) {
            auto rec = issueAndSend(*r, outgoingRequest("doc-" + std::to_string(i)), {agency.peer},
                                    pdfAttachment("doc-" + std::to_string(i)), agency.sender);
            ASSERT_TRUE(rec) << rec.error().toString();
            // Follow-ups of some documents: order per document must survive the crashes too.
            if (i % 10 == 0) {
                ASSERT_TRUE(sendFollowUp(*r, *rec, BusinessDocType::Recall, 1, "Thu hồi", {agency.peer}, {}, agency.sender));
            }
        }
    }
    RegistrySimulator sim({server.certPath, server.keyPath, agency.ca.certPath, 7, {}});
    sim.start();
    Faults f;
    f.error500 = 0.02;
    f.dropAfterStore = 0.02;
    sim.setFaults(f);
    const std::vector<std::string> argv = {VANTHU_TEST_UPLOADER, dir.file("v.db"), sim.endpoint(), registryCa.certPath,
                                           client.certPath,      client.keyPath,   "000.00.00.T99"};
    std::mt19937 rng(20261129);
    const auto pendingNow = [&] {
        auto r = reg::Register::open(dir.file("v.db"));
        EXPECT_TRUE(r);
        return r ? r->outboxCounts()->pending : 0;
    };
    // The kill moment follows the child's progress, not the clock (the machine may be slow or
    // busy): after it has delivered k more packages (k = 0..24, across the uploader's receipt
    // batches of 16; k = 0 kills it while it starts, opens the database or shakes hands), plus
    // 0..2 ms, which lands between a delivery and its receipt being committed, or inside that
    // commit. Only kills with work still queued count.
    int killed = 0, finishedEarly = 0;
    int64_t sentWhileKilling = 0;
    for (int run = 0; run < 200 && killed < 55; ++run) {
        ASSERT_GT(pendingNow(), 0) << "the queue drained after only " << killed << " kills; queue more documents";
        const int target = sim.puts() + std::uniform_int_distribution<int>(0, 24)(rng);
        const pid_t pid = spawn(argv, dir.file("child.log"));
        ASSERT_GT(pid, 0);
        const auto giveUp = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (sim.puts() < target && std::chrono::steady_clock::now() < giveUp)
            std::this_thread::sleep_for(std::chrono::microseconds(100));
        std::this_thread::sleep_for(std::chrono::microseconds(std::uniform_int_distribution<int>(0, 2000)(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        if (WIFSIGNALED(status))
            ++killed;
        else
            ++finishedEarly;
    }
    EXPECT_GE(killed, 50) << "at least 50 runs must actually be killed";
    {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        sentWhileKilling = r->outboxCounts()->sent;
    }
    EXPECT_GT(sentWhileKilling, 0) << "the killed uploaders were killed while sending";
    // The last uploader runs to the end.
    const pid_t pid = spawn(argv, dir.file("child.log"));
    int status = 0;
    ::waitpid(pid, &status, 0);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);

    auto r = reg::Register::open(dir.file("v.db"));
    ASSERT_TRUE(r);
    auto items = r->outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), size_t(kDocuments + kDocuments / 10));
    const auto stored = sim.stored();
    std::set<std::string> keys;
    for (const auto& it : *items) {
        keys.insert(it.key);
        EXPECT_EQ(it.state, reg::OutboxState::Sent) << it.key;
        auto s = stored.find(it.key);
        ASSERT_NE(s, stored.end()) << "lost: " << it.key;
        EXPECT_EQ(s->second.package, *r->outboxPackage(it.id));
        EXPECT_EQ(s->second.receipt, it.receipt);
    }
    EXPECT_EQ(stored.size(), keys.size()) << "the registry holds exactly the queued keys";
    // A recall reached the registry after its original (receipts are issued in arrival order).
    for (const auto& it : *items)
        if (it.businessType == int(BusinessDocType::Recall)) {
            const std::string original = it.documentId + "|document:0|v1";
            EXPECT_LT(std::stoi(stored.at(original).receipt.substr(1)), std::stoi(stored.at(it.key).receipt.substr(1)))
                << it.key;
        }
    EXPECT_TRUE(r->verifyAudit()->intact);
    auto integrity = run({VANTHU_SQLITE3, dir.file("v.db"), "PRAGMA integrity_check;"});
    EXPECT_EQ(integrity.out, "ok\n");
    std::printf("kill -9 runs: %d killed, %d finished first; %lld sent while killing; registry saw %d PUTs for %zu keys\n",
                killed, finishedEarly, static_cast<long long>(sentWhileKilling), sim.puts(), stored.size());
}
