#include "store/alert_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

AlertRecord host_alert(int64_t tstamp, std::string ip, int64_t alert_id = 6, int64_t severity = 5) {
  AlertRecord r;
  r.ifid = 0;
  r.entity = 1;
  r.alert_id = alert_id;
  r.severity = severity;
  r.score = 100;
  r.tstamp = tstamp;
  r.tstamp_end = tstamp + 10;
  r.ip = std::move(ip);
  r.is_attacker = true;
  r.value = 300;
  r.threshold = 256;
  return r;
}

class AlertRepositoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  void insert(std::vector<AlertRecord> rows) {
    auto conn = db_->lock();
    ASSERT_TRUE(AlertRepository(conn).insert(rows).has_value());
  }
  std::vector<AlertRecord> all() {
    auto conn = db_->lock();
    auto rows = AlertRepository(conn).list({}, {.offset = 0, .limit = 1000, .newest_first = false});
    EXPECT_TRUE(rows.has_value());
    return rows ? *rows : std::vector<AlertRecord>{};
  }
  test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

TEST_F(AlertRepositoryTest, InsertListAndFilter) {
  AlertRecord flow;
  flow.entity = 4;
  flow.alert_id = 16;
  flow.severity = 4;
  flow.tstamp = flow.tstamp_end = 1000;
  flow.ip = flow.cli_ip = "10.0.0.1";
  flow.srv_ip = "8.8.8.8";
  flow.srv_port = 53;
  flow.flow_risk = static_cast<int64_t>(uint64_t{1} << 63 | 1 << 16);  // the whole 64 bits survive
  flow.info = "xkjsdfhwe.example";
  insert({host_alert(900, "10.0.0.2"), flow, host_alert(1100, "10.0.0.3", 5, 3)});
  auto rows = all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].info, "xkjsdfhwe.example");
  EXPECT_EQ(static_cast<uint64_t>(rows[1].flow_risk), uint64_t{1} << 63 | 1 << 16);
  EXPECT_EQ(rows[0].tstamp_end, 910);
  EXPECT_GT(rows[0].row_id, 0);

  auto conn = db_->lock();
  AlertRepository repo(conn);
  EXPECT_EQ(*repo.count({.entity = 1}), 2);
  EXPECT_EQ(*repo.count({.ip = "8.8.8.8"}), 1);  // either end of a flow
  EXPECT_EQ(*repo.count({.severity = 3}), 1);
  EXPECT_EQ(*repo.count({.epoch_begin = 950, .epoch_end = 1100}), 2);
  EXPECT_EQ(*repo.count({.ifids = std::vector<int64_t>{}}), 0);
  EXPECT_EQ(*repo.count({.ifids = std::vector<int64_t>{0, 7}}), 3);
  auto newest = repo.list({}, {.offset = 0, .limit = 1, .newest_first = true});
  ASSERT_EQ(newest->size(), 1u);
  EXPECT_EQ((*newest)[0].tstamp, 1100);
  auto page2 = repo.list({}, {.offset = 1, .limit = 1, .newest_first = true});
  EXPECT_EQ((*page2)[0].tstamp, 1000);
  std::vector<AlertRecord> more{host_alert(1200, "10.0.0.4", 5, 3)};
  ASSERT_TRUE(repo.insert(more).has_value());
  auto by_type = repo.count_by(AlertRepository::GroupBy::AlertId, {});
  ASSERT_EQ(by_type->size(), 3u);
  EXPECT_EQ((*by_type)[0].entity, 1);  // host alert 5, twice: the most frequent first
  EXPECT_EQ((*by_type)[0].value, 5);
  EXPECT_EQ((*by_type)[0].count, 2);
  auto by_sev = repo.count_by(AlertRepository::GroupBy::Severity, {.entity = 1});
  ASSERT_EQ(by_sev->size(), 2u);
  EXPECT_EQ((*by_sev)[0].value, 3);
  EXPECT_EQ((*by_sev)[0].count, 2);
}

TEST_F(AlertRepositoryTest, PruneKeepsDaysAndCountOldestFirst) {
  std::vector<AlertRecord> rows;
  const int64_t day = 86400;
  rows.push_back(host_alert(10 * day - 1, "10.0.0.1"));  // older than 3 days before the newest
  for (int i = 0; i < 5; ++i)
    rows.push_back(host_alert(12 * day + i, "10.0.0." + std::to_string(i + 2)));
  insert(rows);
  {
    auto conn = db_->lock();
    auto removed = AlertRepository(conn).prune(3, 3);
    ASSERT_TRUE(removed.has_value());
    EXPECT_EQ(*removed, 3);  // one too old, then two beyond the count
  }
  auto kept = all();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].tstamp, 12 * day + 2);
  EXPECT_EQ(kept[2].tstamp, 12 * day + 4);
  auto conn = db_->lock();
  EXPECT_EQ(*AlertRepository(conn).prune(0, -1), 0);  // no bounds
}

TEST_F(AlertRepositoryTest, EachInterfaceLosesOnlyWhatIsOldForItAndACountWithinTheBoundRemovesNothing) {
  const int64_t day = 86400;
  std::vector<AlertRecord> rows;
  for (int64_t ifid = 0; ifid < 2; ++ifid) {
    int64_t newest = (ifid == 0 ? 100 : 900) * day;
    for (int64_t age : {0, 1, 5, 40, 41}) {  // days before the interface's newest
      AlertRecord r = host_alert(newest - age * day, "10.0.0." + std::to_string(age + 1));
      r.ifid = ifid;
      rows.push_back(r);
    }
  }
  insert(rows);
  auto conn = db_->lock();
  AlertRepository repo(conn);
  EXPECT_EQ(*repo.prune(0, 6), 4);    // by count alone: the four oldest (interface 0: 41, 40, 5, 1 days)
  EXPECT_EQ(*repo.prune(0, 6), 0);    // within the bound now
  EXPECT_EQ(*repo.prune(30, -1), 2);  // interface 1's 40 and 41 days old; interface 0 has none left
  EXPECT_EQ(*repo.count({}), 4);
  EXPECT_EQ(*repo.prune(30, 4), 0);
}

TEST_F(AlertRepositoryTest, DaysCountFromEachInterfacesNewestAlert) {
  const int64_t day = 86400;
  AlertRecord old_capture = host_alert(100 * day, "10.0.0.1");
  old_capture.ifid = 0;
  AlertRecord new_capture = host_alert(900 * day, "10.0.0.2");
  new_capture.ifid = 1;
  insert({old_capture, new_capture});
  auto conn = db_->lock();
  EXPECT_EQ(*AlertRepository(conn).prune(30, -1), 0);  // each is its interface's newest
  EXPECT_EQ(*AlertRepository(conn).count({}), 2);
}

TEST_F(AlertRepositoryTest, AcknowledgeAndDelete) {
  insert({host_alert(100, "10.0.0.1"), host_alert(200, "10.0.0.2"), host_alert(300, "10.0.0.1")});
  auto conn = db_->lock();
  AlertRepository repo(conn);
  EXPECT_EQ(*repo.acknowledge({.ip = "10.0.0.1"}), 2);
  EXPECT_EQ(*repo.acknowledge({.ip = "10.0.0.1"}), 0);  // already
  EXPECT_EQ(*repo.count({.acknowledged = true}), 2);
  auto rows = repo.list({.acknowledged = false}, {});
  ASSERT_EQ(rows->size(), 1u);
  int64_t id = (*rows)[0].row_id;
  EXPECT_EQ(*repo.remove({.row_id = id}), 1);
  EXPECT_EQ(*repo.remove({.row_id = id}), 0);
  EXPECT_EQ(*repo.count({}), 2);
  EXPECT_EQ(*repo.remove({.epoch_end = 150}), 1);
  EXPECT_EQ(*repo.count({}), 1);
}

AlertRecord flow_alert(int64_t tstamp, std::string cli, std::string srv, int64_t flow_id, int64_t severity) {
  AlertRecord r;
  r.entity = 4;
  r.alert_id = 16;
  r.severity = severity;
  r.score = severity * 10;
  r.tstamp = r.tstamp_end = tstamp;
  r.ip = r.cli_ip = std::move(cli);
  r.srv_ip = std::move(srv);
  r.flow_id = flow_id;
  return r;
}

TEST_F(AlertRepositoryTest, SortedListsSlotsAddressesAndAlertedFlows) {
  insert({flow_alert(1000, "10.0.0.1", "8.8.8.8", 1, 3), flow_alert(1001, "10.0.0.1", "8.8.8.8", 1, 5),
          flow_alert(1010, "10.0.0.2", "8.8.8.8", 2, 4), flow_alert(1031, "10.0.0.1", "1.1.1.1", 3, 3),
          host_alert(1005, "10.0.0.9")});
  auto conn = db_->lock();
  AlertRepository repo(conn);
  using C = AlertRepository::SortColumn;
  auto by_severity = repo.list_sorted({}, C::Severity, true, 0, 10);
  ASSERT_EQ(by_severity->size(), 5u);
  EXPECT_EQ((*by_severity)[0].severity, 5);
  EXPECT_EQ((*by_severity)[4].severity, 3);
  EXPECT_GT((*by_severity)[3].tstamp, (*by_severity)[4].tstamp);  // ties by time, the same way
  auto by_duration = repo.list_sorted({}, C::Duration, true, 0, 1);
  EXPECT_EQ((*by_duration)[0].entity, 1);  // the host alert lasted 10 s, flow alerts 0
  auto second_page = repo.list_sorted({.entity = 4}, C::Time, false, 2, 2);
  ASSERT_EQ(second_page->size(), 2u);
  EXPECT_EQ((*second_page)[0].tstamp, 1010);

  auto slots = repo.count_by_time({.entity = 4}, 10);  // slots 1000, 1010, 1030
  ASSERT_TRUE(slots.has_value());
  int64_t sum = 0;
  for (const auto& s : *slots) {
    EXPECT_EQ(s.slot % 10, 0);
    sum += s.count;
  }
  EXPECT_EQ(sum, 4);
  EXPECT_EQ((*slots)[0].slot, 1000);  // severity 3 and 5 in slot 1000: ordered by slot, then severity
  EXPECT_EQ((*slots)[0].severity, 3);
  EXPECT_EQ((*slots)[1].severity, 5);

  auto servers = repo.count_by_address(AlertRepository::AddressColumn::ServerIp, {});
  ASSERT_EQ(servers->size(), 2u);  // the host alert has no server
  EXPECT_EQ((*servers)[0].address, "8.8.8.8");
  EXPECT_EQ((*servers)[0].count, 3);

  auto types = repo.count_by_type_severity({.entity = 4});
  ASSERT_EQ(types->size(), 3u);
  EXPECT_EQ((*types)[0].count, 2);  // alert 16 with severity 3, twice

  EXPECT_EQ(*repo.count_alerted_flows({}, "10.0.0.1", true), 2);  // flows 1 and 3
  EXPECT_EQ(*repo.count_alerted_flows({}, "8.8.8.8", false), 2);  // flows 1 and 2
  EXPECT_EQ(*repo.count_alerted_flows({}, "8.8.8.8", true), 0);
}

}  // namespace
}  // namespace netmeter::store
