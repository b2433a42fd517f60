#include "gen/parquet_layouts.h"

#include <algorithm>
#include <cctype>
#include <functional>
#include <map>
#include <memory>
#include <set>

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include "gen/census.h"
#include "gen/layout_rows.h"
#include "gen/rng.h"
#include "util/error.h"
#include "util/file.h"

namespace tapelab::gen {
namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

// Contracts per date-packed part file; small enough that a small market still
// gets several parts per day, one per version in turn.
constexpr size_t kContractsPerPart = 8;

struct FileOutcome {
  uint64_t rows = 0;        // rows in the file
  uint64_t rows_1970 = 0;
  uint64_t valid_rows = 0;  // rows an ingest keeps: a timestamp, not 1970, in a readable file
  uint64_t bytes = 0;
};

// One file to write. `write` gets the absolute path and whether the file
// keeps its pre-open rows (census kind rows_1970).
struct FileJob {
  fs::path relative;
  std::optional<CensusKind> census;  // the problem it was made for; rows_1970 is decided later
  bool has_preopen = false;          // real files whose dump table has 1970 rows
  std::function<FileOutcome(const fs::path&, bool keep_1970)> write;
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

FileOutcome outcome(std::span<const LayoutRow> rows, bool readable) {
  FileOutcome o;
  o.rows = rows.size();
  for (const auto& r : rows) {
    const bool is_1970 = r.tick.timestamp < 86400;
    o.rows_1970 += is_1970 ? 1 : 0;
    o.valid_rows += readable && !is_1970 && !r.null_timestamp ? 1 : 0;
  }
  return o;
}

FileOutcome write_rows(const fs::path& path, ColumnSet set, std::span<const LayoutRow> rows, parquet::Codec codec) {
  write_layout_file(path, layout_columns(set), rows, codec);
  FileOutcome o = outcome(rows, true);
  o.bytes = fs::file_size(path);
  return o;
}

parquet::Codec codec_of(Layout layout) {
  return layout == Layout::kRawParquet ? parquet::Codec::SNAPPY : parquet::Codec::ZSTD;
}

ColumnSet option_columns(Layout layout, size_t part) {
  if (layout == Layout::kRawParquet) return ColumnSet::kRaw;
  if (layout == Layout::kExpiryPacked) return ColumnSet::kExpiryPacked;
  static constexpr ColumnSet kVersions[] = {ColumnSet::kDateV1, ColumnSet::kDateV2, ColumnSet::kDateV3};
  return kVersions[part % 3];
}

fs::path expiry_packed_path(const ContractIdentity& id) {
  const auto& e = id.expiry;
  return fs::path(id.underlying) / fmt::format("{:04}{:02}", e.year(), e.month()) / ("exp=" + e.to_string()) /
         fmt::format("type={}", domain::to_string(id.type)) / fmt::format("strike={}.parquet", id.strike);
}

fs::path part_path(domain::Date day, const std::string& underlying, size_t part) {
  return fs::path(day.to_string()) / underlying / fmt::format("part-{:05}.parquet", part);
}

class LayoutPlanner {
 public:
  explicit LayoutPlanner(const ParquetLayoutRequest& r) : r_(r), codec_(codec_of(r.layout)) {}

  std::vector<FileJob> real_files() {
    std::vector<FileJob> jobs;
    for (const auto& plan : *r_.plans) {
      add_index_files(jobs, plan);
      if (r_.layout == Layout::kDatePacked) {
        add_date_parts(jobs, plan);
      } else {
        for (const auto& spec : plan.specs) add_contract_file(jobs, plan, spec);
      }
    }
    return jobs;
  }

  // Extra files of every census kind but rows_1970 (a property of real files).
  std::vector<FileJob> problem_files(size_t real_files) {
    std::vector<FileJob> jobs;
    size_t n = 0;
    for (CensusKind kind : kCensusKinds) {
      if (kind == CensusKind::kRows1970) continue;
      for (size_t i = census_files(kind, real_files); i > 0; --i, ++n) jobs.push_back(problem_file(kind, n));
    }
    return jobs;
  }

 private:
  void add_index_files(std::vector<FileJob>& jobs, const UnderlyingPlan& plan) const {
    const UnderlyingPlan* p = &plan;
    const auto codec = codec_;
    jobs.push_back({lower(plan.underlying->spot_table) + ".parquet", std::nullopt, false,
                    [p, codec](const fs::path& path, bool) {
                      return write_rows(path, ColumnSet::kTick, spot_rows(*p), codec);
                    }});
    jobs.push_back({lower(plan.underlying->futures_table) + ".parquet", std::nullopt, true,
                    [p, codec](const fs::path& path, bool keep_1970) {
                      return write_rows(path, ColumnSet::kTick, futures_rows(*p, keep_1970), codec);
                    }});
  }

  void add_contract_file(std::vector<FileJob>& jobs, const UnderlyingPlan& plan, const OptionSpec& spec) const {
    auto id = std::make_shared<const ContractIdentity>(identity_of(plan, spec));
    const fs::path relative =
        r_.layout == Layout::kRawParquet ? fs::path(lower(spec.symbol) + ".parquet") : expiry_packed_path(*id);
    const ColumnSet set = option_columns(r_.layout, 0);
    const auto codec = codec_;
    jobs.push_back({relative, std::nullopt, true,
                    [&plan, &spec, id, set, codec](const fs::path& path, bool keep_1970) {
                      const auto days = plan.days_listed(spec);
                      return write_rows(path, set, option_rows(plan, spec, id.get(), days, keep_1970), codec);
                    }});
  }

  // Each day's listed contracts in parts of kContractsPerPart, rows shuffled
  // (their writer reordered rows, docs/source-data.md#generated-parquet-layouts).
  void add_date_parts(std::vector<FileJob>& jobs, const UnderlyingPlan& plan) {
    for (size_t d = 0; d < r_.days->size(); ++d) {
      std::vector<const OptionSpec*> listed;
      for (const auto& spec : plan.specs) {
        if (plan.rank_by_day[d].count(spec.symbol)) listed.push_back(&spec);
      }
      std::sort(listed.begin(), listed.end(), [](auto* a, auto* b) { return a->symbol < b->symbol; });
      for (size_t first = 0; first < listed.size(); first += kContractsPerPart) {
        std::vector<const OptionSpec*> part(listed.begin() + static_cast<std::ptrdiff_t>(first),
                                            listed.begin() + static_cast<std::ptrdiff_t>(
                                                                 std::min(listed.size(), first + kContractsPerPart)));
        const size_t index = next_part(d, plan);
        jobs.push_back({part_path((*r_.days)[d], plan.underlying->name, index), std::nullopt, true,
                        [this, &plan, part, d, index](const fs::path& path, bool keep_1970) {
                          return write_date_part(path, plan, part, d, index, keep_1970);
                        }});
      }
    }
  }

  FileOutcome write_date_part(const fs::path& path, const UnderlyingPlan& plan,
                              const std::vector<const OptionSpec*>& specs, size_t day, size_t index,
                              bool keep_1970) const {
    std::vector<ContractIdentity> ids;
    ids.reserve(specs.size());
    std::vector<LayoutRow> rows;
    const size_t days[] = {day};
    for (const OptionSpec* spec : specs) {
      ids.push_back(identity_of(plan, *spec));
      auto contract = option_rows(plan, *spec, &ids.back(), days, keep_1970);
      set_vol_delta(contract);
      rows.insert(rows.end(), contract.begin(), contract.end());
    }
    Rng rng(derive(derive(derive(r_.seed, "date-packed-order"), path.filename().string()),
                   static_cast<uint64_t>((*r_.days)[day].days())));
    for (size_t i = rows.size(); i > 1; --i) std::swap(rows[i - 1], rows[static_cast<size_t>(rng.below(static_cast<int64_t>(i)))]);
    return write_rows(path, option_columns(Layout::kDatePacked, index), rows, codec_);
  }

  size_t next_part(size_t day, const UnderlyingPlan& plan) { return parts_[{day, plan.underlying->name}]++; }

  // A contract beyond every strike of the plan, so its rows can never be the dumps' rows.
  OptionSpec extra_contract(const UnderlyingPlan& plan, size_t day, size_t n) {
    int32_t top = 0;
    for (const auto& spec : plan.specs) top = std::max(top, spec.strike);
    const auto& listed = plan.listed[day].front();
    const int32_t strike = top + plan.underlying->strike_step * static_cast<int32_t>(1 + extra_[plan.underlying->name]++);
    const auto type = n % 2 == 0 ? domain::OptionType::kCall : domain::OptionType::kPut;
    return {domain::contract_symbol(plan.underlying->name, listed.expiry.kind, listed.expiry.scheduled, strike, type),
            listed, strike, type};
  }

  FileJob problem_file(CensusKind kind, size_t n) {
    const auto& plan = (*r_.plans)[n % r_.plans->size()];
    const size_t day = n % r_.days->size();
    auto spec = std::make_shared<const OptionSpec>(extra_contract(plan, day, n));
    auto id = std::make_shared<const ContractIdentity>(identity_of(plan, *spec));
    fs::path relative;
    size_t part = 0;
    if (r_.layout == Layout::kRawParquet) relative = lower(spec->symbol) + ".parquet";
    if (r_.layout == Layout::kExpiryPacked) relative = expiry_packed_path(*id);
    if (r_.layout == Layout::kDatePacked) {
      part = next_part(day, plan);
      relative = part_path((*r_.days)[day], plan.underlying->name, part);
    }
    const ColumnSet set = option_columns(r_.layout, part);
    const auto codec = codec_;
    const UnderlyingPlan* p = &plan;
    // A tiny file holds the contract's pre-open rows: one per day of its file.
    std::vector<size_t> tiny_days = {day};
    if (r_.layout != Layout::kDatePacked) {
      tiny_days.resize(std::min<size_t>(r_.days->size(), 10));
      for (size_t d = 0; d < tiny_days.size(); ++d) tiny_days[d] = d;
    }
    return {relative, kind, false, [kind, p, spec, id, set, day, tiny_days, codec](const fs::path& path, bool) {
              const size_t days[] = {day};
              auto rows = kind == CensusKind::kTiny ? preopen_rows(*p, *spec, id.get(), tiny_days)
                                                    : option_rows(*p, *spec, id.get(), days, false, 0);
              return write_problem(path, kind, set, rows, codec);
            }};
  }

  static FileOutcome write_problem(const fs::path& path, CensusKind kind, ColumnSet set, std::vector<LayoutRow>& rows,
                                   parquet::Codec codec) {
    FileOutcome o;
    switch (kind) {
      case CensusKind::kEmpty: return write_rows(path, set, {}, codec);
      case CensusKind::kNullTimestamp:
        for (auto& row : rows) row.null_timestamp = true;
        return write_rows(path, set, rows, codec);
      case CensusKind::kTiny: return write_rows(path, set, rows, codec);
      case CensusKind::kNoTimestamp:
        write_layout_file(path, without_timestamp(layout_columns(set)), rows, codec);
        o = outcome(rows, false);
        break;
      case CensusKind::kShortFile:
        fs::create_directories(path.parent_path());
        write_file_atomically(path, std::string_view("PAR1\0\0\0", 7));
        break;
      case CensusKind::kNoFooter: {
        const std::string bytes = layout_file_bytes(layout_columns(set), rows, codec);
        fs::create_directories(path.parent_path());
        write_file_atomically(path, std::string_view(bytes).substr(0, bytes.size() / 2));
        o = outcome(rows, false);
        break;
      }
      case CensusKind::kRows1970: break;
    }
    o.bytes = fs::file_size(path);
    return o;
  }

  const ParquetLayoutRequest& r_;
  parquet::Codec codec_;
  std::map<std::pair<size_t, std::string>, size_t> parts_;  // (day, underlying) -> next part index
  std::map<std::string, size_t> extra_;                     // underlying -> extra contracts made
};

// Real files that keep their pre-open rows, at the census rate and at least one.
std::vector<bool> choose_rows_1970(const std::vector<FileJob>& real, uint64_t seed, bool census) {
  std::vector<bool> keep(real.size(), false);
  if (!census) return keep;
  const uint64_t key = derive(seed, "census-rows-1970");
  bool any = false;
  for (size_t i = 0; i < real.size(); ++i) {
    if (!real[i].has_preopen) continue;
    keep[i] = Rng(derive(key, real[i].relative.string())).chance(census_rate(CensusKind::kRows1970));
    any = any || keep[i];
  }
  for (size_t i = 0; i < real.size() && !any; ++i) any = keep[i] = real[i].has_preopen;
  return keep;
}

Json summarize(const std::vector<FileJob>& jobs, const std::vector<bool>& keep_1970,
               const std::vector<FileOutcome>& outcomes, size_t real_files) {
  Json census = Json::object();
  for (CensusKind kind : kCensusKinds) census[std::string(to_string(kind))] = {{"files", 0}, {"paths", Json::array()}};
  FileOutcome total;
  for (size_t i = 0; i < jobs.size(); ++i) {
    std::optional<CensusKind> kind = jobs[i].census;
    if (i < keep_1970.size() && keep_1970[i]) kind = CensusKind::kRows1970;
    if (kind) {
      Json& entry = census[std::string(to_string(*kind))];
      entry["files"] = entry["files"].get<uint64_t>() + 1;
      entry["paths"].push_back(jobs[i].relative.generic_string());
    }
    total.rows += outcomes[i].rows;
    total.rows_1970 += outcomes[i].rows_1970;
    total.valid_rows += outcomes[i].valid_rows;
    total.bytes += outcomes[i].bytes;
  }
  for (auto& [name, entry] : census.items()) {
    auto paths = entry["paths"].get<std::vector<std::string>>();
    std::sort(paths.begin(), paths.end());
    entry["paths"] = paths;
  }
  return {{"files", {{"written", jobs.size()}, {"market", real_files}, {"bytes", total.bytes}}},
          {"census", census},
          {"totals", {{"rows", total.rows}, {"rows_1970", total.rows_1970}, {"valid_rows", total.valid_rows}}}};
}

}  // namespace

std::optional<Layout> parse_layout(std::string_view text) {
  for (Layout l : {Layout::kDumps, Layout::kRawParquet, Layout::kExpiryPacked, Layout::kDatePacked}) {
    if (text == to_string(l)) return l;
  }
  return std::nullopt;
}

std::string_view to_string(Layout layout) {
  switch (layout) {
    case Layout::kDumps: return "dumps";
    case Layout::kRawParquet: return "raw-parquet";
    case Layout::kExpiryPacked: return "expiry-packed";
    case Layout::kDatePacked: return "date-packed";
  }
  return "?";
}

std::string_view layout_root(Layout layout) {
  switch (layout) {
    case Layout::kRawParquet: return "raw_options";
    case Layout::kExpiryPacked: return "expiry_packed";
    case Layout::kDatePacked: return "date_packed";
    case Layout::kDumps: break;
  }
  return "";
}

Json write_parquet_layout(const ParquetLayoutRequest& request) {
  if (fs::exists(request.root) && !fs::is_empty(request.root)) {
    fail("gen: {} already holds files; remove it or choose another --out", request.root.string());
  }
  fs::create_directories(request.root);
  LayoutPlanner planner(request);
  std::vector<FileJob> jobs = planner.real_files();
  const size_t real_files = jobs.size();
  const auto keep_1970 = choose_rows_1970(jobs, request.seed, request.census_problems);
  if (request.census_problems) {
    auto problems = planner.problem_files(real_files);
    std::move(problems.begin(), problems.end(), std::back_inserter(jobs));
  }
  std::vector<FileOutcome> outcomes(jobs.size());
  tbb::parallel_for(size_t{0}, jobs.size(), [&](size_t i) {
    outcomes[i] = jobs[i].write(request.root / jobs[i].relative, i < real_files && keep_1970[i]);
  });
  return summarize(jobs, keep_1970, outcomes, real_files);
}

}  // namespace tapelab::gen
