#include "auth/authenticator.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <atomic>
#include <thread>
#include <vector>

#include "auth_fixture.hpp"
#include "store/user_repository.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

using test::AuthFixture;

std::string basic_header(std::string_view user, std::string_view password) {
  const std::string plain = std::string(user) + ":" + std::string(password);
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);
  return "Basic " + out;
}

class AuthenticatorTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    add_user("admin", "admin-password", Role::Admin);
    add_user("viewer", "viewer-password", Role::User, {Permission::Pcap});
  }
  AuthOutcome auth(std::string_view authorization, std::string_view cookie = {},
                   std::string_view address = "192.0.2.10") {
    return auth_->authenticator().authenticate(AuthRequest{authorization, cookie, address});
  }
  AuthFailureReason reason(const AuthOutcome& outcome) {
    EXPECT_FALSE(outcome.has_value());
    return outcome ? AuthFailureReason::Internal : outcome.error().reason;
  }
};

TEST_F(AuthenticatorTest, NoCredentialsIsMissing) {
  EXPECT_EQ(reason(auth("")), AuthFailureReason::Missing);
  EXPECT_EQ(reason(auth("   ")), AuthFailureReason::Missing);
  EXPECT_EQ(auth_failure_name(AuthFailureReason::Missing), "missing");
  EXPECT_EQ(auth_->rate_limit_counters().failures, 0u);
}

TEST_F(AuthenticatorTest, BasicSuccess) {
  auto p = auth(basic_header("viewer", "viewer-password"));
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user_name, "viewer");
  EXPECT_EQ(p->role, Role::User);
  EXPECT_EQ(p->method, AuthMethod::Basic);
  EXPECT_EQ(p->permissions, (Permissions{Permission::ReadStats, Permission::Pcap}));
  EXPECT_TRUE(p->allowed_networks.unrestricted());
  EXPECT_TRUE(p->may_see_interface(7));
}

TEST_F(AuthenticatorTest, WrongOrUnknownOrMalformedIsInvalid) {
  EXPECT_EQ(reason(auth(basic_header("viewer", "wrong-password"))), AuthFailureReason::Invalid);
  EXPECT_EQ(reason(auth(basic_header("ghost", "viewer-password"))), AuthFailureReason::Invalid);
  EXPECT_EQ(reason(auth("Basic %%%")), AuthFailureReason::Invalid);
  EXPECT_EQ(reason(auth("Digest x")), AuthFailureReason::Invalid);
  EXPECT_EQ(reason(auth("Bearer not-a-real-token")), AuthFailureReason::Invalid);
  EXPECT_EQ(auth_->rate_limit_counters().failures, 5u);
}

TEST_F(AuthenticatorTest, DisabledUserIsInvalid) {
  UserChanges disable;
  disable.disabled = true;
  ASSERT_TRUE(auth_->users().edit("viewer", disable).has_value());
  EXPECT_EQ(reason(auth(basic_header("viewer", "viewer-password"))), AuthFailureReason::Invalid);
}

TEST_F(AuthenticatorTest, RateLimitRefusesEvenCorrectCredentials) {
  const auto good = basic_header("admin", "admin-password");
  const auto bad = basic_header("admin", "guess");
  for (int i = 0; i < 10; ++i)
    EXPECT_EQ(reason(auth(bad)), AuthFailureReason::Invalid);
  auto refused = auth(good);
  ASSERT_FALSE(refused.has_value());
  EXPECT_EQ(refused.error().reason, AuthFailureReason::RateLimited);
  EXPECT_EQ(refused.error().retry_after, 60s);
  EXPECT_TRUE(auth(good, {}, "192.0.2.99").has_value());  // another client is not affected

  const auto counters = auth_->rate_limit_counters();
  EXPECT_EQ(counters.failures, 10u);
  EXPECT_EQ(counters.refusals, 1u);

  clock_.advance(59s);
  EXPECT_EQ(auth(good).error().retry_after, 1s);
  clock_.advance(1s);
  EXPECT_TRUE(auth(good).has_value());
}

TEST_F(AuthenticatorTest, RateLimitAppliesToTokens) {
  auto token = auth_->tokens().create(NewToken{"viewer", {Permission::ReadStats}, "", std::nullopt});
  ASSERT_TRUE(token.has_value());
  for (int i = 0; i < 10; ++i)
    (void)auth("Bearer wrong-token-" + std::to_string(i));
  EXPECT_EQ(reason(auth("Bearer " + token->secret)), AuthFailureReason::RateLimited);
}

TEST_F(AuthenticatorTest, TokenSchemes) {
  auto token = auth_->tokens().create(NewToken{"viewer", {Permission::ReadStats}, "grafana", std::nullopt});
  ASSERT_TRUE(token.has_value());
  for (const std::string scheme : {"Bearer ", "Token ", "bearer ", "TOKEN "}) {
    auto p = auth(scheme + token->secret);
    ASSERT_TRUE(p.has_value()) << scheme;
    EXPECT_EQ(p->method, AuthMethod::Token);
    EXPECT_EQ(p->permissions, Permissions{Permission::ReadStats});
  }
}

TEST_F(AuthenticatorTest, SessionCookie) {
  auto s = auth_->sessions().create_session("viewer");
  ASSERT_TRUE(s.has_value());
  auto p = auth("", s->id);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->method, AuthMethod::Session);
  EXPECT_TRUE(check_csrf(*p, s->csrf_token));
  EXPECT_EQ(reason(auth("", "stale-cookie")), AuthFailureReason::Invalid);
  EXPECT_EQ(auth_->rate_limit_counters().failures, 0u);  // stale cookies do not count
}

TEST_F(AuthenticatorTest, AuthorizationHeaderWinsOverCookie) {
  auto s = auth_->sessions().create_session("viewer");
  ASSERT_TRUE(s.has_value());
  auto p = auth(basic_header("admin", "admin-password"), s->id);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user_name, "admin");
  EXPECT_EQ(reason(auth(basic_header("admin", "wrong"), s->id)), AuthFailureReason::Invalid);
}

TEST_F(AuthenticatorTest, CacheIsInvalidatedByPasswordChange) {
  const auto old_header = basic_header("viewer", "viewer-password");
  ASSERT_TRUE(auth(old_header).has_value());  // now cached
  ASSERT_TRUE(auth(old_header).has_value());
  ASSERT_TRUE(auth_->users().change_password("viewer", "viewer-password", "changed-password").has_value());
  EXPECT_EQ(reason(auth(old_header)), AuthFailureReason::Invalid);
  EXPECT_TRUE(auth(basic_header("viewer", "changed-password")).has_value());
  ASSERT_TRUE(auth_->users().reset_password("viewer", "reset-password").has_value());
  EXPECT_EQ(reason(auth(basic_header("viewer", "changed-password"))), AuthFailureReason::Invalid);
}

TEST_F(AuthenticatorTest, CacheIsInvalidatedByRoleChangeAndDeletion) {
  const auto header = basic_header("viewer", "viewer-password");
  ASSERT_TRUE(auth(header)->has(Permission::Pcap));
  UserChanges revoke;
  revoke.granted = Permissions{};
  ASSERT_TRUE(auth_->users().edit("viewer", revoke).has_value());
  EXPECT_FALSE(auth(header)->has(Permission::Pcap));
  ASSERT_TRUE(auth_->users().remove("viewer").has_value());
  EXPECT_EQ(reason(auth(header)), AuthFailureReason::Invalid);
}

TEST_F(AuthenticatorTest, CachedVerificationSkipsTheStore) {
  const auto header = basic_header("viewer", "viewer-password");
  ASSERT_TRUE(auth(header).has_value());
  {
    // Swap the stored hash behind the service's back: a cached verification does not read it.
    auto conn = db_->lock();
    store::UserRepository users(conn);
    auto record = **users.find_by_name("viewer");
    record.password_hash = "$argon2id$broken";
    ASSERT_TRUE(*users.update(record));
  }
  EXPECT_TRUE(auth(header).has_value());
  clock_.advance(60s);  // TTL over: verified against the store again
  EXPECT_EQ(reason(auth(header)), AuthFailureReason::Invalid);
}

TEST_F(AuthenticatorTest, OldHashParametersAreUpgradedOnLogin) {
  // Store a hash made with different parameters, then log in.
  const PasswordHasher other(HashCost{2, 16 * 1024});
  {
    auto conn = db_->lock();
    store::UserRepository users(conn);
    auto record = **users.find_by_name("viewer");
    record.password_hash = *other.hash("viewer-password");
    ASSERT_TRUE(*users.update(record));
  }
  ASSERT_TRUE(auth(basic_header("viewer", "viewer-password")).has_value());
  auto conn = db_->lock();
  auto record = **store::UserRepository(conn).find_by_name("viewer");
  EXPECT_FALSE(PasswordHasher(config_.hash_cost).needs_rehash(record.password_hash));
  EXPECT_TRUE(PasswordHasher(config_.hash_cost).verify(record.password_hash, "viewer-password"));
}

TEST_F(AuthenticatorTest, ConcurrentRequestsAndEdits) {
  auto token = auth_->tokens().create(NewToken{"viewer", {Permission::ReadStats}, "", std::nullopt});
  auto session = auth_->sessions().create_session("viewer");
  ASSERT_TRUE(token.has_value() && session.has_value());
  const auto header = basic_header("admin", "admin-password");
  const auto bearer = "Bearer " + token->secret;
  std::atomic<int> refused{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 100; ++i) {
        const bool ok = t % 2 == 0 ? auth(header).has_value() : auth(bearer, session->id).has_value();
        if (!ok) ++refused;
        if (i % 10 == 0) (void)auth("", session->id);
      }
    });
  }
  for (int i = 0; i < 10; ++i) {
    UserChanges toggle;
    toggle.granted = i % 2 == 0 ? Permissions{Permission::Pcap} : Permissions{};
    ASSERT_TRUE(auth_->users().edit("viewer", toggle).has_value());
  }
  for (auto& th : threads)
    th.join();
  EXPECT_EQ(refused.load(), 0);
}

TEST_F(AuthenticatorTest, StoredHashIsArgon2id) {
  auto conn = db_->lock();
  auto record = **store::UserRepository(conn).find_by_name("viewer");
  EXPECT_EQ(record.password_hash.rfind("$argon2id$", 0), 0u);
}

}  // namespace
}  // namespace netmeter::auth
