import { describe, expect, it } from "vitest";
import { parseConfig } from "../../loaders/contract/config.ts";
import { DEFINITIONS } from "../../metrics/definitions/index.ts";
import { spcRowsFor, type SpcMonthCell } from "../../metrics/engine/spc.ts";
import { metricsConfig } from "./helpers.ts";

/**
 * SPC on synthetic monthly series (no database): 24 baseline-window months around 50%, then a step up to 90% for
 * the last 12 months, 200 people a month.
 */
const def = DEFINITIONS.find((d) => d.id === "RESP-01")!;
const month = (i: number) => `${2019 + Math.floor((i + 3) / 12)}-${String(((i + 3) % 12) + 1).padStart(2, "0")}`;
const series = (values: number[], people = 200): SpcMonthCell[] =>
  values.map((value, i) => ({ period_type: "month", period: month(i), breakdown: "alliance", breakdown_value: "all", value, denominator_people: people, provisional: i === values.length - 1 }));
const wobble = (i: number) => (i % 2 ? -0.03 : 0.03);
const stepped = [...Array.from({ length: 24 }, (_, i) => 0.5 + wobble(i)), ...Array.from({ length: 12 }, (_, i) => 0.9 + wobble(i))];
const config = (extra: Record<string, unknown> = {}) => {
  const base = metricsConfig();
  return parseConfig(
    { ...JSON.parse(JSON.stringify({ ...base, configDir: undefined, configPath: undefined })), dataFrom: "2019-04-01", baseline: { from: "2019-04-01", to: "2020-03-31" }, targets: [{ metric: "RESP-01", target: 0.85, tolerance: 0.05 }], ...extra },
    base.configPath,
  );
};

describe("SPC series in the engine", () => {
  it("proposes a recalculation at the first month of a sustained shift and withholds the assurance icon", () => {
    const { rows, suggestions } = spcRowsFor(def, config(), series(stepped));
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ metric_id: "RESP-01", month: month(24), side: "above", run_points: 12, run_from: month(24), run_to: month(35), accepted_by: null });
    expect(JSON.parse(suggestions[0]!.config_line)).toMatchObject({ metric: "RESP-01", month: month(24) });
    const last = rows.at(-1)!;
    expect([last.assurance, last.withheld_reason, last.provisional, last.limits_from, last.limits_to]).toEqual([null, "limits_out_of_date", true, "2019-04", "2020-03"]);
  });

  it("judges assurance on new limits once the config rebases at the shift, and keeps the old ones with keep", () => {
    const rebased = spcRowsFor(def, config({ rebase: [{ metric: "RESP-01", month: month(24), reason: "new service" }] }), series(stepped));
    expect(rebased.suggestions).toEqual([]);
    const last = rebased.rows.at(-1)!;
    expect([last.withheld_reason, last.rebase_group, last.limits_from, last.limits_to]).toEqual([null, 1, month(24), month(35)]);
    expect(last.assurance).not.toBeNull();
    const kept = spcRowsFor(def, config({ rebase: [{ metric: "RESP-01", month: month(20), reason: "known", keep: true }] }), series(stepped));
    expect(kept.suggestions[0]!.accepted_by).toBe("keep");
    expect(kept.rows.at(-1)!.withheld_reason).toBeNull();
    expect(kept.rows.at(-1)!.rebase_group).toBe(0);
  });

  it("takes a run length of 6 from the config", () => {
    const short = [...Array.from({ length: 24 }, (_, i) => 0.5 + wobble(i)), ...Array(6).fill(0.6)];
    expect(spcRowsFor(def, config(), series(short)).suggestions).toEqual([]);
    expect(spcRowsFor(def, config({ spc: { runLength: 6 } }), series(short)).suggestions).toHaveLength(1);
  });

  it("clips limits to 0-100% and says so", () => {
    const wide = Array.from({ length: 24 }, (_, i) => (i % 2 ? 0.99 : 0.6));
    const rows = spcRowsFor(def, config(), series(wide)).rows;
    expect(rows.every((r) => r.upper_limit! <= 1 && r.lower_limit! >= 0)).toBe(true);
    expect(rows[0]!.limits_clipped).toBe("both");
  });

  it("gives a thin series no centre, limits or icons (too_few_cases), keeping its values", () => {
    for (const cells of [series(stepped, 6), series(stepped.slice(0, 11))]) {
      const { rows, suggestions } = spcRowsFor(def, config(), cells);
      expect(suggestions).toEqual([]);
      expect(rows.every((r) => r.withheld_reason === "too_few_cases" && r.centre === null && r.upper_limit === null && r.assurance === null && r.variation === null)).toBe(true);
      expect(rows.map((r) => r.value)).toEqual(cells.map((c) => c.value));
    }
  });

  it("leaves out months without a value (follow_up_open among them): the icons describe the latest month with one", () => {
    const cells = series(stepped);
    cells.push({ ...cells.at(-1)!, period: "2022-04", value: null });
    const rows = spcRowsFor(def, config(), cells).rows;
    expect(rows.at(-1)!.month).toBe(month(35));
  });
});
