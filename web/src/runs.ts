// A backtest run as the player shows it: the legs of one strategy on the
// day (their entries and exits), the intraday P&L path, and for the run view
// every trade and the equity curve (docs/player.md#runs).
import { getColumns, numbers, strings } from './api';
import { dayStart, parseClock } from './clock';

export interface Leg {
  strategy: string;
  date: string;
  underlying: string;
  structure: number;
  strike: number;
  type: string;
  side: string;
  entry: number;  // epoch seconds of the IST wall clock
  exit: number;
  entryPrice: number;
  exitPrice: number;
  net: number;
  exitReason: string;
}

export interface PnlPath {
  time: number[];
  pnl: (number | null)[];
}

function at(date: string, clock: string | null): number {
  return dayStart(date) + (parseClock(clock ?? '') ?? NaN);
}

function query(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter(([, v]) => v !== undefined) as [string, string][];
  return set.length ? `?${new URLSearchParams(set)}` : '';
}

export async function loadLegs(run: string, filter: { strategy?: string; date?: string; underlying?: string }): Promise<Leg[]> {
  const t = await getColumns(`/api/runs/${encodeURIComponent(run)}/trades${query(filter)}`);
  if (t.rows === 0) return [];
  const [strategy, date, underlying, entry, exit, type, side, reason] =
    ['strategy', 'date', 'underlying', 'entry_time', 'exit_time', 'type', 'side', 'exit_reason'].map((c) => strings(t, c));
  const [structure, strike, entryPrice, exitPrice, net] =
    ['structure_id', 'strike', 'entry_price', 'exit_price', 'net'].map((c) => numbers(t, c));
  return Array.from({ length: t.rows }, (_, i) => ({
    strategy: strategy[i]!, date: date[i]!, underlying: underlying[i]!, structure: structure[i]!,
    strike: strike[i]!, type: type[i]!, side: side[i]!,
    entry: at(date[i]!, entry[i]), exit: at(date[i]!, exit[i]),
    entryPrice: entryPrice[i]!, exitPrice: exitPrice[i]!, net: net[i]!, exitReason: reason[i] ?? '',
  }));
}

// The strategy's intraday P&L path on one day (intraday.csv, when the run has it).
export async function loadPnlPath(run: string, info: { files: Record<string, string> }, strategy: string, date: string,
                                  underlying: string): Promise<PnlPath | null> {
  if (!info.files['intraday.csv']) return null;
  const t = await getColumns(`/api/runs/${encodeURIComponent(run)}/intraday${query({ strategy, date, underlying })}`);
  if (t.rows === 0) return null;
  return { time: strings(t, 'time').map((c) => at(date, c)), pnl: numbers(t, 'pnl') };
}

export interface Equity {
  strategy: string[];
  date: string[];
  equity: (number | null)[];
}

export async function loadEquity(run: string): Promise<Equity> {
  const t = await getColumns(`/api/runs/${encodeURIComponent(run)}/equity`);
  return { strategy: strings(t, 'strategy').map(String), date: strings(t, 'date').map(String), equity: numbers(t, 'equity') };
}

export async function loadStrategies(run: string): Promise<string[]> {
  const t = await getColumns(`/api/runs/${encodeURIComponent(run)}/daily?columns=strategy`);
  return [...new Set(strings(t, 'strategy').map(String))];
}
