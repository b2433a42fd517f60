// A features window two ways: the server's binary columns decoded with
// typed-array views (tools/serve/columns.mjs), and DuckDB reading the same
// Parquet file. Prints {rows, values_compared, mismatches: [...]}.
//
//   node duckdb_window.mjs INTEROP_DIR PORT FEATURES_FILE
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [interop, port, file] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const { decodeColumns } = await import(path.join(here, '..', '..', 'tools', 'serve', 'columns.mjs'));
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const columns = ['time', 'spot', 'atm_strike', 'ce_mid'];
const url = `http://127.0.0.1:${port}/api/days/2025-11-17/NIFTY/truth/features?from=10:00:00&to=10:05:00&columns=${columns.join(',')}`;
const response = await fetch(url);
if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
const served = decodeColumns(await response.arrayBuffer());

const conn = await (await DuckDBInstance.create(':memory:')).connect();
const reader = await conn.runAndReadAll(
  `SELECT epoch_us(time) AS time_us, spot, atm_strike, ce_mid FROM read_parquet('${file}')
   WHERE time BETWEEN TIMESTAMP '2025-11-17 10:00:00' AND TIMESTAMP '2025-11-17 10:05:00' ORDER BY time`);
const rows = reader.getRows();

const mismatches = [];
let compared = 0;
const same = (name, i, expected, got) => {
  compared++;
  if (!(expected === got || (expected === null && got === null))) mismatches.push({ column: name, row: i, expected, got });
};
if (rows.length !== served.rows) mismatches.push({ rows: { duckdb: rows.length, served: served.rows } });
const value = (name, i) => {
  const c = served.columns[name];
  if (c.valid && !c.valid[i]) return null;
  const v = c.values[i];
  return Number.isNaN(v) ? null : v;
};
for (let i = 0; i < Math.min(rows.length, served.rows); i++) {
  const [timeUs, spot, atm, ceMid] = rows[i];
  same('time', i, Number(timeUs), Math.round(value('time', i) * 1e6));
  same('spot', i, spot, value('spot', i));
  same('atm_strike', i, atm, value('atm_strike', i));
  same('ce_mid', i, ceMid, value('ce_mid', i));
}
console.log(JSON.stringify({ rows: served.rows, values_compared: compared, mismatches: mismatches.slice(0, 20) }));
