// Exports, with DuckDB alone, the rows the slow reference backtest reads from
// a dataset (tests/strategies/reference_backtest.h), so that the reference can
// run on input that never went through tapelab's Parquet reader.
//
//   node export_day.mjs DATASET OUT_DIR
//
// DuckDB lists the dataset's option partitions (options/date=D/underlying=U/),
// reads each partition's Parquet files for options and spot, and writes:
//   OUT_DIR/days.csv                    date,underlying  (one row per partition, sorted)
//   OUT_DIR/D_U.options.csv             timestamp_us,expiry_days,opt_type,strike,lot_size,price,
//                                       bp0,bq0,sp0,sq0, ... bp4,bq4,sp4,sq4
//                                       ordered by expiry, opt_type, strike, timestamp
//   OUT_DIR/D_U.spot.csv                timestamp_us,price  ordered by timestamp
// Every file has that header line. Timestamps are wall-clock microseconds since
// 1970 (the files' timestamps are not adjusted to UTC), expiries days since
// 1970. Doubles are written as printf %.17g, which reads back to the same
// double; a null is an empty field.
import fs from 'node:fs';
import path from 'node:path';
import { openDuckDB, sqlString } from './readers.mjs';

const LEVELS = [0, 1, 2, 3, 4];
const exact = (column) => `printf('%.17g', ${column}) AS ${column}`;
const OPTION_COLUMNS = [
  'epoch_us(timestamp) AS timestamp_us',
  "date_diff('day', DATE '1970-01-01', expiry) AS expiry_days",
  'opt_type', 'strike', 'lot_size', exact('price'),
  ...LEVELS.flatMap((l) => [exact(`bp${l}`), `bq${l}`, exact(`sp${l}`), `sq${l}`]),
];

async function copyCsv(conn, query, file) {
  await conn.run(`COPY (${query}) TO ${sqlString(file)} (FORMAT csv, HEADER true)`);
}

async function main() {
  const [dataset, outDir] = process.argv.slice(2);
  if (!dataset || !outDir) {
    console.error('usage: node export_day.mjs DATASET OUT_DIR');
    process.exit(2);
  }
  fs.mkdirSync(outDir, { recursive: true });
  const conn = await openDuckDB();
  const partitions = path.join(dataset, 'options', 'date=*', 'underlying=*');
  const partition = "'date=([^/]+)/underlying=([^/]+)/'";
  const days = (await conn.runAndReadAll(`
    SELECT DISTINCT regexp_extract(file, ${partition}, 1) AS date, regexp_extract(file, ${partition}, 2) AS underlying
    FROM glob(${sqlString(path.join(partitions, '*.parquet'))}) ORDER BY date, underlying`)).getRowObjects();
  if (days.length === 0) throw new Error(`no option partitions under ${path.join(dataset, 'options')}`);
  fs.writeFileSync(path.join(outDir, 'days.csv'),
    ['date,underlying', ...days.map((d) => `${d.date},${d.underlying}`)].join('\n') + '\n');
  for (const { date, underlying } of days) {
    const files = (kind) => sqlString(path.join(dataset, kind, `date=${date}`, `underlying=${underlying}`, '*.parquet'));
    const prefix = path.join(outDir, `${date}_${underlying}`);
    await copyCsv(conn, `SELECT ${OPTION_COLUMNS.join(', ')} FROM read_parquet(${files('options')})
                         ORDER BY expiry, opt_type, strike, timestamp`, `${prefix}.options.csv`);
    await copyCsv(conn, `SELECT epoch_us(timestamp) AS timestamp_us, ${exact('price')}
                         FROM read_parquet(${files('spot')}) ORDER BY timestamp`, `${prefix}.spot.csv`);
  }
  console.log(`export_day.mjs: exported ${days.length} day(s) to ${outDir}`);
}

await main();
