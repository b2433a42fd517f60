#include "report/writers.h"

#include <system_error>

#include "report/csv_tables.h"
#include "report/html_report.h"
#include "report/metrics.h"
#include "report/summary_json.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::report {

std::vector<OutputFile> run_files(const engine::RunRecords& records, const std::vector<RegimeRow>* by_regime) {
  const RunMetrics metrics = compute_run_metrics(records);
  std::vector<OutputFile> files = {{"trades.csv", trades_csv(records)},
                                   {"orders.csv", orders_csv(records)},
                                   {"daily.csv", daily_csv(records)},
                                   {"intraday.csv", intraday_csv(records)},
                                   {"equity.csv", equity_csv(records, metrics)},
                                   {"summary.json", summary_json(records, metrics)},
                                   {"report.html", report_html(records, metrics, by_regime)}};
  if (by_regime) files.push_back({"by_regime.csv", by_regime_csv(*by_regime)});
  return files;
}

void write_files(const std::vector<OutputFile>& files, const std::filesystem::path& out_dir) {
  for (const OutputFile& file : files) {
    const std::filesystem::path path = out_dir / file.name;
    std::error_code error;
    std::filesystem::create_directories(path.parent_path(), error);
    if (error) fail("{}: cannot create the output folder: {}", path.parent_path().string(), error.message());
    write_file_atomically(path, file.bytes);
  }
}

void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir,
               const std::vector<RegimeRow>* by_regime) {
  write_files(run_files(records, by_regime), out_dir);
  if (!by_regime) remove_stale(out_dir, "by_regime.csv");
}

void remove_stale(const std::filesystem::path& out_dir, const std::string& name) {
  const std::filesystem::path file = out_dir / name;
  std::error_code error;
  if (!std::filesystem::remove(file, error) && error) fail("{}: cannot remove: {}", file.string(), error.message());
}

}  // namespace tapelab::report
