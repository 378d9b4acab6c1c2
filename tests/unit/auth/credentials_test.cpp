#include "auth/credentials.hpp"

#include <gtest/gtest.h>

#include "auth/crypto.hpp"

namespace netmeter::auth {
namespace {

class CredentialsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init_crypto()); }
};

std::optional<BasicCredentials> basic(std::string_view header) {
  auto c = parse_authorization(header);
  if (!c) return std::nullopt;
  if (auto* b = std::get_if<BasicCredentials>(&*c)) return *b;
  return std::nullopt;
}

std::optional<std::string> token(std::string_view header) {
  auto c = parse_authorization(header);
  if (!c) return std::nullopt;
  if (auto* t = std::get_if<TokenCredentials>(&*c)) return t->token;
  return std::nullopt;
}

TEST_F(CredentialsTest, BasicWellFormed) {
  auto b = basic("Basic dXNlcjpwYXNz");  // user:pass
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->user, "user");
  EXPECT_EQ(b->password, "pass");
}

TEST_F(CredentialsTest, SchemeIsCaseInsensitiveAndSpacesAreTolerated) {
  EXPECT_TRUE(basic("basic dXNlcjpwYXNz").has_value());
  EXPECT_TRUE(basic("BASIC dXNlcjpwYXNz").has_value());
  EXPECT_TRUE(basic("  Basic   dXNlcjpwYXNz  ").has_value());
  EXPECT_TRUE(basic("Basic\tdXNlcjpwYXNz").has_value());
}

TEST_F(CredentialsTest, PasswordMayContainColonsAndBeEmpty) {
  auto b = basic("Basic dTpwOmE6Yg==");  // u:p:a:b
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->user, "u");
  EXPECT_EQ(b->password, "p:a:b");
  auto empty = basic("Basic dTo=");  // "u:"
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->password, "");
}

TEST_F(CredentialsTest, MissingPaddingAccepted) {
  auto b = basic("Basic dTpwYw");  // "u:pc" without "=="
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->password, "pc");
}

TEST_F(CredentialsTest, MalformedBasicRejected) {
  EXPECT_FALSE(basic("Basic").has_value());                // no credentials
  EXPECT_FALSE(basic("Basic ").has_value());               // empty credentials
  EXPECT_FALSE(basic("Basic dXNlcnBhc3M=").has_value());   // "userpass": no colon
  EXPECT_FALSE(basic("Basic OnBhc3M=").has_value());       // ":pass": empty user
  EXPECT_FALSE(basic("Basic !!!!").has_value());           // not base64
  EXPECT_FALSE(basic("Basic dXNl cjpwYXNz").has_value());  // space inside
  EXPECT_FALSE(basic("Basic dXNlcjpwYXNz=").has_value());  // wrong padding
  EXPECT_FALSE(basic("Basicdxnlcjpwyxnz").has_value());    // no separator
  EXPECT_FALSE(basic("Basic dQp4OnA=").has_value());       // "u\nx:p": control char in user
}

TEST_F(CredentialsTest, VeryLongHeaderRejectedUnparsed) {
  const std::string huge = "Basic " + std::string(kMaxAuthorizationLength, 'A');
  EXPECT_FALSE(parse_authorization(huge).has_value());
  const std::string huge_token = "Bearer " + std::string(1000, 'a');
  EXPECT_FALSE(parse_authorization(huge_token).has_value());
}

TEST_F(CredentialsTest, BearerAndTokenSchemes) {
  EXPECT_EQ(token("Bearer abc-DEF_123.~+/=="), "abc-DEF_123.~+/==");
  EXPECT_EQ(token("Token abcdef"), "abcdef");
  EXPECT_EQ(token("bearer abcdef"), "abcdef");
  EXPECT_EQ(token("TOKEN   abcdef  "), "abcdef");
  EXPECT_FALSE(token("Bearer").has_value());
  EXPECT_FALSE(token("Bearer a b").has_value());
  EXPECT_FALSE(token("Bearer ab\"c").has_value());
  EXPECT_FALSE(token("Bearer =abc").has_value());
  EXPECT_FALSE(token("Bearer ab=c").has_value());
}

TEST_F(CredentialsTest, UnknownSchemesRejected) {
  EXPECT_FALSE(parse_authorization("Digest username=\"x\"").has_value());
  EXPECT_FALSE(parse_authorization("Negotiate abc").has_value());
  EXPECT_FALSE(parse_authorization("").has_value());
  EXPECT_FALSE(parse_authorization(std::string_view("Basic\0dXNlcjpwYXNz", 18)).has_value());
}

}  // namespace
}  // namespace netmeter::auth
