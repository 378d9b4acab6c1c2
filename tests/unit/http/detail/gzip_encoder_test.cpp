#include "http/detail/gzip_encoder.hpp"

#include <gtest/gtest.h>

#include <string>

#include "test_client.hpp"

namespace netmeter::http {
namespace {

TEST(GzipEncoder, RoundTripInPieces) {
  std::string text;
  for (int i = 0; i < 20000; ++i)
    text += "ip,10.0.0." + std::to_string(i % 256) + "," + std::to_string(i) + "\n";
  GzipEncoder encoder;
  std::vector<char> out;
  for (size_t pos = 0; pos < text.size(); pos += 7000) {
    std::string_view piece = std::string_view(text).substr(pos, 7000);
    ASSERT_TRUE(encoder.write(piece, out));
  }
  ASSERT_TRUE(encoder.finish({}, out));
  EXPECT_LT(out.size(), text.size() / 4);
  auto back = testing::gunzip(std::string_view(out.data(), out.size()));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, text);
}

TEST(GzipEncoder, EachWriteIsDecodableAtOnce) {
  GzipEncoder encoder;
  std::vector<char> out;
  ASSERT_TRUE(encoder.write(std::string_view("first line\n"), out));
  // A sync flush ends on an empty stored block: 00 00 ff ff.
  ASSERT_GE(out.size(), 4u);
  EXPECT_EQ(std::string(out.end() - 4, out.end()), std::string("\0\0\xff\xff", 4));
}

TEST(GzipEncoder, IncompressibleAndEmptyInput) {
  std::string noise(300000, '\0');
  uint32_t x = 12345;
  for (char& c : noise) {
    x = x * 1664525 + 1013904223;
    c = static_cast<char>(x >> 24);
  }
  GzipEncoder encoder(1);
  std::vector<char> out;
  ASSERT_TRUE(encoder.finish(noise, out));
  EXPECT_EQ(testing::gunzip(std::string_view(out.data(), out.size())), noise);
  EXPECT_FALSE(encoder.write(std::string_view("after the end"), out));

  GzipEncoder empty;
  std::vector<char> none;
  ASSERT_TRUE(empty.write({}, none));
  ASSERT_TRUE(empty.finish({}, none));
  EXPECT_EQ(testing::gunzip(std::string_view(none.data(), none.size())), "");
}

}  // namespace
}  // namespace netmeter::http
