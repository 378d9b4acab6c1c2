#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "api/services.hpp"
#include "app/slot_runner.hpp"
#include "engine/engine_config.hpp"

namespace netmeter::app {

/// How the registry makes slots.
struct SlotRegistryConfig {
  engine::EngineConfig engine;         ///< `-i` slots
  engine::EngineConfig upload_engine;  ///< upload slots (bounded by --slot-memory, see slot_memory.hpp)
  std::string upload_directory;        ///< holds uploaded captures
  SlotOptions file_options;            ///< every `-i` slot (its `aliases` also go to upload slots)
  size_t max_slots = 16;               ///< slots in all, `-i` ones included
};

/// The daemon's analysis slots, added at start-up (`-i`) and at run time (PCAP uploads), by id. The
/// API reaches it through api::SlotControl. Uploaded files belong to their slot: they are kept while
/// the daemon runs (the slot's statistics refer to them) and removed when the registry stops, and
/// leftovers of a crash are removed at the next start (clean_upload_directory). At most
/// SlotRegistryConfig::max_slots slots exist; a finished slot still counts (slots are not removed at run
/// time) but holds no thread and no file descriptor. Thread-safe.
class SlotRegistry final : public api::SlotControl {
 public:
  explicit SlotRegistry(SlotRegistryConfig config);
  ~SlotRegistry() override;
  SlotRegistry(const SlotRegistry&) = delete;
  SlotRegistry& operator=(const SlotRegistry&) = delete;

  /// Opens a source given with `-i` as the next slot id (0 for the first), not started yet.
  bool add_source(const std::string& source, std::string& error);
  /// Starts every slot added with add_source.
  void start_all();

  std::vector<api::SlotInfo> list() const override;
  std::shared_ptr<api::SlotData> data(uint32_t id) override;
  std::optional<Added> refuse_upload(std::optional<uint32_t> wanted_id) const override;
  Added add_upload(const std::string& path, const std::string& display_name,
                   std::optional<uint32_t> wanted_id) override;
  Opened open_stream(uint32_t id, const std::string& bpf, size_t ring_bytes) override;

  /// Ends every capture download now (before the HTTP server stops, so no server thread waits).
  void end_streams();
  /// Stops every slot and removes the uploaded files. Idempotent.
  void stop_all();

  /// Removes files left in the upload directory by an earlier run; creates the directory (0700).
  static bool clean_upload_directory(const std::string& directory, std::string& error);

 private:
  struct Entry {
    std::shared_ptr<SlotRunner> runner;  ///< shared with API calls that read its statistics
    std::string upload_path;             ///< the uploaded file this slot reads; empty for `-i` sources
  };

  uint32_t free_id_locked() const;
  /// Why an upload into `wanted_id` (or any id) cannot have a slot now, if it cannot.
  std::optional<Added> refusal_locked(std::optional<uint32_t> wanted_id) const;
  /// Joins the threads of slots that have finished.
  void reap_locked() const;

  SlotRegistryConfig config_;
  mutable std::mutex mutex_;
  std::map<uint32_t, Entry> slots_;
};

}  // namespace netmeter::app
