#pragma once

#include <memory>

namespace netmeter::stats {

/// A value kept on the heap once it is first written, read as a default-constructed one before: for the
/// parts of an entity that most entities never use (an entry's size counts once per entity). Copies are
/// deep.
template <typename T>
class Boxed {
 public:
  Boxed() = default;
  Boxed(const Boxed& other) : value_(other.value_ ? std::make_unique<T>(*other.value_) : nullptr) {}
  Boxed& operator=(const Boxed& other) {
    if (this != &other) value_ = other.value_ ? std::make_unique<T>(*other.value_) : nullptr;
    return *this;
  }
  Boxed(Boxed&&) noexcept = default;
  Boxed& operator=(Boxed&&) noexcept = default;

  const T& get() const {
    static const T kNone{};
    return value_ ? *value_ : kNone;
  }
  T& mut() {
    if (!value_) value_ = std::make_unique<T>();
    return *value_;
  }
  bool has_value() const { return value_ != nullptr; }

 private:
  std::unique_ptr<T> value_;
};

}  // namespace netmeter::stats
