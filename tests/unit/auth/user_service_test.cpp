#include "auth/user_service.hpp"

#include <gtest/gtest.h>

#include "auth_fixture.hpp"

namespace netmeter::auth {
namespace {

using test::AuthFixture;

class UserServiceTest : public AuthFixture {
 protected:
  UserService& users() { return auth_->users(); }
  NewUser new_user(std::string name, std::string password = "password1") {
    NewUser u;
    u.name = std::move(name);
    u.password = std::move(password);
    return u;
  }
};

TEST_F(UserServiceTest, AddGetAndList) {
  NewUser u = new_user("alice@example.org");
  u.full_name = "Alice A.";
  u.granted = {Permission::Pcap};
  u.allowed_networks = {"192.168.1.5/24", "fe80::/10"};
  u.allowed_interfaces = {0, 2};
  u.language = "de";
  auto added = users().add(u);
  ASSERT_TRUE(added.has_value()) << added.error().message;
  EXPECT_EQ(added->role, Role::User);
  EXPECT_EQ(added->effective, (Permissions{Permission::ReadStats, Permission::Pcap}));
  EXPECT_EQ(added->allowed_networks, (std::vector<std::string>{"192.168.1.0/24", "fe80::/10"}));
  EXPECT_EQ(added->created, std::chrono::floor<std::chrono::seconds>(clock_.now()));

  auto got = users().get("alice@example.org");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->full_name, "Alice A.");
  EXPECT_EQ(got->language, "de");
  EXPECT_EQ(got->allowed_interfaces, (std::vector<uint32_t>{0, 2}));

  add_user("bob", "password2", Role::Admin);
  auto all = users().list();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "alice@example.org");
  EXPECT_EQ((*all)[1].effective, Permissions::all());
  EXPECT_EQ(users().get("nobody").error().rc, Rc::NotFound);
}

TEST_F(UserServiceTest, NameRules) {
  EXPECT_TRUE(users().add(new_user(std::string(64, 'a'))).has_value());
  for (std::string bad : {std::string(), std::string(65, 'b'), std::string("with space"), std::string("a/b"),
                          std::string("ümlaut"), std::string("x:y"), std::string("a\nb")}) {
    auto r = users().add(new_user(bad));
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().rc, Rc::InvalidArguments) << bad;
  }
  EXPECT_TRUE(users().add(new_user("A.b_c-d@e9")).has_value());
}

TEST_F(UserServiceTest, PasswordRulesAndConfirmation) {
  EXPECT_EQ(users().add(new_user("shorty", "1234567")).error().rc, Rc::InvalidArguments);
  EXPECT_TRUE(users().add(new_user("exactly8", "12345678")).has_value());
  auto u = new_user("confirm", "password1");
  u.confirm_password = "password2";
  EXPECT_EQ(users().add(u).error().rc, Rc::PasswordMismatch);
  u.confirm_password = "password1";
  EXPECT_TRUE(users().add(u).has_value());
}

TEST_F(UserServiceTest, DuplicateIsUserAlreadyExisting) {
  add_user("carol", "password1");
  auto again = users().add(new_user("carol", "another-pw"));
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().rc, Rc::UserAlreadyExisting);
  EXPECT_EQ(rc_name(again.error().rc), "USER_ALREADY_EXISTING");
}

TEST_F(UserServiceTest, InvalidArgumentsRejected) {
  auto bad_net = new_user("n1");
  bad_net.allowed_networks = {"10.0.0.0/33"};
  EXPECT_EQ(users().add(bad_net).error().rc, Rc::InvalidArguments);
  auto admin_grant = new_user("n2");
  admin_grant.granted = {Permission::Admin};
  EXPECT_EQ(users().add(admin_grant).error().rc, Rc::InvalidArguments);
  auto bad_lang = new_user("n3");
  bad_lang.language = "e";
  EXPECT_EQ(users().add(bad_lang).error().rc, Rc::InvalidArguments);
  auto bad_full = new_user("n4");
  bad_full.full_name = "evil\r\nheader";
  EXPECT_EQ(users().add(bad_full).error().rc, Rc::InvalidArguments);
}

TEST_F(UserServiceTest, EditChangesOnlyGivenFields) {
  add_user("admin", "password1", Role::Admin);
  add_user("dave", "password1");
  UserChanges changes;
  changes.granted = Permissions{Permission::Pcap, Permission::Upload};
  changes.allowed_networks = std::vector<std::string>{"10.1.0.0/16"};
  auto edited = users().edit("dave", changes);
  ASSERT_TRUE(edited.has_value()) << edited.error().message;
  EXPECT_EQ(edited->effective, (Permissions{Permission::ReadStats, Permission::Pcap, Permission::Upload}));
  EXPECT_EQ(edited->allowed_networks, std::vector<std::string>{"10.1.0.0/16"});
  EXPECT_EQ(edited->language, "en");

  UserChanges promote;
  promote.role = Role::Admin;
  EXPECT_EQ(users().edit("dave", promote)->effective, Permissions::all());
  EXPECT_EQ(users().edit("nobody", promote).error().rc, Rc::NotFound);
  UserChanges bad;
  bad.allowed_networks = std::vector<std::string>{"nonsense"};
  EXPECT_EQ(users().edit("dave", bad).error().rc, Rc::InvalidArguments);
}

TEST_F(UserServiceTest, LastAdminCannotBeDeletedDemotedOrDisabled) {
  add_user("root", "password1", Role::Admin);
  add_user("plain", "password1");
  EXPECT_EQ(users().remove("root").error().rc, Rc::LastAdmin);
  UserChanges demote;
  demote.role = Role::User;
  EXPECT_EQ(users().edit("root", demote).error().rc, Rc::LastAdmin);
  UserChanges disable;
  disable.disabled = true;
  EXPECT_EQ(users().edit("root", disable).error().rc, Rc::LastAdmin);
  EXPECT_TRUE(users().get("root").has_value());

  add_user("second", "password1", Role::Admin);
  EXPECT_TRUE(users().remove("root").has_value());
  EXPECT_EQ(users().remove("second").error().rc, Rc::LastAdmin);
  EXPECT_TRUE(users().remove("plain").has_value());
  EXPECT_EQ(users().remove("plain").error().rc, Rc::NotFound);
}

TEST_F(UserServiceTest, SelfPasswordChangeNeedsTheOldPassword) {
  add_user("erin", "old-password");
  auto wrong = users().change_password("erin", "not-it", "new-password");
  ASSERT_FALSE(wrong.has_value());
  EXPECT_EQ(wrong.error().rc, Rc::PasswordMismatch);
  EXPECT_EQ(users().change_password("erin", "old-password", "short").error().rc, Rc::InvalidArguments);
  EXPECT_TRUE(users().change_password("erin", "old-password", "new-password").has_value());
  EXPECT_EQ(users().change_password("erin", "old-password", "third-password").error().rc,
            Rc::PasswordMismatch);
  EXPECT_TRUE(users().change_password("erin", "new-password", "third-password").has_value());
}

TEST_F(UserServiceTest, AdminResetNeedsNoOldPassword) {
  add_user("frank", "old-password");
  EXPECT_TRUE(users().reset_password("frank", "reset-password").has_value());
  EXPECT_EQ(users().reset_password("nobody", "reset-password").error().rc, Rc::NotFound);
  EXPECT_EQ(users().reset_password("frank", "short").error().rc, Rc::InvalidArguments);
  EXPECT_TRUE(users().change_password("frank", "reset-password", "mine-again").has_value());
}

TEST_F(UserServiceTest, UsersSurviveReopen) {
  add_user("gina", "password1", Role::Admin);
  auth_.reset();
  db_.reset();
  open_store();
  auth_ = std::make_unique<AuthService>(*db_, clock_, config_);
  auto got = auth_->users().get("gina");
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(got->role, Role::Admin);
}

}  // namespace
}  // namespace netmeter::auth
