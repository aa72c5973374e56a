/**
 * `npm run bench`: the speed and scale benchmark. For each scale it generates the synthetic exports (or reuses
 * them), then measures, each as its own process, the floor (DuckDB loading the same files into typed tables and
 * nothing else), a full `ingest`, `metrics` and the site build, then two incremental runs: one partner
 * resubmitting one quarter of an event dataset, and a whole new quarter from every partner. It prints a table,
 * the targets met or missed, and last one line per measured case:
 *
 *   scale=<s> rows=<n> ingest_s=<t> metrics_s=<t> total_s=<t> floor_s=<t> ratio=<total/floor> peak_mb=<m>
 *
 * Options: --scales demo,ics,national (default all three) --dir DIR (default bench-data/) --smoke (the tiny
 * scale in a temporary folder, for CI: checks that every step runs, judges no timing) --no-site --verbose.
 * Every step's stderr is kept under DIR/logs/ (run with ALLIANCE_PROFILE=1 to have each statement's time there).
 * The national scale runs the full case only unless --national-incremental is given: its incremental cases need
 * a second generated tree (another 24 GB and a quarter of an hour) and the targets judge them at ics scale.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { parseQuarter, quarterFromParts } from "../loaders/contract/periods.ts";
import { measureStep, type StepMeasure } from "./measure.ts";
import { type CaseResult, formatLine, formatTable, judgeTargets, type ScaleResults } from "./report.ts";

const ROOT = resolve(import.meta.dirname, "..");
const CLI = join(ROOT, "cli", "main.ts");
const SCALES = ["tiny", "demo", "ics", "national"] as const;
type Scale = (typeof SCALES)[number];

const { values } = parseArgs({
  options: {
    scales: { type: "string", default: "demo,ics,national" },
    dir: { type: "string", default: join(ROOT, "bench-data") },
    smoke: { type: "boolean", default: false },
    "no-site": { type: "boolean", default: false },
    "national-incremental": { type: "boolean", default: false },
    verbose: { type: "boolean", default: false },
  },
});

const scales = (values.smoke ? ["tiny"] : values.scales!.split(",").map((s) => s.trim())) as Scale[];
for (const s of scales) if (!SCALES.includes(s)) throw new Error(`unknown scale '${s}': expected ${SCALES.join(", ")}`);
const benchDir = values.smoke ? mkdtempSync(join(tmpdir(), "alliance-bench-")) : resolve(values.dir!);
const env = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" };

function say(text: string): void {
  process.stderr.write(`bench: ${text}\n`);
}

/** A measured step that did not finish; its time and memory up to the failure are kept. */
class StepFailed extends Error {
  constructor(
    message: string,
    readonly measured: StepMeasure,
  ) {
    super(message);
  }
}

/** Runs the CLI (or another script) through tsx as its own process; exit 1 (data problems) is expected. */
async function step(label: string, script: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<StepMeasure> {
  say(`${label} …`);
  const measured = await measureStep(process.execPath, ["--import", "tsx", script, ...args], {
    cwd: ROOT,
    env: { ...env, ...extraEnv },
    echo: values.verbose,
  });
  keepLog(label, measured.stderr);
  if (measured.status !== 0 && measured.status !== 1) {
    const reason = measured.stderr.trim().split("\n").filter((l) => l.startsWith("alliance: ")).at(-1) ?? measured.stderr.trim().split("\n").at(-1);
    say(`${label} FAILED after ${measured.seconds.toFixed(1)} s: ${reason}`);
    throw new StepFailed(`${label} failed (exit ${measured.status}) after ${measured.seconds.toFixed(1)} s: ${reason}`, measured);
  }
  const summary = measured.stderr.split("\n").filter((l) => /^(ingest|metrics): /.test(l)).at(-1);
  say(`${label}: ${measured.seconds.toFixed(1)} s, peak ${(measured.peakBytes / 2 ** 20).toFixed(0)} MB${summary ? ` (${summary})` : ""}`);
  return measured;
}

/** Each step's stderr (progress, summaries and, with ALLIANCE_PROFILE=1, every statement's time) for reading later. */
function keepLog(label: string, stderr: string): void {
  const dir = join(benchDir, "logs");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${label.replace(/[^A-Za-z0-9.-]+/g, "_")}.log`), stderr);
}

function observableStep(label: string, config: string, siteOut: string): Promise<StepMeasure> {
  const observable = join(ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js");
  say(`${label} …`);
  return measureStep(process.execPath, [observable, "build"], {
    cwd: ROOT,
    env: { ...env, ALLIANCE_CONFIG: config, ALLIANCE_SITE_OUT: siteOut },
    echo: values.verbose,
  }).then((m) => {
    keepLog(label, m.stderr);
    if (m.status !== 0) throw new Error(`${label} failed (exit ${m.status}): ${m.stderr.trim().split("\n").slice(-3).join(" | ")}`);
    say(`${label}: ${m.seconds.toFixed(1)} s, peak ${(m.peakBytes / 2 ** 20).toFixed(0)} MB`);
    return m;
  });
}

interface ReportTotals {
  rowsRead: number;
  files: number;
}

function readTotals(reportPath: string): ReportTotals {
  const report = JSON.parse(readFileSync(reportPath, "utf8")) as { totals: ReportTotals };
  return report.totals;
}

function previousQuarterLabel(label: string): string {
  const q = parseQuarter(label)!;
  return q.quarter === 1 ? quarterFromParts(q.fyStart - 1, 4).label : quarterFromParts(q.fyStart, (q.quarter - 1) as 1 | 2 | 3).label;
}

interface Layout {
  dir: string;
  config: string;
  db: string;
  out: string;
  report: string;
  site: string;
}

function layout(dir: string): Layout {
  return {
    dir,
    config: join(dir, "alliance.json"),
    db: join(dir, "bench", "alliance.duckdb"),
    out: join(dir, "bench", "metrics"),
    report: join(dir, "bench", "ingest-report.json"),
    site: join(dir, "bench", "site"),
  };
}

async function ensureExports(scale: Scale, dir: string, asOf?: string): Promise<void> {
  if (existsSync(join(dir, "exports"))) return;
  // Generation is not part of any figure; it is timed only so a long wait is explained.
  await step(`${scale}: generating exports${asOf ? ` as of ${asOf}` : ""}`, CLI, [
    "demo-data", "--out", dir, "--scale", scale, ...(asOf ? ["--as-of", asOf] : []),
  ]);
}

/** The scale's config with its paths pointing at this benchmark's database and outputs (the site reads them). */
function benchConfig(l: Layout, exportsDir: string): string {
  const config = JSON.parse(readFileSync(l.config, "utf8"));
  config.paths = { ...config.paths, exports: exportsDir, db: l.db, out: l.out };
  const path = join(l.dir, "bench", "alliance.json");
  writeFileSync(path, JSON.stringify(config, null, 2) + "\n");
  return path;
}

function freshOutputs(l: Layout): void {
  rmSync(join(l.dir, "bench"), { recursive: true, force: true });
}

async function ingestAndMetrics(label: string, l: Layout, exportsDir: string): Promise<{ ingest: StepMeasure; metrics: StepMeasure; failed?: string }> {
  const ingest = await step(`${label}: ingest`, CLI, ["ingest", "--config", l.config, "--exports", exportsDir, "--db", l.db, "--report", l.report]);
  try {
    const metrics = await step(`${label}: metrics`, CLI, ["metrics", "--config", l.config, "--db", l.db, "--out", l.out]);
    return { ingest, metrics };
  } catch (e) {
    if (!(e instanceof StepFailed)) throw e;
    return { ingest, metrics: e.measured, failed: e.message };
  }
}

/**
 * One quarter's file of one partner's event dataset, resent with a later date and every hundredth row withdrawn:
 * a correction wide enough to reach some decedents' last year (one row alone often reaches no metric's units).
 */
function resubmitOneQuarter(exportsDir: string, partner: string, period: string, dataset: string): { path: string; restore: () => void } {
  const path = join(exportsDir, partner, period, `${dataset}.csv`);
  const original = readFileSync(path);
  const { atime, mtime } = statSync(path);
  const lines = original.toString("utf8").replace(/\r?\n$/, "").split(/\r?\n/);
  writeFileSync(path, lines.filter((_, i) => i === 0 || i % 100 !== 0).join("\n") + "\n");
  const resent = new Date(mtime.getTime() + 30 * 86_400_000);
  utimesSync(path, resent, resent);
  return {
    path,
    restore: () => {
      writeFileSync(path, original);
      utimesSync(path, atime, mtime);
    },
  };
}

async function benchScale(scale: Scale): Promise<ScaleResults> {
  const l = layout(join(benchDir, scale));
  await ensureExports(scale, l.dir);
  const exportsDir = join(l.dir, "exports");
  const cases: CaseResult[] = [];

  const floorRun = await step(`${scale}: floor`, join(ROOT, "bench", "floor.ts"), ["--config", l.config, "--work", join(l.dir, "floor-work")]);
  const floor = JSON.parse(floorRun.stdout.trim().split("\n").at(-1)!) as { rows: number; seconds: number };

  freshOutputs(l);
  const full = await ingestAndMetrics(`${scale}: full`, l, exportsDir);
  const totals = readTotals(l.report);
  const floorMeasure = { seconds: floor.seconds, peakBytes: floorRun.peakBytes };
  if (full.failed) {
    cases.push({ name: scale, kind: "full", rows: totals.rowsRead, files: totals.files, ingest: full.ingest, metrics: full.metrics, site: null, floor: floorMeasure, failed: full.failed });
    return { scale, cases };
  }
  const site = values["no-site"] ? null : await observableStep(`${scale}: site`, benchConfig(l, exportsDir), l.site);
  cases.push({ name: scale, kind: "full", rows: totals.rowsRead, files: totals.files, ingest: full.ingest, metrics: full.metrics, site, floor: floorMeasure });

  if (scale === "national" && !values["national-incremental"]) return { scale, cases };

  // One partner resends one quarter of an event dataset (the acute trust's admissions, a year back).
  const periods = [...new Set(JSON.parse(readFileSync(l.report, "utf8")).files.map((f: { period: string }) => f.period))].sort() as string[];
  const lastPeriod = periods.at(-1)!;
  const yearBack = [1, 2, 3, 4].reduce((p) => previousQuarterLabel(p), lastPeriod);
  const resent = resubmitOneQuarter(exportsDir, "ACUTE", yearBack, "admissions");
  try {
    const incremental = await ingestAndMetrics(`${scale}: one quarter resent (${yearBack} ACUTE admissions)`, l, exportsDir);
    const rows = readFileSync(resent.path, "utf8").trim().split("\n").length - 1;
    cases.push({ name: `${scale}-incremental`, kind: "incremental", rows, files: 1, ingest: incremental.ingest, metrics: incremental.metrics, site: null, floor: cases[0]!.floor, failed: incremental.failed });
  } finally {
    resent.restore();
  }

  // A whole new quarter from every partner: the tree as it stood a quarter earlier, then today's tree.
  const previous = previousQuarterLabel(lastPeriod);
  const earlier = layout(join(benchDir, `${scale}-as-of-${previous}`));
  await ensureExports(scale, earlier.dir, previous);
  freshOutputs(earlier);
  await ingestAndMetrics(`${scale}: the tree as of ${previous} (setting up)`, earlier, join(earlier.dir, "exports"));
  const before = readTotals(earlier.report);
  const newQuarter = await ingestAndMetrics(`${scale}: new quarter ${lastPeriod} from every partner`, earlier, exportsDir);
  const after = readTotals(earlier.report);
  cases.push({
    name: `${scale}-new-quarter`, kind: "new-quarter", rows: after.rowsRead - before.rowsRead, files: after.files - before.files,
    ingest: newQuarter.ingest, metrics: newQuarter.metrics, site: null, floor: cases[0]!.floor, failed: newQuarter.failed,
  });
  return { scale, cases };
}

const results: ScaleResults[] = [];
try {
  for (const scale of scales) results.push(await benchScale(scale));
} finally {
  if (values.smoke) rmSync(benchDir, { recursive: true, force: true });
}
process.stdout.write(formatTable(results) + "\n");
if (!values.smoke) for (const line of judgeTargets(results)) process.stdout.write(line + "\n");
for (const r of results) for (const c of r.cases) process.stdout.write(formatLine(c) + "\n");
// A step that failed (a scale too big for this machine, say) is reported above and fails the run.
if (results.some((r) => r.cases.some((c) => c.failed))) process.exitCode = 1;
