import { mkdtempSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, type Db, openDb, rows } from "../../loaders/duckdb.ts";
import { defineMetric } from "../../metrics/definition.ts";
import { DEFINITIONS } from "../../metrics/definitions/index.ts";
import { aggregate, type AggregateRow, buildUnits, createPeriodTable } from "../../metrics/engine/aggregate.ts";
import { runMetrics } from "../../metrics/engine/index.ts";
import { baselinePeriod, buildPeriods } from "../../metrics/engine/periods.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import { METRIC_VALUE_COLUMNS } from "../../metrics/engine/columns.ts";
import { tempDir, writeExports } from "../helpers/exports.ts";
import { buildDb, metricsConfig } from "./helpers.ts";
import { LINKED } from "./linked-scenario.ts";

let dbPath: string;
let db: Db;
const config = metricsConfig();
const parameters = { data_from: "2024-04-01", data_end: "2025-06-30", baseline_to: "2024-12-31", default_spell_cost: 1590 };

beforeAll(async () => {
  dbPath = (await buildDb(LINKED)).dbPath;
  db = await openDb(dbPath, { access_mode: "READ_ONLY" });
  await createPeriodTable(db, [...buildPeriods(config.dataFrom, "2025-26-Q1"), baselinePeriod(config.baseline)]);
});
afterAll(() => closeDb(db));

const sorted = (list: AggregateRow[]) =>
  list
    .map((r) => JSON.stringify([r.period_type, r.period, r.breakdown, r.breakdown_value, r.numerator, r.denominator, r.numerator_people, r.denominator_people]))
    .sort();

describe("aggregation", () => {
  it("gives the same cells whether months are rolled up or units joined to every period", async () => {
    for (const def of DEFINITIONS) {
      await buildUnits(db, def, parameters);
      expect(sorted(await aggregate(db, def, true)), def.id).toEqual(sorted(await aggregate(db, def, false)));
    }
  });

  it("counts a person once per cell even when they have several units in it", async () => {
    // RESP-01: pk_p0010 has two referrals in Q2
    const resp = DEFINITIONS.find((d) => d.id === "RESP-01")!;
    await buildUnits(db, resp, parameters);
    const [{ n }] = await rows<{ n: number }>(db, "select count(*)::integer as n from metric_units where people_key = 'pk_p0010'");
    expect(n).toBe(2);
    const q2 = (await aggregate(db, resp, true)).find((r) => r.period_type === "quarter" && r.period === "2024-25-Q2" && r.breakdown === "alliance")!;
    expect([q2.denominator, q2.denominator_people]).toEqual([4, 3]);
  });

  it("names the metric when its SQL fails, and leaves the previous outputs in place", async () => {
    const outDir = tempDir("alliance-metrics-");
    await runMetrics({ config, dbPath, outDir, definitions: DEFINITIONS.filter((d) => d.id === "POD-01") });
    const before = readFileSync(join(outDir, "metric_values.csv"), "utf8");
    const broken = defineMetric({
      ...DEFINITIONS.find((d) => d.id === "POD-01")!,
      id: "POD-99",
      sql: "select date_of_death as unit_date, person_id, 1 as numerator, 1 as denominator from no_such_table",
    });
    await expect(runMetrics({ config, dbPath, outDir, definitions: [broken] })).rejects.toThrow(/metric POD-99: its SQL failed/);
    expect(readFileSync(join(outDir, "metric_values.csv"), "utf8")).toBe(before);
  });

  it("writes empty outputs, with a warning, for a database that holds no data yet", async () => {
    const dir = tempDir();
    const emptyDb = join(dir, "alliance.duckdb");
    await ingestExports({ config, exportsDir: writeExports({}), dbPath: emptyDb });
    const outDir = join(dir, "out");
    const result = await runMetrics({ config, dbPath: emptyDb, outDir });
    expect(result.rows).toBe(0);
    expect(result.warnings).toContain("the database holds no data (meta data_to_period is empty): every output is empty");
    expect(readFileSync(join(outDir, "published", "metric_values.csv"), "utf8").trim()).toBe(Object.keys(METRIC_VALUE_COLUMNS).join(","));
    expect(JSON.parse(readFileSync(join(outDir, "definitions.json"), "utf8")).metrics).toHaveLength(29);
  });

  it("refuses a database that is not a linked core model", async () => {
    const dir = mkdtempSync(join(tempDir(), "x"));
    await expect(runMetrics({ config, dbPath: join(dir, "missing.duckdb"), outDir: dir })).rejects.toThrow(/database not found/);
    const empty = join(dir, "empty.duckdb");
    const other = await openDb(empty);
    closeDb(other);
    await expect(runMetrics({ config, dbPath: empty, outDir: dir })).rejects.toThrow(/not a linked core model/);
  });
});
