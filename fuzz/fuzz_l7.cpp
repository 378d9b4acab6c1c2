// fuzz_l7: arbitrary bytes as an L4 payload through every application-layer parser of src/l7 (DNS over
// UDP and TCP, DHCP, HTTP/1.x, TLS hellos), as the statistics modules call them per packet.
//
// Input: the payload, given whole to each parser. Besides the sanitizers, the checks are the promises the
// parsers make: text fields are printable ASCII within their buffers, names are lower-cased, counts stay
// within their arrays, and results agree with the cheap per-packet pre-checks.

#include <cstddef>
#include <cstdint>
#include <span>

#include "fuzz_support.hpp"
#include "l7/dhcp_parser.hpp"
#include "l7/dns_parser.hpp"
#include "l7/http_parser.hpp"
#include "l7/tls_parser.hpp"

using namespace netmeter;

namespace {

template <size_t N>
void check_text(const l7::BoundedText<N>& text, bool lower = false) {
  NETMETER_FUZZ_CHECK(text.length <= N);
  for (char c : text.view()) {
    NETMETER_FUZZ_CHECK(c >= 0x20 && c < 0x7F);
    if (lower) NETMETER_FUZZ_CHECK(!(c >= 'A' && c <= 'Z'));
  }
}

void check_dns(const std::optional<l7::DnsMessage>& m, size_t size) {
  if (!m) return;
  NETMETER_FUZZ_CHECK(size >= 12);
  check_text(m->question.name, true);
  NETMETER_FUZZ_CHECK(m->question.name.length <= 253);  // 255 bytes on the wire
  NETMETER_FUZZ_CHECK(!m->has_question || !m->question.name.empty());
  NETMETER_FUZZ_CHECK(m->address_count <= l7::DnsMessage::kMaxAddresses);
  NETMETER_FUZZ_CHECK(m->address_count <= m->address_records);
  NETMETER_FUZZ_CHECK(m->answers_read <= m->header.ancount);
  NETMETER_FUZZ_CHECK(m->address_records + m->cname_count <= m->answers_read);
  for (const l7::DnsAddressRecord& a : m->address_list()) {
    check_text(a.owner, true);
    NETMETER_FUZZ_CHECK(!a.owner.empty());
    NETMETER_FUZZ_CHECK(a.address.is_v4() || a.address.is_v6());
  }
  // All the answers were read only when the message was whole.
  if (m->status == l7::ParseStatus::Ok) NETMETER_FUZZ_CHECK(m->answers_read == m->header.ancount);
}

void check_dhcp(const std::optional<l7::DhcpMessage>& m) {
  if (!m) return;
  NETMETER_FUZZ_CHECK(m->op == 1 || m->op == 2);
  check_text(m->host_name);
  check_text(m->vendor_class);
  NETMETER_FUZZ_CHECK(m->overload <= 3);
  NETMETER_FUZZ_CHECK(m->has_magic_cookie || m->message_type == l7::DhcpMessageType::None);
  NETMETER_FUZZ_CHECK(!m->requested_ip || m->requested_ip->is_v4());
  NETMETER_FUZZ_CHECK(!m->server_id || m->server_id->is_v4());
}

void check_http(const std::optional<l7::HttpMessage>& m, bool looks_like) {
  if (!m) return;
  check_text(m->uri);
  check_text(m->host, true);
  check_text(m->user_agent);
  check_text(m->content_type);
  check_text(m->server);
  if (m->kind == l7::HttpMessageKind::Response) {
    NETMETER_FUZZ_CHECK(m->status_code >= 100 && m->status_code <= 599);
    NETMETER_FUZZ_CHECK(looks_like);
  } else {
    NETMETER_FUZZ_CHECK(m->status_code == 0);
    // A known method is what the pre-check looks for; other methods need a whole request line.
    NETMETER_FUZZ_CHECK(looks_like || m->method == l7::HttpMethod::Other);
    NETMETER_FUZZ_CHECK(m->method != l7::HttpMethod::Other ||
                        (m->start_line_complete && m->version_major == 1));
  }
  NETMETER_FUZZ_CHECK(!m->headers_complete || m->start_line_complete);
}

void check_tls(const std::optional<l7::TlsHandshake>& m, bool looks_like) {
  if (!m) return;
  NETMETER_FUZZ_CHECK(looks_like);
  check_text(m->server_name, true);
  check_text(m->alpn);
  bool hello = m->type == l7::TlsHandshakeType::ClientHello || m->type == l7::TlsHandshakeType::ServerHello;
  if (!hello) NETMETER_FUZZ_CHECK(m->version == 0 && m->server_name.empty() && m->alpn.empty());
  if (m->type != l7::TlsHandshakeType::ClientHello) NETMETER_FUZZ_CHECK(m->cipher_suite_count == 0);
  NETMETER_FUZZ_CHECK(m->has_supported_versions || m->version == m->legacy_version);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::span<const uint8_t> payload(data, size);
  check_dns(l7::parse_dns(payload), size);
  check_dns(l7::parse_dns_tcp(payload), size >= 2 ? size - 2 : 0);
  check_dhcp(l7::parse_dhcp(payload));
  check_http(l7::parse_http(payload), l7::looks_like_http(payload));
  check_tls(l7::parse_tls_handshake(payload), l7::looks_like_tls_handshake(payload));
  return 0;
}
