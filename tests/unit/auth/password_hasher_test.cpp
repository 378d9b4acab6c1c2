#include "auth/password_hasher.hpp"

#include <gtest/gtest.h>

#include <chrono>

#include "auth/crypto.hpp"

namespace netmeter::auth {
namespace {

class PasswordHasherTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_crypto()); }
  PasswordHasher hasher_{HashCost::minimum()};
};

TEST_F(PasswordHasherTest, HashIsArgon2idAndVerifies) {
  auto hash = hasher_.hash("correct horse");
  ASSERT_TRUE(hash.has_value());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u) << *hash;
  EXPECT_TRUE(hasher_.verify(*hash, "correct horse"));
  EXPECT_FALSE(hasher_.verify(*hash, "correct horsE"));
  EXPECT_FALSE(hasher_.verify(*hash, ""));
}

TEST_F(PasswordHasherTest, SaltedHashesDiffer) {
  EXPECT_NE(*hasher_.hash("same password"), *hasher_.hash("same password"));
}

TEST_F(PasswordHasherTest, MalformedHashNeverVerifies) {
  EXPECT_FALSE(hasher_.verify("", "x"));
  EXPECT_FALSE(hasher_.verify("$argon2id$garbage", "x"));
  EXPECT_FALSE(hasher_.verify(std::string(500, 'a'), "x"));
}

TEST_F(PasswordHasherTest, PasswordsWithNulAndColonWork) {
  const std::string password("a:b\0c", 5);
  auto hash = hasher_.hash(password);
  ASSERT_TRUE(hash.has_value());
  EXPECT_TRUE(hasher_.verify(*hash, password));
  EXPECT_FALSE(hasher_.verify(*hash, "a:b"));
}

TEST_F(PasswordHasherTest, NeedsRehashWhenCostChanges) {
  auto cheap = *hasher_.hash("password1");
  EXPECT_FALSE(hasher_.needs_rehash(cheap));
  EXPECT_TRUE(PasswordHasher(HashCost::interactive()).needs_rehash(cheap));
  EXPECT_TRUE(hasher_.needs_rehash("$2y$10$bcrypthash"));
}

TEST_F(PasswordHasherTest, DefaultCostIsInteractive) {
  const PasswordHasher production;
  EXPECT_EQ(production.cost().ops_limit, HashCost::interactive().ops_limit);
  EXPECT_EQ(production.cost().mem_limit, HashCost::interactive().mem_limit);
  EXPECT_EQ(HashCost::interactive().mem_limit, 64u << 20);
}

// Measures the production cost once (the number quoted in reviews) and checks its hash format.
TEST_F(PasswordHasherTest, InteractiveCostMeasured) {
  const PasswordHasher production;
  auto hash = production.hash("measure me please");
  ASSERT_TRUE(hash.has_value());
  EXPECT_NE(hash->find("$argon2id$v=19$m=65536,t=2,p=1$"), std::string::npos) << *hash;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_TRUE(production.verify(*hash, "measure me please"));
  const auto ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("argon2id_interactive_verify_ms", std::to_string(ms));
  std::printf("Argon2id INTERACTIVE verify: %.1f ms\n", ms);
}

}  // namespace
}  // namespace netmeter::auth
