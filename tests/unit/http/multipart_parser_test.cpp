#include "http/multipart_parser.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace netmeter::http {
namespace {

struct Part {
  MultipartPartHead head;
  std::string data;
  bool ended = false;
};

class RecordingSink : public MultipartParser::Sink {
 public:
  bool on_part_begin(const MultipartPartHead& head) override {
    if (reject_begin) return false;
    parts.push_back({head, {}, false});
    return true;
  }
  bool on_part_data(std::span<const char> data) override {
    EXPECT_FALSE(data.empty());
    parts.back().data.append(data.data(), data.size());
    return true;
  }
  bool on_part_end() override {
    parts.back().ended = true;
    return true;
  }
  std::vector<Part> parts;
  bool reject_begin = false;
};

const std::string kBody =
    "preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"note\"\r\n"
    "\r\n"
    "hello\r\n--XyZnot-a-delimiter? yes it is one, and malformed\r\n"
    "--XyZ  \r\n"
    "Content-Disposition: form-data; name=\"file\"; filename=\"../a b.pcap\"\r\n"
    "Content-Type: application/octet-stream\r\n"
    "\r\n"
    "\r\n--Xy\r\n-\r\n--XyZ\r\n"
    "content-disposition: form-data; name=\"empty\"\r\n"
    "\r\n"
    "\r\n--XyZ--\r\n"
    "epilogue --XyZ\r\n";

void expect_parts(const std::vector<Part>& parts) {
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_EQ(parts[0].head.name, "note");
  EXPECT_FALSE(parts[0].head.file_name);
  EXPECT_EQ(parts[1].head.name, "file");
  ASSERT_TRUE(parts[1].head.file_name);
  EXPECT_EQ(*parts[1].head.file_name, "../a b.pcap");
  EXPECT_EQ(parts[1].head.content_type, "application/octet-stream");
  EXPECT_EQ(parts[1].data, "\r\n--Xy\r\n-");
  EXPECT_EQ(parts[2].head.name, "empty");
  EXPECT_EQ(parts[2].data, "");
  for (const auto& p : parts)
    EXPECT_TRUE(p.ended);
}

std::string valid_body() {
  std::string body = kBody;
  // kBody's first value runs into a delimiter followed by text: malformed. Cut that line out.
  const std::string bad = "--XyZnot-a-delimiter? yes it is one, and malformed\r\n";
  body.erase(body.find(bad), bad.size());
  return body;
}

TEST(MultipartParser, WholeBody) {
  RecordingSink sink;
  MultipartParser parser("XyZ", sink);
  std::string body = valid_body();
  ASSERT_TRUE(parser.feed(body)) << parser.error();
  ASSERT_TRUE(parser.finish()) << parser.error();
  EXPECT_TRUE(parser.done());
  expect_parts(sink.parts);
  EXPECT_EQ(sink.parts[0].data, "hello");
}

TEST(MultipartParser, ByteByByteAndRandomSplitsGiveTheSameParts) {
  std::string body = valid_body();
  {
    RecordingSink sink;
    MultipartParser parser("XyZ", sink);
    for (char c : body)
      ASSERT_TRUE(parser.feed(std::span<const char>(&c, 1))) << parser.error();
    ASSERT_TRUE(parser.finish());
    expect_parts(sink.parts);
  }
  std::mt19937 rng(42);
  for (int round = 0; round < 200; ++round) {
    RecordingSink sink;
    MultipartParser parser("XyZ", sink);
    for (size_t pos = 0; pos < body.size();) {
      size_t n = std::min<size_t>(body.size() - pos, rng() % 17);
      ASSERT_TRUE(parser.feed(std::span<const char>(body.data() + pos, n)));
      pos += n;
    }
    ASSERT_TRUE(parser.finish());
    expect_parts(sink.parts);
  }
}

TEST(MultipartParser, BodyStartingWithTheDelimiterAndNoPreamble) {
  RecordingSink sink;
  MultipartParser parser("b", sink);
  ASSERT_TRUE(
      parser.feed(std::string_view("--b\r\nContent-Disposition: form-data; name=x\r\n\r\n1\r\n--b--")));
  ASSERT_TRUE(parser.finish());
  ASSERT_EQ(sink.parts.size(), 1u);
  EXPECT_EQ(sink.parts[0].head.name, "x");
  EXPECT_EQ(sink.parts[0].data, "1");
}

TEST(MultipartParser, MalformedDelimiterLine) {
  RecordingSink sink;
  MultipartParser parser("XyZ", sink);
  EXPECT_FALSE(parser.feed(kBody));
  EXPECT_EQ(parser.error(), "malformed multipart delimiter line");
  EXPECT_FALSE(parser.feed(std::string_view("more")));
  EXPECT_FALSE(parser.finish());
}

TEST(MultipartParser, TruncatedBody) {
  RecordingSink sink;
  MultipartParser parser("b", sink);
  ASSERT_TRUE(parser.feed(std::string_view("--b\r\nContent-Disposition: form-data; name=x\r\n\r\nabc")));
  EXPECT_FALSE(parser.finish());
  EXPECT_NE(parser.error().find("closing delimiter"), std::string::npos);
}

TEST(MultipartParser, PartHeadLimitsAndErrors) {
  {
    RecordingSink sink;
    MultipartParser parser("b", sink, {.max_part_head_bytes = 64, .max_parts = 10});
    EXPECT_FALSE(
        parser.feed("--b\r\nContent-Disposition: form-data; name=\"" + std::string(100, 'x') + "\"\r\n\r\n"));
    EXPECT_EQ(parser.error(), "multipart part head too large");
  }
  {
    RecordingSink sink;
    MultipartParser parser("b", sink, {.max_part_head_bytes = 64, .max_parts = 2});
    std::string part = "--b\r\nContent-Disposition: form-data; name=a\r\n\r\nv\r\n";
    EXPECT_FALSE(parser.feed(part + part + part));
    EXPECT_EQ(parser.error(), "too many multipart parts");
  }
  {
    RecordingSink sink;
    MultipartParser parser("b", sink);
    EXPECT_FALSE(parser.feed(std::string_view("--b\r\nno colon here\r\n\r\n")));
    EXPECT_EQ(parser.error(), "malformed multipart part head");
  }
  {
    RecordingSink sink;
    MultipartParser parser("b", sink);
    EXPECT_FALSE(parser.feed(std::string_view("--b\r\nContent-Type: text/plain\r\n\r\n")));
    EXPECT_EQ(parser.error(), "multipart part without Content-Disposition");
  }
  {
    RecordingSink sink;
    sink.reject_begin = true;
    MultipartParser parser("b", sink);
    EXPECT_FALSE(parser.feed(std::string_view("--b\r\nContent-Disposition: form-data\r\n\r\n")));
    EXPECT_EQ(parser.error(), "multipart part rejected");
  }
}

TEST(MultipartParser, ExtendedFileNameAndFoldedHeader) {
  RecordingSink sink;
  MultipartParser parser("b", sink);
  ASSERT_TRUE(
      parser.feed(std::string_view("--b\r\nContent-Disposition: form-data; name=f;\r\n "
                                   "filename=\"plain.txt\"; filename*=UTF-8''%e2%82%ac.txt\r\n"
                                   "\r\nx\r\n--b--\r\n")));
  ASSERT_TRUE(parser.finish());
  ASSERT_EQ(sink.parts.size(), 1u);
  EXPECT_EQ(sink.parts[0].head.name, "f");
  EXPECT_EQ(sink.parts[0].head.file_name, "\xe2\x82\xac.txt");
}

TEST(MultipartParser, EpilogueAfterCloseIsIgnored) {
  RecordingSink sink;
  MultipartParser parser("b", sink);
  ASSERT_TRUE(parser.feed(std::string_view("--b--\r\n")));
  EXPECT_TRUE(parser.done());
  ASSERT_TRUE(parser.feed(std::string_view("anything at all --b\r\n garbage")));
  EXPECT_TRUE(parser.finish());
  EXPECT_TRUE(sink.parts.empty());
}

TEST(MultipartParser, BoundaryOfContentType) {
  EXPECT_EQ(
      MultipartParser::boundary_of("multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW"),
      "----WebKitFormBoundary7MA4YWxkTrZu0gW");
  EXPECT_EQ(MultipartParser::boundary_of("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/mixed; boundary=x"));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data"));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary="));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=" + std::string(201, 'x')));
  EXPECT_FALSE(MultipartParser::boundary_of("multipart/form-data; boundary=\"a\rb\""));
}

}  // namespace
}  // namespace netmeter::http
