#include "api/common/ring_extraction.hpp"

namespace netmeter::api {

namespace {

class RingExtractionBody final : public http::BodySource {
 public:
  RingExtractionBody(std::shared_ptr<SlotData> slot, std::unique_ptr<ringbuffer::Extraction> extraction,
                     std::optional<StreamLimit::Ticket> ticket)
      : slot_(std::move(slot)), extraction_(std::move(extraction)), ticket_(std::move(ticket)) {}

  Pull pull(std::span<char> buffer) override {
    size_t n = extraction_->read(buffer);
    if (n > 0) return Pull::data(n);
    if (extraction_->done()) return Pull::end();
    return Pull::pending(std::chrono::milliseconds(0));  // read packets, none matched yet: yield, go on
  }

 private:
  std::shared_ptr<SlotData> slot_;  ///< keeps the recorder alive
  std::unique_ptr<ringbuffer::Extraction> extraction_;
  std::optional<StreamLimit::Ticket> ticket_;
};

}  // namespace

RingExtraction open_ring_extraction(std::shared_ptr<SlotData> slot, ringbuffer::ExtractRequest request,
                                    std::optional<StreamLimit::Ticket> ticket) {
  const ringbuffer::RingRecorder* recorder = slot ? slot->ring_buffer() : nullptr;
  if (!recorder)
    return {nullptr, "this slot has no ring buffer (live slots record; files with --ringbuffer-files)", 404};
  auto extraction = std::make_unique<ringbuffer::Extraction>(*recorder, std::move(request));
  if (!extraction->error().empty()) return {nullptr, "bpf: " + extraction->error(), 400};
  return {
      std::make_unique<RingExtractionBody>(std::move(slot), std::move(extraction), std::move(ticket)), {}, 0};
}

}  // namespace netmeter::api
