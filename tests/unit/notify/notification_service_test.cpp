#include "notify/notification_service.hpp"

#include <gtest/gtest.h>
#include <sodium.h>

#include <algorithm>

#include "store/database.hpp"
#include "store/notification_repository.hpp"
#include "temp_dir.hpp"

namespace netmeter::notify {
namespace {

class NotificationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_GE(sodium_init(), 0);
    auto opened = store::Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  std::unique_ptr<NotificationService> service() {
    auto box = SecretBox::open(dir_.path() / "notify.key");
    EXPECT_TRUE(box);
    return std::make_unique<NotificationService>(*db_, *box, dispatcher_);
  }
  std::vector<store::NotificationParam> stored_params() {
    auto conn = db_->lock();
    store::NotificationRepository repo(conn);
    return repo.endpoints()->at(0).params;
  }
  test::TempDir dir_;
  std::unique_ptr<store::Database> db_;
  Dispatcher dispatcher_{DispatcherOptions{}};
};

TEST_F(NotificationServiceTest, SecretsAreSealedMaskedAndKeptOnAMaskedEdit) {
  auto s = service();
  Change c = s->add_endpoint(
      "hook", "webhook",
      {{"webhook_url", "http://127.0.0.1:9/"}, {"webhook_password", "pw-123"}, {"webhook_username", "u"}});
  ASSERT_EQ(c.status, Change::Status::Ok) << c.error;
  for (const auto& p : stored_params()) {
    EXPECT_EQ(p.secret, p.name == "webhook_password");
    EXPECT_EQ(p.value.find("pw-123"), std::string::npos);
  }
  auto shown = s->endpoints();
  ASSERT_EQ(shown.size(), 1u);
  EXPECT_EQ(shown[0].config.params.at("webhook_password"), kMasked);
  EXPECT_EQ(shown[0].config.params.at("webhook_username"), "u");

  // A masked secret keeps the stored one; a fresh service with the same key file reads it back.
  c = s->edit_endpoint(c.id, "hook2",
                       {{"webhook_url", "http://127.0.0.1:9/"}, {"webhook_password", "********"}});
  ASSERT_EQ(c.status, Change::Status::Ok) << c.error;
  auto again = service();
  ASSERT_EQ(again->load(), std::nullopt);
  auto params = stored_params();
  auto pw =
      std::find_if(params.begin(), params.end(), [](const auto& p) { return p.name == "webhook_password"; });
  ASSERT_NE(pw, params.end());
  auto box = SecretBox::open(dir_.path() / "notify.key");
  ASSERT_TRUE(box);
  EXPECT_EQ(box->unseal(pw->value), "pw-123");
  EXPECT_EQ(again->endpoints()[0].config.name, "hook2");
  EXPECT_EQ(again->endpoints()[0].config.params.count("webhook_username"), 0u);  // an edit replaces all
}

TEST_F(NotificationServiceTest, ErrorsAreNamed) {
  auto s = service();
  EXPECT_EQ(s->add_endpoint("x", "pigeon", {}).status, Change::Status::Invalid);
  EXPECT_EQ(s->add_endpoint("", "webhook", {{"webhook_url", "http://h/"}}).status, Change::Status::Invalid);
  Change c = s->add_endpoint("x", "webhook", {{"webhook_url", "http://h/"}});
  ASSERT_EQ(c.status, Change::Status::Ok);
  EXPECT_EQ(s->add_endpoint("x", "webhook", {{"webhook_url", "http://h/"}}).status, Change::Status::Conflict);
  EXPECT_EQ(s->edit_endpoint(c.id + 1, "y", {{"webhook_url", "http://h/"}}).status, Change::Status::NotFound);
  RecipientConfig r;
  r.name = "r";
  r.endpoint_id = c.id + 1;
  EXPECT_EQ(s->add_recipient(r).status, Change::Status::Invalid);
  r.endpoint_id = c.id;
  Change rc = s->add_recipient(r);
  ASSERT_EQ(rc.status, Change::Status::Ok) << rc.error;
  EXPECT_EQ(s->add_recipient(r).status, Change::Status::Conflict);
  EXPECT_EQ(s->delete_endpoint(c.id).status, Change::Status::Ok);
  EXPECT_TRUE(s->recipients().empty());
  EXPECT_EQ(s->delete_recipient(rc.id).status, Change::Status::NotFound);
}

TEST_F(NotificationServiceTest, AtMost64Endpoints) {
  auto s = service();
  for (int i = 0; i < 64; ++i) {
    std::string name = std::to_string(i);
    ASSERT_EQ(s->add_endpoint(name, "webhook", {{"webhook_url", "http://h/"}}).status, Change::Status::Ok);
  }
  Change c = s->add_endpoint("one-more", "webhook", {{"webhook_url", "http://h/"}});
  EXPECT_EQ(c.status, Change::Status::Invalid);
  EXPECT_EQ(c.error, "at most 64 endpoints");
}

}  // namespace
}  // namespace netmeter::notify
