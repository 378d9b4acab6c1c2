#include "store/pool_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/notification_repository.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class PoolRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    db_.reset();
    auto opened = Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  int64_t add(const std::string& type, const std::string& name, std::vector<std::string> members) {
    auto conn = db_->lock();
    auto done = PoolRepository(conn).add({type, 0, name, std::move(members), {}});
    EXPECT_TRUE(done.has_value());
    EXPECT_FALSE(done->refusal.has_value());
    return done->id;
  }
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(PoolRepositoryTest, DefaultPoolsAndLowestFreeIdPerType) {
  {
    auto conn = db_->lock();
    auto all = PoolRepository(conn).pools("");
    ASSERT_TRUE(all.has_value());
    ASSERT_EQ(all->size(), 8u);
    for (const auto& p : *all)
      EXPECT_EQ(p.id, 0) << p.type;
  }
  EXPECT_EQ(add("host", "a", {}), 1);
  EXPECT_EQ(add("host", "b", {}), 2);
  EXPECT_EQ(add("host", "c", {}), 3);
  EXPECT_EQ(add("network", "a", {}), 1);
  {
    auto conn = db_->lock();
    auto removed = PoolRepository(conn).remove("host", 1);
    ASSERT_TRUE(removed.has_value());
    EXPECT_FALSE(removed->refusal.has_value());
    auto default_pool = PoolRepository(conn).remove("host", 0);
    EXPECT_EQ(default_pool->refusal, PoolRefusal::DefaultPool);
  }
  EXPECT_EQ(add("host", "d", {}), 1);
}

TEST_F(PoolRepositoryTest, NamesAndMembersAreUniquePerType) {
  add("host", "a", {"10.0.0.0/8@0"});
  auto conn = db_->lock();
  PoolRepository repo(conn);
  auto same_name = repo.add({"host", 0, "a", {}, {}});
  EXPECT_EQ(same_name->refusal, PoolRefusal::NameTaken);
  auto same_member = repo.add({"host", 0, "b", {"10.0.0.0/8@0"}, {}});
  EXPECT_EQ(same_member->refusal, PoolRefusal::MemberBound);
  EXPECT_EQ(same_member->bound_to, 1);
  auto other_type = repo.add({"network", 0, "a", {"10.0.0.0/8@0"}, {}});
  EXPECT_FALSE(other_type->refusal.has_value());
  auto unknown_recipient = repo.add({"host", 0, "c", {}, {{7, ""}}});
  EXPECT_EQ(unknown_recipient->refusal, PoolRefusal::UnknownRecipient);
}

TEST_F(PoolRepositoryTest, RecipientsLeavePoolsWithTheirRecipientAndPoolsPersist) {
  int64_t recipient = 0;
  {
    auto conn = db_->lock();
    NotificationRepository n(conn);
    auto endpoint = n.add_endpoint({0, "hook", "webhook", {}});
    ASSERT_TRUE(endpoint.has_value());
    auto r = n.add_recipient({0, "ops", *endpoint, 3, "", "", {}});
    ASSERT_TRUE(r.has_value());
    recipient = *r;
    auto done = PoolRepository(conn).add({"host", 0, "office", {"AA:BB:CC:DD:EE:FF"}, {{recipient, ""}}});
    ASSERT_TRUE(done.has_value());
    ASSERT_FALSE(done->refusal.has_value());
  }
  open();  // a restart keeps everything
  auto conn = db_->lock();
  PoolRepository repo(conn);
  auto of_recipient = repo.pools_of_recipient(recipient);
  ASSERT_TRUE(of_recipient.has_value());
  ASSERT_EQ(of_recipient->size(), 1u);
  EXPECT_EQ((*of_recipient)[0].name, "office");
  EXPECT_EQ((*of_recipient)[0].members, std::vector<std::string>{"AA:BB:CC:DD:EE:FF"});
  ASSERT_EQ((*of_recipient)[0].recipients.size(), 1u);
  EXPECT_EQ((*of_recipient)[0].recipients[0].name, "ops");
  ASSERT_TRUE(NotificationRepository(conn).remove_recipient(recipient).has_value());
  EXPECT_TRUE(repo.pools_of_recipient(recipient)->empty());
  auto pool = repo.pool("host", 1);
  ASSERT_TRUE(pool.has_value() && pool->has_value());
  EXPECT_TRUE((*pool)->recipients.empty());
  EXPECT_EQ(*repo.pool_of_member("host", "AA:BB:CC:DD:EE:FF"), 1);
  ASSERT_TRUE(repo.remove_all().has_value());
  EXPECT_EQ(repo.pools("host")->size(), 1u);
  EXPECT_FALSE(repo.pool_of_member("host", "AA:BB:CC:DD:EE:FF")->has_value());
}

}  // namespace
}  // namespace netmeter::store
