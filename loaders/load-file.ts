import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DatasetSpec } from "./contract/dataset-spec.ts";
import { type DatasetName, datasetSpec } from "./contract/datasets/index.ts";
import type { ExportFile } from "./discover.ts";
import { type Db, one, run } from "./duckdb.ts";
import { KEY_FIELDS, describeIdentifierFindings, findIdentifierValues, identifierHeaders, identifierIn } from "./identifiers.ts";
import { type RawExport, csvLayoutProblem, loadCsv, loadXlsx, readCsvHeader, scanCsvLines } from "./read-export.ts";
import { type ColumnMap, buildCheckQuery } from "./row-checks.ts";
import { settleCheckedRows, stagedFileTable } from "./staging.ts";

/** One export file through the checks into staging: read, refuse or check, stage, account for every row. */

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
async function readRaw(db: Db, file: ExportFile, spec: DatasetSpec, tempDir: string, scanTag: string): Promise<{ raw: RawExport; records: number; layoutProblem: string | null }> {
  if (file.format === "xlsx") {
    const raw = await loadXlsx(db, file.absolutePath, spec);
    return { raw, records: raw.rowsInTable + raw.structuralRejects.length, layoutProblem: null };
  }
  const scan = await scanCsvLines(file.absolutePath);
  const empty: RawExport = { header: [], encoding: "utf-8", rowsInTable: 0, structuralRejects: [] };
  const layoutProblem = csvLayoutProblem(file.absolutePath);
  if (layoutProblem) return { raw: empty, records: scan.records, layoutProblem };
  const header = readCsvHeader(file.absolutePath);
  if (!header.length) return { raw: { ...empty, header }, records: scan.records, layoutProblem: null };
  return { raw: await loadCsv(db, file.absolutePath, Math.max(header.length, 1), tempDir, scanTag, scan), records: scan.records, layoutProblem: null };
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

export async function loadExportFile(db: Db, file: ExportFile, fileId: number, tempDir: string, knownSha256?: string): Promise<FileResult> {
  const sha256 = knownSha256 ?? (await sha256File(file.absolutePath));
  const base = { fileId, file, sha256, fileWarnings: [] as FileIssue[], structuralErrors: [] as FileIssue[] };
  if (file.refusal) {
    return { ...base, encoding: null, status: "refused", reason: file.refusal, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };
  }
  const spec = datasetSpec(file.dataset as DatasetName);
  let raw: RawExport;
  let rowsRead: number;
  let layoutProblem: string | null;
  try {
    ({ raw, records: rowsRead, layoutProblem } = await readRaw(db, file, spec, tempDir, `f${fileId}`));
  } catch (e) {
    // The reader's message may quote the file's bytes: shown only when it holds no identifier.
    const message = (e as Error).message.split("\n")[0] ?? "";
    const shown = identifierIn(message) ? `${(e as Error).name}; the reader's message is not shown as it may quote the file` : message;
    return { ...base, encoding: null, status: "refused", reason: `the file cannot be read as ${file.format?.toUpperCase()}: ${shown}`, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };
  }
  const refuse = (reason: string): FileResult => ({
    ...base, encoding: raw.encoding, status: "refused", reason, rowsRead, rowsLoaded: 0, rowsRejected: rowsRead,
  });
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
  const target = stagedFileTable(fileId);
  const checkQuery = buildCheckQuery({ spec, columns: mapped.columns, target });
  const periodParams = { period_start: file.quarter!.start, period_end: file.quarter!.end, period_label: file.period };
  // DuckDB refuses named parameters a statement does not use; snapshot datasets have no period rule.
  await run(db, checkQuery, checkQuery.includes("$period_") ? periodParams : undefined);
  const keyFields = KEY_FIELDS.filter((f) => spec.fields.some((field) => field.name === f));
  const identifierReason = describeIdentifierFindings([], await findIdentifierValues(db, target, keyFields));
  if (identifierReason) {
    await run(db, `drop table ${target}; drop view if exists raw_rows; drop table if exists raw`);
    return refuse(identifierReason);
  }
  const counts = await one<{ rejected: number; loaded: number }>(
    db,
    `select count(*) filter (where len(errors) > 0)::integer as rejected, count(*) filter (where len(errors) = 0)::integer as loaded from ${target}`,
  );
  await settleCheckedRows(db, fileId);
  await run(db, "drop view if exists raw_rows; drop table if exists raw");
  return {
    ...base,
    encoding: raw.encoding,
    status: "loaded",
    reason: null,
    rowsRead,
    rowsLoaded: counts.loaded,
    rowsRejected: counts.rejected + raw.structuralRejects.length,
    fileWarnings,
    structuralErrors: raw.structuralRejects.map((r) => ({ row: r.row, field: null, message: r.message })),
  };
}
