// The benchmark's baseline (bench/repartition.sh): DuckDB repartitioning the
// per-contract raw option files of a folder by date and underlying, sorted
// as our options partitions are, with all cores:
//
//   [DUCKDB_MEMORY_LIMIT=4GB] [DUCKDB_TEMP_DIRECTORY=DIR] node repartition_duckdb.mjs RAW_DIR OUT_DIR THREADS
//
// DUCKDB_MEMORY_LIMIT sets DuckDB's memory_limit (it then spills its sort);
// by default DuckDB takes 80% of RAM, which a shared machine may not have.
// DUCKDB_TEMP_DIRECTORY sets where it spills (temp_directory).
//
// Raw files carry no expiry date, only the year and month of the expiry, so
// the first of that month stands in for it in the sort key (the same sort
// work; weekly expiries then tie and fall back to the later keys). Rows on
// 1970-01-01 are dropped, as our ingest drops them. Prints the rows written.
import { openDuckDB, sqlString } from './readers.mjs';

const [rawDir, outDir, threads] = process.argv.slice(2);
if (!outDir || !(Number(threads) > 0)) {
  console.error('usage: repartition_duckdb.mjs RAW_DIR OUT_DIR THREADS');
  process.exit(2);
}
const db = await openDuckDB();
await db.run(`SET threads = ${Number(threads)}`);
if (process.env.DUCKDB_MEMORY_LIMIT) await db.run(`SET memory_limit = ${sqlString(process.env.DUCKDB_MEMORY_LIMIT)}`);
if (process.env.DUCKDB_TEMP_DIRECTORY) await db.run(`SET temp_directory = ${sqlString(process.env.DUCKDB_TEMP_DIRECTORY)}`);
const files = sqlString(`${rawDir}/*[0-9][cp]e.parquet`);
await db.run(`
  COPY (
    SELECT *, CAST("timestamp" AS DATE) AS date, symbol AS underlying, make_date(year, month, 1) AS expiry
    FROM read_parquet(${files})
    WHERE "timestamp" >= TIMESTAMP '2000-01-01'
    ORDER BY date, expiry, opt_type, strike, "timestamp"
  ) TO ${sqlString(outDir)} (FORMAT parquet, COMPRESSION zstd, PARTITION_BY (date, underlying))`);
const counted = await db.runAndReadAll(
  `SELECT count(*) AS n FROM read_parquet(${sqlString(`${outDir}/**/*.parquet`)}, hive_partitioning = true)`);
console.log(`duckdb rows ${counted.getRowObjects()[0].n}`);
