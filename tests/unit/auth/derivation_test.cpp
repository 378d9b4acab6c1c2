// Sessions and tokens made with other credentials: never more rights, never longer, gone with their parent.

#include <gtest/gtest.h>

#include "auth/crypto.hpp"
#include "auth_fixture.hpp"

using namespace std::chrono_literals;

namespace netmeter::auth {
namespace {

using test::AuthFixture;

class DerivationTest : public AuthFixture {
 protected:
  void SetUp() override {
    AuthFixture::SetUp();
    add_user("root", "password1", Role::Admin);
  }

  Principal authenticated_token(const std::string& secret) {
    auto p = auth_->tokens().authenticate(secret);
    EXPECT_TRUE(p && *p);
    return p && *p ? **p : Principal{};
  }
  std::optional<Principal> session_principal(const std::string& id) {
    auto p = auth_->sessions().authenticate(id);
    EXPECT_TRUE(p.has_value());
    return p ? *p : std::nullopt;
  }
  CreatedToken token(Permissions permissions, std::optional<TimePoint> expires = std::nullopt,
                     Derivation from = {}) {
    NewToken t{"root", permissions, "", expires, from};
    auto created = auth_->tokens().create(t);
    EXPECT_TRUE(created.has_value()) << (created ? "" : created.error().message);
    return created ? *created : CreatedToken{};
  }
};

TEST_F(DerivationTest, TheSessionOfAReadOnlyTokenIsReadOnlyAndEndsWithIt) {
  auto ro = token({Permission::ReadStats}, clock_.now() + 1h);
  Principal by_token = authenticated_token(ro.secret);
  EXPECT_TRUE(by_token.delegated);

  SessionRequest request;
  request.user = "root";
  request.duration = 7 * 24h;
  request.from = Derivation::from(by_token);
  auto session = auth_->sessions().create(request);
  ASSERT_TRUE(session.has_value()) << session.error().message;
  EXPECT_EQ(session->permissions, Permissions{Permission::ReadStats});
  EXPECT_LE(session->expires, *ro.expires) << "never outlives the token it was made with";

  auto p = session_principal(session->id);
  ASSERT_TRUE(p);
  EXPECT_EQ(p->permissions, Permissions{Permission::ReadStats}) << "not the owner's admin rights";
  EXPECT_TRUE(p->delegated);
  EXPECT_FALSE(p->has(Permission::Admin));

  ASSERT_TRUE(auth_->tokens().revoke(ro.id, std::nullopt));
  EXPECT_FALSE(session_principal(session->id)) << "revoking the token ends its session at once";
}

TEST_F(DerivationTest, NoCredentialMakesAWiderOne) {
  auto ro = token({Permission::ReadStats});
  Derivation from = Derivation::from(authenticated_token(ro.secret));
  SessionRequest request{"root", std::nullopt, Permissions{Permission::Admin}, from, "", ""};
  EXPECT_EQ(auth_->sessions().create(request).error().rc, Rc::NotGranted);
  NewToken wider{"root", {Permission::Pcap}, "", std::nullopt, from};
  EXPECT_EQ(auth_->tokens().create(wider).error().rc, Rc::NotGranted);
}

TEST_F(DerivationTest, RevocationReachesEverythingMadeDownTheChain) {
  auto root_token = token({Permission::ReadStats, Permission::Pcap}, clock_.now() + 2h);
  SessionRequest request;
  request.user = "root";
  request.from = Derivation::from(authenticated_token(root_token.secret));
  auto session = auth_->sessions().create(request);
  ASSERT_TRUE(session.has_value());
  auto by_session = session_principal(session->id);
  ASSERT_TRUE(by_session);
  auto child = token({Permission::ReadStats}, std::nullopt, Derivation::from(*by_session));
  ASSERT_TRUE(child.expires) << "a token made with an expiring session expires too";
  EXPECT_LE(*child.expires, session->expires);
  Principal by_child = authenticated_token(child.secret);  // now cached
  SessionRequest grandchild_request;
  grandchild_request.user = "root";
  grandchild_request.from = Derivation::from(by_child);
  auto grandchild = auth_->sessions().create(grandchild_request);
  ASSERT_TRUE(grandchild.has_value());

  ASSERT_TRUE(auth_->tokens().revoke(root_token.id, std::nullopt));
  EXPECT_FALSE(session_principal(session->id));
  auto child_now = auth_->tokens().authenticate(child.secret);
  ASSERT_TRUE(child_now.has_value());
  EXPECT_FALSE(*child_now) << "the cached verification of a derived token must not survive the revocation";
  EXPECT_FALSE(session_principal(grandchild->id));
}

TEST_F(DerivationTest, LogoutEndsTheTokensMadeWithTheSession) {
  auto session = auth_->sessions().create_session("root");
  ASSERT_TRUE(session.has_value());
  auto by_session = session_principal(session->id);
  ASSERT_TRUE(by_session);
  EXPECT_FALSE(by_session->delegated) << "a password session holds the account";
  auto child = token({Permission::ReadStats}, std::nullopt, Derivation::from(*by_session));
  authenticated_token(child.secret);
  ASSERT_TRUE(auth_->sessions().destroy(session->id));
  auto after = auth_->tokens().authenticate(child.secret);
  ASSERT_TRUE(after.has_value());
  EXPECT_FALSE(*after);
}

TEST_F(DerivationTest, WhatThePasswordMakesLivesItsOwnLife) {
  auto by_password = token({Permission::ReadStats});
  EXPECT_FALSE(by_password.expires);
  auto session = auth_->sessions().create_session("root");
  ASSERT_TRUE(session.has_value());
  EXPECT_EQ(session->permissions, Permissions::all()) << "as its user";
  auto p = session_principal(session->id);
  ASSERT_TRUE(p);
  EXPECT_TRUE(p->has(Permission::Admin));
}

TEST_F(DerivationTest, SessionListsShowOriginAndRightsButNoSecret) {
  auto ro = token({Permission::ReadStats});
  SessionRequest request;
  request.user = "root";
  request.from = Derivation::from(authenticated_token(ro.secret));
  request.client_address = "192.0.2.7";
  request.user_agent = "curl/7.88";
  ASSERT_TRUE(auth_->sessions().create(request));
  ASSERT_TRUE(auth_->sessions().create_session("root"));
  auto listed = auth_->sessions().list("root");
  ASSERT_TRUE(listed.has_value());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].origin, "token");
  EXPECT_EQ((*listed)[0].permissions, Permissions{Permission::ReadStats});
  EXPECT_EQ((*listed)[0].client_address, "192.0.2.7");
  EXPECT_EQ((*listed)[0].user_agent, "curl/7.88");
  EXPECT_EQ((*listed)[1].origin, "password");
  ASSERT_TRUE(auth_->sessions().end((*listed)[0].id, "root"));
  EXPECT_EQ(auth_->sessions().end((*listed)[0].id, "root").error().rc, Rc::NotFound);
  add_user("other", "password1");
  EXPECT_EQ(auth_->sessions().end((*listed)[1].id, "other").error().rc, Rc::NotFound)
      << "nobody ends a session of someone else by naming its id";
}

}  // namespace
}  // namespace netmeter::auth
