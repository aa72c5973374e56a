import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { AllianceConfig } from "./contract/config.ts";
import { quartersBetween, submissionDueDate } from "./contract/periods.ts";
import { type ExportFile, type SkippedEntry, UsageError, discoverExportTree } from "./discover.ts";
import { type Db, closeDb, literal, openDb, rows, run } from "./duckdb.ts";
import { acquireLock } from "./lock.ts";
import { type FileResult, type ReadFile, checkReadFiles, readExportFile, sha256File } from "./load-file.ts";
import { type FileReport, type IngestReport, type IssueCount, LISTED_ISSUES_PER_FILE, ROWS_PER_RULE, type ReportIssue, totalsOf } from "./report.ts";
import { createLoadTables, createStagingViews, dropStagedFile } from "./staging.ts";
import { type DatasetChange, EVENT_TABLES, type EventTable, eventKeyedUpdate, eventTableSql } from "./core/event-tables.ts";

/**
 * exports -> checks -> staging -> linked core model, in one DuckDB file. The database is built in a temporary
 * file beside the target and swapped in only when everything succeeded, so a failed ingest leaves the previous
 * database untouched.
 */

export { UsageError };

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
  /**
   * Where to write the JSON report (and the rejected rows beside it). Written before the database is swapped in,
   * so a report that cannot be written leaves the previous database untouched.
   */
  reportPath?: string | null;
  /** how long to wait for another run holding the database's lock (default: do not wait) */
  waitMs?: number;
  /** today, for refusing period folders not yet begun (tests set it) */
  today?: Date;
  onProgress?: (p: IngestProgress) => void;
}

export interface IngestResult {
  report: IngestReport;
  /** the rejected rows (file, row, field, reason) as CSV text, read from `rejectedRowsFile` when asked for */
  readonly rejectedRowsCsv: string;
  /** where the rejected rows were written, when a report path was given */
  rejectedRowsPath: string | null;
  /**
   * The rejected-rows CSV on disk, as DuckDB wrote it: at `rejectedRowsPath`, or (no report path) a temporary
   * file removed when the process exits. Every rejected row is there; the report lists the first of each file.
   */
  rejectedRowsFile: string;
}

/** Temporary folders holding the rejected rows of runs given no report path; removed when the process exits. */
const heldRejectedRows: string[] = [];

function holdRejectedRows(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), "alliance-rejected-"));
  if (!heldRejectedRows.length)
    process.once("exit", () => {
      for (const d of heldRejectedRows) rmSync(d, { recursive: true, force: true });
    });
  heldRejectedRows.push(dir);
  const target = join(dir, "rejected-rows.csv");
  moveFile(file, target);
  return target;
}

/** A rename, or a copy where the two paths are on different file systems. */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EXDEV") throw e;
    copyFileSync(from, to);
    rmSync(from, { force: true });
  }
}

function ingestResult(report: IngestReport, rejectedRowsFile: string, rejectedRowsPath: string | null): IngestResult {
  return {
    report,
    rejectedRowsPath,
    rejectedRowsFile,
    get rejectedRowsCsv() {
      return readFileSync(rejectedRowsFile, "utf8");
    },
  };
}

const CORE_DIR = join(dirname(fileURLToPath(import.meta.url)), "core");
const LOADERS_DIR = dirname(fileURLToPath(import.meta.url));

/**
 * What a kept file's checked rows depend on besides its bytes: the config (member practices, partners and
 * their datasets) and the code of the checks and the core model. A later ingest keeps a file's checked rows
 * only when this is unchanged.
 */
export function ingestFingerprint(config: AllianceConfig): string {
  const hash = createHash("sha256");
  hash.update(JSON.stringify({ ...config, configDir: undefined, configPath: undefined, paths: undefined }));
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|sql)$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  for (const file of sources(LOADERS_DIR).sort()) hash.update(`${file.slice(LOADERS_DIR.length)}\n`).update(readFileSync(file));
  return hash.digest("hex");
}

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
    `create or replace table config_practices (code varchar primary key, name varchar, pcn varchar, locality varchar);
     create or replace table config_localities (code varchar primary key, name varchar);
     create or replace table config_partners (code varchar primary key, name varchar, kind varchar, from_date date, to_date date);
     create or replace table config_partner_datasets (partner varchar, dataset varchar);
     create or replace table config_quarters (period varchar primary key, period_start date, period_end date, due_date date);
     create or replace table meta (key varchar primary key, value varchar);
     create or replace temp view known_practices as select code from config_practices;`,
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
    { key: "ingest_fingerprint", value: ingestFingerprint(config) },
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
  const issues = [...r.structuralErrors.map((i) => ({ ...i, severity: "error" })), ...r.fileWarnings.map((i) => ({ ...i, severity: "warning" }))];
  // One statement for all of them: each statement is a commit, and a broken file may have a reject on every row.
  if (issues.length)
    await run(
      db,
      `insert into row_issues
       select $id, (r->>'row')::integer, r->>'severity', r->>'field', r->>'message' from (select unnest(from_json($json, '["json"]')) as r)`,
      { id: r.fileId, json: JSON.stringify(issues) },
    );
}

async function writeSubmissionLog(db: Db, previous: LoggedSubmission[]): Promise<void> {
  // Keep earlier versions of every submission (their hashes tell later runs what was replaced), then add this run's.
  await run(
    db,
    `insert into submission_log
     select partner, period, dataset, path, sha256, rows_read, rows_loaded, rows_rejected, submitted_at, first_loaded_at
     from files f where status = 'loaded' and not exists (
       select 1 from submission_log l where l.partner = f.partner and l.period = f.period and l.dataset = f.dataset and l.sha256 = f.sha256)`,
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

interface CoreStep {
  file: string;
  sql: string;
  /** the tables the step creates */
  tables: string[];
  /** the partner datasets it reads (`stg_<dataset>`); none for steps that read only files and config */
  datasets: string[];
  /** For an event table (loaders/core/event-tables.ts): its declaration, so a change can be applied by key. */
  event: EventTable | null;
}

/** The core steps in order: the .sql files and the declared event tables, by their step names. */
export function coreSteps(): CoreStep[] {
  const files: CoreStep[] = readdirSync(CORE_DIR)
    .filter((f) => f.endsWith(".sql"))
    .map((file) => {
      const sql = readFileSync(join(CORE_DIR, file), "utf8");
      return {
        file,
        sql,
        tables: [...sql.matchAll(/create\s+or\s+replace\s+table\s+(\w+)/gi)].map((m) => m[1]!),
        datasets: [...new Set([...sql.matchAll(/\bstg_(\w+)/g)].map((m) => m[1]!))],
        event: null,
      };
    });
  const events: CoreStep[] = EVENT_TABLES.map((t) => ({ file: t.step, sql: eventTableSql(t), tables: [t.table], datasets: [t.dataset], event: t }));
  return [...files, ...events].sort((x, y) => (x.file < y.file ? -1 : x.file > y.file ? 1 : 0));
}

/**
 * The linked core model. `changes` null rebuilds every table; otherwise a step whose partner datasets did not
 * change keeps the tables it made last time (steps that read only files and config always run), and an event
 * step whose dataset changed is applied to the keys the change touches.
 * Also records which datasets feed each table and a version of each dataset's loaded files, so the metrics
 * engine can tell which metrics a change affects.
 */
export async function buildCoreModel(db: Db, changes: Map<string, DatasetChange> | null = null): Promise<void> {
  const steps = coreSteps();
  const existing = new Set((await rows<{ name: string }>(db, "select table_name as name from information_schema.tables where table_schema = 'main'")).map((t) => t.name));
  for (const step of steps) {
    const built = changes !== null && step.datasets.length > 0 && step.tables.every((t) => existing.has(t));
    if (built && step.datasets.every((d) => !changes.has(d))) continue;
    if (built && step.event) {
      for (const { sql, params } of eventKeyedUpdate(step.event, changes.get(step.event.dataset)!)) await run(db, sql, params);
      continue;
    }
    await run(db, step.sql);
  }
  await run(db, "create or replace table core_lineage (core_table varchar, dataset varchar)");
  await run(db, "insert into core_lineage select r->>'table', r->>'dataset' from (select unnest(from_json($json, '[\"json\"]')) as r)", {
    json: JSON.stringify(steps.flatMap((s) => s.tables.flatMap((table) => (s.datasets.length ? s.datasets : ["files"]).map((dataset) => ({ table, dataset }))))),
  });
  await run(
    db,
    `create or replace table dataset_versions as
     select dataset, sha256(string_agg(path || ':' || sha256, ',' order by path)) as version
     from files where status = 'loaded' group by dataset
     union all
     select 'files', sha256(coalesce(string_agg(concat_ws(':', path, sha256, status, submitted_at, rows_loaded), ',' order by path), ''))
     from files`,
  );
}

/**
 * The rule an issue breaks: its message with what the partner sent taken out (quoted values, row lists, dates,
 * quarters, numbers), so that issues count together by rule.
 */
const ISSUE_RULE_SQL = String.raw`trim(regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(message,
    '\s*\(rows? [0-9, …]+\)', '', 'g'),
    '''[^'']*''', '[value]', 'g'),
    '[0-9]{4}-[0-9]{2}-Q[1-4]', '[quarter]', 'g'),
    '[0-9]{4}-[0-9]{2}-[0-9]{2}', '[date]', 'g'),
    '\b[0-9]+\b', 'N', 'g'))`;

/** Per file and severity: how many issues, and the first ones by row (a heap per group, not a sort of all). */
const LISTED_ISSUES_SQL = `
select file_id, severity, count(*)::integer as total,
  min({'row_no': row_no, 'field': field, 'message': message}, $listed) as listed
from row_issues group by file_id, severity`;

/** Per file, severity, field and rule: how many issues, and the first rows. */
const ISSUE_COUNTS_SQL = `
select file_id, severity, field, rule, count(*)::integer as count, min(row_no, $rows_per_rule) as rows
from (select file_id, severity, field, ${ISSUE_RULE_SQL} as rule, row_no from row_issues)
group by file_id, severity, field, rule
qualify row_number() over (partition by file_id order by severity, count(*) desc, field, rule) <= $rules
order by file_id, severity, count desc, field, rule`;

/** How many rules a file's `issueCounts` names at most (the most frequent first). */
const RULES_PER_FILE = 100;

type FileIssues = { errors: ReportIssue[]; warnings: ReportIssue[]; errorCount: number; warningCount: number; issueCounts: IssueCount[] };
const noIssues = (): FileIssues => ({ errors: [], warnings: [], errorCount: 0, warningCount: 0, issueCounts: [] });

/** Nulls last, as the database orders them. */
function compareText(a: string | null, b: string | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return a < b ? -1 : 1;
}

/**
 * The report: every file with its counts, the first of its errors and warnings by row, and all of them counted
 * by rule. Nothing here grows with the number of rejected rows (those go to the rejected-rows CSV from DuckDB).
 */
async function buildReport(db: Db, results: FileResult[], previous: LoggedSubmission[], exportsDir: string): Promise<IngestReport> {
  const listed = await rows<{ file_id: number; severity: string; total: number; listed: Array<{ row_no: number; field: string | null; message: string }> }>(
    db,
    LISTED_ISSUES_SQL,
    { listed: LISTED_ISSUES_PER_FILE },
  );
  const counted = await rows<{ file_id: number; severity: "error" | "warning"; field: string | null; rule: string; count: number; rows: number[] }>(
    db,
    ISSUE_COUNTS_SQL,
    { rows_per_rule: ROWS_PER_RULE, rules: RULES_PER_FILE },
  );
  const byFile = new Map<number, FileIssues>();
  const entryOf = (fileId: number) => {
    const entry = byFile.get(fileId) ?? noIssues();
    byFile.set(fileId, entry);
    return entry;
  };
  for (const l of listed) {
    const entry = entryOf(l.file_id);
    const issues = [...l.listed]
      .map((i) => ({ row: Number(i.row_no), field: i.field, message: i.message }))
      .sort((a, b) => a.row - b.row || compareText(a.field, b.field) || compareText(a.message, b.message));
    if (l.severity === "error") [entry.errors, entry.errorCount] = [issues, l.total];
    else [entry.warnings, entry.warningCount] = [issues, l.total];
  }
  for (const c of counted)
    entryOf(c.file_id).issueCounts.push({ severity: c.severity, field: c.field, rule: c.rule, count: c.count, rows: [...c.rows].map(Number).sort((a, b) => a - b) });
  const files: FileReport[] = results.map((r) => {
    const replaced =
      r.status === "loaded" &&
      previous.some((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset) &&
      !previous.some((p) => p.partner === r.file.partner && p.period === r.file.period && p.dataset === r.file.dataset && p.sha256 === r.sha256);
    const entry = byFile.get(r.fileId) ?? noIssues();
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
      errorCount: entry.errorCount,
      warningCount: entry.warningCount,
      issueCounts: entry.issueCounts,
    };
  });
  return { exports: resolve(exportsDir), files, totals: totalsOf(files) };
}

function lastPeriodEndOf(files: ExportFile[]): string | null {
  const ends = files.filter((f) => !f.refusal && f.quarter).map((f) => f.quarter!.end);
  return ends.length ? ends.sort().at(-1)! : null;
}

/** The fingerprint the database at `dbPath` was built with, or null (no database, or not one of ours). */
async function storedFingerprint(dbPath: string | null): Promise<string | null> {
  if (!dbPath || !existsSync(dbPath)) return null;
  let db: Db | null = null;
  try {
    db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    const found = await rows<{ value: string }>(db, "select value from meta where key = 'ingest_fingerprint'");
    return found[0]?.value ?? null;
  } catch {
    return null;
  } finally {
    if (db) closeDb(db);
  }
}

interface KeptFile {
  file_id: number;
  path: string;
  sha256: string;
  dataset: string;
  encoding: string | null;
  rows_read: number;
  rows_loaded: number;
  rows_rejected: number;
}

/**
 * Keeps the checked rows of every file the previous ingest loaded whose path and bytes are unchanged; drops
 * everything else it held (changed, withdrawn or refused files), so those are read and checked again.
 * Returns the kept files by path and the datasets whose files changed.
 */
async function keepUnchangedFiles(
  db: Db,
  files: ExportFile[],
  hashes: Map<string, string>,
): Promise<{ kept: Map<string, KeptFile>; changes: Map<string, DatasetChange>; nextFileId: number }> {
  const previous = await rows<KeptFile & { status: string; partner: string; period: string }>(
    db,
    "select file_id, path, sha256, partner, period, dataset, status, encoding, rows_read, rows_loaded, rows_rejected from files order by file_id",
  );
  const wanted = new Map(files.filter((f) => !f.refusal).map((f) => [f.path, hashes.get(f.path)]));
  const kept = new Map<string, KeptFile>();
  const changes = new Map<string, DatasetChange>();
  for (const p of previous) {
    if (p.status === "loaded" && wanted.get(p.path) === p.sha256) {
      kept.set(p.path, p);
      continue;
    }
    if (p.status === "loaded" && p.dataset) changeOf(changes, p.dataset).dropped.push({ partner: p.partner, period: p.period });
    await dropStagedFile(db, p.dataset, p.file_id);
    await run(db, "delete from files where file_id = $id", { id: p.file_id });
  }
  const nextFileId = previous.reduce((max, p) => Math.max(max, p.file_id), 0) + 1;
  return { kept, changes, nextFileId };
}

function changeOf(changes: Map<string, DatasetChange>, dataset: string): DatasetChange {
  const change = changes.get(dataset) ?? { dropped: [], loaded: [] };
  changes.set(dataset, change);
  return change;
}

/** A kept file's record as this run reports it; its row issues are already in the database. */
function keptResult(file: ExportFile, kept: KeptFile): FileResult {
  return {
    fileId: kept.file_id, file, sha256: kept.sha256, encoding: kept.encoding, status: "loaded", reason: null,
    rowsRead: kept.rows_read, rowsLoaded: kept.rows_loaded, rowsRejected: kept.rows_rejected, fileWarnings: [], structuralErrors: [],
  };
}

/**
 * A kept file's date may have changed (copied, touched): arrival is judged on the date it has now. One statement
 * for every kept file, as each statement is a commit.
 */
async function updateKeptFiles(db: Db, kept: FileResult[]): Promise<void> {
  await run(
    db,
    `update files set submitted_at = k.submitted, size_bytes = k.size
     from (select (r->>'id')::integer as id, (r->>'submitted')::timestamp as submitted, (r->>'size')::bigint as size
           from (select unnest(from_json($json, '["json"]')) as r)) k
     where files.file_id = k.id`,
    { json: JSON.stringify(kept.map((r) => ({ id: r.fileId, submitted: r.file.modifiedAt, size: r.file.sizeBytes }))) },
  );
}

/** Work folders of ingests that were killed (the lock is ours, so no live run owns one). */
function removeStaleWorkDirs(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory() && entry.name.startsWith(".ingest-")) rmSync(join(dir, entry.name), { recursive: true, force: true });
}

export async function ingestExports(options: IngestOptions): Promise<IngestResult> {
  const { config, exportsDir, dbPath } = options;
  if (!existsSync(exportsDir) || !statSync(exportsDir).isDirectory())
    throw new UsageError(`exports folder not found: ${exportsDir}`);
  const { files, skipped } = discoverExportTree(exportsDir, config, options.today);
  if (dbPath) mkdirSync(dirname(resolve(dbPath)), { recursive: true });
  const release = dbPath ? await acquireLock(resolve(dbPath), "ingest", { waitMs: options.waitMs }) : () => {};
  try {
    if (dbPath) removeStaleWorkDirs(dirname(resolve(dbPath)));
    return await ingestLocked(options, files, skipped);
  } finally {
    release();
  }
}

/**
 * How many files, or rows, of one dataset are checked in one statement: enough that planning the check (about a
 * tenth of a second) is paid once for many small files, few enough that the waiting raw text stays small.
 */
const BATCH_FILES = 200;
const BATCH_ROWS = 2_000_000;

function batchIsFull(batch: ReadFile[]): boolean {
  return batch.length >= BATCH_FILES || batch.reduce((n, f) => n + f.rowsInTable, 0) >= BATCH_ROWS;
}

async function ingestLocked(options: IngestOptions, files: ExportFile[], skipped: SkippedEntry[]): Promise<IngestResult> {
  const { config, exportsDir, dbPath } = options;
  const previous = await readPreviousLog(dbPath);
  // A database built from the same config and code keeps the files that have not changed since.
  const incremental = dbPath !== null && (await storedFingerprint(dbPath)) === ingestFingerprint(config);

  // Beside the target, so the finished database is swapped in by a rename on the same file system.
  const workDir = mkdtempSync(join(dbPath ? dirname(resolve(dbPath)) : tmpdir(), ".ingest-"));
  const tempDbPath = join(workDir, dbPath ? basename(dbPath) : "check.duckdb");
  let db: Db | null = null;
  try {
    if (incremental) copyFileSync(resolve(dbPath!), tempDbPath);
    db = await openDb(tempDbPath, { temp_directory: join(workDir, "spill"), preserve_insertion_order: "true" });
    await createConfigTables(db, config, lastPeriodEndOf(files));
    await createLoadTables(db);
    const hashes = new Map<string, string>();
    for (const file of files) if (!file.refusal) hashes.set(file.path, await sha256File(file.absolutePath));
    const { kept, changes, nextFileId } = incremental
      ? await keepUnchangedFiles(db, files, hashes)
      : { kept: new Map<string, KeptFile>(), changes: new Map<string, DatasetChange>(), nextFileId: 1 };
    const results = new Map<ExportFile, FileResult>();
    const settle = async (result: FileResult) => {
      results.set(result.file, result);
      await recordFile(db!, result, previous);
      if (result.status === "loaded") changeOf(changes, result.file.dataset!).loaded.push(result.fileId);
    };
    // Files wait, read, until their dataset's batch is full, then are checked together in one statement.
    const waiting = new Map<string, ReadFile[]>();
    const checkWaiting = async (dataset: string) => {
      const batch = waiting.get(dataset) ?? [];
      waiting.delete(dataset);
      for (const result of await checkReadFiles(db!, batch[0]!.spec, batch)) await settle(result);
    };
    let rowsDone = 0;
    let fileId = nextFileId;
    for (const [index, file] of files.entries()) {
      options.onProgress?.({ filesDone: index, filesTotal: files.length, rowsDone, currentFile: file.path });
      const keep = kept.get(file.path);
      if (keep) {
        const result = keptResult(file, keep);
        results.set(file, result);
        rowsDone += result.rowsRead;
        continue;
      }
      const outcome = await readExportFile(db, file, fileId++, workDir, hashes.get(file.path));
      if ("refused" in outcome) {
        await settle(outcome.refused);
        rowsDone += outcome.refused.rowsRead;
        continue;
      }
      const batch = waiting.get(file.dataset!) ?? [];
      batch.push(outcome.read);
      waiting.set(file.dataset!, batch);
      rowsDone += outcome.read.base.rowsRead;
      if (batchIsFull(batch)) await checkWaiting(file.dataset!);
    }
    for (const dataset of [...waiting.keys()]) await checkWaiting(dataset);
    const fileResults = files.map((file) => results.get(file)!);
    options.onProgress?.({ filesDone: files.length, filesTotal: files.length, rowsDone, currentFile: "" });
    await updateKeptFiles(db, fileResults.filter((r) => kept.get(r.file.path)?.file_id === r.fileId));
    await writeSubmissionLog(db, previous);
    await createStagingViews(db);
    await buildCoreModel(db, incremental ? changes : null);
    const report = { ...(await buildReport(db, fileResults, previous, exportsDir)), skipped };
    const rejectedRowsFile = join(workDir, "rejected-rows.csv");
    await writeRejectedRows(db, rejectedRowsFile);
    await run(db, "checkpoint");
    closeDb(db);
    db = null;
    // The report first, beside its target; then the database; then the report is moved into place. A report
    // that cannot be written stops the run before the database changes.
    const staged = options.reportPath ? stageIngestReport(options.reportPath, { report, rejectedRowsFile }, { move: true }) : null;
    try {
      if (dbPath) {
        rmSync(`${dbPath}.wal`, { force: true });
        renameSync(tempDbPath, resolve(dbPath));
      }
    } catch (e) {
      staged?.discard();
      throw e;
    }
    if (!staged) return ingestResult(report, holdRejectedRows(rejectedRowsFile), null);
    const rejectedRowsPath = staged.commit();
    return ingestResult(report, rejectedRowsPath, rejectedRowsPath);
  } finally {
    if (db) closeDb(db);
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** A CSV cell that would start like a spreadsheet formula gets a leading `'`, as `csvCell` does for the site. */
const neutralised = (value: string) =>
  // The first character alone first: this runs on every cell of every rejected row.
  String.raw`case when left(${value}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) and not regexp_full_match(${value}, '[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?')
    then '''' || ${value} else ${value} end`;

/**
 * Every rejected row (and every refused file, as row 0) as CSV, written by DuckDB straight to `target`: nothing
 * per row passes through JavaScript. A partner's file name or a reason could start like a formula: cells are
 * neutralised as the site's downloads are.
 */
const REJECTED_ROWS_SQL = `
with rejected as (
  select f.path, i.row_no, i.field, i.message
  from row_issues i join files f using (file_id)
  where i.severity = 'error'
  union all
  select path, 0, null, reason from files where status = 'refused'
)
select ${neutralised("path")} as file, row_no as row, ${neutralised("field")} as field, ${neutralised("message")} as reason
from rejected
order by path, row_no, rejected.field`;

async function writeRejectedRows(db: Db, target: string): Promise<void> {
  await run(db, `copy (${REJECTED_ROWS_SQL}) to ${literal(target)} (format csv, header true)`);
}

const rejectedRowsPathOf = (reportPath: string) => reportPath.replace(/(\.json)?$/, "").concat("-rejected-rows.csv");

/**
 * Writes the report and the rejected rows to temporary files beside their targets; `commit` renames them into
 * place, `discard` removes them. A folder that cannot be written fails here, before anything else changes.
 */
export function stageIngestReport(
  reportPath: string,
  result: Pick<IngestResult, "report" | "rejectedRowsFile">,
  options: { move?: boolean } = {},
): { commit: () => string; discard: () => void } {
  const rejectedPath = rejectedRowsPathOf(reportPath);
  const suffix = `.${process.pid}.tmp`;
  const staged: string[] = [];
  try {
    mkdirSync(dirname(resolve(reportPath)), { recursive: true });
    writeFileSync(reportPath + suffix, JSON.stringify(result.report, null, 2) + "\n");
    staged.push(reportPath);
    if (options.move) moveFile(result.rejectedRowsFile, rejectedPath + suffix);
    else copyFileSync(result.rejectedRowsFile, rejectedPath + suffix);
    staged.push(rejectedPath);
  } catch (e) {
    for (const path of staged) rmSync(path + suffix, { force: true });
    throw new UsageError(`cannot write the ingest report ${reportPath}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}; the database was left as it was`);
  }
  return {
    commit: () => {
      for (const path of staged) renameSync(path + suffix, path);
      return rejectedPath;
    },
    discard: () => {
      for (const path of staged) rmSync(path + suffix, { force: true });
    },
  };
}

/** Writes the report and a copy of the rejected rows (for a run given no report path). */
export function writeIngestReport(reportPath: string, result: Pick<IngestResult, "report" | "rejectedRowsFile">): string {
  return stageIngestReport(reportPath, result).commit();
}
