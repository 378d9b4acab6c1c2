#include "query/flow_applications.hpp"

#include <gtest/gtest.h>

#include "connection_store.hpp"

namespace netmeter::test {
namespace {

core::FlowKey key(const stats::HostKey& a, uint16_t ap, const stats::HostKey& b, uint16_t bp, uint8_t l4) {
  bool swapped = false;
  return core::FlowKey::make({a.ip, ap}, {b.ip, bp}, 0, l4, swapped);
}

TEST(FlowApplications, NamesActiveAndFinishedFlowsFromEitherDirection) {
  ConnectionStore s;
  query::NumericNames names;
  std::vector<core::FlowKey> keys = {
      key(s.web, 443, s.lan, 40000, 6),   // connection 1, given server first
      key(s.lan, 40001, s.dns, 53, 17),   // connection 2, finished
      key(s.lan, 40002, s.dns, 53, 17),   // unknown
      key(s.lan, 40000, s.web, 443, 17),  // connection 1's ports over UDP: another flow
  };
  auto found = query::flow_applications(s.store, names, keys);
  ASSERT_EQ(found.size(), 2u);
  std::map<uint16_t, query::FlowApplication> by_port;
  for (auto& f : found)
    by_port[f.key.hi.port == 53 || f.key.lo.port == 53 ? 53 : 443] = f;
  EXPECT_EQ(by_port[443].key, keys[0]);
  EXPECT_EQ(by_port[443].master, "91");
  EXPECT_EQ(by_port[443].app, "124");
  EXPECT_EQ(by_port[53].master, "");
  EXPECT_EQ(by_port[53].app, "7");
  EXPECT_TRUE(query::flow_applications(s.store, names, {}).empty());
}

}  // namespace
}  // namespace netmeter::test
