#pragma once

// Helpers shared by the libFuzzer targets.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/link_type.hpp"

namespace netmeter::fuzz {

/// A broken invariant is a finding like a sanitizer report: print it and abort so libFuzzer saves the input.
#define NETMETER_FUZZ_CHECK(cond)                                                                       \
  do {                                                                                                  \
    if (!(cond)) {                                                                                      \
      std::fprintf(stderr, "netmeter fuzz: invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                                     \
    }                                                                                                   \
  } while (0)

constexpr int kLinkTypeCount = static_cast<int>(core::kLastLinkType) + 1;

/// The link type a selector byte names: its low nibble, modulo the number of link types. Nibble 15 (not a
/// link type of its own) selects, by `extra`'s value, one of those past the 15th.
inline core::LinkType link_type_from_byte(uint8_t b, uint8_t extra = 0) {
  int nibble = b & 0x0F;
  if (nibble == 15 && kLinkTypeCount > 15)
    return static_cast<core::LinkType>(15 + extra % (kLinkTypeCount - 15));
  return static_cast<core::LinkType>(nibble % kLinkTypeCount);
}

/// The first `fields - 1` lines of `text` and the rest (newlines included) as the last field; missing
/// fields are empty.
inline std::vector<std::string_view> split_lines(std::string_view text, size_t fields) {
  std::vector<std::string_view> out;
  while (out.size() + 1 < fields) {
    size_t nl = text.find('\n');
    if (nl == std::string_view::npos) break;
    out.push_back(text.substr(0, nl));
    text.remove_prefix(nl + 1);
  }
  out.push_back(text);
  out.resize(fields);
  return out;
}

/// A temporary file for targets that hand a library a path: made once per process with mkstemp under
/// $TMPDIR (or /tmp), removed when the process exits.
inline const std::string& temp_file_path() {
  struct TempFile {
    std::string path;
    TempFile() {
      const char* dir = std::getenv("TMPDIR");
      path = std::string(dir && *dir ? dir : "/tmp") + "/netmeter-fuzz-XXXXXX";
      int fd = mkstemp(path.data());
      NETMETER_FUZZ_CHECK(fd >= 0);
      close(fd);
    }
    ~TempFile() { unlink(path.c_str()); }
  };
  static const TempFile file;
  return file.path;
}

}  // namespace netmeter::fuzz
