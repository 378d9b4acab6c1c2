#include "test_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <cstring>

namespace netmeter::http::testing {

struct TestClient::Tls {
  SSL_CTX* ctx = nullptr;
  SSL* ssl = nullptr;
  ~Tls() {
    if (ssl) SSL_free(ssl);
    if (ctx) SSL_CTX_free(ctx);
  }
};

std::optional<std::string> ParsedResponse::header(const std::string& lower_name) const {
  auto it = headers.find(lower_name);
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::unique_ptr<TestClient> TestClient::connect(uint16_t port, const ClientOptions& options,
                                                std::string* error) {
  auto fail = [&](std::string what) -> std::unique_ptr<TestClient> {
    if (error) *error = std::move(what);
    return nullptr;
  };
  std::unique_ptr<TestClient> client(new TestClient());
  bool v6 = options.address.find(':') != std::string::npos;
  client->fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (client->fd_ < 0) return fail("socket");
  timeval tv{5, 0};  // no test waits longer than this for one read
  setsockopt(client->fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(client->fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (options.receive_buffer > 0) {
    setsockopt(client->fd_, SOL_SOCKET, SO_RCVBUF, &options.receive_buffer, sizeof options.receive_buffer);
  }
  if (!options.source_address.empty() && !v6) {
    sockaddr_in local{};
    local.sin_family = AF_INET;
    inet_pton(AF_INET, options.source_address.c_str(), &local.sin_addr);
    if (::bind(client->fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
      return fail(std::string("bind: ") + std::strerror(errno));
  }
  int rc;
  if (v6) {
    sockaddr_in6 addr{};
    addr.sin6_family = AF_INET6;
    addr.sin6_port = htons(port);
    inet_pton(AF_INET6, options.address.c_str(), &addr.sin6_addr);
    rc = ::connect(client->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  } else {
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    inet_pton(AF_INET, options.address.c_str(), &addr.sin_addr);
    rc = ::connect(client->fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  }
  if (rc != 0) return fail(std::string("connect: ") + std::strerror(errno));
  if (!options.tls) return client;

  client->tls_ = std::make_unique<Tls>();
  Tls& t = *client->tls_;
  t.ctx = SSL_CTX_new(TLS_client_method());
  if (options.max_tls_version != 0) {
    SSL_CTX_set_security_level(t.ctx, 0);  // let the old protocol be offered at all
    SSL_CTX_set_min_proto_version(t.ctx, 0);
    SSL_CTX_set_max_proto_version(t.ctx, options.max_tls_version);
  }
  if (!options.ca_file.empty()) {
    if (SSL_CTX_load_verify_locations(t.ctx, options.ca_file.c_str(), nullptr) != 1) return fail("load CA");
    SSL_CTX_set_verify(t.ctx, SSL_VERIFY_PEER, nullptr);
  }
  t.ssl = SSL_new(t.ctx);
  if (!options.verify_host.empty()) {
    X509_VERIFY_PARAM* param = SSL_get0_param(t.ssl);
    if (options.verify_host.find_first_not_of("0123456789.:") == std::string::npos) {
      X509_VERIFY_PARAM_set1_ip_asc(param, options.verify_host.c_str());
    } else {
      X509_VERIFY_PARAM_set1_host(param, options.verify_host.c_str(), 0);
      SSL_set_tlsext_host_name(t.ssl, options.verify_host.c_str());
    }
  }
  SSL_set_fd(t.ssl, client->fd_);
  if (SSL_connect(t.ssl) != 1) {
    char text[256] = "";
    ERR_error_string_n(ERR_get_error(), text, sizeof text);
    ERR_clear_error();
    return fail(std::string("TLS handshake: ") + text);
  }
  return client;
}

TestClient::~TestClient() {
  tls_.reset();
  if (fd_ >= 0) ::close(fd_);
}

bool TestClient::write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n =
        tls_ ? SSL_write(tls_->ssl, bytes.data(), static_cast<int>(std::min<size_t>(bytes.size(), 1 << 30)))
             : ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0) {
      if (!tls_ && n < 0 && errno == EINTR) continue;
      return false;
    }
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

bool TestClient::fill(size_t max) {
  size_t old = buffer_.size();
  buffer_.resize(old + max);
  ssize_t n = tls_ ? SSL_read(tls_->ssl, buffer_.data() + old, static_cast<int>(max))
                   : ::recv(fd_, buffer_.data() + old, max, 0);
  buffer_.resize(old + (n > 0 ? static_cast<size_t>(n) : 0));
  return n > 0;
}

std::string TestClient::read_some(size_t max) {
  if (buffer_.empty()) fill(max);
  std::string out = buffer_.substr(0, std::min(max, buffer_.size()));
  buffer_.erase(0, out.size());
  return out;
}

std::optional<std::string> TestClient::read_head() {
  size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  std::string head = buffer_.substr(0, end + 4);
  buffer_.erase(0, end + 4);
  return head;
}

std::optional<ParsedResponse> TestClient::read_response(bool head_request) {
  auto head = read_head();
  if (!head) return std::nullopt;
  ParsedResponse r;
  size_t eol = head->find("\r\n");
  r.status_line = head->substr(0, eol);
  if (r.status_line.size() >= 12) r.status = std::stoi(r.status_line.substr(9, 3));
  size_t pos = eol + 2;
  while (pos < head->size()) {
    size_t next = head->find("\r\n", pos);
    std::string line = head->substr(pos, next - pos);
    pos = next + 2;
    if (line.empty()) break;
    size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    for (char& c : name)
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    r.headers.emplace(name, value);
  }
  if (head_request || r.status == 204 || r.status == 304 || r.status / 100 == 1) return r;
  if (auto te = r.header("transfer-encoding"); te && te->find("chunked") != std::string::npos) {
    r.chunked = true;
    for (;;) {
      size_t line_end;
      while ((line_end = buffer_.find("\r\n")) == std::string::npos) {
        if (!fill()) return std::nullopt;
      }
      size_t size = std::stoul(buffer_.substr(0, line_end), nullptr, 16);
      buffer_.erase(0, line_end + 2);
      while (buffer_.size() < size + 2) {
        if (!fill()) return std::nullopt;
      }
      r.body.append(buffer_, 0, size);
      buffer_.erase(0, size + 2);
      if (size == 0) return r;
    }
  }
  if (auto length = r.header("content-length")) {
    size_t size = std::stoul(*length);
    while (buffer_.size() < size) {
      if (!fill()) return std::nullopt;
    }
    r.body = buffer_.substr(0, size);
    buffer_.erase(0, size);
    return r;
  }
  while (fill()) {
  }
  r.body = std::move(buffer_);
  buffer_.clear();
  return r;
}

bool TestClient::closed_by_peer(std::chrono::milliseconds wait) {
  auto deadline = std::chrono::steady_clock::now() + wait;
  while (std::chrono::steady_clock::now() < deadline) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, 50) <= 0) continue;
    char byte;
    ssize_t n = tls_ ? SSL_read(tls_->ssl, &byte, 1) : ::recv(fd_, &byte, 1, 0);
    if (n <= 0) return true;
    buffer_.push_back(byte);
  }
  return false;
}

void TestClient::shutdown_write() {
  ::shutdown(fd_, SHUT_WR);
}

bool TestClient::send_key_update() {
  if (!tls_ || SSL_version(tls_->ssl) != TLS1_3_VERSION) return false;
  return SSL_key_update(tls_->ssl, SSL_KEY_UPDATE_NOT_REQUESTED) == 1 && SSL_do_handshake(tls_->ssl) == 1;
}

std::string request_text(std::string_view method, std::string_view target, std::string_view extra_headers,
                         std::string_view body) {
  std::string text = std::string(method) + " " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\n";
  text += extra_headers;
  if (!body.empty()) text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  text += "\r\n";
  text += body;
  return text;
}

std::optional<std::string> gunzip(std::string_view data) {
  z_stream zs{};
  if (inflateInit2(&zs, 15 + 16) != Z_OK) return std::nullopt;
  std::string out;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  zs.avail_in = static_cast<uInt>(data.size());
  int rc = Z_OK;
  char buf[65536];
  while (rc == Z_OK) {
    zs.next_out = reinterpret_cast<Bytef*>(buf);
    zs.avail_out = sizeof buf;
    rc = inflate(&zs, Z_NO_FLUSH);
    out.append(buf, sizeof buf - zs.avail_out);
    if (rc == Z_BUF_ERROR && zs.avail_in == 0) break;
  }
  inflateEnd(&zs);
  if (rc != Z_STREAM_END) return std::nullopt;
  return out;
}

}  // namespace netmeter::http::testing
