// Micro-benchmarks of src/geo: GeoDb::lookup on the real databases scripts/setup installs into
// data/geoip/ (docs/geo.md), or on another directory given with --geoip-dir=DIR.
//
//   build/release/bench/netmeter_geo_bench [--geoip-dir=DIR] [--benchmark_filter=REGEX]
//
// "ns/lookup" is Google Benchmark's time per iteration: one lookup() call, which asks every database
// that can still add something (city, then country, then ASN) and completes the names. The addresses
// rotate over 4096 pseudo-random ones (a fixed seed), so that the tree walks are not all cached:
//   - found_v4 / found_v6: addresses that the databases know (drawn until 4096 are found);
//   - random_v4: any IPv4 address, as traffic to and from the Internet has, some of them unknown;
//   - private_v4: 10.0.0.0/8 addresses, which every database misses.

#include <benchmark/benchmark.h>

#include <cstdint>
#include <cstring>
#include <functional>
#include <iostream>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "geo/geo_db.hpp"

namespace {

using netmeter::core::IpAddress;
using netmeter::geo::GeoDb;

constexpr size_t kAddresses = 4096;

IpAddress random_v4(std::mt19937& rng) {
  const uint32_t x = rng();
  const uint8_t b[4] = {static_cast<uint8_t>(x >> 24), static_cast<uint8_t>(x >> 16),
                        static_cast<uint8_t>(x >> 8), static_cast<uint8_t>(x)};
  return IpAddress::v4(b);
}

IpAddress private_v4(std::mt19937& rng) {
  const uint32_t x = rng();
  const uint8_t b[4] = {10, static_cast<uint8_t>(x >> 16), static_cast<uint8_t>(x >> 8),
                        static_cast<uint8_t>(x)};
  return IpAddress::v4(b);
}

// Global unicast, 2000::/4, where nearly all allocated IPv6 space is.
IpAddress random_v6(std::mt19937& rng) {
  uint8_t b[16];
  for (int i = 0; i < 16; i += 4) {
    const uint32_t x = rng();
    std::memcpy(b + i, &x, 4);
  }
  b[0] = static_cast<uint8_t>(0x20 | (b[0] & 0x0f));
  return IpAddress::v6(b);
}

std::vector<IpAddress> draw(const GeoDb& db, const std::function<IpAddress(std::mt19937&)>& next,
                            bool only_found) {
  std::mt19937 rng(42);
  std::vector<IpAddress> out;
  for (size_t tries = 0; out.size() < kAddresses && tries < 1000 * kAddresses; ++tries) {
    const IpAddress a = next(rng);
    if (!only_found || db.lookup(a)) out.push_back(a);
  }
  return out;
}

void run(benchmark::State& state, const GeoDb& db, const std::vector<IpAddress>& addresses) {
  if (addresses.empty()) {
    state.SkipWithError("no address found in the databases");
    return;
  }
  size_t i = 0;
  size_t found = 0;
  for (auto _ : state) {
    const auto info = db.lookup(addresses[i]);
    found += info.has_value();
    benchmark::DoNotOptimize(info);
    i = (i + 1) % addresses.size();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["found_share"] = static_cast<double>(found) / static_cast<double>(state.iterations());
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir = NETMETER_GEOIP_DIR;
  std::vector<char*> rest;
  constexpr std::string_view kDirFlag = "--geoip-dir=";
  for (int i = 0; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg.starts_with(kDirFlag)) {
      dir = arg.substr(kDirFlag.size());
    } else {
      rest.push_back(argv[i]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());

  const GeoDb db = GeoDb::open(dir);
  std::cerr << db.describe();
  if (db.empty()) {
    std::cerr << "no geolocation database: run scripts/setup, or give --geoip-dir=DIR\n";
    return 1;
  }
  const auto found_v4 = draw(db, random_v4, true);
  const auto found_v6 = draw(db, random_v6, true);
  const auto any_v4 = draw(db, random_v4, false);
  const auto private_addresses = draw(db, private_v4, false);
  benchmark::RegisterBenchmark("geo_lookup/found_v4", [&](benchmark::State& s) { run(s, db, found_v4); });
  benchmark::RegisterBenchmark("geo_lookup/found_v6", [&](benchmark::State& s) { run(s, db, found_v6); });
  benchmark::RegisterBenchmark("geo_lookup/random_v4", [&](benchmark::State& s) { run(s, db, any_v4); });
  benchmark::RegisterBenchmark("geo_lookup/private_v4",
                               [&](benchmark::State& s) { run(s, db, private_addresses); });
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
