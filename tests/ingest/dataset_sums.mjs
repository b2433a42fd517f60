// Per-day, per-contract counts and sums of an ingested dataset, as DuckDB and
// Polars see it when they open the folders with Hive partitioning.
//
//   node dataset_sums.mjs DATASET INTEROP_DIR
//
// Prints one JSON object: { duckdb: [[day, contract, ...fields], ...], polars: [...] }, rows sorted;
// a contract is the upper-cased option symbol or "<UNDERLYING> spot|futures". The fields, as
// kSumFields in helpers.h: rows; SUM of price (paise), volume, oi, bp0 and sp0 (paise), bq4, sq4,
// lastTradeTime (seconds since 1970, wall time); MIN, MAX, SUM of the time of day (seconds).
import { createRequire } from 'node:module';
import path from 'node:path';

const [dataset, interop] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));
const pl = (await import(require.resolve('nodejs-polars'))).default;

const kinds = ['options', 'spot', 'futures'];
const glob = (kind) => path.join(dataset, kind, '**', '*.parquet');
const sorted = (rows) => rows.sort((a, b) => (a[0] + a[1] < b[0] + b[1] ? -1 : a[0] + a[1] > b[0] + b[1] ? 1 : 0));

async function duckdb() {
  const conn = await (await DuckDBInstance.create(':memory:')).connect();
  const rows = [];
  const timeOfDay = `(hour("timestamp") * 3600 + minute("timestamp") * 60 + second("timestamp"))`;
  for (const kind of kinds) {
    const contract = kind === 'options' ? 'upper(symbol)' : `underlying || ' ${kind}'`;
    const sql = `SELECT strftime(date, '%Y-%m-%d') AS day, ${contract} AS contract, count(*)::BIGINT,
                   coalesce(sum(round(price * 100)), 0)::BIGINT, coalesce(sum(volume), 0)::BIGINT,
                   coalesce(sum(oi), 0)::BIGINT, coalesce(sum(round(bp0 * 100)), 0)::BIGINT,
                   coalesce(sum(round(sp0 * 100)), 0)::BIGINT, coalesce(sum(bq4), 0)::BIGINT,
                   coalesce(sum(sq4), 0)::BIGINT, coalesce(sum(epoch_us("lastTradeTime") // 1000000), 0)::BIGINT,
                   min(${timeOfDay})::BIGINT, max(${timeOfDay})::BIGINT, sum(${timeOfDay})::BIGINT
                 FROM read_parquet('${glob(kind)}', hive_partitioning = true) GROUP BY ALL`;
    const result = await conn.runAndReadAll(sql);
    for (const r of result.getRows()) rows.push([r[0], r[1], ...r.slice(2).map(Number)]);
  }
  return sorted(rows);
}

function polars() {
  const rows = [];
  const micros = (name) => pl.col(name).cast(pl.Int64);
  const seconds = (expr) => expr.divideBy(1000000).floor().cast(pl.Int64);
  const paise = (name) => pl.col(name).mul(100).round(0);
  const timeOfDay = seconds(micros('timestamp').modulo(86400000000));
  for (const kind of kinds) {
    const df = pl.scanParquet(glob(kind), { hivePartitioning: true })
      .withColumns(
        pl.col('date').cast(pl.Utf8).alias('day'),
        (kind === 'options' ? pl.col('symbol').str.toUpperCase()
                            : pl.col('underlying').cast(pl.Utf8).add(pl.lit(` ${kind}`))).alias('contract'),
      )
      .groupBy(['day', 'contract'])
      .agg(pl.len().alias('n'), paise('price').sum().alias('p'), pl.col('volume').sum().alias('v'),
           pl.col('oi').sum().alias('oi'), paise('bp0').sum().alias('bp0'), paise('sp0').sum().alias('sp0'),
           pl.col('bq4').cast(pl.Int64).sum().alias('bq4'), pl.col('sq4').cast(pl.Int64).sum().alias('sq4'),
           seconds(micros('lastTradeTime')).sum().alias('ltt'), timeOfDay.min().alias('tmin'),
           timeOfDay.max().alias('tmax'), timeOfDay.sum().alias('tsum'))
      .collectSync();
    for (const r of df.toRecords()) {
      rows.push([r.day, r.contract, ...['n', 'p', 'v', 'oi', 'bp0', 'sp0', 'bq4', 'sq4', 'ltt', 'tmin', 'tmax', 'tsum']
        .map((k) => Number(r[k]))]);
    }
  }
  return sorted(rows);
}

console.log(JSON.stringify({ duckdb: await duckdb(), polars: polars() }));
