#include "geo/continents.hpp"

#include <gtest/gtest.h>

#include "geo/database_info.hpp"

namespace netmeter::geo {
namespace {

TEST(Continents, NamesTheSevenCodes) {
  EXPECT_EQ(continent_name("AF"), "Africa");
  EXPECT_EQ(continent_name("AN"), "Antarctica");
  EXPECT_EQ(continent_name("AS"), "Asia");
  EXPECT_EQ(continent_name("EU"), "Europe");
  EXPECT_EQ(continent_name("NA"), "North America");
  EXPECT_EQ(continent_name("OC"), "Oceania");
  EXPECT_EQ(continent_name("SA"), "South America");
  EXPECT_EQ(continent_name(""), "");
  EXPECT_EQ(continent_name("XX"), "");
  EXPECT_EQ(continent_name("eu"), "");
}

TEST(Continents, KnowsTheContinentOfEveryCountry) {
  EXPECT_EQ(continent_of_country("AD"), "EU");  // first entry
  EXPECT_EQ(continent_of_country("ZW"), "AF");  // last entry
  EXPECT_EQ(continent_of_country("US"), "NA");
  EXPECT_EQ(continent_of_country("BR"), "SA");
  EXPECT_EQ(continent_of_country("JP"), "AS");
  EXPECT_EQ(continent_of_country("AU"), "OC");
  EXPECT_EQ(continent_of_country("AQ"), "AN");
  EXPECT_EQ(continent_of_country("RU"), "EU");
  EXPECT_EQ(continent_of_country("TR"), "AS");
  EXPECT_EQ(continent_of_country("EG"), "AF");
  EXPECT_EQ(continent_of_country("XK"), "EU");
  EXPECT_EQ(continent_of_country("ZZ"), "");
  EXPECT_EQ(continent_of_country("us"), "");
  EXPECT_EQ(continent_of_country("USA"), "");
  EXPECT_EQ(continent_of_country(""), "");
}

TEST(DatabaseInfo, TellsTheKindFromTheTypeThenTheFileName) {
  EXPECT_EQ(kind_of("GeoLite2-City", "x.mmdb"), DatabaseKind::City);
  EXPECT_EQ(kind_of("GeoIP2-Country", "x.mmdb"), DatabaseKind::Country);
  EXPECT_EQ(kind_of("GeoLite2-ASN", "x.mmdb"), DatabaseKind::Asn);
  EXPECT_EQ(kind_of("GeoIP2-ISP", "x.mmdb"), DatabaseKind::Asn);
  EXPECT_EQ(kind_of("DBIP-City-Lite", "x.mmdb"), DatabaseKind::City);
  EXPECT_EQ(kind_of("city ipv4", "x.mmdb"), DatabaseKind::City);
  EXPECT_EQ(kind_of("country ipvAll", "geo-whois-asn-country.mmdb"), DatabaseKind::Country);
  EXPECT_EQ(kind_of("asn ipvAll", "x.mmdb"), DatabaseKind::Asn);
  EXPECT_EQ(kind_of("", "my-city-db.mmdb"), DatabaseKind::City);
  EXPECT_EQ(kind_of("", "geolite2-city-ipv6.mmdb"), DatabaseKind::City);
  EXPECT_EQ(kind_of("GeoIP2-Anonymous-IP", "anonymous.mmdb"), std::nullopt);
  EXPECT_EQ(kind_of("", "velocity.mmdb"), std::nullopt);  // words, not letters inside one
  EXPECT_EQ(kind_of("", "whisper.mmdb"), std::nullopt);
}

TEST(DatabaseInfo, TellsTheLayout) {
  EXPECT_EQ(layout_of("GeoLite2-City", false), RecordLayout::MaxMind);
  EXPECT_EQ(layout_of("GeoIP2-Country", false), RecordLayout::MaxMind);
  EXPECT_EQ(layout_of("DBIP-City-Lite", false), RecordLayout::MaxMind);
  EXPECT_EQ(layout_of("city ipv4", false), RecordLayout::Flat);
  EXPECT_EQ(layout_of("my own", true), RecordLayout::MaxMind);
}

TEST(DatabaseInfo, FormatsTheBuildDate) {
  EXPECT_EQ(build_date(0), "1970-01-01");
  EXPECT_EQ(build_date(1700000000), "2023-11-14");
  EXPECT_EQ(build_date(1781725941), "2026-06-17");
}

}  // namespace
}  // namespace netmeter::geo
