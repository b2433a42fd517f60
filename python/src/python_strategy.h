// A Python class as an engine::Strategy (docs/python.md#python-strategies):
// tapelab.PyStrategy hands the class here, and the backtest job runs it as a
// code strategy beside presets and configs, with the engine's own fills,
// costs, margin, latency and records.
#pragma once

#include <pybind11/pybind11.h>

#include <string>

#include "jobs/backtest_job.h"

namespace tapelab::python {

// `cls` is called with no arguments for a fresh instance every day; its
// on_second(ctx) is called every second and its on_day_start(ctx), when it
// has one, before the first. Every call holds the GIL (the engine's other
// threads keep running their C++ meanwhile).
jobs::CodeStrategy python_strategy(pybind11::object cls, std::string name, std::string description,
                                   report::ConfigDocument settings);

}  // namespace tapelab::python
