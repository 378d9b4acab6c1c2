// What GeoDb does with directories and files that are not what they should be: it warns, names files
// by their base name only, and never crashes, whatever the bytes and whatever the address.
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "geo/geo_db.hpp"
#include "geo_fixtures.hpp"
#include "temp_dir.hpp"

namespace netmeter::geo {
namespace {

using test::fixture_dir;
using test::ip;

std::string read_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_file(const std::filesystem::path& file, const std::string& bytes) {
  std::ofstream(file, std::ios::binary) << bytes;
}

// Everything GeoDb reports, in one string, to look for paths in.
std::string everything_said(const GeoDb& db) {
  std::string all = db.describe();
  for (const auto& w : db.warnings())
    all += w + "\n";
  for (const auto& d : db.databases())
    all += d.file_name + " " + d.database_type + "\n";
  return all;
}

// Looks up one address in every /8 of IPv4 (plus a few inside the test networks) and a spread of IPv6
// prefixes; the answers do not matter, only that every lookup returns.
size_t sweep(const GeoDb& db) {
  size_t found = 0;
  for (int a = 0; a < 256; ++a) {
    for (int b : {0, 1, 128, 255}) {
      const uint8_t v4[4] = {static_cast<uint8_t>(a), static_cast<uint8_t>(b), 3, 4};
      found += db.lookup(core::IpAddress::v4(v4)).has_value();
      uint8_t v6[16] = {static_cast<uint8_t>(a), static_cast<uint8_t>(b), 0x40, 0};
      v6[15] = 1;
      found += db.lookup(core::IpAddress::v6(v6)).has_value();
    }
  }
  for (const char* text : {"2a02:8100::1", "2400:4000::1", "2c0f:f000::1", "::ffff:1.2.3.4", "::1.2.3.4"}) {
    found += db.lookup(ip(text)).has_value();
  }
  return found;
}

TEST(GeoDbRobustness, MissingDirectoryIsAWarning) {
  const GeoDb db = GeoDb::open("/nonexistent/netmeter-geoip-dir");
  EXPECT_TRUE(db.empty());
  ASSERT_EQ(db.warnings().size(), 1u);
  EXPECT_NE(db.warnings()[0].find("does not exist"), std::string::npos);
  EXPECT_EQ(everything_said(db).find("/nonexistent"), std::string::npos);
  EXPECT_FALSE(db.lookup(ip("8.8.8.8")).has_value());
}

TEST(GeoDbRobustness, AFileInsteadOfADirectoryIsAWarning) {
  netmeter::test::TempDir tmp("netmeter-geo");
  write_file(tmp.path() / "file", "x");
  const GeoDb db = GeoDb::open(tmp.path() / "file");
  EXPECT_TRUE(db.empty());
  ASSERT_EQ(db.warnings().size(), 1u);
  EXPECT_NE(db.warnings()[0].find("not a directory"), std::string::npos);
  EXPECT_EQ(everything_said(db).find(tmp.path().string()), std::string::npos);
}

TEST(GeoDbRobustness, EmptyDirectoryIsAWarning) {
  netmeter::test::TempDir tmp("netmeter-geo");
  write_file(tmp.path() / "README.txt", "not a database");
  const GeoDb db = GeoDb::open(tmp.path());
  EXPECT_TRUE(db.empty());
  ASSERT_EQ(db.warnings().size(), 1u);
  EXPECT_NE(db.warnings()[0].find("no usable .mmdb file"), std::string::npos);
}

TEST(GeoDbRobustness, CorruptFilesAreSkippedWithTheirNameOnly) {
  NETMETER_NEED_GEO_FIXTURES();
  netmeter::test::TempDir tmp("netmeter-geo");
  const std::string city = read_file(fixture_dir("maxmind") / "GeoLite2-City-Test.mmdb");
  ASSERT_GT(city.size(), 100u);
  write_file(tmp.path() / "empty.mmdb", "");
  write_file(tmp.path() / "garbage.mmdb", std::string(4096, '\x5a'));
  write_file(tmp.path() / "truncated.mmdb", city.substr(0, city.size() / 2));
  std::filesystem::create_directory(tmp.path() / "directory.mmdb");
  std::filesystem::create_symlink(tmp.path() / "nowhere", tmp.path() / "broken-link.mmdb");
  std::filesystem::copy_file(fixture_dir("maxmind") / "GeoLite2-ASN-Test.mmdb", tmp.path() / "good-asn.mmdb");

  const GeoDb db = GeoDb::open(tmp.path());
  ASSERT_EQ(db.databases().size(), 1u) << db.describe();
  EXPECT_EQ(db.databases()[0].file_name, "good-asn.mmdb");
  ASSERT_EQ(db.warnings().size(), 5u) << db.describe();
  const std::string said = everything_said(db);
  for (const char* name :
       {"empty.mmdb", "garbage.mmdb", "truncated.mmdb", "directory.mmdb", "broken-link.mmdb"}) {
    EXPECT_NE(said.find(name), std::string::npos) << name;
  }
  EXPECT_EQ(said.find(tmp.path().string()), std::string::npos) << said;
  EXPECT_EQ(said.find("/tmp"), std::string::npos) << said;
  EXPECT_EQ(db.lookup(ip("1.2.3.4")).value_or(GeoInfo{}).asn, 15169u);
  sweep(db);
}

TEST(GeoDbRobustness, UnrecognisedDatabasesAreSkipped) {
  NETMETER_NEED_GEO_FIXTURES();
  const GeoDb db = GeoDb::open(fixture_dir("other"));
  EXPECT_TRUE(db.empty());
  ASSERT_EQ(db.warnings().size(), 2u) << db.describe();
  EXPECT_NE(db.warnings()[0].find("GeoIP2-Anonymous-IP-Test.mmdb: type 'GeoIP2-Anonymous-IP' is not a city"),
            std::string::npos)
      << db.warnings()[0];
}

TEST(GeoDbRobustness, NamesFilesWithoutTheirDirectory) {
  NETMETER_NEED_GEO_FIXTURES();
  for (const char* set : {"maxmind", "flat", "other"}) {
    const GeoDb db = GeoDb::open(fixture_dir(set));
    for (const auto& info : db.databases())
      EXPECT_EQ(info.file_name.find('/'), std::string::npos);
    const std::string said = everything_said(db);
    EXPECT_EQ(said.find(test::fixtures().string()), std::string::npos) << said;
    EXPECT_EQ(said.find('/'), std::string::npos) << said;
  }
}

// Every byte of the search tree and data section overwritten in turn (the metadata at the end left
// alone, so that the file still opens): lookups may find garbage or nothing, but always return.
TEST(GeoDbRobustness, CorruptTreeOrDataNeverCrashesALookup) {
  NETMETER_NEED_GEO_FIXTURES();
  netmeter::test::TempDir tmp("netmeter-geo");
  for (const char* name : {"GeoLite2-City-Test.mmdb", "GeoLite2-ASN-Test.mmdb"}) {
    const std::string original = read_file(fixture_dir("maxmind") / name);
    const size_t metadata = original.rfind("\xab\xcd\xefMaxMind.com");
    ASSERT_NE(metadata, std::string::npos);
    for (size_t at = 0; at < metadata; at += 7) {
      for (char value : {'\x00', '\xff', '\x7f'}) {
        std::string bytes = original;
        bytes[at] = value;
        std::filesystem::remove_all(tmp.path() / "db");
        std::filesystem::create_directory(tmp.path() / "db");
        write_file(tmp.path() / "db" / name, bytes);
        GeoDbOptions options;
        options.country_names.clear();
        const GeoDb db = GeoDb::open(tmp.path() / "db", options);
        sweep(db);
      }
    }
  }
}

}  // namespace
}  // namespace netmeter::geo
