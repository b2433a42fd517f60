#include "ingest/router.h"

#include <fmt/format.h>

#include "dataset/instrument.h"
#include "domain/time.h"

namespace tapelab::ingest {

using dataset::PartitionKey;
using dataset::TickRow;

Slot& Router::slot(const PartitionKey& key) {
  std::lock_guard lock(mutex_);
  auto& s = slots_[key];
  if (!s) {
    s = std::make_unique<Slot>();
    dataset::BuildOptions options;
    options.spill_dir =
        scratch_ / fmt::format("{}-{}-{}", dataset::to_string(key.kind), key.date.to_string(), key.underlying);
    // The router enforces the global budget; a builder alone never spills first.
    options.memory_budget = budget_;
    options.gap_seconds = gap_seconds_;
    s->builder = std::make_unique<dataset::PartitionBuilder>(key, sources_, options);
  }
  return *s;
}

void Router::add(Slot& s, std::span<const TickRow> rows) {
  {
    std::lock_guard lock(s.mutex);
    s.builder->add(rows);
    const std::size_t now = s.builder->buffered_bytes();
    const std::size_t before = s.bytes.exchange(now);
    total_ += now - before;  // wraps correctly when the builder spilled on its own
  }
  while (total_.load() > budget_ && spill_largest()) {
  }
}

bool Router::spill_largest() {
  Slot* largest = nullptr;
  {
    std::lock_guard lock(mutex_);
    for (auto& [key, s] : slots_) {
      if (!largest || s->bytes.load() > largest->bytes.load()) largest = s.get();
    }
  }
  if (!largest) return false;
  std::lock_guard lock(largest->mutex);
  if (largest->bytes.load() == 0) return false;
  largest->builder->spill();
  const std::size_t now = largest->builder->buffered_bytes();
  total_ -= largest->bytes.exchange(now) - now;
  return true;
}

void FileRouter::route(Table& table, std::span<TickRow> rows) {
  try {
    route_rows(table, rows);
  } catch (...) {
    sink_failed_ = true;
    throw;
  }
}

void FileRouter::keep() {
  for (Slot* slot : touched_) slot->kept.store(true, std::memory_order_relaxed);
}

void FileRouter::route_rows(Table& table, std::span<TickRow> rows) {
  // Kept rows move up over dropped ones (in place) and go to their
  // partitions a run of rows with the same target at a time (a contract's
  // rows are mostly one day: one run).
  std::size_t kept = 0;
  row_slots_.resize(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    TickRow& row = rows[i];
    const domain::Date day = domain::date_of(row.timestamp);
    if (day == domain::Date{}) {
      ++audit_.rows_1970;
      continue;
    }
    const Table::Target& target = target_for(table, day);
    if (target.no_expiry) {
      ++audit_.rows_no_expiry;
      continue;
    }
    row.source = source_;
    row.instrument = target.instrument;
    first_ = std::min(first_, row.timestamp);
    last_ = std::max(last_, row.timestamp);
    if (kept != i) rows[kept] = row;
    row_slots_[kept++] = target.slot;
  }
  for (std::size_t begin = 0, end = 0; begin < kept; begin = end) {
    while (end < kept && row_slots_[end] == row_slots_[begin]) ++end;
    router_.add(*row_slots_[begin], rows.subspan(begin, end - begin));
    audit_.rows_added += static_cast<std::int64_t>(end - begin);
  }
}

const FileRouter::Table::Target& FileRouter::target_for(Table& table, domain::Date day) {
  auto [it, fresh] = table.targets.try_emplace(day);
  if (!fresh) return it->second;
  Table::Target& target = it->second;
  dataset::Instrument instrument = table.cls.instrument;
  if (table.cls.role == TableRole::kFutures) {
    // No expiry in the name: the front month on that day (a roll shows as an expiry change).
    auto front = dataset::futures_instrument(instrument.symbol, table.cls.underlying, day, calendar_);
    if (!front) {
      target.no_expiry = true;
      return target;
    }
    instrument = std::move(*front);
  }
  target.slot = &router_.slot(PartitionKey{table_kind(table.cls.role), day, table.cls.underlying});
  touched_.push_back(target.slot);
  std::lock_guard lock(target.slot->mutex);
  target.instrument = target.slot->builder->add_instrument(instrument);
  return target;
}

}  // namespace tapelab::ingest
