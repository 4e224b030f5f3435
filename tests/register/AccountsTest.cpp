#include "Fixtures.h"
#include "TestSupport.h"

#include <gtest/gtest.h>

using namespace vanthu;
using namespace vanthu::test;
using namespace std::chrono;

namespace {
reg::Register openWithPolicy(const std::string& path)
{
    reg::OpenOptions o;
    o.accounts.maxFailedLogins = 3;
    o.accounts.lockoutMinutes = 15;
    auto r = reg::Register::open(path, o);
    EXPECT_TRUE(r);
    return std::move(*r);
}
} // namespace

TEST(Accounts, AddAuthenticateAndStoreOnlyAnArgon2idHash)
{
    TempDir dir;
    auto r = openWithPolicy(dir.file("v.db"));
    ASSERT_TRUE(r.addUser("lan", "Nguyễn Thị Lan", reg::Role::VanThu, "mat-khau-rat-dai", "admin"));
    auto u = r.authenticate("lan", "mat-khau-rat-dai", at("2026-11-20T08:00"));
    ASSERT_TRUE(u) << u.error().toString();
    EXPECT_EQ(u->role, reg::Role::VanThu);
    EXPECT_EQ(u->fullName, "Nguyễn Thị Lan");
    const auto dump = run({VANTHU_SQLITE3, dir.file("v.db"), "SELECT password_hash FROM users"});
    EXPECT_TRUE(dump.out.starts_with("$argon2id$v=19$m=65536,t=3,p=1$")) << dump.out;
    EXPECT_EQ(dump.out.find("mat-khau-rat-dai"), std::string::npos);
    EXPECT_TRUE(r.addUser("lan", "Other", reg::Role::QuanTri, "another-long-one", "admin").error().is(reg::Errc::UserExists));
    EXPECT_TRUE(r.addUser("bao", "Bảo", reg::Role::QuanTri, "short", "admin").error().is(reg::Errc::WeakPassword));
    EXPECT_TRUE(r.addUser("Bad Name", "X", reg::Role::QuanTri, "long-enough-pw", "admin").error().is(reg::Errc::InvalidInput));
}

TEST(Accounts, LockoutAfterRepeatedFailuresThenExpiry)
{
    TempDir dir;
    auto r = openWithPolicy(dir.file("v.db"));
    ASSERT_TRUE(r.addUser("lan", "Nguyễn Thị Lan", reg::Role::VanThu, "mat-khau-rat-dai", "admin"));
    const auto t0 = at("2026-11-20T08:00");
    EXPECT_TRUE(r.authenticate("lan", "wrong-1", t0).error().is(reg::Errc::AuthFailed));
    EXPECT_TRUE(r.authenticate("lan", "wrong-2", t0).error().is(reg::Errc::AuthFailed));
    EXPECT_TRUE(r.authenticate("lan", "wrong-3", t0).error().is(reg::Errc::AccountLocked));
    // Even the right password is refused while locked.
    EXPECT_TRUE(r.authenticate("lan", "mat-khau-rat-dai", t0 + minutes{5}).error().is(reg::Errc::AccountLocked));
    auto later = r.authenticate("lan", "mat-khau-rat-dai", t0 + minutes{16});
    ASSERT_TRUE(later) << later.error().toString();
    EXPECT_EQ(later->failedLogins, 0);
    // Unknown users look exactly like a wrong password.
    EXPECT_TRUE(r.authenticate("ghost", "whatever", t0).error().is(reg::Errc::AuthFailed));
    auto log = r.auditLog();
    int fails = 0, locks = 0;
    for (const auto& e : *log) {
        fails += e.action == "login.fail";
        locks += e.action == "login.locked";
    }
    EXPECT_EQ(fails, 2);
    EXPECT_EQ(locks, 1);
}

TEST(Accounts, PasswordChangeAndDisable)
{
    TempDir dir;
    auto r = openWithPolicy(dir.file("v.db"));
    ASSERT_TRUE(r.addUser("lan", "Nguyễn Thị Lan", reg::Role::VanThu, "mat-khau-rat-dai", "admin"));
    ASSERT_TRUE(r.setPassword("lan", "mat-khau-moi-2026", "admin"));
    const auto t = at("2026-11-20T08:00");
    EXPECT_FALSE(r.authenticate("lan", "mat-khau-rat-dai", t));
    EXPECT_TRUE(r.authenticate("lan", "mat-khau-moi-2026", t));
    ASSERT_TRUE(r.setDisabled("lan", true, "admin"));
    EXPECT_TRUE(r.authenticate("lan", "mat-khau-moi-2026", t).error().is(reg::Errc::AccountDisabled));
    EXPECT_TRUE(r.setPassword("nobody", "whatever-long", "admin").error().is(reg::Errc::NotFound));
    EXPECT_EQ(reg::parseRole("Văn thư"), reg::Role::VanThu);
    EXPECT_EQ(reg::parseRole("quan-tri"), reg::Role::QuanTri);
    EXPECT_FALSE(reg::parseRole("king"));
}
