#include "ringbuffer/ring_recorder.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "filter/parser.hpp"
#include "ring_fixture.hpp"

namespace netmeter::ringbuffer {
namespace {

using namespace test;
namespace fs = std::filesystem;

constexpr int64_t kT0 = 1'700'000'000'000'000'000;
constexpr int64_t kMs = 1'000'000;

struct Sent {
  std::vector<Record> all;
};

// 6000 packets over 6 s: client i%50 to server i%7, client port 40000+i%50, VLAN 10 on every 3rd.
Sent fill(RingRecorder& r) {
  Sent s;
  for (int i = 0; i < 6000; ++i) {
    Frame f = tcp_frame(1 + i % 50, 1 + i % 7, static_cast<uint16_t>(40000 + i % 50), 443,
                        i % 3 == 0 ? 10 : 0, 100 + i % 200);
    int64_t ts = kT0 + i * kMs;
    offer(r, f, ts);
    s.all.push_back({ts, f});
  }
  r.flush();
  return s;
}

std::unique_ptr<RingRecorder> open_recorder(const RecorderConfig& c,
                                            std::vector<std::string>* notes = nullptr) {
  std::string error;
  std::vector<std::string> n;
  auto r = RingRecorder::open(c, {}, error, notes ? *notes : n);
  EXPECT_TRUE(r) << error;
  return r;
}

ExtractRequest with_expression(const std::string& text) {
  auto parsed = filter::parse(text);
  EXPECT_TRUE(parsed) << parsed.error.to_string();
  ExtractRequest q;
  q.filter = std::make_shared<filter::Filter>(*parsed.expression);
  q.prefilter = Prefilter(*parsed.expression);
  return q;
}

std::vector<Record> expected(const Sent& s, const std::function<bool(size_t)>& keep) {
  std::vector<Record> out;
  for (size_t i = 0; i < s.all.size(); ++i)
    if (keep(i)) out.push_back(s.all[i]);
  return out;
}

TEST(RingRecorder, StoresEveryPacketAcrossSegmentsAndExtractsThemInOrder) {
  TempDir dir;
  auto r = open_recorder(small_config(dir.str()));
  r->start();
  Sent s = fill(*r);
  r->finish();
  auto status = r->status();
  EXPECT_EQ(status.drops, 0u);
  EXPECT_EQ(status.packets_written, 6000u);
  EXPECT_EQ(status.store.packets, 6000u);
  EXPECT_GT(status.store.segments, 1u);
  EXPECT_EQ(status.store.oldest_ns, kT0);
  EXPECT_EQ(status.store.newest_ns, kT0 + 5999 * kMs);
  EXPECT_EQ(extract_all(*r, {}), s.all);
}

TEST(RingRecorder, ExtractsATimeRangeAndAFilterAndSkipsWhatCannotMatch) {
  TempDir dir;
  auto r = open_recorder(small_config(dir.str()));
  r->start();
  Sent s = fill(*r);
  r->finish();

  ExtractRequest q = with_expression("ip == 10.0.0.7 and port == 40006");
  q.from_ns = kT0 + 1000 * kMs;
  q.to_ns = kT0 + 4000 * kMs;
  ExtractStats stats;
  auto got = extract_all(*r, q, &stats);
  auto want = expected(s, [](size_t i) { return i % 50 == 6 && i >= 1000 && i <= 4000; });
  EXPECT_EQ(got, want);
  EXPECT_GT(stats.blocks_skipped + stats.segments_skipped, 0u);

  auto vlan = extract_all(*r, with_expression("vlan == 10 and ip == 10.0.1.3"));
  EXPECT_EQ(vlan, expected(s, [](size_t i) { return i % 3 == 0 && i % 7 == 2; }));

  auto negated = extract_all(*r, with_expression("!(ip == 10.0.0.1) and srcport == 40001"));
  EXPECT_EQ(negated, expected(s, [](size_t i) { return i % 50 == 1; }));

  ExtractRequest bpf;
  bpf.bpf = "vlan 10 and host 10.0.0.4";
  EXPECT_EQ(extract_all(*r, bpf), expected(s, [](size_t i) { return i % 3 == 0 && i % 50 == 3; }));
}

TEST(RingRecorder, SlicesPacketsWhenAsked) {
  TempDir dir;
  auto c = small_config(dir.str());
  c.snaplen = 64;
  auto r = open_recorder(c);
  r->start();
  Sent s = fill(*r);
  r->finish();
  auto got = extract_all(*r, {});
  ASSERT_EQ(got.size(), s.all.size());
  for (size_t i = 0; i < got.size(); ++i)
    EXPECT_EQ(got[i].bytes, Frame(s.all[i].bytes.begin(), s.all[i].bytes.begin() + 64));
}

TEST(RingRecorder, KeepsWithinItsSizeBoundByDroppingTheOldestSegments) {
  TempDir dir;
  auto c = small_config(dir.str());
  c.max_bytes = 4ull << 20;  // segments of 1 MiB (an eighth would be less)
  auto r = open_recorder(c);
  r->start();
  for (int round = 0; round < 4; ++round)
    fill(*r);
  r->finish();
  auto status = r->status();
  EXPECT_LE(status.store.used_bytes, c.max_bytes);
  EXPECT_LT(status.store.packets, 24000u);
  auto got = extract_all(*r, {});
  EXPECT_EQ(got.size(), status.store.packets);
}

TEST(RingRecorder, SuspendedRecordsNothing) {
  TempDir dir;
  auto r = open_recorder(small_config(dir.str()));
  r->start();
  r->set_suspended(true);
  fill(*r);
  r->finish();
  EXPECT_EQ(r->status().store.packets, 0u);
  EXPECT_TRUE(r->status().suspended);
}

TEST(RingRecorder, DropsAndCountsWhatTheQueueCannotHold) {
  TempDir dir;
  auto c = small_config(dir.str());
  c.queue_bytes = 64 << 10;
  auto r = open_recorder(c);  // not started: nothing drains the queue
  fill(*r);
  EXPECT_GT(r->status().drops, 0u);
  r->start();
  r->finish();
  EXPECT_EQ(r->status().drops + r->status().store.packets, 6000u);
}

TEST(RingRecorder, ALosslessRecorderMakesTheReaderWaitInsteadOfDropping) {
  TempDir dir;
  auto c = small_config(dir.str());
  c.queue_bytes = 64 << 10;
  c.lossless = true;
  auto r = open_recorder(c);
  r->start();
  Sent s = fill(*r);
  r->finish();
  EXPECT_EQ(r->status().drops, 0u);
  EXPECT_EQ(extract_all(*r, {}), s.all);
}

TEST(RingRecorder, RecoversAfterACrashTruncatingAPartialSegmentAndRebuildingIndexes) {
  TempDir dir;
  auto c = small_config(dir.str());
  Sent s;
  {
    auto r = open_recorder(c);
    r->start();
    s = fill(*r);
    Sent more = fill(*r);
    s.all.insert(s.all.end(), more.all.begin(), more.all.end());
    r->finish();
  }
  std::vector<fs::path> segments, indexes;
  for (const auto& e : fs::directory_iterator(dir.str()))
    (e.path().extension() == ".pcap" ? segments : indexes).push_back(e.path());
  std::sort(segments.begin(), segments.end());
  std::sort(indexes.begin(), indexes.end());
  ASSERT_GE(segments.size(), 3u);
  // The last segment cut in the middle of a packet, as a kill -9 leaves it; an index lost; one damaged.
  auto last = segments.back();
  auto size = fs::file_size(last);
  fs::resize_file(last, size - 37);
  fs::remove(indexes.back());
  fs::remove(indexes[0]);
  {
    std::fstream f(indexes[1], std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(40);
    f.put('\x7f');
  }
  std::vector<std::string> notes;
  auto r = open_recorder(c, &notes);
  EXPECT_GE(notes.size(), 3u);
  auto got = extract_all(*r, {});
  ASSERT_EQ(got.size(), s.all.size() - 1);  // the cut packet is gone, nothing else
  EXPECT_EQ(got, std::vector<Record>(s.all.begin(), s.all.end() - 1));
  EXPECT_TRUE(fs::exists(indexes[0]));
  // Recording goes on after the recovered segments.
  r->start();
  Frame f = tcp_frame(99, 99, 1, 2);
  offer(*r, f, kT0 + 10'000 * kMs);
  r->finish();
  EXPECT_EQ(extract_all(*r, with_expression("ip == 10.0.0.99")).size(), 1u);
}

TEST(RingRecorder, ExtractsFromTheSegmentBeingWritten) {
  TempDir dir;
  auto r = open_recorder(small_config(dir.str()));
  r->start();
  Frame f = tcp_frame(5, 5, 1234, 80);
  offer(*r, f, kT0);
  r->flush();
  std::vector<Record> got;
  for (int i = 0; i < 500 && got.empty(); ++i) {
    usleep(10'000);
    got = extract_all(*r, {});
  }
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].bytes, f);
  r->finish();
}

TEST(RingRecorder, NamesApplicationsOfFlowsForDpiFilters) {
  TempDir dir;
  std::string error;
  std::vector<std::string> notes;
  AppResolver resolver = [](const std::vector<core::FlowKey>& flows) {
    std::vector<FlowApp> out;
    for (const auto& k : flows)
      if (k.lo.port == 40003 || k.hi.port == 40003) out.push_back({k, "TLS", "YouTube"});
    return out;
  };
  auto r = RingRecorder::open(small_config(dir.str()), resolver, error, notes);
  ASSERT_TRUE(r);
  r->start();
  Sent s = fill(*r);
  r->finish();
  auto want = expected(s, [](size_t i) { return i % 50 == 3; });
  EXPECT_EQ(extract_all(*r, with_expression("dpi == YouTube")), want);
  EXPECT_EQ(extract_all(*r, with_expression("dpi == TLS")), want);
  EXPECT_TRUE(extract_all(*r, with_expression("dpi == Netflix")).empty());
}

TEST(ParseSizeBound, ReadsBytesUnitsAndPercentages) {
  EXPECT_EQ(parse_size_bound("1048576", "/tmp"), 1048576u);
  EXPECT_EQ(parse_size_bound("2G", "/tmp"), 2ull << 30);
  EXPECT_EQ(parse_size_bound("1.5M", "/tmp"), 3ull << 19);
  EXPECT_GT(parse_size_bound("10%", "/tmp/does/not/exist").value_or(0), 0u);
  EXPECT_FALSE(parse_size_bound("0", "/tmp"));
  EXPECT_FALSE(parse_size_bound("101%", "/tmp"));
  EXPECT_FALSE(parse_size_bound("5X", "/tmp"));
  EXPECT_FALSE(parse_size_bound("", "/tmp"));
}

}  // namespace
}  // namespace netmeter::ringbuffer
