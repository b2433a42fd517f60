// Checks a batch of Parquet files against what their writer says they hold,
// reading each with DuckDB, Polars and parquet-wasm (arrow-rs) in one process.
//
//   node check.mjs MANIFEST.json
//
// MANIFEST: { "files": [ { "path", "rows", "probe_statistics"?, "columns": [
//   { "name", "physical", "logical", "nullable", "values": [canonical or null] } ] } ] }
// with paths relative to the manifest. Canonical values: integers of every
// width (unsigned as unsigned), dates in days, timestamps in the column's unit
// and decimals unscaled, as decimal strings; booleans 'true'/'false'; strings
// as is; binary as hex; FLOAT/DOUBLE as the shortest text of the value or
// 'nan', 'inf', '-inf'.
//
// Every reader must report the column names in order, the row count, the type
// the Parquet type maps to (types.mjs), nullability (parquet-wasm: REQUIRED ->
// not nullable) and every value and null. With probe_statistics, DuckDB is
// also asked `count(*) WHERE col = v` for each row group's minimum and maximum
// and `col IS NULL`: DuckDB skips row groups by our statistics, so a wrong
// min/max/null_count gives a wrong count. Exit status 1 with a diff per
// mismatch (at most a few values per column), 0 when all agree.
import fs from 'node:fs';
import path from 'node:path';
import { openDuckDB, duckdbView, polarsView, parquetWasmView, sqlString } from './readers.mjs';
import { expectedTypeNames, isFloating, duckdbExpected, parseLogical } from './types.mjs';

const MAX_VALUE_DIFFS = 5;

const floatValue = (text) => ({ nan: NaN, inf: Infinity, '-inf': -Infinity }[text] ?? Number(text));

function floatEquals(col, expected, actual) {
  if (typeof actual !== 'number') return false;
  const e = floatValue(expected);
  if (Number.isNaN(e)) return Number.isNaN(actual);
  return col.physical === 'FLOAT' ? Object.is(Math.fround(e), Math.fround(actual)) : Object.is(e, actual);
}

function valueEquals(col, expected, actual) {
  if (expected === null || actual === null) return expected === actual;
  return isFloating(col) ? floatEquals(col, expected, actual) : expected === actual;
}

function compareView(file, reader, view, expectedValue, problems) {
  const where = `${file.path} [${reader}]`;
  const names = view.columns.map((c) => c.name);
  const expectedNames = file.columns.map((c) => c.name);
  if (JSON.stringify(names) !== JSON.stringify(expectedNames)) {
    problems.push(`${where}: columns ${JSON.stringify(names)}, expected ${JSON.stringify(expectedNames)}`);
    return;
  }
  file.columns.forEach((col, i) => {
    const got = view.columns[i];
    const at = `${where} column ${col.name} (${col.physical} ${col.logical}${col.nullable ? ' nullable' : ''})`;
    const wantType = expectedTypeNames(col)[reader === 'polars' ? 'arrow' : reader];
    if (got.type !== wantType) problems.push(`${at}: type ${got.type}, expected ${wantType}`);
    if (reader === 'polars') {
      const wantPolars = expectedTypeNames(col).polars;
      if (got.polarsType !== wantPolars) problems.push(`${at}: polars dtype ${got.polarsType}, expected ${wantPolars}`);
    }
    if (got.nullable !== undefined && got.nullable !== col.nullable) {
      problems.push(`${at}: nullable ${got.nullable}, expected ${col.nullable}`);
    }
    if (got.values.length !== file.rows) {
      problems.push(`${at}: ${got.values.length} rows, expected ${file.rows}`);
      return;
    }
    let diffs = 0;
    for (let r = 0; r < file.rows; r++) {
      const want = expectedValue(col, col.values[r]);
      if (valueEquals(col, want, got.values[r])) continue;
      if (++diffs <= MAX_VALUE_DIFFS) {
        problems.push(`${at} row ${r}: got ${JSON.stringify(got.values[r])}, expected ${JSON.stringify(want)}`);
      }
    }
    if (diffs > MAX_VALUE_DIFFS) problems.push(`${at}: ... ${diffs} differing rows in all`);
  });
}

// A SQL literal equal to a DuckDB-domain canonical value of the column, or
// null where the type has no simple literal (binary).
function sqlLiteral(col, v) {
  const l = parseLogical(col.logical);
  if (l.kind === 'STRING') return sqlString(v);
  if (l.kind === 'DATE') return `(DATE '1970-01-01' + INTEGER '${v}')`;
  if (l.kind === 'DECIMAL') {
    const neg = v.startsWith('-');
    const digits = (neg ? v.slice(1) : v).padStart(l.scale + 1, '0');
    const text = `${neg ? '-' : ''}${digits.slice(0, digits.length - l.scale)}.${digits.slice(digits.length - l.scale)}`;
    return `CAST('${text}' AS DECIMAL(${l.precision},${l.scale}))`;
  }
  if (l.kind === 'TIMESTAMP') {
    if (l.unit === 'NANOS' && !l.utc) return `make_timestamp_ns(BIGINT '${v}')`;
    return `make_timestamp(BIGINT '${v}')${l.utc ? '::TIMESTAMPTZ' : ''}`;
  }
  if (col.physical === 'BYTE_ARRAY') return null;
  if (col.physical === 'BOOLEAN') return v;
  if (isFloating(col)) return `CAST('${v}' AS ${col.physical})`;
  return v;
}

function compareCanonical(col, a, b) {
  if (isFloating(col)) {
    const x = floatValue(a), y = floatValue(b);  // never NaN: probes skip it
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (col.physical === 'BYTE_ARRAY') return Buffer.compare(Buffer.from(a), Buffer.from(b));
  if (col.physical === 'BOOLEAN') return (a === 'true') - (b === 'true');
  const d = BigInt(a) - BigInt(b);
  return d < 0n ? -1 : d > 0n ? 1 : 0;
}

async function probeStatistics(conn, file, fullPath, problems) {
  const meta = await conn.runAndReadAll(
    `SELECT DISTINCT row_group_id, row_group_num_rows FROM parquet_metadata(${sqlString(fullPath)}) ORDER BY 1`);
  const groupRows = meta.getRows().map((r) => Number(r[1]));
  for (const col of file.columns) {
    const values = col.values.map((v) => duckdbExpected(col, v));
    const usable = (v) => v !== null && !(isFloating(col) && v === 'nan');
    const probes = new Set();
    let start = 0;
    for (const n of groupRows) {
      const group = values.slice(start, start + n).filter(usable);
      start += n;
      if (group.length === 0) continue;
      group.sort((a, b) => compareCanonical(col, a, b));
      probes.add(group[0]);
      probes.add(group[group.length - 1]);
    }
    const quoted = `"${col.name.replaceAll('"', '""')}"`;
    const checks = [[`${quoted} IS NULL`, values.filter((v) => v === null).length]];
    for (const p of probes) {
      const literal = sqlLiteral(col, p);
      if (literal === null) continue;
      checks.push([`${quoted} = ${literal}`,
        values.filter((v) => usable(v) && compareCanonical(col, v, p) === 0).length]);
    }
    for (const [condition, want] of checks) {
      const r = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(fullPath)}) WHERE ${condition}`);
      const got = Number(r.getRows()[0][0]);
      if (got !== want) problems.push(`${file.path} [duckdb statistics] WHERE ${condition}: ${got} rows, expected ${want}`);
    }
  }
}

async function main() {
  const manifestPath = process.argv[2];
  if (!manifestPath) { console.error('usage: node check.mjs MANIFEST.json'); process.exit(2); }
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const base = path.dirname(path.resolve(manifestPath));
  const conn = await openDuckDB();
  await conn.run(`SET TimeZone = 'UTC'`);
  const problems = [];
  for (const file of manifest.files) {
    const fullPath = path.resolve(base, file.path);
    const readers = [
      ['duckdb', () => duckdbView(conn, fullPath), duckdbExpected],
      ['polars', () => polarsView(fullPath), (c, v) => v],
      ['arrow', () => parquetWasmView(fullPath), (c, v) => v],
    ];
    for (const [reader, read, expectedValue] of readers) {
      try {
        compareView(file, reader, await read(), expectedValue, problems);
      } catch (e) {
        problems.push(`${file.path} [${reader}]: cannot read: ${e.message}`);
      }
    }
    if (file.probe_statistics) {
      try {
        await probeStatistics(conn, file, fullPath, problems);
      } catch (e) {
        problems.push(`${file.path} [duckdb statistics]: ${e.message}`);
      }
    }
  }
  for (const p of problems) console.log(p);
  console.log(`check.mjs: ${manifest.files.length} files, ${problems.length} problems`);
  process.exit(problems.length ? 1 : 0);
}

await main();
