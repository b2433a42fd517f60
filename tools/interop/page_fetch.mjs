// Measures which bytes arrow-rs (parquet-wasm's async reader) fetches to read
// a slice of rows, to show whether it uses a file's OffsetIndex.
//
//   node page_fetch.mjs FILE COLUMN OFFSET LIMIT
//
// Prints JSON { file_bytes, fetched_bytes, fetches, values } where values are
// the column's canonical values (readers.mjs) for rows [OFFSET, OFFSET+LIMIT).
// The reader fetches through Blob.slice, so a Blob that records its slices
// sees every byte range it asks for. With an OffsetIndex, arrow-rs turns the
// row slice into page ranges and fetches only those pages; without one it
// must fetch whole column chunks. parquet-wasm has no predicate API, so the
// ColumnIndex (min/max per page) cannot be exercised through it.
import fs from 'node:fs';
import * as parquetWasm from 'parquet-wasm';
import { tableFromIPC } from 'apache-arrow';
import { arrowColumnValues } from './readers.mjs';

class RecordingBlob extends Blob {
  constructor(parts) { super(parts); this.fetches = []; }
  slice(start, end, type) {
    this.fetches.push([start, end]);
    return super.slice(start, end, type);
  }
}

async function main() {
  const [file, column, offset, limit] = process.argv.slice(2);
  if (limit === undefined) { console.error('usage: node page_fetch.mjs FILE COLUMN OFFSET LIMIT'); process.exit(2); }
  const bytes = fs.readFileSync(file);
  const blob = new RecordingBlob([bytes]);
  const parquet = await parquetWasm.ParquetFile.fromFile(blob);
  const table = await parquet.read({ columns: [column], offset: Number(offset), limit: Number(limit) });
  const values = arrowColumnValues(tableFromIPC(table.intoIPCStream()).getChild(column));
  const fetched = blob.fetches.reduce((sum, [begin, end]) => sum + (end - begin), 0);
  console.log(JSON.stringify({ file_bytes: bytes.length, fetched_bytes: fetched, fetches: blob.fetches.length, values }));
}

await main();
