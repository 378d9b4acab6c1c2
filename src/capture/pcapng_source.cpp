#include "capture/pcapng_source.hpp"

#include <pcap/pcap.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>

namespace netmeter::capture {

namespace {
constexpr size_t kFileBufferBytes = 1 << 20;
}  // namespace

/// The BPF filter compiled once per interface, for its link type and snap length.
class PcapngFilter {
 public:
  explicit PcapngFilter(std::string expression) : expression_(std::move(expression)) {}
  ~PcapngFilter() { reset(); }
  PcapngFilter(const PcapngFilter&) = delete;
  PcapngFilter& operator=(const PcapngFilter&) = delete;

  /// Empty on success, else why the filter does not compile for this interface.
  std::string compile(uint32_t interface, const PcapngInterface& iface) {
    if (programs_.size() <= interface) programs_.resize(interface + 1);
    int snaplen = iface.snaplen == 0 || iface.snaplen > 262144 ? 262144 : static_cast<int>(iface.snaplen);
    // pcapng stores LINKTYPE_ values; libpcap compiles for DLT_ ones, which differ for raw IP only
    // among the link types netmeter decodes.
    constexpr uint16_t kLinktypeRaw = 101;
    pcap_t* dead = pcap_open_dead(iface.dlt == kLinktypeRaw ? DLT_RAW : iface.dlt, snaplen);
    if (dead == nullptr) return "cannot prepare a BPF filter";
    auto program = std::make_unique<bpf_program>();
    std::string err;
    if (pcap_compile(dead, program.get(), expression_.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
      err = "invalid BPF filter '" + expression_ + "' for interface " + std::to_string(interface) + ": " +
            pcap_geterr(dead);
      program.reset();
    }
    pcap_close(dead);
    programs_[interface] = std::move(program);
    return err;
  }
  bool compiled(uint32_t interface) const { return interface < programs_.size() && programs_[interface]; }
  bool matches(const PcapngPacket& p) const {
    pcap_pkthdr header{};
    header.caplen = p.caplen;
    header.len = p.wire_len;
    return pcap_offline_filter(programs_[p.interface].get(), &header, p.data) != 0;
  }
  void reset() {
    for (auto& program : programs_)
      if (program) pcap_freecode(program.get());
    programs_.clear();
  }

 private:
  std::string expression_;
  std::vector<std::unique_ptr<bpf_program>> programs_;
};

PcapngSource::PcapngSource(std::FILE* file, std::string name, std::string bpf)
    : file_(file), name_(std::move(name)), bpf_(std::move(bpf)), reader_(file) {
  if (!bpf_.empty()) filter_ = std::make_unique<PcapngFilter>(bpf_);
}

PcapngSource::~PcapngSource() {
  std::fclose(file_);
}

bool PcapngSource::looks_like_pcapng(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr) return false;
  uint32_t type = 0;
  bool yes = std::fread(&type, 1, 4, f) == 4 && type == PcapngReader::kShbType;
  std::fclose(f);
  return yes;
}

PcapngSource::Opened PcapngSource::open(const std::string& path, const std::string& bpf) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) return {nullptr, path + ": " + std::strerror(errno)};
  std::setvbuf(file, nullptr, _IOFBF, kFileBufferBytes);
  std::unique_ptr<PcapngSource> source(new PcapngSource(file, path, bpf));
  struct stat st {};
  if (stat(path.c_str(), &st) == 0) source->file_size_ = static_cast<uint64_t>(st.st_size);
  // Read to the first packet: its interface, and those described before it, name the link type.
  PcapngReader::Status status = source->reader_.next(source->pending_);
  if (status == PcapngReader::Status::Error) return {nullptr, path + ": " + source->reader_.error()};
  source->has_pending_ = status == PcapngReader::Status::Packet;
  const auto& interfaces = source->reader_.interfaces();
  bool any = false;
  for (const auto& iface : interfaces) {
    if (auto link = core::link_type_from_dlt(iface.dlt)) {
      source->first_link_ = *link;
      any = true;
      break;
    }
  }
  if (!any && !interfaces.empty()) {
    int dlt = interfaces.front().dlt;
    const char* dlt_name = pcap_datalink_val_to_name(dlt);
    return {nullptr, path + ": unsupported link type " + std::to_string(dlt) + " (" +
                         (dlt_name ? dlt_name : "unknown") + ")"};
  }
  if (source->filter_) {
    for (uint32_t i = 0; i < interfaces.size(); ++i) {
      if (auto err = source->filter_->compile(i, interfaces[i]); !err.empty()) return {nullptr, err};
    }
  }
  source->section_ = source->reader_.section();
  return {std::move(source), {}};
}

bool PcapngSource::accept(const PcapngPacket& p) {
  const auto& interfaces = reader_.interfaces();
  if (reader_.section() != section_) {
    links_.clear();
    if (filter_) filter_->reset();
    section_ = reader_.section();
  }
  while (links_.size() < interfaces.size())
    links_.push_back(core::link_type_from_dlt(interfaces[links_.size()].dlt));
  if (!links_[p.interface]) {
    ++skipped_;
    return false;
  }
  if (!filter_) return true;
  if (!filter_->compiled(p.interface)) {
    if (auto err = filter_->compile(p.interface, interfaces[p.interface]); !err.empty()) {
      error_ = err;
      return false;
    }
  }
  return filter_->matches(p);
}

ReadStatus PcapngSource::next(RawPacket& pkt) {
  for (;;) {
    if (stopped_.load(std::memory_order_relaxed)) return ReadStatus::End;
    PcapngPacket p;
    if (has_pending_) {
      p = pending_;
      has_pending_ = false;
    } else {
      switch (reader_.next(p)) {
        case PcapngReader::Status::End:
          return ReadStatus::End;
        case PcapngReader::Status::Error:
          error_ = reader_.error();
          return ReadStatus::Error;
        case PcapngReader::Status::Packet:
          break;
      }
    }
    if (!accept(p)) {
      if (!error_.empty()) return ReadStatus::Error;
      continue;
    }
    pkt.ts = core::Timestamp{p.ts_ns};
    pkt.caplen = p.caplen;
    pkt.wire_len = p.wire_len;
    pkt.data = p.data;
    pkt.link = links_[p.interface];
    ++counted_.packets;
    counted_.bytes += p.wire_len;
    return ReadStatus::Packet;
  }
}

std::optional<Progress> PcapngSource::progress() const {
  if (file_size_ == 0) return std::nullopt;
  return Progress{reader_.offset(), file_size_};
}

}  // namespace netmeter::capture
