#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "../../temp_dir.hpp"
#include "store/database.hpp"

namespace netmeter::store::test {

/// A test with a fresh database in a temporary directory (removed afterwards).
class TempDatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(dir_.path());
    ASSERT_TRUE(opened.has_value()) << opened.error().message;
    db_ = std::move(*opened);
  }
  netmeter::test::TempDir dir_;
  std::unique_ptr<Database> db_;
};

}  // namespace netmeter::store::test
