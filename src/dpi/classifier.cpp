#include "dpi/classifier.hpp"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>

extern "C" {
#include <ndpi_api.h>
}

namespace netmeter::dpi {

namespace {

constexpr uint8_t kTcp = 6;
constexpr uint8_t kUdp = 17;

bool load_file(ndpi_detection_module_struct* ndpi, const std::string& path, const char* what,
               int (*loader)(ndpi_detection_module_struct*, const char*), std::string& error) {
  if (path.empty()) return true;
  if (loader(ndpi, path.c_str()) < 0) {
    error = std::string("cannot load nDPI ") + what + " file " + path;
    return false;
  }
  return true;
}

int load_protocols(ndpi_detection_module_struct* ndpi, const char* path) {
  return ndpi_load_protocols_file(ndpi, path);
}

// Names come from packets: keep printable ASCII and write anything else as \xHH, so that neither a
// terminal nor a JSON parser receives control codes or invalid UTF-8.
std::string printable(const char* s, size_t n) {
  std::string out;
  out.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7F && c != '\\') {
      out.push_back(static_cast<char>(c));
    } else {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

}  // namespace

Classifier::Created Classifier::create(const DpiConfig& config) {
  ndpi_detection_module_struct* ndpi = ndpi_init_detection_module(ndpi_no_prefs);
  if (ndpi == nullptr) return {nullptr, "nDPI initialisation failed"};
  NDPI_PROTOCOL_BITMASK all;
  NDPI_BITMASK_SET_ALL(all);
  ndpi_set_protocol_detection_bitmask2(ndpi, &all);
  std::string error;
  bool ok = load_file(ndpi, config.protos_file, "protocols", load_protocols, error) &&
            load_file(ndpi, config.categories_file, "categories", ndpi_load_categories_file, error) &&
            load_file(ndpi, config.risky_domains_file, "risky domains", ndpi_load_risk_domain_file, error) &&
            load_file(ndpi, config.ja3_file, "JA3", ndpi_load_malicious_ja3_file, error) &&
            load_file(ndpi, config.sha1_file, "SHA1", ndpi_load_malicious_sha1_file, error);
  if (!ok) {
    ndpi_exit_detection_module(ndpi);
    return {nullptr, error};
  }
  ndpi_finalize_initialization(ndpi);
  return {std::unique_ptr<Classifier>(new Classifier(ndpi, config)), {}};
}

Classifier::Classifier(ndpi_detection_module_struct* ndpi, const DpiConfig& config)
    : ndpi_(ndpi), config_(config) {
  // nDPI answers names from its module: copy them while it is there. Custom protocols (loaded from
  // DpiConfig::protos_file) are numbered below ndpi_get_num_supported_protocols() too.
  u_int protocols = ndpi_get_num_supported_protocols(ndpi_);
  protocol_names_.reserve(protocols);
  for (u_int id = 0; id < protocols; ++id)
    protocol_names_.emplace_back(ndpi_get_proto_name(ndpi_, static_cast<uint16_t>(id)));
  for (int c = 0; c < NDPI_PROTOCOL_NUM_CATEGORIES; ++c)
    category_names_.emplace_back(ndpi_category_get_name(ndpi_, static_cast<ndpi_protocol_category_t>(c)));
  for (int b = 0; b < NUM_BREEDS; ++b)
    breed_names_.emplace_back(ndpi_get_proto_breed_name(ndpi_, static_cast<ndpi_protocol_breed_t>(b)));
  copy_protocol_table(protocols);
}

void Classifier::copy_protocol_table(unsigned protocols) {
  const ndpi_proto_defaults_t* defaults = ndpi_get_proto_defaults(ndpi_);
  for (unsigned id = 0; id < protocols; ++id) {
    if (defaults[id].protoName == nullptr) continue;  // an id nDPI leaves unused
    protocols_.push_back({static_cast<uint16_t>(id), defaults[id].protoName,
                          static_cast<uint16_t>(defaults[id].protoCategory)});
  }
}

Classifier::~Classifier() {
  release_detection();
}

void Classifier::release_detection() {
  for (auto* f : pool_)
    std::free(f);
  pool_.clear();
  pool_.shrink_to_fit();
  if (ndpi_ != nullptr) ndpi_exit_detection_module(ndpi_);
  ndpi_ = nullptr;
}

size_t Classifier::flow_state_bytes() {
  return SIZEOF_FLOW_STRUCT;
}

ndpi_flow_struct* Classifier::acquire() {
  ndpi_flow_struct* f;
  if (!pool_.empty()) {
    f = pool_.back();
    pool_.pop_back();
  } else {
    f = static_cast<ndpi_flow_struct*>(std::malloc(SIZEOF_FLOW_STRUCT));
    if (f == nullptr) return nullptr;
  }
  std::memset(f, 0, SIZEOF_FLOW_STRUCT);
  return f;
}

void Classifier::release(flow::Flow& flow) {
  auto* f = static_cast<ndpi_flow_struct*>(flow.dpi_state);
  if (f == nullptr) return;
  if (f->host_server_name[0] != '\0' && flow.app.server_name.empty()) {
    flow.app.server_name =
        printable(f->host_server_name, strnlen(f->host_server_name, sizeof f->host_server_name));
  }
  flow.app.risk = f->risk;
  flow.app.confidence = static_cast<uint8_t>(f->confidence);
  ndpi_free_flow_data(f);
  if (pool_.size() < kMaxPooled)
    pool_.push_back(f);
  else
    std::free(f);
  flow.dpi_state = nullptr;
}

void Classifier::discard(const flow::Flow& flow) {
  auto* f = static_cast<ndpi_flow_struct*>(flow.dpi_state);
  if (f == nullptr) return;
  ndpi_free_flow_data(f);
  std::free(f);
}

void Classifier::take_result(flow::Flow& flow, uint16_t master, uint16_t app, uint16_t category) {
  flow.app.master = master;
  flow.app.app = app;
  flow.app.category = category;
  uint16_t effective = app != NDPI_PROTOCOL_UNKNOWN ? app : master;
  flow.app.breed = static_cast<uint8_t>(ndpi_get_proto_breed(ndpi_, effective));
}

uint32_t Classifier::packet_limit(uint8_t l4) const {
  if (l4 == kTcp) return config_.max_tcp_packets;
  if (l4 == kUdp) return config_.max_udp_packets;
  return config_.max_other_packets;
}

void Classifier::process(flow::Flow& flow, const uint8_t* l3, size_t l3_len, core::Timestamp ts) {
  if (!config_.enabled) {
    flow.app.status = flow::DpiStatus::NotInspected;
    return;
  }
  assert(ndpi_ != nullptr && "process() after release_detection()");
  if (flow.dpi_state == nullptr) {
    flow.dpi_state = acquire();
    if (flow.dpi_state == nullptr) return;
  }
  auto* f = static_cast<ndpi_flow_struct*>(flow.dpi_state);
  // nDPI wants milliseconds that never go backwards.
  uint64_t ms = static_cast<uint64_t>(ts.millis() > 0 ? ts.millis() : 0);
  if (ms < last_ms_) ms = last_ms_;
  last_ms_ = ms;
  auto len = static_cast<unsigned short>(l3_len > 0xFFFF ? 0xFFFF : l3_len);
  ndpi_protocol result = ndpi_detection_process_packet(ndpi_, f, l3, len, ms);
  ++flow.app.dpi_packets;
  take_result(flow, result.master_protocol, result.app_protocol, result.category);

  bool enough = flow.app.dpi_packets > packet_limit(flow.key.l4);
  if (!enough && result.app_protocol == NDPI_PROTOCOL_UNKNOWN) return;
  if (!enough && ndpi_extra_dissection_possible(ndpi_, f)) return;  // e.g. waiting for a certificate
  if (result.app_protocol == NDPI_PROTOCOL_UNKNOWN) {
    finish(flow);
    return;
  }
  flow.app.status = flow::DpiStatus::Detected;
  release(flow);
}

void Classifier::finish(flow::Flow& flow) {
  if (flow.app.status != flow::DpiStatus::Pending) return;
  auto* f = static_cast<ndpi_flow_struct*>(flow.dpi_state);
  flow.app.status = flow::DpiStatus::GaveUp;
  if (f == nullptr) return;
  assert(ndpi_ != nullptr && "a flow still holds detection state after release_detection()");
  // As the reference reader does for flows still open at the end: give up, letting nDPI guess from
  // ports and addresses; a flow that was already classified keeps what it had.
  uint8_t guessed = 0;
  ndpi_protocol result = ndpi_detection_giveup(ndpi_, f, 1, &guessed);
  if (result.app_protocol != NDPI_PROTOCOL_UNKNOWN || result.master_protocol != NDPI_PROTOCOL_UNKNOWN) {
    bool was_known = flow.app.app != NDPI_PROTOCOL_UNKNOWN;
    take_result(flow, result.master_protocol, result.app_protocol, result.category);
    flow.app.guessed = guessed != 0 && !was_known;
  }
  if (flow.app.app != NDPI_PROTOCOL_UNKNOWN && !flow.app.guessed) flow.app.status = flow::DpiStatus::Detected;
  release(flow);
}

// The name functions below answer as nDPI's own (ndpi_protocol2name, ndpi_get_proto_name,
// ndpi_category_get_name, ndpi_get_proto_breed_name) do; tests/unit/dpi compares them for every id.

const std::string& Classifier::protocol_name(uint16_t id) const {
  // nDPI names ids it does not know as Unknown (id 0).
  return id < protocol_names_.size() ? protocol_names_[id] : protocol_names_[NDPI_PROTOCOL_UNKNOWN];
}

std::string Classifier::application_name(const flow::AppInfo& app) const {
  std::string name;
  if (app.master != NDPI_PROTOCOL_UNKNOWN && app.master != app.app) {
    name = protocol_name(app.master);
    if (app.app != NDPI_PROTOCOL_UNKNOWN) name += "." + protocol_name(app.app);
  } else {
    name = protocol_name(app.app);
  }
  constexpr size_t kNdpiBuffer = 64;  // what nDPI's answer was cut to before, terminating NUL included
  if (name.size() >= kNdpiBuffer) name.resize(kNdpiBuffer - 1);
  return name;
}

std::string Classifier::counting_name(const flow::AppInfo& app) const {
  return protocol_name(app.app != NDPI_PROTOCOL_UNKNOWN ? app.app : app.master);
}

std::string Classifier::category_name(const flow::AppInfo& app) const {
  if (app.category < category_names_.size()) return category_names_[app.category];
  return "Invalid category " + std::to_string(app.category);
}

std::string Classifier::breed_name(const flow::AppInfo& app) const {
  return app.breed < breed_names_.size() ? breed_names_[app.breed] : "???";
}

std::vector<uint16_t> Classifier::category_ids() const {
  // nDPI numbers its own categories from 0 up to the virtual assistants, then a few "custom" ones from 99.
  std::vector<uint16_t> ids;
  for (int c = 0; c <= NDPI_PROTOCOL_CATEGORY_VIRTUAL_ASSISTANT; ++c)
    ids.push_back(static_cast<uint16_t>(c));
  for (int c = CUSTOM_CATEGORY_MINING; c < NDPI_PROTOCOL_NUM_CATEGORIES; ++c)
    ids.push_back(static_cast<uint16_t>(c));
  return ids;
}

std::vector<std::string> Classifier::risk_names(uint64_t risk) const {
  std::vector<std::string> names;
  for (int r = 1; r < NDPI_MAX_RISK; ++r) {
    if (risk & (uint64_t{1} << r)) names.emplace_back(ndpi_risk2str(static_cast<ndpi_risk_enum>(r)));
  }
  return names;
}

}  // namespace netmeter::dpi
