// Response bodies: streams with back-pressure, chunked and Content-Length framing, gzip.

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <thread>

#include "http/server.hpp"
#include "http/tls_identity.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

using namespace std::chrono_literals;

// Bytes of a generated body: byte i is a function of i, so any piece can be checked on its own.
char byte_at(uint64_t i) {
  return static_cast<char>((i % 251) ^ (i >> 16));
}

class GeneratedSource : public BodySource {
 public:
  GeneratedSource(uint64_t total, bool announce, std::atomic<uint64_t>* pulled = nullptr)
      : total_(total), announce_(announce), pulled_(pulled) {}
  Pull pull(std::span<char> buffer) override {
    size_t n = static_cast<size_t>(std::min<uint64_t>(buffer.size(), total_ - offset_));
    for (size_t i = 0; i < n; ++i)
      buffer[i] = byte_at(offset_ + i);
    offset_ += n;
    if (pulled_) pulled_->store(offset_);
    return n > 0 ? Pull::data(n) : Pull::end();
  }
  std::optional<uint64_t> size() const override {
    return announce_ ? std::optional<uint64_t>(total_) : std::nullopt;
  }

 private:
  uint64_t total_;
  bool announce_;
  std::atomic<uint64_t>* pulled_;
  uint64_t offset_ = 0;
};

class TextSource : public BodySource {
 public:
  explicit TextSource(int rows, bool fail_at_end = false) : rows_(rows), fail_at_end_(fail_at_end) {}
  Pull pull(std::span<char> buffer) override {
    size_t n = 0;
    while (row_ < rows_) {
      std::string line = std::to_string(row_) + ",10.0.0." + std::to_string(row_ % 256) + ",tcp,443," +
                         std::to_string(row_ * 1500) + "\n";
      if (n + line.size() > buffer.size()) break;
      std::memcpy(buffer.data() + n, line.data(), line.size());
      n += line.size();
      ++row_;
    }
    if (n > 0) return Pull::data(n);
    return fail_at_end_ ? Pull::failed() : Pull::end();
  }

  static std::string expected(int rows) {
    std::string all;
    for (int i = 0; i < rows; ++i) {
      all += std::to_string(i) + ",10.0.0." + std::to_string(i % 256) + ",tcp,443," +
             std::to_string(i * 1500) + "\n";
    }
    return all;
  }

 private:
  int rows_;
  bool fail_at_end_;
  int row_ = 0;
};

uint64_t rss_bytes() {
  std::ifstream statm("/proc/self/statm");
  uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<uint64_t>(sysconf(_SC_PAGESIZE));
}

TEST(ServerStream, SlowClientKeepsServerMemoryFlat) {
  constexpr uint64_t kTotal = 200ull << 20;
  std::atomic<uint64_t> pulled{0};
  RunningServer s;
  s.handler.on_request = [&](Request&) {
    Response r(200, "application/vnd.tcpdump.pcap", "");
    r.stream = std::make_unique<GeneratedSource>(kTotal, false, &pulled);
    return r;
  };
  s.start();
  ClientOptions options;
  options.receive_buffer = 64 * 1024;
  auto c = TestClient::connect(s.port(), options);
  ASSERT_TRUE(c);
  uint64_t rss_before = rss_bytes();
  ASSERT_TRUE(c->write(request_text("GET", "/capture.pcap", "Accept-Encoding: gzip\r\n")));
  auto head = c->read_head();
  ASSERT_TRUE(head);
  EXPECT_NE(head->find("Transfer-Encoding: chunked"), std::string::npos) << *head;
  EXPECT_EQ(head->find("Content-Encoding"), std::string::npos) << "pcap is not compressed";

  // De-chunk and verify by hand while reading slowly: a pause after every 2 MiB.
  uint64_t received = 0, max_ahead = 0, rss_peak = 0, next_pause = 2 << 20;
  std::string& buf = c->pending();
  bool done = false;
  auto start = std::chrono::steady_clock::now();
  while (!done) {
    size_t eol;
    while ((eol = buf.find("\r\n")) == std::string::npos) {
      ASSERT_TRUE(c->receive());
    }
    size_t size = std::stoul(buf.substr(0, eol), nullptr, 16);
    buf.erase(0, eol + 2);
    while (buf.size() < size + 2) {
      ASSERT_TRUE(c->receive());
    }
    for (size_t i = 0; i < size; i += 4099)
      ASSERT_EQ(buf[i], byte_at(received + i)) << received + i;
    received += size;
    buf.erase(0, size + 2);
    done = size == 0;
    max_ahead = std::max(max_ahead, pulled.load() - received);
    if (received >= next_pause) {
      next_pause += 2 << 20;
      rss_peak = std::max(rss_peak, rss_bytes());
      std::this_thread::sleep_for(2ms);
    }
  }
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_EQ(received, kTotal);
  ServerStats stats = s.server().stats();
  std::printf(
      "[ measure  ] 200 MB slow download: %.2f s; RSS before %.1f MB, peak %.1f MB (+%.1f MB); server held "
      "at most "
      "%llu bytes; producer ahead of the client by at most %.2f MB\n",
      secs, rss_before / 1048576.0, rss_peak / 1048576.0, (double(rss_peak) - double(rss_before)) / 1048576.0,
      static_cast<unsigned long long>(stats.response_bytes_buffered_peak), max_ahead / 1048576.0);
  EXPECT_LE(stats.response_bytes_buffered_peak, 64u * 1024);
  EXPECT_EQ(stats.response_bytes_buffered, 0u);
  EXPECT_LT(max_ahead, 16ull << 20) << "only socket buffers and one piece lie between producer and client";
  EXPECT_LT(rss_peak, rss_before + (32ull << 20));
}

TEST(ServerStream, KnownSizeIsSentWithContentLength) {
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "application/octet-stream", "");
    r.stream = std::make_unique<GeneratedSource>(300000, true);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/") + request_text("HEAD", "/")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->chunked);
  EXPECT_EQ(r->header("content-length"), "300000");
  ASSERT_EQ(r->body.size(), 300000u);
  for (size_t i = 0; i < r->body.size(); ++i)
    ASSERT_EQ(r->body[i], byte_at(i));
  auto head = c->read_response(true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->header("content-length"), "300000");
  ASSERT_TRUE(c->write(request_text("GET", "/")));  // nothing of a body followed the HEAD answer
  EXPECT_EQ(c->read_response()->body.size(), 300000u);
}

TEST(ServerStream, GzipOnTheFlyForAStream) {
  static constexpr int kRows = 400000;  // ~14 MB of CSV
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "text/csv", "");
    r.stream = std::make_unique<TextSource>(kRows);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/flows.csv", "Accept-Encoding: deflate, gzip\r\n")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->chunked);
  EXPECT_EQ(r->header("content-encoding"), "gzip");
  EXPECT_EQ(r->header("vary"), "Accept-Encoding");
  std::string expected = TextSource::expected(kRows);
  auto plain = gunzip(r->body);
  ASSERT_TRUE(plain);
  EXPECT_EQ(*plain, expected);
  std::printf("[ measure  ] gzip stream: %zu bytes of CSV sent as %zu\n", expected.size(), r->body.size());

  ASSERT_TRUE(c->write(request_text("GET", "/flows.csv")));  // no Accept-Encoding: plain
  r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->header("content-encoding"));
  EXPECT_EQ(r->header("vary"), "Accept-Encoding");
  EXPECT_EQ(r->body, expected);
}

TEST(ServerStream, GzipForInMemoryBodies) {
  std::string json = "[";
  for (int i = 0; i < 500; ++i)
    json += "{\"ip\":\"10.0.0." + std::to_string(i % 256) + "\",\"bytes\":" + std::to_string(i) + "},";
  json.back() = ']';
  RunningServer s;
  s.handler.on_request = [&](Request& r) {
    if (r.path == "/small") return Response(200, "application/json", "{}");
    if (r.path == "/pcap") return Response(200, "application/vnd.tcpdump.pcap", json);
    Response res(200, "application/json", json);
    res.set_header("Vary", "Origin");
    return res;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/json", "Accept-Encoding: gzip\r\n")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-encoding"), "gzip");
  EXPECT_EQ(r->header("vary"), "Origin, Accept-Encoding");
  EXPECT_EQ(std::stoul(*r->header("content-length")), r->body.size());
  EXPECT_LT(r->body.size(), json.size() / 3);
  EXPECT_EQ(gunzip(r->body), json);

  ASSERT_TRUE(c->write(request_text("GET", "/small", "Accept-Encoding: gzip\r\n")));
  r = c->read_response();
  EXPECT_FALSE(r->header("content-encoding"));
  EXPECT_EQ(r->body, "{}");

  ASSERT_TRUE(c->write(request_text("GET", "/pcap", "Accept-Encoding: gzip\r\n")));
  r = c->read_response();
  EXPECT_FALSE(r->header("content-encoding"));
  EXPECT_FALSE(r->header("vary"));
  EXPECT_EQ(r->body, json);

  ASSERT_TRUE(c->write(request_text("GET", "/json", "Accept-Encoding: gzip;q=0\r\n")));
  r = c->read_response();
  EXPECT_FALSE(r->header("content-encoding"));
  EXPECT_EQ(r->body, json);
}

TEST(ServerStream, FailedSourceAbortsTheConnection) {
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "text/csv", "");
    r.stream = std::make_unique<TextSource>(1000, true);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  EXPECT_FALSE(c->read_response()) << "no terminating chunk: the client sees the truncation";
}

TEST(ServerStream, ShortKnownSizeAbortsTheConnection) {
  class Liar : public GeneratedSource {
   public:
    Liar() : GeneratedSource(1000, false) {}
    std::optional<uint64_t> size() const override { return 5000; }
  };
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "application/octet-stream", "");
    r.stream = std::make_unique<Liar>();
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  EXPECT_FALSE(c->read_response());
}

TEST(ServerStream, Http10StreamEndsWithTheConnection) {
  RunningServer s;
  s.handler.on_request = [](Request&) {
    Response r(200, "text/csv", "");
    r.stream = std::make_unique<TextSource>(1000);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_FALSE(r->header("transfer-encoding"));
  EXPECT_FALSE(r->header("content-length"));
  EXPECT_EQ(r->body, TextSource::expected(1000));
}

// A source fed by another thread: pending while empty, woken by the producer through its Waker.
class FedSource : public BodySource {
 public:
  struct Shared {
    std::mutex mutex;
    std::string queued;
    bool ended = false;
    Waker waker;
    std::atomic<int> pulls{0};
    std::atomic<bool> destroyed{false};

    void feed(std::string bytes, bool end = false) {
      Waker w;
      {
        std::lock_guard lock(mutex);
        queued += bytes;
        ended = ended || end;
        w = waker;
      }
      w.wake();
    }
  };

  FedSource(std::shared_ptr<Shared> shared, std::chrono::milliseconds retry)
      : shared_(std::move(shared)), retry_(retry) {}
  ~FedSource() override { shared_->destroyed = true; }
  void set_waker(Waker waker) override {
    std::lock_guard lock(shared_->mutex);
    shared_->waker = std::move(waker);
  }
  Pull pull(std::span<char> buffer) override {
    ++shared_->pulls;
    std::lock_guard lock(shared_->mutex);
    if (!shared_->queued.empty()) {
      size_t n = std::min(buffer.size(), shared_->queued.size());
      std::memcpy(buffer.data(), shared_->queued.data(), n);
      shared_->queued.erase(0, n);
      return Pull::data(n);
    }
    return shared_->ended ? Pull::end() : Pull::pending(retry_);
  }

 private:
  std::shared_ptr<Shared> shared_;
  std::chrono::milliseconds retry_;
};

TEST(ServerStream, WaitingStreamsHoldNoThread) {
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request& r) {
    if (r.path != "/stream") return Response(200, "text/plain", "pong");
    Response res(200, "text/plain", "");
    res.stream = std::make_unique<FedSource>(std::make_shared<FedSource::Shared>(), 60'000ms);
    return res;
  };
  s.start([](ServerConfig& c) { c.threads = 1; });
  std::vector<std::unique_ptr<TestClient>> waiting;
  for (int i = 0; i < 50; ++i) {
    waiting.push_back(TestClient::connect(s.port()));
    ASSERT_TRUE(waiting.back()->write(request_text("GET", "/stream")));
    ASSERT_TRUE(waiting.back()->read_head());
  }
  auto c = TestClient::connect(s.port());  // the one server thread still answers
  ASSERT_TRUE(c->write(request_text("GET", "/ping")));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "pong");
}

TEST(ServerStream, TheWakerResumesAWaitingStream) {
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) {
    Response r(200, "text/plain", "");
    r.stream = std::make_unique<FedSource>(shared, 60'000ms);  // only a wake can resume it in time
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  ASSERT_TRUE(c->read_head());
  std::thread producer([&] {
    for (int i = 0; i < 5; ++i) {
      std::this_thread::sleep_for(20ms);
      shared->feed("piece" + std::to_string(i) + ";", i == 4);
    }
  });
  std::string body;
  std::string& buf = c->pending();
  while (body.find("piece4;") == std::string::npos) {
    ASSERT_TRUE(c->receive()) << "the stream was not resumed by its waker";
    for (size_t eol; (eol = buf.find("\r\n")) != std::string::npos;) {
      size_t size = std::stoul(buf.substr(0, eol), nullptr, 16);
      if (buf.size() < eol + 2 + size + 2) break;
      body += buf.substr(eol + 2, size);
      buf.erase(0, eol + 2 + size + 2);
    }
  }
  producer.join();
  EXPECT_EQ(body, "piece0;piece1;piece2;piece3;piece4;");
}

TEST(ServerStream, TheRetryTimeResumesAStreamWithoutWaker) {
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) {
    Response r(200, "text/plain", "");
    r.stream = std::make_unique<FedSource>(shared, 10ms);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  while (shared->pulls < 5)
    std::this_thread::sleep_for(5ms);
  {
    std::lock_guard lock(shared->mutex);  // no wake: the source is looked at again on its own
    shared->queued = "late";
    shared->ended = true;
  }
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->body, "late");
}

TEST(ServerStream, AClientThatLeavesReleasesItsWaitingStreamAtOnce) {
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) {
    Response r(200, "text/plain", "");
    r.stream = std::make_unique<FedSource>(shared, 60'000ms);
    return r;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  ASSERT_TRUE(c->read_head());
  c.reset();
  for (int i = 0; i < 500 && !shared->destroyed; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_TRUE(shared->destroyed) << "the source of a gone client must be released, not kept for 60 s";
  EXPECT_EQ(s.server().stats().connections_active, 0u);
}

TEST(ServerStream, APipelinedRequestDuringAWaitIsAnsweredAfterTheStream) {
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request& r) {
    if (r.path == "/next") return Response(200, "text/plain", "next");
    Response res(200, "text/plain", "");
    res.stream = std::make_unique<FedSource>(shared, 60'000ms);
    return res;
  };
  s.start();
  auto c = TestClient::connect(s.port());
  ASSERT_TRUE(c->write(request_text("GET", "/stream")));
  ASSERT_TRUE(c->read_head());
  ASSERT_TRUE(c->write(request_text("GET", "/next")));  // the client is still there: keep streaming
  std::this_thread::sleep_for(50ms);
  EXPECT_FALSE(shared->destroyed);
  shared->feed("done", true);
  c->pending() = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + c->pending();
  auto first = c->read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body, "done");
  auto second = c->read_response();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->body, "next");
}

TEST(ServerStream, TlsRecordsWithoutDataDuringAWaitDoNotHoldTheStreamBack) {
  TempDir dir;
  TlsIdentityResult identity = ensure_self_signed(dir.path() + "/tls");
  ASSERT_TRUE(identity.files) << identity.error;
  auto shared = std::make_shared<FedSource::Shared>();
  RunningServer s;
  s.handler.on_request = [&](Request&) {
    Response r(200, "text/plain", "");
    r.stream = std::make_unique<FedSource>(shared, 60'000ms);
    return r;
  };
  s.start([&](ServerConfig& c) {
    c.endpoints = {{"127.0.0.1", 0, true}};
    c.tls = *identity.files;
    c.limits.io_timeout = 200ms;  // a read that waited for application data would end the connection
  });
  ClientOptions tls;
  tls.tls = true;
  auto c = TestClient::connect(s.port(), tls);
  ASSERT_TRUE(c);
  ASSERT_TRUE(c->write(request_text("GET", "/")));
  ASSERT_TRUE(c->read_head());
  ASSERT_TRUE(c->send_key_update());  // the socket turns readable, but no request byte arrives
  std::this_thread::sleep_for(400ms);
  shared->feed("done", true);
  c->pending() = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + c->pending();
  auto r = c->read_response();
  ASSERT_TRUE(r) << "the stream was cut while the client was still there";
  EXPECT_EQ(r->body, "done");
}

}  // namespace
}  // namespace netmeter::http::testing
