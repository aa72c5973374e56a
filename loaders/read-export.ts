import { createReadStream, createWriteStream, openSync, readSync, closeSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { isUtf8 } from "node:buffer";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { parse as parseCsv } from "csv-parse/sync";
import type { DatasetSpec, FieldType } from "./contract/dataset-spec.ts";
import { type Db, one, rows, run } from "./duckdb.ts";

/**
 * Reads one export file, as the partner sent it, into a temporary all-text table `raw` with one column per
 * header cell (`c0`, `c1`, …), seen through the view `raw_rows` that adds the 1-based `row_no` (the header is
 * row 0). Nothing is checked here but
 * the file's shape: rows the CSV reader cannot split are returned as structural rejects, so that
 * rows read = rows in `raw` + structural rejects.
 */

export interface StructuralReject {
  row: number;
  message: string;
}

export interface RawExport {
  /** header cells as sent (trimmed) */
  header: string[];
  encoding: "utf-8" | "windows-1252" | "xlsx";
  rowsInTable: number;
  structuralRejects: StructuralReject[];
}

const HEADER_PROBE_BYTES = 64 * 1024;

function readHead(path: string): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(HEADER_PROBE_BYTES);
    const n = readSync(fd, buffer, 0, HEADER_PROBE_BYTES, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The header row of a CSV file, decoded as UTF-8 or, failing that, Windows-1252. */
export function readCsvHeader(path: string): string[] {
  let head = readHead(path);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) head = head.subarray(3);
  const newline = head.indexOf(0x0a);
  const firstLine = newline >= 0 ? head.subarray(0, newline) : head;
  const text = isUtf8(firstLine) ? firstLine.toString("utf8") : iconv.decode(firstLine, "win1252");
  if (!text.trim()) return [];
  const [cells] = parseCsv(text.replace(/\r$/, ""), { relax_column_count: true, relax_quotes: true }) as string[][];
  return (cells ?? []).map((c) => c.trim());
}

function describeCsvError(errorType: string, message: string): string {
  switch (errorType) {
    case "TOO MANY COLUMNS":
      return `the row has more values than the header has columns (${message.replace(/^Expected Number of Columns: (\d+) Found: (\d+).*/s, "expected $1, found $2")})`;
    case "MISSING COLUMNS":
      return `the row has fewer values than the header has columns (${message.replace(/^Expected Number of Columns: (\d+) Found: (\d+).*/s, "expected $1, found $2")})`;
    case "UNQUOTED VALUE":
      return "a value has a stray double quote: quote the whole value or remove the quote";
    case "LINE SIZE OVER MAXIMUM":
      return "the row is too long to be a record (an unclosed quote?)";
    case "INVALID ENCODING":
      return "the row is not valid text in UTF-8 or Windows-1252";
    default:
      return `the row cannot be read as CSV (${errorType.toLowerCase()})`;
  }
}

export async function transcodeWindows1252(path: string, target: string): Promise<void> {
  await pipeline(createReadStream(path), iconv.decodeStream("win1252"), iconv.encodeStream("utf8"), createWriteStream(target));
}

/**
 * Loads a CSV into `raw`. DuckDB's own reader does the parsing (in parallel); we only name the columns and
 * turn its reject log into row numbers and plain words.
 */
export async function loadCsv(db: Db, path: string, columnCount: number, tempDir: string, scanTag: string): Promise<RawExport> {
  const header = readCsvHeader(path);
  const attempt = async (file: string) => {
    const columns = `{${Array.from({ length: columnCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ")}}`;
    await run(db, `drop table if exists raw; drop table if exists rejects_${scanTag}; drop table if exists rejscan_${scanTag}`);
    await run(
      db,
      `create temp table raw as
       select * from read_csv($path, header = true, columns = ${columns}, auto_detect = false, delim = ',',
         quote = '"', escape = '"', store_rejects = true, rejects_table = 'rejects_${scanTag}',
         rejects_scan = 'rejscan_${scanTag}', max_line_size = 1048576)`,
      { path: file },
    );
    return rows<{ line: bigint | number; error_type: string; error_message: string }>(
      db,
      `select line, min(error_type) as error_type, min(error_message) as error_message
         from rejects_${scanTag} group by line order by line`,
    );
  };
  let encoding: RawExport["encoding"] = "utf-8";
  let rejects = await attempt(path);
  if (rejects.some((r) => r.error_type === "INVALID ENCODING")) {
    // What Excel saves as "CSV" on Windows: re-read the whole file as Windows-1252.
    const utf8Copy = `${tempDir}/${scanTag}.utf8.csv`;
    await transcodeWindows1252(path, utf8Copy);
    rejects = await attempt(utf8Copy);
    encoding = "windows-1252";
  }
  await numberRawRows(db, rejects.map((r) => Number(r.line) - 1));
  const structuralRejects = rejects.map((r) => ({ row: Number(r.line) - 1, message: describeCsvError(r.error_type, r.error_message) }));
  await run(db, `drop table if exists rejects_${scanTag}; drop table if exists rejscan_${scanTag}`);
  const { n } = await one<{ n: number }>(db, "select count(*)::integer as n from raw");
  return { header, encoding, rowsInTable: n, structuralRejects };
}

/**
 * Gives each loaded row its data-row number: its position in the file counting the rows the reader rejected
 * (which DuckDB reports by line), so a partner can find it. A view, so big files are not copied again.
 */
async function numberRawRows(db: Db, rejectedRows: number[]): Promise<void> {
  if (!rejectedRows.length) {
    await run(db, "create or replace temp view raw_rows as select (rowid + 1)::integer as row_no, * from raw");
    return;
  }
  await run(
    db,
    `create or replace temp table rejected_positions as
     select unnest(l) as data_row, unnest(range(1, len(l) + 1)) as idx from (select from_json($rows, '["integer"]') as l)`,
    { rows: JSON.stringify(rejectedRows) },
  );
  await run(
    db,
    `create or replace temp view raw_rows as
     select (r.rowid + 1 + (select count(*) from rejected_positions p where p.data_row - p.idx < r.rowid + 1))::integer as row_no, r.*
     from raw r`,
  );
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30); // serial 0 in the 1900 date system (Excel's leap-year bug included)
const MS_PER_DAY = 86_400_000;

export function excelSerialToDate(serial: number): Date {
  return new Date(EXCEL_EPOCH_MS + Math.round(serial * MS_PER_DAY / 1000) * 1000);
}

/** Text of one Excel cell as a partner would read it; Excel date cells become ISO dates or date-times. */
export function excelCellText(value: ExcelJS.CellValue, fieldType: FieldType | undefined): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) {
    const date = `${value.getUTCFullYear()}-${pad2(value.getUTCMonth() + 1)}-${pad2(value.getUTCDate())}`;
    if (fieldType === "datetime")
      return `${date}T${pad2(value.getUTCHours())}:${pad2(value.getUTCMinutes())}:${pad2(value.getUTCSeconds())}`;
    return date;
  }
  if (typeof value === "number" && (fieldType === "date" || fieldType === "datetime") && value > 0 && value < 2958466) {
    // An Excel date is a serial day number; the reader only sees a Date when it has read the cell's style first,
    // which a streamed workbook does not promise, so a bare number in a date field is read as the serial it is.
    return excelCellText(excelSerialToDate(value), fieldType);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((r) => r.text).join("");
    if ("result" in value) return excelCellText(value.result as ExcelJS.CellValue, fieldType);
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

/**
 * Loads the first sheet (or the sheet named after the dataset) of an XLSX file into `raw`, streaming, so
 * large workbooks do not have to fit in memory. Excel's row numbers give the data-row numbers. `raw` is as wide
 * as the header; a row with values beyond it is kept out and returned as a structural reject, as for CSV.
 */
export async function loadXlsx(db: Db, path: string, spec: DatasetSpec): Promise<RawExport> {
  const createRaw = (width: number) =>
    run(db, `create or replace temp table raw (row_no integer${Array.from({ length: width }, (_, i) => `, c${i} varchar`).join("")})`);
  await createRaw(0);
  let header: string[] = [];
  let chosen = false;
  let sheetIndex = 0;
  const structuralRejects: StructuralReject[] = [];
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: "emit",
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    entries: "ignore",
  });
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
    const isNamedSheet = (sheet.name ?? "").trim().toLowerCase() === spec.name;
    const useSheet = isNamedSheet || (sheetIndex === 0 && !chosen);
    sheetIndex++;
    if (!useSheet || (chosen && !isNamedSheet)) {
      for await (const _row of sheet) void _row; // drain: the reader needs each sheet consumed in turn
      continue;
    }
    chosen = true; // a later sheet named after the dataset wins over the first sheet
    header = [];
    structuralRejects.length = 0;
    let fieldTypes: (FieldType | undefined)[] = [];
    let appender: Awaited<ReturnType<typeof db.connection.createAppender>> | null = null;
    try {
      for await (const row of sheet) {
        const values = (row.values as ExcelJS.CellValue[]).slice(1);
        if (!appender) {
          // Row 1 is the header; a sheet whose row 1 is blank has none (and is refused as empty).
          if (row.number === 1) {
            header = values.map((v) => (excelCellText(v, "text") ?? "").trim());
            while (header.length && !header.at(-1)) header.pop();
            fieldTypes = header.map((h) => spec.fields.find((f) => f.name === h.toLowerCase())?.type);
          }
          await createRaw(header.length);
          appender = await db.connection.createAppender("raw", "main", "temp");
          if (row.number === 1) continue;
        }
        const texts = values.map((v, i) => excelCellText(v, fieldTypes[i]));
        if (texts.every((t) => t === null || t.trim() === "")) continue;
        if (texts.slice(header.length).some((t) => t !== null && t.trim() !== "")) {
          structuralRejects.push({ row: row.number - 1, message: "the row has values in columns that have no header" });
          continue;
        }
        appender.appendInteger(row.number - 1);
        for (let i = 0; i < header.length; i++) {
          const t = texts[i];
          if (t === null || t === undefined) appender.appendNull();
          else appender.appendVarchar(t);
        }
        appender.endRow();
      }
    } finally {
      appender?.closeSync();
    }
    if (isNamedSheet) break;
  }
  await run(db, "create or replace temp view raw_rows as select * from raw");
  const { n } = await one<{ n: number }>(db, "select count(*)::integer as n from raw");
  return { header, encoding: "xlsx", rowsInTable: n, structuralRejects };
}
