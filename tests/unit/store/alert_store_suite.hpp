#pragma once

// The tests of the past-alert store, run against every AlertStore: SQLite (alert_store_sqlite_test.cpp)
// and ClickHouse (tests/unit/history/clickhouse_alert_store_test.cpp, against a server of its own).
// `Backend` is default-constructible and gives `AlertStore* store()` (null: the test is skipped, and
// `skip_reason()` says why); each test gets a new, empty store. The pages tests compare every page with
// the plain answer: every matching row, filtered and ordered here in C++, then cut to the page, for
// every sort, both directions, the filters the lists use, and offsets from the first to past the last
// page, on a store with many ties (few distinct times, severities, scores, types and hosts).

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include "store/alert_store.hpp"

namespace netmeter::store::suite {

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

using C = AlertStore::SortColumn;

AlertRecord random_alert(std::mt19937& rng) {
  AlertRecord r;
  r.ifid = rng() % 2;
  r.entity = rng() % 3 ? 4 : 1;
  r.alert_id = 1 + rng() % 4;
  r.severity = 3 + rng() % 3;
  r.score = 10 * (1 + rng() % 4);
  r.tstamp = 1000 + static_cast<int64_t>(rng() % 40) * 450;  // 40 times over 5 hours: ties and hours
  r.tstamp_end = r.tstamp + rng() % 3;
  r.ip = "10.0.0." + std::to_string(rng() % 5);
  if (r.entity == 4) {
    r.cli_ip = r.ip;
    r.srv_ip = "10.0.0." + std::to_string(rng() % 5);
  }
  return r;
}

bool matches(const AlertRecord& r, const AlertFilter& f) {
  if (f.entity && r.entity != *f.entity) return false;
  if (f.ifids && std::find(f.ifids->begin(), f.ifids->end(), r.ifid) == f.ifids->end()) return false;
  if (f.alert_id && r.alert_id != *f.alert_id) return false;
  if (f.severity && r.severity != *f.severity) return false;
  if (f.epoch_begin && r.tstamp < *f.epoch_begin) return false;
  if (f.epoch_end && r.tstamp > *f.epoch_end) return false;
  if (f.ip && r.ip != *f.ip && r.cli_ip != *f.ip && r.srv_ip != *f.ip) return false;
  return true;
}

/// The column's value as the store orders it (numbers, or text compared bytewise).
std::tuple<int64_t, std::string> key(const AlertRecord& r, C column) {
  switch (column) {
    case C::Time:
      return {0, ""};
    case C::Severity:
      return {r.severity, ""};
    case C::Score:
      return {r.score, ""};
    case C::AlertId:
      return {r.alert_id, ""};
    case C::Duration:
      return {std::max<int64_t>(0, r.tstamp_end - r.tstamp), ""};
    case C::Ip:
      return {0, r.ip};
    case C::ClientIp:
      return {0, r.cli_ip};
    case C::ServerIp:
      return {0, r.srv_ip};
  }
  return {0, ""};
}

std::vector<int64_t> expected_ids(std::vector<AlertRecord> all, const AlertFilter& f, C column, bool desc) {
  std::erase_if(all, [&](const AlertRecord& r) { return !matches(r, f); });
  std::sort(all.begin(), all.end(), [&](const AlertRecord& x, const AlertRecord& y) {
    auto kx = std::tuple_cat(key(x, column), std::tuple{x.tstamp, x.row_id});
    auto ky = std::tuple_cat(key(y, column), std::tuple{y.tstamp, y.row_id});
    return desc ? kx > ky : kx < ky;
  });
  std::vector<int64_t> ids;
  for (const auto& r : all)
    ids.push_back(r.row_id);
  return ids;
}

std::vector<AlertFilter> filters() {
  AlertFilter one_if{.entity = 4, .ifids = std::vector<int64_t>{0}};
  std::vector<AlertFilter> out{{}, one_if};
  out.emplace_back(one_if).alert_id = 2;
  out.emplace_back(one_if).severity = 4;
  out.emplace_back(one_if).ip = "10.0.0.3";
  AlertFilter both = one_if;
  both.alert_id = 3, both.severity = 5;
  out.push_back(both);
  // time ranges: partial hours at both ends, whole hours, within one hour, one side only (alert_counts)
  for (auto [begin, end] :
       {std::pair<int64_t, int64_t>{2000, 9000}, {3600, 7199}, {0, 100000}, {5000, 5900}}) {
    AlertFilter span = one_if;
    span.epoch_begin = begin, span.epoch_end = end;
    out.push_back(span);
  }
  out.emplace_back(one_if).epoch_begin = 4000;
  out.emplace_back(one_if).epoch_end = 12000;
  AlertFilter typed_span = one_if;
  typed_span.alert_id = 1, typed_span.epoch_begin = 1900, typed_span.epoch_end = 16300;
  out.push_back(typed_span);
  out.push_back({.entity = 1, .ifids = std::vector<int64_t>{0, 1}});
  return out;
}

template <typename Backend>
class AlertStoreSuite : public ::testing::Test {
 protected:
  void SetUp() override {
    backend_ = std::make_unique<Backend>();
    if (!backend_->store()) GTEST_SKIP() << backend_->skip_reason();
  }
  AlertStore& store() { return *backend_->store(); }
  void insert(std::vector<AlertRecord> rows) { ASSERT_TRUE(store().insert(rows).has_value()); }
  std::vector<AlertRecord> all() {
    auto rows = store().list({}, {.offset = 0, .limit = 1000, .newest_first = false});
    EXPECT_TRUE(rows.has_value());
    return rows ? *rows : std::vector<AlertRecord>{};
  }
  std::unique_ptr<Backend> backend_;
};

TYPED_TEST_SUITE_P(AlertStoreSuite);

TYPED_TEST_P(AlertStoreSuite, InsertListAndFilter) {
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
  this->insert({host_alert(900, "10.0.0.2"), flow, host_alert(1100, "10.0.0.3", 5, 3)});
  auto rows = this->all();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[1].info, "xkjsdfhwe.example");
  EXPECT_EQ(static_cast<uint64_t>(rows[1].flow_risk), uint64_t{1} << 63 | 1 << 16);
  EXPECT_EQ(rows[0].tstamp_end, 910);
  EXPECT_GT(rows[0].row_id, 0);

  AlertStore& repo = this->store();
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
  auto by_type = repo.count_by(AlertStore::GroupBy::AlertId, {});
  ASSERT_EQ(by_type->size(), 3u);
  EXPECT_EQ((*by_type)[0].entity, 1);  // host alert 5, twice: the most frequent first
  EXPECT_EQ((*by_type)[0].value, 5);
  EXPECT_EQ((*by_type)[0].count, 2);
  auto by_sev = repo.count_by(AlertStore::GroupBy::Severity, {.entity = 1});
  ASSERT_EQ(by_sev->size(), 2u);
  EXPECT_EQ((*by_sev)[0].value, 3);
  EXPECT_EQ((*by_sev)[0].count, 2);
}

TYPED_TEST_P(AlertStoreSuite, PruneKeepsDaysAndCountOldestFirst) {
  std::vector<AlertRecord> rows;
  const int64_t day = 86400;
  rows.push_back(host_alert(10 * day - 1, "10.0.0.1"));  // older than 3 days before the newest
  for (int i = 0; i < 5; ++i)
    rows.push_back(host_alert(12 * day + i, "10.0.0." + std::to_string(i + 2)));
  this->insert(rows);
  {
    auto removed = this->store().prune(3, 3);
    ASSERT_TRUE(removed.has_value());
    EXPECT_EQ(*removed, 3);  // one too old, then two beyond the count
  }
  auto kept = this->all();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].tstamp, 12 * day + 2);
  EXPECT_EQ(kept[2].tstamp, 12 * day + 4);
  EXPECT_EQ(*this->store().prune(0, -1), 0);  // no bounds
}

TYPED_TEST_P(AlertStoreSuite, EachInterfaceLosesOnlyWhatIsOldForItAndACountWithinTheBoundRemovesNothing) {
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
  this->insert(rows);
  AlertStore& repo = this->store();
  EXPECT_EQ(*repo.prune(0, 6), 4);    // by count alone: the four oldest (interface 0: 41, 40, 5, 1 days)
  EXPECT_EQ(*repo.prune(0, 6), 0);    // within the bound now
  EXPECT_EQ(*repo.prune(30, -1), 2);  // interface 1's 40 and 41 days old; interface 0 has none left
  EXPECT_EQ(*repo.count({}), 4);
  EXPECT_EQ(*repo.prune(30, 4), 0);
}

TYPED_TEST_P(AlertStoreSuite, DaysCountFromEachInterfacesNewestAlert) {
  const int64_t day = 86400;
  AlertRecord old_capture = host_alert(100 * day, "10.0.0.1");
  old_capture.ifid = 0;
  AlertRecord new_capture = host_alert(900 * day, "10.0.0.2");
  new_capture.ifid = 1;
  this->insert({old_capture, new_capture});
  EXPECT_EQ(*this->store().prune(30, -1), 0);  // each is its interface's newest
  EXPECT_EQ(*this->store().count({}), 2);
}

TYPED_TEST_P(AlertStoreSuite, AcknowledgeAndDelete) {
  this->insert({host_alert(100, "10.0.0.1"), host_alert(200, "10.0.0.2"), host_alert(300, "10.0.0.1")});
  AlertStore& repo = this->store();
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

TYPED_TEST_P(AlertStoreSuite, SortedListsSlotsAddressesAndAlertedFlows) {
  this->insert({flow_alert(1000, "10.0.0.1", "8.8.8.8", 1, 3), flow_alert(1001, "10.0.0.1", "8.8.8.8", 1, 5),
                flow_alert(1010, "10.0.0.2", "8.8.8.8", 2, 4), flow_alert(1031, "10.0.0.1", "1.1.1.1", 3, 3),
                host_alert(1005, "10.0.0.9")});
  AlertStore& repo = this->store();
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

  auto servers = repo.count_by_address(AlertStore::AddressColumn::ServerIp, {});
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

TYPED_TEST_P(AlertStoreSuite, EveryPageAsThePlainAnswer) {
  AlertStore& repo = this->store();
  std::mt19937 rng(7);
  std::vector<AlertRecord> rows;
  for (int i = 0; i < 600; ++i)
    rows.push_back(random_alert(rng));
  ASSERT_TRUE(repo.insert(rows).has_value());

  const C columns[] = {C::Time,     C::Severity, C::Score,    C::AlertId,
                       C::Duration, C::Ip,       C::ClientIp, C::ServerIp};
  int pages = 0;
  for (const AlertFilter& f : filters()) {
    for (C column : columns) {
      for (bool desc : {true, false}) {
        const std::vector<int64_t> want = expected_ids(rows, f, column, desc);
        const auto n = static_cast<int64_t>(want.size());
        ASSERT_GT(n, 3);  // every filter matches a few: the store has ties to break
        for (int64_t limit : {1, 7, 1000}) {
          for (int64_t offset : {int64_t{0}, int64_t{1}, n / 2 - 1, n / 2, n - 8, n - 1, n, n + 5}) {
            if (offset < 0) continue;
            auto page = repo.list_page(f, column, desc, offset, limit);
            ASSERT_TRUE(page.has_value());
            EXPECT_EQ(page->matched, n);
            std::vector<int64_t> got;
            for (const auto& r : page->rows)
              got.push_back(r.row_id);
            const auto first = std::min(offset, n), last = std::min(offset + limit, n);
            EXPECT_EQ(got, std::vector<int64_t>(want.begin() + first, want.begin() + last))
                << "column " << static_cast<int>(column) << (desc ? " desc" : " asc") << " offset " << offset
                << " limit " << limit;
            auto plain = repo.list_sorted(f, column, desc, offset, limit);  // the one-query form agrees
            ASSERT_TRUE(plain.has_value());
            ASSERT_EQ(plain->size(), page->rows.size());
            for (size_t i = 0; i < plain->size(); ++i)
              EXPECT_EQ((*plain)[i].info + (*plain)[i].ip, page->rows[i].info + page->rows[i].ip);
            ++pages;
          }
        }
      }
    }
  }
  EXPECT_GT(pages, 1000);
}

TYPED_TEST_P(AlertStoreSuite, CountsFollowInsertsAndDeletes) {
  AlertStore& repo = this->store();
  std::mt19937 rng(11);
  std::vector<AlertRecord> rows;
  for (int i = 0; i < 300; ++i)
    rows.push_back(random_alert(rng));
  ASSERT_TRUE(repo.insert(rows).has_value());
  auto check = [&] {
    for (const AlertFilter& f : filters())
      EXPECT_EQ(*repo.count(f), static_cast<int64_t>(expected_ids(rows, f, C::Time, true).size()));
  };
  check();
  AlertFilter doomed{.entity = 4, .alert_id = 2};
  ASSERT_GT(*repo.remove(doomed), 0);
  std::erase_if(rows, [&](const AlertRecord& r) { return matches(r, doomed); });
  ASSERT_TRUE(repo.acknowledge({.severity = 3}).has_value());  // changes no counted column
  check();
  ASSERT_TRUE(repo.prune(0, 100).has_value());  // the oldest beyond 100 go, as the sink bounds the store
  std::sort(rows.begin(), rows.end(), [](const auto& x, const auto& y) {
    return std::pair{x.tstamp, x.row_id} < std::pair{y.tstamp, y.row_id};
  });
  rows.erase(rows.begin(), rows.end() - 100);
  check();
  std::vector<AlertRecord> more{random_alert(rng), random_alert(rng)};
  ASSERT_TRUE(repo.insert(more).has_value());
  rows.insert(rows.end(), more.begin(), more.end());
  check();
}

TYPED_TEST_P(AlertStoreSuite, FullRowsComeBack) {
  AlertStore& repo = this->store();
  std::mt19937 rng(3);
  std::vector<AlertRecord> rows;
  for (int i = 0; i < 50; ++i) {
    rows.push_back(random_alert(rng));
    rows.back().info = "info " + std::to_string(i);
    rows.back().flow_risk = -i;
  }
  ASSERT_TRUE(repo.insert(rows).has_value());
  auto last = repo.list_page({}, C::Time, false, 49, 10);  // read from the other end
  ASSERT_TRUE(last.has_value());
  ASSERT_EQ(last->rows.size(), 1u);
  const auto want = expected_ids(rows, {}, C::Time, false).back();
  const auto& r = last->rows[0];
  const auto& original = rows[static_cast<size_t>(want - rows.front().row_id)];
  EXPECT_EQ(r.row_id, want);
  EXPECT_EQ(r.info, original.info);
  EXPECT_EQ(r.flow_risk, original.flow_risk);
  EXPECT_EQ(r.srv_ip, original.srv_ip);
  EXPECT_EQ(r.tstamp_end, original.tstamp_end);
}

REGISTER_TYPED_TEST_SUITE_P(AlertStoreSuite, InsertListAndFilter, PruneKeepsDaysAndCountOldestFirst,
                            EachInterfaceLosesOnlyWhatIsOldForItAndACountWithinTheBoundRemovesNothing,
                            DaysCountFromEachInterfacesNewestAlert, AcknowledgeAndDelete,
                            SortedListsSlotsAddressesAndAlertedFlows, EveryPageAsThePlainAnswer,
                            CountsFollowInsertsAndDeletes, FullRowsComeBack);

}  // namespace netmeter::store::suite
