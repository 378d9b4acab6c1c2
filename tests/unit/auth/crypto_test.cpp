#include "auth/crypto.hpp"

#include <gtest/gtest.h>

#include <set>

namespace netmeter::auth {
namespace {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_crypto()); }
};

std::string hex(const Sha256Digest& d) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (auto b : d) {
    out += kDigits[b >> 4];
    out += kDigits[b & 15];
  }
  return out;
}

TEST_F(Crypto, Sha256KnownVector) {
  auto d = sha256("abc");
  ASSERT_TRUE(d.has_value());
  EXPECT_EQ(hex(*d), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST_F(Crypto, RandomSecretIsBase64UrlAndUnique) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    auto s = random_secret(32);
    ASSERT_EQ(s.size(), 43u);
    for (char c : s)
      EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_') << s;
    seen.insert(s);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST_F(Crypto, RandomPassword) {
  auto p = random_password(20);
  EXPECT_EQ(p.size(), 20u);
  for (char c : p)
    EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)));
  EXPECT_NE(p, random_password(20));
}

TEST_F(Crypto, Base64DecodeStrict) {
  EXPECT_EQ(decode_base64("dXNlcjpwYXNz"), "user:pass");
  EXPECT_EQ(decode_base64("YTpi"), "a:b");
  EXPECT_EQ(decode_base64("YTpiYw=="), "a:bc");
  EXPECT_EQ(decode_base64("YTpiYw"), "a:bc");  // padding omitted
  EXPECT_EQ(decode_base64(""), "");
  EXPECT_FALSE(decode_base64("YTpiYw=").has_value());
  EXPECT_FALSE(decode_base64("YT pi").has_value());
  EXPECT_FALSE(decode_base64("YTpi!").has_value());
  EXPECT_FALSE(decode_base64("YTpi-_").has_value());  // URL alphabet is not Basic's
  EXPECT_FALSE(decode_base64("Y").has_value());
}

TEST_F(Crypto, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
  EXPECT_TRUE(constant_time_equal("", ""));
}

}  // namespace
}  // namespace netmeter::auth
