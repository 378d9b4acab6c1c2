// The server over TLS with a certificate from ensure_self_signed.

#include <gtest/gtest.h>
#include <openssl/ssl.h>

#include <chrono>
#include <thread>

#include "http/server.hpp"
#include "http/tls_identity.hpp"
#include "test_client.hpp"
#include "test_support.hpp"

namespace netmeter::http::testing {
namespace {

class ServerTls : public ::testing::Test {
 protected:
  void SetUp() override {
    TlsIdentityResult identity = ensure_self_signed(dir_.path() + "/tls");
    ASSERT_TRUE(identity.files) << identity.error;
    files_ = *identity.files;
    server_.handler.on_request = [](Request& r) {
      Response res(200, "application/json",
                   "{\"tls\":" + std::string(r.tls ? "true" : "false") + ",\"body\":\"" + r.body + "\"}");
      return res;
    };
    server_.start([&](ServerConfig& c) {
      c.endpoints = {{"127.0.0.1", 0, true}, {"127.0.0.1", 0, false}};
      c.tls = files_;
      c.limits.handshake_timeout = std::chrono::milliseconds(300);
    });
  }

  ClientOptions verified(std::string host) const {
    ClientOptions o;
    o.tls = true;
    o.ca_file = files_.cert_file;
    o.verify_host = std::move(host);
    return o;
  }

  TempDir dir_;
  TlsFiles files_;
  RunningServer server_;
};

TEST_F(ServerTls, VerifiedHandshakeKeepAliveAndPipelining) {
  for (std::string host : {"localhost", "127.0.0.1"}) {
    std::string error;
    auto c = TestClient::connect(server_.port(0), verified(host), &error);
    ASSERT_TRUE(c) << host << ": " << error;
    ASSERT_TRUE(c->write(request_text("POST", "/", "", "one") + request_text("POST", "/", "", "two")));
    auto r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "{\"tls\":true,\"body\":\"one\"}");
    r = c->read_response();
    ASSERT_TRUE(r);
    EXPECT_EQ(r->body, "{\"tls\":true,\"body\":\"two\"}");
  }
  auto plain = TestClient::connect(server_.port(1));
  ASSERT_TRUE(plain->write(request_text("GET", "/")));
  EXPECT_EQ(plain->read_response()->body, "{\"tls\":false,\"body\":\"\"}");
}

TEST_F(ServerTls, AConnectionWithoutHandshakeIsClosedAfterTheHandshakeTimeout) {
  auto silent = TestClient::connect(server_.port(0));  // TCP only: no ClientHello
  ASSERT_TRUE(silent);
  EXPECT_TRUE(silent->closed_by_peer(std::chrono::milliseconds(3000)));
  for (int i = 0; i < 100 && server_.server().stats().connections_active > 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(server_.server().stats().connections_active, 0u);
}

TEST_F(ServerTls, RefusesTls11AndPlainHttpOnTheTlsPort) {
  ClientOptions old;
  old.tls = true;
  old.max_tls_version = TLS1_1_VERSION;
  std::string error;
  EXPECT_FALSE(TestClient::connect(server_.port(0), old, &error));
  EXPECT_FALSE(error.empty());

  auto plain = TestClient::connect(server_.port(0));
  ASSERT_TRUE(plain->write(request_text("GET", "/")));
  EXPECT_FALSE(plain->read_response());
  EXPECT_TRUE(plain->closed_by_peer());

  ClientOptions wrong = verified("other.example");
  EXPECT_FALSE(TestClient::connect(server_.port(0), wrong, &error)) << "the certificate is not for that name";
}

TEST_F(ServerTls, GzipAndLargeBodiesOverTls) {
  auto c = TestClient::connect(server_.port(0), verified("localhost"));
  ASSERT_TRUE(c);
  std::string big(300000, 'x');
  ASSERT_TRUE(c->write(request_text("POST", "/", "Accept-Encoding: gzip\r\n", big)));
  auto r = c->read_response();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(r->body), "{\"tls\":true,\"body\":\"" + big + "\"}");
}

}  // namespace
}  // namespace netmeter::http::testing
