import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineMetric, metricDefinitionSchema, PARTNER_BREAKDOWNS, PERSON_BREAKDOWNS, PRACTICE_BREAKDOWNS } from "../../metrics/definition.ts";
import { DEFINITIONS } from "../../metrics/definitions/index.ts";
import { buildDefinitionsExport, definitionsExportSchema } from "../../metrics/engine/definitions-export.ts";
import { metricsConfig } from "./helpers.ts";

/** The catalogue's table (metric-catalogue.md): id, unit, direction, interval. */
const CATALOGUE: Array<[string, string, string, string]> = [
  ["POD-01", "percent", "down", "wilson"],
  ["POD-02", "percent", "up", "wilson"],
  ["POD-03", "percent", "context", "wilson"],
  ["POD-04", "percent", "context", "wilson"],
  ["POD-05", "percent", "up", "wilson"],
  ["PPD-01", "percent", "up", "wilson"],
  ["PPD-02", "percent", "up", "wilson"],
  ["HOSP-01", "percent", "down", "wilson"],
  ["HOSP-02", "percent", "down", "wilson"],
  ["HOSP-03", "per_decedent", "down", "byar"],
  ["HOSP-04", "per_decedent", "down", "byar"],
  ["HOSP-05", "per_1000_register_days", "down", "byar"],
  ["COST-01", "gbp_per_decedent", "down", "none"],
  ["ID-01", "percent", "up", "wilson"],
  ["ID-02", "percent", "up", "wilson"],
  ["ID-03", "percent", "up", "wilson"],
  ["ACP-01", "percent", "up", "wilson"],
  ["ACP-02", "percent", "up", "wilson"],
  ["ACP-03", "percent", "up", "wilson"],
  ["KW-01", "percent", "up", "wilson"],
  ["CAR-01", "percent", "up", "wilson"],
  ["CAR-02", "percent", "up", "wilson"],
  ["CAR-03", "percent", "up", "wilson"],
  ["BRV-01", "percent", "up", "wilson"],
  ["RESP-01", "percent", "up", "wilson"],
  ["RESP-02", "percent", "up", "wilson"],
  ["SPC-01", "percent", "up", "wilson"],
  ["PROM-01", "percent", "up", "wilson"],
  ["DQ-01", "percent", "up", "wilson"],
];

describe("the metric registry", () => {
  it("holds exactly the 29 catalogue metrics, in catalogue order, each as the catalogue states it", () => {
    expect(DEFINITIONS.map((d) => [d.id, d.unit, d.direction, d.interval])).toEqual(CATALOGUE);
  });

  it("registers every file of metrics/definitions, each named after its metric, and every one validates", () => {
    const folder = join(import.meta.dirname, "..", "..", "metrics", "definitions");
    const files = readdirSync(folder).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files.map((f) => f.replace(/\.ts$/, "")).sort()).toEqual(DEFINITIONS.map((d) => d.id).sort());
    for (const d of DEFINITIONS) expect(metricDefinitionSchema.safeParse(d).success, d.id).toBe(true);
  });

  it("follows the catalogue's breakdowns, look-backs and point-in-time metrics", () => {
    const by = Object.fromEntries(DEFINITIONS.map((d) => [d.id, d]));
    for (const d of DEFINITIONS) {
      const expected = /^(RESP|DQ)-/.test(d.id) ? PARTNER_BREAKDOWNS : d.id === "ID-01" ? PRACTICE_BREAKDOWNS : PERSON_BREAKDOWNS;
      expect(d.breakdowns, d.id).toEqual([...expected]);
    }
    expect(DEFINITIONS.filter((d) => d.pointInTime).map((d) => d.id)).toEqual(["ID-01", "ACP-01", "KW-01"]);
    expect(Object.fromEntries(DEFINITIONS.filter((d) => d.lookbackDays).map((d) => [d.id, d.lookbackDays]))).toEqual({
      "HOSP-01": 90,
      "HOSP-02": 90,
      "HOSP-03": 365,
      "HOSP-04": 90,
      "COST-01": 365,
      "SPC-01": 365,
    });
    expect(by["POD-01"]!.national).toMatchObject({ value: 0.434, period: "2022" });
    for (const d of DEFINITIONS) expect(d.datasets, d.id).toContain(d.unitDataset);
  });

  it("takes parameters as prepared parameters, declared and used", () => {
    for (const d of DEFINITIONS) {
      expect(d.sql, d.id).not.toMatch(/\$\{/);
      const used = [...new Set([...d.sql.matchAll(/\$([a-z_]+)/g)].map((m) => m[1]))].sort();
      expect(used, d.id).toEqual([...d.parameters].sort());
    }
    expect(DEFINITIONS.find((d) => d.id === "COST-01")!.parameters).toEqual(["default_spell_cost"]);
  });

  it("rejects a broken definition with a message naming the field", () => {
    const good = DEFINITIONS.find((d) => d.id === "POD-01")!;
    const broken = (changes: Record<string, unknown>) => () => defineMetric({ ...good, ...changes } as never);
    expect(broken({ interval: "byar" })).toThrow(/POD-01 is invalid: interval: a percentage takes a Wilson interval/);
    expect(broken({ breakdowns: ["locality"] })).toThrow(/breakdowns: must include the alliance total/);
    expect(broken({ sql: good.sql.replace("1 as denominator", "1 as den") })).toThrow(/sql: must yield a denominator column/);
    expect(broken({ sql: `${good.sql} where date_of_death > $data_from` })).toThrow(/parameters: the SQL uses \$data_from/);
    expect(broken({ family: "cost" })).toThrow(/family/);
    expect(broken({ unitDataset: "referrals" })).toThrow(/unitDataset: referrals is not among the datasets/);
    expect(broken({ pointInTime: true, lookbackDays: 90 })).toThrow(/lookbackDays/);
  });
});

describe("definitions.json", () => {
  it("carries what a reader needs to reproduce each metric, and validates", () => {
    const config = metricsConfig({ benchmarks: [{ metric: "POD-01", period: "2022", value: 0.434, source: "OHID" }] });
    const doc = buildDefinitionsExport(DEFINITIONS, config, "2025-26-Q1", {
      data_from: "2024-04-01",
      data_end: "2025-06-30",
      baseline_to: "2024-12-31",
      default_spell_cost: 1590,
    });
    expect(definitionsExportSchema.safeParse(doc).success).toBe(true);
    expect(doc.metrics.map((m) => m.id)).toEqual(CATALOGUE.map(([id]) => id));
    expect(doc.baseline).toMatchObject({ from: "2024-07-01", to: "2024-12-31" });
    expect(doc.sql_parameters.default_spell_cost!.value).toBe(1590);
    const pod = doc.metrics[0]!;
    expect(pod).toMatchObject({ unit_label: "% (written as a fraction 0-1)", interval: "wilson", change_scale: "difference", change_assessed: true });
    expect(pod.date_basis).toMatch(/date_of_death/);
    expect(pod.benchmarks).toEqual([{ period: "2022", value: 0.434, source: "OHID", applies_from: "2022-01-01" }]);
    expect(pod.sql).toMatch(/^with decedents as \(/);
    const id01 = doc.metrics.find((m) => m.id === "ID-01")!;
    expect(id01.baseline.rule).toBe("the value at 2024-12-31");
    expect(doc.metrics.find((m) => m.id === "COST-01")!.change_assessed).toBe(false);
    expect(doc.metrics.find((m) => m.id === "POD-03")!.change_assessed).toBe(false);
  });
});
