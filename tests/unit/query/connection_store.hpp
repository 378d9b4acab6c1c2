#pragma once

// Four connections between four hosts, shared by the connection and per-host list tests:
//   1  lan:40000 -> web:443  TCP  TLS.YouTube (91.124)  1000 B up / 20000 B down, kT0 .. kT0+10, active
//   2  lan:40001 -> dns:53   UDP  7                       80 B up / 200 B down, kT0+1, finished
//   3  other:50000 -> web:80 TCP  7                      500 B up / 5000 B down, kT0+2 .. kT0+4, active
//   4  web:1234 -> lan:22    TCP  7                      300 B up / 3000 B down, kT0+5, active

#include "store_fixture.hpp"

namespace netmeter::test {

class ConnectionStore {
 public:
  ConnectionStore() : store(stats::StatsConfig{}) {
    auto d = delta(kT0);
    Conn c1{1, lan, 40000, web, 443, 6, 10, 1000, 20, 20000, kT0 * kNs, (kT0 + 10) * kNs};
    c1.master = 91;
    c1.app = 124;
    Conn c2{2, lan, 40001, dns, 53, 17, 1, 80, 1, 200, (kT0 + 1) * kNs, (kT0 + 1) * kNs + 5000, true};
    Conn c3{3, other, 50000, web, 80, 6, 5, 500, 5, 5000, (kT0 + 2) * kNs, (kT0 + 4) * kNs};
    Conn c4{4, web, 1234, lan, 22, 6, 3, 300, 3, 3000, (kT0 + 5) * kNs, (kT0 + 5) * kNs};
    for (const auto& c : {c1, c2, c3, c4})
      d.connections.push_back(update(c));
    store.apply(d);
  }

  stats::HostKey lan = host("192.168.1.10");
  stats::HostKey web = host("93.184.216.34");
  stats::HostKey dns = host("8.8.8.8");
  stats::HostKey other = host("10.0.0.5");
  stats::StatsStore store;
};

}  // namespace netmeter::test
