import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { type AllianceConfig, parseConfig } from "../../loaders/contract/config.ts";
import { DATASETS } from "../../loaders/contract/datasets/index.ts";
import { quartersBetween } from "../../loaders/contract/periods.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import { runMetrics, type RunMetricsResult } from "../../metrics/engine/index.ts";
import { SMALL_CONFIG, tempDir, writeExports } from "../helpers/exports.ts";

/** Builds linked datasets by ingesting hand-written exports, runs the engine, and reads its outputs back. */

/** Optional fields added to the contract after the scenarios' positional rows were written: left out of their headers. */
const FIELDS_AFTER_SCENARIOS = new Set(["discharge_destination", "registration_date"]);

export const HEADERS: Record<string, string> = Object.fromEntries(
  DATASETS.map((d) => [d.name, d.fields.filter((f) => !FIELDS_AFTER_SCENARIOS.has(f.name)).map((f) => f.name).join(",")]),
);

/**
 * The test alliance: the small fixture's partners and practices (A00001 NORTH / NORTH-PCN-1, A00002 SOUTH /
 * SOUTH-PCN-1), data from 2024-04-01, baseline July-December 2024, contract from January 2025 (a baseline may not
 * start after the contract).
 */
export function metricsConfig(overrides: Record<string, unknown> = {}): AllianceConfig {
  const base = JSON.parse(readFileSync(SMALL_CONFIG, "utf8"));
  return parseConfig(
    { ...base, dataFrom: "2024-04-01", baseline: { from: "2024-07-01", to: "2024-12-31" }, contract: { from: "2025-01-01", to: "2026-03-31" }, targets: [], benchmarks: [], ...overrides },
    SMALL_CONFIG,
  );
}

export interface Scenario {
  /** `PARTNER/PERIOD/dataset` -> data rows (the header is added) */
  files: Record<string, string[]>;
  /** `PARTNER/PERIOD/dataset` submissions left out on purpose (every other expected one is sent, empty if not given) */
  missing?: string[];
  /** the last quarter sent */
  lastPeriod: string;
  config?: AllianceConfig;
}

export type Row = Record<string, string>;

export interface Outputs {
  result: RunMetricsResult;
  outDir: string;
  values: Row[];
  spc: Row[];
  published: Row[];
  publishedSpc: Row[];
  definitions: any;
}

export async function buildDb(scenario: Scenario): Promise<{ dbPath: string; config: AllianceConfig; exportsDir: string }> {
  const config = scenario.config ?? metricsConfig();
  const tree: Record<string, string> = {};
  const missing = new Set(scenario.missing ?? []);
  const last = quartersBetween(scenario.lastPeriod.slice(0, 4) + "-04-01", "9999-01-01").find((q) => q.label === scenario.lastPeriod)!;
  for (const q of quartersBetween(config.dataFrom, last.end))
    for (const p of config.partners)
      for (const d of p.datasets) {
        const key = `${p.code}/${q.label}/${d}`;
        if (!missing.has(key)) tree[`${key}.csv`] = [HEADERS[d], ...(scenario.files[key] ?? [])].join("\n") + "\n";
      }
  for (const key of Object.keys(scenario.files)) if (!tree[`${key}.csv`] && !missing.has(key)) throw new Error(`unexpected file ${key}`);
  const exportsDir = writeExports(tree);
  const dbPath = join(tempDir(), "alliance.duckdb");
  const { report } = await ingestExports({ config, exportsDir, dbPath });
  const problems = report.files.flatMap((f) => [...f.errors, ...(f.status === "refused" ? [{ row: 0, field: null, message: f.reason }] : [])].map((e) => `${f.path}:${e.row}:${e.field}:${e.message}`));
  if (problems.length) throw new Error(`test exports did not load cleanly:\n${problems.join("\n")}`);
  return { dbPath, config, exportsDir };
}

export function readCsv(path: string): Row[] {
  return parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true });
}

export async function runScenario(scenario: Scenario): Promise<Outputs> {
  const { dbPath, config } = await buildDb(scenario);
  const outDir = tempDir("alliance-metrics-");
  const result = await runMetrics({ config, dbPath, outDir });
  return {
    result,
    outDir,
    values: readCsv(join(outDir, "metric_values.csv")),
    spc: readCsv(join(outDir, "spc.csv")),
    published: readCsv(join(outDir, "published", "metric_values.csv")),
    publishedSpc: readCsv(join(outDir, "published", "spc.csv")),
    definitions: JSON.parse(readFileSync(join(outDir, "definitions.json"), "utf8")),
  };
}

/** The one row of a metric, period and breakdown value. */
export function pick(rows: Row[], metric: string, period: string, breakdown = "alliance", value = "all", periodType?: string): Row {
  const found = rows.filter(
    (r) => r.metric_id === metric && r.period === period && r.breakdown === breakdown && r.breakdown_value === value && (!periodType || r.period_type === periodType),
  );
  const type = periodType ?? (/^\d{4}-\d{2}$/.test(period) ? "month" : "quarter");
  const exact = found.filter((r) => r.period_type === type);
  if (exact.length !== 1) throw new Error(`expected one ${metric} ${type} ${period} ${breakdown}=${value}, found ${exact.length}`);
  return exact[0]!;
}

/** numerator/denominator (and people) of a row, as numbers. */
export const counts = (r: Row) => ({
  numerator: Number(r.numerator),
  denominator: Number(r.denominator),
  numerator_people: Number(r.numerator_people),
  denominator_people: Number(r.denominator_people),
});
