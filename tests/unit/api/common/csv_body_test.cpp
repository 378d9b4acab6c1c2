#include "api/common/csv_body.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace netmeter::api {
namespace {

using Pull = http::BodySource::Pull;

std::string field(std::string_view text) {
  std::string out;
  csv_field(out, text);
  return out;
}

template <typename T>
std::string number(T value) {
  std::string out;
  csv_number(out, value);
  return out;
}

/// The whole body of a streamed response, pulled through a buffer of `piece` bytes.
std::string pull_all(http::Response& r, size_t piece) {
  EXPECT_NE(r.stream, nullptr);
  std::string out;
  std::vector<char> buf(piece);
  for (int guard = 0; guard < 1'000'000; ++guard) {
    Pull p = r.stream->pull(buf);
    if (p.state == Pull::State::end) return out;
    EXPECT_EQ(p.state, Pull::State::data);
    if (p.state != Pull::State::data) return out;
    EXPECT_GE(p.bytes, 1u);
    EXPECT_LE(p.bytes, piece);
    out.append(buf.data(), p.bytes);
  }
  ADD_FAILURE() << "the body never ended";
  return out;
}

/// `batches` batches of `rows` rows each ("b.r\r\n"), the last one reported with `false`.
CsvRows numbered_rows(int batches, int rows, std::vector<size_t>* wants = nullptr) {
  return [batches, rows, wants, next = 0](std::string& out, size_t want) mutable {
    if (wants) wants->push_back(want);
    for (int r = 0; r < rows; ++r)
      out += std::to_string(next) + "." + std::to_string(r) + "\r\n";
    return ++next < batches;
  };
}

std::string expected_rows(int batches, int rows) {
  std::string out;
  for (int b = 0; b < batches; ++b)
    for (int r = 0; r < rows; ++r)
      out += std::to_string(b) + "." + std::to_string(r) + "\r\n";
  return out;
}

TEST(CsvField, PlainTextAsIs) {
  EXPECT_EQ(field("plain"), "plain");
  EXPECT_EQ(field(""), "");
  EXPECT_EQ(field("a b;c"), "a b;c");
  EXPECT_EQ(field("a=b"), "a=b");  // only a leading sign starts a formula
  EXPECT_EQ(field("192.168.1.10"), "192.168.1.10");
}

TEST(CsvField, QuotedWhenNeeded) {
  EXPECT_EQ(field("a,b"), "\"a,b\"");
  EXPECT_EQ(field("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(field("\""), "\"\"\"\"");
  EXPECT_EQ(field("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(field("cr\r"), "\"cr\r\"");
}

TEST(CsvField, FormulaPrefixInsideTheQuotes) {
  EXPECT_EQ(field("=1+2"), "\"'=1+2\"");
  EXPECT_EQ(field("+1"), "\"'+1\"");
  EXPECT_EQ(field("-5"), "\"'-5\"");
  EXPECT_EQ(field("@SUM(A1)"), "\"'@SUM(A1)\"");
  EXPECT_EQ(field("=HYPERLINK(\"x\",\"y\")"), "\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\"");
}

TEST(CsvField, Appends) {
  std::string out = "a,";
  csv_field(out, "b,c");
  out += ',';
  csv_number(out, uint64_t{7});
  EXPECT_EQ(out, "a,\"b,c\",7");
}

TEST(CsvNumber, Integers) {
  EXPECT_EQ(number(uint64_t{0}), "0");
  EXPECT_EQ(number(std::numeric_limits<uint64_t>::max()), "18446744073709551615");
  EXPECT_EQ(number(int64_t{-1}), "-1");  // numbers are never formula-prefixed
  EXPECT_EQ(number(std::numeric_limits<int64_t>::min()), "-9223372036854775808");
}

TEST(CsvNumber, DoublesWithSixSignificantDigits) {
  EXPECT_EQ(number(1.5), "1.5");
  EXPECT_EQ(number(100.0), "100");
  EXPECT_EQ(number(0.1), "0.1");
  EXPECT_EQ(number(2.0 / 3.0), "0.666667");
  EXPECT_EQ(number(1234567.0), "1.23457e+06");
  EXPECT_EQ(number(-0.25), "-0.25");
}

TEST(CsvResponse, HeaderThenRowsAsAnAttachment) {
  for (size_t piece : {1u, 2u, 3u, 7u, 64u, 65536u, 1u << 20}) {
    http::Response r = csv_response("a,b", numbered_rows(3, 4), "hosts list.csv");
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.headers().get("Content-Type"), "text/csv; charset=utf-8");
    EXPECT_EQ(r.headers().get("Content-Disposition"), "attachment; filename=\"hosts_list.csv\"");
    EXPECT_EQ(pull_all(r, piece), "a,b\r\n" + expected_rows(3, 4)) << piece;
  }
}

TEST(BatchedResponse, PrefixRowsSuffixThroughSmallBuffers) {
  std::string want = "[";  // appended, not "[" + ... + "]": GCC 12 warns falsely (-Wrestrict) on that
  want += expected_rows(5, 3);
  want += ']';
  for (size_t piece : {1u, 2u, 5u, 13u, 4096u}) {
    http::Response r = batched_response("application/json", "[", numbered_rows(5, 3), "]");
    EXPECT_EQ(r.headers().get("Content-Type"), "application/json");
    EXPECT_EQ(pull_all(r, piece), want) << piece;
  }
}

TEST(BatchedResponse, RowsArePulledOnlyAsTheClientReads) {
  std::vector<size_t> wants;
  http::Response r = batched_response("text/plain", "", numbered_rows(100, 1, &wants), "");
  std::vector<char> buf(4);
  ASSERT_EQ(r.stream->pull(buf).state, Pull::State::data);  // "0.0\r" of the first batch
  EXPECT_EQ(wants.size(), 1u);
  EXPECT_GT(wants[0], 0u);
  EXPECT_EQ(std::string(buf.data(), 4), "0.0\r");
  ASSERT_EQ(r.stream->pull(buf).bytes, 1u);  // the rest of that batch: "\n"
  EXPECT_EQ(wants.size(), 1u);
  ASSERT_EQ(r.stream->pull(buf).state, Pull::State::data);
  EXPECT_EQ(wants.size(), 2u);
}

TEST(BatchedResponse, EmptyTables) {
  auto none = [](std::string&, size_t) { return false; };
  http::Response array = batched_response("application/json", "[", none, "]");
  EXPECT_EQ(pull_all(array, 1), "[]");
  http::Response csv = csv_response("x", none, "x.csv");
  EXPECT_EQ(pull_all(csv, 3), "x\r\n");
  http::Response nothing = batched_response("text/plain", "", none, "");
  std::vector<char> buf(8);
  EXPECT_EQ(nothing.stream->pull(buf).state, Pull::State::end);
  EXPECT_EQ(nothing.stream->pull(buf).state, Pull::State::end);  // and stays ended
}

// Rows given in the same call that says the table is done are not lost; a batch that added nothing but
// is not the last is followed by the next.
TEST(BatchedResponse, LastBatchWithRowsAndEmptyBatches) {
  int calls = 0;
  auto rows = [&calls](std::string& out, size_t) {
    ++calls;
    if (calls == 1 || calls == 3) return true;  // nothing this time
    out += calls == 2 ? "first\r\n" : "last\r\n";
    return calls < 4;
  };
  http::Response r = batched_response("text/csv", "h\r\n", rows, "end");
  EXPECT_EQ(pull_all(r, 2), "h\r\nfirst\r\nlast\r\nend");
  EXPECT_EQ(calls, 4);
}

}  // namespace
}  // namespace netmeter::api
