import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import type { DatasetSpec } from "./contract/dataset-spec.ts";
import { type DatasetName, datasetSpec } from "./contract/datasets/index.ts";
import type { ExportFile } from "./discover.ts";
import { type Db, one, run } from "./duckdb.ts";
import { KEY_FIELDS, describeIdentifierFindings, findIdentifierValues, identifierHeaders } from "./identifiers.ts";
import { type RawExport, loadCsv, loadXlsx, readCsvHeader } from "./read-export.ts";
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

async function readRaw(db: Db, file: ExportFile, spec: DatasetSpec, tempDir: string, scanTag: string): Promise<RawExport> {
  if (file.format === "xlsx") return loadXlsx(db, file.absolutePath, spec);
  const header = readCsvHeader(file.absolutePath);
  if (!header.length) return { header, encoding: "utf-8", rowsInTable: 0, structuralRejects: [] };
  return loadCsv(db, file.absolutePath, Math.max(header.length, 1), tempDir, scanTag);
}

export async function loadExportFile(db: Db, file: ExportFile, fileId: number, tempDir: string, knownSha256?: string): Promise<FileResult> {
  const sha256 = knownSha256 ?? (await sha256File(file.absolutePath));
  const base = { fileId, file, sha256, fileWarnings: [] as FileIssue[], structuralErrors: [] as FileIssue[] };
  if (file.refusal) {
    return { ...base, encoding: null, status: "refused", reason: file.refusal, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };
  }
  const spec = datasetSpec(file.dataset as DatasetName);
  let raw: RawExport;
  try {
    raw = await readRaw(db, file, spec, tempDir, `f${fileId}`);
  } catch (e) {
    return { ...base, encoding: null, status: "refused", reason: `the file cannot be read as ${file.format?.toUpperCase()}: ${(e as Error).message.split("\n")[0]}`, rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 };
  }
  const rowsRead = raw.rowsInTable + raw.structuralRejects.length;
  const refuse = (reason: string): FileResult => ({
    ...base, encoding: raw.encoding, status: "refused", reason, rowsRead, rowsLoaded: 0, rowsRejected: rowsRead,
  });
  if (!raw.header.length) return refuse("the file is empty: it has no header row");

  const mapped = mapHeader(raw.header, spec);
  const headerIdentifiers = identifierHeaders(raw.header);
  if (headerIdentifiers.length) return refuse(describeIdentifierFindings(headerIdentifiers, [])!);
  if (mapped.duplicated.length) return refuse(`column ${mapped.duplicated.join(", ")} appears more than once in the header`);
  if (mapped.missingRequired.length)
    return refuse(`the header lacks required column(s) ${mapped.missingRequired.join(", ")} (it has: ${raw.header.join(", ")})`);

  const fileWarnings: FileIssue[] = [
    ...mapped.unknown.map((c) => ({ row: 0, field: c, message: `unknown column '${c}' is not in the contract for ${spec.name}: ignored` })),
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
