// A crash during an issue never leaves a gap or a duplicate in the register, nor a half-written file
// in the archive: `vanthu issue` runs as a child process and is SIGKILLed at random moments (while
// reading, numbering, signing, registering or publishing); after each kill the books are checked,
// and the next start finishes or removes what the crash left. The window between the commit and the
// publish is also recreated exactly: the folder is finished at the next start, not lost.
#include "WorkflowFixtures.h"

#include "vanthu/register/Register.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

extern char** environ;

namespace vanthu::workflow::test {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

struct FreshStation {
    TempDir home;
    std::string data = home.file("data") + "/vanthu";
    std::vector<std::string> env{"XDG_DATA_HOME=" + home.file("data"), "HOME=" + home.path().string(),
                                 "VANTHU_ASSETS=" + std::string(VANTHU_SHARED_DIR) + "/assets", "SANE_CONFIG_DIR="};

    vanthu::test::ProcessResult vanthu(std::vector<std::string> args) const
    {
        args.insert(args.begin(), VANTHU_CLI);
        return run(args, {}, env);
    }
    // Starts `vanthu args...` without waiting (output discarded).
    pid_t spawn(std::vector<std::string> args) const
    {
        args.insert(args.begin(), VANTHU_CLI);
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        std::vector<std::string> envStrings;
        for (char** e = environ; *e; ++e) {
            const std::string s = *e;
            const std::string name = s.substr(0, s.find('='));
            if (std::none_of(env.begin(), env.end(), [&](const std::string& x) { return x.starts_with(name + "="); }))
                envStrings.push_back(s);
        }
        envStrings.insert(envStrings.end(), env.begin(), env.end());
        std::vector<char*> envp;
        for (auto& s : envStrings)
            envp.push_back(s.data());
        envp.push_back(nullptr);
        posix_spawn_file_actions_t fa;
        posix_spawn_file_actions_init(&fa);
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
        pid_t pid = -1;
        const int rc = posix_spawn(&pid, argv[0], &fa, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&fa);
        EXPECT_EQ(rc, 0);
        return pid;
    }
};

std::vector<std::string> issueArgs(const std::string& file, const std::string& subject)
{
    return {"issue", file, "--type", "TB", "--subject", subject, "--to", "000.00.00.T99=Sở Thử nghiệm", "--yes"};
}

// The outgoing book's invariants: numbers 1..n without gap or duplicate, one intake each, one
// "outgoing.issue" audit entry and one queued package per record. Returns n.
size_t checkBooks(const std::string& db)
{
    auto r = reg::Register::open(db);
    EXPECT_TRUE(r) << r.error().toString();
    auto rows = r->listOutgoing({});
    EXPECT_TRUE(rows);
    std::set<std::string> keys;
    std::vector<int> numbers;
    for (const auto& x : *rows) {
        numbers.push_back(x.number);
        EXPECT_TRUE(keys.insert(x.intakeKey).second) << "issued twice: " << x.intakeKey;
    }
    std::sort(numbers.begin(), numbers.end());
    for (size_t i = 0; i < numbers.size(); ++i)
        EXPECT_EQ(numbers[i], int(i + 1)) << "gap or duplicate at position " << i;
    auto log = r->auditLog();
    EXPECT_EQ(std::count_if(log->begin(), log->end(), [](const reg::AuditEntry& e) { return e.action == "outgoing.issue"; }),
              static_cast<long>(rows->size()));
    auto items = r->outboxItems(std::nullopt);
    EXPECT_EQ(items->size(), rows->size()) << "each issued document has its package queued, no more";
    auto audit = r->verifyAudit();
    EXPECT_TRUE(audit && audit->intact);
    return rows->size();
}

std::vector<std::string> pendingFolders(const std::string& archive)
{
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(archive, ec))
        if (e.path().filename().string().starts_with(".pending-"))
            out.push_back(e.path().string());
    return out;
}

pid_t deadPid()
{
    const pid_t pid = ::fork();
    if (pid == 0)
        ::_exit(0);
    int status = 0;
    ::waitpid(pid, &status, 0);
    return pid;
}

TEST(WorkflowCrash, IssuesKilledAtRandomLeaveNoGapNoDuplicateAndNoHalfWrittenFolder)
{
    FreshStation st;
    TempDir tmp;
    // The first issue makes the demo PKI; it also gives the duration the kills are spread over.
    auto first = st.vanthu(issueArgs(makeBlankOriginal(tmp.file("d0.pdf"), "Thông báo thử nghiệm số 0"), "Thông báo 0"));
    ASSERT_EQ(first.exitCode, 0) << first.out << first.err;
    const auto t1 = std::chrono::steady_clock::now();   // the second issue: PKI made, caches warm
    auto second = st.vanthu(issueArgs(makeBlankOriginal(tmp.file("d1.pdf"), "Thông báo thử nghiệm số 1"), "Thông báo 1"));
    ASSERT_EQ(second.exitCode, 0) << second.out << second.err;
    const auto oneIssueMs =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t1).count();
    ASSERT_EQ(checkBooks(st.data + "/vanthu.db"), 2u);

    const unsigned seed = std::random_device{}();
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    std::uniform_int_distribution<long> delay(oneIssueMs / 3, oneIssueMs * 12 / 10);   // some finish
    constexpr int kRuns = 5;
    int killedBeforeCommit = 0, killedAfterCommit = 0;
    size_t books = 2;
    for (int run = 0; run < kRuns; ++run) {
        const std::string subject = "Thông báo thử nghiệm bị ngắt " + std::to_string(run);
        const pid_t pid = st.spawn(issueArgs(makeBlankOriginal(tmp.file("k" + std::to_string(run) + ".pdf"), subject), subject));
        ASSERT_GT(pid, 0);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay(rng)));
        ::kill(pid, SIGKILL);
        int status = 0;
        ::waitpid(pid, &status, 0);
        const size_t now = checkBooks(st.data + "/vanthu.db");
        ASSERT_LE(now, books + 1);
        if (WIFSIGNALED(status))
            (now == books ? killedBeforeCommit : killedAfterCommit) += 1;
        books = now;
        // Never a half-written file where the archive keeps its documents: only whole published folders.
        for (const auto& e : fs::recursive_directory_iterator(st.data + "/archive")) {
            const std::string path = e.path().string();
            if (path.find("/.pending-") != std::string::npos || !e.is_regular_file())
                continue;
            EXPECT_EQ(path.find(".tmp-"), std::string::npos) << "a temporary file outside a pending folder: " << path;
        }
        if (::testing::Test::HasFailure())
            break;
    }
    std::printf("[ crash    ] %d runs: %d killed before the commit, %d after it, the rest finished (one issue: %ld ms)\n", kRuns,
                killedBeforeCommit, killedAfterCommit, static_cast<long>(oneIssueMs));
    EXPECT_GT(killedBeforeCommit, 0) << "the kills hit issues in flight";

    // The next start removes or finishes what the crashes left; the next number follows on.
    auto next = st.vanthu(issueArgs(makeBlankOriginal(tmp.file("last.pdf"), "Thông báo sau sự cố"), "Thông báo sau sự cố"));
    ASSERT_EQ(next.exitCode, 0) << next.out << next.err;
    const size_t total = checkBooks(st.data + "/vanthu.db");
    EXPECT_EQ(total, books + 1);
    EXPECT_TRUE(pendingFolders(st.data + "/archive").empty()) << "nothing unfinished is left behind";
    auto r = reg::Register::open(st.data + "/vanthu.db");
    ASSERT_TRUE(r);
    std::set<std::string> expected;
    const auto rows = r->listOutgoing({});
    ASSERT_TRUE(rows);
    for (const auto& x : *rows) {
        const std::string dir = st.data + "/archive/" + std::to_string(x.year) + "/out-" + x.series + "-" + std::to_string(x.number);
        expected.insert(fs::path(dir).filename().string());
        ASSERT_TRUE(fs::exists(dir + "/signed.pdf")) << "every issued document has its signed PDF: " << dir;
        EXPECT_TRUE(qpdfOk(dir + "/signed.pdf")) << dir;
        EXPECT_TRUE(fs::exists(dir + "/meta.json")) << dir;
        EXPECT_FALSE(fs::exists(dir + "/.publish.json")) << dir;
        EXPECT_TRUE(fs::exists(st.data + "/archive/outgoing-" + std::to_string(x.id) + ".json"));
    }
    // ... and no folder for a number the register does not hold, nor a second copy of one.
    for (const auto& y : fs::directory_iterator(st.data + "/archive")) {
        if (!y.is_directory() || y.path().filename().string().starts_with("."))
            continue;
        for (const auto& d : fs::directory_iterator(y.path()))
            EXPECT_TRUE(expected.contains(d.path().filename().string())) << "unexpected folder " << d.path();
    }
}

TEST(WorkflowCrash, AFolderLeftBetweenCommitAndPublishIsFinishedAtTheNextStart)
{
    FreshStation st;
    TempDir tmp;
    auto issued = st.vanthu(issueArgs(makeBlankOriginal(tmp.file("a.pdf"), "Thông báo giữa hai bước"), "Thông báo giữa hai bước"));
    ASSERT_EQ(issued.exitCode, 0) << issued.out << issued.err;
    auto rec = [&] {
        auto r = reg::Register::open(st.data + "/vanthu.db");
        EXPECT_TRUE(r);
        auto rows = r->listOutgoing({});
        EXPECT_TRUE(rows && !rows->empty());
        return rows->front();
    }();
    const std::string archive = st.data + "/archive";
    const std::string folder = archive + "/" + std::to_string(rec.year) + "/out-" + rec.series + "-" + std::to_string(rec.number);
    const std::string index = archive + "/outgoing-" + std::to_string(rec.id) + ".json";
    const std::string signedBytes = vanthu::test::readFile(folder + "/signed.pdf");
    // The state a kill right after the commit leaves: the folder still pending (with the marker the
    // flow writes before committing), no index. Beside it: the leftovers of a kill before a commit.
    const std::string left = archive + "/.pending-" + std::to_string(deadPid()) + "-a1b2c3";
    fs::rename(folder, left);
    fs::remove(index);
    vanthu::test::writeFile(left + "/.publish.json", "{\"kind\": \"outgoing\", \"intake_key\": \"" + rec.intakeKey +
                                                         "\", \"target\": \"" + folder + "\"}\n");
    const std::string uncommitted = archive + "/.pending-" + std::to_string(deadPid()) + "-d4e5f6";
    fs::create_directories(uncommitted);
    vanthu::test::writeFile(uncommitted + "/signed.pdf", "%PDF-1.7 made for a number never issued");
    vanthu::test::writeFile(uncommitted + "/.publish.json", "{\"kind\": \"outgoing\", \"intake_key\": \"issue:never\", "
                                                            "\"target\": \"" + archive + "/2026/out-general-99\"}\n");

    auto start = st.vanthu({"due"});   // any command that opens the station
    EXPECT_NE(start.exitCode, 2) << start.err;
    EXPECT_TRUE(pendingFolders(archive).empty());
    ASSERT_TRUE(fs::exists(folder + "/signed.pdf")) << "the committed document's folder is published";
    EXPECT_EQ(vanthu::test::readFile(folder + "/signed.pdf"), signedBytes);
    EXPECT_FALSE(fs::exists(folder + "/.publish.json"));
    EXPECT_FALSE(fs::exists(archive + "/2026/out-general-99")) << "nothing for a number never issued";
    EXPECT_TRUE(fs::exists(index)) << "the recipients' index is written again";
    {
        auto r = reg::Register::open(st.data + "/vanthu.db");
        ASSERT_TRUE(r);
        auto log = r->auditFor({"outgoing:" + std::to_string(rec.id)});
        ASSERT_TRUE(log);
        EXPECT_TRUE(std::any_of(log->begin(), log->end(), [](const reg::AuditEntry& e) { return e.action == "archive.recovered"; }));
    }
    // The index is what a recall needs: it works.
    auto recall = st.vanthu({"recall", std::to_string(rec.id), "--reason", "Thu hồi sau sự cố"});
    EXPECT_EQ(recall.exitCode, 0) << recall.out << recall.err;
    EXPECT_THAT(recall.out, HasSubstr("recall_requested"));
}

} // namespace
} // namespace vanthu::workflow::test
