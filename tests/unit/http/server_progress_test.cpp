// BodyPolicy::progress: the server reports a body file while it grows (raw body, or the first file part
// of a multipart body), completes it once the file is whole, and aborts it on every other end: the
// connection lost, the body refused, no file part.

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <thread>

#include "core/growing_file.hpp"
#include "http/server.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

using namespace std::chrono_literals;
using State = core::GrowingFile::State;

constexpr auto kBound = 20s;  // an upper bound for what must happen, never a measured time

std::string pattern(size_t size) {
  std::string out(size, '\0');
  for (size_t i = 0; i < size; ++i)
    out[i] = static_cast<char>((i * 7 + (i >> 9)) & 0xff);
  return out;
}

// Waits until `done(snapshot)` or the bound; returns the last snapshot.
template <typename Done>
core::GrowingFile::Snapshot wait_until(core::GrowingFile& file, Done done) {
  auto deadline = std::chrono::steady_clock::now() + kBound;
  auto snap = file.snapshot();
  while (!done(snap) && std::chrono::steady_clock::now() < deadline) {
    file.wait_beyond(snap.bytes, 50ms);
    snap = file.snapshot();
  }
  return snap;
}

std::string read_all(const core::GrowingFile& file, uint64_t bytes) {
  std::string out(bytes, '\0');
  uint64_t at = 0;
  while (at < bytes) {
    long n = file.read_at(at, out.data() + at, bytes - at);
    if (n <= 0) break;
    at += static_cast<uint64_t>(n);
  }
  out.resize(at);
  return out;
}

struct Fixture {
  TempDir dir;
  RunningServer server;
  std::shared_ptr<core::GrowingFile> progress = std::make_shared<core::GrowingFile>();
  uint64_t max_bytes = 64 << 20;

  void start() {
    server.handler.policy = [this](const RequestHead&) {
      BodyPolicy p = BodyPolicy::to_file(dir.path(), max_bytes);
      p.progress = progress;
      return p;
    };
    server.start();
  }
};

TEST(ServerProgress, RawBodyIsReportedWhileItArrives) {
  Fixture f;
  f.start();
  const std::string data = pattern(3 << 20);
  const size_t half = data.size() / 2;
  auto c = TestClient::connect(f.server.port());
  ASSERT_TRUE(c->write("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(data.size()) +
                       "\r\n\r\n" + data.substr(0, half)));
  auto snap = wait_until(*f.progress, [&](auto s) { return s.bytes >= half; });
  // Half is there, readable, and not more: the file is still growing.
  EXPECT_EQ(snap.state, State::growing);
  EXPECT_EQ(snap.bytes, half);
  EXPECT_FALSE(f.progress->path().empty());
  EXPECT_TRUE(read_all(*f.progress, snap.bytes) == data.substr(0, half));
  ASSERT_TRUE(c->write(data.substr(half)));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  snap = f.progress->snapshot();
  EXPECT_EQ(snap.state, State::complete);
  EXPECT_EQ(snap.bytes, data.size());
  // The server removed the file the handler left; the reader's descriptor still reads it whole.
  EXPECT_TRUE(read_all(*f.progress, snap.bytes) == data);
}

TEST(ServerProgress, MultipartReportsTheFirstFilePart) {
  Fixture f;
  f.start();
  const std::string data = pattern(1 << 20);
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\nfile\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.pcap\"\r\n\r\n" +
      data +
      "\r\n--B\r\nContent-Disposition: form-data; name=\"other\"; filename=\"b.pcap\"\r\n\r\nsecond file\r\n"
      "--B--\r\n";
  auto c = TestClient::connect(f.server.port());
  ASSERT_TRUE(
      c->write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 200);
  auto snap = f.progress->snapshot();
  EXPECT_EQ(snap.state, State::complete);
  EXPECT_EQ(snap.bytes, data.size());
  EXPECT_TRUE(read_all(*f.progress, snap.bytes) == data);
}

TEST(ServerProgress, LostConnectionAborts) {
  Fixture f;
  f.start();
  const std::string data = pattern(1 << 20);
  {
    auto c = TestClient::connect(f.server.port());
    ASSERT_TRUE(c->write("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(data.size() * 2) +
                         "\r\n\r\n" + data));
    auto snap = wait_until(*f.progress, [&](auto s) { return s.bytes >= data.size(); });
    EXPECT_EQ(snap.state, State::growing);
  }  // the client goes away with half the body sent
  auto snap = wait_until(*f.progress, [](auto s) { return s.state != State::growing; });
  EXPECT_EQ(snap.state, State::aborted);
  EXPECT_FALSE(f.progress->abort_reason().empty());
}

TEST(ServerProgress, RefusedBodyAborts) {
  Fixture f;
  f.max_bytes = 1000;
  f.start();
  auto c = TestClient::connect(f.server.port());
  ASSERT_TRUE(c->write("PUT /up HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->status, 413);
  auto snap = wait_until(*f.progress, [](auto s) { return s.state == State::aborted; });
  EXPECT_EQ(snap.state, State::aborted);
  EXPECT_TRUE(f.progress->path().empty());  // no file was ever made
}

TEST(ServerProgress, MultipartWithoutFileAborts) {
  Fixture f;
  f.start();
  std::string body = "--B\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--B--\r\n";
  auto c = TestClient::connect(f.server.port());
  ASSERT_TRUE(
      c->write("POST /up HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=B\r\n"
               "Content-Length: " +
               std::to_string(body.size()) + "\r\n\r\n" + body));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  auto snap = wait_until(*f.progress, [](auto s) { return s.state == State::aborted; });
  EXPECT_EQ(snap.state, State::aborted);
}

}  // namespace
}  // namespace netmeter::http::testing
