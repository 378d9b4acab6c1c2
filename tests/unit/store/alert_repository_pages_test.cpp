// AlertRepository::list_page (index walk, then rows by id, far pages from the other end) against the
// plain answer: every matching row, filtered and ordered here in C++, then cut to the page. Every sort,
// both directions, the filters the lists use, and offsets from the first to past the last page, on a
// store with many ties (few distinct times, severities, scores, types and hosts).
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <tuple>

#include "store/alert_repository.hpp"
#include "store/database.hpp"
#include "temp_dir.hpp"

namespace netmeter::store {
namespace {

using C = AlertRepository::SortColumn;

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

TEST(AlertRepositoryPagesTest, EveryPageAsThePlainAnswer) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value()) << db.error().message;
  auto conn = (*db)->lock();
  AlertRepository repo(conn);
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

TEST(AlertRepositoryPagesTest, CountsFollowInsertsAndDeletes) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  AlertRepository repo(conn);
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

TEST(AlertRepositoryPagesTest, FullRowsComeBack) {
  test::TempDir dir;
  auto db = Database::open(dir.path());
  ASSERT_TRUE(db.has_value());
  auto conn = (*db)->lock();
  AlertRepository repo(conn);
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

}  // namespace
}  // namespace netmeter::store
