import { existsSync } from "node:fs";
import { UsageError } from "../loaders/ingest.ts";
import { closeDb, type Db, openDb, rows } from "../loaders/duckdb.ts";
import { METRIC_VALUE_COLUMNS, SPC_COLUMNS } from "../metrics/engine/columns.ts";
import type { SourcePaths } from "./source.ts";
import { VALUE_DERIVED_FIELDS } from "../metrics/statistics/disclosure.ts";

/**
 * The packs read only the published (disclosure-controlled) outputs, as text: every cell is copied exactly as
 * published (a number is never parsed and printed again, a hidden cell never recomputed). Filters are
 * prepared parameters.
 */

export type TextRow = Record<string, string | null>;

export const VALUE_COLUMN_NAMES = Object.keys(METRIC_VALUE_COLUMNS) as (keyof typeof METRIC_VALUE_COLUMNS)[];
export const SPC_COLUMN_NAMES = Object.keys(SPC_COLUMNS) as (keyof typeof SPC_COLUMNS)[];

/**
 * The cells disclosure control empties in a hidden (suppressed) published row: the counts and everything
 * computed from them. The packs write them as `*`.
 */
export const HIDDEN_VALUE_COLUMNS = [
  "numerator",
  "denominator",
  "numerator_people",
  "denominator_people",
  "value",
  ...VALUE_DERIVED_FIELDS,
] as const;

/** The cells of a published SPC point emptied when its month is hidden. */
export const HIDDEN_SPC_COLUMNS = ["value", "special_cause", "variation"] as const;

const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

function textCsv(path: string, columns: readonly string[]): string {
  const spec = columns.map((c) => `${sqlString(c)}: 'VARCHAR'`).join(", ");
  return `read_csv(${sqlString(path)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${spec}})`;
}

export interface Published {
  db: Db;
  close(): void;
}

/** An in-memory DuckDB with `metric_values` and `spc` as text views over the published CSVs. */
export async function openPublished(paths: SourcePaths): Promise<Published> {
  for (const [file, what] of [
    [paths.values, "published metric values"],
    [paths.spc, "published SPC series"],
    [paths.definitions, "definitions.json"],
  ] as const)
    if (!existsSync(file)) throw new UsageError(`${what} not found: ${file} (run the metrics step first)`);
  const db = await openDb(":memory:", { threads: "2" });
  try {
    // one pass over each CSV (the alliance and the period's rows are all the packs need, but queries repeat)
    await db.connection.run(`create table metric_values as select * from ${textCsv(paths.values, VALUE_COLUMN_NAMES)} where period_type in ('quarter', 'rolling12')`);
    await db.connection.run(`create table spc as select * from ${textCsv(paths.spc, SPC_COLUMN_NAMES)} where breakdown = 'alliance'`);
  } catch (e) {
    closeDb(db);
    throw e;
  }
  return { db, close: () => closeDb(db) };
}

/** The quarters with an alliance value row, oldest first: the periods a pack can be made for. */
export async function publishedQuarters(p: Published): Promise<string[]> {
  const result = await rows<{ period: string }>(p.db, `select distinct period from metric_values where period_type = 'quarter' and breakdown = 'alliance' order by period`);
  return result.map((r) => r.period);
}

const ORDER = "order by period_type, period, breakdown, breakdown_value";

/** Every breakdown of a metric for a period: the quarter and the rolling 12 months ending with it. */
export function periodRows(p: Published, metricId: string, period: string): Promise<TextRow[]> {
  return rows<TextRow>(p.db, `select * from metric_values where metric_id = $metric and period = $period ${ORDER}`, { metric: metricId, period });
}

/** The alliance's quarterly and rolling 12-month series of a metric up to and including a period. */
export function seriesRows(p: Published, metricId: string, period: string): Promise<TextRow[]> {
  return rows<TextRow>(p.db, `select * from metric_values where metric_id = $metric and breakdown = 'alliance' and period <= $period ${ORDER}`, { metric: metricId, period });
}

/** The alliance's monthly SPC points of a metric up to a month. */
export function spcRows(p: Published, metricId: string, lastMonth: string): Promise<TextRow[]> {
  return rows<TextRow>(p.db, `select * from spc where metric_id = $metric and month <= $month order by month`, { metric: metricId, month: lastMonth });
}

/** A published row with its hidden cells written `*` (a hidden row's counts and what derives from them). */
export function markHidden(row: TextRow): TextRow {
  if (row.suppressed !== "true") return row;
  const out = { ...row };
  for (const column of HIDDEN_VALUE_COLUMNS) if (out[column] == null || out[column] === "") out[column] = "*";
  return out;
}

/** A published SPC point with the cells of a hidden month written `*`. */
export function markHiddenMonth(row: TextRow): TextRow {
  if (row.value != null && row.value !== "") return row;
  const out = { ...row };
  for (const column of HIDDEN_SPC_COLUMNS) out[column] = "*";
  return out;
}

const NUMBER_COLUMNS = new Set(["numerator", "denominator", "numerator_people", "denominator_people", "value", "ci_lower", "ci_upper", "baseline_value", "change", "change_lower", "change_upper", "target", "benchmark_value"]);
const BOOLEAN_COLUMNS = new Set(["incomplete", "provisional", "suppressed"]);

/** A text row as the site's components see a row (numbers, booleans, null for empty): for the statements. */
export function typedRow(row: TextRow): Record<string, string | number | boolean | null> {
  const out: Record<string, string | number | boolean | null> = {};
  for (const [key, text] of Object.entries(row)) {
    if (BOOLEAN_COLUMNS.has(key)) out[key] = text === "true";
    else if (text == null || text === "") out[key] = null;
    else if (NUMBER_COLUMNS.has(key)) out[key] = Number(text);
    else out[key] = text;
  }
  return out;
}
