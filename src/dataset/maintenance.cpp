#include "dataset/maintenance.h"

#include <algorithm>
#include <chrono>
#include <set>
#include <system_error>
#include <unordered_map>

#include <fmt/format.h>

#include "dataset/partition_builder.h"
#include "dataset/publisher.h"
#include "dataset/row_codec.h"
#include "domain/time.h"
#include "domain/trading_calendar.h"
#include "parquet/reader.h"
#include "util/error.h"
#include "util/version.h"

namespace tapelab::dataset {

namespace {

namespace fs = std::filesystem;

std::vector<domain::Date> option_expiries(const fs::path& file) {
  const parquet::FileReader reader(file);
  parquet::ReadOptions options;
  options.columns = {"expiry"};
  std::set<std::int32_t> days;
  reader.scan(options, [&](parquet::Batch&& batch) {
    for (std::int32_t d : batch.columns[0].i32) days.insert(d);
  });
  std::vector<domain::Date> out;
  for (std::int32_t d : days) out.push_back(domain::Date::from_days(d));
  return out;
}

std::string wall_text(std::int64_t t) { return t == 0 ? "" : domain::format_wall_time(t); }

// Keeps only the sources some partition still names.
void prune_sources(Manifest& manifest) {
  std::set<std::string> used;
  for (const PartitionEntry& p : manifest.partitions) used.insert(p.sources.begin(), p.sources.end());
  std::erase_if(manifest.sources, [&](const Source& s) { return !used.contains(s.key); });
}

}  // namespace

std::string utc_now_text() {
  const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  const auto day = std::chrono::floor<std::chrono::days>(now);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(now - day);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z", static_cast<int>(ymd.year()),
                     static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), hms.hours().count(),
                     hms.minutes().count(), hms.seconds().count());
}

DatasetInfo inspect_dataset(const fs::path& root) {
  if (!fs::is_directory(root)) fail("{}: no such dataset directory", root.string());
  recover(root);
  const Manifest manifest = Manifest::load(root);
  DatasetInfo info;
  info.tapelab_version = manifest.tapelab_version;
  info.calendar_hash = manifest.calendar_hash;
  info.sources = manifest.sources;
  std::map<std::string, std::map<domain::Date, DayCoverage>> by_underlying;
  for (const PartitionEntry& p : manifest.partitions) {
    ++info.partitions;
    info.rows += p.rows;
    info.bytes += p.bytes;
    DayCoverage& day = by_underlying[p.key.underlying][p.key.date];
    day.date = p.key.date;
    const fs::path file = partition_path(root, p.key);
    std::error_code ec;
    if (!fs::is_regular_file(file, ec)) {
      info.problems.push_back(fmt::format("{}: listed in the manifest but missing on disk", p.key.to_string()));
      continue;
    }
    switch (p.key.kind) {
      case TableKind::kOptions:
        day.option_rows += p.rows;
        day.expiries = option_expiries(file);
        break;
      case TableKind::kSpot: day.spot_rows += p.rows; break;
      case TableKind::kFutures: day.futures_rows += p.rows; break;
    }
  }
  for (const PartitionKey& key : list_partitions(root)) {
    if (!manifest.find(key)) info.problems.push_back(fmt::format("{}: on disk but not in the manifest", key.to_string()));
  }
  const domain::TradingCalendar& nse = domain::TradingCalendar::nse();
  for (auto& [name, days] : by_underlying) {
    UnderlyingCoverage u;
    u.underlying = name;
    std::set<domain::Date> with_options;
    for (auto& [date, day] : days) {
      if (day.option_rows > 0) with_options.insert(date);
      u.days.push_back(std::move(day));
    }
    if (!with_options.empty()) {
      for (domain::Date d : nse.trading_days(*with_options.begin(), *with_options.rbegin())) {
        if (!with_options.contains(d)) u.missing_days.push_back(d);
      }
    }
    info.underlyings.push_back(std::move(u));
  }
  return info;
}

nlohmann::ordered_json info_to_json(const DatasetInfo& info) {
  using nlohmann::ordered_json;
  ordered_json underlyings = ordered_json::array();
  for (const UnderlyingCoverage& u : info.underlyings) {
    ordered_json days = ordered_json::array();
    for (const DayCoverage& d : u.days) {
      ordered_json expiries = ordered_json::array();
      for (domain::Date e : d.expiries) expiries.push_back(e.to_string());
      days.push_back({{"date", d.date.to_string()},
                      {"option_rows", d.option_rows},
                      {"spot_rows", d.spot_rows},
                      {"futures_rows", d.futures_rows},
                      {"expiries", std::move(expiries)}});
    }
    ordered_json missing = ordered_json::array();
    for (domain::Date d : u.missing_days) missing.push_back(d.to_string());
    underlyings.push_back({{"underlying", u.underlying}, {"days", std::move(days)}, {"missing_days", std::move(missing)}});
  }
  ordered_json sources = ordered_json::array();
  for (const Source& s : info.sources) {
    sources.push_back({{"key", s.key},
                       {"size", s.size},
                       {"checksum", s.checksum},
                       {"recording_start", wall_text(s.recording_start)},
                       {"recording_end", wall_text(s.recording_end)}});
  }
  return ordered_json{{"tapelab_version", info.tapelab_version},
                      {"calendar_hash", info.calendar_hash},
                      {"partitions", info.partitions},
                      {"rows", info.rows},
                      {"bytes", info.bytes},
                      {"underlyings", std::move(underlyings)},
                      {"sources", std::move(sources)},
                      {"problems", info.problems}};
}

std::string info_to_text(const DatasetInfo& info) {
  std::string out = fmt::format("{} partitions, {} rows, {} bytes (written by tapelab {}; calendar: {})\n",
                                info.partitions, info.rows, info.bytes,
                                info.tapelab_version.empty() ? "-" : info.tapelab_version,
                                info.calendar_hash.empty() ? "built-in rules" : info.calendar_hash);
  for (const UnderlyingCoverage& u : info.underlyings) {
    out += fmt::format("\n{}: {} day(s)\n", u.underlying, u.days.size());
    out += fmt::format("  {:<10}  {:>10}  {:>8}  {:>8}  {}\n", "date", "options", "spot", "futures", "expiries");
    for (const DayCoverage& d : u.days) {
      std::vector<std::string> expiries;
      for (domain::Date e : d.expiries) expiries.push_back(e.to_string());
      out += fmt::format("  {:<10}  {:>10}  {:>8}  {:>8}  {}\n", d.date.to_string(), d.option_rows, d.spot_rows,
                         d.futures_rows, fmt::join(expiries, " "));
    }
    std::vector<std::string> missing;
    for (domain::Date d : u.missing_days) missing.push_back(d.to_string());
    out += fmt::format("  missing trading days: {}\n", missing.empty() ? "none" : fmt::format("{}", fmt::join(missing, " ")));
  }
  out += fmt::format("\nsources ({}):\n", info.sources.size());
  for (const Source& s : info.sources) {
    out += fmt::format("  {}  {} bytes  {} .. {}\n", s.key, s.size, wall_text(s.recording_start), wall_text(s.recording_end));
  }
  for (const std::string& p : info.problems) out += fmt::format("problem: {}\n", p);
  return out;
}

std::vector<PartitionKey> remove_day(const fs::path& root, domain::Date date, const std::optional<std::string>& underlying) {
  if (!fs::is_directory(root)) fail("{}: no such dataset directory", root.string());
  Publisher publisher(root);
  Manifest manifest = Manifest::load(root);
  auto matches = [&](const PartitionKey& k) { return k.date == date && (!underlying || k.underlying == *underlying); };
  // Files on disk that the manifest lost track of go too: removing a day
  // must leave nothing of it behind.
  std::set<PartitionKey> keys;
  for (const PartitionEntry& p : manifest.partitions) {
    if (matches(p.key)) keys.insert(p.key);
  }
  for (const PartitionKey& k : list_partitions(root)) {
    if (matches(k)) keys.insert(k);
  }
  if (keys.empty()) {
    fail("{}: no partition of {}{}", root.string(), date.to_string(), underlying ? " for " + *underlying : "");
  }
  for (const PartitionKey& k : keys) manifest.remove(k);
  prune_sources(manifest);
  manifest.tapelab_version = kVersion;
  manifest.updated_at = utc_now_text();
  const std::vector<PartitionKey> removed(keys.begin(), keys.end());
  publisher.commit({}, removed, manifest);
  return removed;
}

RebuildReport rebuild_dataset(const fs::path& root, const domain::ExpiryCalendar& calendar, const RebuildOptions& options) {
  if (!fs::is_directory(root)) fail("{}: no such dataset directory", root.string());
  Publisher publisher(root);
  Manifest manifest = Manifest::load(root);
  SourceTable sources;
  for (const Source& s : manifest.sources) sources.add(s);
  sources.finalize();
  const domain::TradingCalendar& nse = domain::TradingCalendar::nse();
  RebuildReport report;
  std::vector<PartitionKey> replaced;
  std::vector<PartitionEntry> entries;
  for (const PartitionEntry& old : manifest.partitions) {
    if (old.key.kind == TableKind::kSpot) continue;  // nothing in spot depends on the calendar
    const fs::path file = partition_path(root, old.key);
    BuildOptions build;
    build.spill_dir = publisher.scratch_dir();
    build.memory_budget = options.memory_budget;
    PartitionBuilder builder(old.key, sources, build);
    std::unordered_map<std::string, std::uint32_t> decoded;  // symbol -> builder index
    scan_partition(file, old.key.kind, [&](StoredBatch&& batch) {
      std::vector<std::uint32_t> instrument_map;
      for (const Instrument& stored : batch.instruments) {
        const auto it = decoded.find(stored.symbol);
        if (it != decoded.end()) {
          instrument_map.push_back(it->second);
          continue;
        }
        std::optional<Instrument> fresh;
        if (old.key.kind == TableKind::kOptions) {
          InstrumentOrError parsed = option_instrument(stored.symbol, calendar);
          if (!parsed.instrument) fail("{}: symbol '{}': {}", file.string(), stored.symbol, parsed.error);
          fresh = std::move(parsed.instrument);
        } else {
          fresh = futures_instrument(stored.symbol, old.key.underlying, old.key.date, calendar);
          if (!fresh) fresh = stored;  // the calendar has no opinion: keep what is there
        }
        if (fresh->lot_size == 0) fresh->lot_size = stored.lot_size;
        const std::uint32_t index = builder.add_instrument(*fresh);
        decoded.emplace(stored.symbol, index);
        instrument_map.push_back(index);
      }
      std::vector<std::uint32_t> source_map;
      for (const std::string& s : batch.sources) source_map.push_back(sources.find(s));
      for (TickRow& row : batch.rows) {
        row.source = source_map[row.source];
        row.instrument = instrument_map.empty() ? 0 : instrument_map[row.instrument];
      }
      builder.add(batch.rows);
    });
    std::optional<SpotSeries> spot;
    const PartitionKey spot_key{TableKind::kSpot, old.key.date, old.key.underlying};
    if (old.key.kind == TableKind::kOptions && manifest.find(spot_key)) {
      spot = read_spot_series(partition_path(root, spot_key));
    }
    const fs::path staged = publisher.staged_path(old.key);
    const PartitionAudit audit = builder.finish(std::nullopt, spot ? &*spot : nullptr, nse, staged);
    ++report.partitions_rebuilt;
    report.rows += audit.rows_written;
    PartitionEntry entry = partition_entry(old.key, staged, audit.rows_written, old.sources);
    if (entry.content_hash == old.content_hash && entry.rows == old.rows) {
      fs::remove(staged);
      continue;
    }
    ++report.partitions_changed;
    replaced.push_back(old.key);
    entries.push_back(std::move(entry));
  }
  for (PartitionEntry& e : entries) manifest.upsert(std::move(e));
  manifest.calendar_hash = options.calendar_hash;
  manifest.tapelab_version = kVersion;
  manifest.updated_at = utc_now_text();
  publisher.commit(replaced, {}, manifest);
  return report;
}

}  // namespace tapelab::dataset
