#include "store/check_config_repository.hpp"

#include <gtest/gtest.h>

#include "store/alert_exclusion_repository.hpp"
#include "store/database.hpp"
#include "temp_database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

class CheckStoreTest : public test::TempDatabaseTest {};

TEST_F(CheckStoreTest, CheckConfigIsReplacedByNameAndKeepsEveryField) {
  auto conn = db_->lock();
  CheckConfigRepository repo(conn);
  ASSERT_TRUE(repo.set({"syn_flood", true, 100, 0, 0, 0, ""}));
  ASSERT_TRUE(repo.set({"elephant_flows", false, 1, 2, 6, -1, "10.0.0.1,::1"}));
  ASSERT_TRUE(repo.set({"syn_flood", false, 300, 0, 5, 0, ""}));
  auto all = repo.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 2u);
  const auto& e = (*all)[0];
  EXPECT_EQ(e.name, "elephant_flows");
  EXPECT_FALSE(e.enabled);
  EXPECT_EQ(e.threshold2, 2);
  EXPECT_EQ(e.severity, 6);
  EXPECT_EQ(e.disabled_bits, -1);  // all 64 bits survive
  EXPECT_EQ(e.servers, "10.0.0.1,::1");
  EXPECT_EQ((*all)[1].threshold, 300);
  EXPECT_FALSE((*all)[1].enabled);
}

TEST_F(CheckStoreTest, ExclusionsAreUniqueAndRemovable) {
  auto conn = db_->lock();
  AlertExclusionRepository repo(conn);
  auto a = repo.add(1, 6, "10.0.0.0/24");
  auto b = repo.add(4, 139, "10.0.0.0/24");
  auto again = repo.add(1, 6, "10.0.0.0/24");
  ASSERT_TRUE(a && b && again);
  EXPECT_NE(*a, *b);
  EXPECT_EQ(*again, *a);
  auto robert = repo.add(1, 6, "x'); DROP TABLE alert_exclusions; --");  // bound, stored as text
  ASSERT_TRUE(robert);
  auto all = repo.list();
  ASSERT_TRUE(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].alert_id, 139);
  auto removed = repo.remove(*a);
  ASSERT_TRUE(removed);
  EXPECT_TRUE(*removed);
  auto missing = repo.remove(*a);
  ASSERT_TRUE(missing);
  EXPECT_FALSE(*missing);
  EXPECT_EQ(repo.list()->size(), 2u);
}

}  // namespace
}  // namespace netmeter::store
