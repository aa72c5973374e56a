import { renameSync } from "node:fs";
import type { AllianceConfig } from "../../loaders/contract/config.ts";
import { listValue } from "@duckdb/node-api";
import { type Db, integerColumns, rows, run } from "../../loaders/duckdb.ts";
import { VALUE_DERIVED_FIELDS } from "../statistics/index.ts";
import { METRIC_VALUE_COLUMNS, SPC_COLUMNS, SPC_SUGGESTION_COLUMNS } from "./columns.ts";
import { secondaryCells } from "./linked-suppression.ts";
import { ownCsvOptions } from "./output.ts";

/**
 * Disclosure control that survives subtraction (catalogue, "Disclosure control"), set-based over every metric's
 * cells at once. The published tables are a system of linked sums:
 *
 * - the values of one breakdown add up to the alliance total (per metric and period);
 * - practices add up to their PCN and PCNs to their locality (the config's practice list);
 * - the months of a quarter add up to it and the quarters of a rolling 12 months to it (a point-in-time metric's
 *   quarter is its last month and its rolling 12 months its quarter);
 * - the baseline value is the value of the period over the same window, and an SPC centre line and limits are
 *   computed from their limit-setting months.
 *
 * A relation is kept where it is exact in the unrounded counts (numerator, denominator or either people count).
 * A relation with exactly one hidden cell gives that cell back by subtraction, and a cell recovered through one
 * relation is known in the others; so, starting from the primary cells (1-7 people), each round hides, in every
 * relation that has exactly one hidden cell, its cheapest other cell — the alliance total only when nothing else
 * will do, nor the most deprived IMD quintile; a cell with people before an empty one (a reader can guess an empty
 * cell holds no one); an `unknown` category before a real group; then the fewest people — until no relation
 * has exactly one. Then no cell can be peeled from the published figures. Centre lines and limits of an SPC
 * group are hidden when any of its limit-setting months is, and a baseline when the cell it equals is.
 *
 * The cells and relations are found set-based in DuckDB; the rounds run in Node over typed arrays
 * (linked-suppression.ts), each looking only at the relations the round before it touched, so the whole step is
 * linear in the cells and links.
 *
 * The primary hiding and rounding of each cell happen as the rows are written (publish.ts); this step adds the
 * secondary cells to the published CSVs and labels both kinds.
 */

export interface DisclosureFiles {
  /** the unrounded metric values (all metrics), the Parquet copy */
  values: string;
  /** the published copies as written (primary cells hidden): rewritten in place */
  publishedValues: string;
  publishedSpc: string;
  publishedSuggestions: string;
}

export interface DisclosureSummary {
  primary: number;
  secondary: number;
  rounds: number;
  seconds: number;
  /** seconds per step: cells, relations, rounds, rewriting the published files */
  steps: Record<string, number>;
}

/** The most deprived IMD quintile: commissioners' first equity question, hidden only when nothing else will do. */
const MOST_DEPRIVED_QUINTILE = "1";

/** A published CSV's columns, all read as text (the published copy is rewritten as it was read). */
const csv = (columns: Readonly<Record<string, string>>) => ownCsvOptions(Object.fromEntries(Object.keys(columns).map((name) => [name, "VARCHAR"])));

/** The cells, their primary status and what hiding each costs. */
const CELLS_SQL = (low: number, high: number) => `
create or replace temp table dc_cells as
select row_number() over () as id, metric_id, period_type, period, period_start, period_end, breakdown, breakdown_value,
  coalesce(numerator, 0) as numerator, coalesce(denominator, 0) as denominator,
  coalesce(numerator_people, 0) as numerator_people, coalesce(denominator_people, 0) as denominator_people,
  (numerator_people between ${low} and ${high}) or (denominator_people between ${low} and ${high}) as primary_cell,
  (numerator_people between ${low} and ${high}) or (denominator_people between ${low} and ${high}) as hidden,
  false as baseline_hidden
from read_parquet($values)`;

/**
 * Each relation as rows (rid, id): its total and its members. A relation is named by its total cell and which
 * of the sums into that total it is (part: 1 practices into their PCN, 2 PCNs into their locality, 3 months or
 * quarters into their period, from 4 one per breakdown into the alliance total): two numbers to group and join
 * on, where a key spelled out of every member row's text cost more than the rest. Each member row brings its
 * counts, so exactness is checked on one row per relation. No cell is a member twice, nor both member and total
 * (they differ in breakdown or period type), so the rows are put together with `union all`.
 */
const RELATIONS_SQL = `
create or replace temp table dc_links as
with cells as (select * from dc_cells),
breakdown_parts as (select breakdown, 3 + row_number() over (order by breakdown) as part from (select distinct breakdown from cells)),
breakdown_sums as (
  select t.id as total, bp.part, c.id, c.numerator, c.denominator, c.numerator_people, c.denominator_people
  from cells c join cells t on t.metric_id = c.metric_id and t.period_type = c.period_type and t.period = c.period
    and t.breakdown = 'alliance'
  join breakdown_parts bp on bp.breakdown = c.breakdown
  where c.breakdown <> 'alliance'
),
practice_sums as (
  select t.id as total, 1 as part, c.id, c.numerator, c.denominator, c.numerator_people, c.denominator_people
  from cells c join config_practices cp on cp.code = c.breakdown_value
  join cells t on t.metric_id = c.metric_id and t.period_type = c.period_type and t.period = c.period
    and t.breakdown = 'pcn' and t.breakdown_value = cp.pcn
  where c.breakdown = 'practice'
),
pcn_localities as (select distinct pcn, locality from config_practices),
pcn_sums as (
  select t.id as total, 2 as part, c.id, c.numerator, c.denominator, c.numerator_people, c.denominator_people
  from cells c join pcn_localities pl on pl.pcn = c.breakdown_value
  join cells t on t.metric_id = c.metric_id and t.period_type = c.period_type and t.period = c.period
    and t.breakdown = 'locality' and t.breakdown_value = pl.locality
  where c.breakdown = 'pcn'
),
time_sums as (
  -- months into their quarter, quarters into a rolling 12 months; a point-in-time metric's quarter is its last
  -- month and its rolling 12 months its quarter (a relation with one member)
  select t.id as total, 3 as part, c.id, c.numerator, c.denominator, c.numerator_people, c.denominator_people
  from cells t join cells c on c.metric_id = t.metric_id and c.breakdown = t.breakdown and c.breakdown_value = t.breakdown_value
    and c.period_type = case t.period_type when 'quarter' then 'month' else 'quarter' end
    and c.period_start >= t.period_start and c.period_end <= t.period_end
    and (not t.metric_id in (select metric_id from dc_point_in_time) or c.period_end = t.period_end)
  where t.period_type in ('quarter', 'rolling12')
),
linked as (
  select * from breakdown_sums union all select * from practice_sums union all select * from pcn_sums union all select * from time_sums
),
member_sums as (
  select total, part, sum(numerator) as numerator, sum(denominator) as denominator,
    sum(numerator_people) as numerator_people, sum(denominator_people) as denominator_people
  from linked group by total, part
),
exact as (
  -- a relation counts only where it holds in the unrounded counts
  select m.total, m.part
  from member_sums m join cells t on t.id = m.total
  where abs(m.numerator - t.numerator) <= 1e-9 * greatest(1, abs(t.numerator))
    or abs(m.denominator - t.denominator) <= 1e-9 * greatest(1, abs(t.denominator))
    or m.numerator_people = t.numerator_people
    or m.denominator_people = t.denominator_people
),
numbered as (select total, part, row_number() over () as rid from exact)
select n.rid, l.id from linked l join numbered n using (total, part)
union all
select rid, total as id from numbered`;

/**
 * The cells from cheapest to dearest to hide (the order above), the order the rounds take a relation's cells in;
 * the cell number breaks ties, so no two cells cost the same. Cells and relations are numbered from 0 for Node.
 */
const CELLS_BY_COST_SQL = `
select (id - 1)::integer as cell, hidden::integer as hidden
from dc_cells
order by
  breakdown = 'alliance',
  breakdown = 'imd_quintile' and breakdown_value = '${MOST_DEPRIVED_QUINTILE}',
  denominator_people = 0 and numerator_people = 0 and denominator = 0,
  breakdown_value <> 'unknown',
  denominator_people, numerator_people, denominator, id`;

const LINKS_SQL = `select (rid - 1)::integer as relation, (id - 1)::integer as cell from dc_links`;

const HIDE_SECONDARY_SQL = `update dc_cells set hidden = true where id in (select unnest($cells::integer[]) + 1)`;

/** The rounds (linked-suppression.ts) over the cells and relations, in Node: each round touches only what the last one hid. */
async function hideSecondaryCells(db: Db): Promise<number> {
  const [cellsByCost, hidden] = await integerColumns(db, CELLS_BY_COST_SQL);
  const cellCount = cellsByCost!.length;
  const cost = new Int32Array(cellCount);
  const primary = new Uint8Array(cellCount);
  cellsByCost!.forEach((cell, rank) => {
    cost[cell] = rank;
    primary[cell] = hidden![rank]!;
  });
  const [linkRelation, linkCell] = await integerColumns(db, LINKS_SQL);
  const relationCount = linkRelation!.reduce((most, r) => Math.max(most, r + 1), 0);
  const secondary = secondaryCells({ cellCount, relationCount, linkRelation: linkRelation!, linkCell: linkCell!, cost, hidden: primary });
  if (secondary.cells.length) await run(db, HIDE_SECONDARY_SQL, { cells: listValue([...secondary.cells]) });
  return secondary.rounds;
}

const VALUE_FIELDS = ["numerator", "denominator", "numerator_people", "denominator_people", "value", ...VALUE_DERIVED_FIELDS];
const CHANGE_FIELDS = ["baseline_value", "change_scale", "change", "change_lower", "change_upper", "change_assessment"];

/**
 * A baseline value is hidden when a cell it rests on is: a month of its window (the pooled value with the other
 * months' counts gives a lone hidden month's value back), the period over the same window, or for a point-in-time
 * metric the month ending at baseline.to (the value it equals).
 */
const BASELINE_HIDDEN_SQL = `
create or replace temp table dc_baseline_hidden as
select distinct metric_id, breakdown, breakdown_value
from dc_cells
where hidden and (
  case when metric_id in (select metric_id from dc_point_in_time)
    then period_type = 'month' and period_end = $baseline_to::date
    else period_start >= $baseline_from::date and period_end <= $baseline_to::date
  end)`;

/** Marked on the cells (an update in place) rather than joined on, so the cells stay in the values file's order. */
const MARK_BASELINE_HIDDEN_SQL = `
update dc_cells set baseline_hidden = true
from dc_baseline_hidden b
where b.metric_id = dc_cells.metric_id and b.breakdown = dc_cells.breakdown and b.breakdown_value = dc_cells.breakdown_value`;

const CELL_KEYS = ["metric_id", "period_type", "period", "breakdown", "breakdown_value"];

/**
 * The published copy has a row for each values row, in the same order (publish.ts writes them together), and the
 * cells are numbered in that order, so the two are put side by side row for row (a positional join) instead of
 * joined on five text keys and sorted back into order. DuckDB runs a positional join's pipelines on one thread,
 * so rows pair and come out in file order; the query still checks every pair's keys.
 */
function publishedValuesSql(): string {
  const names = Object.keys(METRIC_VALUE_COLUMNS);
  const select = names.map((name) => {
    const hiddenWith = [VALUE_FIELDS.includes(name) ? "c.hidden" : null, CHANGE_FIELDS.includes(name) ? "c.baseline_hidden" : null].filter(Boolean);
    if (hiddenWith.length) return `case when ${hiddenWith.join(" or ")} then null else p.${name} end as ${name}`;
    if (name === "rag") return `case when c.hidden and p.rag is not null then 'grey' else p.rag end as rag`;
    if (name === "suppressed") return `case when c.hidden then 'true' else p.suppressed end as suppressed`;
    if (name === "empty_reason")
      return `case when c.primary_cell then 'suppressed' when c.hidden then 'suppressed_secondary' else p.empty_reason end as empty_reason`;
    return `p.${name}`;
  });
  const inStep = CELL_KEYS.map((key) => `p.${key} is not distinct from c.${key}`).join(" and ");
  return `
  select ${select.join(", ")}
  from read_csv($published, ${csv(METRIC_VALUE_COLUMNS)}) p
  positional join dc_cells c
  where case when ${inStep} then true
    else error(concat('the published metric values are out of step with the metric values at row ', c.id)) end`;
}

/** SPC: a hidden month loses its point; a group's centre, limits and assurance go when a limit-setting month is hidden. */
function publishedSpcSql(): string {
  const names = Object.keys(SPC_COLUMNS);
  const pointFields = ["value", "special_cause", "variation"];
  const lineFields = ["centre", "lower_limit", "upper_limit", "assurance", "limits_clipped"];
  const select = names.map((name) => {
    if (pointFields.includes(name)) return `case when s.month_hidden then null else s.${name} end as ${name}`;
    if (lineFields.includes(name)) return `case when g.hidden_lines or s.month_hidden then null else s.${name} end as ${name}`;
    if (name === "withheld_reason") return `case when g.hidden_lines and s.centre is not null then 'limits_suppressed' else s.withheld_reason end as withheld_reason`;
    if (name === "suppressed") return `case when s.month_hidden then 'true' else 'false' end as suppressed`;
    if (name === "empty_reason") return `case when s.month_primary then 'suppressed' when s.month_hidden then 'suppressed_secondary' else null end as empty_reason`;
    return `s.${name}`;
  });
  return `
  select ${select.join(", ")}
  from dc_spc s
  join dc_spc_groups g on g.metric_id = s.metric_id and g.breakdown = s.breakdown and g.breakdown_value = s.breakdown_value
    and g.rebase_group = s.rebase_group
  order by s.line`;
}

const SPC_MONTHS_SQL = `
create or replace temp table dc_spc as
select s.*, coalesce(c.hidden, false) as month_hidden, coalesce(c.primary_cell, false) as month_primary
from (select *, row_number() over () as line from read_csv($spc, ${csv(SPC_COLUMNS)})) s
left join dc_cells c on c.metric_id = s.metric_id and c.period_type = 'month' and c.period = s.month
  and c.breakdown = s.breakdown and c.breakdown_value = s.breakdown_value`;

const SPC_GROUPS_SQL = `
create or replace temp table dc_spc_groups as
select metric_id, breakdown, breakdown_value, rebase_group,
  coalesce(bool_or(month_hidden and month between limits_from and limits_to), false) as hidden_lines
from dc_spc group by all`;

/** A suggestion's centre is the current centre line: hidden with it. */
function publishedSuggestionsSql(): string {
  const names = Object.keys(SPC_SUGGESTION_COLUMNS);
  const select = names.map((name) => (name === "centre" ? "case when g.hidden then null else s.centre end as centre" : `s.${name}`));
  return `
  select ${select.join(", ")}
  from (select *, row_number() over () as line from read_csv($suggestions, ${csv(SPC_SUGGESTION_COLUMNS)})) s
  left join (
    select metric_id, breakdown, breakdown_value, bool_or(hidden_lines) as hidden
    from dc_spc_groups g
    where rebase_group = (select max(rebase_group) from dc_spc_groups h
      where h.metric_id = g.metric_id and h.breakdown = g.breakdown and h.breakdown_value = g.breakdown_value)
    group by all
  ) g on g.metric_id = s.metric_id and g.breakdown = s.breakdown and g.breakdown_value = s.breakdown_value
  order by s.line`;
}

const quoted = (path: string) => path.replaceAll("'", "''");

/**
 * Adds the secondary cells to the published copies (rewritten in place from the files as written) and labels
 * every hidden cell: `suppressed` (primary) or `suppressed_secondary`.
 */
export async function controlDisclosure(
  db: Db,
  config: AllianceConfig,
  pointInTimeMetrics: readonly string[],
  files: DisclosureFiles,
): Promise<DisclosureSummary> {
  const started = performance.now();
  const [low, high] = config.disclosure.suppress;
  await run(db, "create or replace temp table dc_point_in_time (metric_id varchar)");
  for (const id of pointInTimeMetrics) await run(db, "insert into dc_point_in_time values ($id)", { id });
  const steps: Record<string, number> = {};
  let mark = performance.now();
  const step = (name: string) => {
    const now = performance.now();
    steps[name] = Math.round(now - mark) / 1000;
    mark = now;
  };
  await run(db, CELLS_SQL(low, high), { values: files.values });
  step("cells");
  await run(db, RELATIONS_SQL);
  step("relations");
  const rounds = await hideSecondaryCells(db);
  step("rounds");
  await run(db, BASELINE_HIDDEN_SQL, { baseline_from: config.baseline.from, baseline_to: config.baseline.to });
  await run(db, MARK_BASELINE_HIDDEN_SQL);
  const [counts] = await rows<{ primary: number; secondary: number }>(
    db,
    "select count(*) filter (where primary_cell)::integer as primary, count(*) filter (where hidden and not primary_cell)::integer as secondary from dc_cells",
  );
  const rewrite = async (path: string, select: string, params: Record<string, string>) => {
    const out = `${path}.controlled`;
    await run(db, `copy (${select}) to '${quoted(out)}' (format csv, header true, quote '"')`, params);
    renameSync(out, path);
  };
  await rewrite(files.publishedValues, publishedValuesSql(), { published: files.publishedValues });
  await run(db, SPC_MONTHS_SQL, { spc: files.publishedSpc });
  await run(db, SPC_GROUPS_SQL);
  await rewrite(files.publishedSpc, publishedSpcSql(), {});
  await rewrite(files.publishedSuggestions, publishedSuggestionsSql(), { suggestions: files.publishedSuggestions });
  await run(db, "drop table dc_cells; drop table dc_links; drop table dc_baseline_hidden; drop table dc_spc; drop table dc_spc_groups; drop table dc_point_in_time");
  step("publish");
  return { primary: counts!.primary, secondary: counts!.secondary, rounds, seconds: (performance.now() - started) / 1000, steps };
}
