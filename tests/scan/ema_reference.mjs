// A second, deliberately plain implementation of the EMA crossover benchmark
// (docs/engine-rules.md#ema-crossover-benchmark), sharing nothing with
// src/scan: DuckDB reads the options partitions and sorts the rows itself, and
// an obvious loop applies the rules to each contract.
//
//   node ema_reference.mjs DATASET INTEROP_DIR
//
// Prints JSON: [[date, underlying, expiry, type, strike, rows, trades, pnl], ...]
// in the order DuckDB sorted the contracts (date, underlying, expiry, type, strike).
import { createRequire } from 'node:module';
import path from 'node:path';

const [dataset, interop] = process.argv.slice(2);
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const { DuckDBInstance } = await import(require.resolve('@duckdb/node-api'));

const conn = await (await DuckDBInstance.create(':memory:')).connect();
const files = path.join(dataset, 'options', '**', '*.parquet');
const result = await conn.runAndReadAll(`
  SELECT strftime(date, '%Y-%m-%d'), underlying, strftime(expiry, '%Y-%m-%d'), opt_type, strike,
         price, bp0, sp0, volume
  FROM read_parquet('${files}', hive_partitioning = true)
  ORDER BY date, underlying, expiry, opt_type, strike, "timestamp"`);

// Groups the sorted rows into contracts: a new contract wherever any part of
// (date, underlying, expiry, type, strike) changes.
const contracts = [];
for (const [date, underlying, expiry, type, strike, price, bid, ask, volume] of result.getRows()) {
  const last = contracts[contracts.length - 1];
  const same = last && last.key[0] === date && last.key[1] === underlying && last.key[2] === expiry &&
    last.key[3] === type && last.key[4] === strike;
  const contract = same ? last : { key: [date, underlying, expiry, type, strike], rows: [] };
  if (!same) contracts.push(contract);
  // Nulls are no values: a null price is no price, a null side is an empty side.
  contract.rows.push({ price: price ?? 0, bid: bid ?? 0, ask: ask ?? 0, volume: Number(volume ?? 0) });
}

function emaCrossover(rows) {
  // Only rows with a price take part; the last of them forces the exit.
  const priced = rows.filter((r) => r.price > 0);
  let trades = 0;
  let pnl = 0;
  if (priced.length === 0) return { trades, pnl };
  let ema5 = priced[0].price;
  let ema21 = priced[0].price;
  let long = false;
  let entry = 0;
  for (let i = 1; i < priced.length; i++) {
    const { price, bid, ask, volume } = priced[i];
    ema5 += (2 / (5 + 1)) * (price - ema5);
    ema21 += (2 / (21 + 1)) * (price - ema21);
    const spreadOk = bid > 0 && ask > 0 && (ask - bid) / ((ask + bid) / 2) <= 0.0005;
    if (!long && ema5 > ema21 && spreadOk && volume >= 1) {
      long = true;
      entry = price;
    }
    if (long && (ema21 >= ema5 || i === priced.length - 1)) {
      long = false;
      pnl += price - entry;
      trades += 1;
    }
  }
  return { trades, pnl };
}

const out = contracts.map(({ key, rows }) => {
  const { trades, pnl } = emaCrossover(rows);
  return [...key, rows.length, trades, pnl];
});
console.log(JSON.stringify(out));
