import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { type Db, rows } from "../../loaders/duckdb.ts";
import type { MetricDefinition } from "../definition.ts";
import type { UnitDigests } from "./period-window.ts";

/**
 * Incremental metrics. A metric's rows depend on its definition, the engine's code, the config, the data end,
 * the missing submissions, and the partner datasets behind the core tables its SQL reads. Ingest records a
 * version of every dataset (`dataset_versions`) and which datasets feed each core table (`core_lineage`); a
 * metric whose inputs all carry the versions of the last run keeps that run's rows, copied from its outputs.
 */

export const STATE_FILE = "metrics-state.json";

export interface MetricsState {
  /** metric id -> fingerprint of its inputs */
  fingerprints: Record<string, string>;
  /** metric id -> fingerprint of its context: all its inputs but the datasets its own SQL reads */
  contexts?: Record<string, string>;
  /** metric id -> its units' digest per month (see period-window.ts) */
  unitDigests?: Record<string, UnitDigests>;
  /** metric id -> the warnings its computation gave (repeated when its rows are reused) */
  warnings: Record<string, string[]>;
}

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

export interface Reusable {
  /** metrics whose previous rows can all be copied */
  reusable: Set<string>;
  /** metrics whose context is unchanged: the periods their units' changes reach are recomputed, the rest copied */
  windowed: Set<string>;
  /** the previous run's unit digests */
  unitDigests: Record<string, UnitDigests>;
  warnings: Record<string, string[]>;
}

/**
 * What the previous run's outputs offer (only when every output file of that run is present): the metrics with
 * the same fingerprint, and the metrics with the same context, whose unchanged periods can be copied.
 */
export function reusableMetrics(outDir: string, outputFiles: readonly string[], fingerprints: MetricFingerprints): Reusable {
  const none: Reusable = { reusable: new Set<string>(), windowed: new Set<string>(), unitDigests: {}, warnings: {} };
  const statePath = join(outDir, STATE_FILE);
  if (!existsSync(statePath) || !outputFiles.every((f) => existsSync(join(outDir, f)))) return none;
  let state: MetricsState;
  try {
    state = JSON.parse(readFileSync(statePath, "utf8")) as MetricsState;
  } catch {
    return none;
  }
  const reusable = new Set(Object.entries(fingerprints.inputs).filter(([id, fp]) => state.fingerprints?.[id] === fp).map(([id]) => id));
  const unitDigests = state.unitDigests ?? {};
  const windowed = new Set(
    Object.entries(fingerprints.contexts)
      .filter(([id, fp]) => !reusable.has(id) && unitDigests[id] && state.contexts?.[id] === fp)
      .map(([id]) => id),
  );
  return { reusable, windowed, unitDigests, warnings: state.warnings ?? {} };
}

export function writeState(path: string, state: MetricsState): void {
  writeFileSync(path, JSON.stringify(state, null, 2) + "\n");
}

/**
 * Reads a previous output CSV (one record per line: the engine never writes a line break inside a value) and
 * hands over one metric's lines at a time, as bytes: most are copied unchanged, and decoding and re-encoding
 * hundreds of megabytes of text would cost more than the rest of an incremental run. Rows are grouped by metric
 * in `order`, the order they were written.
 */
export class PreviousRows {
  private readonly fd: number;
  private readonly position: Map<string, number>;
  private chunk = Buffer.alloc(0);
  private offset = 0;
  private ended = false;
  private pending: Buffer | null = null;
  private started = false;

  constructor(path: string, order: readonly string[]) {
    this.fd = openSync(path, "r");
    this.position = new Map(order.map((id, i) => [id, i]));
  }

  private next(): Buffer | null {
    for (;;) {
      const newline = this.chunk.indexOf(NEWLINE, this.offset);
      if (newline >= 0) {
        const line = this.chunk.subarray(this.offset, newline);
        this.offset = newline + 1;
        return line;
      }
      if (this.ended) {
        if (this.offset >= this.chunk.length) return null;
        const last = this.chunk.subarray(this.offset);
        this.offset = this.chunk.length;
        return last;
      }
      const fresh = Buffer.allocUnsafe(CHUNK_BYTES);
      const read = readSync(this.fd, fresh, 0, CHUNK_BYTES, null);
      if (read === 0) this.ended = true;
      // Lines handed out are views of the old chunk, which stays as it is: a new one is made, never refilled.
      this.chunk = Buffer.concat([this.chunk.subarray(this.offset), fresh.subarray(0, read)]);
      this.offset = 0;
    }
  }

  /** Every line of `metricId`'s rows; lines of metrics before it (recomputed this time) are skipped. */
  linesFor(metricId: string): Buffer[] {
    if (!this.started) {
      this.next(); // the header
      this.started = true;
    }
    const target = this.position.get(metricId) ?? -1;
    const out: Buffer[] = [];
    for (let line = this.pending ?? this.next(); line !== null; line = this.next()) {
      const at = this.position.get(line.toString("latin1", 0, line.indexOf(COMMA))) ?? -1;
      if (at > target) {
        this.pending = line;
        return out;
      }
      this.pending = null;
      if (at === target) out.push(line);
    }
    this.pending = null;
    return out;
  }

  close(): void {
    closeSync(this.fd);
  }
}

const NEWLINE = 0x0a;
const COMMA = 0x2c;
const CHUNK_BYTES = 4 << 20;
