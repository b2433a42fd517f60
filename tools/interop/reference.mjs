// Writes Parquet files with DuckDB, Polars and arrow-rs, and a manifest of what they hold
// as the writer itself reads them back, for tapelab's reader to match.
//
//   node reference.mjs OUT_DIR [ROWS]
//
// OUT_DIR/manifest.json has the format of check.mjs; each column's physical and
// logical type are taken from the file's own schema (as DuckDB parses it), so
// the C++ side checks our schema decoding too. One table of every column kind
// the readers share (nulls in every column but `seq`) is written with each
// writer's defaults and with the codecs, row group sizes, page sizes, format
// versions, encodings and statistics settings they offer. arrow-rs (through
// parquet-wasm) writes a third set: the encodings the other two never choose.
import fs from 'node:fs';
import path from 'node:path';
import pl from 'nodejs-polars';
import * as parquetWasm from 'parquet-wasm';
import { openDuckDB, duckdbView, polarsView, parquetWasmView, sqlString } from './readers.mjs';
import { parseLogical } from './types.mjs';

// Rows per file: the optional second argument (small files seed the fuzzer).
const ROWS = Number(process.argv[3] ?? 3000);

// Deterministic content: hash(i) drives every column; every 7th-ish row of a
// column is null (a different stride per column, so null rows differ).
const TABLE_SQL = `
SELECT
  i::BIGINT AS seq,
  CASE WHEN i % 7 = 1 THEN NULL ELSE (hash(i, 1) % 2 = 0) END AS b,
  CASE WHEN i % 11 = 2 THEN NULL ELSE ((hash(i, 2) % 256)::INTEGER - 128)::TINYINT END AS i8,
  CASE WHEN i % 13 = 3 THEN NULL ELSE (hash(i, 3) % 256)::UTINYINT END AS u8,
  CASE WHEN i % 17 = 4 THEN NULL ELSE ((hash(i, 4) % 65536)::INTEGER - 32768)::SMALLINT END AS i16,
  CASE WHEN i % 19 = 5 THEN NULL ELSE (hash(i, 5) % 65536)::USMALLINT END AS u16,
  CASE WHEN i % 23 = 6 THEN NULL ELSE ((hash(i, 6) % 4294967296)::BIGINT - 2147483648)::INTEGER END AS i32,
  CASE WHEN i % 29 = 7 THEN NULL ELSE (hash(i, 7) % 4294967296)::UINTEGER END AS u32,
  CASE WHEN i % 31 = 8 THEN NULL ELSE (hash(i, 8)::HUGEINT - 9223372036854775808)::BIGINT END AS i64,
  CASE WHEN i % 37 = 9 THEN NULL ELSE hash(i, 9)::UBIGINT END AS u64,
  CASE WHEN i % 41 = 10 THEN NULL ELSE ((hash(i, 10) % 2000000)::DOUBLE / 64 - 15000)::FLOAT END AS f32,
  CASE WHEN i % 43 = 11 THEN NULL ELSE (hash(i, 11) % 100000000)::DOUBLE / 997 - 5000 END AS f64,
  CASE WHEN i % 47 = 12 THEN NULL ELSE ['CE', 'PE', 'NIFTY', 'BANKNIFTY', '', 'ñ₹'][(1 + hash(i, 12) % 6)::BIGINT] END AS s_dict,
  CASE WHEN i % 53 = 13 THEN NULL ELSE 'row-' || i || '-' || hash(i, 13) END AS s_unique,
  CASE WHEN i % 59 = 14 THEN NULL ELSE unhex(printf('%016x', hash(i, 14)))[1:(1 + hash(i, 15) % 8)::BIGINT] END AS bin,
  CASE WHEN i % 61 = 15 THEN NULL ELSE DATE '2024-01-01' + (hash(i, 16) % 3650)::INTEGER - 1825 END AS dt,
  CASE WHEN i % 67 = 16 THEN NULL ELSE make_timestamp(1700000000000000 + i * 1000003) END AS ts_us,
  CASE WHEN i % 71 = 17 THEN NULL ELSE epoch_ms(1700000000000 + i * 997)::TIMESTAMP_MS END AS ts_ms,
  CASE WHEN i % 73 = 18 THEN NULL ELSE make_timestamp_ns(1700000000000000000 + i * 1000000007) END AS ts_ns,
  CASE WHEN i % 79 = 19 THEN NULL ELSE make_timestamp(1600000000000000 + (hash(i, 17) % 100000000000000)::BIGINT)::TIMESTAMPTZ END AS ts_tz,
  CASE WHEN i % 83 = 20 THEN NULL ELSE ((hash(i, 18) % 19999)::INTEGER - 9999)::DECIMAL(9, 0) / 100 END AS dec9,
  CASE WHEN i % 89 = 21 THEN NULL ELSE ((hash(i, 19) % 1000000000000)::BIGINT - 500000000000)::DECIMAL(18, 0) / 1000 END AS dec18
FROM range(${ROWS}) t(i)`;

// DuckDB's `SELECT ... / 100` widens decimals; pin the widths we mean.
const TABLE_CAST_SQL = `SELECT * REPLACE (dec9::DECIMAL(9, 2) AS dec9, dec18::DECIMAL(18, 3) AS dec18) FROM (${TABLE_SQL})`;

const duckdbVariants = [
  ['duckdb_default', ''],
  ...['uncompressed', 'snappy', 'gzip', 'zstd', 'brotli', 'lz4', 'lz4_raw'].map((c) => [`duckdb_${c}`, `COMPRESSION ${c}`]),
  ['duckdb_rowgroups_500', 'ROW_GROUP_SIZE 500'],
  ['duckdb_v2', 'PARQUET_VERSION V2'],
  ['duckdb_v2_zstd_rowgroups_500', 'PARQUET_VERSION V2, COMPRESSION zstd, ROW_GROUP_SIZE 500'],
];

const polarsVariants = [
  ['polars_default', {}],
  ...['uncompressed', 'snappy', 'gzip', 'lz4', 'zstd', 'brotli'].map((c) => [`polars_${c}`, { compression: c }]),
  ['polars_no_statistics', { statistics: false }],
  ['polars_full_statistics_small_pages', { statistics: 'full', dataPagesizeLimit: 4096 }],
  ['polars_rowgroups_700', { rowGroupSize: 700 }],
];

// arrow-rs (parquet-wasm) is the one writer here that offers DELTA_BYTE_ARRAY,
// per-column encodings and a page index (written by default).
const W = parquetWasm;
const arrowrsVariants = [
  ['arrowrs_default', (b) => b],
  ['arrowrs_v2_delta_lz4raw', (b) => {
    b = b.setWriterVersion(W.WriterVersion.V2).setDictionaryEnabled(false).setCompression(W.Compression.LZ4_RAW);
    for (const c of ['seq', 'i8', 'u8', 'i16', 'u16', 'i32', 'u32', 'i64', 'u64', 'dt', 'ts_us', 'ts_ms', 'ts_ns', 'ts_tz', 'dec9', 'dec18']) {
      b = b.setColumnEncoding(c, W.Encoding.DELTA_BINARY_PACKED);
    }
    return b.setColumnEncoding('f32', W.Encoding.BYTE_STREAM_SPLIT).setColumnEncoding('f64', W.Encoding.BYTE_STREAM_SPLIT)
      .setColumnEncoding('s_dict', W.Encoding.DELTA_BYTE_ARRAY).setColumnEncoding('s_unique', W.Encoding.DELTA_BYTE_ARRAY)
      .setColumnEncoding('bin', W.Encoding.DELTA_LENGTH_BYTE_ARRAY);
  }],
  ['arrowrs_small_pages_rowgroups_1000_gzip', (b) => b.setDataPageSizeLimit(1024).setMaxRowGroupSize(1000)
    .setCompression(W.Compression.GZIP)],
  ['arrowrs_brotli_plain', (b) => b.setDictionaryEnabled(false).setCompression(W.Compression.BROTLI)],
];

// The column's Parquet type as the file's schema states it, in types.h notation.
function describeColumn(row) {
  const [name, type, logical, converted, scale, precision] = row;
  let text = 'NONE';
  const ts = /TimestampType\(isAdjustedToUTC=(\d).*(MILLIS|MICROS|NANOS)=[A-Z]/.exec(logical ?? '');
  const intBits = { INT_8: 8, INT_16: 16, INT_32: 32, INT_64: 64, UINT_8: 8, UINT_16: 16, UINT_32: 32, UINT_64: 64 };
  if (ts) text = `TIMESTAMP(${ts[2]},${ts[1] === '1'})`;
  else if (/^StringType/.test(logical ?? '') || converted === 'UTF8') text = 'STRING';
  else if (/^DateType/.test(logical ?? '') || converted === 'DATE') text = 'DATE';
  else if (/^DecimalType/.test(logical ?? '') || converted === 'DECIMAL') text = `DECIMAL(${precision},${scale})`;
  else if (converted in intBits) text = `INT(${intBits[converted]},${!converted.startsWith('U')})`;
  else if (/^IntType/.test(logical ?? '')) {
    throw new Error(`column ${name}: IntType without converted type: ${logical}`);
  }
  parseLogical(text);
  return { name, physical: type, logical: text };
}

async function describeFile(conn, file) {
  const r = await conn.runAndReadAll(
    `SELECT name, type, logical_type, converted_type, scale, precision, repetition_type
     FROM parquet_schema(${sqlString(file)}) WHERE num_children IS NULL`);
  return r.getRows().map((row) => ({ ...describeColumn(row), nullable: row[6] === 'OPTIONAL' }));
}

// DuckDB reports local MILLIS timestamps in microseconds; the manifest holds
// values in the column's own unit.
function fromDuckDB(col, v) {
  const l = parseLogical(col.logical);
  if (v === null || l.kind !== 'TIMESTAMP' || l.unit !== 'MILLIS') return v;
  return String(BigInt(v) / 1000n);
}

function canonicalFloat(v) {
  if (v === null) return null;
  if (Number.isNaN(v)) return 'nan';
  if (v === Infinity) return 'inf';
  if (v === -Infinity) return '-inf';
  return Object.is(v, -0) ? '-0' : String(v);
}

async function manifestEntry(conn, outDir, name, view, convert) {
  const file = path.join(outDir, `${name}.parquet`);
  const columns = await describeFile(conn, file);
  columns.forEach((col, i) => {
    const got = view.columns[i];
    if (got.name !== col.name) throw new Error(`${name}: column ${i} is ${got.name}, schema says ${col.name}`);
    col.values = got.values.map((v) => (typeof v === 'number' ? canonicalFloat(v) : convert(col, v)));
  });
  return { path: `${name}.parquet`, writer: name.split('_')[0], rows: view.columns[0].values.length, columns };
}

async function main() {
  const outDir = process.argv[2];
  if (!outDir || !(ROWS >= 1)) { console.error('usage: node reference.mjs OUT_DIR [ROWS]'); process.exit(2); }
  fs.mkdirSync(outDir, { recursive: true });
  const conn = await openDuckDB();
  await conn.run(`SET TimeZone = 'UTC'`);
  await conn.run(`CREATE TABLE t AS ${TABLE_CAST_SQL}`);
  const files = [];
  for (const [name, options] of duckdbVariants) {
    const file = path.join(outDir, `${name}.parquet`);
    await conn.run(`COPY t TO ${sqlString(file)} (FORMAT parquet${options ? ', ' + options : ''})`);
    files.push(await manifestEntry(conn, outDir, name, await duckdbView(conn, file), fromDuckDB));
  }
  // Polars writes from the same rows (read from DuckDB's uncompressed file).
  const source = pl.readParquet(path.join(outDir, 'duckdb_uncompressed.parquet'));
  for (const [name, options] of polarsVariants) {
    const file = path.join(outDir, `${name}.parquet`);
    source.lazy().sinkParquet(file, options).collectSync();
    files.push(await manifestEntry(conn, outDir, name, polarsView(file), (c, v) => v));
  }
  const ipc = source.writeIPCStream({ compression: 'uncompressed' });
  for (const [name, configure] of arrowrsVariants) {
    const file = path.join(outDir, `${name}.parquet`);
    const properties = configure(new W.WriterPropertiesBuilder()).build();
    fs.writeFileSync(file, W.writeParquet(W.Table.fromIPCStream(ipc), properties));
    files.push(await manifestEntry(conn, outDir, name, parquetWasmView(file), (c, v) => v));
  }
  fs.writeFileSync(path.join(outDir, 'manifest.json'), JSON.stringify({ files }));
  console.log(`reference.mjs: wrote ${files.length} files to ${outDir}`);
}

await main();
