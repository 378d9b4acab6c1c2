// Micro-benchmarks of src/filter: Filter::matches on connection-like subjects for a simple and a complex
// expression, and the one-off costs (parse + compile, BPF rendering).
//
//   build/release/bench/netmeter_filter_bench [--benchmark_filter=REGEX]
//
// "ns/evaluation" is Google Benchmark's time per iteration: one matches() call. The subjects rotate over
// 1024 varied connections (IPv4 and IPv6, several ports, VLANs and applications) so that the branches
// are not learnt from one subject.

#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "filter/bpf.hpp"
#include "filter/filter.hpp"
#include "filter/parser.hpp"

namespace {

using netmeter::core::IpAddress;
using netmeter::filter::Filter;
using netmeter::filter::MacAddress;
using netmeter::filter::Subject;

constexpr const char* kSimple = "ip==10.0.0.1";
constexpr const char* kPathcheck = "ip==10.0.0.1 and ip==10.0.0.2 and l4Protocol==TCP and port==443";
constexpr const char* kComplex =
    "(ip==10.0.0.0/8 or ip==[2001:db8::/32]:443) and !(portrange==80,100-120,-10,65000-) and "
    "(vlan==none or vlan<100) and l4Protocol!=ICMP and mac!=02:00:00:00:00:0c and (dpi==tls or dpi~tube)";

std::vector<Subject> subjects() {
  static const std::array<const char*, 4> kApps = {"YouTube", "DNS", "Google", ""};
  std::vector<Subject> out;
  for (uint32_t i = 0; i < 1024; ++i) {
    Subject s;
    if (i % 4 == 3) {
      std::array<uint8_t, 16> a{0x20, 0x01, 0x0d, 0xb8};
      a[15] = static_cast<uint8_t>(i);
      s.src.ip = IpAddress::v6(a.data());
      a[15] = static_cast<uint8_t>(i + 1);
      s.dst.ip = IpAddress::v6(a.data());
    } else {
      const uint8_t src[4] = {10, 0, static_cast<uint8_t>(i % 3), static_cast<uint8_t>(i % 7)};
      const uint8_t dst[4] = {static_cast<uint8_t>(i % 5 == 0 ? 192 : 10), 0, 0, 2};
      s.src.ip = IpAddress::v4(src);
      s.dst.ip = IpAddress::v4(dst);
    }
    s.src.port = static_cast<uint16_t>(40000 + i);
    s.dst.port = static_cast<uint16_t>(i % 3 == 0 ? 443 : i % 3 == 1 ? 80 : 53);
    s.src.mac = MacAddress{{2, 0, 0, 0, 0, static_cast<uint8_t>(i % 16)}};
    s.dst.mac = MacAddress{{2, 0, 0, 0, 1, static_cast<uint8_t>(i % 13)}};
    s.l4 = i % 8 == 7 ? 1 : i % 3 == 2 ? 17 : 6;
    s.has_ports = s.l4 != 1;
    s.vlan_count = static_cast<uint8_t>(i % 3 == 0 ? 0 : 1);
    s.vlans = {static_cast<uint16_t>(i % 200), 0};
    s.app_master = i % 2 ? "TLS" : "";
    s.app = kApps[i % kApps.size()];
    out.push_back(s);
  }
  return out;
}

void evaluate(benchmark::State& state, const char* expression) {
  const auto parsed = netmeter::filter::parse(expression);
  if (!parsed) {
    state.SkipWithError(parsed.error.to_string().c_str());
    return;
  }
  const Filter filter(*parsed.expression);
  const std::vector<Subject> all = subjects();
  size_t i = 0;
  int64_t matched = 0;
  for (auto _ : state) {
    matched += filter.matches(all[i]);
    i = (i + 1) & 1023;
  }
  benchmark::DoNotOptimize(matched);
  state.SetItemsProcessed(state.iterations());
  state.counters["match_ratio"] = static_cast<double>(matched) / static_cast<double>(state.iterations());
  state.counters["tests"] = static_cast<double>(filter.size());
}

void BM_Filter_Simple(benchmark::State& state) {
  evaluate(state, kSimple);
}
void BM_Filter_Pathcheck(benchmark::State& state) {
  evaluate(state, kPathcheck);
}
void BM_Filter_Complex(benchmark::State& state) {
  evaluate(state, kComplex);
}
BENCHMARK(BM_Filter_Simple);
BENCHMARK(BM_Filter_Pathcheck);
BENCHMARK(BM_Filter_Complex);

void BM_Filter_ParseAndCompile(benchmark::State& state) {
  for (auto _ : state) {
    auto parsed = netmeter::filter::parse(kComplex);
    Filter filter(*parsed.expression);
    benchmark::DoNotOptimize(filter);
  }
}
BENCHMARK(BM_Filter_ParseAndCompile);

void BM_Filter_RenderBpf(benchmark::State& state) {
  const auto parsed = netmeter::filter::parse(kPathcheck);
  for (auto _ : state) {
    auto bpf = netmeter::filter::to_bpf(*parsed.expression);
    benchmark::DoNotOptimize(bpf);
  }
}
BENCHMARK(BM_Filter_RenderBpf);

}  // namespace

BENCHMARK_MAIN();
