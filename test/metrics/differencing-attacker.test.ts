import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { tinyAlliance } from "../helpers/tiny-alliance.ts";
import { attack, attackOutputs } from "./differencing-attacker.ts";

/**
 * The differencing attacker (differencing-attacker.ts) against the published outputs of the generated demo
 * alliance: no primary cell may come back through any exact relation. ALLIANCE_ATTACK_DIR and
 * ALLIANCE_ATTACK_CONFIG point it at another run's outputs (the demo at full scale, other seeds).
 */

const config = {
  practices: [
    { code: "A00001", pcn: "P1", locality: "L1" },
    { code: "A00002", pcn: "P1", locality: "L1" },
    { code: "A00003", pcn: "P1", locality: "L1" },
  ],
  baseline: { from: "2019-04-01", to: "2020-03-31" },
  disclosure: { suppress: [1, 7] as [number, number] },
};

const cell = (breakdown: string, value: string, n: number, d: number, hidden: boolean) => {
  const row = {
    metric_id: "POD-01",
    period_type: "month",
    period: "2024-05",
    period_start: "2024-05-01",
    period_end: "2024-05-31",
    breakdown,
    breakdown_value: value,
    numerator: String(n),
    denominator: String(d),
    numerator_people: String(n),
    denominator_people: String(d),
    value: String(n / d),
    baseline_value: "",
    suppressed: "false",
  };
  return { raw: row, published: hidden ? { ...row, numerator: "", denominator: "", numerator_people: "", denominator_people: "", value: "", suppressed: "true" } : row };
};

describe("the differencing attacker", () => {
  it("recovers a hidden practice from its PCN and the other practices, and not when a second one is hidden", () => {
    const cells = (secondHidden: boolean) => [
      cell("alliance", "all", 30, 80, false),
      cell("locality", "L1", 30, 80, false),
      cell("pcn", "P1", 30, 80, false),
      cell("practice", "A00001", 5, 37, true),
      cell("practice", "A00002", 12, 20, secondHidden),
      cell("practice", "A00003", 13, 23, false),
    ];
    const run = (list: ReturnType<typeof cells>) => attack(list.map((c) => c.raw), list.map((c) => c.published), [], config);
    expect(run(cells(false))).toMatchObject({ primary: 1, recovered: 1 });
    expect(run(cells(true))).toMatchObject({ primary: 1, recovered: 0 });
  });

  it("recovers a hidden month from an SPC centre line over its limit-setting months", () => {
    const months = Array.from({ length: 12 }, (_, i) => `2019-${String(i + 1).padStart(2, "0")}`);
    const raw = months.map((m, i) => ({ ...cell("alliance", "all", i === 3 ? 4 : 20, 40, false).raw, period: m }));
    const published = raw.map((r, i) => (i === 3 ? { ...r, numerator: "", denominator: "", numerator_people: "", denominator_people: "", value: "", suppressed: "true" } : r));
    const mean = raw.reduce((s, r) => s + Number(r.value), 0) / 12;
    const spc = published.map((r) => ({ metric_id: "POD-01", breakdown: "alliance", breakdown_value: "all", month: r.period, value: r.value, centre: String(mean), rebase_group: "0", limits_from: months[0], limits_to: months[11] }));
    const withLines = attack(raw, published, spc, { ...config, practices: [] });
    expect(withLines.recovered).toBe(1);
    const hiddenLines = attack(raw, published, spc.map((s) => ({ ...s, centre: "" })), { ...config, practices: [] });
    expect(hiddenLines.recovered).toBe(0);
  });
});

describe("the published demo outputs", () => {
  it("give back no primary cell through any exact relation", async () => {
    const dir = process.env.ALLIANCE_ATTACK_DIR ?? (await tinyAlliance()).metricsOut;
    const configFile = process.env.ALLIANCE_ATTACK_CONFIG ?? (await tinyAlliance()).config;
    const result = attackOutputs(dir, JSON.parse(readFileSync(configFile, "utf8")));
    expect(result.primary).toBeGreaterThan(0);
    expect(result.primaryShown).toBe(0);
    expect(result.examples).toEqual([]);
    expect(result.recovered).toBe(0);
  });
});
