/**
 * Does the demo tell its story? Reads a metrics output folder (`metrics --out DIR`) and prints, per metric, the
 * baseline value, the latest rolling 12 months, the engine's change assessment and the story line
 * (`story.ts`); the SPC variation of the latest month (alliance series); the RAG of the latest quarter; the IMD
 * quintile 1 vs 5 gaps; and the checks that the story's events show (the hub's step flagged, BEREAVE's concern,
 * POD-01's modest fall, EAST's admissions).
 *
 *   npx tsx demo/story-report.ts build/metrics
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { BEREAVEMENT_SHORTAGE, EAST_BEDS_CLOSED, HUB_START, METRIC_STORY, RAPID_RESPONSE_START } from "./story.ts";

type Row = Record<string, unknown>;

const month = (iso: string) => iso.slice(0, 7);

/** The SQL of the report, one named query each, over the views `mv` (metric_values) and `spc`. */
const QUERIES = {
  latestRolling: `
    WITH r AS (SELECT * FROM mv WHERE period_type = 'rolling12' AND breakdown = 'alliance' AND value IS NOT NULL)
    SELECT metric_id, arg_max(period, period_end) AS period, arg_max(value, period_end) AS value,
      arg_max(baseline_value, period_end) AS baseline, arg_max(change_assessment, period_end) AS assessment,
      arg_max(ci_lower, period_end) AS lo, arg_max(ci_upper, period_end) AS hi
    FROM r GROUP BY metric_id ORDER BY metric_id`,
  latestSpc: `
    SELECT metric_id, arg_max(month, month) AS month, arg_max(variation, month) AS variation
    FROM spc WHERE breakdown = 'alliance' AND value IS NOT NULL GROUP BY metric_id ORDER BY metric_id`,
  latestQuarterRag: `
    WITH q AS (SELECT max(period_end) AS pe FROM mv WHERE period_type = 'quarter' AND breakdown = 'alliance')
    SELECT metric_id, period, value, target, rag FROM mv, q
    WHERE period_type = 'quarter' AND breakdown = 'alliance' AND period_end = q.pe AND coalesce(rag, '') <> ''
    ORDER BY metric_id`,
  imdGap: `
    WITH r AS (SELECT * FROM mv WHERE period_type = 'rolling12' AND breakdown = 'imd_quintile' AND value IS NOT NULL
      AND metric_id IN ('ACP-01', 'POD-02', 'ID-02') AND breakdown_value IN ('1', '5')),
    l AS (SELECT metric_id, max(period_end) AS pe FROM r GROUP BY metric_id)
    SELECT r.metric_id, r.period, max(value) FILTER (WHERE breakdown_value = '1') AS q1,
      max(value) FILTER (WHERE breakdown_value = '5') AS q5
    FROM r JOIN l ON r.metric_id = l.metric_id AND r.period_end = l.pe GROUP BY ALL ORDER BY r.metric_id`,
  ethnicGap: `
    WITH r AS (SELECT * FROM mv WHERE period_type = 'rolling12' AND breakdown = 'ethnic_group' AND value IS NOT NULL
      AND metric_id = 'ID-02'), l AS (SELECT max(period_end) AS pe FROM r)
    SELECT breakdown_value, value, denominator FROM r, l WHERE r.period_end = l.pe ORDER BY breakdown_value`,
  /** the first special-cause month at or after a date, per metric (alliance series) */
  firstFlag: `
    SELECT metric_id, min(month) FILTER (WHERE coalesce(special_cause, '') <> '' AND month >= $from) AS first_flag,
      arg_min(variation, month) FILTER (WHERE coalesce(special_cause, '') <> '' AND month >= $from) AS variation,
      count(*) FILTER (WHERE coalesce(special_cause, '') <> '' AND month < $from) AS flagged_before
    FROM spc WHERE breakdown = 'alliance' AND list_contains(string_split($metrics, ','), metric_id) GROUP BY metric_id ORDER BY metric_id`,
  variationBetween: `
    SELECT variation, count(*) AS months FROM spc
    WHERE breakdown = $breakdown AND breakdown_value = $value AND metric_id = $metric AND month BETWEEN $from AND $to
    GROUP BY variation ORDER BY variation`,
  localityRolling: `
    SELECT metric_id, breakdown_value, period, value FROM mv
    WHERE period_type = 'rolling12' AND breakdown = 'locality' AND metric_id IN ('HOSP-01', 'HOSP-02', 'HOSP-05')
      AND period IN ($before, $after) ORDER BY metric_id, breakdown_value, period`,
  rollingAt: `
    SELECT metric_id, string_agg(period || ' ' || printf('%.1f%%', 100 * value), ', ' ORDER BY period) AS values FROM mv
    WHERE period_type = 'rolling12' AND breakdown = 'alliance' AND list_contains(string_split($metrics, ','), metric_id)
      AND list_contains(string_split($periods, ','), period)
    GROUP BY metric_id ORDER BY metric_id`,
} as const;

const pct = (v: unknown, unit: string) =>
  v === null || v === undefined ? "" : unit === "%" ? `${(100 * Number(v)).toFixed(1)}%` : Number(v).toFixed(2);

export async function storyReport(metricsDir: string): Promise<string> {
  const dir = resolve(metricsDir);
  for (const f of ["metric_values.csv", "spc.csv"])
    if (!existsSync(join(dir, f))) throw new Error(`${join(dir, f)} not found: run the metrics step first`);
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const q = async (sql: string, params?: Record<string, unknown>): Promise<Row[]> =>
    (await c.runAndReadAll(sql, params as never)).getRowObjectsJS() as Row[];
  const read = (f: string) => `read_csv('${join(dir, f).replace(/'/g, "''")}', header = true, all_varchar = false, sample_size = -1)`;
  await c.run(`CREATE VIEW mv AS SELECT * FROM ${read("metric_values.csv")}`);
  await c.run(`CREATE VIEW spc AS SELECT * EXCLUDE (month), month::VARCHAR AS month FROM ${read("spc.csv")}`);
  // units from definitions.json ("percent", "per_decedent", "gbp_per_decedent", ...); percent when absent
  const units = new Map<string, string>();
  const defsPath = join(dir, "definitions.json");
  if (existsSync(defsPath)) {
    const defs = JSON.parse(readFileSync(defsPath, "utf8")) as { metrics?: { id: string; unit: string }[] };
    for (const d of defs.metrics ?? []) units.set(d.id, d.unit);
  }
  const unitOf = (id: string) => ((units.get(id) ?? "percent") === "percent" ? "%" : "rate");

  const out: string[] = [];
  const line = (s = "") => out.push(s);

  line("| metric | baseline 2019-20 | latest rolling 12 months | change (engine) | story |");
  line("|---|---|---|---|---|");
  for (const r of await q(QUERIES.latestRolling)) {
    const id = String(r.metric_id);
    const u = unitOf(id);
    const story = METRIC_STORY[id];
    line(`| ${id} | ${pct(r.baseline, u)} | ${pct(r.value, u)} (${r.period}) | ${r.assessment ?? "not assessed"} | ${story ? `${story.kind}: ${story.line}` : "(no story)"} |`);
  }

  line();
  const spcRows = await q(QUERIES.latestSpc);
  const bucket = (v: unknown) => {
    const s = String(v ?? "");
    if (s.startsWith("improvement")) return "special cause: improvement";
    if (s.startsWith("concern")) return "special cause: concern";
    if (s.startsWith("neither")) return "special cause: neither (no direction)";
    if (s === "common_cause") return "common cause";
    return "no variation judged";
  };
  const counts = new Map<string, string[]>();
  for (const r of spcRows) counts.set(bucket(r.variation), [...(counts.get(bucket(r.variation)) ?? []), String(r.metric_id)]);
  line(`SPC, latest month of each alliance series (${[...new Set(spcRows.map((r) => r.month))].join(", ")}):`);
  for (const [k, ids] of [...counts].sort()) line(`- ${k}: ${ids.length} (${ids.join(", ")})`);

  line();
  const rag = await q(QUERIES.latestQuarterRag);
  const ragCount = new Map<string, string[]>();
  for (const r of rag) ragCount.set(String(r.rag), [...(ragCount.get(String(r.rag)) ?? []), `${r.metric_id} ${pct(r.value, "%")} vs ${pct(r.target, "%")}`]);
  line(`KPI RAG, latest quarter (${rag[0]?.period ?? "none"}):`);
  for (const k of ["red", "amber", "green", "grey"]) line(`- ${k}: ${ragCount.get(k)?.length ?? 0}${ragCount.get(k) ? ` (${ragCount.get(k)!.join("; ")})` : ""}`);

  line();
  line("Equity, latest rolling 12 months, IMD quintile 1 (most deprived) vs 5:");
  for (const r of await q(QUERIES.imdGap))
    line(`- ${r.metric_id} (${r.period}): Q1 ${pct(r.q1, "%")}, Q5 ${pct(r.q5, "%")}, gap ${((Number(r.q1) - Number(r.q5)) * 100).toFixed(1)} points`);
  const eth = await q(QUERIES.ethnicGap);
  if (eth.length) line(`- ID-02 by ethnic group: ${eth.map((r) => `${r.breakdown_value} ${pct(r.value, "%")} (n=${r.denominator})`).join(", ")}`);

  line();
  line("Story checks:");
  const stepIds = Object.entries(METRIC_STORY).filter(([id, s]) => s.kind === "step" && !id.startsWith("RESP")).map(([id]) => id);
  for (const r of await q(QUERIES.firstFlag, { from: month(HUB_START), metrics: stepIds.join(",") }))
    line(`- ${r.metric_id}: first special cause from ${month(HUB_START)}: ${r.first_flag ?? "none"} (${r.variation ?? ""}); months flagged before: ${r.flagged_before}`);
  for (const r of await q(QUERIES.firstFlag, { from: month(RAPID_RESPONSE_START), metrics: "RESP-01,RESP-02" }))
    line(`- ${r.metric_id}: first special cause from ${month(RAPID_RESPONSE_START)}: ${r.first_flag ?? "none"} (${r.variation ?? ""}); months flagged before: ${r.flagged_before}`);
  const brv = await q(QUERIES.variationBetween, {
    breakdown: "alliance", value: "all", metric: "BRV-01", from: month(BEREAVEMENT_SHORTAGE.from), to: month(BEREAVEMENT_SHORTAGE.to),
  });
  line(`- BRV-01 ${month(BEREAVEMENT_SHORTAGE.from)}..${month(BEREAVEMENT_SHORTAGE.to)} (shortage): ${brv.map((r) => `${r.variation ?? "none"} ${r.months}`).join(", ")}`);
  const east = await q(QUERIES.variationBetween, { breakdown: "locality", value: "EAST", metric: "HOSP-01", from: month(EAST_BEDS_CLOSED), to: "2026-09" });
  line(`- HOSP-01 EAST from ${month(EAST_BEDS_CLOSED)}: ${east.map((r) => `${r.variation ?? "none"} ${r.months}`).join(", ")}`);
  const byLocality = new Map<string, string[]>();
  for (const r of await q(QUERIES.localityRolling, { before: "2024-25-Q4", after: "2026-27-Q2" })) {
    const key = `${r.metric_id}|${r.breakdown_value}`;
    byLocality.set(key, [...(byLocality.get(key) ?? []), pct(r.value, unitOf(String(r.metric_id)))]);
  }
  for (const id of ["HOSP-01", "HOSP-02", "HOSP-05"]) {
    const parts = [...byLocality].filter(([k]) => k.startsWith(`${id}|`) && !k.endsWith("|unknown"));
    line(`- ${id} rolling 12 months to 2024-25-Q4 -> 2026-27-Q2: ${parts.map(([k, v]) => `${k.split("|")[1]} ${v.join(" -> ")}`).join("; ")}`);
  }
  for (const r of await q(QUERIES.rollingAt, { metrics: "POD-01,BRV-01", periods: "2019-20-Q4,2023-24-Q4,2024-25-Q4,2025-26-Q4,2026-27-Q2" }))
    line(`- ${r.metric_id} rolling 12 months: ${r.values}`);
  c.closeSync();
  db.closeSync();
  return out.join("\n");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const dir = process.argv[2];
  if (!dir) {
    console.error("usage: npx tsx demo/story-report.ts METRICS_DIR");
    process.exit(2);
  }
  try {
    console.log(await storyReport(dir));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
