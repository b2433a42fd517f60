// DuckDB reads a derived Greeks dataset as it is: the options partitions with
// their Greeks columns (hive partitioning), and the copied spot partitions.
//
//   node greeks_duckdb.mjs DERIVED INTEROP_DIR
//
// Prints JSON: {rows, spot_rows, statuses: {status: [rows, rows with iv,
// rows with delta]}, iv_sum}.
import { createRequire } from 'node:module';
import path from 'node:path';

const [derived, interop] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const conn = await (await DuckDBInstance.create(':memory:')).connect();
const options = path.join(derived, 'options', '**', '*.parquet');
const spot = path.join(derived, 'spot', '**', '*.parquet');
const statuses = {};
let rows = 0;
let ivSum = 0;
const grouped = await conn.runAndReadAll(`
  SELECT greeks_status, count(*)::BIGINT, count(iv)::BIGINT, count(delta)::BIGINT, coalesce(sum(iv), 0)::DOUBLE
  FROM read_parquet('${options}', hive_partitioning = true)
  GROUP BY greeks_status ORDER BY greeks_status`);
for (const [status, n, withIv, withDelta, sum] of grouped.getRows()) {
  statuses[status] = [Number(n), Number(withIv), Number(withDelta)];
  rows += Number(n);
  ivSum += sum;
}
const spotRows = await conn.runAndReadAll(`SELECT count(*)::BIGINT FROM read_parquet('${spot}', hive_partitioning = true)`);
console.log(JSON.stringify({ rows, spot_rows: Number(spotRows.getRows()[0][0]), statuses, iv_sum: ivSum }));
