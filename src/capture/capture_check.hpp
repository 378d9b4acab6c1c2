#pragma once

#include <string>

namespace netmeter::capture {

/// What check_capture_file() found.
struct CaptureCheck {
  bool ok = false;
  /// Set when not ok: why, in words a client may see. It never contains the file's path (uploads live in
  /// the server's data directory), so libpcap's own messages are not passed on.
  std::string problem;
};

/// Whether `path` is a capture that can be analysed: a pcap or pcapng file of a supported link type whose
/// first packet can be read. Opens the file and closes it again.
CaptureCheck check_capture_file(const std::string& path);

}  // namespace netmeter::capture
