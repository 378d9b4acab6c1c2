#include "http/detail/body_receiver.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "test_support.hpp"

namespace netmeter::http {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

RequestHead head_with(std::string content_type, uint64_t length) {
  RequestHead head;
  head.method = "POST";
  if (!content_type.empty()) head.headers.add("Content-Type", std::move(content_type));
  head.content_length = length;
  return head;
}

TEST(BodyReceiver, MemoryBody) {
  BodyLease lease(nullptr);
  MadeReceiver made =
      make_body_receiver(BodyPolicy::in_memory(), head_with("application/json", 9), 100, lease);
  ASSERT_TRUE(made.receiver);
  EXPECT_FALSE(made.receiver->feed(std::string_view("{\"a\":")));
  EXPECT_FALSE(made.receiver->feed(std::string_view("1}")));
  Request request;
  EXPECT_FALSE(made.receiver->finish(request));
  EXPECT_EQ(request.body, "{\"a\":1}");
  EXPECT_FALSE(request.body_file);
}

TEST(BodyReceiver, RawFileIsKeptOnlyWhenFinished) {
  testing::TempDir dir;
  BodyLease lease(nullptr);
  std::string path;
  {
    MadeReceiver made =
        make_body_receiver(BodyPolicy::to_file(dir.path(), 100), head_with("", 5), 100, lease);
    ASSERT_TRUE(made.receiver);
    EXPECT_FALSE(made.receiver->feed(std::string_view("abc")));
    path = std::filesystem::directory_iterator(dir.path())->path().string();
  }
  EXPECT_FALSE(std::filesystem::exists(path)) << "an unfinished body must not stay on disk";

  MadeReceiver made = make_body_receiver(BodyPolicy::to_file(dir.path(), 100), head_with("", 5), 100, lease);
  EXPECT_FALSE(made.receiver->feed(std::string_view("hello")));
  Request request;
  EXPECT_FALSE(made.receiver->finish(request));
  made.receiver.reset();
  ASSERT_TRUE(request.body_file);
  EXPECT_EQ(request.body_file->size, 5u);
  EXPECT_EQ(read_file(request.body_file->path), "hello");
  EXPECT_EQ(std::filesystem::status(request.body_file->path).permissions() & std::filesystem::perms::all,
            std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

TEST(BodyReceiver, MultipartFieldsAndFiles) {
  testing::TempDir dir;
  BodyLease lease(nullptr);
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"ifid\"\r\n\r\n3\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"pcap\"; filename=\"../x/trace?.pcap\"\r\n"
      "Content-Type: application/vnd.tcpdump.pcap\r\n\r\nPCAPDATA\r\n--B--\r\n";
  MadeReceiver made =
      make_body_receiver(BodyPolicy::to_file(dir.path(), 1000),
                         head_with("multipart/form-data; boundary=B", body.size()), 1000, lease);
  ASSERT_TRUE(made.receiver);
  EXPECT_FALSE(made.receiver->feed(body));
  Request request;
  EXPECT_FALSE(made.receiver->finish(request));
  made.receiver.reset();
  ASSERT_EQ(request.form_fields.size(), 1u);
  EXPECT_EQ(request.form_field("ifid")->value, "3");
  ASSERT_EQ(request.files.size(), 1u);
  EXPECT_EQ(request.files[0].field_name, "pcap");
  EXPECT_EQ(request.files[0].file_name, "trace_.pcap");
  EXPECT_EQ(request.files[0].content_type, "application/vnd.tcpdump.pcap");
  EXPECT_EQ(request.files[0].size, 8u);
  EXPECT_EQ(read_file(request.files[0].path), "PCAPDATA");
}

TEST(BodyReceiver, MultipartErrors) {
  testing::TempDir dir;
  BodyLease lease(nullptr);
  MadeReceiver made = make_body_receiver(BodyPolicy::to_file(dir.path(), 1000),
                                         head_with("multipart/form-data", 10), 1000, lease);
  ASSERT_TRUE(made.error);
  EXPECT_EQ(made.error->status, 400);

  made = make_body_receiver(BodyPolicy::to_file(dir.path(), 1000),
                            head_with("multipart/form-data; boundary=B", 10), 1000, lease);
  ASSERT_TRUE(made.receiver);
  EXPECT_FALSE(made.receiver->feed(
      std::string_view("--B\r\nContent-Disposition: form-data; name=f; filename=a\r\n\r\nxx")));
  Request request;
  auto error = made.receiver->finish(request);
  ASSERT_TRUE(error);
  EXPECT_EQ(error->status, 400);
  made.receiver.reset();
  EXPECT_TRUE(std::filesystem::is_empty(dir.path())) << "files of a failed upload are removed";

  MadeReceiver missing =
      make_body_receiver(BodyPolicy::to_file(dir.path() + "/nope", 10), head_with("", 1), 10, lease);
  ASSERT_TRUE(missing.error);
  EXPECT_EQ(missing.error->status, 500);
  EXPECT_NE(missing.error->detail.find("nope"), std::string::npos);
}

TEST(BodyReceiver, MemoryBodiesComeOutOfTheServerWideBudget) {
  BodyBudget budget(100);
  {
    BodyLease first(&budget);
    MadeReceiver made = make_body_receiver(BodyPolicy::in_memory(), head_with("", 60), 1000, first);
    ASSERT_TRUE(made.receiver);
    EXPECT_EQ(budget.used(), 60u) << "an announced body is admitted whole, before a byte is read";

    BodyLease second(&budget);
    MadeReceiver refused = make_body_receiver(BodyPolicy::in_memory(), head_with("", 60), 1000, second);
    ASSERT_TRUE(refused.error);
    EXPECT_EQ(refused.error->status, 503);
    EXPECT_EQ(budget.refusals(), 1u);

    // A chunked body (no length) grows its share as it arrives, and is refused once it no longer fits.
    RequestHead chunked = head_with("", 0);
    chunked.content_length.reset();
    chunked.chunked = true;
    MadeReceiver growing = make_body_receiver(BodyPolicy::in_memory(), chunked, 1000, second);
    ASSERT_TRUE(growing.receiver);
    EXPECT_FALSE(growing.receiver->feed(std::string(30, 'x')));
    EXPECT_EQ(budget.used(), 90u);
    auto error = growing.receiver->feed(std::string(30, 'y'));
    ASSERT_TRUE(error);
    EXPECT_EQ(error->status, 503);
  }
  EXPECT_EQ(budget.used(), 0u) << "leases give everything back";
}

}  // namespace
}  // namespace netmeter::http
