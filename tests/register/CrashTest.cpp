// A registration killed at a random instruction must leave the books without a gap or duplicate.
// The child registers documents in a loop; the parent SIGKILLs it after a random delay, then
// checks the file, and retries the interrupted intake the way a restarted station would.

#include "Fixtures.h"
#include "TestSupport.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <random>
#include <set>

using namespace vanthu;
using namespace vanthu::test;

namespace {

std::string key(int run, int i) { return "run" + std::to_string(run) + "-doc" + std::to_string(i); }

// Checks the invariants of the books; returns how many incoming records exist.
size_t checkBooks(reg::Register& r)
{
    auto rows = r.listIncoming({});
    EXPECT_TRUE(rows);
    std::set<std::string> keys;
    for (size_t i = 0; i < rows->size(); ++i) {
        EXPECT_EQ((*rows)[i].arrivalNumber, int(i + 1)) << "gap or duplicate at position " << i;
        EXPECT_TRUE(keys.insert((*rows)[i].intakeKey).second) << "intake registered twice: " << (*rows)[i].intakeKey;
    }
    auto audit = r.verifyAudit();
    EXPECT_TRUE(audit && audit->intact) << (audit ? audit->problem : audit.error().toString());
    // One audit entry per registration, no more and no less (the audit append is in the same transaction).
    auto log = r.auditLog();
    size_t registrations = 0;
    for (const auto& e : *log)
        registrations += e.action == "incoming.register";
    EXPECT_EQ(registrations, rows->size());
    return rows->size();
}

} // namespace

TEST(Crash, SigkillMidRegistrationLeavesNoGapOrDuplicate)
{
    TempDir dir;
    const std::string path = dir.file("v.db");
    { ASSERT_TRUE(reg::Register::open(path)); }
    const unsigned seed = std::random_device{}();
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> delayUs(0, 40000);
    SCOPED_TRACE("seed " + std::to_string(seed));

    constexpr int kRuns = 120;
    int killedMidway = 0;
    size_t expected = 0;
    for (int run = 0; run < kRuns; ++run) {
        // The child says when its register is open, and the random delay counts from then: on a
        // loaded machine (ctest -j2 beside the OCR tests) fork and open alone could outlast the
        // delay, and the kills then hit no registration (3 of 120 runs with four busy loops on
        // two cores, counted from the fork).
        int ready[2];
        ASSERT_EQ(pipe(ready), 0);
        const pid_t pid = fork();
        ASSERT_GE(pid, 0);
        if (pid == 0) {
            close(ready[0]);
            auto r = reg::Register::open(path);
            if (!r)
                _exit(2);
            const char opened = 1;
            if (write(ready[1], &opened, 1) != 1)
                _exit(4);
            close(ready[1]);
            for (int i = 0; i < 100000; ++i)
                if (!r->registerIncoming(incomingRequest(key(run, i), sampleMeta(i + 1))))
                    _exit(3);
            _exit(0);
        }
        close(ready[1]);
        char opened = 0;
        const bool childOpened = read(ready[0], &opened, 1) == 1;  // EOF: the child failed to open it
        close(ready[0]);
        if (childOpened)
            usleep(static_cast<useconds_t>(delayUs(rng)));
        kill(pid, SIGKILL);
        int status = 0;
        waitpid(pid, &status, 0);
        ASSERT_TRUE(WIFSIGNALED(status)) << "child exited on its own with " << WEXITSTATUS(status);

        auto r = reg::Register::open(path);
        ASSERT_TRUE(r) << r.error().toString();
        const size_t count = checkBooks(*r);
        ASSERT_GE(count, expected);
        const size_t added = count - expected;
        // The restarted station retries the intake that was in flight and the one before it:
        // a committed one is found by its key, an uncommitted one gets the next number.
        for (int i = std::max<int>(0, int(added) - 1); i <= int(added); ++i) {
            auto rec = r->registerIncoming(incomingRequest(key(run, i), sampleMeta(i + 1)));
            ASSERT_TRUE(rec) << rec.error().toString();
            EXPECT_EQ(rec->created, i == int(added)) << "run " << run << " doc " << i;
        }
        expected = checkBooks(*r);
        killedMidway += added > 0;
        if (::testing::Test::HasFailure())
            break;
    }
    auto r = reg::Register::open(path);
    auto check = r->listIncoming({});
    std::printf("[ crash    ] %d kills, %zu documents, child had registered some before %d of them\n", kRuns,
                check->size(), killedMidway);
    // The delays must actually have hit registrations in progress, not only an idle child.
    EXPECT_GT(killedMidway, kRuns / 4);
    auto integrity = run({VANTHU_SQLITE3, path, "PRAGMA integrity_check;"});
    EXPECT_EQ(integrity.out, "ok\n");
}
