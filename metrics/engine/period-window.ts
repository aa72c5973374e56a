import { parse } from "csv-parse/sync";
import { type Db, rows } from "../../loaders/duckdb.ts";
import { METRIC_VALUE_COLUMNS, type MetricValueRow } from "./columns.ts";
import { monthEnd, type Period } from "./periods.ts";
import { SPC_BREAKDOWNS } from "./spc.ts";

/**
 * Recomputing only the periods a change reaches. A period's rows rest on its own units, the baseline's units
 * and the run's context (config, data end, missing submissions, code, the people table); so when the context
 * is as it was, a digest of a metric's units per month says which months changed, and only the periods
 * overlapping them are recomputed. The other periods' rows are the previous run's, copied as text.
 */

/** month (`YYYY-MM`) -> `<units>:<sum of unit hashes>`, over every column of `metric_units`. */
export type UnitDigests = Record<string, string>;

/**
 * Amounts are rounded first: a unit's sum of costs, added up by several threads, can differ in its last bits
 * from one run to the next, and must not make an unchanged month look changed.
 */
export const UNIT_DIGESTS_SQL = `
select strftime(unit_date, '%Y-%m') as month,
  count(*)::varchar || ':' || sum(hash(unit_date, person_id, partner, practice_code, round(numerator, 9), round(denominator, 9),
    people_key, numerator_person, denominator_person, round(anonymous_people, 9), open_units))::varchar as digest
from metric_units
group by all`;

export async function unitDigests(db: Db): Promise<UnitDigests> {
  const found = await rows<{ month: string; digest: string }>(db, UNIT_DIGESTS_SQL);
  return Object.fromEntries(found.map((r) => [r.month, r.digest]));
}

/** Months whose units differ between two runs (present in one only, or with another digest), sorted. */
export function changedMonths(before: UnitDigests, after: UnitDigests): string[] {
  const months = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...months].filter((m) => before[m] !== after[m]).sort();
}

/** The periods (baseline included) that overlap any of the months, in the order given. */
export function periodsReached(periods: readonly Period[], months: readonly string[]): Period[] {
  const spans = months.map((m) => ({ start: `${m}-01`, end: monthEnd(Number(m.slice(0, 4)), Number(m.slice(5, 7))) }));
  return periods.filter((p) => spans.some((s) => s.start <= p.end && p.start <= s.end));
}

/**
 * What a recomputation of `reached` (periods other than the baseline) has to aggregate: those periods, the
 * months inside any of them or the baseline (the engine rolls months up into longer periods), and the baseline,
 * which every row's change rests on.
 */
export function periodsToAggregate(periods: readonly Period[], reached: readonly Period[], baseline: Period): Period[] {
  const spans = [...reached, baseline];
  const inside = (p: Period) => p.type === "month" && spans.some((s) => s.start <= p.start && p.end <= s.end);
  return [...periods.filter((p) => reached.includes(p) || inside(p)), baseline];
}

export const periodKey = (type: string, label: string) => `${type}|${label}`;

/**
 * A previous run's output lines of one metric, by period. The engine's CSV never quotes a metric id, period
 * type or period label, so the key is the second and third fields.
 */
export function linesByPeriod(lines: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const line of lines) {
    const first = line.indexOf(",");
    const second = line.indexOf(",", first + 1);
    const third = line.indexOf(",", second + 1);
    const key = periodKey(line.slice(first + 1, second), line.slice(second + 1, third));
    const list = out.get(key);
    if (list) list.push(line);
    else out.set(key, [line]);
  }
  return out;
}

const COLUMN_NAMES = Object.keys(METRIC_VALUE_COLUMNS);
const BREAKDOWN_FIELD = COLUMN_NAMES.indexOf("breakdown");

/** The fields SPC reads from a previous run's metric_values line, typed as the engine wrote them. */
export type SpcMonthFields = Pick<
  MetricValueRow,
  "period_type" | "period" | "breakdown" | "breakdown_value" | "value" | "suppressed" | "denominator_people" | "provisional" | "empty_reason"
>;

export function spcFieldsOf(line: string): SpcMonthFields {
  // Most lines have no quoted field and split on commas; the others go through a CSV parser.
  const cells = line.includes('"') ? (parse(line) as string[][])[0]! : line.split(",");
  const field = (name: string) => cells[COLUMN_NAMES.indexOf(name)] ?? "";
  const value = field("value");
  return {
    period_type: field("period_type"),
    period: field("period"),
    breakdown: field("breakdown") as MetricValueRow["breakdown"],
    breakdown_value: field("breakdown_value"),
    value: value === "" ? null : Number(value),
    suppressed: field("suppressed") === "true",
    denominator_people: field("denominator_people") === "" ? null : Number(field("denominator_people")),
    provisional: field("provisional") === "true",
    empty_reason: (field("empty_reason") || null) as MetricValueRow["empty_reason"],
  };
}

/**
 * The SPC fields of the lines whose breakdown has an SPC series. Breakdown names are never quoted and the fields
 * before them hold no comma, so a line is parsed in full only when SPC needs it.
 */
export function spcMonthLines(lines: readonly string[]): SpcMonthFields[] {
  return lines.filter((line) => SPC_BREAKDOWNS.has(line.split(",", BREAKDOWN_FIELD + 1)[BREAKDOWN_FIELD]!)).map(spcFieldsOf);
}
