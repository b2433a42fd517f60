// The day's statistics: they summarise the whole day, so they stay hidden
// until the day has been played to its end or the reader asks for the whole
// day (docs/player.md#no-look-ahead).
import type { Day } from './day';
import { MARKED_KINDS } from './kinds';
import type { Leg } from './runs';

export interface DayStats {
  spot: { open: number | null; high: number | null; low: number | null; close: number | null };
  events: Record<string, number>;
  regimeSeconds: Record<string, number>;
  runNet: number | null;
}

export function dayStats(day: Day, legs: Leg[]): DayStats {
  const spot = day.series.spot.filter((v): v is number => v !== null);
  const events: Record<string, number> = {};
  for (const kind of MARKED_KINDS) events[kind] = day.events.filter((e) => e.kind === kind).length;
  const regimeSeconds: Record<string, number> = {};
  for (const r of day.regime) if (r) regimeSeconds[r] = (regimeSeconds[r] ?? 0) + 1;
  return {
    spot: spot.length
      ? { open: spot[0], high: Math.max(...spot), low: Math.min(...spot), close: spot[spot.length - 1] }
      : { open: null, high: null, low: null, close: null },
    events,
    regimeSeconds,
    runNet: legs.length ? legs.reduce((sum, l) => sum + l.net, 0) : null,
  };
}

export function renderStats(el: HTMLElement, stats: DayStats | null) {
  if (!stats) {
    el.innerHTML = '<h3>day statistics</h3><p class="muted">hidden until the day is played to its end (or “whole day”)</p>';
    return;
  }
  const f = (v: number | null) => (v === null ? '—' : v.toFixed(2));
  const total = Object.values(stats.regimeSeconds).reduce((a, b) => a + b, 0) || 1;
  el.innerHTML = `<h3>day statistics</h3><table>
    <tr><th>spot O/H/L/C</th><td>${f(stats.spot.open)} / ${f(stats.spot.high)} / ${f(stats.spot.low)} / ${f(stats.spot.close)}</td></tr>
    <tr><th>events</th><td>${Object.entries(stats.events).map(([k, n]) => `${k} ${n}`).join(', ')}</td></tr>
    <tr><th>regimes</th><td>${Object.entries(stats.regimeSeconds).map(([k, n]) => `${k} ${(100 * n / total).toFixed(0)}%`).join(', ')}</td></tr>
    <tr><th>run net (₹)</th><td>${stats.runNet === null ? '—' : stats.runNet.toFixed(2)}</td></tr></table>`;
}
