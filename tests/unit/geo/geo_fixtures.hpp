#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "core/ip_address.hpp"

namespace netmeter::geo::test {

/// Where the build wrote the test databases (tests/unit/geo/CMakeLists.txt); empty when it could not.
inline std::filesystem::path fixtures() {
  return NETMETER_GEO_FIXTURES;
}

/// The directory of one set: "maxmind" (GeoIP2/GeoLite2 layout), "flat" (ip-location-db layout) or
/// "other" (a database GeoDb does not use).
inline std::filesystem::path fixture_dir(const std::string& set) {
  return fixtures() / set;
}

inline core::IpAddress ip(const char* text) {
  const auto address = core::IpAddress::parse(text);
  EXPECT_TRUE(address.has_value()) << text;
  return address.value_or(core::IpAddress{});
}

}  // namespace netmeter::geo::test

/// Skips a test that needs the test databases when the build could not write them.
#define NETMETER_NEED_GEO_FIXTURES()                                                               \
  do {                                                                                             \
    if (::netmeter::geo::test::fixtures().empty()) {                                               \
      GTEST_SKIP() << "no test databases: install libmaxmind-db-writer-perl (scripts/setup does)"; \
    }                                                                                              \
  } while (false)
