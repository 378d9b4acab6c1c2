#include "query/protocol_graph.hpp"

#include <gtest/gtest.h>

#include "connection_store.hpp"

namespace netmeter::test {
namespace {

using query::GraphRequest;

class ProtocolGraphTest : public ::testing::Test, public ConnectionStore {
 protected:
  static uint64_t bytes(const query::Graph& g) {
    uint64_t sum = 0;
    for (const auto& p : g.points)
      sum += p.value.rx_bytes + p.value.tx_bytes;
    return sum;
  }
  GraphRequest whole() const { return GraphRequest{{kT0, kT0 + 20}, 20, 0}; }
};

TEST_F(ProtocolGraphTest, AnAppProtocolCountsItsApplications) {
  // Connection 1 is TLS.YouTube: counted under YouTube (124), not under TLS (91).
  auto g = query::counted_protocol_graph(store, 124, whole());
  EXPECT_EQ(g.start, kT0);
  EXPECT_EQ(g.step, 1);
  EXPECT_EQ(g.points.size(), 20u);
  EXPECT_EQ(bytes(g), 21000u);
  EXPECT_EQ(bytes(query::counted_protocol_graph(store, 91, whole())), 0u);
}

TEST_F(ProtocolGraphTest, SumsEveryApplicationOfTheProtocol) {
  // Connections 2, 3 and 4 are application 7.
  auto g = query::counted_protocol_graph(store, 7, whole());
  EXPECT_EQ(bytes(g), 80u + 200 + 500 + 5000 + 300 + 3000);
}

TEST_F(ProtocolGraphTest, AnUnseenProtocolIsZerosOverThePlan) {
  auto g = query::counted_protocol_graph(store, 5, whole());
  EXPECT_EQ(g.points.size(), 20u);
  EXPECT_EQ(bytes(g), 0u);
  EXPECT_EQ(g.points[3].time_ms, (kT0 + 3) * 1000);
}

TEST_F(ProtocolGraphTest, MastersWithoutAppCountUnderTheMaster) {
  auto d = delta(kT0 + 1);
  Conn c{9, lan, 40009, web, 443, 6, 1, 50, 1, 70, (kT0 + 1) * kNs, (kT0 + 1) * kNs};
  c.master = 91;
  c.app = 0;
  d.connections.push_back(update(c));
  store.apply(d);
  EXPECT_EQ(bytes(query::counted_protocol_graph(store, 91, whole())), 120u);
}

TEST_F(ProtocolGraphTest, ACategoryGraphIsItsTrafficOrZeros) {
  // Every connection of the fixture has category 5.
  EXPECT_EQ(bytes(query::category_graph(store, 5, whole())), 21000u + 9080);
  auto none = query::category_graph(store, 9, whole());
  EXPECT_EQ(none.points.size(), 20u);
  EXPECT_EQ(bytes(none), 0u);
}

}  // namespace
}  // namespace netmeter::test
