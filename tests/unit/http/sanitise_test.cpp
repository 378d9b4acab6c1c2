#include "http/sanitise.hpp"

#include <gtest/gtest.h>

#include "http/response.hpp"

namespace netmeter::http {
namespace {

TEST(Sanitise, HeaderValuesLoseControlCharacters) {
  EXPECT_EQ(sanitise_header_value("a\r\nSet-Cookie: x=1"), "aSet-Cookie: x=1");
  EXPECT_EQ(sanitise_header_value("  tab\there\x01\x7f "), "tab\there");
  EXPECT_EQ(sanitise_header_value(std::string("nul\0byte", 8)), "nulbyte");
  EXPECT_EQ(sanitise_header_value("caf\xc3\xa9"), "caf\xc3\xa9");
}

TEST(Sanitise, HeaderNamesMustBeTokens) {
  EXPECT_TRUE(is_header_name("X-Custom_1"));
  EXPECT_FALSE(is_header_name(""));
  EXPECT_FALSE(is_header_name("Bad Name"));
  EXPECT_FALSE(is_header_name("X\r\nY"));
  EXPECT_FALSE(is_header_name("X:"));
}

TEST(Sanitise, FileNamesKeepOnlyTheBaseNameAndSafeCharacters) {
  EXPECT_EQ(sanitise_file_name("../../etc/passwd"), "passwd");
  EXPECT_EQ(sanitise_file_name("C:\\Users\\x\\capture 1.pcap"), "capture 1.pcap");
  EXPECT_EQ(sanitise_file_name("..hidden"), "hidden");
  EXPECT_EQ(sanitise_file_name("a\"b;c\r\n.pcap"), "a_b_c__.pcap");
  EXPECT_EQ(sanitise_file_name(".."), "");
  EXPECT_EQ(sanitise_file_name(std::string(500, 'x')).size(), 200u);
}

TEST(Sanitise, ContentDispositionAttachment) {
  EXPECT_EQ(content_disposition_attachment("1600000000-1600000060.pcap"),
            "attachment; filename=\"1600000000-1600000060.pcap\"");
  EXPECT_EQ(content_disposition_attachment("../evil\"\r\nX-Injected: 1.pcap"),
            "attachment; filename=\"evil___X-Injected__1.pcap\"");
  EXPECT_EQ(content_disposition_attachment("..."), "attachment; filename=\"download\"");
}

TEST(ResponseHeaders, SetHeaderSanitisesAndRejectsBadNames) {
  Response r(200, "text/plain", "x");
  EXPECT_TRUE(r.set_header("X-Test", "a\r\nX-Injected: 1"));
  EXPECT_EQ(r.headers().get("x-test"), "aX-Injected: 1");
  EXPECT_FALSE(r.set_header("Bad\r\nName", "v"));
  EXPECT_TRUE(r.add_header("Set-Cookie", "a=1"));
  EXPECT_TRUE(r.add_header("Set-Cookie", "b=2"));
  EXPECT_EQ(r.headers().get_all("set-cookie").size(), 2u);
  r.set_attachment("x/y.csv");
  EXPECT_EQ(r.headers().get("Content-Disposition"), "attachment; filename=\"y.csv\"");
}

TEST(ResponseHeaders, CompressibleFollowsContentTypeUnlessSet) {
  EXPECT_TRUE(Response(200, "application/json", "").compressible());
  EXPECT_TRUE(Response(200, "text/csv; charset=utf-8", "").compressible());
  EXPECT_TRUE(Response(200, "application/problem+json", "").compressible());
  EXPECT_FALSE(Response(200, "application/vnd.tcpdump.pcap", "").compressible());
  EXPECT_FALSE(Response(200).compressible());
  Response forced(200, "application/vnd.tcpdump.pcap", "");
  forced.compress = true;
  EXPECT_TRUE(forced.compressible());
  Response off(200, "application/json", "");
  off.compress = false;
  EXPECT_FALSE(off.compressible());
}

TEST(Sanitise, ValidUtf8) {
  EXPECT_TRUE(is_valid_utf8(""));
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("\xc3\xa9t\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80"));  // été € 😀
  EXPECT_FALSE(is_valid_utf8("\xff\xfe"));
  EXPECT_FALSE(is_valid_utf8("\x80"));              // a continuation byte alone
  EXPECT_FALSE(is_valid_utf8("\xc3"));              // cut short
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));          // overlong '/'
  EXPECT_FALSE(is_valid_utf8("\xe0\x80\xaf"));      // overlong, 3 bytes
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));      // UTF-16 surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_valid_utf8("\xe2\x82"));          // cut short, 3 bytes
}

}  // namespace
}  // namespace netmeter::http
