// Rewrites a folder of raw-layout Parquet files (one per contract, as
// `tapelab gen --layout raw-parquet` writes them) the way the users' own
// tools would have: DuckDB or Polars as the writer, the IST timestamps naive
// or zoned (a UTC instant, shown at +05:30), in ms, us or ns, with a codec.
// The ingest of the result must give the rows of the original files. With
// `wide-decimals` (DuckDB only) every DOUBLE column is written as
// DECIMAL(28, 10), which DuckDB stores as FIXED_LEN_BYTE_ARRAY (precision
// above 18), as older Spark writers store decimals; 10 decimals hold
// changeper as the dump prints it.
//
//   node rewrite_raw.mjs duckdb|polars naive|zoned ms|us|ns snappy|zstd|gzip IN_DIR OUT_DIR [wide-decimals]
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import { openDuckDB, sqlString } from './readers.mjs';

const [writer, zone, unit, codec, inDir, outDir, decimals] = process.argv.slice(2);
const usage = 'usage: rewrite_raw.mjs duckdb|polars naive|zoned ms|us|ns snappy|zstd|gzip IN_DIR OUT_DIR [wide-decimals]';
const wideDecimals = decimals === 'wide-decimals';
if (!['duckdb', 'polars'].includes(writer) || !['naive', 'zoned'].includes(zone) ||
    !['ms', 'us', 'ns'].includes(unit) || !['snappy', 'zstd', 'gzip'].includes(codec) || !outDir ||
    (decimals !== undefined && (!wideDecimals || writer !== 'duckdb'))) {
  console.error(usage);
  process.exit(2);
}
const TIME_COLUMNS = ['timestamp', 'lastTradeTime', 'ts'];
const IST = 'Asia/Kolkata';  // +05:30 all year (Polars takes zone names, not offsets)

// DuckDB has one zoned type (TIMESTAMPTZ, microseconds); its cast from a naive
// TIMESTAMP reads the value as UTC, so the IST wall time is shifted first.
function duckExpression(column) {
  const c = `"${column}"`;
  if (zone === 'zoned') {
    if (unit !== 'us') throw new Error('DuckDB writes zoned timestamps in microseconds only');
    return `CAST(${c} - INTERVAL 330 MINUTE AS TIMESTAMPTZ)`;
  }
  return `CAST(${c} AS ${{ ms: 'TIMESTAMP_MS', us: 'TIMESTAMP', ns: 'TIMESTAMP_NS' }[unit]})`;
}

async function rewriteWithDuckDB(files) {
  const db = await openDuckDB();
  await db.run("SET TimeZone = 'UTC'").catch(() => {});  // only with ICU; the cast above does not need it
  for (const file of files) {
    const input = path.join(inDir, file);
    const described = await db.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(input)})`);
    const columns = described.getRowObjects();
    const names = columns.map((r) => r.column_name);
    const replaced = TIME_COLUMNS.filter((c) => names.includes(c)).map((c) => `${duckExpression(c)} AS "${c}"`);
    if (wideDecimals) {
      for (const c of columns.filter((r) => r.column_type === 'DOUBLE')) {
        replaced.push(`CAST("${c.column_name}" AS DECIMAL(28, 10)) AS "${c.column_name}"`);
      }
    }
    const select = replaced.length ? `SELECT * REPLACE (${replaced.join(', ')})` : 'SELECT *';
    await db.run(`COPY (${select} FROM read_parquet(${sqlString(input)})) TO ${sqlString(path.join(outDir, file))} ` +
                 `(FORMAT parquet, COMPRESSION ${codec})`);
  }
}

function rewriteWithPolars(files) {
  for (const file of files) {
    const df = pl.readParquet(path.join(inDir, file));
    const columns = TIME_COLUMNS.filter((c) => df.columns.includes(c)).map((c) =>
      zone === 'zoned'
        ? pl.col(c).dt.replaceTimeZone(IST).cast(pl.Datetime(unit, IST))
        : pl.col(c).cast(pl.Datetime(unit)));
    df.withColumns(...columns).writeParquet(path.join(outDir, file), { compression: codec });
  }
}

fs.mkdirSync(outDir, { recursive: true });
const files = fs.readdirSync(inDir).filter((f) => f.endsWith('.parquet')).sort();
if (writer === 'duckdb') await rewriteWithDuckDB(files);
else rewriteWithPolars(files);
console.log(`${writer} rewrote ${files.length} files (${zone}, ${unit}, ${codec}${wideDecimals ? ', wide decimals' : ''}) ` +
            `into ${outDir}`);
