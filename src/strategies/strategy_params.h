// The parameters of one strategy type behind one interface, so the config
// reader, the preset list, sweeps and the one-page descriptions treat every
// type alike, while each type keeps its keys, checks and words in its own
// files. Adding a type is a StrategyParams subclass and one row in
// strategy_types() (strategy_params.cpp).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <typeinfo>

#include "engine/config.h"
#include "engine/strategy.h"
#include "util/error.h"

namespace tapelab::strategies {

class TomlTable;

class StrategyParams {
 public:
  virtual ~StrategyParams() = default;
  virtual std::unique_ptr<StrategyParams> clone() const = 0;
  // The `type` key's value ("short_premium").
  virtual std::string_view type() const = 0;
  // Reads the type's own keys of a [[strategy]] table (over a preset's values);
  // keys it does not know are left for reject_unknown().
  virtual void apply(TomlTable& table) = 0;
  // Checks the finished parameters (preset, file defaults and own keys
  // applied) against the execution settings; fails naming the key.
  virtual void validate(const TomlTable& table, const engine::ExecutionConfig& execution) const = 0;
  // The parameters in one line, for `tapelab strategies`.
  virtual std::string summary(const engine::ExecutionConfig& execution) const = 0;
  // The rules in plain words with their parameters (Markdown paragraphs and
  // lists), for the preset's one-page description.
  virtual std::string rules(const engine::ExecutionConfig& execution) const = 0;
  // What a run must load for the strategy (columns, expiries, the day before).
  virtual engine::DataNeeds needs() const = 0;
  virtual std::unique_ptr<engine::Strategy> make(const engine::ExecutionConfig& execution) const = 0;
};

// Gives a parameter struct its clone(): `struct P final : ParamsOf<P> {...}`.
template <typename Derived>
class ParamsOf : public StrategyParams {
 public:
  std::unique_ptr<StrategyParams> clone() const override {
    return std::make_unique<Derived>(static_cast<const Derived&>(*this));
  }
};

// A strategy's parameters as a value: copying a config copies its parameters.
class AnyParams {
 public:
  explicit AnyParams(std::unique_ptr<StrategyParams> params) : params_(std::move(params)) {}
  AnyParams(const AnyParams& other) : params_(other.params_->clone()) {}
  AnyParams& operator=(const AnyParams& other) {
    if (this != &other) params_ = other.params_->clone();
    return *this;
  }
  AnyParams(AnyParams&&) noexcept = default;
  AnyParams& operator=(AnyParams&&) noexcept = default;

  StrategyParams& operator*() { return *params_; }
  const StrategyParams& operator*() const { return *params_; }
  StrategyParams* operator->() { return params_.get(); }
  const StrategyParams* operator->() const { return params_.get(); }

  // The parameters as their own type; throws Error when they are another type's.
  template <typename T>
  const T& as() const {
    if (const auto* typed = dynamic_cast<const T*>(params_.get())) return *typed;
    fail("the strategy is of type {}, not the one asked for", params_->type());
  }
  template <typename T>
  T& as() {
    return const_cast<T&>(std::as_const(*this).as<T>());
  }

 private:
  std::unique_ptr<StrategyParams> params_;
};

struct StrategyType {
  std::string_view name;     // the `type` key's value
  std::string_view summary;  // one line for people
  std::unique_ptr<StrategyParams> (*defaults)();
};

// Every type, the default (a config without `type`) first.
std::span<const StrategyType> strategy_types();
// nullptr for an unknown name.
const StrategyType* find_strategy_type(std::string_view name);

}  // namespace tapelab::strategies
