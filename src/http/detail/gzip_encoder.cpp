#include "http/detail/gzip_encoder.hpp"

#include <zlib.h>

namespace netmeter::http {

struct GzipEncoder::State {
  z_stream zs{};
  bool ok = false;
  bool finished = false;
};

GzipEncoder::GzipEncoder(int level) : state_(std::make_unique<State>()) {
  // windowBits 15 + 16 selects the gzip wrapper; memLevel 8 is zlib's default.
  state_->ok = deflateInit2(&state_->zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipEncoder::~GzipEncoder() {
  if (state_->ok) deflateEnd(&state_->zs);
}

bool GzipEncoder::write(std::span<const char> input, std::vector<char>& out) {
  if (input.empty()) return state_->ok && !state_->finished;
  return run(input, Z_SYNC_FLUSH, out);
}

bool GzipEncoder::finish(std::span<const char> input, std::vector<char>& out) {
  return run(input, Z_FINISH, out);
}

bool GzipEncoder::run(std::span<const char> input, int flush, std::vector<char>& out) {
  if (!state_->ok || state_->finished) return false;
  z_stream& zs = state_->zs;
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(input.data()));
  zs.avail_in = static_cast<uInt>(input.size());
  for (;;) {
    size_t old = out.size();
    size_t room = deflateBound(&zs, zs.avail_in) + 64;
    out.resize(old + room);
    zs.next_out = reinterpret_cast<Bytef*>(out.data() + old);
    zs.avail_out = static_cast<uInt>(room);
    int rc = deflate(&zs, flush);
    out.resize(old + room - zs.avail_out);
    if (rc == Z_STREAM_END) {
      state_->finished = true;
      return true;
    }
    if (rc != Z_OK && rc != Z_BUF_ERROR) return false;
    if (rc == Z_BUF_ERROR && zs.avail_out == room) return flush != Z_FINISH;  // no progress possible
    // Done when all input is consumed and zlib did not fill the space it was given.
    if (zs.avail_in == 0 && zs.avail_out != 0 && flush != Z_FINISH) return true;
  }
}

}  // namespace netmeter::http
