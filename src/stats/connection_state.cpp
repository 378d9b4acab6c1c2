#include "stats/connection_state.hpp"

#include <string_view>

namespace netmeter::stats {

TcpSummary TcpSummary::from(const flow::TcpInfo& t) {
  TcpSummary s;
  s.server_rtt_ns = t.server_rtt_ns;
  s.client_rtt_ns = t.client_rtt_ns;
  for (size_t i = 0; i < 2; ++i)
    s.dir[i] = {t.dir[i].retransmissions, t.dir[i].out_of_order, t.dir[i].lost, t.dir[i].zero_windows};
  return s;
}

flow::TcpInfo ConnectionState::tcp_info() const {
  flow::TcpInfo t;
  t.state = tcp_state;
  t.server_rtt_ns = tcp.server_rtt_ns;
  t.client_rtt_ns = tcp.client_rtt_ns;
  for (size_t i = 0; i < 2; ++i) {
    t.dir[i].retransmissions = tcp.dir[i].retransmissions;
    t.dir[i].out_of_order = tcp.dir[i].out_of_order;
    t.dir[i].lost = tcp.dir[i].lost;
    t.dir[i].zero_windows = tcp.dir[i].zero_windows;
  }
  return t;
}

void ConnectionState::assign(const ConnectionUpdate& u) {
  id = u.id;
  key = u.key;
  client_is_lo = u.client_is_lo;
  ended = u.ended;
  end = u.end;
  dpi_status = u.dpi_status;
  breed = u.breed;
  tcp_state = u.tcp.state;
  master = u.master;
  app = u.app;
  category = u.category;
  dir = u.dir;
  tcp = TcpSummary::from(u.tcp);
  risk = u.risk;
  const std::string_view name(u.server_name, u.server_name_len);
  if (server_name != name) server_name.assign(name);
}

}  // namespace netmeter::stats
