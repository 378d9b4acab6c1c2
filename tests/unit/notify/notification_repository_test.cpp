#include "store/notification_repository.hpp"

#include <gtest/gtest.h>

#include "../store/temp_database.hpp"
#include "store/database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class NotificationRepositoryTest : public test::TempDatabaseTest {};

TEST_F(NotificationRepositoryTest, EndpointsAndRecipientsRoundTrip) {
  auto conn = db_->lock();
  NotificationRepository repo(conn);
  auto hook = repo.add_endpoint(
      {0, "hook", "webhook", {{"webhook_url", "http://h/", false}, {"webhook_password", "SEALED", true}}});
  ASSERT_TRUE(hook.has_value()) << hook.error().message;
  auto log = repo.add_endpoint({0, "log", "syslog", {{"syslog_host", "h", false}}});
  ASSERT_TRUE(log.has_value());
  auto r = repo.add_recipient({0, "ops", *hook, 4, "1,3", "4", {{"cc", "x@y", false}}});
  ASSERT_TRUE(r.has_value()) << r.error().message;

  auto endpoints = repo.endpoints();
  ASSERT_TRUE(endpoints.has_value());
  ASSERT_EQ(endpoints->size(), 2u);
  EXPECT_EQ((*endpoints)[0].name, "hook");
  ASSERT_EQ((*endpoints)[0].params.size(), 2u);
  EXPECT_EQ((*endpoints)[0].params[1].name, "webhook_url");
  EXPECT_TRUE((*endpoints)[0].params[0].secret);
  EXPECT_EQ((*endpoints)[0].params[0].value, "SEALED");

  auto recipients = repo.recipients();
  ASSERT_TRUE(recipients.has_value());
  ASSERT_EQ(recipients->size(), 1u);
  EXPECT_EQ((*recipients)[0].minimum_severity, 4);
  EXPECT_EQ((*recipients)[0].check_categories, "1,3");
  EXPECT_EQ((*recipients)[0].params[0].value, "x@y");
}

TEST_F(NotificationRepositoryTest, NamesAreUniqueAndUpdatesReplaceParams) {
  auto conn = db_->lock();
  NotificationRepository repo(conn);
  auto id = repo.add_endpoint(
      {0, "hook", "webhook", {{"webhook_url", "http://a/", false}, {"webhook_username", "u", false}}});
  ASSERT_TRUE(id.has_value());
  EXPECT_FALSE(repo.add_endpoint({0, "hook", "syslog", {}}).has_value());
  auto updated = repo.update_endpoint({*id, "renamed", "webhook", {{"webhook_url", "http://b/", false}}});
  ASSERT_TRUE(updated.has_value());
  EXPECT_TRUE(*updated);
  auto missing = repo.update_endpoint({*id + 100, "x", "webhook", {}});
  ASSERT_TRUE(missing.has_value());
  EXPECT_FALSE(*missing);
  auto all = repo.endpoints();
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, "renamed");
  ASSERT_EQ((*all)[0].params.size(), 1u);
  EXPECT_EQ((*all)[0].params[0].value, "http://b/");
}

TEST_F(NotificationRepositoryTest, DeletingAnEndpointDeletesItsRecipients) {
  auto conn = db_->lock();
  NotificationRepository repo(conn);
  auto a = repo.add_endpoint({0, "a", "webhook", {}});
  auto b = repo.add_endpoint({0, "b", "webhook", {}});
  ASSERT_TRUE(repo.add_recipient({0, "ra", *a, 3, "", "", {}}).has_value());
  ASSERT_TRUE(repo.add_recipient({0, "rb", *b, 3, "", "", {}}).has_value());
  EXPECT_FALSE(repo.add_recipient({0, "rx", *b + 50, 3, "", "", {}}).has_value());  // no such endpoint
  EXPECT_TRUE(*repo.remove_endpoint(*a));
  EXPECT_FALSE(*repo.remove_endpoint(*a));
  auto left = repo.recipients();
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].name, "rb");
  ASSERT_TRUE(repo.remove_all_recipients().has_value());
  EXPECT_TRUE(repo.recipients()->empty());
  EXPECT_EQ(repo.endpoints()->size(), 1u);
  ASSERT_TRUE(repo.remove_all_endpoints().has_value());
  EXPECT_TRUE(repo.endpoints()->empty());
}

}  // namespace
}  // namespace netmeter::store
