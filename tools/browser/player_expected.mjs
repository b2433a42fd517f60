// What the player must mark at a playhead t, read from the files themselves
// and not through the server: the events file (DuckDB reading the Parquet)
// and the run's trades.csv (docs/player.md#no-look-ahead for the rules).
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// Must equal web/src/markers.ts's MARKED_KINDS.
export const MARKED_KINDS = ['burst', 'jump', 'pull', 'fear'];

export async function readEvents(interopDir, truthDir, date, underlying) {
  const manifest = JSON.parse(readFileSync(path.join(truthDir, 'manifest.json'), 'utf8'));
  const day = manifest.days.find((d) => d.date === date && d.underlying === underlying);
  const file = day?.files.find((f) => f.table === 'events');
  if (!file) throw new Error(`the truth has no events file for ${date} ${underlying}`);
  const require = createRequire(path.join(path.resolve(interopDir), 'package.json'));
  const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const reader = await conn.runAndReadAll(
    `SELECT kind, epoch(start), epoch("end"), epoch(known_at) FROM read_parquet('${path.join(truthDir, file.path)}')`);
  return reader.getRows().map(([kind, start, end, knownAt]) => ({ kind, start, end, known_at: knownAt }));
}

// The events drawn at t: marked kinds known by t, their end clipped at t, in the file's order.
export function eventsAt(events, t) {
  return events.filter((e) => MARKED_KINDS.includes(e.kind) && e.known_at <= t)
    .map((e) => ({ kind: e.kind, start: e.start, end: Math.min(e.end, t), known_at: e.known_at }));
}

const epoch = (date, clock) => Date.parse(`${date}T${clock}Z`) / 1000;

// trades.csv as objects (the file has no quoted fields: docs/engine-rules.md#outputs).
export function readLegs(runDir, strategy, date, underlying) {
  const [header, ...rows] = readFileSync(path.join(runDir, 'trades.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])))
    .filter((r) => r.strategy === strategy && r.date === date && r.underlying === underlying);
}

// The entries and exits drawn at t, sorted by time (entries before exits at the same second, as the player does).
export function tradesAt(legs, t) {
  const out = [];
  for (const l of legs) {
    const common = { strike: Number(l.strike), type: l.type, side: l.side };
    const entry = epoch(l.date, l.entry_time);
    const exit = epoch(l.date, l.exit_time);
    if (entry <= t) out.push({ time: entry, what: 'entry', price: Number(l.entry_price), net: null, ...common });
    if (exit <= t) out.push({ time: exit, what: 'exit', price: Number(l.exit_price), net: Number(l.net), ...common });
  }
  return out.sort((a, b) => a.time - b.time);
}

// The intraday P&L path's value at t: its last whole minute at or before t.
export function pnlAt(runDir, strategy, date, underlying, t) {
  const [header, ...rows] = readFileSync(path.join(runDir, 'intraday.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
  const col = (name) => header.indexOf(name);
  let value = null;
  for (const r of rows) {
    if (r[col('strategy')] !== strategy || r[col('date')] !== date || r[col('underlying')] !== underlying) continue;
    if (epoch(date, r[col('time')]) <= t) value = Number(r[col('pnl')]);
  }
  return value;
}
