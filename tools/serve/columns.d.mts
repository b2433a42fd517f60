// Types of columns.mjs for the player (web/, TypeScript), which imports it.
export type ColumnValues = Float64Array | Float32Array | Int32Array | Uint8Array | string[];
export interface Column {
  type: 'f64' | 'time' | 'f32' | 'i32' | 'date' | 'u8' | 'str';
  values: ColumnValues;
  valid: Uint8Array | null;
}
export interface Columns {
  rows: number;
  columns: Record<string, Column>;
}
export function decodeColumns(buffer: ArrayBuffer): Columns;
