// The pieces tapelab.distributed.truth_build runs a truth build from
// (jobs/truth_parts.h): the plan holding the truth folder's lock, one day
// built from its task on a worker, and the publish. Days build without the GIL.
#include <pybind11/stl.h>

#include <string>

#include "bindings.h"
#include "jobs/truth_parts.h"

namespace py = pybind11;

namespace tapelab::python {

void bind_truth_parts(py::module_& m) {
  py::class_<jobs::TruthBuildJob>(m, "TruthBuildJob",
                                  "A truth build whose days are built elsewhere: planned here, holding the truth "
                                  "folder's lock until finish() or close().")
      .def(py::init([](const jobs::TruthBuildRequest& request) {
             const py::gil_scoped_release release;
             return std::make_unique<jobs::TruthBuildJob>(request);
           }),
           py::arg("request"))
      .def(
          "tasks",
          [](const jobs::TruthBuildJob& job) {
            py::list out;
            for (const jobs::TruthBuildJob::Task& task : job.tasks()) {
              out.append(py::make_tuple(task.day.date.to_string(), task.day.underlying, py::bytes(task.encoded)));
            }
            return out;
          },
          "[(date, underlying, task)]: the days to build, in the build's order, each with its encoded task.")
      .def(
          "add_part",
          [](jobs::TruthBuildJob& job, std::size_t index, const py::bytes& part) {
            const std::string bytes = part;
            const py::gil_scoped_release release;
            job.add_part(index, bytes);
          },
          py::arg("index"), py::arg("part"), "Stages the part truth_day_part made of tasks()[index].")
      .def(
          "finish",
          [](jobs::TruthBuildJob& job) {
            const py::gil_scoped_release release;
            return job.finish();
          },
          "Publishes every day and writes provenance.json; returns the text `tapelab truth build` prints.")
      .def("close", &jobs::TruthBuildJob::close, "Gives up: publishes nothing, releases the lock.");
  m.def(
      "truth_day_part",
      [](const py::bytes& task) {
        const std::string bytes = task;
        std::string part;
        {
          const py::gil_scoped_release release;
          part = jobs::truth_day_part(bytes);
        }
        return py::bytes(part);
      },
      py::arg("task"), "One day's truth built from its task with one thread: its manifest entry and files, encoded.");
}

}  // namespace tapelab::python
