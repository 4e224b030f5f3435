// The audit verifier must catch an edited, a deleted and a reordered row. The tests tamper the way
// an attacker with the file would: with the sqlite3 shell, after dropping the append-only triggers.

#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;

namespace {

class AuditTamper : public ::testing::Test {
protected:
    void SetUp() override
    {
        path = dir.file("v.db");
        auto r = reg::Register::open(path);
        ASSERT_TRUE(r);
        for (int i = 1; i <= 6; ++i)
            ASSERT_TRUE(r->registerIncoming(incomingRequest("k" + std::to_string(i), sampleMeta(i))));
        auto rep = r->verifyAudit();
        ASSERT_TRUE(rep && rep->intact);
        ASSERT_EQ(rep->entries, 6);
    }
    void tamper(const std::string& sql)
    {
        auto res = run({VANTHU_SQLITE3, path,
                        "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; " + sql});
        ASSERT_EQ(res.exitCode, 0) << res.err;
    }
    reg::AuditReport verify()
    {
        auto r = reg::Register::open(path);
        EXPECT_TRUE(r);
        auto rep = r->verifyAudit();
        EXPECT_TRUE(rep);
        return *rep;
    }
    TempDir dir;
    std::string path;
};

} // namespace

TEST_F(AuditTamper, TriggersRefuseUpdateAndDelete)
{
    auto upd = run({VANTHU_SQLITE3, path, "UPDATE audit SET actor = 'x' WHERE seq = 2;"});
    EXPECT_NE(upd.exitCode, 0);
    EXPECT_NE(upd.err.find("append-only"), std::string::npos);
    auto del = run({VANTHU_SQLITE3, path, "DELETE FROM audit WHERE seq = 2;"});
    EXPECT_NE(del.exitCode, 0);
    EXPECT_TRUE(verify().intact);
}

TEST_F(AuditTamper, EditedRowIsPinpointed)
{
    tamper("UPDATE audit SET detail = 'something else' WHERE seq = 4;");
    auto rep = verify();
    EXPECT_FALSE(rep.intact);
    EXPECT_EQ(rep.firstBadSeq, 4);
    EXPECT_NE(rep.problem.find("changed"), std::string::npos);
}

TEST_F(AuditTamper, EditedRowWithRecomputedPlainHashStillCaught)
{
    // Rewriting the hash of the edited row (without the chain format) does not help the attacker.
    tamper("UPDATE audit SET actor = 'mallory', hash = lower(hex(randomblob(32))) WHERE seq = 3;");
    auto rep = verify();
    EXPECT_FALSE(rep.intact);
    EXPECT_EQ(rep.firstBadSeq, 3);
}

TEST_F(AuditTamper, DeletedRowIsPinpointed)
{
    tamper("DELETE FROM audit WHERE seq = 3;");
    auto rep = verify();
    EXPECT_FALSE(rep.intact);
    EXPECT_EQ(rep.firstBadSeq, 4);
    EXPECT_NE(rep.problem.find("missing"), std::string::npos);
}

TEST_F(AuditTamper, DeletedAndRenumberedRowsBreakTheChain)
{
    // Deleting row 3 and renumbering the rest hides the gap, but not the broken hash link.
    tamper("DELETE FROM audit WHERE seq = 3; UPDATE audit SET seq = seq - 1 WHERE seq > 3;");
    auto rep = verify();
    EXPECT_FALSE(rep.intact);
    EXPECT_EQ(rep.firstBadSeq, 3);
}

TEST_F(AuditTamper, ReorderedRowsArePinpointed)
{
    // Swap the contents of entries 2 and 5 (seq kept in place).
    tamper("CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (2, 5);"
           "UPDATE audit SET at = (SELECT at FROM t WHERE seq = 5), action = (SELECT action FROM t WHERE seq = 5),"
           " subject = (SELECT subject FROM t WHERE seq = 5), detail = (SELECT detail FROM t WHERE seq = 5),"
           " prev_hash = (SELECT prev_hash FROM t WHERE seq = 5), hash = (SELECT hash FROM t WHERE seq = 5) WHERE seq = 2;"
           "UPDATE audit SET at = (SELECT at FROM t WHERE seq = 2), action = (SELECT action FROM t WHERE seq = 2),"
           " subject = (SELECT subject FROM t WHERE seq = 2), detail = (SELECT detail FROM t WHERE seq = 2),"
           " prev_hash = (SELECT prev_hash FROM t WHERE seq = 2), hash = (SELECT hash FROM t WHERE seq = 2) WHERE seq = 5;");
    auto rep = verify();
    EXPECT_FALSE(rep.intact);
    EXPECT_EQ(rep.firstBadSeq, 2);
}
