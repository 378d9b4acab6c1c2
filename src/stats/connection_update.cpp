#include "stats/connection_update.hpp"

#include <algorithm>

namespace netmeter::stats {

ConnectionUpdate ConnectionUpdate::from(const flow::Flow& f) {
  ConnectionUpdate u;
  u.id = f.id;
  u.key = f.key;
  u.client_is_lo = f.client_is_lo;
  u.ended = f.end != flow::EndReason::Active;
  u.end = f.end;
  u.dir = f.dir;
  u.tcp = f.tcp;
  u.master = f.app.master;
  u.app = f.app.app;
  u.category = f.app.category;
  u.breed = f.app.breed;
  u.dpi_status = f.app.status;
  u.risk = f.app.risk;
  size_t n = std::min(f.app.server_name.size(), sizeof u.server_name);
  std::copy_n(f.app.server_name.data(), n, u.server_name);
  u.server_name_len = static_cast<uint8_t>(n);
  return u;
}

}  // namespace netmeter::stats
