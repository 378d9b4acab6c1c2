// E-mail endpoint: SMTP (RFC 5321) with STARTTLS when the server offers it (or TLS from the start for
// smtps://), AUTH PLAIN or LOGIN when smtp_username is set (only over TLS: a password is never sent in
// clear). One message per batch of up to 100 alerts for one recipient's address (and cc).
#include <openssl/ssl.h>

#include <boost/asio/buffer.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/ssl/host_name_verification.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/detail/base64.hpp>
#include <ctime>
#include <map>

#include "notify/alert_message.hpp"
#include "notify/io_deadline.hpp"
#include "notify/sender.hpp"
#include "notify/smtp_text.hpp"
#include "notify/url.hpp"

namespace netmeter::notify {

namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

constexpr size_t kAlertsPerMail = 100;

std::string base64(std::string_view text) {
  std::string out(boost::beast::detail::base64::encoded_size(text.size()), '\0');
  out.resize(boost::beast::detail::base64::encode(out.data(), text.data(), text.size()));
  return out;
}

/// One SMTP conversation over a stream (plain or TLS).
template <typename Stream>
class Conversation {
 public:
  explicit Conversation(Stream& stream, std::string& buffer) : stream_(stream), buffer_(buffer) {}

  /// The server's reply (all lines of a multi-line one); throws unless its code is `expected`.
  asio::awaitable<std::string> expect(int expected) {
    std::string reply;
    for (;;) {
      size_t n = co_await asio::async_read_until(stream_, asio::dynamic_buffer(buffer_, 64 * 1024), "\r\n",
                                                 asio::use_awaitable);
      std::string line = buffer_.substr(0, n);
      buffer_.erase(0, n);
      reply += line;
      if (line.size() < 4 || line[3] != '-') break;
    }
    if (smtp_reply_code(reply) != expected)
      throw std::runtime_error("SMTP server answered: " + reply.substr(0, reply.find('\r')));
    co_return reply;
  }

  asio::awaitable<std::string> command(const std::string& line, int expected) {
    std::string wire = line + "\r\n";
    co_await asio::async_write(stream_, asio::buffer(wire), asio::use_awaitable);
    co_return co_await expect(expected);
  }

 private:
  Stream& stream_;
  std::string& buffer_;
};

struct Mail {
  std::string from;
  std::vector<std::string> to;  ///< recipient, then cc
  std::string text;             ///< headers and body, dot-stuffed, CRLF lines
  std::string username;
  std::string password;
};

template <typename Stream>
asio::awaitable<void> authenticate_and_send(Conversation<Stream>& c, const std::string& ehlo,
                                            const Mail& mail, bool tls) {
  if (!mail.username.empty()) {
    if (!tls)
      throw std::runtime_error("the SMTP server offers no STARTTLS: credentials are not sent in clear");
    const SmtpAuth auth = smtp_auth_method(ehlo);
    if (auth == SmtpAuth::Plain) {
      co_await c.command("AUTH PLAIN " + base64(std::string(1, '\0') + mail.username + '\0' + mail.password),
                         235);
    } else if (auth == SmtpAuth::Login) {
      co_await c.command("AUTH LOGIN", 334);
      co_await c.command(base64(mail.username), 334);
      co_await c.command(base64(mail.password), 235);
    } else {
      throw std::runtime_error("the SMTP server offers neither AUTH PLAIN nor AUTH LOGIN");
    }
  }
  co_await c.command("MAIL FROM:<" + mail.from + ">", 250);
  for (const auto& rcpt : mail.to)
    co_await c.command("RCPT TO:<" + rcpt + ">", 250);
  co_await c.command("DATA", 354);
  co_await c.command(mail.text + ".", 250);
  co_await c.command("QUIT", 221);
}

class EmailSender final : public Sender {
 public:
  EmailSender(SmtpServer server, ParamMap params, std::chrono::milliseconds timeout)
      : server_(std::move(server)), params_(std::move(params)), timeout_(timeout) {
    if (server_.port == 0) {
      auto port = params_.find("smtp_port");
      server_.port =
          port != params_.end() ? parse_port(port->second).value_or(25) : (server_.implicit_tls ? 465 : 25);
    }
  }

  size_t max_batch() const override { return kAlertsPerMail; }

  std::optional<std::string> send(std::span<const Delivery> batch) override {
    // One message per recipient address set, in the order the alerts came.
    std::map<std::pair<std::string, std::string>, std::vector<std::string>> lines;
    for (const auto& d : batch)
      lines[{param(d.recipient_params, "email_recipient"), param(d.recipient_params, "cc")}].push_back(
          alert_text(d.alert));
    for (const auto& [who, body] : lines) {
      std::string subject = body.size() == 1 ? body.front() : std::to_string(body.size()) + " alerts";
      if (auto error = send_mail(who.first, who.second, "netmeter: " + subject, body)) return error;
    }
    return std::nullopt;
  }

  std::optional<std::string> send_test(const ParamMap& recipient) override {
    return send_mail(param(recipient, "email_recipient"), param(recipient, "cc"), "netmeter: TEST MAIL",
                     {"Email notification is working"});
  }

 private:
  static std::string param(const ParamMap& p, std::string_view name) {
    auto it = p.find(name);
    return it == p.end() ? std::string() : it->second;
  }

  std::optional<std::string> send_mail(const std::string& to, const std::string& cc,
                                       const std::string& subject, const std::vector<std::string>& body) {
    if (to.empty()) return "the recipient has no email_recipient";
    Mail mail;
    mail.from = param(params_, "email_sender");
    mail.to = {to};
    if (!cc.empty()) mail.to.push_back(cc);
    MailHeaders headers{mail.from, to, cc, subject, std::time(nullptr)};
    mail.text = smtp_message(headers, body);
    mail.username = param(params_, "smtp_username");
    mail.password = param(params_, "smtp_password");
    return run_with_deadline([&]() -> asio::awaitable<void> { return converse(mail); }, timeout_);
  }

  template <typename Tls>
  asio::awaitable<void> start_tls(Tls& tls) {
    tls.set_verify_callback(asio::ssl::host_name_verification(server_.host));
    SSL_set_tlsext_host_name(tls.native_handle(), server_.host.c_str());
    co_await tls.async_handshake(asio::ssl::stream_base::client, asio::use_awaitable);
  }

  asio::awaitable<void> converse(const Mail& mail) {
    auto executor = co_await asio::this_coro::executor;
    tcp::resolver resolver(executor);
    auto endpoints =
        co_await resolver.async_resolve(server_.host, std::to_string(server_.port), asio::use_awaitable);
    tcp::socket socket(executor);
    co_await asio::async_connect(socket, endpoints, asio::use_awaitable);
    std::string buffer;
    asio::ssl::context ctx = verifying_tls_context();
    if (server_.implicit_tls) {
      asio::ssl::stream<tcp::socket> tls(std::move(socket), ctx);
      co_await start_tls(tls);
      Conversation c(tls, buffer);
      co_await c.expect(220);
      std::string ehlo = co_await c.command("EHLO netmeter", 250);
      co_await authenticate_and_send(c, ehlo, mail, true);
      co_return;
    }
    Conversation plain(socket, buffer);
    co_await plain.expect(220);
    std::string ehlo = co_await plain.command("EHLO netmeter", 250);
    if (!smtp_offers(ehlo, "STARTTLS")) {
      co_await authenticate_and_send(plain, ehlo, mail, false);
      co_return;
    }
    co_await plain.command("STARTTLS", 220);
    buffer.clear();  // nothing read before the handshake may be trusted after it
    asio::ssl::stream<tcp::socket> tls(std::move(socket), ctx);
    co_await start_tls(tls);
    Conversation c(tls, buffer);
    ehlo = co_await c.command("EHLO netmeter", 250);
    co_await authenticate_and_send(c, ehlo, mail, true);
  }

  SmtpServer server_;
  ParamMap params_;
  std::chrono::milliseconds timeout_;
};

}  // namespace

std::unique_ptr<Sender> make_email_sender(const EndpointConfig& endpoint, std::chrono::milliseconds timeout) {
  auto server = parse_smtp_server(endpoint.params.at("smtp_server"));
  if (!server) return nullptr;
  return std::make_unique<EmailSender>(std::move(*server), endpoint.params, timeout);
}

}  // namespace netmeter::notify
