#include "api/common/csv_body.hpp"

#include <algorithm>
#include <charconv>
#include <cstring>

namespace netmeter::api {

namespace {

constexpr size_t kBatchBytes = 64 * 1024;

/// `prefix`, the rows batch by batch, then `suffix`.
class BatchedBody final : public http::BodySource {
 public:
  BatchedBody(std::string prefix, CsvRows rows, std::string suffix)
      : buffer_(std::move(prefix)), rows_(std::move(rows)), suffix_(std::move(suffix)) {}

  Pull pull(std::span<char> out) override {
    while (offset_ == buffer_.size()) {
      if (done_) return Pull::end();
      buffer_.clear();
      offset_ = 0;
      done_ = !rows_(buffer_, kBatchBytes);
      if (done_) buffer_.append(suffix_);
    }
    const size_t n = std::min(out.size(), buffer_.size() - offset_);
    std::memcpy(out.data(), buffer_.data() + offset_, n);
    offset_ += n;
    return Pull::data(n);
  }

 private:
  std::string buffer_;
  size_t offset_ = 0;
  bool done_ = false;
  CsvRows rows_;
  std::string suffix_;
};

}  // namespace

void csv_field(std::string& out, std::string_view field) {
  const bool formula = !field.empty() && std::strchr("=+-@", field.front()) != nullptr;
  const bool quote = formula || field.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(field);
    return;
  }
  out.push_back('"');
  if (formula) out.push_back('\'');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void csv_number(std::string& out, uint64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void csv_number(std::string& out, int64_t value) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void csv_number(std::string& out, double value) {
  char buf[32];
  auto r = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, 6);
  out.append(buf, r.ptr);
}

http::Response csv_response(std::string_view header, CsvRows rows, std::string_view file_name) {
  http::Response r(200);
  r.set_header("Content-Type", "text/csv; charset=utf-8");
  r.set_attachment(file_name);
  r.stream = std::make_unique<BatchedBody>(std::string(header) + "\r\n", std::move(rows), std::string());
  return r;
}

http::Response batched_response(std::string_view content_type, std::string prefix, CsvRows rows,
                                std::string suffix) {
  http::Response r(200);
  r.set_header("Content-Type", content_type);
  r.stream = std::make_unique<BatchedBody>(std::move(prefix), std::move(rows), std::move(suffix));
  return r;
}

}  // namespace netmeter::api
