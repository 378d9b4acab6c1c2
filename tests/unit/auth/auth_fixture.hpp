#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <string>

#include "../../temp_dir.hpp"
#include "auth/auth_service.hpp"
#include "auth/clock.hpp"
#include "auth/crypto.hpp"
#include "store/database.hpp"

namespace netmeter::auth::test {

/// The auth tests' temporary directories ("netmeter-auth-XXXXXX").
class TempDir : public netmeter::test::TempDir {
 public:
  TempDir() : netmeter::test::TempDir("netmeter-auth") {}
};

/// Cheap Argon2 parameters so tests stay fast; everything else as in production.
inline AuthConfig test_config() {
  AuthConfig config;
  config.hash_cost = HashCost::minimum();
  return config;
}

/// A database in a temp dir, a manual clock and an AuthService over them.
class AuthFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(init_crypto());
    open_store();
    auth_ = std::make_unique<AuthService>(*db_, clock_, config_);
  }

  void open_store() {
    auto opened = store::Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }

  /// Adds a user and fails the test if that does not work.
  UserInfo add_user(const std::string& name, const std::string& password, Role role = Role::User,
                    Permissions granted = {}) {
    NewUser u;
    u.name = name;
    u.password = password;
    u.role = role;
    u.granted = granted;
    auto added = auth_->users().add(u);
    EXPECT_TRUE(added.has_value()) << (added ? "" : added.error().message);
    return added ? *added : UserInfo{};
  }

  TempDir dir_;
  ManualClock clock_;
  AuthConfig config_ = test_config();
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<AuthService> auth_;
};

}  // namespace netmeter::auth::test
