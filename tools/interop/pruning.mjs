// Measures which row groups DuckDB reads for a range query on a Parquet file.
//
//   node pruning.mjs FILE COLUMN LOW HIGH
//
// Prints JSON: { row_groups, selective: Scan, full: Scan } where Scan is
//   { rows, bytes, row_groups_read: [ids] }
// for `SELECT count(*) ... WHERE COLUMN BETWEEN LOW AND HIGH` (selective) and
// the same count with the filter wrapped in an expression DuckDB cannot push
// into the scan (full). Bytes and row groups come from DuckDB's own file-system
// log (every READ with its offset and length), which counts what DuckDB asked
// for whether or not the page cache served it: /proc/PID/io read_bytes only
// counts disk reads, and rchar also counts Node's own reads. A read counts for
// a row group when it overlaps one of that row group's column chunks; footer
// reads overlap none.
import { openDuckDB, sqlString } from './readers.mjs';

async function rowGroupRanges(conn, file) {
  const r = await conn.runAndReadAll(`
    SELECT row_group_id,
           min(coalesce(dictionary_page_offset, data_page_offset)),
           max(coalesce(dictionary_page_offset, data_page_offset) + total_compressed_size)
    FROM parquet_metadata(${sqlString(file)}) GROUP BY 1 ORDER BY 1`);
  return r.getRows().map(([id, begin, end]) => ({ id: Number(id), begin: Number(begin), end: Number(end) }));
}

async function scan(conn, file, where, groups) {
  await conn.run('CALL truncate_duckdb_logs()');
  const r = await conn.runAndReadAll(`SELECT count(*) FROM read_parquet(${sqlString(file)}) WHERE ${where}`);
  const rows = Number(r.getRows()[0][0]);
  const logs = await conn.runAndReadAll(`SELECT message FROM duckdb_logs WHERE type = 'FileSystem'`);
  let bytes = 0;
  const touched = new Set();
  for (const [message] of logs.getRows()) {
    const m = JSON.parse(message);
    if (m.op !== 'READ' || m.path !== file) continue;
    const begin = Number(m.pos);
    const end = begin + Number(m.bytes);
    bytes += end - begin;
    for (const g of groups) if (begin < g.end && g.begin < end) touched.add(g.id);
  }
  return { rows, bytes, row_groups_read: [...touched].sort((a, b) => a - b) };
}

async function main() {
  const [file, column, low, high] = process.argv.slice(2);
  if (high === undefined) { console.error('usage: node pruning.mjs FILE COLUMN LOW HIGH'); process.exit(2); }
  const conn = await openDuckDB();
  // Every query must read the file itself, not a cache of the previous one.
  await conn.run('SET enable_external_file_cache = false');
  await conn.run(`CALL enable_logging('FileSystem')`);
  const groups = await rowGroupRanges(conn, file);
  const col = `"${column.replaceAll('"', '""')}"`;
  const selective = await scan(conn, file, `${col} BETWEEN ${low} AND ${high}`, groups);
  // hash(x) IS NOT NULL keeps every row and hides the range from the scan.
  const full = await scan(conn, file, `(${col} BETWEEN ${low} AND ${high}) = (hash(${col}) IS NOT NULL)`, groups);
  console.log(JSON.stringify({ row_groups: groups.length, selective, full }));
}

await main();
