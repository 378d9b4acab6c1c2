#include "capture/pcap_source.hpp"

#include <pcap/pcap.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include "capture/classic_pcap_reader.hpp"
#include "capture/pcap_record.hpp"
#include "capture/pcapng_source.hpp"

namespace netmeter::capture {

namespace {
constexpr size_t kFileBufferBytes = 1 << 20;
}  // namespace

PcapSource::PcapSource(pcap* handle, std::string name, bool live, core::LinkType link)
    : handle_(handle), name_(std::move(name)), live_(live), link_(link) {}

PcapSource::~PcapSource() {
  if (filter_) pcap_freecode(filter_.get());
  pcap_close(handle_);
}

std::string PcapSource::apply_filter(pcap* handle, const std::string& bpf) {
  if (bpf.empty()) return {};
  bpf_program program{};
  if (pcap_compile(handle, &program, bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
    return "invalid BPF filter '" + bpf + "': " + pcap_geterr(handle);
  }
  int rc = pcap_setfilter(handle, &program);
  pcap_freecode(&program);
  if (rc != 0) return std::string("cannot set BPF filter: ") + pcap_geterr(handle);
  return {};
}

std::unique_ptr<PcapSource> PcapSource::finish_open(pcap* handle, std::string name, bool live,
                                                    const std::string& bpf, std::string& error) {
  int dlt = pcap_datalink(handle);
  auto link = core::link_type_from_dlt(dlt);
  if (!link) {
    const char* dlt_name = pcap_datalink_val_to_name(dlt);
    error = name + ": unsupported link type " + std::to_string(dlt) + " (" +
            (dlt_name ? dlt_name : "unknown") + ")";
    pcap_close(handle);
    return nullptr;
  }
  if (error = apply_filter(handle, bpf); !error.empty()) {
    pcap_close(handle);
    return nullptr;
  }
  return std::unique_ptr<PcapSource>(new PcapSource(handle, std::move(name), live, *link));
}

PcapSource::Opened PcapSource::open_file(const std::string& path, const std::string& bpf) {
  // pcapng goes to our block reader: libpcap 1.10 refuses files whose interfaces differ in link type or
  // snap length, and ours reads as fast (docs/adr/0002-pcapng-reader.md).
  if (PcapngSource::looks_like_pcapng(path)) {
    auto pcapng = PcapngSource::open(path, bpf);
    return {std::move(pcapng.source), std::move(pcapng.error)};
  }
  char err[PCAP_ERRBUF_SIZE] = {};
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return {nullptr, path + ": " + std::strerror(errno)};
  // libpcap reads through stdio; a large buffer turns ~80 000 read() calls per 300 MB into ~300.
  std::setvbuf(file, nullptr, _IOFBF, kFileBufferBytes);
  pcap* handle = pcap_fopen_offline_with_tstamp_precision(file, PCAP_TSTAMP_PRECISION_NANO, err);
  if (handle == nullptr) {
    std::fclose(file);
    return {nullptr, path + ": " + err};
  }
  std::string error;
  auto source = finish_open(handle, path, false, bpf, error);
  if (!source) return {nullptr, error};
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) source->file_size_ = static_cast<uint64_t>(st.st_size);
  if (!source->read_classic(bpf)) return {nullptr, path + ": " + source->error_};
  return {std::move(source), {}};
}

bool PcapSource::read_classic(const std::string& bpf) {
  FILE* file = pcap_file(handle_);
  if (file == nullptr) return true;
  const int fd = fileno(file);
  std::array<uint8_t, ClassicPcapReader::kFileHeaderBytes> header{};
  if (pread(fd, header.data(), header.size(), 0) != static_cast<ssize_t>(header.size())) return true;
  auto format = ClassicPcapReader::parse_header(header);
  if (!format) return true;  // pcapng or an older format: libpcap reads it
  format->snapshot = static_cast<uint32_t>(pcap_snapshot(handle_));
  if (!bpf.empty()) {
    filter_ = std::make_unique<bpf_program>();
    if (pcap_compile(handle_, filter_.get(), bpf.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      filter_.reset();
      error_ = "invalid BPF filter '" + bpf + "': " + pcap_geterr(handle_);
      return false;
    }
  }
  classic_ = std::make_unique<ClassicPcapReader>(fd, *format);
  return true;
}

ReadStatus PcapSource::next_classic(RawPacket& pkt) {
  for (;;) {
    const ReadStatus status = classic_->next(pkt);
    if (status == ReadStatus::Error) error_ = classic_->error();
    if (status != ReadStatus::Packet) return status;
    if (filter_) {
      pcap_pkthdr header{};
      header.caplen = pkt.caplen;
      header.len = pkt.wire_len;
      if (pcap_offline_filter(filter_.get(), &header, pkt.data) == 0) continue;
    }
    ++counted_.packets;
    counted_.bytes += pkt.wire_len;
    return ReadStatus::Packet;
  }
}

PcapSource::Opened PcapSource::open_live(const std::string& interface, const LiveOptions& options,
                                         const std::string& bpf) {
  char err[PCAP_ERRBUF_SIZE] = {};
  pcap* handle = pcap_create(interface.c_str(), err);
  if (handle == nullptr) return {nullptr, interface + ": " + err};
  pcap_set_snaplen(handle, options.snaplen);
  pcap_set_promisc(handle, options.promiscuous ? 1 : 0);
  pcap_set_timeout(handle, options.poll_ms);
  pcap_set_buffer_size(handle, options.buffer_bytes);
  pcap_set_tstamp_precision(handle, PCAP_TSTAMP_PRECISION_NANO);
  int rc = pcap_activate(handle);
  if (rc < 0) {
    std::string msg = interface + ": " + pcap_statustostr(rc) +
                      (rc == PCAP_ERROR ? std::string(" ") + pcap_geterr(handle) : "");
    pcap_close(handle);
    return {nullptr, msg};
  }
  std::string error;
  auto source = finish_open(handle, interface, true, bpf, error);
  if (!source) return {nullptr, error};
  return {std::move(source), {}};
}

ReadStatus PcapSource::next(RawPacket& pkt) {
  if (stopped_.load(std::memory_order_relaxed)) return ReadStatus::End;
  if (classic_) return next_classic(pkt);
  pcap_pkthdr* header = nullptr;
  const u_char* data = nullptr;
  int rc = pcap_next_ex(handle_, &header, &data);
  switch (rc) {
    case 1:
      to_raw_packet(*header, data, pkt);
      ++counted_.packets;
      counted_.bytes += header->len;
      return ReadStatus::Packet;
    case 0:
      return ReadStatus::Timeout;
    case PCAP_ERROR_BREAK:
      return ReadStatus::End;
    default:
      error_ = pcap_geterr(handle_);
      return ReadStatus::Error;
  }
}

SourceStats PcapSource::stats() const {
  SourceStats s = counted_;
  if (live_) {
    pcap_stat ps{};
    if (pcap_stats(handle_, &ps) == 0) {
      s.kernel_drops = ps.ps_drop;
      s.interface_drops = ps.ps_ifdrop;
    }
  }
  return s;
}

std::optional<Progress> PcapSource::progress() const {
  if (live_ || file_size_ == 0) return std::nullopt;
  if (classic_) return Progress{classic_->offset(), file_size_};
  FILE* f = pcap_file(handle_);
  long pos = f ? std::ftell(f) : -1;
  if (pos < 0) return std::nullopt;
  return Progress{static_cast<uint64_t>(pos), file_size_};
}

void PcapSource::stop() {
  stopped_.store(true, std::memory_order_relaxed);
  pcap_breakloop(handle_);
}

}  // namespace netmeter::capture
