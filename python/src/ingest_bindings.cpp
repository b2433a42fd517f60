// tapelab.ingest (the CLI's ingest, in this process) and the pieces
// tapelab.distributed.ingest runs an ingest from (jobs/ingest_parts.h): the
// plan holding the dataset's lock, a file read and a partition built from
// their tasks on workers, and each batch's publish. Both run without the GIL.
#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "bindings.h"
#include "ingest/audit.h"
#include "ingest/ingest.h"
#include "jobs/ingest_parts.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

py::list task_list(const std::vector<jobs::IngestJob::Task>& tasks) {
  py::list out;
  for (const jobs::IngestJob::Task& task : tasks) {
    out.append(py::make_tuple(task.label, py::bytes(task.encoded), task.after ? py::cast(*task.after) : py::none(),
                              task.weight));
  }
  return out;
}

// Copies a part's bytes and runs it without the GIL.
template <class Run>
py::bytes without_gil(Run&& run) {
  std::string out;
  {
    const py::gil_scoped_release release;
    out = run();
  }
  return py::bytes(out);
}

}  // namespace

// The options both take, as the CLI's flags give them.
ingest::IngestOptions ingest_options(const std::vector<std::filesystem::path>& inputs,
                                     const std::filesystem::path& dataset,
                                     std::optional<std::filesystem::path> calendar, bool keep_going, int gap_seconds,
                                     std::uint64_t batch_bytes, std::size_t memory_budget) {
  ingest::IngestOptions options;
  options.inputs = inputs;
  options.dataset = dataset;
  options.calendar = std::move(calendar);
  options.keep_going = keep_going;
  options.gap_seconds = gap_seconds;
  options.batch_bytes = batch_bytes;
  options.memory_budget = memory_budget;
  return options;
}

void bind_ingest(py::module_& m) {
  m.def(
      "ingest",
      [](const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& dataset,
         std::optional<std::filesystem::path> calendar, bool keep_going, int gap_seconds, std::uint64_t batch_bytes,
         std::size_t memory_budget, int jobs) {
        ingest::IngestOptions options =
            ingest_options(inputs, dataset, std::move(calendar), keep_going, gap_seconds, batch_bytes, memory_budget);
        options.jobs = jobs;
        const py::gil_scoped_release release;
        return ingest::printed_summary(ingest::ingest(options).audit, options.dataset);
      },
      py::arg("inputs"), py::arg("dataset"), py::arg("calendar"), py::arg("keep_going"), py::arg("gap_seconds"),
      py::arg("batch_bytes"), py::arg("memory_budget"), py::arg("jobs"),
      "`tapelab ingest` in this process; returns what it prints.");
  py::class_<jobs::IngestJob>(m, "IngestJob",
                              "An ingest whose files are read and partitions built elsewhere: planned here, "
                              "holding the dataset's lock until finish() or close().")
      .def(py::init([](const std::vector<std::filesystem::path>& inputs, const std::filesystem::path& dataset,
                       std::optional<std::filesystem::path> calendar, bool keep_going, int gap_seconds,
                       std::uint64_t batch_bytes, std::size_t memory_budget) {
             ingest::IngestOptions options = ingest_options(inputs, dataset, std::move(calendar), keep_going,
                                                            gap_seconds, batch_bytes, memory_budget);
             const py::gil_scoped_release release;
             return std::make_unique<jobs::IngestJob>(std::move(options));
           }),
           py::arg("inputs"), py::arg("dataset"), py::arg("calendar"), py::arg("keep_going"), py::arg("gap_seconds"),
           py::arg("batch_bytes"), py::arg("memory_budget"))
      .def("batches", &jobs::IngestJob::batches, "How many batches the run publishes, one after the other.")
      .def(
          "file_tasks", [](jobs::IngestJob& job, std::size_t batch) { return task_list(job.file_tasks(batch)); },
          py::arg("batch"),
          "[(label, task, None, weight)]: the batch's files, a task each for ingest_file_part; weight: its bytes.")
      .def(
          "add_file_part",
          [](jobs::IngestJob& job, std::size_t index, const py::bytes& part) {
            const std::string bytes = part;
            const py::gil_scoped_release release;
            job.add_file_part(index, bytes);
          },
          py::arg("index"), py::arg("part"), "Takes the part ingest_file_part made of file_tasks()[index].")
      .def(
          "partition_tasks",
          [](jobs::IngestJob& job) {
            std::vector<jobs::IngestJob::Task> tasks;
            {
              const py::gil_scoped_release release;
              tasks = job.partition_tasks();
            }
            return task_list(tasks);
          },
          "[(label, task, after, weight)]: the batch's partitions, spot first; `after` is the index of the "
          "task (the day's spot) that must finish before this one starts, or None; weight: its rows.")
      .def(
          "add_partition_part",
          [](jobs::IngestJob& job, std::size_t index, const py::bytes& part) {
            const std::string bytes = part;
            const py::gil_scoped_release release;
            job.add_partition_part(index, bytes);
          },
          py::arg("index"), py::arg("part"), "Takes the part ingest_partition_part made of partition_tasks()[index].")
      .def(
          "commit_batch",
          [](jobs::IngestJob& job) {
            const py::gil_scoped_release release;
            return job.commit_batch();
          },
          "Publishes the batch in one commit; returns how many partitions.")
      .def(
          "finish",
          [](jobs::IngestJob& job) {
            const py::gil_scoped_release release;
            return job.finish();
          },
          "Writes the audit report and releases the lock; returns the text `tapelab ingest` prints.")
      .def("close", &jobs::IngestJob::close, "Gives up: the batch in progress is not published; releases the lock.");
  m.def(
      "ingest_file_part",
      [](const py::bytes& task) {
        const std::string bytes = task;
        return without_gil([&] { return jobs::ingest_file_part(bytes); });
      },
      py::arg("task"), "Reads one input file of an ingest into runs on shared storage (one thread); returns its part.");
  m.def(
      "ingest_partition_part",
      [](const py::bytes& task, const std::optional<py::bytes>& spot_part) {
        const std::string bytes = task;
        const std::optional<std::string> spot = spot_part ? std::optional<std::string>(*spot_part) : std::nullopt;
        return without_gil([&] {
          return jobs::ingest_partition_part(bytes, spot ? std::optional<std::string_view>(*spot) : std::nullopt);
        });
      },
      py::arg("task"), py::arg("spot_part"),
      "Builds one partition of an ingest batch under staging (one thread); returns its part. spot_part: the part "
      "of the task the partition's task names as `after` (its day's spot), or None.");
}

}  // namespace tapelab::python
