// _tapelab: the native half of the tapelab Python package (python/tapelab).
// The package's Python files shape what these functions return (pandas,
// broadcasting, dates); docs/python.md describes the whole API.
#include <pybind11/pybind11.h>

#include "bindings.h"
#include "util/error.h"

PYBIND11_MODULE(_tapelab, m) {
  m.doc() = "tapelab's native functions; use the tapelab package, not this module.";
  // Every tapelab::Error reaches Python as tapelab.Error with the CLI's message.
  pybind11::register_exception<tapelab::Error>(m, "Error", PyExc_RuntimeError);
  tapelab::python::bind_dataset(m);
  tapelab::python::bind_pricing(m);
  tapelab::python::bind_jobs(m);
  tapelab::python::bind_distributed(m);
  tapelab::python::bind_truth_parts(m);
  tapelab::python::bind_ingest(m);
  tapelab::python::bind_strategy_context(m);
}
