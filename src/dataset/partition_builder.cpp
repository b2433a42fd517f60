#include "dataset/partition_builder.h"

#include <algorithm>
#include <cstring>
#include <deque>
#include <numeric>
#include <queue>
#include <system_error>
#include <unordered_map>

#include <oneapi/tbb/task_group.h>

#include "dataset/row_buffer.h"
#include "dataset/row_codec.h"
#include "dataset/schema.h"
#include "dataset/spill.h"
#include "domain/contract.h"
#include "domain/time.h"
#include "parquet/writer.h"
#include "util/error.h"

namespace tapelab::dataset {

namespace {

// Runs merged at once; more are first merged in passes, so the final merge
// holds at most this many spill blocks in memory.
constexpr std::size_t kMaxFanIn = 64;

// Orders rows by the dump columns' bytes: meaningless as an order of values,
// but total and independent of where the rows came from, which is all the
// tie-break among equal (contract, timestamp, source rank) rows needs.
int compare_fields(const TickRow& a, const TickRow& b) {
  if (a.null_mask != b.null_mask) return a.null_mask < b.null_mask ? -1 : 1;
  for (int i = 0; i < kDumpColumnCount; ++i) {
    if (is_null(a, i)) continue;
    const DumpField& f = dump_fields()[static_cast<std::size_t>(i)];
    const std::size_t size = f.type == FieldType::kInt32 ? 4 : 8;
    const int c = std::memcmp(reinterpret_cast<const char*>(&a) + f.offset,
                              reinterpret_cast<const char*>(&b) + f.offset, size);
    if (c != 0) return c;
  }
  return 0;
}

std::vector<std::string> source_keys(const SourceTable& sources) {
  std::vector<std::string> keys;
  for (const Source& s : sources.sources()) keys.push_back(s.key);
  return keys;
}

std::int64_t gcd_of_quantities(std::int64_t g, const TickRow& row) {
  auto take = [&](std::int64_t q, int column) {
    // Quantities are mostly multiples of the GCD so far (the lot): the
    // remainder test is much cheaper than gcd().
    if (!is_null(row, column) && q != 0 && (g == 0 || q % g != 0)) g = std::gcd(g, q < 0 ? -q : q);
  };
  take(row.qty, static_cast<int>(DumpColumn::kQty));
  for (int level = 0; level < 5; ++level) {
    take(row.bids[static_cast<std::size_t>(level)].qty, kFirstBidColumn + level * 3);
    take(row.asks[static_cast<std::size_t>(level)].qty, kFirstAskColumn + level * 3);
  }
  return g;
}

// One input of the merge: a spill run or the sorted in-memory buffer.
class RowStream {
 public:
  explicit RowStream(std::unique_ptr<SpillReader> reader) : reader_(std::move(reader)) {}
  RowStream(const RowBuffer* rows, std::vector<std::uint32_t> order)
      : rows_(rows), order_(std::move(order)) {}

  // Rows of the in-memory buffer stay where they are until the builder is
  // done; a spill reader's are gone once it reads on.
  bool stable() const { return reader_ == nullptr; }
  const TickRow* peek() const {
    if (reader_) return reader_->peek();
    return pos_ < order_.size() ? &(*rows_)[order_[pos_]] : nullptr;
  }
  void next() {
    if (reader_) {
      reader_->next();
    } else {
      ++pos_;
    }
  }

 private:
  std::unique_ptr<SpillReader> reader_;
  const RowBuffer* rows_ = nullptr;
  std::vector<std::uint32_t> order_;
  std::size_t pos_ = 0;
};

}  // namespace

std::optional<double> SpotSeries::as_of(std::int64_t t, std::size_t& next) const {
  if (next > timestamps.size() || (next > 0 && timestamps[next - 1] > t)) {  // t went back: search
    next = static_cast<std::size_t>(std::upper_bound(timestamps.begin(), timestamps.end(), t) - timestamps.begin());
  }
  while (next < timestamps.size() && timestamps[next] <= t) ++next;
  if (next == 0) return std::nullopt;
  return prices[next - 1];
}

struct PartitionBuilder::Impl {
  PartitionKey key;
  const SourceTable& sources;
  BuildOptions options;
  std::vector<Instrument> instruments;
  std::unordered_map<std::string, std::uint32_t> by_symbol;
  RowBuffer buffer;
  std::vector<std::uint32_t> buffered_instruments;  // per buffered row
  struct Arrival {  // per instrument, of its buffered rows
    std::int64_t last = 0;   // the latest row's time
    bool any = false;
    bool unordered = false;  // a row came after a later one
  };
  std::vector<Arrival> arrival;
  std::vector<std::filesystem::path> runs;
  std::int64_t rows_in = 0;
  int runs_created = 0;

  Impl(PartitionKey k, const SourceTable& s, BuildOptions o)
      : key(std::move(k)), sources(s), options(std::move(o)), buffer(options.memory_budget / sizeof(TickRow)) {}

  ~Impl() {
    std::error_code ec;
    for (const auto& run : runs) std::filesystem::remove(run, ec);
  }

  // The position of each instrument's contract in the partition's sort
  // order; symbols of the same contract share it. Derived from the
  // instruments' content, so ranks computed at different times (a spill,
  // then the final merge) order the contracts they both know the same way.
  std::vector<std::uint32_t> contract_ranks() const {
    std::vector<std::uint32_t> ranks(std::max<std::size_t>(instruments.size(), 1), 0);
    if (key.kind != TableKind::kOptions) return ranks;
    std::vector<std::uint32_t> order(instruments.size());
    std::iota(order.begin(), order.end(), 0U);
    std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
      const Instrument& x = instruments[a];
      const Instrument& y = instruments[b];
      if (contract_less(x, y)) return true;
      if (contract_less(y, x)) return false;
      return x.symbol < y.symbol;
    });
    std::uint32_t rank = 0;
    for (std::size_t i = 0; i < order.size(); ++i) {
      if (i > 0 && !same_contract(instruments[order[i - 1]], instruments[order[i]])) ++rank;
      ranks[order[i]] = rank;
    }
    return ranks;
  }

  // The buffer's rows in sort order (contract, timestamp), as indexes.
  // Ties (same contract and timestamp) keep arrival order. A dump holds a
  // contract's rows as one table in timestamp order, so the rows are bucketed
  // by contract (a stable counting pass) and a bucket is sorted only if its
  // timestamps are not already in order.
  std::vector<std::uint32_t> sorted_buffer(const std::vector<std::uint32_t>& ranks) const {
    const std::size_t contracts = ranks.empty() ? 0 : *std::max_element(ranks.begin(), ranks.end()) + std::size_t{1};
    std::vector<std::size_t> begin(contracts + 1, 0);
    for (const std::uint32_t instrument : buffered_instruments) ++begin[ranks[instrument] + 1];
    std::partial_sum(begin.begin(), begin.end(), begin.begin());
    std::vector<std::uint32_t> order(buffer.size());
    std::vector<std::size_t> next(begin.begin(), begin.end() - 1);
    for (std::uint32_t i = 0; i < buffer.size(); ++i) order[next[ranks[buffered_instruments[i]]]++] = i;
    // A contract whose rows all came from one instrument, in time order (a
    // dump table), is in order already.
    constexpr std::uint32_t kNone = UINT32_MAX;
    constexpr std::uint32_t kSeveral = UINT32_MAX - 1;
    std::vector<std::uint32_t> sole(contracts, kNone);
    for (std::uint32_t instrument = 0; instrument < arrival.size(); ++instrument) {
      if (!arrival[instrument].any) continue;
      std::uint32_t& s = sole[ranks[instrument]];
      s = s == kNone ? instrument : kSeveral;
    }
    auto by_time = [&](std::uint32_t a, std::uint32_t b) {
      const std::int64_t ta = buffer[a].timestamp;
      const std::int64_t tb = buffer[b].timestamp;
      return ta != tb ? ta < tb : a < b;
    };
    for (std::size_t c = 0; c < contracts; ++c) {
      if (sole[c] == kNone || (sole[c] != kSeveral && !arrival[sole[c]].unordered)) continue;
      const auto first = order.begin() + static_cast<std::ptrdiff_t>(begin[c]);
      const auto last = order.begin() + static_cast<std::ptrdiff_t>(begin[c + 1]);
      if (!std::is_sorted(first, last, by_time)) std::sort(first, last, by_time);
    }
    return order;
  }

  // Noted as rows arrive (their cache lines are at hand then), so that
  // sorting the buffer reads 4 bytes a row, not a 300-byte row's cache line.
  void note_buffered(const TickRow& row) {
    buffered_instruments.push_back(row.instrument);
    if (row.instrument >= arrival.size()) arrival.resize(row.instrument + std::size_t{1});
    Arrival& a = arrival[row.instrument];
    if (a.any && row.timestamp < a.last) a.unordered = true;
    a.any = true;
    a.last = row.timestamp;
  }

  void clear_buffer(bool release) {
    buffer.clear(release);
    buffered_instruments.clear();
    arrival.clear();
  }

  std::filesystem::path new_run_path() {
    if (options.spill_dir.empty()) fail("partition {}: memory budget exceeded and no spill directory set", key.to_string());
    std::filesystem::create_directories(options.spill_dir);
    return options.spill_dir / fmt::format("{}_{}_{}.run{}", to_string(key.kind), key.date.to_string(),
                                           key.underlying, runs_created++);
  }

  // Writes the buffer out as a sorted run. `release`: also give its memory
  // back (the driver spills this partition to make room for others); a
  // partition that spills on its own budget refills the same buffer.
  void spill(bool release) {
    if (!buffer.empty()) {
      const std::vector<std::uint32_t> order = sorted_buffer(contract_ranks());
      SpillWriter writer(new_run_path());
      for (std::uint32_t i : order) writer.append(buffer[i]);
      writer.finish();
      runs.push_back(writer.path());
    }
    clear_buffer(release);
  }

  // K-way merge of streams in (contract, timestamp) order; calls sink for
  // every row. Rows equal in (contract, timestamp) arrive in no defined order.
  template <typename Sink>
  static void merge(std::vector<RowStream>& streams, const std::vector<std::uint32_t>& ranks, Sink&& sink) {
    if (streams.size() == 1) {  // nothing spilled: no heap to keep for every row
      RowStream& only = streams.front();
      for (; only.peek() != nullptr; only.next()) sink(*only.peek(), only.stable());
      return;
    }
    auto later = [&](std::size_t a, std::size_t b) {
      const TickRow& x = *streams[a].peek();
      const TickRow& y = *streams[b].peek();
      if (ranks[x.instrument] != ranks[y.instrument]) return ranks[x.instrument] > ranks[y.instrument];
      if (x.timestamp != y.timestamp) return x.timestamp > y.timestamp;
      return a > b;
    };
    std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
    for (std::size_t i = 0; i < streams.size(); ++i) {
      if (streams[i].peek()) heap.push(i);
    }
    while (!heap.empty()) {
      const std::size_t s = heap.top();
      heap.pop();
      sink(*streams[s].peek(), streams[s].stable());
      streams[s].next();
      if (streams[s].peek()) heap.push(s);
    }
  }

  // Merges runs in passes until one merge can take them all.
  void reduce_runs(const std::vector<std::uint32_t>& ranks) {
    while (runs.size() + 1 > kMaxFanIn) {
      std::vector<std::filesystem::path> batch(runs.begin(), runs.begin() + kMaxFanIn);
      std::vector<RowStream> streams;
      for (const auto& run : batch) streams.emplace_back(std::make_unique<SpillReader>(run));
      SpillWriter writer(new_run_path());
      merge(streams, ranks, [&](const TickRow& row, bool) { writer.append(row); });
      writer.finish();
      runs.erase(runs.begin(), runs.begin() + kMaxFanIn);
      runs.push_back(writer.path());
      for (const auto& run : batch) std::filesystem::remove(run);
    }
  }

  void add_existing(const std::filesystem::path& file) {
    scan_partition(file, key.kind, [&](StoredBatch&& batch) {
      std::vector<std::uint32_t> source_map;
      for (const std::string& s : batch.sources) source_map.push_back(sources.find(s));
      std::vector<std::uint32_t> instrument_map;
      if (key.kind == TableKind::kOptions) {
        for (const Instrument& ins : batch.instruments) instrument_map.push_back(add_instrument(ins));
      } else if (key.kind == TableKind::kFutures && instruments.empty() && !batch.instruments.empty()) {
        add_instrument(batch.instruments.front());
      }
      for (TickRow& row : batch.rows) {
        row.source = source_map[row.source];
        row.instrument = key.kind == TableKind::kOptions ? instrument_map[row.instrument] : 0;
      }
      add(batch.rows);
    });
  }

  std::uint32_t add_instrument(const Instrument& instrument) {
    const auto [it, inserted] = by_symbol.emplace(instrument.symbol, static_cast<std::uint32_t>(instruments.size()));
    if (inserted) instruments.push_back(instrument);
    return it->second;
  }

  void add(std::span<const TickRow> rows) {
    const std::size_t source_count = sources.sources().size();
    for (const TickRow& row : rows) {
      if (row.source >= source_count) {
        fail("partition {}: row at {} names source {} of {}", key.to_string(), domain::format_wall_time(row.timestamp),
             row.source, source_count);
      }
      if (key.kind == TableKind::kOptions && row.instrument >= instruments.size()) {
        fail("partition {}: row at {} names instrument {} of {}", key.to_string(),
             domain::format_wall_time(row.timestamp), row.instrument, instruments.size());
      }
      if (domain::date_of(row.timestamp) != key.date) {
        fail("partition {}: row of {} at {} belongs to another day", key.to_string(),
             sources.at(row.source).key, domain::format_wall_time(row.timestamp));
      }
      TickRow& added = buffer.push_back(row);
      if (key.kind != TableKind::kOptions) added.instrument = 0;
      note_buffered(added);
      ++rows_in;
      if (buffer.full()) spill(false);
    }
  }
};

PartitionBuilder::PartitionBuilder(PartitionKey key, const SourceTable& sources, BuildOptions options)
    : impl_(std::make_unique<Impl>(std::move(key), sources, std::move(options))) {}

PartitionBuilder::~PartitionBuilder() = default;

const PartitionKey& PartitionBuilder::key() const { return impl_->key; }

std::uint32_t PartitionBuilder::add_instrument(const Instrument& instrument) {
  return impl_->add_instrument(instrument);
}

void PartitionBuilder::add(std::span<const TickRow> rows) { impl_->add(rows); }

std::size_t PartitionBuilder::buffered_bytes() const { return impl_->buffer.capacity_bytes(); }

void PartitionBuilder::spill() { impl_->spill(true); }

PartitionBuilder::ReleasedRuns PartitionBuilder::release_runs() {
  Impl& im = *impl_;
  im.spill(true);
  ReleasedRuns released{std::move(im.instruments), std::move(im.runs), im.rows_in};
  im.instruments.clear();
  im.by_symbol.clear();
  im.runs.clear();
  im.rows_in = 0;
  return released;
}

namespace {

// The streaming pass after the merge: picks each (contract, timestamp)
// group's winner, derives the per-row columns and cuts row groups.
class PartitionWriter {
 public:
  PartitionWriter(const PartitionKey& key, const SourceTable& sources, const std::vector<Instrument>& instruments,
                  const std::vector<std::uint32_t>& ranks, const SpotSeries* spot,
                  const domain::TradingCalendar& calendar, const BuildOptions& options,
                  const std::filesystem::path& out)
      : key_(key),
        sources_(sources),
        instruments_(instruments),
        ranks_(ranks),
        spot_(spot),
        calendar_(calendar),
        options_(options),
        accumulator_(key, source_keys(sources)),
        spare_(key, source_keys(sources)),
        writer_(out, partition_schema(key.kind), partition_writer_options(key)),
        windows_(calendar.session_windows(key.date)),
        contributing_(sources.sources().size(), false) {}

  // A writer abandoned by an exception still waits for its encoding task,
  // which uses the accumulators and the file writer.
  ~PartitionWriter() {
    try {
      encoding_.wait();
    } catch (...) {  // NOLINT(bugprone-empty-catch): the exception that unwinds us is the one to report
    }
  }
  PartitionWriter(const PartitionWriter&) = delete;
  PartitionWriter& operator=(const PartitionWriter&) = delete;

  // Rows arrive in (contract, timestamp) order. A `stable` row stays where
  // it is until finish() (RowGroupAccumulator::append); others are copied.
  void add(const TickRow& row, bool stable) {
    if (sources_.dropped(row.source)) {  // its file failed part-way: none of its rows count
      ++rows_of_dropped_sources_;
      return;
    }
    if (!group_.empty() && !same_group(*group_.front().row, row)) resolve_group();
    group_.push_back(GroupRow{stable ? &row : &group_copies_.emplace_back(row), stable});
  }

  // Rows left out because their source was dropped (SourceTable::drop).
  std::int64_t rows_of_dropped_sources() const { return rows_of_dropped_sources_; }

  PartitionAudit finish() {
    if (!group_.empty()) resolve_group();
    end_contract();
    close_gaps();
    flush();
    encoding_.wait();
    writer_.close();
    for (std::size_t i = 0; i < contributing_.size(); ++i) {
      if (contributing_[i]) audit_.sources.push_back(sources_.sources()[i].key);
    }
    std::sort(audit_.sources.begin(), audit_.sources.end());
    return std::move(audit_);
  }

 private:
  bool same_group(const TickRow& a, const TickRow& b) const {
    return ranks_[a.instrument] == ranks_[b.instrument] && a.timestamp == b.timestamp;
  }

  // True if `a` must be kept over `b` (docs/dataset.md#duplicates: the
  // higher-ranked source; then a total order on the values so the choice never
  // depends on arrival order).
  bool better(const TickRow& a, const TickRow& b) const {
    const std::uint32_t ra = sources_.rank(a.source);
    const std::uint32_t rb = sources_.rank(b.source);
    if (ra != rb) return ra > rb;
    const int c = compare_fields(a, b);
    if (c != 0) return c > 0;
    return symbol_of(a) > symbol_of(b);
  }

  std::string_view symbol_of(const TickRow& row) const {
    if (key_.kind == TableKind::kSpot || instruments_.empty()) return key_.underlying;
    return instruments_[row.instrument].symbol;
  }

  void resolve_group() {
    std::size_t best = 0;
    for (std::size_t i = 1; i < group_.size(); ++i) {
      if (better(*group_[i].row, *group_[best].row)) best = i;
    }
    for (std::size_t i = 0; i < group_.size(); ++i) {
      if (i == best) continue;
      if (compare_fields(*group_[i].row, *group_[best].row) == 0) {
        ++audit_.exact_duplicates;
      } else {
        ++audit_.duplicates_replaced;
      }
    }
    emit(*group_[best].row, group_[best].stable);
    group_.clear();
    group_copies_.clear();
  }

  bool in_session(std::int64_t t) const {
    const std::int64_t second = (t - domain::wall_time(key_.date, 0, 0, 0)) / domain::kNanosPerSecond;
    for (const domain::SessionWindow& w : windows_) {
      if (second >= w.open_seconds && second <= w.close_seconds) return true;
    }
    return false;
  }

  // docs/contracts-and-calendar.md#lot-size-checked-against-the-data: where the
  // built-in table has no lot for a contract, the lot its data implies (the GCD of
  // its quantities) is written; it is known only once the contract's last row is in.
  void end_contract() {
    if (!have_contract_ || !lot_unknown_) return;
    const std::int64_t gcd = audit_.spans.back().quantity_gcd;
    if (gcd > 0 && gcd <= INT32_MAX) accumulator_.set_lot_size(contract_first_row_, static_cast<std::int32_t>(gcd));
  }

  void start_contract(const TickRow& row) {
    end_contract();
    close_gaps();
    if (accumulator_.rows() >= options_.row_group_target_rows) flush();
    contract_first_row_ = accumulator_.rows();
    contract_ = ranks_[row.instrument];
    have_contract_ = true;
    have_volume_ = false;
    max_volume_ = 0;
    last_in_session_.reset();
    spot_next_ = 0;
    ++audit_.contracts;
    const Instrument* ins = instruments_.empty() ? nullptr : &instruments_[row.instrument];
    PartitionAudit::Span span;
    span.symbol = std::string(symbol_of(row));
    if (key_.kind == TableKind::kFutures && span.symbol.empty()) span.symbol = key_.underlying + " futures";
    if (ins && key_.kind != TableKind::kSpot) span.expiry = ins->expiry;
    span.first = row.timestamp;
    audit_.spans.push_back(std::move(span));
    dte_ = ins && key_.kind == TableKind::kOptions ? domain::days_to_expiry(key_.date, ins->expiry, calendar_) : 0;
    lot_unknown_ = ins && key_.kind != TableKind::kSpot && ins->lot_size == 0;
  }

  void emit(const TickRow& row, bool stable) {
    if (!have_contract_ || ranks_[row.instrument] != contract_) {
      start_contract(row);
    } else if (key_.kind != TableKind::kOptions && !lot_unknown_ &&
               accumulator_.rows() >= options_.row_group_target_rows) {
      // Spot and futures have no contracts to keep whole, unless the lot
      // still has to be filled in at the end (a futures day is one contract).
      flush();
    }
    static const Instrument kNoInstrument;
    const Instrument& ins = instruments_.empty() ? kNoInstrument : instruments_[row.instrument];
    DerivedValues d;
    d.vol_delta = volume_delta(row);
    audit(row);
    if (key_.kind == TableKind::kOptions) derive(row, ins, d);
    accumulator_.append(row, stable, ins, d);
    contributing_[row.source] = true;
    ++audit_.rows_written;
  }

  std::int64_t volume_delta(const TickRow& row) {
    if (is_null(row, static_cast<int>(DumpColumn::kVolume))) return 0;  // no reading, nothing learned
    if (!have_volume_) {
      have_volume_ = true;
      max_volume_ = row.volume;
      return std::max<std::int64_t>(row.volume, 0);
    }
    if (row.volume > max_volume_) {
      const std::int64_t delta = row.volume - max_volume_;
      max_volume_ = row.volume;
      return delta;
    }
    // A zero read or a drop: the feed glitched; counting the recovery again
    // would double the volume, so the running maximum stays.
    if (row.volume < max_volume_) ++audit_.volume_resets;
    return 0;
  }

  void audit(const TickRow& row) {
    const bool bid = !is_null(row, kFirstBidColumn + 1) && row.bids[0].price > 0;
    const bool ask = !is_null(row, kFirstAskColumn + 1) && row.asks[0].price > 0;
    if (bid && ask && row.bids[0].price > row.asks[0].price) ++audit_.crossed_books;
    if (bid && ask && row.bids[0].price == row.asks[0].price) ++audit_.locked_books;
    if (!is_null(row, static_cast<int>(DumpColumn::kPrice)) && row.price == 0) ++audit_.zero_prices;
    PartitionAudit::Span& span = audit_.spans.back();
    span.last = row.timestamp;
    ++span.rows;
    span.quantity_gcd = gcd_of_quantities(span.quantity_gcd, row);
    if (in_session(row.timestamp)) {
      if (last_in_session_) {
        const std::int64_t interval = row.timestamp - *last_in_session_;
        ++intervals_;
        if (interval <= domain::kNanosPerSecond) ++one_second_intervals_;
        if (interval > std::int64_t{options_.gap_seconds} * domain::kNanosPerSecond) {
          pending_gaps_.push_back(PartitionAudit::Gap{span.symbol, *last_in_session_, row.timestamp});
        }
      }
      last_in_session_ = row.timestamp;
    }
  }

  // docs/dataset.md#audit: a gap is worth reporting only for a contract that
  // otherwise quotes every second (an illiquid strike is minutes apart by
  // nature). A contract qualifies when at least half of its in-session
  // intervals (the median) are one second or less.
  void close_gaps() {
    if (!pending_gaps_.empty() && 2 * one_second_intervals_ >= intervals_) {
      audit_.gaps.insert(audit_.gaps.end(), pending_gaps_.begin(), pending_gaps_.end());
    }
    pending_gaps_.clear();
    intervals_ = 0;
    one_second_intervals_ = 0;
  }

  void derive(const TickRow& row, const Instrument& ins, DerivedValues& d) {
    const double bid = is_null(row, kFirstBidColumn + 1) ? 0 : row.bids[0].price;
    const double ask = is_null(row, kFirstAskColumn + 1) ? 0 : row.asks[0].price;
    if (bid > 0 && ask > 0) {
      d.mid_price = (bid + ask) / 2;
      d.spread = ask - bid;
    }
    d.dte = dte_;
    if (!spot_) return;
    d.spot_price = spot_->as_of(row.timestamp, spot_next_);
    if (!d.spot_price) return;
    const double spot = *d.spot_price;
    const double strike = ins.strike;
    const bool call = ins.opt_type == domain::OptionType::kCall;
    d.distance_from_spot = strike - spot;
    if (strike > 0) d.moneyness_pct = (call ? spot - strike : strike - spot) / strike * 100;
    d.intrinsic_value = std::max(call ? spot - strike : strike - spot, 0.0);
    if (!is_null(row, static_cast<int>(DumpColumn::kPrice))) d.time_value = row.price - *d.intrinsic_value;
  }

  // Hands the finished row group to a background task and goes on filling
  // the other accumulator: building a row group (one thread) and encoding the
  // previous one (columns in parallel) overlap. Row groups still reach the
  // file in order, one at a time.
  void flush() {
    if (accumulator_.rows() == 0) return;
    encoding_.wait();  // the spare's row group is written (rethrows its error)
    std::swap(accumulator_, spare_);
    encoding_.run([this] {
      spare_.build(columns_);
      writer_.write_row_group(columns_);
    });
    accumulator_.clear();
  }

  const PartitionKey& key_;
  const SourceTable& sources_;
  const std::vector<Instrument>& instruments_;
  const std::vector<std::uint32_t>& ranks_;
  const SpotSeries* spot_;
  const domain::TradingCalendar& calendar_;
  const BuildOptions& options_;
  RowGroupAccumulator accumulator_;
  RowGroupAccumulator spare_;  // the row group being encoded, or the next one's storage
  std::vector<parquet::ColumnData> columns_;  // of the row group being encoded
  parquet::FileWriter writer_;
  tbb::task_group encoding_;
  std::vector<domain::SessionWindow> windows_;
  std::vector<bool> contributing_;  // per source: a row of it was written
  // Rows of one (contract, timestamp): one but for duplicates.
  struct GroupRow {
    const TickRow* row;
    bool stable;
  };
  std::vector<GroupRow> group_;
  std::deque<TickRow> group_copies_;  // of its rows that were not stable
  PartitionAudit audit_;
  std::int64_t rows_of_dropped_sources_ = 0;
  bool have_contract_ = false;
  std::uint32_t contract_ = 0;
  bool have_volume_ = false;
  std::int64_t max_volume_ = 0;
  std::optional<std::int64_t> last_in_session_;
  std::vector<PartitionAudit::Gap> pending_gaps_;  // of the current contract
  std::int64_t intervals_ = 0;                     // in-session intervals of the current contract
  std::int64_t one_second_intervals_ = 0;
  std::int32_t dte_ = 0;
  std::size_t spot_next_ = 0;  // SpotSeries::as_of's position in the current contract
  bool lot_unknown_ = false;            // the current contract's lot comes from its data
  std::size_t contract_first_row_ = 0;  // of the current contract, in the accumulator
};

}  // namespace

std::size_t finish_working_set(TableKind kind, const BuildOptions& options) {
  // A contract's day of one-second rows, 09:15 to 15:30 (a recorder that
  // also kept the pre-open or the night makes its row groups larger).
  constexpr std::size_t kContractDayRows = 22'500;
  const std::size_t rows = options.row_group_target_rows + kContractDayRows;
  // Per staged row, in each of the two accumulators: its copy, its derived
  // values, the row and instrument pointers and the lot.
  const std::size_t staged = 2 * (sizeof(TickRow) + sizeof(DerivedValues) + 2 * sizeof(void*) + sizeof(std::int32_t));
  // Per column of the row group: the value, its validity byte, and about as
  // much again for the page being encoded.
  const std::size_t encoded = partition_schema(kind).columns.size() * (2 * sizeof(double) + 1);
  const std::size_t spill_blocks = kMaxFanIn * kSpillBlockRows * sizeof(TickRow);
  return rows * (staged + encoded) + spill_blocks;
}

PartitionAudit PartitionBuilder::finish(const std::optional<std::filesystem::path>& existing, const SpotSeries* spot,
                                        const domain::TradingCalendar& calendar, const std::filesystem::path& out) {
  Impl& im = *impl_;
  if (!im.sources.finalized()) fail("partition {}: source table used before finalize()", im.key.to_string());
  if (existing) im.add_existing(*existing);
  if (im.key.kind == TableKind::kFutures && im.instruments.empty() && im.rows_in > 0) {
    fail("partition {}: futures rows without a futures instrument (expiry, lot size)", im.key.to_string());
  }
  const std::vector<std::uint32_t> ranks = im.contract_ranks();
  im.reduce_runs(ranks);
  std::vector<RowStream> streams;
  for (const auto& run : im.runs) streams.emplace_back(std::make_unique<SpillReader>(run));
  streams.emplace_back(&im.buffer, im.sorted_buffer(ranks));
  PartitionWriter writer(im.key, im.sources, im.instruments, ranks, spot, calendar, im.options, out);
  Impl::merge(streams, ranks, [&](const TickRow& row, bool stable) { writer.add(row, stable); });
  PartitionAudit audit = writer.finish();
  audit.rows_in = im.rows_in - writer.rows_of_dropped_sources();
  streams.clear();
  std::error_code ec;
  for (const auto& run : im.runs) std::filesystem::remove(run, ec);
  im.runs.clear();
  im.clear_buffer(true);
  return audit;
}

SpotSeries read_spot_series(const std::filesystem::path& spot_file) {
  SpotSeries series;
  scan_partition(spot_file, TableKind::kSpot, [&](StoredBatch&& batch) {
    for (const TickRow& row : batch.rows) {
      // An index level of 0 is a feed artifact, not a price to measure against.
      if (is_null(row, static_cast<int>(DumpColumn::kPrice)) || row.price <= 0) continue;
      if (!series.timestamps.empty() && row.timestamp < series.timestamps.back()) {
        fail("{}: spot rows are not in timestamp order", spot_file.string());
      }
      series.timestamps.push_back(row.timestamp);
      series.prices.push_back(row.price);
    }
  });
  return series;
}

}  // namespace tapelab::dataset
