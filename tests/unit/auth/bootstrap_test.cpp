#include "auth/bootstrap.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"

namespace netmeter::auth {
namespace {

using test::AuthFixture;

class BootstrapTest : public AuthFixture {};

TEST_F(BootstrapTest, GeneratesARandomPasswordOnFirstStart) {
  auto generated = ensure_admin(auth_->users(), std::nullopt);
  ASSERT_TRUE(generated.has_value()) << generated.error().message;
  ASSERT_TRUE(generated->has_value());
  EXPECT_EQ((*generated)->size(), 20u);
  auto admin = auth_->users().get("admin");
  ASSERT_TRUE(admin.has_value());
  EXPECT_EQ(admin->role, Role::Admin);
  EXPECT_TRUE(auth_->users().change_password("admin", **generated, "my-own-password").has_value());

  auto again = ensure_admin(auth_->users(), std::nullopt);  // users exist: nothing to do
  ASSERT_TRUE(again.has_value());
  EXPECT_FALSE(again->has_value());
}

TEST_F(BootstrapTest, UsesTheGivenPassword) {
  auto r = ensure_admin(auth_->users(), "from-environment");
  ASSERT_TRUE(r.has_value());
  EXPECT_FALSE(r->has_value());
  EXPECT_TRUE(auth_->users().change_password("admin", "from-environment", "another-password").has_value());
}

TEST_F(BootstrapTest, RejectsAWeakGivenPassword) {
  auto r = ensure_admin(auth_->users(), "admin");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().rc, Rc::InvalidArguments);
  EXPECT_FALSE(auth_->users().has_users().value());
}

TEST_F(BootstrapTest, GeneratedPasswordsDiffer) {
  test::TempDir other_dir;
  auto other_db = store::Database::open(other_dir.path());
  ASSERT_TRUE(other_db.has_value());
  AuthService other(**other_db, clock_, config_);
  auto a = ensure_admin(auth_->users(), std::nullopt);
  auto b = ensure_admin(other.users(), std::nullopt);
  ASSERT_TRUE(a.has_value() && a->has_value() && b.has_value() && b->has_value());
  EXPECT_NE(**a, **b);
}

}  // namespace
}  // namespace netmeter::auth
