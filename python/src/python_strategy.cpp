#include "python_strategy.h"

#include <fmt/format.h>

#include <memory>
#include <optional>
#include <utility>

#include "domain/time.h"
#include "strategy_context.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

// The engine copies and drops its specs and strategies on threads that do
// not hold the GIL; a Python object there is held through this, whose last
// owner takes the GIL to let it go.
std::shared_ptr<py::object> held(py::object object) {
  return {new py::object(std::move(object)), [](py::object* p) {
            const py::gil_scoped_acquire gil;
            delete p;
          }};
}

// The exception's traceback as Python prints it.
std::string traceback_text(const py::error_already_set& e) {
  const py::object lines = py::module_::import("traceback").attr("format_exception")(e.type(), e.value(), e.trace());
  return py::str("").attr("join")(lines).cast<std::string>();
}

class PythonStrategy final : public engine::Strategy {
 public:
  PythonStrategy(std::shared_ptr<py::object> cls, engine::StrategyInfo info)
      : cls_(std::move(cls)), info_(std::move(info)) {}

  void on_day_start(engine::StrategyContext& ctx) override { call(ctx, Method::kDayStart); }
  void on_second(engine::StrategyContext& ctx) override { call(ctx, Method::kSecond); }

 private:
  enum class Method { kDayStart, kSecond };
  struct Instance {
    py::object self;
    py::object on_day_start;  // None when the class has none
    py::object on_second;
  };

  void call(engine::StrategyContext& ctx, Method method);
  void call_held(engine::StrategyContext& ctx, Method method);
  Instance make_instance() const;

  std::shared_ptr<py::object> cls_;
  engine::StrategyInfo info_;
  std::shared_ptr<Instance> instance_;  // made at the day's start
};

PythonStrategy::Instance PythonStrategy::make_instance() const {
  Instance instance;
  instance.self = (*cls_)();
  instance.on_day_start = py::getattr(instance.self, "on_day_start", py::none());
  instance.on_second = py::getattr(instance.self, "on_second", py::none());
  if (!PyCallable_Check(instance.on_second.ptr())) fail("strategy {}: the instance has no callable on_second(ctx)", info_.name);
  return instance;
}

void PythonStrategy::call(engine::StrategyContext& ctx, Method method) {
  py::gil_scoped_acquire gil;
  // On an engine thread Python does not know, the first acquire makes a
  // thread state, and the release would delete it again: every second of
  // every day. One more reference keeps it for the thread's life (the
  // engine's threads are few and reused).
  thread_local const bool kept = (gil.inc_ref(), true);
  static_cast<void>(kept);
  try {
    call_held(ctx, method);
  } catch (py::error_already_set& e) {
    const engine::MarketView& market = ctx.market();
    fail("strategy {}, {} {}: {} raised:\n{}", info_.name, market.underlying(), domain::format_wall_time(market.now()),
         method == Method::kSecond ? "on_second" : "on_day_start", traceback_text(e));
  }
}

void PythonStrategy::call_held(engine::StrategyContext& ctx, Method method) {
  if (!instance_) {
    instance_ = std::shared_ptr<Instance>(new Instance(make_instance()), [](Instance* p) {
      const py::gil_scoped_acquire gil;
      delete p;
    });
  }
  const py::object& function = method == Method::kSecond ? instance_->on_second : instance_->on_day_start;
  if (function.is_none()) return;
  py::object context = py::cast(CallContext(ctx, info_));
  auto& handle = context.cast<CallContext&>();
  try {
    function(context);
  } catch (...) {
    handle.end();
    throw;
  }
  handle.end();
}

}  // namespace

jobs::CodeStrategy python_strategy(py::object cls, std::string name, std::string description,
                                   report::ConfigDocument settings) {
  if (!PyCallable_Check(cls.ptr())) fail("strategy {}: the strategy class is not callable", name);
  jobs::CodeStrategy code;
  code.name = std::move(name);
  code.type = "python";
  code.description = std::move(description);
  code.settings = std::move(settings);
  code.make = [cls = held(std::move(cls))](const engine::StrategyInfo& info) -> std::unique_ptr<engine::Strategy> {
    return std::make_unique<PythonStrategy>(cls, info);
  };
  return code;
}

}  // namespace tapelab::python
