// Filter::matches runs on the packet path of the ring buffer: it must not allocate. This file replaces
// the global allocation functions of the test binary to count calls (see tests/allocation_counter.hpp).
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "allocation_counter.hpp"
#include "filter_test_util.hpp"

namespace netmeter::filter {
namespace {

TEST(FilterNoAllocation, TheCounterWorks) {
  netmeter::test::AllocationScope scope;
  auto s = std::make_unique<std::string>(100, 'x');
  EXPECT_GT(scope.allocations(), 0);
}

TEST(FilterNoAllocation, EvaluationMakesNone) {
  const char* expressions[] = {
      "ip==10.0.0.1 and ip==10.0.0.2 and l4Protocol==TCP and port==443",
      "portrange==80,100-120,-10,65000- or srcport>1024 or dstport<=10",
      "!(ip==10.0.0.0/8:443 or ip==[2001:db8::/32]:53) and mac!=02:00:00:00:00:0c",
      "vlan==none or vlan>=10 and vlan<20",
      "dpi==tls or dpi===TLS.YouTube or dpi~\"tube\" or dpi==\"Amazon AWS\"",
  };
  std::vector<Filter> filters;
  for (const char* text : expressions)
    filters.emplace_back(test::parsed(text));
  Subject connection = test::tcp_connection();
  Subject v6;
  v6.src.ip = test::ip("2001:db8::1");
  v6.dst.ip = test::ip("2001:db8::2");
  v6.has_ports = true;
  v6.dst.port = 53;
  const Subject subjects[] = {connection, v6, Subject{}};

  int matched = 0;
  netmeter::test::AllocationScope scope;
  for (int round = 0; round < 100; ++round)
    for (const Filter& f : filters)
      for (const Subject& s : subjects)
        matched += f.matches(s);
  const long made = scope.allocations();
  EXPECT_EQ(made, 0);
  EXPECT_GT(matched, 0);
}

}  // namespace
}  // namespace netmeter::filter
