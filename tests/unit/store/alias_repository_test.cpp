#include "store/alias_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class AliasRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override { open(); }
  void open() {
    db_.reset();
    auto opened = Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(AliasRepositoryTest, SetListAndReplace) {
  auto conn = db_->lock();
  AliasRepository aliases(conn);
  ASSERT_TRUE(aliases.set("192.168.1.7", "printer", 100).has_value());
  ASSERT_TRUE(aliases.set("10.0.0.1", "gateway", 101).has_value());
  ASSERT_TRUE(aliases.set("192.168.1.7", "laser printer", 102).has_value());
  auto all = aliases.list();
  ASSERT_TRUE(all.has_value()) << all.error().message;
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].ip, "10.0.0.1");
  EXPECT_EQ((*all)[0].name, "gateway");
  EXPECT_EQ((*all)[1].ip, "192.168.1.7");
  EXPECT_EQ((*all)[1].name, "laser printer");
  EXPECT_EQ((*all)[1].updated_at, 102);
}

TEST_F(AliasRepositoryTest, RemoveTellsWhetherThereWasOne) {
  auto conn = db_->lock();
  AliasRepository aliases(conn);
  ASSERT_TRUE(aliases.set("fe80::1", "router", 1).has_value());
  auto removed = aliases.remove("fe80::1");
  ASSERT_TRUE(removed.has_value());
  EXPECT_TRUE(*removed);
  removed = aliases.remove("fe80::1");
  ASSERT_TRUE(removed.has_value());
  EXPECT_FALSE(*removed);
  EXPECT_TRUE(aliases.list()->empty());
}

TEST_F(AliasRepositoryTest, EmptyNameIsRefused) {
  auto conn = db_->lock();
  AliasRepository aliases(conn);
  auto s = aliases.set("10.0.0.1", "", 1);
  ASSERT_FALSE(s.has_value());
  EXPECT_TRUE(s.error().is_constraint());
}

// Values are bound, never formatted into SQL: quotes and SQL text are kept as they are.
TEST_F(AliasRepositoryTest, TextIsStoredVerbatim) {
  const std::string name = "x'); DROP TABLE host_aliases; --";
  {
    auto conn = db_->lock();
    ASSERT_TRUE(AliasRepository(conn).set("10.0.0.2", name, 1).has_value());
  }
  auto conn = db_->lock();
  auto all = AliasRepository(conn).list();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, name);
}

TEST_F(AliasRepositoryTest, SurvivesReopening) {
  {
    auto conn = db_->lock();
    ASSERT_TRUE(AliasRepository(conn).set("10.0.0.3", "nas", 5).has_value());
  }
  open();
  auto conn = db_->lock();
  auto all = AliasRepository(conn).list();
  ASSERT_TRUE(all.has_value());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, "nas");
}

}  // namespace
}  // namespace netmeter::store
