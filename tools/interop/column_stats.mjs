// Counts and sums per column of one Parquet file, computed by DuckDB alone:
// the Python package's arrays are checked against them (python/tests).
//
//   node column_stats.mjs FILE [WHERE]
//
// Prints JSON: { "rows": n, "columns": { name: { "count": non-null values,
// "sum": the sum as text } } }. Numbers are summed as DOUBLE (sums of
// integers below 2^53 are exact), booleans as 0/1, dates as days since
// 1970-01-01 and timestamps as microseconds since the epoch; strings are
// summed by their length. WHERE is a SQL condition (e.g. an expiry).
import { openDuckDB, sqlString } from './readers.mjs';

const [file, where] = process.argv.slice(2);
if (!file) {
  console.error('usage: node column_stats.mjs FILE [WHERE]');
  process.exit(2);
}

const connection = await openDuckDB();
const source = `read_parquet(${sqlString(file)})${where ? ` WHERE ${where}` : ''}`;
const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${sqlString(file)})`);
const columns = described.getRowObjects().map((row) => ({ name: row.column_name, type: String(row.column_type) }));

function summed(name, type) {
  const q = `"${name.replaceAll('"', '""')}"`;
  if (type === 'BOOLEAN') return `sum(${q}::INTEGER)::DOUBLE`;
  if (type === 'DATE') return `sum(${q} - DATE '1970-01-01')::DOUBLE`;
  if (type.startsWith('TIMESTAMP')) return `sum(epoch_us(${q}))::DOUBLE`;
  if (type === 'VARCHAR') return `sum(length(${q}))::DOUBLE`;
  return `sum(${q}::DOUBLE)`;
}

const selects = ['count(*)::BIGINT AS "rows"'];
columns.forEach(({ name, type }, i) => {
  selects.push(`count("${name.replaceAll('"', '""')}")::BIGINT AS c${i}`, `${summed(name, type)} AS s${i}`);
});
const result = await connection.runAndReadAll(`SELECT ${selects.join(', ')} FROM ${source}`);
const row = result.getRowObjects()[0];
const out = { rows: Number(row.rows), columns: {} };
columns.forEach(({ name }, i) => {
  const sum = row[`s${i}`];
  out.columns[name] = { count: Number(row[`c${i}`]), sum: sum === null ? null : String(sum) };
});
console.log(JSON.stringify(out));
