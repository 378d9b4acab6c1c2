#pragma once

#include <ostream>
#include <string>

#include "report/json_writer.hpp"

namespace netmeter::report {

/// Writes the members of one JSON object, one per line, flushing its buffer to the stream as it goes, so
/// a report with hundreds of thousands of rows never sits in memory whole.
class SectionWriter {
 public:
  explicit SectionWriter(std::ostream& out) : out_(out), w_(buf_) {}
  ~SectionWriter() { flush(); }

  /// `"name": <one value>`
  template <typename Body>
  void member(const char* name, Body&& body) {
    begin_member(name);
    body(w_);
  }
  /// `"name": [` then one element per line `]`; `each(w, item)` writes one element.
  template <typename Range, typename Each>
  void list(const char* name, const Range& items, Each&& each) {
    begin_member(name);
    buf_ += '[';
    bool first = true;
    for (const auto& item : items) {
      buf_ += first ? "\n      " : ",\n      ";
      first = false;
      each(w_, item);
      if (buf_.size() > (1u << 20)) flush();
    }
    buf_ += first ? "]" : "\n    ]";
  }
  void end() {
    buf_ += "\n  }";
    flush();
  }

 private:
  void begin_member(const char* name) {
    buf_ += members_++ ? ",\n    " : "{\n    ";
    JsonWriter::append_string(buf_, name);
    buf_ += ": ";
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

  std::ostream& out_;
  std::string buf_;
  JsonWriter w_;
  size_t members_ = 0;
};

}  // namespace netmeter::report
