#include "http/detail/body_receiver.hpp"

#include <algorithm>
#include <vector>

#include "http/detail/temp_file.hpp"
#include "http/header_value.hpp"
#include "http/multipart_parser.hpp"
#include "http/sanitise.hpp"

namespace netmeter::http {
namespace {

constexpr uint64_t kMaxFieldBytes = 1 << 20;  // all non-file multipart fields together
constexpr uint64_t kMaxReserve = 1 << 20;     // in-memory bodies grow past this as bytes arrive

TransportError memory_full() {
  return {503, "the server holds too many request bodies right now; retry shortly"};
}

class MemoryReceiver final : public BodyReceiver {
 public:
  MemoryReceiver(uint64_t reserve, BodyLease& lease) : lease_(lease) { body_.reserve(reserve); }
  std::optional<TransportError> feed(std::span<const char> data) override {
    if (!lease_.ensure(body_.size() + data.size())) return memory_full();
    body_.append(data.data(), data.size());
    return std::nullopt;
  }
  std::optional<TransportError> finish(Request& request) override {
    request.body = std::move(body_);
    return std::nullopt;
  }

 private:
  std::string body_;
  BodyLease& lease_;
};

// The path is not shown to clients.
TransportError store_error(std::string detail = {}) {
  return {500, "cannot store the request body", std::move(detail)};
}

// Reports a body file to the GrowingFile of the policy, if any. Bytes are reported after they were
// written; the end is reported by the connection (complete here, aborted there for every other outcome).
class ProgressReport {
 public:
  explicit ProgressReport(std::shared_ptr<core::GrowingFile> progress) : progress_(std::move(progress)) {}
  void opened(const std::string& path) {
    if (progress_) progress_->opened(path);
  }
  void wrote(uint64_t n) {
    if (progress_) progress_->wrote(n);
  }
  void complete() {
    if (progress_) progress_->complete();
  }

 private:
  std::shared_ptr<core::GrowingFile> progress_;
};

class FileReceiver final : public BodyReceiver {
 public:
  FileReceiver(std::unique_ptr<TempFile> file, std::shared_ptr<core::GrowingFile> progress)
      : file_(std::move(file)), report_(std::move(progress)) {
    report_.opened(file_->path());
  }
  std::optional<TransportError> feed(std::span<const char> data) override {
    if (!file_->write(data)) return store_error();
    report_.wrote(data.size());
    return std::nullopt;
  }
  std::optional<TransportError> finish(Request& request) override {
    if (!file_->close()) return store_error();
    uint64_t size = file_->size();
    request.body_file = BodyFile{file_->release(), size};
    report_.complete();
    return std::nullopt;
  }

 private:
  std::unique_ptr<TempFile> file_;
  ProgressReport report_;
};

class MultipartReceiver final : public BodyReceiver, private MultipartParser::Sink {
 public:
  MultipartReceiver(const std::string& boundary, std::string directory, BodyLease& lease,
                    std::shared_ptr<core::GrowingFile> progress)
      : parser_(boundary, *this),
        directory_(std::move(directory)),
        lease_(lease),
        report_(std::move(progress)) {}

  std::optional<TransportError> feed(std::span<const char> data) override {
    if (!parser_.feed(data)) return take_error();
    return std::nullopt;
  }

  std::optional<TransportError> finish(Request& request) override {
    if (!parser_.finish()) return take_error();
    for (size_t i = 0; i < files_.size(); ++i) {
      files_[i].path = temps_[i]->release();
      request.files.push_back(std::move(files_[i]));
    }
    request.form_fields = std::move(fields_);
    return std::nullopt;
  }

 private:
  TransportError take_error() {
    if (error_) return *error_;
    return {400, parser_.error()};
  }

  bool on_part_begin(const MultipartPartHead& head) override {
    if (!head.file_name) {
      fields_.push_back({head.name, {}});
      in_file_ = false;
      return true;
    }
    TempFile::Created created = TempFile::create(directory_);
    if (!created.file) {
      error_ = store_error(created.error);
      return false;
    }
    temps_.push_back(std::move(created.file));
    files_.push_back({head.name, sanitise_file_name(*head.file_name), head.content_type, {}, 0});
    in_file_ = true;
    reporting_ = temps_.size() == 1;  // the first file part is the one a reader follows
    if (reporting_) report_.opened(temps_.back()->path());
    return true;
  }

  bool on_part_data(std::span<const char> data) override {
    if (in_file_) {
      if (temps_.back()->write(data)) {
        if (reporting_) report_.wrote(data.size());
        return true;
      }
      error_ = store_error();
      return false;
    }
    field_bytes_ += data.size();
    if (field_bytes_ > kMaxFieldBytes) {
      error_ = TransportError{413, "multipart form fields too large"};
      return false;
    }
    if (!lease_.ensure(field_bytes_)) {
      error_ = memory_full();
      return false;
    }
    fields_.back().value.append(data.data(), data.size());
    return true;
  }

  bool on_part_end() override {
    if (!in_file_) return true;
    if (!temps_.back()->close()) {
      error_ = store_error();
      return false;
    }
    files_.back().size = temps_.back()->size();
    if (reporting_) report_.complete();
    reporting_ = false;
    return true;
  }

  MultipartParser parser_;
  std::string directory_;
  BodyLease& lease_;
  std::vector<FormField> fields_;
  std::vector<UploadedFile> files_;
  std::vector<std::unique_ptr<TempFile>> temps_;  // parallel to files_
  ProgressReport report_;
  bool in_file_ = false;
  bool reporting_ = false;
  uint64_t field_bytes_ = 0;
  std::optional<TransportError> error_;
};

}  // namespace

MadeReceiver make_body_receiver(const BodyPolicy& policy, const RequestHead& head, uint64_t max_bytes,
                                BodyLease& lease) {
  if (policy.storage == BodyPolicy::Storage::memory) {
    // A body of announced length is admitted whole or not at all, before any byte of it is read.
    uint64_t announced = std::min(head.content_length.value_or(0), max_bytes);
    if (!lease.ensure(announced)) return {nullptr, memory_full()};
    uint64_t reserve = std::min(announced, kMaxReserve);
    return {std::make_unique<MemoryReceiver>(reserve, lease), std::nullopt};
  }
  auto content_type = head.headers.get("Content-Type");
  if (content_type && parse_parameterized(*content_type).value == "multipart/form-data") {
    auto boundary = MultipartParser::boundary_of(*content_type);
    if (!boundary) return {nullptr, TransportError{400, "multipart/form-data without a valid boundary"}};
    return {std::make_unique<MultipartReceiver>(*boundary, policy.directory, lease, policy.progress),
            std::nullopt};
  }
  TempFile::Created created = TempFile::create(policy.directory);
  if (!created.file) return {nullptr, store_error(created.error)};
  return {std::make_unique<FileReceiver>(std::move(created.file), policy.progress), std::nullopt};
}

}  // namespace netmeter::http
