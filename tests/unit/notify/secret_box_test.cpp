#include "notify/secret_box.hpp"

#include <gtest/gtest.h>
#include <sodium.h>
#include <sys/stat.h>

#include <fstream>

#include "temp_dir.hpp"

namespace netmeter::notify {
namespace {

class SecretBoxTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_GE(sodium_init(), 0); }
  test::TempDir dir_;
};

TEST_F(SecretBoxTest, RoundTripWithAKeyFileCreated0600) {
  auto key = dir_.path() / "notify.key";
  auto box = SecretBox::open(key);
  ASSERT_TRUE(box);
  struct stat st {};
  ASSERT_EQ(::stat(key.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  std::string sealed = box->seal("s3cret password");
  EXPECT_EQ(sealed.find("s3cret"), std::string::npos);
  EXPECT_NE(box->seal("s3cret password"), sealed);  // a fresh nonce each time
  EXPECT_EQ(box->unseal(sealed), "s3cret password");
  // Opened again, the same key opens what the first one sealed.
  auto again = SecretBox::open(key);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->unseal(sealed), "s3cret password");
  EXPECT_EQ(again->unseal(again->seal("")), "");
}

TEST_F(SecretBoxTest, RefusesAlteredForeignAndMalformedText) {
  auto box = SecretBox::open(dir_.path() / "a.key");
  auto other = SecretBox::open(dir_.path() / "b.key");
  ASSERT_TRUE(box && other);
  std::string sealed = box->seal("password");
  EXPECT_FALSE(other->unseal(sealed));
  std::string altered = sealed;
  altered[altered.size() / 2] = altered[altered.size() / 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box->unseal(altered));
  EXPECT_FALSE(box->unseal("not base64 !"));
  EXPECT_FALSE(box->unseal("AAAA"));
}

TEST_F(SecretBoxTest, AKeyFileOfTheWrongSizeIsRefused) {
  auto key = dir_.path() / "short.key";
  std::ofstream(key) << "too short";
  EXPECT_FALSE(SecretBox::open(key));
}

}  // namespace
}  // namespace netmeter::notify
