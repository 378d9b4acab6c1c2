#pragma once

#include "../../temp_dir.hpp"

namespace netmeter::store::test {

/// The store tests' temporary directories ("netmeter-store-XXXXXX").
class TempDir : public netmeter::test::TempDir {
 public:
  TempDir() : netmeter::test::TempDir("netmeter-store") {}
};

}  // namespace netmeter::store::test
