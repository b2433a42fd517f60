// One {value, name} table per enum, read both ways: printing a value and
// parsing a config's or a flag's text spell the name once, in one place, so
// the two cannot drift apart. A table lists its names in the order error
// messages offer them.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string_view>

namespace tapelab {

template <typename E>
struct EnumName {
  E value;
  std::string_view name;
};

template <typename E, std::size_t N>
class EnumNames {
 public:
  constexpr explicit EnumNames(const EnumName<E> (&entries)[N]) {
    for (std::size_t i = 0; i < N; ++i) {
      values_[i] = entries[i].value;
      names_[i] = entries[i].name;
    }
  }

  // "?" for a value the table lacks (a cast from a bad integer).
  constexpr std::string_view name(E value) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (values_[i] == value) return names_[i];
    }
    return "?";
  }
  constexpr std::optional<E> parse(std::string_view name) const {
    for (std::size_t i = 0; i < N; ++i) {
      if (names_[i] == name) return values_[i];
    }
    return std::nullopt;
  }
  constexpr std::span<const std::string_view> names() const { return names_; }
  constexpr E value_at(std::size_t i) const { return values_[i]; }

 private:
  std::array<E, N> values_{};
  std::array<std::string_view, N> names_{};
};

// enum_names<FillModel>({{FillModel::kBidAsk, "bid_ask"}, ...}): the count
// comes from the list.
template <typename E, std::size_t N>
constexpr EnumNames<E, N> enum_names(const EnumName<E> (&entries)[N]) {
  return EnumNames<E, N>(entries);
}

}  // namespace tapelab
