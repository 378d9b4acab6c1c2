#pragma once

#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

namespace netmeter::store {

/// The error half of an `Expected`, so that `return unexpected(e);` reads like C++23's std::expected.
template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return {std::forward<E>(error)};
}

/// U can initialize the value of Self (an Expected holding T) and is not Self itself.
template <typename U, typename T, typename Self>
concept ValueOf = std::is_constructible_v<T, U&&> && !std::is_same_v<std::decay_t<U>, Self>;

/// A value or an error: a small stand-in for C++23's std::expected (GCC 12 in C++20 mode lacks it).
/// Accessing the wrong half is a programmer error (checked by the variant, which throws).
template <typename T, typename E>
class [[nodiscard]] Expected {
 public:
  template <ValueOf<T, Expected> U = T>
  Expected(U&& value) : v_(std::in_place_index<0>, std::forward<U>(value)) {}
  Expected(Unexpected<E> error) : v_(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return v_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { return std::get<0>(v_); }
  const T& value() const& { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { return std::get<1>(v_); }
  E&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, E> v_;
};

/// Success without a value, or an error.
template <typename E>
class [[nodiscard]] Expected<void, E> {
 public:
  Expected() = default;
  Expected(Unexpected<E> error) : error_(std::move(error.error)) {}

  bool has_value() const { return !error_.has_value(); }
  explicit operator bool() const { return has_value(); }

  const E& error() const& { return *error_; }
  E&& error() && { return std::move(*error_); }

 private:
  std::optional<E> error_;
};

}  // namespace netmeter::store
