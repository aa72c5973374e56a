import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DatasetSpec } from "./contract/dataset-spec.ts";
import { type DatasetName, datasetSpec } from "./contract/datasets/index.ts";
import type { ExportFile } from "./discover.ts";
import { type Db, ident, rows, run } from "./duckdb.ts";
import { KEY_FIELDS, describeIdentifierFindings, findIdentifierValues, identifierHeaders, identifierIn } from "./identifiers.ts";
import { type RawExport, csvLayoutProblem, dropRawTables, loadCsv, loadXlsx, rawTables, readCsvHeader, scanCsvLines } from "./read-export.ts";
import { type ColumnMap, buildCheckQuery, sentColumn } from "./row-checks.ts";
import { settleCheckedRows } from "./staging.ts";

/**
 * Export files through the checks into staging: each file read and its shape and header judged on its own
 * (`readExportFile`), then a batch of one dataset's files checked row by row in one statement and staged
 * (`checkReadFiles`); every row is accounted for.
 */

export interface FileIssue {
  row: number;
  field: string | null;
  message: string;
}

export interface FileResult {
  fileId: number;
  file: ExportFile;
  sha256: string;
  encoding: string | null;
  status: "loaded" | "refused";
  reason: string | null;
  rowsRead: number;
  rowsLoaded: number;
  rowsRejected: number;
  /** file-level warnings (unknown columns, optional columns missing); row warnings stay in the database */
  fileWarnings: FileIssue[];
  /** structural rejects found by the CSV reader; row rule errors stay in the database */
  structuralErrors: FileIssue[];
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Matches header cells to contract fields, ignoring case and surrounding spaces. */
export function mapHeader(header: string[], spec: DatasetSpec): { columns: ColumnMap; unknown: string[]; duplicated: string[]; missingRequired: string[]; missingOptional: string[] } {
  const columns: ColumnMap = Object.fromEntries(spec.fields.map((f) => [f.name, null]));
  const unknown: string[] = [];
  const duplicated: string[] = [];
  header.forEach((cell, i) => {
    const name = cell.trim().toLowerCase();
    if (!(name in columns)) {
      if (name) unknown.push(cell);
      return;
    }
    if (columns[name]) duplicated.push(name);
    else columns[name] = `c${i}`;
  });
  const missingRequired = spec.fields.filter((f) => f.required && !columns[f.name]).map((f) => f.name);
  const missingOptional = spec.fields.filter((f) => !f.required && !columns[f.name]).map((f) => f.name);
  return { columns, unknown, duplicated, missingRequired, missingOptional };
}

/** The raw table and the number of records the file holds (for a CSV, its non-blank lines after the header). */
async function readRaw(db: Db, file: ExportFile, spec: DatasetSpec, tempDir: string, scanTag: string, rawName: string): Promise<{ raw: RawExport; records: number; layoutProblem: string | null }> {
  if (file.format === "xlsx") {
    const raw = await loadXlsx(db, file.absolutePath, spec, rawName);
    return { raw, records: raw.rowsInTable + raw.structuralRejects.length, layoutProblem: null };
  }
  const scan = await scanCsvLines(file.absolutePath);
  const empty: RawExport = { header: [], encoding: "utf-8", rowsInTable: 0, structuralRejects: [] };
  const layoutProblem = csvLayoutProblem(file.absolutePath);
  if (layoutProblem) return { raw: empty, records: scan.records, layoutProblem };
  const header = readCsvHeader(file.absolutePath);
  if (!header.length) return { raw: { ...empty, header }, records: scan.records, layoutProblem: null };
  return { raw: await loadCsv(db, file.absolutePath, Math.max(header.length, 1), tempDir, scanTag, scan, rawName), records: scan.records, layoutProblem: null };
}

/**
 * Why a header is not the dataset's, in words that never repeat a cell that is not a contract field: a file sent
 * without its header row has a record there, NHS number and all.
 */
export function describeHeaderProblem(header: string[], missingRequired: string[], spec: DatasetSpec): string {
  const known = header.filter((h) => spec.fields.some((f) => f.name === h.trim().toLowerCase()));
  const others = header.length - known.length;
  const lacking = `the header lacks required column(s) ${missingRequired.join(", ")}`;
  if (!known.length)
    return `${lacking}: its first row has none of the ${spec.name} column names, so it looks like a record, not a header (is the header row missing?). Its ${header.length} cell(s) are not shown.`;
  return `${lacking} (it has: ${known.join(", ")}${others ? `, and ${others} other cell(s), not shown` : ""})`;
}

/** The name of an unknown column as the report may show it: a name that holds an identifier is described instead. */
function shownColumnName(cell: string): string {
  const looks = identifierIn(cell);
  return looks ? `(a column whose name looks like ${looks}, not shown)` : `'${cell}'`;
}

/** A file read and its header accepted, waiting in its raw table to be checked with the rest of its batch. */
export interface ReadFile {
  base: Pick<FileResult, "fileId" | "file" | "sha256" | "encoding" | "rowsRead" | "fileWarnings" | "structuralErrors">;
  spec: DatasetSpec;
  columns: ColumnMap;
  /** the name its raw tables go by (`rawTables`) */
  rawName: string;
  rowsInTable: number;
}

/** What reading a file gives: refused already (by its shape, header or format), or waiting to be checked. */
export type ReadOutcome = { refused: FileResult } | { read: ReadFile };

const rawNameOf = (fileId: number) => `raw_f${fileId}`;

/**
 * Reads one export file into its own raw table and judges what needs no row check: the file's format and
 * layout, that every record was read, and its header. Its rows wait for `checkReadFiles`.
 */
export async function readExportFile(db: Db, file: ExportFile, fileId: number, tempDir: string, knownSha256?: string): Promise<ReadOutcome> {
  const sha256 = knownSha256 ?? (await sha256File(file.absolutePath));
  const base = { fileId, file, sha256, fileWarnings: [] as FileIssue[], structuralErrors: [] as FileIssue[] };
  if (file.refusal) {
    return { refused: { ...base, encoding: null, status: "refused", reason: file.refusal, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 } };
  }
  const spec = datasetSpec(file.dataset as DatasetName);
  const rawName = rawNameOf(fileId);
  let raw: RawExport;
  let rowsRead: number;
  let layoutProblem: string | null;
  try {
    ({ raw, records: rowsRead, layoutProblem } = await readRaw(db, file, spec, tempDir, `f${fileId}`, rawName));
  } catch (e) {
    await dropRawTables(db, rawName);
    // The reader's message may quote the file's bytes: shown only when it holds no identifier.
    const message = (e as Error).message.split("\n")[0] ?? "";
    const shown = identifierIn(message) ? `${(e as Error).name}; the reader's message is not shown as it may quote the file` : message;
    return { refused: { ...base, encoding: null, status: "refused", reason: `the file cannot be read as ${file.format?.toUpperCase()}: ${shown}`, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 } };
  }
  const refuse = async (reason: string): Promise<ReadOutcome> => {
    await dropRawTables(db, rawName);
    return { refused: { ...base, encoding: raw.encoding, status: "refused", reason, rowsRead, rowsLoaded: 0, rowsRejected: rowsRead } };
  };
  if (layoutProblem) return refuse(layoutProblem);
  if (!raw.header.length) return refuse("the file is empty: it has no header row");
  // Every record is loaded or reported: a reader that accounted for fewer rows than the file holds loses none.
  if (raw.rowsInTable + raw.structuralRejects.length !== rowsRead)
    return refuse(`the file has ${rowsRead} row(s) but only ${raw.rowsInTable + raw.structuralRejects.length} could be read as CSV records; nothing from it is loaded`);

  const mapped = mapHeader(raw.header, spec);
  const headerIdentifiers = identifierHeaders(raw.header);
  if (headerIdentifiers.length) return refuse(describeIdentifierFindings(headerIdentifiers, [])!);
  if (mapped.duplicated.length) return refuse(`column ${mapped.duplicated.join(", ")} appears more than once in the header`);
  if (mapped.missingRequired.length)
    return refuse(describeHeaderProblem(raw.header, mapped.missingRequired, spec));

  const fileWarnings: FileIssue[] = [
    ...mapped.unknown.map((c) => ({ row: 0, field: identifierIn(c) ? null : c, message: `unknown column ${shownColumnName(c)} is not in the contract for ${spec.name}: ignored` })),
    ...mapped.missingOptional.map((c) => ({ row: 0, field: c, message: `optional column ${c} is missing: loaded as blank` })),
  ];
  return {
    read: {
      base: { ...base, encoding: raw.encoding, rowsRead, fileWarnings, structuralErrors: raw.structuralRejects.map((r) => ({ row: r.row, field: null, message: r.message })) },
      spec,
      columns: mapped.columns,
      rawName,
      rowsInTable: raw.rowsInTable,
    },
  };
}

const CHECK_SOURCE = "check_source";
const CHECK_FILES = "check_files";
const CHECKED = "checked_rows";

/** One file's raw rows as the check reads them: its file id, and its values under the contract's field names. */
export function checkSourceSelect(spec: DatasetSpec, fileId: number, columns: ColumnMap, rawRows: string): string {
  const values = spec.fields.map((field) => `${columns[field.name] ? ident(columns[field.name]!) : "null::varchar"} as ${ident(sentColumn(field.name))}`);
  return `select ${fileId}::integer as file_id, row_no, ${values.join(", ")} from ${rawRows}`;
}

/** Every read file's rows in one relation to check. */
function checkSourceSql(spec: DatasetSpec, files: ReadFile[]): string {
  const selects = files.map((f) => checkSourceSelect(spec, f.base.fileId, f.columns, rawTables(f.rawName).rows));
  return `create or replace temp view ${CHECK_SOURCE} as\n${selects.join("\nunion all\n")}`;
}

/** What the check found in each file of a batch, in one pass over the checked rows. */
const CHECKED_COUNTS_SQL = `
select file_id,
  count(*) filter (where len(errors) > 0)::integer as rejected,
  count(*) filter (where len(errors) = 0)::integer as loaded
from ${CHECKED} group by file_id`;

/**
 * Checks the rows of read files of one dataset in one statement (see `buildCheckQuery`), then settles each file:
 * refused whole when a key is a direct identifier, else its rows that broke no rule staged (in its dataset's
 * staging table) and every issue recorded. Drops the files' raw tables. Results come in the order of `files`.
 */
export async function checkReadFiles(db: Db, spec: DatasetSpec, files: ReadFile[]): Promise<FileResult[]> {
  if (!files.length) return [];
  await run(db, checkSourceSql(spec, files));
  await run(db, `create or replace temp table ${CHECK_FILES} (file_id integer, period_start varchar, period_end varchar, period_label varchar)`);
  await run(
    db,
    `insert into ${CHECK_FILES} select (f->>'file_id')::integer, f->>'period_start', f->>'period_end', f->>'period_label' from (select unnest(from_json($files, '["json"]')) as f)`,
    { files: JSON.stringify(files.map((f) => ({ file_id: f.base.fileId, period_start: f.base.file.quarter!.start, period_end: f.base.file.quarter!.end, period_label: f.base.file.period }))) },
  );
  await run(db, buildCheckQuery({ spec, source: CHECK_SOURCE, files: CHECK_FILES, target: CHECKED }));
  const keyFields = KEY_FIELDS.filter((f) => spec.fields.some((field) => field.name === f));
  const identifiers = await findIdentifierValues(db, CHECKED, keyFields);
  const counts = new Map((await rows<{ file_id: number; rejected: number; loaded: number }>(db, CHECKED_COUNTS_SQL)).map((c) => [c.file_id, c]));
  await settleCheckedRows(db, spec, CHECKED, files.map((f) => f.base.fileId).filter((id) => !identifiers.has(id)));
  const results = files.map((f): FileResult => {
    const identifierReason = describeIdentifierFindings([], identifiers.get(f.base.fileId) ?? []);
    if (identifierReason)
      return { ...f.base, fileWarnings: [], structuralErrors: [], status: "refused", reason: identifierReason, rowsLoaded: 0, rowsRejected: f.base.rowsRead };
    const c = counts.get(f.base.fileId) ?? { rejected: 0, loaded: 0 };
    return { ...f.base, status: "loaded", reason: null, rowsLoaded: c.loaded, rowsRejected: c.rejected + f.base.structuralErrors.length };
  });
  await run(db, `drop table ${CHECKED}; drop view ${CHECK_SOURCE}; drop table ${CHECK_FILES}`);
  for (const f of files) await dropRawTables(db, f.rawName);
  return results;
}
