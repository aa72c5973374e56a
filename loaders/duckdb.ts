import { DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBValue, type DuckDBVector } from "@duckdb/node-api";

/** Thin helpers over `@duckdb/node-api`, so the steps read as SQL plus parameters. */

export interface Db {
  instance: DuckDBInstance;
  connection: DuckDBConnection;
  path: string;
}

/**
 * DuckDB's default memory limit is 80% of the machine; ours leaves room for Node and the operating system and
 * makes big jobs spill to disk instead (ALLIANCE_MEMORY_LIMIT overrides it, e.g. `12GB`).
 */
export const DEFAULT_MEMORY_LIMIT = "6GB";

export async function openDb(path: string, options: Record<string, string> = {}, memoryLimit = DEFAULT_MEMORY_LIMIT): Promise<Db> {
  const instance = await DuckDBInstance.create(path, { memory_limit: process.env.ALLIANCE_MEMORY_LIMIT ?? memoryLimit, ...options });
  const connection = await instance.connect();
  return { instance, connection, path };
}

export function closeDb(db: Db): void {
  db.connection.closeSync();
  db.instance.closeSync();
}

/** With ALLIANCE_PROFILE=1, every statement's time goes to stderr: where the time goes, before optimising. */
const PROFILE = !!process.env.ALLIANCE_PROFILE;

async function timed<T>(sql: string, work: () => Promise<T>): Promise<T> {
  if (!PROFILE) return work();
  const started = performance.now();
  try {
    return await work();
  } finally {
    const first = sql.trim().replace(/\s+/g, " ").slice(0, 90);
    process.stderr.write(`[profile] ${(performance.now() - started).toFixed(0).padStart(7)} ms  ${first}\n`);
  }
}

export async function run(db: Db, sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
  await timed(sql, () => db.connection.run(sql, params));
}

export async function rows<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<T[]> {
  const reader = await timed(sql, () => db.connection.runAndReadAll(sql, params));
  return reader.getRowObjectsJS() as T[];
}

/**
 * A query's INTEGER columns as Int32Arrays (null as 0): for work in Node over millions of rows without an object
 * per row. Only INTEGER columns (cast booleans with ::integer), so reading an item is one kind of call and fast.
 */
export async function integerColumns(db: Db, sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<Int32Array[]> {
  const result = await timed(sql, () => db.connection.run(sql, params));
  result.columnTypes().forEach((type, c) => {
    if (type.typeId !== DuckDBTypeId.INTEGER) throw new Error(`integerColumns: column ${c + 1} is ${type}, not INTEGER: ${sql.slice(0, 80)}`);
  });
  const chunks = await result.fetchAllChunks();
  const total = chunks.reduce((n, chunk) => n + chunk.rowCount, 0);
  const columns = Array.from({ length: result.columnCount }, () => new Int32Array(total));
  let offset = 0;
  for (const chunk of chunks) {
    const rowCount = chunk.rowCount; // a call into DuckDB each time it is read
    for (let c = 0; c < columns.length; c++) {
      const vector = chunk.getColumnVector(c) as DuckDBVector<number>;
      const column = columns[c]!;
      for (let i = 0; i < rowCount; i++) column[offset + i] = vector.getItem(i)!;
    }
    offset += rowCount;
  }
  return columns;
}

export async function one<T = Record<string, unknown>>(
  db: Db,
  sql: string,
  params?: DuckDBValue[] | Record<string, DuckDBValue>,
): Promise<T> {
  const [row] = await rows<T>(db, sql, params);
  if (row === undefined) throw new Error(`query returned no row: ${sql.slice(0, 80)}`);
  return row;
}

/** Double-quotes an identifier that comes from our own specs (never from partner data). */
export function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`not a safe SQL identifier: ${name}`);
  return `"${name}"`;
}

/** A SQL string literal for values that come from our own specs and config (code lists), never partner data. */
export function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}
