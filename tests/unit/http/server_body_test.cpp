// Request bodies through the server: raw and multipart uploads streamed to disk, 100-continue, early
// rejection.

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "http/server.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

using namespace std::chrono_literals;

constexpr size_t kUploadBytes = 50 << 20;

// Deterministic content that also contains near-delimiters for the multipart parser.
std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i)
    out[i] = static_cast<char>((i * 131 + (i >> 12)) & 0xff);
  for (size_t i = 1000; i + 16 < size; i += 100000)
    std::memcpy(&out[i], "\r\n--BOUNDAR\r\n--", 15);
  return out;
}

// Compares a file with pattern() in pieces; returns the first mismatch offset or -1.
int64_t compare_with_pattern(const std::string& path, const std::string& expected) {
  std::ifstream in(path, std::ios::binary);
  std::vector<char> buf(1 << 20);
  size_t offset = 0;
  while (in) {
    in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
    size_t n = static_cast<size_t>(in.gcount());
    if (offset + n > expected.size() || std::memcmp(buf.data(), expected.data() + offset, n) != 0) {
      return static_cast<int64_t>(offset);
    }
    offset += n;
  }
  return offset == expected.size() ? -1 : static_cast<int64_t>(offset);
}

TEST(ServerBody, RawUploadIsStreamedToDisk) {
  TempDir dir;
  const std::string data = pattern(kUploadBytes);
  std::string kept_path;
  std::chrono::steady_clock::time_point received_at;
  RunningServer s;
  s.handler.policy = [&](const RequestHead&) { return BodyPolicy::to_file(dir.path(), 100 << 20); };
  s.handler.on_request = [&](Request& r) {
    received_at = std::chrono::steady_clock::now();
    if (!r.body_file || !r.body.empty()) return Response(500, "text/plain", "no body file");
    int64_t mismatch = compare_with_pattern(r.body_file->path, data);
    kept_path = r.body_file->path;
    return Response(200, "text/plain", std::to_string(r.body_file->size) + " " + std::to_string(mismatch));
  };
  s.start();
  auto c = TestClient::connect(s.port());
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c->write(
      "PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: " +
      std::to_string(data.size()) + "\r\n\r\n"));
  ASSERT_TRUE(c->write(data));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, std::to_string(kUploadBytes) + " -1");
  double secs = std::chrono::duration<double>(received_at - start).count();
  std::printf("[ measure  ] raw upload of %zu MB on disk after %.2f s: %.0f MB/s\n", kUploadBytes >> 20, secs,
              (kUploadBytes >> 20) / secs);
  EXPECT_FALSE(std::filesystem::exists(kept_path)) << "the server removes body files the handler left";
}

TEST(ServerBody, MultipartUploadIsStreamedToDisk) {
  TempDir dir, keep;
  const std::string data = pattern(kUploadBytes);
  std::chrono::steady_clock::time_point received_at;
  RunningServer s;
  s.handler.policy = [&](const RequestHead&) { return BodyPolicy::to_file(dir.path(), 100 << 20); };
  s.handler.on_request = [&](Request& r) {
    received_at = std::chrono::steady_clock::now();
    if (r.files.size() != 1 || r.form_fields.size() != 1) return Response(500, "text/plain", "parts missing");
    const UploadedFile& f = r.files[0];
    int64_t mismatch = compare_with_pattern(f.path, data);
    // The handler keeps the file by moving it.
    std::filesystem::rename(f.path, keep.path() + "/kept.pcap");
    return Response(200, "text/plain",
                    r.form_fields[0].name + "=" + r.form_fields[0].value + " " + f.field_name + " " +
                        f.file_name + " " + f.content_type + " " + std::to_string(f.size) + " " +
                        std::to_string(mismatch));
  };
  s.start();
  auto c = TestClient::connect(s.port());
  std::string head =
      "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
      "Content-Type: multipart/form-data; boundary=BOUNDARY\r\n\r\n";
  std::string before =
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"ifid\"\r\n\r\n7\r\n"
      "--BOUNDARY\r\nContent-Disposition: form-data; name=\"pcap\"; filename=\"C:\\caps\\..\\trace "
      "<1>.pcap\"\r\n"
      "Content-Type: application/vnd.tcpdump.pcap\r\n\r\n";
  std::string after = "\r\n--BOUNDARY--\r\n";
  auto chunk = [](std::string_view bytes) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", bytes.size());
    return std::string(size) + std::string(bytes) + "\r\n";
  };
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(c->write(head + chunk(before)));
  for (size_t pos = 0; pos < data.size(); pos += 1000003) {
    ASSERT_TRUE(c->write(chunk(std::string_view(data).substr(pos, 1000003))));
  }
  ASSERT_TRUE(c->write(chunk(after) + "0\r\n\r\n"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  double secs = std::chrono::duration<double>(received_at - start).count();
  EXPECT_EQ(r->body, "ifid=7 pcap trace _1_.pcap application/vnd.tcpdump.pcap " +
                         std::to_string(kUploadBytes) + " -1");
  EXPECT_TRUE(std::filesystem::exists(keep.path() + "/kept.pcap"));
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
  std::printf("[ measure  ] multipart chunked upload of %zu MB on disk after %.2f s: %.0f MB/s\n",
              kUploadBytes >> 20, secs, (kUploadBytes >> 20) / secs);
}

TEST(ServerBody, MalformedMultipartIs400AndLeavesNoFiles) {
  TempDir dir;
  RunningServer s;
  s.handler.policy = [&](const RequestHead&) { return BodyPolicy::to_file(dir.path(), 1 << 20); };
  s.start();
  auto c = TestClient::connect(s.port());
  std::string body = "--B\r\nContent-Disposition: form-data; name=f; filename=x\r\n\r\nsome bytes, no end";
  ASSERT_TRUE(c->write(request_text("POST", "/", "Content-Type: multipart/form-data; boundary=B\r\n", body)));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 400);
  EXPECT_NE(r->body.find("closing delimiter"), std::string::npos);
  EXPECT_TRUE(std::filesystem::is_empty(dir.path()));
}

TEST(ServerBody, ExpectContinue) {
  RunningServer s;
  s.handler.on_request = [](Request& r) { return Response(200, "text/plain", r.body); };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n"));
  auto interim = c->read_head();
  ASSERT_TRUE(interim);
  EXPECT_EQ(*interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(c->write("hello"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "hello");

  // Too large: the final answer comes instead of 100 Continue.
  ASSERT_TRUE(
      c->write("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 9999999\r\n\r\n"));
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
}

TEST(ServerBody, PolicyCanRejectBeforeTheBody) {
  RunningServer s;
  int handled = 0;
  s.handler.policy = [](const RequestHead& h) {
    if (h.header("Authorization")) return BodyPolicy::in_memory();
    Response r(401, "application/json", "{\"error\":\"auth\"}");
    r.set_header("WWW-Authenticate", "Basic realm=\"netmeter\"");
    return BodyPolicy::rejected(std::move(r));
  };
  s.handler.on_request = [&](Request&) {
    ++handled;
    return Response(200);
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\nstart of a big body"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 401);
  EXPECT_EQ(r->header("www-authenticate"), "Basic realm=\"netmeter\"");
  EXPECT_EQ(r->header("connection"), "close");
  EXPECT_TRUE(c->closed_by_peer());

  c = TestClient::connect(s.port());  // without a body the connection stays usable
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  EXPECT_EQ(c->read_response()->status, 401);
  ASSERT_TRUE(c->write(request_text("GET", "/", "Authorization: Basic eDp5\r\n")));
  EXPECT_EQ(c->read_response()->status, 200);
  EXPECT_EQ(handled, 1);
}

TEST(ServerBody, UploadDirectoryProblemsAre500) {
  RunningServer s;
  s.handler.policy = [](const RequestHead&) {
    return BodyPolicy::to_file("/nonexistent/netmeter-test", 100);
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("POST", "/", "", "data")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 500);
  EXPECT_EQ(r->body.find("nonexistent"), std::string::npos) << "no server paths in answers";
}

}  // namespace
}  // namespace netmeter::http::testing
