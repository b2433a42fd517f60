// The truth benchmark's baseline (bench/truth.sh): DuckDB on one thread
// reading, from one day's partitions, the columns `tapelab truth build` uses:
// the nearest expiry's option rows (time, contract, traded volume and the
// five-level book), the spot's time and price, and the futures' time, price,
// volume and five-level book. Every value is summed so that every column is
// decoded.
//
//   node truth_read_duckdb.mjs DATASET DATE UNDERLYING
//
// The nearest expiry (the earliest on or after DATE in the options file) is
// found first, outside the timing. Prints JSON: {seconds, option_rows, expiry}
// (seconds of the reading queries alone).
import { openDuckDB, sqlString } from './readers.mjs';

const [dataset, date, underlying] = process.argv.slice(2);
if (!underlying) {
  console.error('usage: truth_read_duckdb.mjs DATASET DATE UNDERLYING');
  process.exit(2);
}
const part = (table) => sqlString(`${dataset}/${table}/date=${date}/underlying=${underlying}/*.parquet`);
const db = await openDuckDB();
await db.run('SET threads = 1');
const nearest = await db.runAndReadAll(`
  SELECT CAST(min(expiry) AS VARCHAR) FROM read_parquet(${part('options')}) WHERE expiry >= DATE ${sqlString(date)}`);
const expiry = nearest.getRows()[0][0];
const levels = [0, 1, 2, 3, 4].flatMap((m) => [`bp${m}`, `bq${m}`, `sp${m}`, `sq${m}`]);
const start = performance.now();
const options = await db.runAndReadAll(`
  SELECT count(*)::BIGINT, sum(epoch_us("timestamp")), count(DISTINCT (opt_type, strike)), sum(vol_delta),
         ${levels.map((c) => `sum(${c})`).join(', ')}
  FROM read_parquet(${part('options')}) WHERE expiry = DATE ${sqlString(expiry)}`);
await db.runAndReadAll(`SELECT count(*), sum(epoch_us("timestamp")), sum(price) FROM read_parquet(${part('spot')})`);
await db.runAndReadAll(
  `SELECT count(*), sum(epoch_us("timestamp")), sum(price), sum(volume), ${levels.map((c) => `sum(${c})`).join(', ')}
   FROM read_parquet(${part('futures')})`);
const seconds = (performance.now() - start) / 1000;
console.log(JSON.stringify({ seconds, option_rows: Number(options.getRows()[0][0]), expiry }));
