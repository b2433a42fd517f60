// The foreign side of bench/parquet_bench.cpp.
//
//   node bench.mjs OUR_FILE THREADS RUNS OUT_DIR
//
// Prints JSON:
//   duckdb_sum_ours_s / duckdb_sum_own_s: best time of DuckDB's sum of the 6
//     benchmark columns over our file / over its own COPY of the same rows,
//     with THREADS threads and a warm cache (one untimed run first);
//   duckdb_default_bytes / duckdb_zstd_bytes: size of COPY ... (FORMAT parquet)
//     with DuckDB's defaults and with COMPRESSION zstd;
//   columns: per column, compressed bytes and encodings in each file;
//   readers: rows and sums (strike, volume as exact text, ltp) as DuckDB,
//     Polars and parquet-wasm read our file.
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import * as parquetWasm from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from './readers.mjs';

const SUM_SQL = (file) => `SELECT sum(epoch_us("timestamp")), sum(strike), sum(ltp), sum(bid), sum(ask), sum(volume)
  FROM read_parquet(${sqlString(file)})`;

async function bestTime(conn, sql, runs) {
  await conn.run(sql);
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await conn.runAndReadAll(sql);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

async function columnSizes(conn, file) {
  const r = await conn.runAndReadAll(`
    SELECT path_in_schema, sum(total_compressed_size), string_agg(DISTINCT encodings, ',')
    FROM parquet_metadata(${sqlString(file)}) GROUP BY 1`);
  return new Map(r.getRows().map(([name, bytes, enc]) => [name, { bytes: Number(bytes), encodings: enc }]));
}

async function main() {
  const [ours, threads, runs, outDir] = process.argv.slice(2);
  if (!outDir) { console.error('usage: node bench.mjs OUR_FILE THREADS RUNS OUT_DIR'); process.exit(2); }
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  const duckDefault = path.join(outDir, 'day_duckdb_default.parquet');
  const duckZstd = path.join(outDir, 'day_duckdb_zstd.parquet');
  await conn.run(`COPY (SELECT * FROM read_parquet(${sqlString(ours)})) TO ${sqlString(duckDefault)} (FORMAT parquet)`);
  await conn.run(`COPY (SELECT * FROM read_parquet(${sqlString(ours)})) TO ${sqlString(duckZstd)} (FORMAT parquet, COMPRESSION zstd)`);

  const result = {
    duckdb_sum_ours_s: await bestTime(conn, SUM_SQL(ours), Number(runs)),
    duckdb_sum_own_s: await bestTime(conn, SUM_SQL(duckDefault), Number(runs)),
    duckdb_default_bytes: fs.statSync(duckDefault).size,
    duckdb_zstd_bytes: fs.statSync(duckZstd).size,
  };

  const [a, b, c] = await Promise.all([ours, duckDefault, duckZstd].map((f) => columnSizes(conn, f)));
  result.columns = [...a.keys()].map((name) => ({
    name, ours: a.get(name).bytes, duckdb: b.get(name).bytes, duckdb_zstd: c.get(name).bytes,
    ours_encodings: a.get(name).encodings, duckdb_encodings: b.get(name).encodings,
  }));

  const duck = (await conn.runAndReadAll(
    `SELECT count(*), sum(strike), sum(volume), sum(ltp) FROM read_parquet(${sqlString(ours)})`)).getRows()[0];
  const df = pl.readParquet(ours, { columns: ['strike', 'volume', 'ltp'] });
  const arrow = tableFromIPC(parquetWasm.readParquet(new Uint8Array(fs.readFileSync(ours)),
    { columns: ['strike', 'volume', 'ltp'] }).intoIPCStream());
  const arrowSum = (name, zero) => {
    let s = zero;
    for (const v of arrow.getChild(name)) s += v;
    return s;
  };
  result.readers = {
    duckdb: { rows: Number(duck[0]), strike: String(duck[1]), volume: String(duck[2]), ltp: Number(duck[3]) },
    polars: {
      rows: df.height,
      strike: String(df.select(pl.col('strike').cast(pl.Int64).sum()).getColumn('strike').cast(pl.Utf8).toArray()[0]),
      volume: String(df.select(pl.col('volume').sum()).getColumn('volume').cast(pl.Utf8).toArray()[0]),
      ltp: df.getColumn('ltp').sum(),
    },
    arrowrs: {
      rows: arrow.numRows,
      strike: String(arrowSum('strike', 0)),
      volume: String(arrowSum('volume', 0n)),
      ltp: arrowSum('ltp', 0),
    },
  };
  console.log(JSON.stringify(result));
}

await main();
