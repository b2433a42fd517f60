// A Parquet file's metadata as DuckDB decodes it, for tests that compare it
// with what the writer was given (tests/interop/metadata_test.cpp).
//
//   node metadata.mjs FILE.parquet
//
// Prints one JSON object:
//   { schema: [[name, converted_type or null], ...] (the leaf columns, in order),
//     statistics: [[row_group, column, min or null, max or null, null_count or null], ...] }
// with min and max as DuckDB renders parquet_metadata()'s stats_min_value and
// stats_max_value (text).
import { openDuckDB, sqlString } from './readers.mjs';

const file = process.argv[2];
const conn = await openDuckDB();
const schema = await conn.runAndReadAll(
  `SELECT name, converted_type FROM parquet_schema(${sqlString(file)}) WHERE num_children IS NULL OR num_children = 0`);
const statistics = await conn.runAndReadAll(
  `SELECT row_group_id, path_in_schema, stats_min_value, stats_max_value, stats_null_count
   FROM parquet_metadata(${sqlString(file)}) ORDER BY row_group_id, column_id`);
const text = (v) => (v === null || v === undefined ? null : String(v));
console.log(JSON.stringify({
  schema: schema.getRows().map((r) => [String(r[0]), text(r[1])]),
  statistics: statistics.getRows().map((r) => [Number(r[0]), String(r[1]), text(r[2]), text(r[3]),
                                               r[4] === null ? null : Number(r[4])]),
}));
