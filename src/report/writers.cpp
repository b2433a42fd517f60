#include "report/writers.h"

#include <system_error>

#include "report/csv_tables.h"
#include "report/html_report.h"
#include "report/metrics.h"
#include "report/summary_json.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::report {

void write_run(const engine::RunRecords& records, const std::filesystem::path& out_dir,
               const std::vector<RegimeRow>* by_regime) {
  const RunMetrics metrics = compute_run_metrics(records);
  std::error_code error;
  std::filesystem::create_directories(out_dir, error);
  if (error) fail("{}: cannot create the output folder: {}", out_dir.string(), error.message());
  write_file_atomically(out_dir / "trades.csv", trades_csv(records));
  write_file_atomically(out_dir / "orders.csv", orders_csv(records));
  write_file_atomically(out_dir / "daily.csv", daily_csv(records));
  write_file_atomically(out_dir / "intraday.csv", intraday_csv(records));
  write_file_atomically(out_dir / "equity.csv", equity_csv(records, metrics));
  write_file_atomically(out_dir / "summary.json", summary_json(records, metrics));
  write_file_atomically(out_dir / "report.html", report_html(records, metrics, by_regime));
  const std::filesystem::path regime_file = out_dir / "by_regime.csv";
  if (by_regime) {
    write_file_atomically(regime_file, by_regime_csv(*by_regime));
  } else if (!std::filesystem::remove(regime_file, error) && error) {
    fail("{}: cannot remove: {}", regime_file.string(), error.message());
  }
}

}  // namespace tapelab::report
