#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

#include <filesystem>

using namespace vanthu;
using namespace vanthu::test;

namespace {
std::string dumpBooks(const std::string& path)
{
    return run({VANTHU_SQLITE3, path,
                "SELECT book, year, arrival_number, number_symbol, issuer, subject FROM incoming ORDER BY id;"
                "SELECT seq, hash FROM audit ORDER BY seq;"})
        .out;
}
} // namespace

TEST(Backup, OnlineBackupWhileAnotherConnectionWritesThenRestore)
{
    TempDir dir;
    const std::string live = dir.file("live.db");
    auto r = reg::Register::open(live);
    ASSERT_TRUE(r);
    for (int i = 1; i <= 20; ++i)
        ASSERT_TRUE(r->registerIncoming(incomingRequest("k" + std::to_string(i), sampleMeta(i))));
    // A second connection (another process would do the same) keeps writing during the backup.
    auto writer = reg::Register::open(live);
    ASSERT_TRUE(writer);
    ASSERT_TRUE(r->backupTo(dir.file("backup/v.db")));
    ASSERT_TRUE(writer->registerIncoming(incomingRequest("after", sampleMeta(99))));
    EXPECT_FALSE(std::filesystem::exists(dir.file("backup/v.db-wal"))) << "a backup is one self-contained file";
    for (const auto& e : std::filesystem::directory_iterator(dir.file("backup")))
        EXPECT_EQ(e.path().filename().string().find(".tmp-"), std::string::npos);

    const std::string before = dumpBooks(dir.file("backup/v.db"));
    EXPECT_NE(before.find("20/QĐ-STC"), std::string::npos);
    EXPECT_EQ(before.find("99/QĐ-STC"), std::string::npos);

    // Restore onto a fresh install.
    const std::string fresh = dir.file("fresh/vanthu.db");
    std::filesystem::create_directories(dir.file("fresh"));
    ASSERT_TRUE(reg::Register::restore(dir.file("backup/v.db"), fresh));
    EXPECT_EQ(dumpBooks(fresh), before);
    auto restored = reg::Register::open(fresh);
    ASSERT_TRUE(restored);
    EXPECT_TRUE(restored->verifyAudit()->intact);
    EXPECT_EQ(restored->registerIncoming(incomingRequest("next", sampleMeta(21)))->arrivalNumber, 21);
}

TEST(Backup, RestoreRefusesATamperedOrForeignFileAndLeavesTargetAlone)
{
    TempDir dir;
    const std::string live = dir.file("live.db");
    {
        auto r = reg::Register::open(live);
        for (int i = 1; i <= 3; ++i)
            ASSERT_TRUE(r->registerIncoming(incomingRequest("k" + std::to_string(i), sampleMeta(i))));
        ASSERT_TRUE(r->backupTo(dir.file("b.db")));
    }
    const std::string before = dumpBooks(live);
    run({VANTHU_SQLITE3, dir.file("b.db"),
         "DROP TRIGGER audit_no_update; UPDATE audit SET detail = 'x' WHERE seq = 2;"});
    auto res = reg::Register::restore(dir.file("b.db"), live);
    ASSERT_FALSE(res);
    EXPECT_TRUE(res.error().is(reg::Errc::RestoreFailed));
    EXPECT_NE(res.error().detail().find("audit"), std::string::npos);
    EXPECT_EQ(dumpBooks(live), before);

    writeFile(dir.file("junk.db"), std::string(8192, 'x'));
    EXPECT_FALSE(reg::Register::restore(dir.file("junk.db"), live));
    run({VANTHU_SQLITE3, dir.file("other.db"), "CREATE TABLE t(x); PRAGMA user_version = 1;"});
    EXPECT_FALSE(reg::Register::restore(dir.file("other.db"), live));
    EXPECT_EQ(dumpBooks(live), before);
}

TEST(Schema, RefusesNewerSchemaAndForeignDatabases)
{
    TempDir dir;
    { ASSERT_TRUE(reg::Register::open(dir.file("v.db"))); }
    run({VANTHU_SQLITE3, dir.file("v.db"), "PRAGMA user_version = 99;"});
    auto r = reg::Register::open(dir.file("v.db"));
    ASSERT_FALSE(r);
    EXPECT_TRUE(r.error().is(reg::Errc::SchemaTooNew));

    run({VANTHU_SQLITE3, dir.file("other.db"), "CREATE TABLE t(x); PRAGMA user_version = 3;"});
    auto o = reg::Register::open(dir.file("other.db"));
    ASSERT_FALSE(o);
    EXPECT_TRUE(o.error().is(reg::Errc::Corrupt));

    writeFile(dir.file("junk.db"), std::string(4096, 'j'));
    auto j = reg::Register::open(dir.file("junk.db"));
    ASSERT_FALSE(j);
    EXPECT_EQ(j.error().kind(), ErrorKind::Integrity) << j.error().toString();
}

TEST(Schema, NewDatabaseIsWalAndAtCurrentVersion)
{
    TempDir dir;
    auto r = reg::Register::open(dir.file("v.db"));
    ASSERT_TRUE(r);
    EXPECT_EQ(r->schemaVersion(), reg::Register::kSchemaVersion);
    EXPECT_EQ(run({VANTHU_SQLITE3, dir.file("v.db"), "PRAGMA journal_mode;"}).out, "wal\n");
    // The migration history table records each applied step.
    EXPECT_EQ(run({VANTHU_SQLITE3, dir.file("v.db"), "SELECT version FROM schema_migrations;"}).out, "1\n2\n3\n4\n");
    // Opening again does not migrate again.
    { ASSERT_TRUE(reg::Register::open(dir.file("v.db"))); }
    EXPECT_EQ(run({VANTHU_SQLITE3, dir.file("v.db"), "SELECT count(*) FROM schema_migrations;"}).out, "4\n");
}
