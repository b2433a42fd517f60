// The foreign side of bench/scan_bench.cpp: DuckDB merely reading what the
// contract scan reads, from the same files with the same threads.
//
//   [SCAN_WHERE=CONDITION] node scan_bench.mjs THREADS RUNS COLUMNS FILE...
//
// COLUMNS: comma-separated names; each is summed (max() for DATE and VARCHAR
// columns, which have no sum), so DuckDB must decode every value of each.
// SCAN_WHERE, when set, is a SQL condition every query reads the rows under
// (bench/engine_day.sh: one expiry of a day).
// Prints JSON: { rows, scan_columns: {wall, cpu}, six_columns: {wall, cpu} },
// the best seconds of RUNS runs after one untimed run (warm cache) of
//   scan_columns: the aggregate over COLUMNS;
//   six_columns: sum() of timestamp, strike, price, bp0, sp0, volume (the
//     six columns of the Parquet codec benchmark, for comparison).
import { DuckDBInstance } from '@duckdb/node-api';
import { sqlString } from './readers.mjs';

// Best wall and best CPU seconds (the process's user + system time: DuckDB's
// threads run inside it) of RUNS runs.
async function bestTime(conn, sql, runs) {
  await conn.run(sql);
  const best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    const cpu0 = process.cpuUsage();
    await conn.runAndReadAll(sql);
    const cpu = process.cpuUsage(cpu0);
    best.cpu = Math.min(best.cpu, (cpu.user + cpu.system) / 1e6);
    best.wall = Math.min(best.wall, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return best;
}

async function main() {
  const [threads, runs, columns, ...files] = process.argv.slice(2);
  if (files.length === 0) { console.error('usage: node scan_bench.mjs THREADS RUNS COLUMNS FILE...'); process.exit(2); }
  const instance = await DuckDBInstance.create(':memory:', { threads: String(threads) });
  const conn = await instance.connect();
  // hive_partitioning off: the partition values are columns inside the files too.
  const source = `read_parquet([${files.map(sqlString).join(', ')}], hive_partitioning = false)`;
  const types = new Map((await conn.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRows()
    .map(([name, type]) => [name, type]));
  const aggregate = (name) => {
    const type = types.get(name);
    if (type === undefined) throw new Error(`no column ${name}`);
    if (type === 'DATE' || type === 'VARCHAR') return `max("${name}")`;
    if (type.startsWith('TIMESTAMP')) return `sum(epoch_us("${name}"))`;
    return `sum("${name}")`;
  };
  const where = process.env.SCAN_WHERE ? ` WHERE ${process.env.SCAN_WHERE}` : '';
  const sql = (names) => `SELECT ${names.map(aggregate).join(', ')} FROM ${source}${where}`;
  const rows = (await conn.runAndReadAll(`SELECT count(*) FROM ${source}${where}`)).getRows()[0][0];
  const result = {
    rows: Number(rows),
    scan_columns: await bestTime(conn, sql(columns.split(',')), Number(runs)),
    six_columns: await bestTime(conn, sql(['timestamp', 'strike', 'price', 'bp0', 'sp0', 'volume']), Number(runs)),
  };
  console.log(JSON.stringify(result));
}

await main();
