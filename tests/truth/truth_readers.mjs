// Other readers read a truth folder, and DuckDB recomputes the spot features
// of one day from the dataset without tapelab's code.
//
//   node truth_readers.mjs TRUTH DATASET INTEROP_DIR DATE UNDERLYING
//
// Prints JSON:
//   duckdb:  {features: rows, atm_options: rows, events: rows, regimes: rows,
//             underlyings: [..], dates: [..]}                                      (hive partitions)
//   polars:  {<the same tables>: rows, columns: {table: [names]}}                   (every file)
//   asof:    [[time_us, spot, ret_1s, rv_10, accel_10], ...] for every open second of
//            DATE 09:15:00-15:30:00: the spot's last price > 0 stamped at or before the
//            second (ASOF JOIN), its log return over one second, the root of the sum of the
//            ten squared returns ending there, and |ret| over the mean |ret| of the ten
//            seconds before plus 1e-12; null where a window is not full.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const [truth, dataset, interop, date, underlying] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const pl = (await import(require.resolve('nodejs-polars'))).default;

const conn = await (await DuckDBInstance.create(':memory:')).connect();
const tables = ['features', 'atm_options', 'events', 'regimes'];

const duckdb = {};
for (const table of tables) {
  const glob = path.join(truth, table, '**', '*.parquet');
  const rows = await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM read_parquet('${glob}', hive_partitioning = true)`);
  duckdb[table] = Number(rows.getRows()[0][0]);
}
const parts = await conn.runAndReadAll(`
  SELECT DISTINCT underlying, CAST(date AS VARCHAR)
  FROM read_parquet('${path.join(truth, 'features', '**', '*.parquet')}', hive_partitioning = true)`);
duckdb.underlyings = [...new Set(parts.getRows().map((r) => r[0]))].sort();
duckdb.dates = [...new Set(parts.getRows().map((r) => r[1]))].sort();

function parquetFiles(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.parquet')).map((f) => path.join(dir, f)).sort();
}
const polars = { columns: {} };
for (const table of tables) {
  polars[table] = 0;
  for (const file of parquetFiles(path.join(truth, table))) {
    const df = pl.readParquet(file);
    polars[table] += df.height;
    polars.columns[table] = df.columns;
  }
}

const spot = path.join(dataset, 'spot', `date=${date}`, `underlying=${underlying}`, '*.parquet');
const asof = await conn.runAndReadAll(`
  WITH grid AS (
    SELECT unnest(generate_series(TIMESTAMP '${date} 09:15:00', TIMESTAMP '${date} 15:30:00', INTERVAL 1 SECOND)) AS t),
  ticks AS (SELECT timestamp AS ts, price FROM read_parquet('${spot}') WHERE price > 0),
  carried AS (SELECT grid.t, ticks.price AS s FROM grid ASOF LEFT JOIN ticks ON grid.t >= ticks.ts),
  returns AS (SELECT t, s, ln(s / lag(s) OVER (ORDER BY t)) AS r FROM carried),
  windows AS (
    SELECT t, s, r,
      sum(r * r) OVER (ORDER BY t ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS sq10,
      count(r) OVER (ORDER BY t ROWS BETWEEN 9 PRECEDING AND CURRENT ROW) AS n10,
      sum(abs(r)) OVER (ORDER BY t ROWS BETWEEN 10 PRECEDING AND 1 PRECEDING) AS abs10,
      count(r) OVER (ORDER BY t ROWS BETWEEN 10 PRECEDING AND 1 PRECEDING) AS nprev
    FROM returns)
  SELECT epoch_us(t)::BIGINT, s, r,
    CASE WHEN n10 = 10 THEN sqrt(sq10) END,
    CASE WHEN nprev = 10 AND r IS NOT NULL THEN abs(r) / (abs10 / 10 + 1e-12) END
  FROM windows ORDER BY t`);
const rows = asof.getRows().map((r) => [Number(r[0]), r[1], r[2], r[3], r[4]]);
console.log(JSON.stringify({ duckdb, polars, asof: rows }));
