/**
 * The duplicate-key check at scale (issue 17, item 3): an admissions export whose rows all share one spell_id,
 * ingested into a new database with its report written, each case as its own process (time and peak memory
 * measured as `bench/run.ts` does). Beside each case: the same file with every key distinct (the cost of the
 * duplicate-key check is the difference) and the floor (DuckDB reading the same file into a typed table and
 * nothing else).
 *
 *   tsx bench/duplicate-keys.ts [--rows 40000,1500000] [--xlsx-rows 1500000] [--dir DIR]
 *
 * Prints one line per case: format, rows, keys (shared|distinct), seconds, peak MB, rows read/loaded/rejected,
 * the report's size, the floor's seconds, and the check query alone with and without the unique key (their
 * difference is the duplicate-key check's own cost). `--xlsx-rows 0` skips the XLSX case.
 */
import { createWriteStream, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import { measureStep } from "./measure.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CONFIG = join(ROOT, "test", "fixtures", "small", "alliance.json");
const HEADER = ["spell_id", "person_id", "admission_date", "discharge_date", "admission_method", "patient_classification", "spell_cost_gbp"];
const FILE_DIR = join("ACUTE", "2024-25-Q1");

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "40000,1500000" },
    "xlsx-rows": { type: "string", default: "1500000" },
    dir: { type: "string", default: join(tmpdir(), "alliance-bench-duplicate-keys") },
    child: { type: "string" },
    floor: { type: "string" },
    check: { type: "string" },
  },
});

const record = (i: number, shared: boolean) =>
  [shared ? "S1" : `S${i}`, `pk_aaaa${String(i).padStart(7, "0")}`, "2024-05-01", "", "21", "1", ""];

async function writeCsv(path: string, rows: number, shared: boolean): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((done) => out.once("drain", () => done())));
  await write(`${HEADER.join(",")}\n`);
  const batch: string[] = [];
  for (let i = 1; i <= rows; i++) {
    batch.push(record(i, shared).join(","));
    if (batch.length === 10_000 || i === rows) {
      await write(batch.join("\n") + "\n");
      batch.length = 0;
    }
  }
  await new Promise<void>((done, fail) => out.end((e?: Error | null) => (e ? fail(e) : done())));
}

async function writeXlsx(path: string, rows: number, shared: boolean): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet("admissions");
  sheet.addRow(HEADER).commit();
  for (let i = 1; i <= rows; i++) sheet.addRow(record(i, shared).map((v) => (v === "" ? null : v))).commit();
  sheet.commit();
  await workbook.commit();
}

/** The child: one ingest, its figures as one JSON line. */
async function child(dir: string): Promise<void> {
  const { loadConfig } = await import("../loaders/contract/config.ts");
  const { ingestExports } = await import("../loaders/ingest.ts");
  const started = performance.now();
  const reportPath = join(dir, "out", "ingest-report.json");
  const result = await ingestExports({ config: loadConfig(CONFIG), exportsDir: join(dir, "exports"), dbPath: join(dir, "out", "alliance.duckdb"), reportPath });
  const seconds = (performance.now() - started) / 1000;
  const [file] = result.report.files;
  process.stdout.write(
    JSON.stringify({
      seconds, status: file?.status, reason: file?.reason, rowsRead: file?.rowsRead, rowsLoaded: file?.rowsLoaded, rowsRejected: file?.rowsRejected,
      reportBytes: statSync(reportPath).size, rejectedCsvBytes: result.rejectedRowsPath ? statSync(result.rejectedRowsPath).size : 0,
    }) + "\n",
  );
}

/** The floor: DuckDB reading the file into a typed table, nothing else. */
async function floor(path: string): Promise<void> {
  const { closeDb, openDb, run } = await import("../loaders/duckdb.ts");
  const { loadXlsx } = await import("../loaders/read-export.ts");
  const { datasetSpec } = await import("../loaders/contract/datasets/index.ts");
  const work = `${path}.floor`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const started = performance.now();
  const db = await openDb(join(work, "floor.duckdb"));
  if (path.endsWith(".xlsx")) {
    await loadXlsx(db, path, datasetSpec("admissions"));
    await run(db, "create table t as select * from raw");
  } else await run(db, "create table t as select * from read_csv($path, header = true)", { path });
  await run(db, "checkpoint");
  closeDb(db);
  process.stdout.write(JSON.stringify({ seconds: (performance.now() - started) / 1000 }) + "\n");
  rmSync(work, { recursive: true, force: true });
}

/**
 * The duplicate-key check alone: the file's check query run with and without the dataset's unique key, on the
 * same raw table (the best of two runs each); the difference is what the check costs.
 */
async function checkOnly(path: string): Promise<void> {
  const { closeDb, openDb, run } = await import("../loaders/duckdb.ts");
  const { buildCheckQuery } = await import("../loaders/row-checks.ts");
  const { checkSourceSelect, mapHeader } = await import("../loaders/load-file.ts");
  const { datasetSpec } = await import("../loaders/contract/datasets/index.ts");
  const { loadXlsx } = await import("../loaders/read-export.ts");
  const work = `${path}.check`;
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work);
  const db = await openDb(join(work, "check.duckdb"));
  const spec = datasetSpec("admissions");
  if (path.endsWith(".xlsx")) await loadXlsx(db, path, spec);
  else {
    const columns = `{${HEADER.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ")}}`;
    await run(db, `create temp table raw as select * from read_csv($path, header = true, columns = ${columns}, auto_detect = false)`, { path });
    await run(db, "create temp view raw_rows as select (rowid + 1)::integer as row_no, * from raw");
  }
  await run(db, "create temp table known_practices as select 'A00001' as code");
  const { columns } = mapHeader(HEADER, spec);
  await run(db, `create temp view check_source as ${checkSourceSelect(spec, 1, columns, "raw_rows")}`);
  await run(db, "create temp table check_files as select 1 as file_id, '2024-04-01' as period_start, '2024-06-30' as period_end, '2024-25-Q1' as period_label");
  const best = async (uniqueKey: string[]) => {
    const sql = buildCheckQuery({ spec: { ...spec, uniqueKey }, source: "check_source", files: "check_files", target: "checked" });
    let fastest = Infinity;
    for (let i = 0; i < 2; i++) {
      const started = performance.now();
      await run(db, sql);
      fastest = Math.min(fastest, (performance.now() - started) / 1000);
    }
    return fastest;
  };
  const withKey = await best(spec.uniqueKey);
  const withoutKey = await best([]);
  closeDb(db);
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(JSON.stringify({ withKey, withoutKey }) + "\n");
}

const loadAverage = () => readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" ");

async function measureCase(format: "csv" | "xlsx", rows: number, shared: boolean): Promise<void> {
  const dir = join(resolve(values.dir!), `${format}-${rows}-${shared ? "shared" : "distinct"}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, "exports", FILE_DIR), { recursive: true });
  mkdirSync(join(dir, "out"));
  const file = join(dir, "exports", FILE_DIR, `admissions.${format}`);
  if (format === "csv") await writeCsv(file, rows, shared);
  else await writeXlsx(file, rows, shared);
  const tsx = join(ROOT, "node_modules", ".bin", "tsx");
  const load = loadAverage();
  const ingest = await measureStep(tsx, [import.meta.filename, "--child", dir], { cwd: ROOT });
  const floorRun = await measureStep(tsx, [import.meta.filename, "--floor", file], { cwd: ROOT });
  const checkRun = await measureStep(tsx, [import.meta.filename, "--check", file], { cwd: ROOT });
  const check = checkRun.status === 0 ? JSON.parse(checkRun.stdout.trim().split("\n").at(-1)!) : null;
  const figures = ingest.status === 0 ? JSON.parse(ingest.stdout.trim().split("\n").at(-1)!) : { error: ingest.stderr.trim().split("\n").slice(-3).join(" | ") };
  const floorSeconds = floorRun.status === 0 ? JSON.parse(floorRun.stdout.trim().split("\n").at(-1)!).seconds : null;
  process.stdout.write(
    `${format} rows=${rows} keys=${shared ? "shared" : "distinct"} ingest_s=${ingest.seconds.toFixed(2)} peak_mb=${(ingest.peakBytes / 1048576).toFixed(0)} ` +
      `in_process_s=${figures.seconds?.toFixed(2)} status=${figures.status ?? "-"} read=${figures.rowsRead ?? "-"} loaded=${figures.rowsLoaded ?? "-"} ` +
      `rejected=${figures.rowsRejected ?? "-"} report_kb=${figures.reportBytes !== undefined ? (figures.reportBytes / 1024).toFixed(0) : "-"} ` +
      `rejected_csv_mb=${figures.rejectedCsvBytes !== undefined ? (figures.rejectedCsvBytes / 1048576).toFixed(1) : "-"} ` +
      `floor_s=${floorSeconds?.toFixed(2) ?? "-"} floor_peak_mb=${(floorRun.peakBytes / 1048576).toFixed(0)} ` +
      `check_with_key_s=${check?.withKey.toFixed(2) ?? "-"} check_without_key_s=${check?.withoutKey.toFixed(2) ?? "-"} load_before=${load}` +
      `${figures.reason ? ` reason="${figures.reason}"` : ""}${figures.error ? ` error="${figures.error}"` : ""}\n`,
  );
  rmSync(dir, { recursive: true, force: true });
}

if (values.child) await child(values.child);
else if (values.floor) await floor(values.floor);
else if (values.check) await checkOnly(values.check);
else {
  for (const rows of values.rows!.split(",").map(Number)) for (const shared of [true, false]) await measureCase("csv", rows, shared);
  const xlsxRows = Number(values["xlsx-rows"]);
  if (xlsxRows > 0) for (const shared of [true, false]) await measureCase("xlsx", xlsxRows, shared);
}
