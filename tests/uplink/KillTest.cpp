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
    // Documents are queued in rounds (only while no uploader runs), topped up whenever a fast
    // machine drains the queue before enough kills happened.
    int documents = 0, queuedItems = 0;
    const auto queueMore = [&](int n) {
        auto r = reg::Register::open(dir.file("v.db"));
        ASSERT_TRUE(r);
        for (int end = documents + n; documents < end; ++documents) {
            const int i = documents;
            auto rec = issueAndSend(*r, outgoingRequest("doc-" + std::to_string(i)), {agency.peer},
                                    pdfAttachment("doc-" + std::to_string(i)), agency.sender);
            ASSERT_TRUE(rec) << rec.error().toString();
            ++queuedItems;
            // Follow-ups of some documents: order per document must survive the crashes too.
            if (i % 10 == 0) {
                ASSERT_TRUE(sendFollowUp(*r, *rec, BusinessDocType::Recall, 1, "Thu hồi", {agency.peer}, {}, agency.sender));
                ++queuedItems;
            }
        }
    };
    queueMore(900);
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
        if (pendingNow() < 50)
            queueMore(300);
        ASSERT_GT(pendingNow(), 0);
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
    ASSERT_GT(pid, 0);
    int status = 0;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
    pid_t waited = 0;
    while ((waited = ::waitpid(pid, &status, WNOHANG)) == 0 && std::chrono::steady_clock::now() < deadline)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (waited == 0) {
        ::kill(pid, SIGKILL);
        ::waitpid(pid, &status, 0);
        FAIL() << "the last uploader did not finish within 120 s; see " << dir.file("child.log");
    }
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);

    auto r = reg::Register::open(dir.file("v.db"));
    ASSERT_TRUE(r);
    auto items = r->outboxItems(std::nullopt);
    ASSERT_TRUE(items);
    ASSERT_EQ(items->size(), size_t(queuedItems));
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
    // Counted as the PUTs happened, not read off the map (which holds each key once by construction):
    // every key was stored by exactly one PUT, and a stored key was PUT again only by the run after a
    // kill — at most the receipts the killed run had not yet committed (batches of 16).
    EXPECT_EQ(sim.firstStores(), static_cast<int>(keys.size()));
    EXPECT_EQ(sim.firstStores() + sim.rePuts(), sim.puts());
    EXPECT_LE(sim.rePuts(), killed * 16) << "re-deliveries per kill beyond the receipt batch";
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
    std::printf("kill -9 runs: %d killed, %d finished first; %lld sent while killing; registry saw %d PUTs for %zu keys "
                "(%d re-deliveries)\n",
                killed, finishedEarly, static_cast<long long>(sentWhileKilling), sim.puts(), stored.size(), sim.rePuts());
}
