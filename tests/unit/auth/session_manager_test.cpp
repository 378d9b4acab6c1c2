#include "auth/session_manager.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

using test::AuthFixture;

class SessionManagerTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    add_user("admin", "password1", Role::Admin);
    add_user("ui", "password1");
  }
  SessionManager& sessions() { return auth_->sessions(); }
  std::optional<Principal> use(const std::string& id) {
    auto r = sessions().authenticate(id);
    EXPECT_TRUE(r.has_value());
    return r ? *r : std::nullopt;
  }
};

TEST_F(SessionManagerTest, CreateAndAuthenticate) {
  auto s = sessions().create_session("ui");
  ASSERT_TRUE(s.has_value()) << s.error().message;
  EXPECT_EQ(s->id.size(), 43u);
  EXPECT_EQ(s->csrf_token.size(), 43u);
  EXPECT_NE(s->id, s->csrf_token);
  EXPECT_EQ(s->expires, std::chrono::floor<std::chrono::seconds>(clock_.now()) + 3600s);
  auto p = use(s->id);
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->user_name, "ui");
  EXPECT_EQ(p->method, AuthMethod::Session);
  EXPECT_EQ(p->session_id, s->id);
  EXPECT_EQ(p->csrf_token, s->csrf_token);
  EXPECT_TRUE(p->requires_csrf());
  EXPECT_FALSE(use("unknown-session").has_value());
  EXPECT_EQ(sessions().create_session("nobody").error().rc, Rc::NotFound);
}

TEST_F(SessionManagerTest, ExpiresWithTheClock) {
  auto s = sessions().create_session("ui");
  ASSERT_TRUE(s.has_value());
  clock_.advance(3599s);
  EXPECT_TRUE(use(s->id).has_value());
  clock_.advance(1s);
  EXPECT_FALSE(use(s->id).has_value());
  clock_.advance(-10s);  // the expired session was deleted when seen
  EXPECT_FALSE(use(s->id).has_value());
}

TEST_F(SessionManagerTest, PerSessionDurationIsClamped) {
  auto short_one = sessions().create_session("ui", 10s);
  ASSERT_TRUE(short_one.has_value());
  auto zero = sessions().create_session("ui", 0s);  // ntopng's "no expiration": the default instead
  auto huge = sessions().create_session("ui", std::chrono::seconds(365 * 24 * 3600));
  const auto now = std::chrono::floor<std::chrono::seconds>(clock_.now());
  EXPECT_EQ(short_one->expires, now + 10s);
  EXPECT_EQ(zero->expires, now + 3600s);
  EXPECT_EQ(huge->expires, now + sessions().config().max_duration);
  clock_.advance(10s);
  EXPECT_FALSE(use(short_one->id).has_value());
  EXPECT_TRUE(use(zero->id).has_value());
}

TEST_F(SessionManagerTest, CsrfCheck) {
  auto s = sessions().create_session("ui");
  ASSERT_TRUE(s.has_value());
  auto p = use(s->id);
  ASSERT_TRUE(p.has_value());
  EXPECT_TRUE(check_csrf(*p, s->csrf_token));
  EXPECT_FALSE(check_csrf(*p, ""));
  EXPECT_FALSE(check_csrf(*p, s->csrf_token.substr(1)));
  std::string flipped = s->csrf_token;
  flipped[5] = flipped[5] == 'a' ? 'b' : 'a';
  EXPECT_FALSE(check_csrf(*p, flipped));
  auto other = sessions().create_session("ui");
  EXPECT_FALSE(check_csrf(*p, other->csrf_token));
  Principal basic = *p;
  basic.method = AuthMethod::Basic;
  EXPECT_FALSE(check_csrf(basic, s->csrf_token));
  EXPECT_FALSE(basic.requires_csrf());
}

TEST_F(SessionManagerTest, LogoutAndUserLifecycle) {
  auto s = sessions().create_session("ui");
  ASSERT_TRUE(sessions().destroy(s->id).has_value());
  EXPECT_FALSE(use(s->id).has_value());
  EXPECT_EQ(sessions().destroy(s->id).error().rc, Rc::NotFound);

  auto s2 = sessions().create_session("ui");
  UserChanges disable;
  disable.disabled = true;
  ASSERT_TRUE(auth_->users().edit("ui", disable).has_value());
  EXPECT_FALSE(use(s2->id).has_value());
  EXPECT_EQ(sessions().create_session("ui").error().rc, Rc::NotGranted);
  disable.disabled = false;
  ASSERT_TRUE(auth_->users().edit("ui", disable).has_value());
  EXPECT_TRUE(use(s2->id).has_value());
  ASSERT_TRUE(auth_->users().remove("ui").has_value());
  EXPECT_FALSE(use(s2->id).has_value());
}

TEST_F(SessionManagerTest, RoleChangeAppliesToLiveSessions) {
  auto s = sessions().create_session("ui");
  EXPECT_FALSE(use(s->id)->has(Permission::Pcap));
  UserChanges grant;
  grant.granted = Permissions{Permission::Pcap};
  ASSERT_TRUE(auth_->users().edit("ui", grant).has_value());
  EXPECT_TRUE(use(s->id)->has(Permission::Pcap));
}

TEST_F(SessionManagerTest, PasswordChangeEndsOtherSessions) {
  auto mine = sessions().create_session("ui");
  auto other = sessions().create_session("ui");
  ASSERT_TRUE(auth_->users().change_password("ui", "password1", "password2", mine->id).has_value());
  EXPECT_TRUE(use(mine->id).has_value());
  EXPECT_FALSE(use(other->id).has_value());
  ASSERT_TRUE(auth_->users().reset_password("ui", "password3").has_value());
  EXPECT_FALSE(use(mine->id).has_value());
}

TEST_F(SessionManagerTest, SessionsPerUserAreCapped) {
  std::vector<NewSession> created;
  for (int64_t i = 0; i < sessions().config().max_per_user + 1; ++i) {
    created.push_back(*sessions().create_session("ui", std::chrono::seconds(100 + i)));
  }
  EXPECT_FALSE(use(created.front().id).has_value());  // expired first, dropped
  EXPECT_TRUE(use(created.back().id).has_value());
}

TEST_F(SessionManagerTest, SessionsSurviveRestart) {
  auto s = sessions().create_session("ui");
  auth_.reset();
  db_.reset();
  open_store();
  auth_ = std::make_unique<AuthService>(*db_, clock_, config_);
  EXPECT_TRUE(use(s->id).has_value());
}

}  // namespace
}  // namespace netmeter::auth
