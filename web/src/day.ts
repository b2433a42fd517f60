// One day of one underlying as the player draws it: the per-second truth
// series on the session grid, the ATM ±2 strikes' mids and OFI pivoted to
// that grid, the regimes and the events (docs/player.md#data).
import type { Columns } from '../../tools/serve/columns.mjs';
import { getColumns, numbers, strings } from './api';
import { MARKED_KINDS } from './kinds';

export type Series = (number | null)[];

// An event of a kind the timeline marks (markers.ts).
export interface MarketEvent {
  kind: string;
  lane: number;  // the kind's place in MARKED_KINDS
  start: number;
  end: number;
  known_at: number;
}

export interface Day {
  date: string;
  underlying: string;
  time: number[];                  // every open second, ascending
  series: Record<string, Series>;  // by name, aligned with time
  regime: (string | null)[];
  events: MarketEvent[];           // the marked kinds, sorted by known_at as the table is
}

const FEATURES = [
  'time', 'spot', 'fut', 'atm_strike', 'ce_mid', 'pe_mid', 'ce_spread', 'pe_spread',
  'ce_bid_depth_5', 'ce_ask_depth_5', 'pe_bid_depth_5', 'pe_ask_depth_5', 'ce_obi_5', 'pe_obi_5',
];

// The names of the pivoted ATM option series: "ce_mid_m2" is the call two strikes below ATM.
export function optionSeriesName(field: string, type: string, offset: number): string {
  return `${type.toLowerCase()}_${field}_${offset < 0 ? 'm' : 'p'}${Math.abs(offset)}`;
}

// The day as soon as its features and regimes are in, and `rest`, which
// resolves once the ATM strikes' series and the events are added to it: the
// panes are drawn and painted first (`painted`), and the larger tables
// (225,010 atm_options rows and tens of thousands of events on a full-scale
// day) are decoded after, while the reader already sees the day.
export async function loadDay(date: string, underlying: string, tables: string[],
                              painted: Promise<void>): Promise<{ day: Day; rest: Promise<void> }> {
  const base = `/api/days/${date}/${underlying}/truth`;
  const maybe = (table: string, query: string) =>
    tables.includes(table) ? getColumns(`${base}/${table}?${query}`) : Promise.resolve(null);
  const optionsLoading = maybe('atm_options', 'columns=time,offset,opt_type,mid,ofi_5l');
  const eventsLoading = maybe('events', 'columns=kind,start,end,known_at');
  const [features, regimes] = await Promise.all([
    getColumns(`${base}/features?columns=${FEATURES.join(',')}`), maybe('regimes', 'columns=time,regime')]);
  const time = Array.from(features.columns.time.values as Float64Array);
  const series: Record<string, Series> = {};
  for (const name of FEATURES.slice(1)) series[name] = numbers(features, name);
  const index = new Map(time.map((t, i) => [t, i]));
  const day: Day = {
    date, underlying, time, series,
    regime: regimes ? alignStrings(strings(regimes, 'regime'), regimes.columns.time.values as Float64Array, index, time.length) : [],
    events: [],
  };
  const rest = Promise.all([optionsLoading, eventsLoading, painted]).then(([options, events]) => {
    if (options) pivotOptions(options, index, time.length, series);
    if (events) day.events = markedEvents(events);
  });
  return { day, rest };
}

function pivotOptions(options: Columns, index: Map<number, number>, rows: number,
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

function markedEvents(table: Columns): MarketEvent[] {
  const kind = strings(table, 'kind');
  const [start, end, knownAt] = ['start', 'end', 'known_at'].map((c) => table.columns[c].values as Float64Array);
  const out: MarketEvent[] = [];
  kind.forEach((k, i) => {
    const lane = MARKED_KINDS.indexOf(k ?? '');
    if (lane >= 0) out.push({ kind: k!, lane, start: start[i], end: end[i], known_at: knownAt[i] });
  });
  return out;
}

// How many of the first n values (ascending, value(i) the i-th) are at or before t.
function countAtOrBefore(n: number, value: (i: number) => number, t: number): number {
  let lo = 0;
  let hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (value(mid) <= t) lo = mid + 1; else hi = mid;
  }
  return lo;
}

// How many of the events (sorted by known_at) are known at t.
export function knownBy(events: MarketEvent[], t: number): number {
  return countAtOrBefore(events.length, (i) => events[i].known_at, t);
}

// The index of the last second at or before t (-1 before the first).
export function indexAtOrBefore(time: number[], t: number): number {
  return countAtOrBefore(time.length, (i) => time[i], t) - 1;
}
