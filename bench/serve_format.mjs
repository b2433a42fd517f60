// Which wire form for day series (docs/server.md#columnar-format): a whole
// day's features from a running `tapelab serve`, three ways:
//   columns  the server's typed arrays (tools/serve/columns.mjs: views, no parsing)
//   json     format=json, JSON.parse
//   parquet  the truth file itself, read by parquet-wasm into Arrow columns
// For each: bytes on the wire (plain and gzip), the server's time for the
// first (uncached) request of that form (the table already decoded by an
// earlier request, so it is the encoding), and the client's decode time
// (median of 20), ending with one full pass over every column's values.
//
//   node bench/serve_format.mjs INTEROP_DIR BASE_URL DATE UNDERLYING FEATURES_FILE
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const [interop, base, date, underlying, file] = process.argv.slice(2);
const here = path.dirname(fileURLToPath(import.meta.url));
const { decodeColumns } = await import(path.join(here, '..', 'tools', 'serve', 'columns.mjs'));
const require = createRequire(path.join(path.resolve(interop), 'package.json'));
const parquetWasm = await import(require.resolve('parquet-wasm'));
const { tableFromIPC } = await import(require.resolve('apache-arrow'));

const url = `${base}/api/days/${date}/${underlying}/truth/features`;
await fetch(`${url}?to=09:15:05`);  // decodes the table into the server's cache
const timed = async (u) => {
  const t0 = performance.now();
  const r = await fetch(u);
  const bytes = new Uint8Array(await r.arrayBuffer());
  return { ms: performance.now() - t0, bytes };
};
const median = (f) => {
  const times = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    f();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[10];
};
const touchTyped = (columns) => {
  let n = 0;
  for (const c of Object.values(columns)) for (let i = 0; i < c.values.length; i++) n += c.values[i] === c.values[i] ? 1 : 0;
  return n;
};

const columns = await timed(`${url}?format=columns`);
const json = await timed(`${url}?format=json`);
const parquet = fs.readFileSync(file);
const gz = (b) => zlib.gzipSync(b, { level: 1 }).length;
const result = {
  rows: decodeColumns(columns.bytes.buffer).rows,
  columns: { bytes: columns.bytes.length, gzip: gz(columns.bytes), first_request_ms: columns.ms,
             decode_ms: median(() => touchTyped(decodeColumns(columns.bytes.buffer.slice(0)).columns)) },
  json: { bytes: json.bytes.length, gzip: gz(json.bytes), first_request_ms: json.ms,
          decode_ms: median(() => {
            const j = JSON.parse(new TextDecoder().decode(json.bytes));
            let n = 0;
            for (const v of Object.values(j.columns)) for (const x of v) n += x === null ? 0 : 1;
            return n;
          }) },
  parquet: { bytes: parquet.length, gzip: gz(parquet),
             decode_ms: median(() => {
               const t = tableFromIPC(parquetWasm.readParquet(new Uint8Array(parquet)).intoIPCStream());
               let n = 0;
               for (const f of t.schema.fields) {
                 const v = t.getChild(f.name).toArray();
                 for (let i = 0; i < v.length; i++) n += v[i] === v[i] ? 1 : 0;
               }
               return n;
             }) },
};
console.log(JSON.stringify(result, null, 2));
