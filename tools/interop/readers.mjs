// The three foreign readers, each turned into one neutral "view" of a file:
//   { columns: [{ name, type, nullable?, values }] }
// where `type` is the reader's own type name and `values` holds, per row, null
// or the canonical form of the value (see check.mjs): integers of every width,
// dates (days), timestamps (in the reader's unit) and decimals (unscaled) as
// decimal strings, booleans as 'true'/'false', strings as is, binary as hex,
// floating point as JS numbers. Values are read from the readers' raw buffers,
// never through their Date/number conversions, which lose precision.
import fs from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import pl from 'nodejs-polars';
import * as parquetWasm from 'parquet-wasm';
import { tableFromIPC, makeVector, Type } from 'apache-arrow';

const hex = (bytes) => Buffer.from(bytes).toString('hex');

export async function openDuckDB() {
  const instance = await DuckDBInstance.create(':memory:');
  return instance.connect();
}

export const sqlString = (s) => `'${String(s).replaceAll("'", "''")}'`;

function duckValue(v) {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'boolean': return v ? 'true' : 'false';
    case 'bigint': return String(v);
    case 'string': return v;
    case 'number': return v;  // FLOAT/DOUBLE as numbers; small ints are fixed to strings below
  }
  if ('bytes' in v) return hex(v.bytes);
  if ('days' in v) return String(v.days);
  if ('micros' in v) return String(v.micros);
  if ('nanos' in v) return String(v.nanos);
  if ('millis' in v) return String(v.millis);
  if ('scale' in v && 'value' in v) return String(v.value);
  throw new Error(`unexpected DuckDB value ${v?.constructor?.name}`);
}

export async function duckdbView(conn, path) {
  const result = await conn.runAndReadAll(`SELECT * FROM read_parquet(${sqlString(path)})`);
  const names = result.columnNames();
  const types = result.columnTypes().map((t) => t.toString());
  const columns = result.getColumns();
  return {
    columns: names.map((name, i) => {
      const floating = types[i] === 'FLOAT' || types[i] === 'DOUBLE';
      // DuckDB returns no column arrays at all for an empty result.
      const values = (columns[i] ?? []).map((v) => {
        const c = duckValue(v);
        return typeof c === 'number' && !floating ? String(c) : c;
      });
      return { name, type: types[i], values };
    }),
  };
}

// Arrow's type names, with the string/binary layout variants (Large*, *View)
// folded into one name: which layout a reader picks is its business.
function arrowTypeName(type) {
  switch (type.typeId) {
    case Type.Decimal: return `Decimal(${type.precision},${type.scale})`;
    case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: return 'Utf8';
    case Type.Binary: case Type.LargeBinary: case Type.BinaryView: return 'Binary';
    default: return type.toString();
  }
}

function decimalAt(words, i) {
  let v = 0n;
  for (let w = 3; w >= 0; w--) v = (v << 32n) | BigInt(words[i * 4 + w]);
  return v >= 1n << 127n ? v - (1n << 128n) : v;
}

export function arrowColumnValues(vector) {
  const out = [];
  for (const data of vector.data) {
    const v = makeVector(data);
    const id = data.type.typeId;
    for (let i = 0; i < data.length; i++) {
      if (!v.isValid(i)) { out.push(null); continue; }
      const raw = i + data.offset;
      switch (id) {
        case Type.Bool: out.push(v.get(i) ? 'true' : 'false'); break;
        case Type.Int: case Type.Date: case Type.Timestamp: out.push(String(data.values[raw])); break;
        case Type.Float: out.push(Number(data.values[raw])); break;
        case Type.Decimal: out.push(String(decimalAt(data.values, raw))); break;
        case Type.Utf8: case Type.LargeUtf8: case Type.Utf8View: out.push(v.get(i)); break;
        case Type.Binary: case Type.LargeBinary: case Type.BinaryView: out.push(hex(v.get(i))); break;
        default: throw new Error(`unexpected Arrow type ${data.type}`);
      }
    }
  }
  return out;
}

function arrowView(table, { withNullability }) {
  return {
    columns: table.schema.fields.map((f) => ({
      name: f.name,
      type: arrowTypeName(f.type),
      nullable: withNullability ? f.nullable : undefined,
      values: arrowColumnValues(table.getChild(f.name)),
    })),
  };
}

// parquet-wasm is arrow-rs compiled to WebAssembly; its Arrow schema carries
// the Parquet repetition (REQUIRED -> not nullable), so it also checks that.
export function parquetWasmView(path) {
  const table = parquetWasm.readParquet(new Uint8Array(fs.readFileSync(path)));
  return arrowView(tableFromIPC(table.intoIPCStream()), { withNullability: true });
}

function polarsTypeName(series) {
  try {
    return series.dtype.toString().replace(/^DataType\((.*)\)$/, '$1');
  } catch (e) {
    // nodejs-polars cannot hand a Binary dtype to JS; the error names it.
    if (/DataType Binary is not supported/.test(e.message)) return 'Binary';
    throw e;
  }
}

// Polars' values leave through Arrow IPC: its own JS conversion turns Int64
// into lossy numbers and cannot export Decimal or Binary.
export function polarsView(path) {
  const df = pl.readParquet(path);
  const view = arrowView(tableFromIPC(df.writeIPCStream({ compression: 'uncompressed' })), { withNullability: false });
  for (const col of view.columns) col.polarsType = polarsTypeName(df.getColumn(col.name));
  return view;
}
