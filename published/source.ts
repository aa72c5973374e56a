import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { type AllianceConfig, configPath, loadConfig } from "../loaders/contract/config.ts";
import { closeDb, type Db, openDb, rows } from "../loaders/duckdb.ts";
import { identifierPosition } from "../loaders/identifiers.ts";
import { METRIC_VALUE_COLUMNS, SPC_COLUMNS } from "../metrics/engine/columns.ts";

/**
 * What every site data loader shares: the alliance config named in ALLIANCE_CONFIG, the disclosure-controlled
 * metric outputs (published/metric_values.csv, published/spc.csv) read through DuckDB's CSV reader, and
 * definitions.json. Loaders never read the unrounded outputs, and never a person or carer key.
 */

const ROOT = resolve(import.meta.dirname, "..");

export function siteConfig(): AllianceConfig {
  return loadConfig(resolve(process.env.ALLIANCE_CONFIG ?? join(ROOT, "data", "alliance.json")));
}

export interface SourcePaths {
  values: string;
  spc: string;
  definitions: string;
  db: string;
}

export function sourcePaths(config: AllianceConfig): SourcePaths {
  const out = configPath(config, "out");
  return {
    values: join(out, "published", "metric_values.csv"),
    spc: join(out, "published", "spc.csv"),
    definitions: join(out, "definitions.json"),
    db: configPath(config, "db"),
  };
}

function requireFile(path: string, what: string): string {
  if (!existsSync(path)) throw new Error(`${what} not found: ${path} (run the metrics step first)`);
  return path;
}

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

function csvColumns(columns: Record<string, string>): string {
  return `{${Object.entries(columns).map(([name, type]) => `${sqlString(name)}: ${sqlString(type)}`).join(", ")}}`;
}

/** A table expression reading a published CSV with the interfaces.md column types. */
function readCsv(path: string, columns: Record<string, string>): string {
  return `read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = ${csvColumns(columns)})`;
}

/** Runs `work` with an in-memory DuckDB where `metric_values` and `spc` are views over the published CSVs. */
export async function withPublished<T>(paths: SourcePaths, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(":memory:", { threads: "2" });
  try {
    await db.connection.run(`create view metric_values as select * from ${readCsv(requireFile(paths.values, "published metric values"), METRIC_VALUE_COLUMNS)}`);
    await db.connection.run(`create view spc as select * from ${readCsv(requireFile(paths.spc, "published SPC series"), SPC_COLUMNS)}`);
    return await work(db);
  } finally {
    closeDb(db);
  }
}

/** Runs `work` against the alliance DuckDB, read-only (data quality aggregates only). */
export async function withAllianceDb<T>(paths: SourcePaths, work: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDb(requireFile(paths.db, "alliance database"), { access_mode: "READ_ONLY", threads: "2" });
  try {
    return await work(db);
  } finally {
    closeDb(db);
  }
}

export async function query<T = Record<string, unknown>>(db: Db, sql: string, params?: Record<string, string | number>): Promise<T[]> {
  const result = await rows<Record<string, unknown>>(db, sql, params);
  // DuckDB hands BIGINT back as bigint: the site wants plain numbers
  return result.map((row) => {
    for (const key of Object.keys(row)) if (typeof row[key] === "bigint") row[key] = Number(row[key]);
    return row as T;
  });
}

export interface Definitions {
  alliance: string;
  data_from: string;
  data_to_period: string;
  metrics: Array<Record<string, unknown> & { id: string; name: string; family: string }>;
  [key: string]: unknown;
}

export function readDefinitions(paths: SourcePaths): Definitions {
  return JSON.parse(readFileSync(requireFile(paths.definitions, "definitions.json"), "utf8"));
}

/**
 * definitions.json as the site and the packs publish it: without each metric's SQL (which names the key
 * columns), and with key column names written in words.
 */
export function publicDefinitions(paths: SourcePaths): Definitions {
  const { sql_parameters: _parameters, ...rest } = readDefinitions(paths);
  const metrics = rest.metrics.map(({ sql: _sql, sql_parameters: _sqlParameters, ...metric }) => metric);
  return JSON.parse(sanitiseText(JSON.stringify({ ...rest, metrics })));
}

/**
 * Column-oriented JSON, several times smaller than row objects: strings become a dictionary and codes, numbers
 * are rounded to the significant figures the site shows (and more), and a column with long runs of the same
 * value (metric, period, target, flags) is run-length encoded. `decodeColumns` (src/components/data.js) reverses it.
 *   string column:  { dictionary: [...], codes: [...] } or { dictionary: [...], runs: [code, count, ...] }
 *   number column:  { text: "0.5,,12" } (empty = null) or { runs: [value, count, ...] }
 * Booleans are number columns of 0/1.
 */
export type ColumnKind = "string" | "boolean" | "count" | "number" | "value";

export type EncodedColumn =
  | { dictionary: (string | null)[]; codes: number[] }
  | { dictionary: (string | null)[]; runs: number[] }
  | { text: string }
  | { runs: (number | null)[] };

export interface EncodedTable {
  length: number;
  columns: Record<string, EncodedColumn>;
}

const SIGNIFICANT: Record<string, number> = { count: 10, number: 4, value: 5 };

function roundTo(v: unknown, digits: number): number | null {
  return typeof v === "number" && Number.isFinite(v) ? Number(v.toPrecision(digits)) : null;
}

function runs<T>(values: T[]): { runs: (T | number)[]; count: number } {
  const out: (T | number)[] = [];
  let count = 0;
  for (let i = 0; i < values.length; ) {
    let j = i + 1;
    while (j < values.length && values[j] === values[i]) j++;
    out.push(values[i]!, j - i);
    count++;
    i = j;
  }
  return { runs: out, count };
}

export function encodeColumns(data: Record<string, unknown>[], kinds: Record<string, ColumnKind>): EncodedTable {
  const columns: Record<string, EncodedColumn> = {};
  for (const [name, kind] of Object.entries(kinds)) {
    if (kind === "string") {
      const dictionary: (string | null)[] = [];
      const index = new Map<string | null, number>();
      const codes = data.map((row) => {
        const value = row[name] == null ? null : String(row[name]);
        let code = index.get(value);
        if (code === undefined) index.set(value, (code = dictionary.push(value) - 1));
        return code;
      });
      const r = runs(codes);
      columns[name] = r.count * 2 < codes.length ? { dictionary, runs: r.runs as number[] } : { dictionary, codes };
    } else {
      const values = data.map((row) => (kind === "boolean" ? (row[name] === true ? 1 : 0) : roundTo(row[name], SIGNIFICANT[kind]!)));
      const r = runs(values);
      columns[name] = r.count * 3 < values.length ? { runs: r.runs as (number | null)[] } : { text: values.map((v) => (v === null ? "" : String(v))).join(",") };
    }
  }
  return { length: data.length, columns };
}

/** Field names the site shows in words rather than as the source column names of the keys. */
export function sanitiseText(text: string): string {
  return text.replace(/\bperson_id\b/g, "person key").replace(/\bcarer_id\b/g, "carer key");
}

const LEAK = /\b(?:pk|ck)_[0-9A-Za-z]{6,}|\bperson_id\b|\bcarer_id\b/;

/**
 * The last guard before publishing: a loader's output must never carry a person or carer key (the demo's pk_/ck_
 * pseudonyms, or the key column names). Throws rather than publish.
 */
export function checkNoKeys(text: string, where = "the output"): string {
  const leak = LEAK.exec(text);
  if (leak) throw new Error(`refusing to publish: ${where} would contain a person or carer key near '${text.slice(Math.max(0, leak.index - 40), leak.index)}'`);
  // A direct identifier echoed anywhere upstream (a refused file's reason, a rule's message) stops the build too.
  const identifier = identifierPosition(text);
  if (identifier >= 0)
    throw new Error(`refusing to publish: ${where} would contain an NHS number or a postcode near '${text.slice(Math.max(0, identifier - 40), identifier)}'`);
  return text;
}

export function writeJson(payload: unknown): void {
  process.stdout.write(checkNoKeys(JSON.stringify(payload)));
}

/** The metric-value columns the pages use (counts, intervals, comparisons and the flags that explain a value). */
export const VALUE_KINDS: Record<string, ColumnKind> = {
  metric_id: "string",
  period_type: "string",
  period: "string",
  breakdown: "string",
  breakdown_value: "string",
  numerator: "count",
  denominator: "count",
  value: "value",
  ci_lower: "number",
  ci_upper: "number",
  baseline_value: "number",
  change: "number",
  change_lower: "number",
  change_upper: "number",
  change_assessment: "string",
  target: "number",
  rag: "string",
  benchmark_value: "number",
  benchmark_assessment: "string",
  incomplete: "boolean",
  missing_submissions: "string",
  provisional: "boolean",
  empty_reason: "string",
  suppressed: "boolean",
};

export const VALUE_SELECT = Object.keys(VALUE_KINDS).join(", ");

export const SPC_KINDS: Record<string, ColumnKind> = {
  metric_id: "string",
  breakdown: "string",
  breakdown_value: "string",
  month: "string",
  value: "value",
  centre: "number",
  lower_limit: "number",
  upper_limit: "number",
  special_cause: "string",
  variation: "string",
  assurance: "string",
  rebase_group: "number",
  short_group: "boolean",
  provisional: "boolean",
  withheld_reason: "string",
  limits_clipped: "string",
  limits_from: "string",
  limits_to: "string",
  suppressed: "boolean",
  empty_reason: "string",
};

export const SPC_SELECT = Object.keys(SPC_KINDS).join(", ");

export function runLoader(main: () => Promise<void>): void {
  main().catch((e) => {
    process.stderr.write(`${(e as Error).message}\n`);
    process.exit(1);
  });
}
