#include "store/token_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/session_repository.hpp"
#include "store/user_repository.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

Digest digest_of(uint8_t fill) {
  Digest d{};
  d.fill(fill);
  return d;
}

class TokenRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
    auto conn = db_->lock();
    UserRepository users(conn);
    UserRecord u;
    u.name = "owner";
    u.password_hash = "h";
    owner_ = *users.insert(u);
    u.name = "other";
    other_ = *users.insert(u);
  }
  TokenRecord make_token(int64_t user, uint8_t fill) {
    TokenRecord t;
    t.user_id = user;
    t.digest = digest_of(fill);
    t.permissions = 3;
    t.description = "grafana";
    t.created_at = 100;
    t.expires_at = 200;
    return t;
  }
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
  int64_t owner_ = 0;
  int64_t other_ = 0;
};

TEST_F(TokenRepositoryTest, InsertAndFindByDigest) {
  auto conn = db_->lock();
  TokenRepository tokens(conn);
  auto id = tokens.insert(make_token(owner_, 0xab));
  ASSERT_TRUE(id.has_value()) << id.error().message;
  auto found = tokens.find_by_digest(digest_of(0xab));
  ASSERT_TRUE(found.has_value() && found->has_value());
  const auto& t = **found;
  EXPECT_EQ(t.id, *id);
  EXPECT_EQ(t.user_id, owner_);
  EXPECT_EQ(t.owner_name, "owner");
  EXPECT_EQ(t.digest, digest_of(0xab));
  EXPECT_EQ(t.permissions, 3u);
  EXPECT_EQ(t.description, "grafana");
  EXPECT_EQ(t.expires_at, 200);
  EXPECT_EQ(t.last_used_at, std::nullopt);
  EXPECT_FALSE(tokens.find_by_digest(digest_of(0xac))->has_value());
  ASSERT_TRUE(tokens.set_last_used(*id, 150).has_value());
  EXPECT_EQ((**tokens.find_by_digest(digest_of(0xab))).last_used_at, 150);
}

TEST_F(TokenRepositoryTest, TokenNeedsAnExistingOwner) {
  auto conn = db_->lock();
  TokenRepository tokens(conn);
  auto id = tokens.insert(make_token(4242, 1));
  ASSERT_FALSE(id.has_value());
  EXPECT_TRUE(id.error().is_constraint());
}

TEST_F(TokenRepositoryTest, ListAndRemoveRespectOwner) {
  auto conn = db_->lock();
  TokenRepository tokens(conn);
  auto mine = *tokens.insert(make_token(owner_, 1));
  ASSERT_TRUE(tokens.insert(make_token(other_, 2)).has_value());
  EXPECT_EQ(tokens.list(owner_)->size(), 1u);
  EXPECT_EQ(tokens.list(std::nullopt)->size(), 2u);
  EXPECT_EQ(*tokens.count_for_user(owner_), 1);
  EXPECT_FALSE(*tokens.remove(mine, other_));  // not theirs
  EXPECT_TRUE(*tokens.remove(mine, owner_));
  EXPECT_EQ(tokens.list(std::nullopt)->size(), 1u);
}

TEST_F(TokenRepositoryTest, DeletingUserDeletesItsTokensAndSessions) {
  auto conn = db_->lock();
  TokenRepository tokens(conn);
  SessionRepository sessions(conn);
  ASSERT_TRUE(tokens.insert(make_token(owner_, 1)).has_value());
  ASSERT_TRUE(tokens.insert(make_token(other_, 2)).has_value());
  SessionRecord s;
  s.user_id = owner_;
  s.digest = digest_of(9);
  s.csrf_token = "csrf";
  s.expires_at = 1000;
  ASSERT_TRUE(sessions.insert(s).has_value());
  ASSERT_TRUE(*UserRepository(conn).remove(owner_));
  EXPECT_FALSE(tokens.find_by_digest(digest_of(1))->has_value());
  EXPECT_TRUE(tokens.find_by_digest(digest_of(2))->has_value());
  EXPECT_FALSE(sessions.find_by_digest(digest_of(9))->has_value());
}

TEST_F(TokenRepositoryTest, SessionHousekeeping) {
  auto conn = db_->lock();
  SessionRepository sessions(conn);
  for (uint8_t i = 1; i <= 5; ++i) {
    SessionRecord s;
    s.user_id = owner_;
    s.digest = digest_of(i);
    s.csrf_token = "c";
    s.created_at = 0;
    s.expires_at = 100 * i;
    ASSERT_TRUE(sessions.insert(s).has_value());
  }
  EXPECT_EQ(*sessions.remove_expired(200), 2);   // expires 100 and 200
  EXPECT_EQ(*sessions.trim_user(owner_, 2), 1);  // keeps 400 and 500
  EXPECT_FALSE(sessions.find_by_digest(digest_of(3))->has_value());
  EXPECT_EQ(*sessions.remove_for_user(owner_, digest_of(5)), 1);  // keeps the current one
  EXPECT_TRUE(sessions.find_by_digest(digest_of(5))->has_value());
  EXPECT_TRUE(*sessions.remove_by_digest(digest_of(5)));
  EXPECT_FALSE(*sessions.remove_by_digest(digest_of(5)));
}

}  // namespace
}  // namespace netmeter::store
