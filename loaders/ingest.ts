import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AllianceConfig } from "./contract/config.ts";
import { quartersBetween, submissionDueDate } from "./contract/periods.ts";
import { type ExportFile, discoverExports } from "./discover.ts";
import { type Db, closeDb, openDb, rows, run } from "./duckdb.ts";
import { type FileResult, loadExportFile } from "./load-file.ts";
import { type FileReport, type IngestReport, type ReportIssue, totalsOf } from "./report.ts";
import { createLoadTables, createStagingViews } from "./staging.ts";

/**
 * exports -> checks -> staging -> linked core model, in one DuckDB file. The database is built in a temporary
 * file beside the target and swapped in only when everything succeeded, so a failed ingest leaves the previous
 * database untouched.
 */

export class UsageError extends Error {}

export interface IngestProgress {
  filesDone: number;
  filesTotal: number;
  rowsDone: number;
  currentFile: string;
}

export interface IngestOptions {
  config: AllianceConfig;
  exportsDir: string;
  /** null: check only, nothing is kept */
  dbPath: string | null;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestResult {
  report: IngestReport;
  /** writes the rejected rows (file, row, field, message) as CSV */
  rejectedRowsCsv: string;
}

const CORE_DIR = join(dirname(fileURLToPath(import.meta.url)), "core");

interface LoggedSubmission {
  partner: string;
  period: string;
  dataset: string;
  sha256: string;
  first_loaded_at: string | null;
}

async function readPreviousLog(dbPath: string | null): Promise<LoggedSubmission[]> {
  if (!dbPath || !existsSync(dbPath)) return [];
  let db: Db | null = null;
  try {
    db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    return await rows<LoggedSubmission>(
      db,
      "select partner, period, dataset, sha256, strftime(first_loaded_at, '%Y-%m-%dT%H:%M:%S') as first_loaded_at from submission_log",
    );
  } catch (e) {
    throw new UsageError(`cannot read the existing database ${dbPath} to compare submissions: ${(e as Error).message.split("\n")[0]}`);
  } finally {
    if (db) closeDb(db);
  }
}

async function createConfigTables(db: Db, config: AllianceConfig, lastPeriodEnd: string | null): Promise<void> {
  await run(
    db,
    `create table config_practices (code varchar primary key, name varchar, pcn varchar, locality varchar);
     create table config_localities (code varchar primary key, name varchar);
     create table config_partners (code varchar primary key, name varchar, kind varchar, from_date date, to_date date);
     create table config_partner_datasets (partner varchar, dataset varchar);
     create table config_quarters (period varchar primary key, period_start date, period_end date, due_date date);
     create table meta (key varchar primary key, value varchar);
     create temp view known_practices as select code from config_practices;`,
  );
  const insertJson = (table: string, columns: string, records: unknown[]) =>
    run(db, `insert into ${table} select ${columns} from (select unnest(from_json($json, '["json"]')) as r)`, {
      json: JSON.stringify(records),
    });
  await insertJson("config_practices", "r->>'code', r->>'name', r->>'pcn', r->>'locality'", config.practices);
  await insertJson("config_localities", "r->>'code', r->>'name'", config.localities);
  await insertJson("config_partners", "r->>'code', r->>'name', r->>'kind', (r->>'from')::date, (r->>'to')::date", config.partners);
  await insertJson(
    "config_partner_datasets",
    "r->>'partner', r->>'dataset'",
    config.partners.flatMap((p) => p.datasets.map((dataset) => ({ partner: p.code, dataset }))),
  );
  const quarters = lastPeriodEnd ? quartersBetween(config.dataFrom, lastPeriodEnd) : [];
  await insertJson(
    "config_quarters",
    "r->>'period', (r->>'start')::date, (r->>'end')::date, (r->>'due')::date",
    quarters.map((q) => ({ period: q.label, start: q.start, end: q.end, due: submissionDueDate(q, config.submissions.dueDaysAfterQuarterEnd) })),
  );
  await insertJson("meta", "r->>'key', r->>'value'", [
    { key: "alliance_name", value: config.name },
    { key: "config", value: JSON.stringify({ ...config, configDir: undefined, configPath: undefined }) },
    { key: "data_to_period", value: quarters.at(-1)?.label ?? "" },
  ]);
}

async function recordFile(db: Db, r: FileResult, previous: LoggedSubmission[]): Promise<void> {
  const earlier = previous.find((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset && p.sha256 === r.sha256);
  const resubmitted = previous.some((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset && p.sha256 !== r.sha256);
  await run(
    db,
    `insert into files values ($id, $path, $partner, $period, $dataset, $format, $encoding, $sha, $size, $submitted::timestamp,
       $status, $reason, $read, $loaded, $rejected, (select count(*) from row_issues where file_id = $id and severity = 'warning')::integer + $file_warnings,
       coalesce($first_loaded::timestamp, date_trunc('second', current_timestamp::timestamp)), $resubmitted)`,
    {
      id: r.fileId, path: r.file.path, partner: r.file.partner, period: r.file.period, dataset: r.file.dataset,
      format: r.file.format, encoding: r.encoding, sha: r.sha256, size: r.file.sizeBytes, submitted: r.file.modifiedAt,
      status: r.status, reason: r.reason, read: r.rowsRead, loaded: r.rowsLoaded, rejected: r.rowsRejected,
      file_warnings: r.fileWarnings.length, first_loaded: earlier?.first_loaded_at ?? null, resubmitted,
    },
  );
  for (const issue of [...r.structuralErrors.map((i) => ({ ...i, severity: "error" })), ...r.fileWarnings.map((i) => ({ ...i, severity: "warning" }))])
    await run(db, "insert into row_issues values ($id, $row, $severity, $field, $message)", {
      id: r.fileId, row: issue.row, severity: issue.severity, field: issue.field, message: issue.message,
    });
}

async function writeSubmissionLog(db: Db, previous: LoggedSubmission[]): Promise<void> {
  // Keep earlier versions of every submission (their hashes tell later runs what was replaced), then add this run's.
  await run(
    db,
    `insert into submission_log
     select partner, period, dataset, path, sha256, rows_read, rows_loaded, rows_rejected, submitted_at, first_loaded_at
     from files where status = 'loaded'`,
  );
  const current = await rows<{ k: string }>(db, "select partner || '/' || period || '/' || dataset || '/' || sha256 as k from submission_log");
  const have = new Set(current.map((c) => c.k));
  for (const p of previous) {
    if (have.has(`${p.partner}/${p.period}/${p.dataset}/${p.sha256}`)) continue;
    await run(
      db,
      "insert into submission_log (partner, period, dataset, sha256, first_loaded_at) values ($partner, $period, $dataset, $sha, $first::timestamp)",
      { partner: p.partner, period: p.period, dataset: p.dataset, sha: p.sha256, first: p.first_loaded_at },
    );
  }
}

export async function buildCoreModel(db: Db): Promise<void> {
  for (const file of readdirSync(CORE_DIR).filter((f) => f.endsWith(".sql")).sort())
    await run(db, readFileSync(join(CORE_DIR, file), "utf8"));
}

async function buildReport(db: Db, results: FileResult[], previous: LoggedSubmission[], exportsDir: string): Promise<IngestReport> {
  const issues = await rows<{ file_id: number; row_no: number; severity: string; field: string | null; message: string }>(
    db,
    "select file_id, row_no, severity, field, message from row_issues order by file_id, row_no, severity, field",
  );
  const byFile = new Map<number, { errors: ReportIssue[]; warnings: ReportIssue[] }>();
  for (const i of issues) {
    const entry = byFile.get(i.file_id) ?? { errors: [], warnings: [] };
    (i.severity === "error" ? entry.errors : entry.warnings).push({ row: i.row_no, field: i.field, message: i.message });
    byFile.set(i.file_id, entry);
  }
  const files: FileReport[] = results.map((r) => {
    const replaced =
      r.status === "loaded" &&
      previous.some((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset) &&
      !previous.some((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset && p.sha256 === r.sha256);
    const entry = byFile.get(r.fileId) ?? { errors: [], warnings: [] };
    return {
      path: r.file.path,
      partner: r.file.partner,
      period: r.file.period,
      dataset: r.file.dataset,
      status: r.status === "refused" ? "refused" : replaced ? "replaced" : "loaded",
      ...(r.reason ? { reason: r.reason } : {}),
      sha256: r.sha256,
      rowsRead: r.rowsRead,
      rowsLoaded: r.rowsLoaded,
      rowsRejected: r.rowsRejected,
      errors: entry.errors,
      warnings: entry.warnings,
    };
  });
  return { exports: resolve(exportsDir), files, totals: totalsOf(files) };
}

function lastPeriodEndOf(files: ExportFile[]): string | null {
  const ends = files.filter((f) => !f.refusal && f.quarter).map((f) => f.quarter!.end);
  return ends.length ? ends.sort().at(-1)! : null;
}

export async function ingestExports(options: IngestOptions): Promise<IngestResult> {
  const { config, exportsDir, dbPath } = options;
  if (!existsSync(exportsDir) || !statSync(exportsDir).isDirectory())
    throw new UsageError(`exports folder not found: ${exportsDir}`);
  const files = discoverExports(exportsDir, config);
  const previous = await readPreviousLog(dbPath);

  if (dbPath) mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  // Beside the target, so the finished database is swapped in by a rename on the same file system.
  const workDir = mkdtempSync(join(dbPath ? dirname(resolve(dbPath)) : tmpdir(), ".ingest-"));
  const tempDbPath = join(workDir, dbPath ? basename(dbPath) : "check.duckdb");
  let db: Db | null = null;
  try {
    db = await openDb(tempDbPath, { temp_directory: join(workDir, "spill"), preserve_insertion_order: "true" });
    await createConfigTables(db, config, lastPeriodEndOf(files));
    await createLoadTables(db);
    const results: FileResult[] = [];
    let rowsDone = 0;
    for (const [index, file] of files.entries()) {
      options.onProgress?.({ filesDone: index, filesTotal: files.length, rowsDone, currentFile: file.path });
      const result = await loadExportFile(db, file, index + 1, workDir);
      await recordFile(db, result, previous);
      results.push(result);
      rowsDone += result.rowsRead;
    }
    options.onProgress?.({ filesDone: files.length, filesTotal: files.length, rowsDone, currentFile: "" });
    await writeSubmissionLog(db, previous);
    await createStagingViews(db);
    await buildCoreModel(db);
    const report = await buildReport(db, results, previous, exportsDir);
    const rejectedRowsCsv = await rejectedRowsAsCsv(db);
    await run(db, "checkpoint");
    closeDb(db);
    db = null;
    if (dbPath) {
      rmSync(`${dbPath}.wal`, { force: true });
      renameSync(tempDbPath, resolve(dbPath));
    }
    return { report, rejectedRowsCsv };
  } finally {
    if (db) closeDb(db);
    rmSync(workDir, { recursive: true, force: true });
  }
}

async function rejectedRowsAsCsv(db: Db): Promise<string> {
  const list = await rows<{ path: string; row_no: number; field: string | null; message: string }>(
    db,
    `select f.path, i.row_no, i.field, i.message
     from row_issues i join files f using (file_id)
     where i.severity = 'error'
     union all
     select path, 0, null, reason from files where status = 'refused'
     order by 1, 2, 3`,
  );
  const cell = (v: string | number | null) => {
    const text = v === null ? "" : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return ["file,row,field,reason", ...list.map((r) => [r.path, r.row_no, r.field, r.message].map(cell).join(","))].join("\n") + "\n";
}

export function writeIngestReport(reportPath: string, result: IngestResult): string {
  mkdirSync(dirname(resolve(reportPath)), { recursive: true });
  writeFileSync(reportPath, JSON.stringify(result.report, null, 2) + "\n");
  const rejectedPath = reportPath.replace(/(\.json)?$/, "").concat("-rejected-rows.csv");
  writeFileSync(rejectedPath, result.rejectedRowsCsv);
  return rejectedPath;
}
