import { createReadStream, createWriteStream, openSync, readSync, closeSync } from "node:fs";
import { pipeline } from "node:stream/promises";
import { isUtf8 } from "node:buffer";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { parse as parseCsv } from "csv-parse/sync";
import type { DatasetSpec, FieldType } from "./contract/dataset-spec.ts";
import { type Db, one, rows, run } from "./duckdb.ts";
import { openWorkbook } from "./xlsx-workbook.ts";

/**
 * Reads one export file, as the partner sent it, into a temporary all-text table (`raw`, or a name of the
 * caller's, so several files can wait for one check) with one column per header cell (`c0`, `c1`, …), seen
 * through the view `<name>_rows` that adds the 1-based `row_no` (the header is row 0). Nothing is checked here but
 * the file's shape: rows the CSV reader cannot split are returned as structural rejects, so that
 * rows read = rows in `raw` + structural rejects.
 */

/** The temporary tables and view one read file is held in. */
export function rawTables(name = "raw") {
  return { table: name, rows: `${name}_rows`, positions: `${name}_rejected_positions`, steps: `${name}_rejected_steps` };
}

/** Drops what `loadCsv` or `loadXlsx` made for one file. */
export async function dropRawTables(db: Db, name = "raw"): Promise<void> {
  const t = rawTables(name);
  await run(db, `drop view if exists ${t.rows}; drop table if exists ${t.steps}; drop table if exists ${t.positions}; drop table if exists ${t.table}`);
}

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

/**
 * A file that is text but not a comma-separated export of ours, told from its first line alone: UTF-16 (Excel's
 * "Unicode text"), or values separated by semicolons or tabs. Refused whole, without showing its first line
 * (which may be a record).
 */
export function csvLayoutProblem(path: string): string | null {
  const head = readHead(path);
  const utf16Bom = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  const newline = head.indexOf(0x0a);
  const firstLine = newline >= 0 ? head.subarray(0, newline) : head;
  if (utf16Bom || firstLine.includes(0x00))
    return "the file is UTF-16 text (Excel's \"Unicode text\"), not a CSV in UTF-8 or Windows-1252: save it as \"CSV UTF-8 (comma delimited)\" and send it again";
  if (!firstLine.includes(0x2c)) {
    const separator = firstLine.includes(0x3b) ? "semicolons" : firstLine.includes(0x09) ? "tabs" : null;
    if (separator)
      return `the file's values are separated by ${separator}, not commas: save it as "CSV UTF-8 (comma delimited)" and send it again`;
  }
  return null;
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

/** A line longer than this is not a record of ours (no contract row comes near it): most likely an unclosed quote. */
export const MAX_LINE_BYTES = 1 << 20;

/** What the byte scan of a CSV found: the file's physical records and the lines the CSV reader must not see. */
export interface CsvLineScan {
  /** non-blank lines after the header: what the partner's file holds, and what rowsRead must equal */
  records: number;
  /** data rows (1-based, the header is row 0) that cannot be a record, with the reason */
  badRows: StructuralReject[];
  /** data rows that are blank lines (the reader skips them; row numbers still count them) */
  blankRows: number[];
}

const NEWLINE = 0x0a;
const QUOTE = 0x22;
const CARRIAGE_RETURN = 0x0d;

/**
 * Reads the file's bytes once and finds its physical lines. A record is one line (no field of the contract can
 * hold a line break), so a line whose double quotes do not pair up, or one too long to be a record, is reported
 * as that row, and the CSV reader never gets to run it on into the rows after it. DuckDB cannot do this: it
 * follows an open quote to the end of the file and drops a line beyond its buffer without a reject.
 */
export async function scanCsvLines(path: string): Promise<CsvLineScan> {
  const badRows: StructuralReject[] = [];
  const blankRows: number[] = [];
  let line = 0; // physical line being read, 0 = header
  let length = 0;
  let quotes = 0;
  let blank = true; // nothing but a line ending so far (\r, or the NUL after a UTF-16 newline)
  let records = 0;
  const endLine = () => {
    if (line > 0) {
      if (blank) blankRows.push(line);
      else {
        records++;
        if (length > MAX_LINE_BYTES)
          badRows.push({ row: line, message: `the row is ${(length / 1048576).toFixed(0)} MB long, too long to be a record (an unclosed quote, or a file that is not a CSV export?)` });
        else if (quotes % 2 === 1)
          badRows.push({ row: line, message: "a double quote opened on this row is not closed on it: quote the whole value or remove the quote (a value cannot run over several rows)" });
      }
    }
    line++;
    length = 0;
    quotes = 0;
    blank = true;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    // The chunk's next double quote, found once and kept across the lines before it: searching afresh on every
    // line would read on to the end of the chunk each time (a file without quotes took 14 s for 1.5 M lines).
    let nextQuote = chunk.indexOf(QUOTE);
    while (start <= chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline < 0 ? chunk.length : newline;
      if (end > start) {
        length += end - start;
        if (blank) blank = length <= 2 && chunk.subarray(start, end).every((b) => b === CARRIAGE_RETURN || b === 0);
        for (; nextQuote >= 0 && nextQuote < end; nextQuote = chunk.indexOf(QUOTE, nextQuote + 1)) quotes++;
      }
      if (newline < 0) break;
      endLine();
      start = newline + 1;
    }
  }
  if (length > 0) endLine();
  return { records, badRows, blankRows };
}

/** Line by line copy of the file without its bad rows (the scan reports them; the reader never sees them). */
async function withBadRowsDropped(path: string, target: string, badRows: StructuralReject[]): Promise<void> {
  const bad = new Set(badRows.map((r) => r.row));
  const out = createWriteStream(target);
  let line = 0;
  const write = (part: Buffer) => (out.write(part) ? Promise.resolve() : new Promise<void>((done) => out.once("drain", () => done())));
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, start);
      const end = newline < 0 ? chunk.length : newline + 1;
      if (!bad.has(line)) await write(chunk.subarray(start, end));
      if (newline < 0) break;
      line++;
      start = end;
    }
  }
  await new Promise<void>((done, fail) => out.end((e?: Error | null) => (e ? fail(e) : done())));
}

/**
 * The data rows of the file that rows of the copy without `dropped` (sorted) were: the c-th row of the copy is
 * the c-th row of the file not dropped. `rows` ascending; one pass over both lists.
 */
export function rowsBeforeDropping(rows: number[], dropped: number[]): number[] {
  let j = 0;
  return rows.map((c) => {
    while (j < dropped.length && dropped[j]! <= c + j) j++;
    return c + j;
  });
}

/**
 * Loads a CSV into `raw`. DuckDB's own reader does the parsing (in parallel); we only name the columns and
 * turn its reject log into row numbers and plain words. The byte scan's bad rows are left out of the copy the
 * reader gets (a placeholder line for each made DuckDB keep a reject per bad row, and at 750,000 of them it lost
 * some) and reported with the scan's reason.
 */
export async function loadCsv(db: Db, path: string, columnCount: number, tempDir: string, scanTag: string, scan: CsvLineScan, name = "raw"): Promise<RawExport> {
  const t = rawTables(name);
  const header = readCsvHeader(path);
  const attempt = async (file: string) => {
    const columns = `{${Array.from({ length: columnCount }, (_, i) => `'c${i}': 'VARCHAR'`).join(", ")}}`;
    await run(db, `drop table if exists ${t.table}; drop table if exists rejects_${scanTag}; drop table if exists rejscan_${scanTag}`);
    await run(
      db,
      `create temp table ${t.table} as
       select * from read_csv($path, header = true, columns = ${columns}, auto_detect = false, delim = ',',
         quote = '"', escape = '"', store_rejects = true, rejects_table = 'rejects_${scanTag}',
         rejects_scan = 'rejscan_${scanTag}', max_line_size = ${2 * MAX_LINE_BYTES})`,
      { path: file },
    );
    return rows<{ line: bigint | number; error_type: string; error_message: string }>(
      db,
      `select line, min(error_type) as error_type, min(error_message) as error_message
         from rejects_${scanTag} group by line order by line`,
    );
  };
  let source = path;
  if (scan.badRows.length) {
    source = `${tempDir}/${scanTag}.lines.csv`;
    await withBadRowsDropped(path, source, scan.badRows);
  }
  let encoding: RawExport["encoding"] = "utf-8";
  let rejects = await attempt(source);
  if (rejects.some((r) => r.error_type === "INVALID ENCODING")) {
    // What Excel saves as "CSV" on Windows: re-read the whole file as Windows-1252.
    const utf8Copy = `${tempDir}/${scanTag}.utf8.csv`;
    await transcodeWindows1252(source, utf8Copy);
    rejects = await attempt(utf8Copy);
    encoding = "windows-1252";
  }
  // The reader's line numbers are the copy's: back to the file's rows, past the rows left out.
  const dropped = scan.badRows.map((r) => r.row);
  const readerRows = rowsBeforeDropping(rejects.map((r) => Number(r.line) - 1), dropped);
  const structuralRejects: StructuralReject[] = [
    ...scan.badRows,
    ...rejects.map((r, i) => ({ row: readerRows[i]!, message: describeCsvError(r.error_type, r.error_message) })),
  ].sort((a, b) => a.row - b.row);
  await numberRawRows(db, [...new Set([...structuralRejects.map((r) => r.row), ...scan.blankRows])].sort((a, b) => a - b), name);
  await run(db, `drop table if exists rejects_${scanTag}; drop table if exists rejscan_${scanTag}`);
  const { n } = await one<{ n: number }>(db, `select count(*)::integer as n from ${t.table}`);
  return { header, encoding, rowsInTable: n, structuralRejects };
}

/**
 * Gives each loaded row its data-row number: its position in the file counting the rows the reader rejected
 * (which DuckDB reports by line), so a partner can find it. A view, so big files are not copied again.
 */
async function numberRawRows(db: Db, rejectedRows: number[], name: string): Promise<void> {
  const t = rawTables(name);
  if (!rejectedRows.length) {
    await run(db, `create or replace temp view ${t.rows} as select (rowid + 1)::integer as row_no, * from ${t.table}`);
    return;
  }
  await run(
    db,
    `create or replace temp table ${t.positions} as
     select unnest(l) as data_row, unnest(range(1, len(l) + 1)) as idx from (select from_json($rows, '["integer"]') as l)`,
    { rows: JSON.stringify(rejectedRows) },
  );
  // Row r (0-based) of `raw` is data row r + 1 + the number of rejected rows before it: those whose
  // data_row - idx (never decreasing with idx) is at most r. One step per value of data_row - idx and an as-of
  // join find it for every row at once; a count per row (as first written) grew with the square of the rejects
  // (100,000 rows, half of them rejected: 43 s).
  await run(
    db,
    `create or replace temp table ${t.steps} as
     select data_row - idx as k, max(idx) as n from ${t.positions} group by all`,
  );
  await run(
    db,
    `create or replace temp view ${t.rows} as
     select (r.rowid + 1 + coalesce(s.n, 0))::integer as row_no, r.*
     from ${t.table} r asof left join ${t.steps} s on r.rowid + 1 > s.k`,
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

/** The sheet an export is read from: the one named after its dataset (any case, spaces trimmed), else the first. */
export function exportSheetName(sheetNames: string[], dataset: string): string | undefined {
  return sheetNames.find((name) => name.trim().toLowerCase() === dataset) ?? sheetNames[0];
}

/**
 * Loads the first sheet (or the sheet named after the dataset) of an XLSX file into `raw`, streaming, so
 * large workbooks do not have to fit in memory. Excel's row numbers give the data-row numbers. `raw` is as wide
 * as the header; a row with values beyond it is kept out and returned as a structural reject, as for CSV.
 */
export async function loadXlsx(db: Db, path: string, spec: DatasetSpec, name = "raw"): Promise<RawExport> {
  const t = rawTables(name);
  const createRaw = (width: number) =>
    run(db, `create or replace temp table ${t.table} (row_no integer${Array.from({ length: width }, (_, i) => `, c${i} varchar`).join("")})`);
  await createRaw(0);
  let header: string[] = [];
  const structuralRejects: StructuralReject[] = [];
  const workbook = await openWorkbook(path, { styles: "cache" });
  const sheetName = exportSheetName(workbook.sheetNames, spec.name);
  let fieldTypes: (FieldType | undefined)[] = [];
  let appender: Awaited<ReturnType<typeof db.connection.createAppender>> | null = null;
  try {
    for await (const row of sheetName === undefined ? [] : workbook.rows(sheetName)) {
      const values = (row.values as ExcelJS.CellValue[]).slice(1);
      if (!appender) {
        // Row 1 is the header; a sheet whose row 1 is blank has none (and is refused as empty).
        if (row.number === 1) {
          header = values.map((v) => (excelCellText(v, "text") ?? "").trim());
          while (header.length && !header.at(-1)) header.pop();
          fieldTypes = header.map((h) => spec.fields.find((f) => f.name === h.toLowerCase())?.type);
        }
        await createRaw(header.length);
        appender = await db.connection.createAppender(t.table, "main", "temp");
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
  await run(db, `create or replace temp view ${t.rows} as select * from ${t.table}`);
  const { n } = await one<{ n: number }>(db, `select count(*)::integer as n from ${t.table}`);
  return { header, encoding: "xlsx", rowsInTable: n, structuralRejects };
}
