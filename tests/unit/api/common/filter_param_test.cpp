#include "api/common/filter_param.hpp"

#include <gtest/gtest.h>

#include "core/ip_address.hpp"

namespace netmeter::api {
namespace {

filter::Subject tcp(const char* src, uint16_t sport, const char* dst, uint16_t dport) {
  filter::Subject s;
  s.src.ip = core::IpAddress::parse(src).value();
  s.src.port = sport;
  s.dst.ip = core::IpAddress::parse(dst).value();
  s.dst.port = dport;
  s.l4 = 6;
  s.has_ports = true;
  return s;
}

TEST(CompileFilter, BlankTextIsNoFilter) {
  for (const char* blank : {"", " ", "\t", "  \t  ", "\r\n", " \n "}) {
    CompiledFilter f = compile_filter(blank);
    EXPECT_EQ(f.filter, nullptr) << "'" << blank << "'";
    EXPECT_EQ(f.error, "") << "'" << blank << "'";
  }
}

TEST(CompileFilter, CompilesAnExpression) {
  CompiledFilter f = compile_filter("ip==10.0.0.1 and port==443");
  ASSERT_NE(f.filter, nullptr);
  EXPECT_EQ(f.error, "");
  EXPECT_TRUE(f.filter->matches(tcp("10.0.0.1", 50000, "10.0.0.2", 443)));
  EXPECT_FALSE(f.filter->matches(tcp("10.0.0.1", 50000, "10.0.0.2", 80)));
  EXPECT_FALSE(f.filter->matches(tcp("10.0.0.3", 50000, "10.0.0.2", 443)));
  EXPECT_FALSE(f.filter->needs_application());
  EXPECT_TRUE(compile_filter("dpi==tls").filter->needs_application());
}

TEST(CompileFilter, SpacesEncodedTwiceAreSpaces) {
  CompiledFilter f = compile_filter("ip==10.0.0.1%20and%20port==80");
  ASSERT_NE(f.filter, nullptr);
  EXPECT_TRUE(f.filter->matches(tcp("10.0.0.2", 1234, "10.0.0.1", 80)));
}

TEST(CompileFilter, ErrorsNameTheColumn) {
  CompiledFilter f = compile_filter("ip==1.2.3.256");
  EXPECT_EQ(f.filter, nullptr);
  EXPECT_EQ(f.error.rfind("invalid filter expression: column 5: invalid IP address '1.2.3.256'", 0), 0u)
      << f.error;
  EXPECT_EQ(compile_filter("!port==22").error,
            "invalid filter expression: column 2: '!' must be followed by '(': write !( ... ), found 'port'");
  EXPECT_EQ(compile_filter("ip=10.0.0.1").error,
            "invalid filter expression: column 3: use '==' to compare, not '='");
}

// The compiled filter is shared: it outlives the CompiledFilter it came in (a CSV body keeps it).
TEST(CompileFilter, TheFilterOutlivesItsResult) {
  std::shared_ptr<const filter::Filter> kept;
  {
    CompiledFilter f = compile_filter("srcport==50000");
    kept = f.filter;
  }
  ASSERT_NE(kept, nullptr);
  EXPECT_TRUE(kept->matches(tcp("10.0.0.1", 50000, "10.0.0.2", 443)));
  EXPECT_FALSE(kept->matches(tcp("10.0.0.2", 443, "10.0.0.1", 50000)));
}

}  // namespace
}  // namespace netmeter::api
