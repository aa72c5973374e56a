import { closeSync, openSync, writeSync } from "node:fs";
import { type Db, run } from "../../loaders/duckdb.ts";

/**
 * Streams rows to a CSV file (header first), then converts it to Parquet with the declared column types, so
 * the two copies always hold the same rows. Rows are written per metric as they are computed, so memory does
 * not grow with the size of the alliance.
 */

function cell(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`refusing to write a non-finite number (${value})`);
    return String(value);
  }
  const text = String(value);
  return /[",\r\n]/.test(text) || text === "" ? `"${text.replaceAll('"', '""')}"` : text;
}

/**
 * The read_csv options for a CSV this engine wrote, with its columns typed as given. The dialect is given in full:
 * DuckDB's sniffer otherwise runs even with the columns named, about 80 ms a file, most of the time for a
 * metric's partition.
 */
export function ownCsvOptions(columns: Readonly<Record<string, string>>): string {
  const typed = Object.entries(columns)
    .map(([name, type]) => `'${name}': '${type}'`)
    .join(", ");
  return `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${typed}}`;
}

export class CsvTable<Row extends object> {
  private readonly fd: number;
  private buffer: string[] = [];
  private buffered = 0;
  rows = 0;

  constructor(
    readonly path: string,
    readonly columns: Readonly<Record<string, string>>,
  ) {
    this.fd = openSync(path, "w");
    writeSync(this.fd, Object.keys(columns).join(",") + "\n");
  }

  write(rows: readonly Row[]): void {
    const names = Object.keys(this.columns);
    for (const row of rows) {
      const record = row as Record<string, unknown>;
      this.buffer.push(names.map((n) => cell(record[n])).join(","));
      this.buffered += 1;
      this.rows += 1;
      if (this.buffered >= 10_000) this.flush();
    }
  }

  private flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join("\n") + "\n");
    this.buffer = [];
    this.buffered = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }

  /** Writes the Parquet twin of the (closed) CSV. */
  async toParquet(db: Db, parquetPath: string): Promise<void> {
    await run(
      db,
      `copy (select * from read_csv($csv, ${ownCsvOptions(this.columns)}))
       to '${parquetPath.replaceAll("'", "''")}' (format parquet, compression zstd)`,
      { csv: this.path },
    );
  }
}
