// SPDX-License-Identifier: MIT
// Expected<T, E>: a value or the reason there is none. Parsers and readers
// return it for expected failures; exceptions stay at the CLI's edge.
// (std::expected needs C++23, which clang 14 cannot compile with this libstdc++.)
#pragma once

#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace mlstack {

template <typename E>
struct Unexpected {
  E error;
};

template <typename E>
Unexpected<std::decay_t<E>> unexpected(E&& error) {
  return {std::forward<E>(error)};
}

template <typename T, typename E>
class Expected {
 public:
  Expected(const T& value) : m_state(std::in_place_index<0>, value) {}
  Expected(T&& value) : m_state(std::in_place_index<0>, std::move(value)) {}
  template <typename G>
  Expected(Unexpected<G> error) : m_state(std::in_place_index<1>, std::move(error.error)) {}

  bool has_value() const { return m_state.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { assert(has_value()); return std::get<0>(m_state); }
  const T& value() const& { assert(has_value()); return std::get<0>(m_state); }
  T&& value() && { assert(has_value()); return std::get<0>(std::move(m_state)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const E& error() const& { assert(!has_value()); return std::get<1>(m_state); }
  E&& error() && { assert(!has_value()); return std::get<1>(std::move(m_state)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? value() : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  std::variant<T, E> m_state;
};

}  // namespace mlstack

// MLSTACK_TRY(var, expr): binds var to expr's value or returns its error.
#define MLSTACK_TRY(var, expr)                                  \
  auto var##_result_ = (expr);                                  \
  if (!var##_result_) return ::mlstack::unexpected(std::move(var##_result_).error()); \
  auto var = std::move(var##_result_).value()
