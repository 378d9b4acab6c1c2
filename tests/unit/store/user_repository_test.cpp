#include "store/user_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "temp_database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

UserRecord make_user(std::string name, std::string_view role = kRoleUser) {
  UserRecord u;
  u.name = std::move(name);
  u.full_name = "Full " + u.name;
  u.role = std::string(role);
  u.password_hash = "$argon2id$fake";
  u.permissions = 2;
  u.allowed_networks = {"10.0.0.0/8", "fe80::/10"};
  u.allowed_interfaces = {0, 3};
  u.language = "de";
  u.created_at = 1700000000;
  return u;
}

class UserRepositoryTest : public test::TempDatabaseTest {};

TEST_F(UserRepositoryTest, InsertFindRoundTrip) {
  auto conn = db_->lock();
  UserRepository users(conn);
  auto id = users.insert(make_user("alice"));
  ASSERT_TRUE(id.has_value()) << id.error().message;
  auto found = users.find_by_name("alice");
  ASSERT_TRUE(found.has_value() && found->has_value());
  const auto& u = **found;
  EXPECT_EQ(u.id, *id);
  EXPECT_EQ(u.full_name, "Full alice");
  EXPECT_EQ(u.role, "user");
  EXPECT_EQ(u.password_hash, "$argon2id$fake");
  EXPECT_EQ(u.permissions, 2u);
  EXPECT_EQ(u.allowed_networks, (std::vector<std::string>{"10.0.0.0/8", "fe80::/10"}));
  EXPECT_EQ(u.allowed_interfaces, (std::vector<uint32_t>{0, 3}));
  EXPECT_EQ(u.language, "de");
  EXPECT_EQ(u.created_at, 1700000000);
  EXPECT_FALSE(u.disabled);
  auto by_id = users.find_by_id(*id);
  ASSERT_TRUE(by_id.has_value() && by_id->has_value());
  EXPECT_EQ((*by_id)->name, "alice");
}

TEST_F(UserRepositoryTest, MissingUserIsEmptyNotError) {
  auto conn = db_->lock();
  UserRepository users(conn);
  auto found = users.find_by_name("nobody");
  ASSERT_TRUE(found.has_value());
  EXPECT_FALSE(found->has_value());
}

TEST_F(UserRepositoryTest, DuplicateNameIsConstraintError) {
  auto conn = db_->lock();
  UserRepository users(conn);
  ASSERT_TRUE(users.insert(make_user("bob")).has_value());
  auto again = users.insert(make_user("bob"));
  ASSERT_FALSE(again.has_value());
  EXPECT_TRUE(again.error().is_constraint());
}

TEST_F(UserRepositoryTest, InvalidRoleIsRejected) {
  auto conn = db_->lock();
  UserRepository users(conn);
  EXPECT_FALSE(users.insert(make_user("eve", "root")).has_value());
}

TEST_F(UserRepositoryTest, UpdateAndCompareAndSetHash) {
  auto conn = db_->lock();
  UserRepository users(conn);
  auto id = users.insert(make_user("carol"));
  ASSERT_TRUE(id.has_value());
  auto u = **users.find_by_id(*id);
  u.role = std::string(kRoleAdmin);
  u.allowed_networks.clear();
  u.disabled = true;
  ASSERT_TRUE(*users.update(u));
  auto back = **users.find_by_id(*id);
  EXPECT_EQ(back.role, "admin");
  EXPECT_TRUE(back.allowed_networks.empty());
  EXPECT_TRUE(back.disabled);

  EXPECT_FALSE(*users.replace_password_hash(*id, "not-the-current", "new"));
  EXPECT_TRUE(*users.replace_password_hash(*id, "$argon2id$fake", "new"));
  EXPECT_EQ((**users.find_by_id(*id)).password_hash, "new");

  u.id = 9999;
  EXPECT_FALSE(*users.update(u));
}

TEST_F(UserRepositoryTest, ListCountAndAdmins) {
  auto conn = db_->lock();
  UserRepository users(conn);
  ASSERT_TRUE(users.insert(make_user("zed", kRoleAdmin)).has_value());
  ASSERT_TRUE(users.insert(make_user("amy")).has_value());
  auto disabled_admin = make_user("dan", kRoleAdmin);
  disabled_admin.disabled = true;
  ASSERT_TRUE(users.insert(disabled_admin).has_value());
  auto all = users.list();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].name, "amy");
  EXPECT_EQ((*all)[2].name, "zed");
  EXPECT_EQ(*users.count(), 3);
  EXPECT_EQ(*users.count_enabled_admins(), 1);
}

TEST_F(UserRepositoryTest, RemoveReportsWhetherSomethingWasDeleted) {
  auto conn = db_->lock();
  UserRepository users(conn);
  auto id = users.insert(make_user("gone"));
  ASSERT_TRUE(id.has_value());
  EXPECT_TRUE(*users.remove(*id));
  EXPECT_FALSE(*users.remove(*id));
}

}  // namespace
}  // namespace netmeter::store
