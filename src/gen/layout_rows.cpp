#include "gen/layout_rows.h"

namespace tapelab::gen {
namespace {

RowSink into(std::vector<LayoutRow>& rows, const ContractIdentity* id, const SpotDay* spot) {
  return [&rows, id, spot](const TickRow& tick) { rows.push_back({tick, id, spot, 0, false}); };
}

}  // namespace

ContractIdentity identity_of(const UnderlyingPlan& plan, const OptionSpec& spec) {
  const auto& e = spec.listed.expiry;
  return {plan.underlying->name, spec.symbol, spec.type, spec.strike, e.final, e.kind, e.contract_year,
          e.contract_month};
}

std::vector<LayoutRow> preopen_rows(const UnderlyingPlan& plan, const OptionSpec& spec, const ContractIdentity* id,
                                    std::span<const size_t> days) {
  std::vector<LayoutRow> rows;
  for (size_t d : days) rows.push_back({option_preopen_row(plan.tape[d], spec), id, &plan.spot[d], 0, false});
  return rows;
}

std::vector<LayoutRow> option_rows(const UnderlyingPlan& plan, const OptionSpec& spec, const ContractIdentity* id,
                                   std::span<const size_t> days, bool preopen, int rank) {
  std::vector<LayoutRow> rows;
  if (preopen) rows = preopen_rows(plan, spec, id, days);
  TableStats stats;
  for (size_t d : days) {
    const int r = rank >= 0 ? rank : plan.rank_by_day[d].at(spec.symbol);
    write_option_day(plan.tape[d], spec, r, into(rows, id, &plan.spot[d]), stats);
  }
  return rows;
}

std::vector<LayoutRow> spot_rows(const UnderlyingPlan& plan) {
  std::vector<LayoutRow> rows;
  TableStats stats;
  for (size_t d = 0; d < plan.tape.size(); ++d) write_spot_day(plan.tape[d], into(rows, nullptr, nullptr), stats);
  return rows;
}

std::vector<LayoutRow> futures_rows(const UnderlyingPlan& plan, bool preopen) {
  std::vector<LayoutRow> rows;
  if (preopen) {
    for (size_t d = 0; d < plan.tape.size(); ++d) {
      rows.push_back({futures_preopen_row(plan.tape[d], plan.front[d]), nullptr, nullptr, 0, false});
    }
  }
  TableStats stats;
  for (size_t d = 0; d < plan.tape.size(); ++d) {
    write_futures_day(plan.tape[d], plan.front[d], into(rows, nullptr, nullptr), stats);
  }
  return rows;
}

void set_vol_delta(std::span<LayoutRow> rows) {
  const SpotDay* day = nullptr;
  int64_t previous = 0;
  for (auto& row : rows) {
    if (row.tick.timestamp < 86400) continue;  // pre-open rows keep 0
    if (row.spot != day) previous = 0;
    day = row.spot;
    row.vol_delta = row.tick.volume - previous;
    previous = row.tick.volume;
  }
}

}  // namespace tapelab::gen
