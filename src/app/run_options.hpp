#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace netmeter::app {

/// `netmeter run`: what the command line and the config file set.
struct RunOptions {
  std::vector<std::string> interfaces;  ///< live interfaces or capture files, one analysis slot each
  std::string local_networks;           ///< empty: the engine's default
  std::vector<std::string> listen;      ///< "0.0.0.0:8443", "[::]:8443", "8443"; empty: 0.0.0.0:8443
  int http_port = 0;                    ///< plain HTTP on 127.0.0.1; 0: off
  std::string data_dir = "./netmeter-data";
  std::string geoip_dir;      ///< empty: DATA_DIR/geoip, else the repository's data/geoip (scripts/setup)
  unsigned workers = 0;       ///< engine workers per slot (0: cores - 1, at least 1)
  unsigned http_threads = 2;  ///< API threads
  std::string tls_cert;
  std::string tls_key;
  std::string admin_password;  ///< first start only (flag or NETMETER_ADMIN_PASSWORD)
  std::string log_level = "info";
  int session_duration_s = 3600;  ///< default of auth_session_duration
  int login_max_failures = 10;    ///< failed logins per address and window before 429
  int login_window_s = 60;
  uint64_t max_upload_bytes = uint64_t{64} << 30;  ///< per PCAP upload
  double replay_speed = 0;                         ///< capture-file `-i` slots: > 0 paces the replay
  // Limits of the API server (see docs/api.md, "Limits").
  size_t max_connections = 1024;
  size_t max_connections_per_client = 64;
  int handshake_timeout_s = 5;
  int header_timeout_s = 10;
  int keepalive_timeout_s = 30;
  uint64_t max_body_memory = uint64_t{64} << 20;
  size_t max_downloads = 256;                    ///< capture downloads open at once, all slots
  uint64_t download_buffer = uint64_t{2} << 20;  ///< ring bytes per capture download
  size_t max_slots = 16;                         ///< analysis slots in all, `-i` ones included
  size_t notification_queue = 1024;  ///< alerts waiting per notification endpoint; beyond: dropped, counted
  size_t slot_memory_mib = 256;      ///< memory bound of one upload slot
  std::string ndpi_protos;           ///< nDPI custom protocols file (every slot); empty: none
  std::vector<std::string> blacklists;  ///< IP blacklists (FireHOL / Spamhaus DROP format)
  // The packet ring buffer (docs/ringbuffer.md).
  std::string ringbuffer_size = "10%";  ///< per recording slot: bytes ("2G") or a share of the disk ("10%")
  uint32_t ringbuffer_snaplen = 0;      ///< bytes kept of each packet; 0: all
  bool ringbuffer_files = false;        ///< capture-file and upload slots record too
  bool no_ringbuffer = false;           ///< no slot records
  // The store of past flows (docs/history.md).
  std::string history = "sqlite";        ///< "sqlite" (DATA_DIR/history.db), "clickhouse://..." or "none"
  std::string history_password_file;     ///< ClickHouse password: the file's first line; empty: none
  uint32_t history_retention_days = 30;  ///< flows older than this (packet time) are deleted; 0: kept
  std::string history_max_size =
      "0";  ///< bound of the store: bytes ("20G") or a share of the disk ("5%"); 0: none
  uint32_t history_periodic_s = 60;  ///< a long-lived flow's row every this many seconds; 0: at its end only
  size_t history_queue = 200000;     ///< flows waiting for the store; beyond: dropped, counted
  uint32_t history_series_retention_days = 365;  ///< per-minute series older than this are deleted; 0: kept
};

/// Listen address and port parsed from "-w": nullopt-like empty address on error.
struct ListenAddress {
  std::string address;
  int port = -1;
};
/// "0.0.0.0:8443", "[::]:8443", "127.0.0.1:0", "8443" (all IPv4 addresses). port -1: invalid.
ListenAddress parse_listen(const std::string& text);

}  // namespace netmeter::app
