#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "api/services.hpp"
#include "app/slot_runner.hpp"
#include "capture/growing_file_source.hpp"
#include "engine/engine_config.hpp"

namespace netmeter::app {

/// How the registry makes slots.
struct SlotRegistryConfig {
  engine::EngineConfig engine;         ///< `-i` slots
  engine::EngineConfig upload_engine;  ///< upload slots (bounded by --slot-memory, see slot_memory.hpp)
  std::string upload_directory;        ///< holds uploaded captures
  SlotOptions file_options;            ///< every `-i` slot (its `aliases` also go to upload slots)
  size_t max_slots = 16;               ///< slots in all, `-i` ones included
  /// A followed upload (three-step) that sends no byte for this long fails.
  std::chrono::milliseconds upload_idle_timeout{std::chrono::seconds(120)};
};

/// The daemon's analysis slots, added at start-up (`-i`) and at run time (PCAP uploads), by id. The
/// API reaches it through api::SlotControl. Uploaded files belong to their slot: they are kept while
/// the slot exists and removed by delete_slot or when the registry stops, and leftovers of a crash are
/// removed at the next start (clean_upload_directory). At most SlotRegistryConfig::max_slots slots
/// exist; a finished slot still counts until deleted but holds no thread and no file descriptor.
///
/// Three-step uploads (prepare_upload, start_upload, stream_upload): a prepared slot has no runner yet.
/// When its upload's head arrives, a starter thread waits for the capture's file header in the growing
/// body file (capture::GrowingFileSource), then creates the slot's runner, which analyses the upload
/// while the HTTP server still receives it. Thread-safe.
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
  Added prepare_upload(const UploadSpec& spec, const Actor& actor) override;
  Added start_upload(uint32_t id, const Actor& actor) override;
  Streamed stream_upload(uint32_t id, const Actor& actor) override;
  Added finish_stream(uint32_t id, const std::string& path, const core::GrowingFile* progress) override;
  void set_owner(uint32_t id, const std::string& owner) override;
  Added stop_slot(uint32_t id, const Actor& actor) override;
  Added delete_slot(uint32_t id, const Actor& actor) override;
  Added replay_ring_buffer(uint32_t from, ringbuffer::ExtractRequest request,
                           std::optional<uint32_t> wanted_id, const Actor& actor) override;
  std::vector<UploadStatus> upload_status() const override;

  /// Ends every capture download now (before the HTTP server stops, so no server thread waits).
  void end_streams();
  /// Stops every slot and removes the uploaded files. Idempotent.
  void stop_all();

  /// Removes files left in the upload directory by an earlier run; creates the directory (0700).
  static bool clean_upload_directory(const std::string& directory, std::string& error);

 private:
  /// A slot made by the three-step upload.
  struct Upload {
    UploadSpec spec;
    bool armed = false;                           ///< start_upload was called
    bool stop_requested = false;                  ///< stop_slot was called
    bool cancelled = false;                       ///< being deleted or the registry stops
    std::shared_ptr<core::GrowingFile> progress;  ///< set once its upload began
    std::shared_ptr<std::atomic<uint64_t>> bytes_read = std::make_shared<std::atomic<uint64_t>>(0);
    capture::GrowingFileSource* opening = nullptr;  ///< the starter's source until the runner has it
    std::string failure;                            ///< why the analysis could not start
    std::thread starter;
  };
  struct Entry {
    std::shared_ptr<SlotRunner> runner;  ///< shared with API calls that read its statistics; null while
                                         ///< a three-step slot waits for its upload
    std::string upload_path;             ///< the uploaded file this slot reads; empty for `-i` sources
    std::string owner;                   ///< who uploaded (empty: `-i` source, or unknown)
    std::unique_ptr<Upload> upload;      ///< three-step slots only
    bool stopped = false;                ///< stop_slot was called
    bool replay = false;                 ///< analyses a ring buffer's packets (deletable like an upload)
  };

  uint32_t free_id_locked() const;
  /// Why an upload into `wanted_id` (or any id) cannot have a slot now, if it cannot.
  std::optional<Added> refusal_locked(std::optional<uint32_t> wanted_id) const;
  /// The ring-buffer options of an upload slot: the daemon's, starting from an empty buffer.
  RingBufferOptions upload_ring_options() const;
  /// Removes ring buffers of slot ids that are not `-i` sources (uploads of an earlier run).
  void remove_stale_ring_buffers_locked() const;
  /// Joins the threads of slots that have finished.
  void reap_locked() const;
  /// The starter thread of a followed upload: waits for the capture header, then starts the runner.
  void start_streamed(uint32_t id, Upload* upload, std::unique_ptr<capture::GrowingFileSource> source);
  /// 404 / 403 for `actor` on slot `id`, or null with the entry.
  Entry* owned_locked(uint32_t id, const Actor& actor, Added& refusal);
  static std::string state_of(const Entry& entry);

  SlotRegistryConfig config_;
  mutable std::mutex mutex_;
  std::map<uint32_t, Entry> slots_;
};

}  // namespace netmeter::app
