// One day of one underlying as the player draws it: the per-second truth
// series on the session grid, the ATM ±2 strikes' mids and OFI pivoted to
// that grid, the regimes and the events (docs/player.md#data).
import { getColumns, getJson, numbers, strings } from './api';

export type Series = (number | null)[];

export interface MarketEvent {
  kind: string;
  start: number;
  end: number;
  known_at: number;
  label: string | null;
  direction: string | null;
}

export interface Day {
  date: string;
  underlying: string;
  time: number[];                  // every open second, ascending
  series: Record<string, Series>;  // by name, aligned with time
  regime: (string | null)[];
  events: MarketEvent[];           // sorted by known_at, as the table is
}

const FEATURES = [
  'time', 'spot', 'fut', 'atm_strike', 'ce_mid', 'pe_mid', 'ce_spread', 'pe_spread',
  'ce_bid_depth_5', 'ce_ask_depth_5', 'pe_bid_depth_5', 'pe_ask_depth_5', 'ce_obi_5', 'pe_obi_5',
];

// The names of the pivoted ATM option series: "ce_mid_m2" is the call two strikes below ATM.
export function optionSeriesName(field: string, type: string, offset: number): string {
  return `${type.toLowerCase()}_${field}_${offset < 0 ? 'm' : 'p'}${Math.abs(offset)}`;
}

export async function loadDay(date: string, underlying: string, tables: string[]): Promise<Day> {
  const base = `/api/days/${date}/${underlying}/truth`;
  const has = (t: string) => tables.includes(t);
  const [features, options, regimes, events] = await Promise.all([
    getColumns(`${base}/features?columns=${FEATURES.join(',')}`),
    has('atm_options') ? getColumns(`${base}/atm_options?columns=time,offset,opt_type,mid,ofi_5l`) : null,
    has('regimes') ? getColumns(`${base}/regimes?columns=time,regime`) : null,
    has('events') ? getJson<{ columns: Record<string, unknown[]> }>(`${base}/events?format=json&columns=kind,start,end,known_at,label,direction`) : null,
  ]);
  const time = Array.from(features.columns.time.values as Float64Array);
  const series: Record<string, Series> = {};
  for (const name of FEATURES.slice(1)) series[name] = numbers(features, name);
  const index = new Map(time.map((t, i) => [t, i]));
  if (options) pivotOptions(options, index, time.length, series);
  return {
    date, underlying, time, series,
    regime: regimes ? alignStrings(strings(regimes, 'regime'), regimes.columns.time.values as Float64Array, index, time.length) : [],
    events: events ? eventRows(events.columns) : [],
  };
}

function pivotOptions(options: Awaited<ReturnType<typeof getColumns>>, index: Map<number, number>, rows: number,
                      series: Record<string, Series>) {
  const time = options.columns.time.values as Float64Array;
  const offset = numbers(options, 'offset');
  const type = strings(options, 'opt_type');
  const fields = { mid: numbers(options, 'mid'), ofi: numbers(options, 'ofi_5l') };
  for (const [field, values] of Object.entries(fields)) {
    for (let i = 0; i < time.length; i++) {
      const row = index.get(time[i]);
      if (row === undefined || offset[i] === null || type[i] === null) continue;
      const name = optionSeriesName(field, type[i]!, offset[i]!);
      (series[name] ??= new Array<number | null>(rows).fill(null))[row] = values[i];
    }
  }
}

function alignStrings(values: (string | null)[], time: Float64Array, index: Map<number, number>, rows: number) {
  const out = new Array<string | null>(rows).fill(null);
  for (let i = 0; i < time.length; i++) {
    const row = index.get(time[i]);
    if (row !== undefined) out[row] = values[i];
  }
  return out;
}

function eventRows(columns: Record<string, unknown[]>): MarketEvent[] {
  return columns.kind.map((kind, i) => ({
    kind: kind as string,
    start: columns.start[i] as number,
    end: columns.end[i] as number,
    known_at: columns.known_at[i] as number,
    label: columns.label[i] as string | null,
    direction: columns.direction[i] as string | null,
  }));
}

// The index of the last second at or before t (-1 before the first).
export function indexAtOrBefore(time: number[], t: number): number {
  let lo = 0;
  let hi = time.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time[mid] <= t) lo = mid + 1; else hi = mid;
  }
  return lo - 1;
}
