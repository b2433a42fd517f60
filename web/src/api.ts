// Fetching from `tapelab serve` (docs/server.md): JSON, and day series in the
// columnar wire form decoded by views over the response's buffer.
import { decodeColumns, type Columns } from '../../tools/serve/columns.mjs';

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) {
    let message = `${response.status}`;
    try { message = (await response.json()).message; } catch { /* not JSON */ }
    throw new Error(`${url}: ${message}`);
  }
  return response;
}

export async function getJson<T>(url: string): Promise<T> {
  return (await fetchOk(url)).json() as Promise<T>;
}

export async function getColumns(url: string): Promise<Columns> {
  return decodeColumns(await (await fetchOk(url)).arrayBuffer());
}

// A numeric column as numbers with null for a missing value (what uPlot draws as a gap).
export function numbers(table: Columns, name: string): (number | null)[] {
  const column = table.columns[name];
  if (!column) throw new Error(`no column ${name}`);
  const values = column.values;
  if (Array.isArray(values)) throw new Error(`column ${name} holds text, not numbers`);
  const out = new Array<number | null>(values.length);
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    out[i] = (column.valid && !column.valid[i]) || Number.isNaN(v) ? null : v;
  }
  return out;
}

export function strings(table: Columns, name: string): (string | null)[] {
  const column = table.columns[name];
  if (!column) throw new Error(`no column ${name}`);
  const values = column.values as string[];
  return values.map((v, i) => (column.valid && !column.valid[i] ? null : v));
}

export interface DayInfo {
  date: string;
  underlying: string;
  truth?: Record<string, { rows: number; hash: string }>;
  runs?: string[];
}

export interface RunInfo {
  id: string;
  hash: string;
  files: Record<string, string>;
}
