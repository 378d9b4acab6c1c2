#include "geo/country_names.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace netmeter::geo {
namespace {

constexpr const char* kTable = R"({
  "3166-1": [
    {"alpha_2": "CI", "alpha_3": "CIV", "name": "C\u00f4te d'Ivoire", "numeric": "384"},
    {"alpha_2": "KR", "name": "Korea, Republic of", "common_name": "South Korea", "numeric": "410"},
    {"alpha_3": "XXX", "name": "no alpha_2: ignored"},
    {"alpha_2": "Q1", "name": "not two letters: ignored"},
    {"name": "Escapes \"quoted\" \\ \/ \ud83c\udde6 end", "alpha_2": "ZZ", "numeric": 999, "flag": null}
  ]
})";

TEST(CountryNames, ParsesTheIsoCodesTable) {
  const auto names = CountryNames::parse(kTable);
  ASSERT_TRUE(names.has_value());
  EXPECT_EQ(names->size(), 3u);
  EXPECT_EQ(names->name("CI"), "C\xc3\xb4te d'Ivoire");
  EXPECT_EQ(names->name("KR"), "South Korea");  // the common name when there is one
  EXPECT_EQ(names->name("ZZ"), "Escapes \"quoted\" \\ / \xf0\x9f\x87\xa6 end");
  EXPECT_EQ(names->name("US"), "");
  EXPECT_EQ(names->name("kr"), "");
  EXPECT_EQ(names->name(""), "");
  EXPECT_EQ(names->name("KOR"), "");
}

TEST(CountryNames, RefusesWhatIsNotATable) {
  for (const char* text : {"", "[]", "{}", "{\"a\": [", "{\"alpha_2\": \"US\", \"name\": \"x\"",
                           "{\"alpha_2\": \"US\", \"name\": \"bad \\q escape\"}",
                           "{\"alpha_2\": \"US\", \"name\": \"lone \\udc00 surrogate\"}",
                           "{\"alpha_2\": \"US\", \"name\": \"unterminated}", "}}}", "{: \"x\"}"}) {
    EXPECT_FALSE(CountryNames::parse(text).has_value()) << text;
  }
  std::string deep(100, '[');
  deep += std::string(100, '{');
  EXPECT_FALSE(CountryNames::parse(deep).has_value());
}

TEST(CountryNames, LoadsNothingFromAMissingFile) {
  EXPECT_FALSE(CountryNames::load("/nonexistent/iso_3166-1.json").has_value());
}

TEST(CountryNames, LoadsDebiansTableWhenInstalled) {
  if (!std::filesystem::exists(CountryNames::kDefaultFile)) {
    GTEST_SKIP() << CountryNames::kDefaultFile << " is absent (Debian package iso-codes)";
  }
  const auto names = CountryNames::load(CountryNames::kDefaultFile);
  ASSERT_TRUE(names.has_value());
  EXPECT_GE(names->size(), 249u);
  EXPECT_EQ(names->name("US"), "United States");
  EXPECT_EQ(names->name("DE"), "Germany");
  EXPECT_EQ(names->name("TW"), "Taiwan");
}

}  // namespace
}  // namespace netmeter::geo
