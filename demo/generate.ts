/**
 * `generateDemoData`: a synthetic, pseudonymised set of partner exports for a realistic alliance, plus its
 * config. Deterministic for (seed, scale, asOf): the same inputs give byte-identical files with identical
 * modification times.
 *
 * Layout written under `outDir`:
 *   alliance.json                                  the config (validated with parseConfig)
 *   exports/<PARTNER>/<PERIOD>/<dataset>.csv|.xlsx  the partner files, each with mtime = the date it was sent
 *   demo-manifest.json                             what was planned: submissions, versions, injected errors
 */
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { parseConfig } from "../loaders/contract/config.ts";
import { parseQuarter } from "../loaders/contract/periods.ts";
import type { DatasetName } from "../loaders/contract/datasets/index.ts";
import { DATASET_DEFS, ERROR_KINDS, factsStatements, forcedErrorStatements } from "./datasets.ts";
import { modelStatements } from "./model.ts";
import { buildConfig, buildPractices, FIRST_PERIOD, LAST_PERIOD, PARTNERS, SCALES, scaleSpec, type Scale } from "./scales.ts";
import { buildSchedule, cutoffFor, versionAt, type Submission, type Version } from "./schedule.ts";
import { writeCsv, type FileResult } from "./writers.ts";
import { writeXlsx } from "./xlsx.ts";

export interface GenerateOptions {
  outDir: string;
  seed?: number;
  scale?: Scale;
  /** a period label such as 2024-25-Q3: write the tree as it stood at that quarter's due date */
  asOf?: string;
  onProgress?: (step: string, done: number, total: number) => void;
}

export interface GenerateResult {
  configPath: string;
  files: number;
  rows: number;
}

export const XLSX_PARTNERS = new Set(["HOSPICE2"]);

function checkOptions(options: GenerateOptions): { seed: number; scale: Scale; asOf?: string } {
  const scale = options.scale ?? "demo";
  if (!(SCALES as readonly string[]).includes(scale))
    throw new Error(`unknown scale '${String(scale)}': expected one of ${SCALES.join(", ")}`);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(seed) || seed < 0) throw new Error(`invalid seed '${String(seed)}': expected a whole number >= 0`);
  const asOf = options.asOf;
  if (asOf !== undefined) {
    const q = parseQuarter(asOf);
    if (!q) throw new Error(`invalid as-of period '${asOf}': expected a financial-year quarter such as 2024-25-Q3`);
    const first = parseQuarter(FIRST_PERIOD)!;
    const last = parseQuarter(LAST_PERIOD)!;
    if (q.start < first.start || q.start > last.start)
      throw new Error(`as-of period '${asOf}' is outside the demo data (${FIRST_PERIOD} to ${LAST_PERIOD})`);
  }
  if (!options.outDir) throw new Error("an output folder is required");
  return { seed, scale, asOf };
}

/** A submission's sent date as a file time (noon UTC, so the date reads the same in any UK time zone). */
export function sentTime(date: string): Date {
  return new Date(`${date}T12:00:00Z`);
}

export async function generateDemoData(options: GenerateOptions): Promise<GenerateResult> {
  const { seed, scale, asOf } = checkOptions(options);
  const progress = options.onProgress ?? (() => {});
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });

  const spec = scaleSpec(scale);
  const practices = buildPractices(spec, seed);
  const configJson = buildConfig(spec, practices);
  const configPath = join(outDir, "alliance.json");
  parseConfig(configJson, configPath); // throws if the generator ever writes an invalid config

  const schedule = buildSchedule(seed);
  const cutoff = cutoffFor(asOf);

  const work = mkdtempSync(join(outDir, ".demo-work-"));
  const stagingExports = join(work, "exports");
  mkdirSync(stagingExports);
  let instance: DuckDBInstance | undefined;
  let conn: DuckDBConnection | undefined;
  try {
    instance = await DuckDBInstance.create(spec.fileBacked ? join(work, "model.duckdb") : ":memory:", {
      memory_limit: spec.memoryLimit,
      temp_directory: join(work, "spill"),
      preserve_insertion_order: "true",
      // the output does not depend on the thread count (the tests check it); settable for measuring
      ...(process.env.DEMO_DUCKDB_THREADS ? { threads: process.env.DEMO_DUCKDB_THREADS } : {}),
    });
    conn = await instance.connect();
    const c = conn;

    const steps = [...modelStatements(seed, practices), ...factsStatements()];
    for (let i = 0; i < steps.length; i++) {
      progress(`model:${steps[i].name}`, i, steps.length + 1);
      await c.run(steps[i].sql);
    }
    for (const sql of forcedErrorStatements()) await c.run(sql);
    // keep only the facts tables (spells are views over cspell and gspell, read once into f_admissions)
    await c.run(`DROP VIEW IF EXISTS spell2; DROP VIEW IF EXISTS spell`);
    for (const t of ["dec", "ralive", "reg", "person", "ep", "refl", "ct", "oc", "cp2", "ftk", "car2", "plist", "cspell", "gspell"])
      await c.run(`DROP TABLE IF EXISTS ${t}`);
    progress("model", steps.length + 1, steps.length + 1);

    // the files of the tree: every submission's version current at the cutoff
    const jobs: { sub: Submission; version: Version; dataset: DatasetName }[] = [];
    for (const sub of schedule) {
      const version = versionAt(sub, cutoff);
      if (!version) continue;
      const partner = PARTNERS.find((p) => p.code === sub.partner)!;
      for (const dataset of partner.datasets) jobs.push({ sub, version, dataset });
    }

    let rows = 0;
    const fileResults: (FileResult & { partner: string; period: string; dataset: string; version: number; sent: string })[] = [];
    for (let i = 0; i < jobs.length; i++) {
      const { sub, version, dataset } = jobs[i];
      progress("files", i, jobs.length);
      const dir = join(stagingExports, sub.partner, sub.period);
      mkdirSync(dir, { recursive: true });
      const ctx = {
        partner: sub.partner,
        period: sub.period,
        quarterEnd: sub.quarter.end,
        sent: version.sent,
        withNhsNumber: !!version.withNhsNumber,
        seed,
      };
      const def = DATASET_DEFS[dataset];
      const result = XLSX_PARTNERS.has(sub.partner)
        ? await writeXlsx(c, def, ctx, join(dir, `${dataset}.xlsx`), work)
        : await writeCsv(c, def, ctx, join(dir, `${dataset}.csv`), work);
      const when = sentTime(version.sent);
      utimesSync(result.path, when, when);
      rows += result.rows;
      fileResults.push({
        ...result,
        path: `${sub.partner}/${sub.period}/${dataset}.${XLSX_PARTNERS.has(sub.partner) ? "xlsx" : "csv"}`,
        partner: sub.partner,
        period: sub.period,
        dataset,
        version: version.no,
        sent: version.sent,
      });
    }
    progress("files", jobs.length, jobs.length);

    // config and manifest
    const fixed = sentTime(cutoff);
    const stagedConfig = join(work, "alliance.json");
    writeFileSync(stagedConfig, JSON.stringify(configJson, null, 2) + "\n");
    utimesSync(stagedConfig, fixed, fixed);
    const manifest = {
      generator: "demo/generate.ts",
      seed,
      scale,
      asOf: asOf ?? null,
      cutoff,
      totals: { files: fileResults.length, rows },
      submissions: schedule.map((s) => ({
        partner: s.partner,
        period: s.period,
        kind: s.kind,
        note: s.note,
        versions: s.versions,
        inTree: versionAt(s, cutoff)?.no ?? null,
      })),
      files: fileResults.map((f) => ({
        path: f.path,
        version: f.version,
        sent: f.sent,
        rows: f.rows,
        ...(f.refused ? { refused: f.refused } : {}),
        ...(f.errors.length ? { errors: f.errors } : {}),
      })),
      errorKinds: ERROR_KINDS,
    };
    const stagedManifest = join(work, "demo-manifest.json");
    writeFileSync(stagedManifest, JSON.stringify(manifest, null, 1) + "\n");
    utimesSync(stagedManifest, fixed, fixed);

    c.closeSync();
    conn = undefined;
    instance.closeSync();
    instance = undefined;

    // swap the new tree in
    progress("finish", 0, 1);
    const exportsDir = join(outDir, "exports");
    if (existsSync(exportsDir)) rmSync(exportsDir, { recursive: true, force: true });
    renameSync(stagingExports, exportsDir);
    renameSync(stagedConfig, configPath);
    renameSync(stagedManifest, join(outDir, "demo-manifest.json"));
    progress("finish", 1, 1);
    return { configPath, files: fileResults.length, rows };
  } finally {
    try {
      conn?.closeSync();
      instance?.closeSync();
    } catch {
      /* already closed */
    }
    rmSync(work, { recursive: true, force: true });
  }
}
