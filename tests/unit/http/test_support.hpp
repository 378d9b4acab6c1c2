#pragma once

// Shared by the server tests: a handler made of lambdas, a temporary directory, a started server.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "http/handler.hpp"
#include "http/server.hpp"

namespace netmeter::http::testing {

class FunctionHandler : public Handler {
 public:
  std::function<BodyPolicy(const RequestHead&)> policy;
  std::function<Response(Request&)> on_request;
  bool json_errors = false;

  BodyPolicy body_policy(const RequestHead& head) override {
    return policy ? policy(head) : Handler::body_policy(head);
  }
  Response handle(Request& request) override {
    if (on_request) return on_request(request);
    return Response(200, "text/plain", request.method + " " + request.path);
  }
  Response error_response(int status, std::string_view message, const RequestHead* head) override {
    if (!json_errors) return Handler::error_response(status, message, head);
    return Response(
        status, "application/json",
        "{\"status\":" + std::to_string(status) + ",\"message\":\"" + std::string(message) + "\"}");
  }
};

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "netmeter-http-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

/// A server on 127.0.0.1, port 0, plain unless the config says otherwise. Set up `handler`, then start().
class RunningServer {
 public:
  void start(const std::function<void(ServerConfig&)>& adjust = {}) {
    ServerConfig config;
    config.endpoints.push_back({"127.0.0.1", 0, false});
    config.log = [](LogLevel, std::string_view) {};
    if (adjust) adjust(config);
    server_ = std::make_unique<Server>(std::move(config), handler);
    ASSERT_EQ(server_->start(), "");
  }
  uint16_t port(size_t index = 0) const { return server_->bound_port(index); }
  Server& server() { return *server_; }

  FunctionHandler handler;

 private:
  std::unique_ptr<Server> server_;
};

}  // namespace netmeter::http::testing
