#include <cstring>

#include "l7/dhcp_parser.hpp"
#include "l7/dns_parser.hpp"
#include "l7/http_parser.hpp"
#include "l7/tls_parser.hpp"
#include "stats/module_recorders.hpp"

namespace netmeter::stats {

namespace {

/// TLS hellos are the first payload of a connection; later handshake-looking records are not parsed.
constexpr uint64_t kTlsEarlyPackets = 24;

bool is_dns_port(uint16_t p) {
  return p == 53 || p == 5353 || p == 5355;
}
bool is_dhcp_port(uint16_t p) {
  return p == 67 || p == 68;
}
bool is_zero(const core::IpAddress& a) {
  for (uint8_t b : a.bytes())
    if (b) return false;
  return true;
}

/// The event's frame: kind, time, flow, and the hosts of the flow in the roles of the message.
/// `sender_is_client` says whether the packet's sender plays the client role (a query, a request, a
/// ClientHello).
L7Event& push_event(const PacketView& v, ShardDelta& d, L7Kind kind, bool sender_is_client) {
  const flow::Flow& f = *v.flow;
  const core::Endpoint& sender = v.direction == flow::Flow::kClientToServer ? f.client() : f.server();
  const core::Endpoint& receiver = v.direction == flow::Flow::kClientToServer ? f.server() : f.client();
  // emplace_back keeps the vector's capacity across seconds: it grows only while the delta warms up.
  L7Event& e = d.events.emplace_back();
  e.kind = kind;
  e.ts_ns = v.pkt.ts.ns;
  e.flow_id = f.id;
  e.client = {sender_is_client ? sender.ip : receiver.ip, f.key.vlan};
  e.server = {sender_is_client ? receiver.ip : sender.ip, f.key.vlan};
  return e;
}

template <size_t N>
void set_name(L7Event& e, const l7::BoundedText<N>& text) {
  e.set_name(text.view());
  if (text.truncated || text.length > L7Event::kMaxName) e.flags |= L7Event::kNameTruncated;
}

void record_dns(const PacketView& v, ShardDelta& d, bool tcp) {
  auto msg = tcp ? l7::parse_dns_tcp(v.payload) : l7::parse_dns(v.payload);
  if (!msg || msg->header.opcode != 0) return;  // only standard queries
  bool response = msg->header.qr;
  L7Event& e = push_event(v, d, response ? L7Kind::DnsResponse : L7Kind::DnsQuery, !response);
  e.id = msg->header.id;
  e.rcode = msg->header.rcode;
  e.code = msg->question.qtype;
  if (msg->has_question || !msg->question.name.empty()) set_name(e, msg->question.name);
  if (!response) return;
  for (const auto& a : msg->address_list()) {
    if (e.address_count == L7Event::kMaxAddresses) break;
    e.addresses[e.address_count++] = a.address;
  }
}

void record_http(const PacketView& v, ShardDelta& d) {
  auto msg = l7::parse_http(v.payload);
  if (!msg) return;
  if (msg->kind == l7::HttpMessageKind::Request) {
    L7Event& e = push_event(v, d, L7Kind::HttpRequest, true);
    e.code = static_cast<uint16_t>(msg->method);
    set_name(e, msg->host);
  } else {
    L7Event& e = push_event(v, d, L7Kind::HttpResponse, false);
    e.code = msg->status_code;
  }
}

void record_tls(const PacketView& v, ShardDelta& d) {
  auto hs = l7::parse_tls_handshake(v.payload);
  if (!hs) return;
  if (hs->type == l7::TlsHandshakeType::ClientHello) {
    L7Event& e = push_event(v, d, L7Kind::TlsClientHello, true);
    e.code = hs->version;
    set_name(e, hs->server_name);
  } else if (hs->type == l7::TlsHandshakeType::ServerHello && !hs->hello_retry_request) {
    L7Event& e = push_event(v, d, L7Kind::TlsServerHello, false);
    e.code = hs->version;
  }
}

void record_dhcp(const PacketView& v, ShardDelta& d) {
  auto msg = l7::parse_dhcp(v.payload);
  if (!msg) return;
  bool reply = msg->op == 2;
  L7Event& e = push_event(v, d, L7Kind::Dhcp, !reply);
  e.id = static_cast<uint16_t>(msg->xid);
  e.code = static_cast<uint16_t>(msg->message_type);
  // The client's address: what the server gives (yiaddr), what the client has (ciaddr), or asks for.
  core::IpAddress client_addr;
  if (!is_zero(msg->yiaddr))
    client_addr = msg->yiaddr;
  else if (!is_zero(msg->ciaddr))
    client_addr = msg->ciaddr;
  else if (msg->requested_ip && !is_zero(*msg->requested_ip))
    client_addr = *msg->requested_ip;
  e.address_count = 2;
  if (!client_addr.empty()) {
    e.addresses[0] = client_addr;
    e.flags |= L7Event::kHasClientAddress;
  }
  if (msg->server_id && !is_zero(*msg->server_id)) {
    e.addresses[1] = *msg->server_id;
    e.flags |= L7Event::kHasServerId;
    // Broadcast requests name the server they address only here.
    e.server = {*msg->server_id, v.flow->key.vlan};
  }
  // An ACK binds the address: the client's host is the one it now uses.
  if (msg->message_type == l7::DhcpMessageType::Ack && !is_zero(msg->yiaddr))
    e.client = {msg->yiaddr, v.flow->key.vlan};
  if (msg->lease_time) {
    e.lease_seconds = *msg->lease_time;
    e.flags |= L7Event::kHasLease;
  }
  if (msg->has_mac) {
    e.mac = mac_key(msg->chaddr);
    e.flags |= L7Event::kHasMac;
  }
  set_name(e, msg->host_name);
}

}  // namespace

void record_l7(const PacketView& v, ShardDelta& d) {
  if (!v.flow || v.payload.empty() || !v.pkt.has_l4) return;
  uint16_t sport = v.pkt.src_port;
  uint16_t dport = v.pkt.dst_port;
  switch (v.pkt.l4_proto) {
    case 17:
      if (is_dns_port(sport) || is_dns_port(dport))
        record_dns(v, d, false);
      else if (is_dhcp_port(sport) && is_dhcp_port(dport))
        record_dhcp(v, d);
      return;
    case 6:
      // A retransmitted segment repeats a request or response already counted.
      if (v.flow->tcp.dir[v.direction].last_was_retransmission) return;
      if (sport == 53 || dport == 53)
        record_dns(v, d, true);
      else if (l7::looks_like_http(v.payload))
        record_http(v, d);
      else if (v.flow->packets() <= kTlsEarlyPackets && l7::looks_like_tls_handshake(v.payload))
        record_tls(v, d);
      return;
    default:
      return;
  }
}

}  // namespace netmeter::stats
