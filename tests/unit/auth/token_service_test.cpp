#include "auth/token_service.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <fstream>
#include <iterator>

#include "auth_fixture.hpp"
#include "store/token_repository.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

using test::AuthFixture;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string decode_base64url(const std::string& text) {
  std::string out(text.size(), '\0');
  std::size_t size = 0;
  EXPECT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(),
                              text.size(), nullptr, &size, nullptr, sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  out.resize(size);
  return out;
}

class TokenServiceTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    add_user("admin", "password1", Role::Admin);
    add_user("viewer", "password1", Role::User, {Permission::Pcap});
  }
  TokenService& tokens() { return auth_->tokens(); }
  Result<CreatedToken> create(const std::string& owner, Permissions p,
                              std::optional<TimePoint> expires = std::nullopt) {
    return tokens().create(NewToken{owner, p, "test token", expires});
  }
  std::optional<Principal> use(const std::string& secret) {
    auto r = tokens().authenticate(secret);
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::nullopt;
  }
};

TEST_F(TokenServiceTest, CreateAndAuthenticate) {
  auto created = create("viewer", {Permission::ReadStats});
  ASSERT_TRUE(created.has_value()) << created.error().message;
  EXPECT_EQ(created->secret.size(), 43u);
  auto p = use(created->secret);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user_name, "viewer");
  EXPECT_EQ(p->method, AuthMethod::Token);
  EXPECT_EQ(p->token_id, created->id);
  EXPECT_EQ(p->permissions, Permissions{Permission::ReadStats});  // not the owner's pcap
  EXPECT_FALSE(use(created->secret + "x").has_value());
  EXPECT_FALSE(use("").has_value());
}

TEST_F(TokenServiceTest, StoredAsDigestOnly) {
  auto created = create("admin", Permissions::all());
  ASSERT_TRUE(created.has_value());
  const std::string raw = decode_base64url(created->secret);
  ASSERT_EQ(raw.size(), 32u);
  // Neither the token text nor its raw bytes appear anywhere on disk.
  std::string on_disk;
  for (const char* file : {"netmeter.db", "netmeter.db-wal"})
    on_disk += read_file(dir_.path() / file);
  ASSERT_NE(on_disk.find("test token"), std::string::npos);  // the row itself is there to be searched
  EXPECT_EQ(on_disk.find(created->secret), std::string::npos);
  EXPECT_EQ(on_disk.find(raw), std::string::npos);
  auto conn = db_->lock();
  auto stored = store::TokenRepository(conn).list(std::nullopt);
  ASSERT_TRUE(stored.has_value());
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ((*stored)[0].digest, *sha256(created->secret));
}

TEST_F(TokenServiceTest, NeverWiderThanOwner) {
  auto wider = create("viewer", {Permission::ReadStats, Permission::Upload});
  ASSERT_FALSE(wider.has_value());
  EXPECT_EQ(wider.error().rc, Rc::NotGranted);
  EXPECT_EQ(create("viewer", {Permission::Admin}).error().rc, Rc::NotGranted);
  EXPECT_TRUE(create("viewer", {Permission::ReadStats, Permission::Pcap}).has_value());
  EXPECT_TRUE(create("admin", Permissions::all()).has_value());
  EXPECT_EQ(create("viewer", {}).error().rc, Rc::InvalidArguments);
  EXPECT_EQ(create("nobody", {Permission::ReadStats}).error().rc, Rc::NotFound);
}

TEST_F(TokenServiceTest, OwnerDowngradeNarrowsTokens) {
  add_user("boss", "password1", Role::Admin);
  auto created = create("boss", Permissions::all());
  ASSERT_TRUE(created.has_value());
  EXPECT_EQ(use(created->secret)->permissions, Permissions::all());

  UserChanges demote;
  demote.role = Role::User;
  demote.granted = Permissions{Permission::Pcap};
  ASSERT_TRUE(auth_->users().edit("boss", demote).has_value());
  auto narrowed = use(created->secret);
  ASSERT_TRUE(narrowed.has_value());
  EXPECT_EQ(narrowed->permissions, (Permissions{Permission::ReadStats, Permission::Pcap}));
  EXPECT_FALSE(narrowed->has(Permission::Admin));
  auto listed = tokens().list("boss");
  ASSERT_TRUE(listed.has_value());
  EXPECT_EQ((*listed)[0].permissions, Permissions::all());
  EXPECT_EQ((*listed)[0].effective, narrowed->permissions);

  UserChanges no_pcap;
  no_pcap.granted = Permissions{};
  ASSERT_TRUE(auth_->users().edit("boss", no_pcap).has_value());
  EXPECT_EQ(use(created->secret)->permissions, Permissions{Permission::ReadStats});
}

TEST_F(TokenServiceTest, DisabledOrDeletedOwnerKillsTokens) {
  auto created = create("viewer", {Permission::ReadStats});
  ASSERT_TRUE(created.has_value());
  UserChanges disable;
  disable.disabled = true;
  ASSERT_TRUE(auth_->users().edit("viewer", disable).has_value());
  EXPECT_FALSE(use(created->secret).has_value());
  disable.disabled = false;
  ASSERT_TRUE(auth_->users().edit("viewer", disable).has_value());
  EXPECT_TRUE(use(created->secret).has_value());
  ASSERT_TRUE(auth_->users().remove("viewer").has_value());
  EXPECT_FALSE(use(created->secret).has_value());
  EXPECT_TRUE(tokens().list(std::nullopt)->empty());
}

TEST_F(TokenServiceTest, Expiry) {
  EXPECT_EQ(create("viewer", {Permission::ReadStats}, clock_.now()).error().rc, Rc::InvalidArguments);
  auto created = create("viewer", {Permission::ReadStats}, clock_.now() + 1h);
  ASSERT_TRUE(created.has_value());
  clock_.advance(59min);
  EXPECT_TRUE(use(created->secret).has_value());
  clock_.advance(1min);
  EXPECT_FALSE(use(created->secret).has_value());
  EXPECT_TRUE(tokens().list("viewer")->front().expired);
}

TEST_F(TokenServiceTest, RevokeRespectsOwner) {
  auto mine = create("viewer", {Permission::ReadStats});
  ASSERT_TRUE(mine.has_value());
  EXPECT_EQ(tokens().revoke(mine->id, "admin").error().rc, Rc::NotFound);
  EXPECT_TRUE(tokens().revoke(mine->id, "viewer").has_value());
  EXPECT_FALSE(use(mine->secret).has_value());
  EXPECT_EQ(tokens().revoke(mine->id, std::nullopt).error().rc, Rc::NotFound);
}

TEST_F(TokenServiceTest, LastUsedIsThrottled) {
  auto created = create("viewer", {Permission::ReadStats});
  ASSERT_TRUE(created.has_value());
  const auto t0 = std::chrono::floor<std::chrono::seconds>(clock_.now());
  ASSERT_TRUE(use(created->secret).has_value());
  EXPECT_EQ(tokens().list("viewer")->front().last_used, t0);
  clock_.advance(30s);
  ASSERT_TRUE(use(created->secret).has_value());
  EXPECT_EQ(tokens().list("viewer")->front().last_used, t0);  // not rewritten within a minute
  clock_.advance(30s);
  ASSERT_TRUE(use(created->secret).has_value());
  EXPECT_EQ(tokens().list("viewer")->front().last_used, t0 + 60s);
}

TEST_F(TokenServiceTest, TokensSurviveReopen) {
  auto created = create("viewer", {Permission::ReadStats});
  ASSERT_TRUE(created.has_value());
  auth_.reset();
  db_.reset();
  open_store();
  auth_ = std::make_unique<AuthService>(*db_, clock_, config_);
  EXPECT_TRUE(use(created->secret).has_value());
}

}  // namespace
}  // namespace netmeter::auth
