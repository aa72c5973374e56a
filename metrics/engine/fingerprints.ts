import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { type Db, rows } from "../../loaders/duckdb.ts";
import type { MetricDefinition } from "../definition.ts";

/**
 * The fingerprints the partition cache (partitions.ts) keys a metric's outputs by. A metric's rows depend on its
 * definition, the engine's code, the config, the data end, the missing submissions, and the partner datasets
 * behind the core tables it reads. Ingest records a version of every dataset (`dataset_versions`) and which
 * datasets feed each core table (`core_lineage`).
 */

/** Core tables every metric reads through the engine (breakdowns and practice attribution). */
const ENGINE_TABLES = ["people", "config_practices"];

const METRICS_DIR = join(import.meta.dirname, "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : [],
  );
}

/** The engine, statistics and definitions' code: any change to it recomputes everything. */
function codeVersion(): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles(METRICS_DIR).sort()) hash.update(file.slice(METRICS_DIR.length)).update(readFileSync(file));
  return hash.digest("hex");
}

/** The core tables a definition's SQL names (whole words), from the lineage the database records. */
export function tablesRead(sql: string, coreTables: readonly string[]): string[] {
  return coreTables.filter((t) => new RegExp(`\\b${t}\\b`).test(sql));
}

export interface InputVersions {
  /** core table -> the datasets that feed it */
  lineage: Map<string, string[]>;
  /** dataset (or `files`) -> version */
  versions: Map<string, string>;
}

/** The lineage and dataset versions ingest recorded, or null for a database that has none (no reuse then). */
export async function readInputVersions(db: Db): Promise<InputVersions | null> {
  const tables = new Set((await rows<{ name: string }>(db, "select table_name as name from information_schema.tables")).map((t) => t.name));
  if (!tables.has("core_lineage") || !tables.has("dataset_versions")) return null;
  const lineage = new Map<string, string[]>();
  for (const r of await rows<{ core_table: string; dataset: string }>(db, "select core_table, dataset from core_lineage order by all"))
    lineage.set(r.core_table, [...(lineage.get(r.core_table) ?? []), r.dataset]);
  const versions = new Map(
    (await rows<{ dataset: string; version: string }>(db, "select dataset, version from dataset_versions")).map((r) => [r.dataset, r.version]),
  );
  return { lineage, versions };
}

export interface MetricFingerprints {
  /** everything the metric's rows rest on */
  inputs: Record<string, string>;
  /** everything but the datasets behind its own SQL: when only these differ, changed periods can be found from units */
  contexts: Record<string, string>;
}

export function metricFingerprints(
  definitions: readonly MetricDefinition[],
  inputs: InputVersions,
  context: { config: AllianceConfig; dataToPeriod: string; missingSubmissions: string[] },
): MetricFingerprints {
  const common = JSON.stringify({
    code: codeVersion(),
    config: { ...context.config, configDir: undefined, configPath: undefined, paths: undefined },
    dataToPeriod: context.dataToPeriod,
    missing: context.missingSubmissions,
  });
  const coreTables = [...inputs.lineage.keys()];
  const fingerprint = (id: string, tables: readonly string[]) => {
    const datasets = [...new Set(tables.flatMap((t) => inputs.lineage.get(t) ?? []))].sort();
    const hash = createHash("sha256").update(common).update(id);
    for (const d of datasets) hash.update(`${d}=${inputs.versions.get(d) ?? "none"};`);
    return hash.digest("hex");
  };
  const out: MetricFingerprints = { inputs: {}, contexts: {} };
  for (const def of definitions) {
    out.inputs[def.id] = fingerprint(def.id, [...new Set([...ENGINE_TABLES, ...tablesRead(def.sql, coreTables)])].sort());
    out.contexts[def.id] = fingerprint(def.id, ENGINE_TABLES);
  }
  return out;
}
