import type { DuckDBValue } from "@duckdb/node-api";
import { type Db, rows, run } from "../../loaders/duckdb.ts";
import type { Breakdown, MetricDefinition, SqlParameter } from "../definition.ts";
import type { Period } from "./periods.ts";

/**
 * The set-based part of the engine: a definition's units go into a temp table, are joined to every period at once
 * (by range, or by T for point-in-time metrics) and aggregated with GROUPING SETS over the metric's breakdowns.
 */

export interface Counts {
  numerator: number;
  denominator: number;
  numerator_people: number;
  denominator_people: number;
  /** units of the cell and those of them whose follow-up window is still open (absent: none open) */
  units?: number;
  open_units?: number;
}

/** Every period of the run, and the batch of them being aggregated. */
type PeriodsTable = "metric_periods" | "metric_periods_batch";

export interface AggregateRow extends Counts {
  period_type: string;
  period: string;
  breakdown: Breakdown;
  breakdown_value: string;
}

/** Optional unit columns and what a definition that leaves one out gets. */
const OPTIONAL_COLUMNS: Record<string, string> = {
  partner: "null::varchar",
  practice_code: "null::varchar",
  people_key: "person_id::varchar",
  numerator_person: "numerator > 0",
  denominator_person: "denominator > 0",
  anonymous_people: "0",
};

const REQUIRED_COLUMNS = ["unit_date", "person_id", "numerator", "denominator"];

/** How each breakdown's value is read for a unit (`p` = people, `cp` = config practice of the unit). */
const BREAKDOWN_EXPRESSIONS: Record<Exclude<Breakdown, "alliance">, string> = {
  locality: "coalesce(cp.locality, 'unknown')",
  pcn: "coalesce(cp.pcn, 'unknown')",
  practice: "coalesce(p.practice_code, u.practice_code, 'unknown')",
  imd_quintile: "coalesce(p.imd_quintile::varchar, 'unknown')",
  age_band: "coalesce(p.age_band, 'unknown')",
  sex: "coalesce(p.sex, 'unknown')",
  ethnic_group: "coalesce(p.ethnic_group, 'unknown')",
  diagnosis_group: "coalesce(p.diagnosis_group, 'unknown')",
  partner: "coalesce(u.partner, 'unknown')",
};

/** The periods as a temp table, the baseline among them. */
export async function createPeriodTable(db: Db, periods: readonly Period[]): Promise<void> {
  await run(db, `create or replace temp table metric_periods (period_type varchar, period varchar, period_start date, period_end date)`);
  await run(
    db,
    `insert into metric_periods
     select r->>'type', r->>'label', (r->>'start')::date, (r->>'end')::date from (select unnest(from_json($json, '["json"]')) as r)`,
    { json: JSON.stringify(periods) },
  );
}

/**
 * Runs the definition's SQL into `metric_units` with every unit column present and typed. Returns the number of
 * units. Throws, naming the metric, when the SQL fails or lacks a required column.
 */
export async function buildUnits(db: Db, def: MetricDefinition, parameters: Record<SqlParameter, DuckDBValue>): Promise<number> {
  const params = def.parameters.length ? Object.fromEntries(def.parameters.map((name) => [name, parameters[name]])) : undefined;
  const sql = def.sql.trim().replace(/;+$/, "");
  const failed = (e: unknown) => new Error(`metric ${def.id}: its SQL failed: ${(e as Error).message.split("\n")[0]}`);
  // The columns come from describing the SQL (binding, no execution), so the units are typed in the same
  // statement that computes them rather than copied a second time (a national metric's are hundreds of millions).
  let columns: Set<string>;
  try {
    columns = new Set((await rows<{ column_name: string }>(db, `describe ${sql}`, params)).map((c) => c.column_name));
  } catch (e) {
    throw failed(e);
  }
  const absent = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (absent.length) throw new Error(`metric ${def.id}: its SQL yields no ${absent.join(", ")} column`);
  const pick = (name: string) => (columns.has(name) ? name : OPTIONAL_COLUMNS[name]!);
  // A unit whose follow-up window has not closed by the data end counts in no numerator or denominator, only
  // among the period's open units (catalogue, "Open follow-up").
  const open = def.followUpDays > 0 ? `(unit_date::date + ${def.followUpDays} > $open_data_end::date)` : "false";
  const counted = (expression: string, zero: string) => (def.followUpDays > 0 ? `case when ${open} then ${zero} else ${expression} end` : expression);
  const unitParams = def.followUpDays > 0 ? { ...params, open_data_end: parameters.data_end } : params;
  try {
    await run(
      db,
      `create or replace temp table metric_units as
       select unit_date::date as unit_date, person_id::varchar as person_id, ${pick("partner")}::varchar as partner,
         ${pick("practice_code")}::varchar as practice_code,
         ${counted("coalesce(numerator, 0)", "0")}::double as numerator, ${counted("coalesce(denominator, 0)", "0")}::double as denominator,
         ${pick("people_key")}::varchar as people_key,
         ${counted(`coalesce(${pick("numerator_person")}, false)`, "false")}::boolean as numerator_person,
         ${counted(`coalesce(${pick("denominator_person")}, false)`, "false")}::boolean as denominator_person,
         ${counted(`coalesce(${pick("anonymous_people")}, 0)`, "0")}::double as anonymous_people,
         (${open})::integer as open_units
       from (${sql}) as definition_units
       where unit_date is not null`,
      unitParams,
    );
  } catch (e) {
    throw failed(e);
  }
  const [{ n }] = await rows<{ n: number }>(db, "select count(*)::integer as n from metric_units");
  return n;
}

/**
 * A metric's units with their breakdown values (`b_<breakdown>`), from people and the config's practices.
 */
function attributedSql(def: MetricDefinition): string {
  const attributes = breakdownsOf(def).map((b) => `${BREAKDOWN_EXPRESSIONS[b]} as b_${b}`);
  return `
  select u.unit_date, u.people_key, u.numerator, u.denominator, u.numerator_person, u.denominator_person,
    u.anonymous_people, u.open_units${attributes.length ? ",\n    " + attributes.join(",\n    ") : ""}
  from metric_units u
  left join people p on p.person_id = u.person_id
  left join config_practices cp on cp.code = coalesce(p.practice_code, u.practice_code)`;
}

/**
 * Step 1 of the aggregation, as the `keyed` step of one statement with step 2: units joined to the periods they
 * fall in (by range, or by T for point-in-time metrics), with their breakdown values. Event units dated outside
 * the data's months belong to no period (snapshots carry history from before the data starts; a rolling 12
 * months or baseline reaching before the data counts only its months in the data).
 *
 * - `months`: join to the months only (the caller rolls month cells up into the other periods).
 * - `collapse`: one row per period, person (people_key) and breakdown values: a person's several units in one
 *   period (HOSP-05's months of a quarter, a person's referrals) become one.
 */
export function keyedSql(
  def: MetricDefinition,
  options: { collapse: boolean; months: boolean; periodsTable?: PeriodsTable },
): string {
  const breakdowns = breakdownsOf(def);
  const periodsTable = options.periodsTable ?? "metric_periods";
  const join = def.pointInTime
    ? "a.unit_date = pe.period_end"
    : `a.unit_date between pe.period_start and pe.period_end${options.months ? " and pe.period_type = 'month'" : ""}
  where a.unit_date between (select min(period_start) from metric_periods where period_type = 'month')
    and (select max(period_end) from metric_periods where period_type = 'month')`;
  const select = options.collapse
    ? `select pe.period_type, pe.period, a.people_key${breakdowns.map((b) => `, a.b_${b}`).join("")},
  sum(a.numerator) as numerator, sum(a.denominator) as denominator,
  bool_or(a.numerator_person) as numerator_person, bool_or(a.denominator_person) as denominator_person,
  sum(a.anonymous_people) as anonymous_people, count(*) as units, sum(a.open_units) as open_units`
    : "select pe.period_type, pe.period, a.*, 1 as units";
  return `
with attributed as (${attributedSql(def)}
)
${select}
from attributed a
join ${periodsTable} pe on ${join}${options.collapse ? "\ngroup by all" : ""}`;
}

/**
 * Whether no person has two units in one period: for event metrics no people_key repeats; for point-in-time
 * metrics (one T per period) no (T, people_key) repeats.
 */
export function unitsUniqueSql(def: MetricDefinition): string {
  const key = def.pointInTime ? "(unit_date, people_key)" : "people_key";
  return `select count(people_key) = count(distinct ${key}) as unique_units from metric_units`;
}

/**
 * Whether each person has the same breakdown values in all their units, so that once step 1 collapses a
 * period's units to one row per person and breakdown values, a person has one row per period and people can be
 * counted without DISTINCT. (A carer of two people in different localities has two; DISTINCT is then used,
 * which counts the same whenever it was not needed.)
 */
export function peopleUniqueSql(def: MetricDefinition): string {
  const values = ["people_key", ...breakdownsOf(def).map((b) => `b_${b}`)].join(", ");
  return `
with attributed as (${attributedSql(def)}
)
select count(distinct people_key) = count(distinct (${values})) as unique_people from attributed`;
}

/**
 * Step 2: GROUPING SETS over every breakdown the metric allows, over step 1's rows (`keyed`), in one statement
 * with it. People are counted once per cell: a plain count when step 1 left one row per person and period (a
 * person's breakdown values do not vary within a period), a DISTINCT count otherwise.
 */
export function aggregateSql(def: MetricDefinition, uniquePeople: boolean, keyed: string): string {
  const breakdowns = breakdownsOf(def);
  const sets = ["(period_type, period)", ...breakdowns.map((b) => `(period_type, period, b_${b})`)].join(", ");
  const breakdownName = breakdowns.length
    ? `case ${breakdowns.map((b) => `when grouping(b_${b}) = 0 then '${b}'`).join(" ")} else 'alliance' end`
    : "'alliance'";
  const breakdownValue = breakdowns.length
    ? `coalesce(${breakdowns.map((b) => `case when grouping(b_${b}) = 0 then b_${b} end`).join(", ")}, 'all')`
    : "'all'";
  const people = (flag: string) => (uniquePeople ? `count(people_key) filter (where ${flag})` : `count(distinct people_key) filter (where ${flag})`);
  return `
with keyed as (${keyed}
)
select period_type, period,
  ${breakdownName} as breakdown,
  ${breakdownValue} as breakdown_value,
  sum(numerator)::double as numerator,
  sum(denominator)::double as denominator,
  (${people("numerator_person")})::double as numerator_people,
  ((${people("denominator_person")}) + sum(anonymous_people))::double as denominator_people,
  sum(units)::double as units,
  sum(open_units)::double as open_units
from keyed
group by grouping sets (${sets})`;
}

/**
 * Month cells rolled up into every other period made of whole months (quarters, rolling 12 months, a baseline
 * on month boundaries). Exact, people counts included, only when no person has two units (see aggregate).
 */
export const ROLL_UP_MONTHS_SQL = `
select period_type, period, breakdown, breakdown_value, numerator, denominator, numerator_people, denominator_people,
  units, open_units
from metric_month_cells
union all
select pe.period_type, pe.period, c.breakdown, c.breakdown_value,
  sum(c.numerator), sum(c.denominator), sum(c.numerator_people), sum(c.denominator_people), sum(c.units), sum(c.open_units)
from metric_month_cells c
join metric_periods mo on mo.period_type = 'month' and mo.period = c.period
join metric_periods pe on pe.period_type <> 'month' and pe.period_start <= mo.period_start and mo.period_end <= pe.period_end
group by pe.period_type, pe.period, c.breakdown, c.breakdown_value`;

function breakdownsOf(def: MetricDefinition): Array<Exclude<Breakdown, "alliance">> {
  return def.breakdowns.filter((b): b is Exclude<Breakdown, "alliance"> => b !== "alliance");
}

/**
 * Counts per period and breakdown cell. When every person has at most one unit (most decedent metrics) people
 * counts add up across months, so units are grouped once, by month, and the months rolled up into the other
 * periods; otherwise units are joined to every period they fall in and people counted per period.
 * `wholeMonths`: every non-month period (the baseline included) starts and ends on month boundaries.
 */
export async function aggregate(
  db: Db,
  def: MetricDefinition,
  wholeMonths: boolean,
): Promise<AggregateRow[]> {
  const [{ unique_units }] = await rows<{ unique_units: boolean }>(db, unitsUniqueSql(def));
  const rollUp = unique_units && wholeMonths && !def.pointInTime;
  if (rollUp) {
    const keyed = keyedSql(def, { collapse: false, months: true });
    await run(db, `create or replace temp table metric_month_cells as ${aggregateSql(def, true, keyed)}`);
    const result = await rows<AggregateRow>(db, ROLL_UP_MONTHS_SQL);
    await run(db, "drop table metric_month_cells");
    return result;
  }
  const uniquePeople = unique_units || (await rows<{ unique_people: boolean }>(db, peopleUniqueSql(def)))[0]!.unique_people;
  // Units keyed to every period they fall in (each month also counts in a quarter, four rolling 12 months and
  // perhaps the baseline) outgrow memory and disk at national scale, so periods go through in batches: a
  // period's cells depend only on its own units, so the batches' results are simply put together.
  const result: AggregateRow[] = [];
  for (const batch of await periodBatches(db)) {
    await run(
      db,
      `create or replace temp table metric_periods_batch as
       select * from metric_periods where period_start >= $batch_start::date and period_start < $batch_end::date`,
      batch,
    );
    const keyed = keyedSql(def, { collapse: !unique_units, months: false, periodsTable: "metric_periods_batch" });
    // One by one: spreading a national batch (hundreds of thousands of cells) into push overflows the stack.
    for (const row of await rows<AggregateRow>(db, aggregateSql(def, uniquePeople, keyed))) result.push(row);
    await run(db, "drop table metric_periods_batch");
  }
  return result;
}

/** Every period once, in batches by the financial year its start falls in: [start, end) on period_start. */
async function periodBatches(db: Db): Promise<Array<{ batch_start: string; batch_end: string }>> {
  const years = await rows<{ fy: number }>(
    db,
    `select distinct (year(period_start) - case when month(period_start) < 4 then 1 else 0 end)::integer as fy from metric_periods order by fy`,
  );
  return years.map(({ fy }) => ({ batch_start: `${fy}-04-01`, batch_end: `${fy + 1}-04-01` }));
}
