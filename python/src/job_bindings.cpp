// The CLI's jobs from Python (jobs/): backtest, sweep, truth build and
// tables. Each runs without the GIL; its result keeps the records and hands
// Python the output files' bytes, which tapelab.BacktestResult parses into
// DataFrames, so Python's tables are read from exactly what the CLI writes.
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "bindings.h"
#include "python_strategy.h"
#include "jobs/backtest_job.h"
#include "jobs/sweep_job.h"
#include "jobs/truth_jobs.h"
#include "util/error.h"

namespace py = pybind11;

namespace tapelab::python {
namespace {

// [(name, bytes)] in the order the CLI writes them.
py::list files_list(const std::vector<report::OutputFile>& files) {
  py::list out;
  for (const report::OutputFile& file : files) out.append(py::make_tuple(file.name, py::bytes(file.bytes)));
  return out;
}

truth::StatsFormat stats_format(const std::string& name) {
  if (auto format = truth::kStatsFormatNames.parse(name)) return *format;
  fail("truth tables: unknown format '{}' (text, md, csv, json or html)", name);
}

void add_python_strategy(jobs::BacktestRequest& request, py::object cls, std::string name, std::string description,
                         std::string settings_source, std::string settings_text, std::vector<std::string> underlyings,
                         int expiries, std::optional<std::int32_t> max_dte, std::optional<double> strike_steps) {
  jobs::CodeStrategy code = python_strategy(std::move(cls), std::move(name), std::move(description),
                                            {std::move(settings_source), std::move(settings_text)});
  code.underlyings = std::move(underlyings);
  code.needs.option_fields = market::kAllOptionFields;  // a snapshot shows every column
  code.needs.expiries = expiries;
  code.needs.max_dte = max_dte;
  if (strike_steps) code.needs.strike_reach = market::StrikeReach{0, *strike_steps, 0};
  request.code_strategies.push_back(std::move(code));
}

void bind_backtest(py::module_& m) {
  py::class_<jobs::BacktestRequest>(m, "BacktestRequest", "The options of `tapelab backtest`.")
      .def(py::init<>())
      .def_readwrite("config_files", &jobs::BacktestRequest::config_files)
      .def("add_config_text",
           [](jobs::BacktestRequest& request, std::string source, std::string text) {
             request.config_texts.push_back({std::move(source), std::move(text)});
           },
           py::arg("source"), py::arg("text"), "A strategy config given as TOML text, named `source`")
      .def_readwrite("presets", &jobs::BacktestRequest::presets)
      .def("add_python_strategy", &add_python_strategy, py::arg("cls"), py::arg("name"), py::arg("description"),
           py::arg("settings_source"), py::arg("settings_text"), py::arg("underlyings"), py::arg("expiries"),
           py::arg("max_dte"), py::arg("strike_steps"),
           "A Python strategy class (tapelab.PyStrategy): its settings as TOML text named settings_source")
      .def_readwrite("data", &jobs::BacktestRequest::data)
      .def_readwrite("start", &jobs::BacktestRequest::from)
      .def_readwrite("end", &jobs::BacktestRequest::to)
      .def_readwrite("underlyings", &jobs::BacktestRequest::underlyings)
      .def_readwrite("threads", &jobs::BacktestRequest::threads)
      .def_readwrite("truth", &jobs::BacktestRequest::truth);
  py::class_<jobs::BacktestRun>(m, "BacktestRun", "A finished backtest: its records and output files.")
      .def("files", [](const jobs::BacktestRun& run) { return files_list(jobs::backtest_files(run)); },
           "[(name, bytes)]: the CLI's output files, in the order it writes them")
      .def("summary_text", [](const jobs::BacktestRun& run) { return jobs::backtest_summary_text(run.records); },
           "The table `tapelab backtest` prints");
  m.def(
      "backtest",
      [](jobs::BacktestRequest request) {  // a copy: Python may change its object meanwhile
        const py::gil_scoped_release release;
        return jobs::run_backtest(request);
      },
      py::arg("request"), "Runs `tapelab backtest` (jobs::run_backtest) without the GIL.");
}

void bind_sweep(py::module_& m) {
  py::class_<jobs::SweepRequest>(m, "SweepRequest", "The options of `tapelab sweep`, by their flags' names.")
      .def(py::init<>())
      .def_readwrite("config", &jobs::SweepRequest::config)
      .def_readwrite("data", &jobs::SweepRequest::data)
      .def_readwrite("start", &jobs::SweepRequest::from)
      .def_readwrite("end", &jobs::SweepRequest::to)
      .def_readwrite("underlyings", &jobs::SweepRequest::underlyings)
      .def_readwrite("threads", &jobs::SweepRequest::threads)
      .def_readwrite("keep_trades", &jobs::SweepRequest::keep_trades)
      .def_readwrite("rank_by", &jobs::SweepRequest::rank_by)
      .def_readwrite("split", &jobs::SweepRequest::split)
      .def_readwrite("walk_forward", &jobs::SweepRequest::walk_forward)
      .def_readwrite("picks", &jobs::SweepRequest::picks)
      .def_readwrite("top", &jobs::SweepRequest::top);
  py::class_<jobs::SweepRun>(m, "SweepRun", "A finished sweep: its ranking and output files.")
      .def("files", [](const jobs::SweepRun& run) { return files_list(jobs::sweep_job_files(run)); },
           "[(name, bytes)]: the CLI's output files, in the order it writes them")
      .def("text", [](const jobs::SweepRun& run) { return jobs::sweep_job_text(run); },
           "The ranking `tapelab sweep` prints");
  m.def(
      "sweep",
      [](jobs::SweepRequest request) {
        const py::gil_scoped_release release;
        return jobs::run_sweep(request);
      },
      py::arg("request"), "Runs `tapelab sweep` (jobs::run_sweep) without the GIL.");
}

void bind_truth(py::module_& m) {
  py::class_<jobs::TruthBuildRequest>(m, "TruthBuildRequest", "The options of `tapelab truth build`.")
      .def(py::init<>())
      .def_readwrite("dataset", &jobs::TruthBuildRequest::dataset)
      .def_readwrite("out", &jobs::TruthBuildRequest::out)
      .def_readwrite("start", &jobs::TruthBuildRequest::from)
      .def_readwrite("end", &jobs::TruthBuildRequest::to)
      .def_readwrite("underlyings", &jobs::TruthBuildRequest::underlyings)
      .def_readwrite("threads", &jobs::TruthBuildRequest::threads)
      .def_readwrite("params", &jobs::TruthBuildRequest::params);
  m.def(
      "truth_build",
      [](jobs::TruthBuildRequest request) {
        const py::gil_scoped_release release;
        return jobs::build_report_text(jobs::build_truth(request), request.out);
      },
      py::arg("request"), "Runs `tapelab truth build` without the GIL; returns the text it prints.");
  m.def(
      "truth_tables",
      [](std::string truth, std::string from, std::string to, std::vector<std::string> underlyings,
         const std::string& format) {
        jobs::TruthTablesRequest request{std::move(truth), std::move(from), std::move(to), std::move(underlyings),
                                         stats_format(format)};
        const py::gil_scoped_release release;
        return jobs::truth_tables(request);
      },
      py::arg("truth"), py::arg("start"), py::arg("end"), py::arg("underlyings"), py::arg("format"),
      "The text `tapelab truth tables` prints.");
}

}  // namespace

void bind_jobs(py::module_& m) {
  m.def(
      "write_files",
      [](const std::vector<std::pair<std::string, py::bytes>>& files, const std::string& out_dir) {
        std::vector<report::OutputFile> out;
        for (const auto& [name, bytes] : files) out.push_back({name, std::string(bytes)});
        const py::gil_scoped_release release;
        report::write_files(out, out_dir);
      },
      py::arg("files"), py::arg("out_dir"), "Writes [(name, bytes)] into out_dir as the CLI does (atomically).");
  bind_backtest(m);
  bind_sweep(m);
  bind_truth(m);
}

}  // namespace tapelab::python
