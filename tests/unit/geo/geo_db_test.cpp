#include "geo/geo_db.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <thread>
#include <vector>

#include "geo_fixtures.hpp"
#include "temp_dir.hpp"

namespace netmeter::geo {
namespace {

using test::fixture_dir;
using test::ip;

// A small ISO 3166 table, so that the tests do not depend on the machine's iso-codes version.
std::filesystem::path write_country_table(const std::filesystem::path& dir) {
  const auto file = dir / "iso_3166-1.json";
  std::ofstream(file) << R"({"3166-1": [
    {"alpha_2": "AU", "name": "Australia"}, {"alpha_2": "BR", "name": "Brazil"},
    {"alpha_2": "JP", "name": "Japan"}, {"alpha_2": "ZA", "name": "South Africa"},
    {"alpha_2": "US", "name": "United States of the table"}]})";
  return file;
}

GeoDbOptions without_country_table() {
  GeoDbOptions options;
  options.country_names.clear();
  return options;
}

class MaxMindLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    NETMETER_NEED_GEO_FIXTURES();
    db_ = GeoDb::open(fixture_dir("maxmind"), without_country_table());
  }
  GeoDb db_;
};

TEST_F(MaxMindLayout, ListsItsDatabasesInLookupOrder) {
  ASSERT_EQ(db_.databases().size(), 2u);
  EXPECT_TRUE(db_.warnings().empty()) << db_.describe();
  const DatabaseInfo& city = db_.databases()[0];
  EXPECT_EQ(city.kind, DatabaseKind::City);
  EXPECT_EQ(city.layout, RecordLayout::MaxMind);
  EXPECT_EQ(city.file_name, "GeoLite2-City-Test.mmdb");
  EXPECT_EQ(city.database_type, "GeoLite2-City");
  EXPECT_EQ(city.build_epoch, 1700000000u);
  EXPECT_EQ(city.ip_version, 6);
  EXPECT_EQ(db_.databases()[1].kind, DatabaseKind::Asn);
  EXPECT_EQ(db_.databases()[1].file_name, "GeoLite2-ASN-Test.mmdb");
  EXPECT_EQ(db_.country_name_count(), 0u);
}

TEST_F(MaxMindLayout, FindsCityCountryContinentLocationAndAs) {
  const auto info = db_.lookup(ip("1.2.3.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "US");
  EXPECT_EQ(info->country_name, "United States");  // the database's English name
  EXPECT_EQ(info->continent_code, "NA");
  EXPECT_EQ(info->continent_name, "North America");
  EXPECT_EQ(info->city, "Mountain View");
  ASSERT_TRUE(info->latitude.has_value());
  EXPECT_DOUBLE_EQ(*info->latitude, 37.386);
  EXPECT_DOUBLE_EQ(*info->longitude, -122.0838);
  EXPECT_EQ(info->asn, 15169u);
  EXPECT_EQ(info->as_org, "Google LLC");
}

TEST_F(MaxMindLayout, CountryWithoutCityOrAs) {
  const auto info = db_.lookup(ip("2.200.1.1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "FR");
  EXPECT_EQ(info->country_name, "France");
  EXPECT_EQ(info->continent_code, "EU");
  EXPECT_EQ(info->continent_name, "Europe");
  EXPECT_EQ(info->city, "");
  EXPECT_FALSE(info->latitude.has_value());
  EXPECT_FALSE(info->longitude.has_value());
  EXPECT_EQ(info->asn, 0u);
  EXPECT_EQ(info->as_org, "");
}

TEST_F(MaxMindLayout, FallsBackOnTheRegisteredCountry) {
  const auto info = db_.lookup(ip("3.3.3.3"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "SE");
  EXPECT_EQ(info->country_name, "Sweden");
}

TEST_F(MaxMindLayout, FindsIpv6) {
  const auto info = db_.lookup(ip("2a02:8100:1234::1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "DE");
  EXPECT_EQ(info->country_name, "Germany");
  EXPECT_EQ(info->city, "Berlin");
  EXPECT_DOUBLE_EQ(info->latitude.value_or(0), 52.5244);
  EXPECT_EQ(info->asn, 3209u);
  EXPECT_EQ(info->as_org, "Vodafone GmbH");
}

TEST_F(MaxMindLayout, LooksUpIpv4MappedAddressesAsIpv4) {
  const auto info = db_.lookup(ip("::ffff:1.2.3.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "US");
  EXPECT_EQ(info->asn, 15169u);
}

TEST_F(MaxMindLayout, ALayoutFlagOverridesTheMetadata) {
  GeoDbOptions options = without_country_table();
  options.layout = RecordLayout::Flat;
  const GeoDb forced = GeoDb::open(fixture_dir("maxmind"), options);
  ASSERT_EQ(forced.databases().size(), 2u);
  EXPECT_EQ(forced.databases()[0].layout, RecordLayout::Flat);
  // Read as flat records, the city database has no top-level country_code; the AS data is the same
  // in both layouts.
  const auto info = forced.lookup(ip("1.2.3.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "");
  EXPECT_EQ(info->asn, 15169u);
}

class FlatLayout : public ::testing::Test {
 protected:
  void SetUp() override {
    NETMETER_NEED_GEO_FIXTURES();
    GeoDbOptions options;
    options.country_names = write_country_table(tmp_.path());
    db_ = GeoDb::open(fixture_dir("flat"), options);
  }
  netmeter::test::TempDir tmp_{"netmeter-geo"};
  GeoDb db_;
};

TEST_F(FlatLayout, ListsCityThenCountryThenAs) {
  ASSERT_EQ(db_.databases().size(), 4u) << db_.describe();
  EXPECT_TRUE(db_.warnings().empty()) << db_.describe();
  EXPECT_EQ(db_.databases()[0].file_name, "test-city-ipv4.mmdb");
  EXPECT_EQ(db_.databases()[0].kind, DatabaseKind::City);
  EXPECT_EQ(db_.databases()[0].layout, RecordLayout::Flat);
  EXPECT_EQ(db_.databases()[0].ip_version, 4);
  EXPECT_EQ(db_.databases()[1].file_name, "test-city-ipv6.mmdb");
  EXPECT_EQ(db_.databases()[1].ip_version, 6);
  EXPECT_EQ(db_.databases()[2].file_name, "test-country.mmdb");
  EXPECT_EQ(db_.databases()[2].kind, DatabaseKind::Country);
  EXPECT_EQ(db_.databases()[3].file_name, "asn.mmdb");  // written by scripts/asn_csv_to_mmdb.pl
  EXPECT_EQ(db_.databases()[3].kind, DatabaseKind::Asn);
  EXPECT_EQ(db_.databases()[3].database_type, "asn ipvAll");
  EXPECT_EQ(db_.country_name_count(), 5u);
}

TEST_F(FlatLayout, CompletesNamesAndContinentFromTables) {
  const auto info = db_.lookup(ip("1.2.3.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "JP");
  EXPECT_EQ(info->country_name, "Japan");  // from the ISO 3166 table
  EXPECT_EQ(info->continent_code, "AS");   // from the country
  EXPECT_EQ(info->continent_name, "Asia");
  EXPECT_EQ(info->city, "Tokyo");
  // Stored as floats: read back as the decimals they were written from.
  EXPECT_EQ(info->latitude, 35.6895);
  EXPECT_EQ(info->longitude, 139.6917);
  EXPECT_EQ(info->asn, 2497u);
  EXPECT_EQ(info->as_org, "Internet Initiative Japan Inc.");
}

TEST_F(FlatLayout, EmptyCityIsUnknown) {
  const auto info = db_.lookup(ip("4.4.4.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "BR");
  EXPECT_EQ(info->country_name, "Brazil");
  EXPECT_EQ(info->continent_name, "South America");
  EXPECT_EQ(info->city, "");
  EXPECT_EQ(info->latitude, -14.235);
  EXPECT_EQ(info->asn, 0u);
}

TEST_F(FlatLayout, FindsIpv6InTheIpv6CityFile) {
  const auto info = db_.lookup(ip("2400:4000::1"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->country_code, "AU");
  EXPECT_EQ(info->country_name, "Australia");
  EXPECT_EQ(info->continent_code, "OC");
  EXPECT_EQ(info->continent_name, "Oceania");
  EXPECT_EQ(info->city, "Sydney");
  EXPECT_EQ(info->asn, 4608u);
  EXPECT_EQ(info->as_org, "Asia Pacific Network Information Centre");
}

TEST_F(FlatLayout, CountryFileFillsWhatTheCityFilesLack) {
  const auto kosovo = db_.lookup(ip("5.0.0.1"));
  ASSERT_TRUE(kosovo.has_value());
  EXPECT_EQ(kosovo->country_code, "XK");
  EXPECT_EQ(kosovo->country_name, "");  // not in ISO 3166
  EXPECT_EQ(kosovo->continent_code, "EU");
  EXPECT_EQ(kosovo->city, "");
  EXPECT_EQ(kosovo->asn, 64500u);
  EXPECT_EQ(kosovo->as_org, "Example, \"Quoted\" Networks");  // CSV quoting undone by the converter
  EXPECT_EQ(db_.lookup(ip("5.1.0.1")).value_or(GeoInfo{}).as_org, "CONAD NORD OVEST SOCIETA' COOPERATIVA");

  const auto south_africa = db_.lookup(ip("2c0f:f000::99"));
  ASSERT_TRUE(south_africa.has_value());
  EXPECT_EQ(south_africa->country_code, "ZA");
  EXPECT_EQ(south_africa->country_name, "South Africa");
  EXPECT_EQ(south_africa->continent_name, "Africa");
}

TEST_F(FlatLayout, LooksUpIpv4MappedAddressesInTheIpv4OnlyFile) {
  const auto info = db_.lookup(ip("::ffff:1.2.3.4"));
  ASSERT_TRUE(info.has_value());
  EXPECT_EQ(info->city, "Tokyo");
}

TEST(GeoDb, UnknownAddressesFindNothing) {
  NETMETER_NEED_GEO_FIXTURES();
  for (const char* set : {"maxmind", "flat"}) {
    const GeoDb db = GeoDb::open(fixture_dir(set));
    ASSERT_FALSE(db.empty()) << set;
    for (const char* address :
         {"10.0.0.1", "192.168.1.1", "127.0.0.1", "0.0.0.0", "255.255.255.255", "9.9.9.9", "::", "::1",
          "fe80::1", "2001:db8::1", "ff02::1", "::ffff:10.0.0.1"}) {
      EXPECT_FALSE(db.lookup(ip(address)).has_value()) << set << " " << address;
    }
    EXPECT_FALSE(db.lookup(core::IpAddress{}).has_value());
  }
}

TEST(GeoDb, WithoutDatabasesFindsNothing) {
  const GeoDb db;
  EXPECT_TRUE(db.empty());
  EXPECT_TRUE(db.databases().empty());
  EXPECT_FALSE(db.lookup(ip("8.8.8.8")).has_value());
  EXPECT_NE(db.describe().find("0 database"), std::string::npos);
}

TEST(GeoDb, IsMovable) {
  NETMETER_NEED_GEO_FIXTURES();
  GeoDb db = GeoDb::open(fixture_dir("maxmind"));
  GeoDb moved = std::move(db);
  EXPECT_EQ(moved.lookup(ip("1.2.3.4")).value_or(GeoInfo{}).asn, 15169u);
  db = std::move(moved);
  EXPECT_EQ(db.lookup(ip("1.2.3.4")).value_or(GeoInfo{}).asn, 15169u);
}

TEST(GeoDb, ServesManyThreadsAtOnce) {
  NETMETER_NEED_GEO_FIXTURES();
  const GeoDb db = GeoDb::open(fixture_dir("flat"));
  const GeoInfo tokyo = db.lookup(ip("1.2.3.4")).value();
  const GeoInfo sydney = db.lookup(ip("2400:4000::1")).value();
  const core::IpAddress a = ip("1.2.3.4");
  const core::IpAddress b = ip("2400:4000::1");
  const core::IpAddress unknown = ip("10.1.1.1");
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 2000; ++i) {
        if (db.lookup(a) != tokyo) ++mismatches[t];
        if (db.lookup(b) != sydney) ++mismatches[t];
        if (db.lookup(unknown).has_value()) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(mismatches, std::vector<int>(4, 0));
}

}  // namespace
}  // namespace netmeter::geo
