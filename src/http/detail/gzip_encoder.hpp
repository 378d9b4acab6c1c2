#pragma once

#include <memory>
#include <span>
#include <vector>

namespace netmeter::http {

/// Streaming gzip (deflate with a gzip header) over zlib. Each `write` flushes (Z_SYNC_FLUSH) so what
/// was given is decodable by the client right away; `finish` ends the stream with the gzip trailer.
class GzipEncoder {
 public:
  explicit GzipEncoder(int level = 6);
  ~GzipEncoder();
  GzipEncoder(const GzipEncoder&) = delete;
  GzipEncoder& operator=(const GzipEncoder&) = delete;

  /// Compresses `input` and appends the output to `out`. Returns false on a zlib error.
  bool write(std::span<const char> input, std::vector<char>& out);
  /// Compresses the last `input` and appends it and the trailer to `out`. Returns false on an error.
  bool finish(std::span<const char> input, std::vector<char>& out);

 private:
  bool run(std::span<const char> input, int flush, std::vector<char>& out);

  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace netmeter::http
