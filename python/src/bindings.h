// The parts of the _tapelab extension module, each bound by its own file.
#pragma once

#include <pybind11/pybind11.h>

namespace tapelab::python {

void bind_dataset(pybind11::module_& m);  // dataset_bindings.cpp
void bind_pricing(pybind11::module_& m);  // vector_pricing.cpp
void bind_jobs(pybind11::module_& m);     // job_bindings.cpp
void bind_distributed(pybind11::module_& m);  // distributed_bindings.cpp
void bind_truth_parts(pybind11::module_& m);  // truth_part_bindings.cpp
void bind_ingest(pybind11::module_& m);  // ingest_bindings.cpp
// tapelab.StrategyContext and the values it hands out (strategy_context.cpp)
void bind_strategy_context(pybind11::module_& m);

}  // namespace tapelab::python
