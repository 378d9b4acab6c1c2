#pragma once

#include <string>

#include "store/expected.hpp"

namespace netmeter::store {

/// A failed store operation. `code` is SQLite's extended result code (0 when the error is ours).
struct Error {
  int code = 0;
  std::string message;

  /// True for UNIQUE / PRIMARY KEY / FOREIGN KEY / CHECK violations (SQLITE_CONSTRAINT family).
  bool is_constraint() const { return (code & 0xff) == 19; }
};

template <typename T>
using Result = Expected<T, Error>;
using Status = Expected<void, Error>;

}  // namespace netmeter::store
