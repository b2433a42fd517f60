// Per-day, per-contract counts and sums of an ingested dataset, as DuckDB and
// Polars see it when they open the folders with Hive partitioning.
//
//   node dataset_sums.mjs DATASET INTEROP_DIR
//
// Prints one JSON object: { duckdb: [[day, contract, count, price_paise, volume], ...], polars: [...] },
// rows sorted; a contract is the upper-cased option symbol or "<UNDERLYING> spot|futures".
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
  for (const kind of kinds) {
    const contract = kind === 'options' ? 'upper(symbol)' : `underlying || ' ${kind}'`;
    const sql = `SELECT strftime(date, '%Y-%m-%d') AS day, ${contract} AS contract, count(*)::BIGINT,
                   sum(round(price * 100))::BIGINT, sum(volume)::BIGINT
                 FROM read_parquet('${glob(kind)}', hive_partitioning = true) GROUP BY ALL`;
    const result = await conn.runAndReadAll(sql);
    for (const r of result.getRows()) rows.push([r[0], r[1], Number(r[2]), Number(r[3]), Number(r[4])]);
  }
  return sorted(rows);
}

function polars() {
  const rows = [];
  for (const kind of kinds) {
    const df = pl.scanParquet(glob(kind), { hivePartitioning: true })
      .withColumns(
        pl.col('date').cast(pl.Utf8).alias('day'),
        (kind === 'options' ? pl.col('symbol').str.toUpperCase()
                            : pl.col('underlying').cast(pl.Utf8).add(pl.lit(` ${kind}`))).alias('contract'),
      )
      .groupBy(['day', 'contract'])
      .agg(pl.len().alias('n'), pl.col('price').mul(100).round(0).sum().alias('p'), pl.col('volume').sum().alias('v'))
      .collectSync();
    const records = df.toRecords();
    for (const r of records) rows.push([r.day, r.contract, Number(r.n), Number(r.p), Number(r.v)]);
  }
  return sorted(rows);
}

console.log(JSON.stringify({ duckdb: await duckdb(), polars: polars() }));
