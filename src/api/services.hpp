#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "api/stream_limit.hpp"
#include "auth/auth_service.hpp"
#include "core/growing_file.hpp"
#include "ringbuffer/extractor.hpp"

namespace netmeter::query {
class QueryService;
}
namespace netmeter::alerts {
class AlertService;
}
namespace netmeter::notify {
class NotificationService;
}
namespace netmeter::history {
class HistoryStore;
class ExportQueue;
}  // namespace netmeter::history
namespace netmeter::store {
class Database;
}

namespace netmeter::api {

class AsyncJobs;
class BackgroundWork;
class HostAliasBook;
class CaptureExports;
class ResponseCache;

/// One analysis slot as the API lists it.
struct SlotInfo {
  uint32_t id = 0;
  std::string name;
  bool uploaded = false;  ///< analyses an uploaded capture file
};

/// The packets of one slot from now on, for a capture download. Bounded: when the consumer is slower
/// than the slot, packets are dropped (and counted), never buffered without limit. Nothing here waits:
/// a consumer with nothing to do arms a notification and returns to its event loop.
class PacketStream {
 public:
  struct Packet {
    int64_t ts_ns = 0;
    uint32_t caplen = 0;
    uint32_t wire_len = 0;
    std::span<const std::byte> data;  ///< valid until pop()
  };
  virtual ~PacketStream() = default;
  /// LINKTYPE_* of the slot, for the pcap file header.
  virtual uint32_t pcap_link_type() const = 0;
  /// The oldest queued packet, or nullopt when none is queued right now.
  virtual std::optional<Packet> next() = 0;
  /// Releases the packet returned by next().
  virtual void pop() = 0;
  /// True once the slot's source ended: after the queued packets, nothing more comes.
  virtual bool ended() const = 0;
  virtual uint64_t dropped() const = 0;
  /// Once, before the first arm_notify(): what to call, from the slot's reader thread, when a packet was
  /// queued or the stream ended while armed. It must be quick and must not block.
  virtual void set_notify(std::function<void()> notify) = 0;
  /// About to wait: arms one call of the notify function. False (and no call promised) when a packet is
  /// queued or the stream ended already: look again instead of waiting.
  virtual bool arm_notify() = 0;
};

/// Where a slot's analysis stands, read without waiting for its packet threads.
struct SlotStatus {
  enum class State { running, finished };
  State state = State::running;
  bool live = false;              ///< a live interface (else a capture file)
  std::string link_type;          ///< "ethernet", "raw IP", ...
  uint64_t packets_read = 0;      ///< frames handed to the engine so far (updated every 64 Ki frames)
  uint64_t file_bytes_done = 0;   ///< capture files: how far the file was read
  uint64_t file_bytes_total = 0;  ///< capture files: its size (0: unknown)
  uint64_t kernel_drops = 0;      ///< live: frames the kernel dropped
  uint64_t interface_drops = 0;   ///< live: frames the interface dropped
  int64_t started_unix_ms = 0;    ///< wall clock when the slot started
};

/// One slot's statistics and status. Holding the shared_ptr keeps them valid (also while the daemon
/// stops), so a query running off the server threads never sees them go away.
class SlotData {
 public:
  virtual ~SlotData() = default;
  virtual const SlotInfo& info() const = 0;
  /// The query layer over the slot's statistics; null when statistics are off for the slot.
  virtual const query::QueryService* query() const = 0;
  virtual SlotStatus status() const = 0;
  /// Clears the slot's statistics (totals, history, lists); traffic from now on is counted afresh.
  /// False when the slot keeps no statistics.
  virtual bool reset_statistics() = 0;
  /// The slot's packet ring buffer; null when the slot records none.
  virtual const ringbuffer::RingRecorder* ring_buffer() const { return nullptr; }
  /// Suspends or resumes recording into the ring buffer; false when the slot records none.
  virtual bool suspend_ring_buffer(bool /*suspended*/) { return false; }
};

/// The daemon's analysis slots, as the API may use them (implemented in app/). Thread-safe.
class SlotControl {
 public:
  virtual ~SlotControl() = default;

  virtual std::vector<SlotInfo> list() const = 0;
  /// The statistics of slot `id`, or null when there is no such slot.
  virtual std::shared_ptr<SlotData> data(uint32_t id) = 0;

  struct Added {
    std::optional<uint32_t> id;
    int status = 0;  ///< when `id` is unset: 400 (not a capture file), 409 (slot id taken), 503 (no free
                     ///< slot), 500
    std::string error;
  };
  /// Whether an upload into `wanted_id` (or any free id) would be refused now for want of a slot: the
  /// refusal (409, 503) or nullopt. Asked from the request head, so that no body is stored in vain;
  /// add_upload checks again.
  virtual std::optional<Added> refuse_upload(std::optional<uint32_t> wanted_id) const = 0;
  /// Starts an analysis slot for the capture file at `path` (moved into the slot's keeping, or removed
  /// when the slot cannot start). `wanted_id` must be free; otherwise the lowest free id ≥ 1 is used.
  virtual Added add_upload(const std::string& path, const std::string& display_name,
                           std::optional<uint32_t> wanted_id) = 0;

  struct Opened {
    std::unique_ptr<PacketStream> stream;
    int status = 0;  ///< when `stream` is null: 404 (no such slot), 400 (bad filter), 503 (too many)
    std::string error;
  };
  /// Subscribes to the packets of slot `id` matching `bpf` (libpcap syntax; empty: all), queued in a
  /// ring of `ring_bytes`.
  virtual Opened open_stream(uint32_t id, const std::string& bpf, size_t ring_bytes) = 0;

  // ---- Issue 11: uploads in three steps (prepare, start, stream), and stopping and deleting slots. ----
  // Defaults refuse (501), so that a SlotControl without them (tests) needs nothing.

  /// Who asks: owners and admins may start, stop and delete a slot.
  struct Actor {
    std::string user;
    bool admin = false;
  };
  /// POST /API/system/replay/upload.
  struct UploadSpec {
    std::string file_name;  ///< sanitised
    uint64_t file_size = 0;
    std::optional<uint32_t> slot_id;
    bool force_slot_id = false;   ///< false: another free id may be taken when `slot_id` is in use
    bool record_packets = false;  ///< useReplayBuffer: kept as SlotOptions::record_packets
  };
  /// Reserves a slot (state "prepared") owned by `actor`. Errors: 409 (id taken and forced), 503 (none free).
  virtual Added prepare_upload(const UploadSpec&, const Actor&) { return not_here(); }
  /// Arms a prepared slot ("waiting"): the next upload into it is analysed while it arrives. 404, 403, 409.
  virtual Added start_upload(uint32_t, const Actor&) { return not_here(); }
  struct Streamed {
    bool applies = false;  ///< false: `id` is no three-step slot; the upload takes today's way
    std::shared_ptr<core::GrowingFile> progress;  ///< when applies and no error: report the body here
    int status = 0;
    std::string error;
  };
  /// From the head of an upload into slot `id`: whether the slot follows the body as it arrives.
  virtual Streamed stream_upload(uint32_t, const Actor&) { return {}; }
  /// After a followed body arrived: keeps its file (at `path`, renamed) with the slot. No id and status 0:
  /// slot `id` follows no upload, or another one than `progress` (deleted meanwhile).
  virtual Added finish_stream(uint32_t, const std::string&, const core::GrowingFile*) { return not_here(); }
  /// Records who uploaded into slot `id` the one-shot way (owners may stop and delete their slots).
  virtual void set_owner(uint32_t, const std::string&) {}
  /// Ends the analysis of a slot; its statistics stay. 404, 403.
  virtual Added stop_slot(uint32_t, const Actor&) { return not_here(); }
  /// Removes a slot: statistics, uploaded file, and its id. Slot 0 and `-i` slots: 409. 404, 403.
  virtual Added delete_slot(uint32_t, const Actor&) { return not_here(); }
  /// One slot as GET /API/stats/pcap shows it.
  struct UploadStatus {
    uint32_t id = 0;
    std::string state;  ///< prepared, waiting, receiving, analysing, finished, stopped, failed
    std::string file_name;
    std::string owner;
    bool uploaded = false;        ///< an upload slot (else a `-i` source)
    uint64_t file_size = 0;       ///< announced (three-step) or stored size
    uint64_t bytes_received = 0;  ///< of the upload so far
    uint64_t bytes_analysed = 0;  ///< handed to the analysis so far
    bool record_packets = false;  ///< useReplayBuffer as asked
    std::string error;            ///< why it failed
  };
  virtual std::vector<UploadStatus> upload_status() const { return {}; }

  // ---- ring-buffer replay (/API/stats/ringBufferReplay) ----
  /// Analyses the packets of slot `from`'s ring buffer that `request` selects in a new slot owned by
  /// `actor` (deletable like an upload). 404 (no slot, or no ring buffer), 400 (bpf), 409, 503.
  virtual Added replay_ring_buffer(uint32_t /*from*/, ringbuffer::ExtractRequest /*request*/,
                                   std::optional<uint32_t> /*wanted_id*/, const Actor& /*actor*/) {
    return not_here();
  }

 protected:
  static Added not_here() { return {std::nullopt, 501, "not supported by this process"}; }
};

/// What the routes need from the rest of the process; built by app/ and outliving the server.
struct ApiServices {
  auth::AuthService& auth;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::string version = "0.1.0";
  SlotControl* slots = nullptr;  ///< null: no slots (tests)
  /// Capture downloads open at once (all slots), and the ring each one queues packets in: together the
  /// bound on the memory downloads can take.
  StreamLimit downloads{256};
  size_t download_ring_bytes = 2u << 20;
  /// Results of costly Allegro requests (globalConnections), computed off the server threads; null:
  /// such requests are absent (tests).
  AsyncJobs* async = nullptr;
  /// Statistics answers kept while the data they came from is unchanged; null: none kept.
  ResponseCache* cache = nullptr;
  /// The users' host aliases (stored and shown); null: set/host/alias is absent (tests).
  HostAliasBook* aliases = nullptr;
  /// Ring-buffer extractions written to files (captureToMedia); null: absent (tests).
  CaptureExports* exports = nullptr;
  /// Engaged alerts of the slots and past alerts in the store; null: the alert endpoints answer empty.
  alerts::AlertService* alerts = nullptr;
  /// Notification endpoints and recipients; null: their endpoints are absent.
  notify::NotificationService* notifications = nullptr;
  /// The store of past flows (--history); null: the get/db/ endpoints are absent.
  history::HistoryStore* history = nullptr;
  /// Threads that run long queries (the history store) off the HTTP server's threads; null: on them.
  BackgroundWork* background = nullptr;
  /// The export queue into that store, for its counters (docs/history.md "Counters"); null: none.
  const history::ExportQueue* history_export = nullptr;
  /// The store holding ntopng's pools (docs/ntopng/pools.md); null: the pool endpoints are absent.
  store::Database* pools = nullptr;
};

}  // namespace netmeter::api
