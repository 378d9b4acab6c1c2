#include <gtest/gtest.h>

#include "history/clickhouse/tsv_result_parser.hpp"
#include "history/history_store.hpp"

namespace netmeter::history::clickhouse {
namespace {

TEST(TsvResultParser, TypedCellsFromTheTypesRow) {
  const std::string answer =
      "n\ti\tf\tt\ta\ts\tnull\n"
      "UInt64\tInt32\tFloat64\tDateTime(\\'UTC\\')\tFixedString(16)\tString\tNullable(UInt8)\n"
      "18446744073709551615\t-5\t2.5\t2023-11-14 "
      "22:13:20\t\\0\\0\\0\\0\\0\\0\\0\\0\\0\\0\\\\\\0\\n\\t\\b\\f\t"
      "a\\tb\\nc\\\\d\\'e é\t\\N\n";
  const ResultTable table = parse_tsv_with_names_and_types(answer, {});
  ASSERT_EQ(table.rows.size(), 1u);
  const auto& row = table.rows[0];
  EXPECT_EQ(row[0], Value(uint64_t{18446744073709551615ULL}));
  EXPECT_EQ(row[1], Value(int64_t{-5}));
  EXPECT_EQ(row[2], Value(2.5));
  EXPECT_EQ(row[3], Value(uint64_t{1'700'000'000}));
  EXPECT_EQ(row[4],
            Value(std::array<uint8_t, 16>{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, '\\', 0, '\n', '\t', '\b', '\f'}));
  EXPECT_EQ(row[5], Value(std::string("a\tb\nc\\d'e é")));
  EXPECT_EQ(row[6], Value(std::monostate{}));
  EXPECT_EQ(table.column_names[3], "t");
  EXPECT_EQ(table.column_types[0], ColumnType::UInt64);
  EXPECT_EQ(table.column_types[3], ColumnType::DateTime);
  EXPECT_EQ(table.column_types[4], ColumnType::Ipv6);
  EXPECT_EQ(table.column_types[5], ColumnType::String);
}

TEST(TsvResultParser, NamesAndTypesOfTheQueryWin) {
  RenderedQuery query;
  query.column_names = {"bytes"};
  query.column_types = {ColumnType::UInt64};
  const ResultTable table = parse_tsv_with_names_and_types("sum(TOTAL_BYTES)\nUInt64\n7\n9\n", query);
  EXPECT_EQ(table.column_names, std::vector<std::string>{"bytes"});
  ASSERT_EQ(table.rows.size(), 2u);
  EXPECT_EQ(table.rows[1][0], Value(uint64_t{9}));
}

TEST(TsvResultParser, EmptyAnswerAndEmptyString) {
  EXPECT_THROW(parse_tsv_with_names_and_types("x\n", {}), HistoryError);
  EXPECT_TRUE(parse_tsv_with_names_and_types("x\nUInt8\n", {}).rows.empty());
  const ResultTable table = parse_tsv_with_names_and_types("s\nString\n\n", {});
  ASSERT_EQ(table.rows.size(), 1u);
  EXPECT_EQ(table.rows[0][0], Value(std::string()));
}

TEST(TsvResultParser, MalformedAnswersAreErrorsNotCrashes) {
  EXPECT_THROW(parse_tsv_with_names_and_types("", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\tb\nUInt8\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nUInt8\n1\t2\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nUInt8\nx\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nUInt64\n-1\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nDateTime(\\'UTC\\')\n2023-11-14\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nFixedString(16)\nshort\n", {}), HistoryError);
  EXPECT_THROW(parse_tsv_with_names_and_types("a\nFloat64\n1.5x\n", {}), HistoryError);
}

TEST(TsvResultParser, ZeroDateTimeOf1816) {
  const ResultTable table =
      parse_tsv_with_names_and_types("t\nDateTime(\\'UTC\\')\n0000-00-00 00:00:00\n", {});
  EXPECT_EQ(table.rows[0][0], Value(uint64_t{0}));
}

}  // namespace
}  // namespace netmeter::history::clickhouse
