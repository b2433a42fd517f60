// The column types of a manifest and what each reader must call them.
//
// A manifest describes a column by its Parquet physical type and logical type,
// in the notation of tapelab's parquet/types.h ("INT64" + "TIMESTAMP(MICROS,true)").
// Each reader maps Parquet types onto its own type system; the tables below say
// what a correct mapping looks like, so a wrong logical type in our files (or a
// misread one in theirs) shows up as a type mismatch, not just as odd values.

export function parseLogical(text) {
  const m = /^([A-Z]+)(?:\((.*)\))?$/.exec(text ?? 'NONE');
  if (!m) throw new Error(`bad logical type '${text}'`);
  const args = m[2] ? m[2].split(',') : [];
  switch (m[1]) {
    case 'NONE': case 'STRING': case 'DATE': return { kind: m[1] };
    case 'TIMESTAMP': return { kind: 'TIMESTAMP', unit: args[0], utc: args[1] === 'true' };
    case 'DECIMAL': return { kind: 'DECIMAL', precision: Number(args[0]), scale: Number(args[1]) };
    case 'INT': return { kind: 'INT', bits: Number(args[0]), signed: args[1] === 'true' };
    default: throw new Error(`unknown logical type '${text}'`);
  }
}

const unitName = { MILLIS: 'ms', MICROS: 'us', NANOS: 'ns' };
const arrowUnit = { MILLIS: 'MILLISECOND', MICROS: 'MICROSECOND', NANOS: 'NANOSECOND' };
const duckInt = { 8: 'TINYINT', 16: 'SMALLINT', 32: 'INTEGER', 64: 'BIGINT' };
const physicalNames = {
  BOOLEAN: ['BOOLEAN', 'Bool', 'Bool'],
  INT32: ['INTEGER', 'Int32', 'Int32'],
  INT64: ['BIGINT', 'Int64', 'Int64'],
  FLOAT: ['FLOAT', 'Float32', 'Float32'],
  DOUBLE: ['DOUBLE', 'Float64', 'Float64'],
  BYTE_ARRAY: ['BLOB', 'Binary', 'Binary'],
};

// {duckdb, polars, arrow}: the type names each reader reports for a column.
export function expectedTypeNames(col) {
  const l = parseLogical(col.logical);
  switch (l.kind) {
    case 'NONE': {
      const names = physicalNames[col.physical];
      if (!names) throw new Error(`column ${col.name}: unsupported physical type ${col.physical}`);
      return { duckdb: names[0], polars: names[1], arrow: names[2] };
    }
    case 'STRING': return { duckdb: 'VARCHAR', polars: 'String', arrow: 'Utf8' };
    case 'DATE': return { duckdb: 'DATE', polars: 'Date', arrow: 'Date32<DAY>' };
    case 'TIMESTAMP': return {
      // DuckDB has one TIMESTAMP WITH TIME ZONE (microseconds) for every UTC unit,
      // and reads local MILLIS into its microsecond TIMESTAMP.
      duckdb: l.utc ? 'TIMESTAMP WITH TIME ZONE' : (l.unit === 'NANOS' ? 'TIMESTAMP_NS' : 'TIMESTAMP'),
      polars: `Datetime(${unitName[l.unit]},${l.utc ? 'UTC' : ''})`,
      arrow: `Timestamp<${arrowUnit[l.unit]}${l.utc ? ', UTC' : ''}>`,
    };
    case 'DECIMAL': {
      const t = `Decimal(${l.precision},${l.scale})`;
      return { duckdb: `DECIMAL(${l.precision},${l.scale})`, polars: t, arrow: t };
    }
    case 'INT': return {
      duckdb: (l.signed ? '' : 'U') + duckInt[l.bits],
      polars: `${l.signed ? 'Int' : 'UInt'}${l.bits}`,
      arrow: `${l.signed ? 'Int' : 'Uint'}${l.bits}`,
    };
  }
  throw new Error(`unhandled logical type ${col.logical}`);
}

export const isFloating = (col) => col.physical === 'FLOAT' || col.physical === 'DOUBLE';

// The value a reader reports for an expected canonical value, where the
// reader's type holds it in another unit: DuckDB keeps every timestamp in
// microseconds except TIMESTAMP_NS, and truncates nanoseconds toward zero.
export function duckdbExpected(col, value) {
  if (value === null) return null;
  const l = parseLogical(col.logical);
  if (l.kind !== 'TIMESTAMP') return value;
  const v = BigInt(value);
  if (l.unit === 'MILLIS') return String(v * 1000n);
  if (l.unit === 'NANOS' && l.utc) return String(v / 1000n);
  return value;
}
