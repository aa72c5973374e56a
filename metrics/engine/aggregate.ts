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
}

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
  await run(db, "create or replace temp table metric_periods (period_type varchar, period varchar, period_start date, period_end date)");
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
  const params = Object.fromEntries(def.parameters.map((name) => [name, parameters[name]]));
  try {
    await run(db, `create or replace temp table metric_units_raw as ${def.sql}`, def.parameters.length ? params : undefined);
  } catch (e) {
    throw new Error(`metric ${def.id}: its SQL failed: ${(e as Error).message.split("\n")[0]}`);
  }
  const columns = new Set(
    (await rows<{ column_name: string }>(db, "select column_name from (describe metric_units_raw)")).map((c) => c.column_name),
  );
  const absent = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (absent.length) throw new Error(`metric ${def.id}: its SQL yields no ${absent.join(", ")} column`);
  const pick = (name: string) => (columns.has(name) ? name : OPTIONAL_COLUMNS[name]!);
  await run(
    db,
    `create or replace temp table metric_units as
     select unit_date::date as unit_date, person_id::varchar as person_id, ${pick("partner")}::varchar as partner,
       ${pick("practice_code")}::varchar as practice_code,
       coalesce(numerator, 0)::double as numerator, coalesce(denominator, 0)::double as denominator,
       ${pick("people_key")}::varchar as people_key,
       coalesce(${pick("numerator_person")}, false)::boolean as numerator_person,
       coalesce(${pick("denominator_person")}, false)::boolean as denominator_person,
       coalesce(${pick("anonymous_people")}, 0)::double as anonymous_people
     from metric_units_raw
     where unit_date is not null;
     drop table metric_units_raw;`,
  );
  const [{ n }] = await rows<{ n: number }>(db, "select count(*)::integer as n from metric_units");
  return n;
}

/** The aggregation SQL for a definition: units x periods, grouped by every breakdown the metric allows. */
export function aggregateSql(def: MetricDefinition): string {
  const breakdowns = def.breakdowns.filter((b): b is Exclude<Breakdown, "alliance"> => b !== "alliance");
  const attributes = breakdowns.map((b) => `${BREAKDOWN_EXPRESSIONS[b]} as b_${b}`);
  const join = def.pointInTime ? "a.unit_date = pe.period_end" : "a.unit_date between pe.period_start and pe.period_end";
  const sets = ["(period_type, period)", ...breakdowns.map((b) => `(period_type, period, b_${b})`)].join(", ");
  const breakdownName = breakdowns.length
    ? `case ${breakdowns.map((b) => `when grouping(b_${b}) = 0 then '${b}'`).join(" ")} else 'alliance' end`
    : "'alliance'";
  const breakdownValue = breakdowns.length
    ? `coalesce(${breakdowns.map((b) => `case when grouping(b_${b}) = 0 then b_${b} end`).join(", ")}, 'all')`
    : "'all'";
  return `
with attributed as (
  select u.unit_date, u.people_key, u.numerator, u.denominator, u.numerator_person, u.denominator_person,
    u.anonymous_people${attributes.length ? ",\n    " + attributes.join(",\n    ") : ""}
  from metric_units u
  left join people p on p.person_id = u.person_id
  left join config_practices cp on cp.code = coalesce(p.practice_code, u.practice_code)
),
joined as (
  select pe.period_type, pe.period, a.*
  from attributed a
  join metric_periods pe on ${join}
)
select period_type, period,
  ${breakdownName} as breakdown,
  ${breakdownValue} as breakdown_value,
  sum(numerator)::double as numerator,
  sum(denominator)::double as denominator,
  (count(distinct people_key) filter (where numerator_person))::double as numerator_people,
  ((count(distinct people_key) filter (where denominator_person)) + sum(anonymous_people))::double as denominator_people
from joined
group by grouping sets (${sets})`;
}

export async function aggregate(db: Db, def: MetricDefinition): Promise<AggregateRow[]> {
  return rows<AggregateRow>(db, aggregateSql(def));
}
