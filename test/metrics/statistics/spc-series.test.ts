import { describe, expect, it } from "vitest";
import { spc } from "../../../metrics/statistics/spc.ts";
import { improvementDirectionOf, spcForSeries } from "../../../metrics/statistics/spc-series.ts";
import { processLimits } from "../../../metrics/statistics/spc-limits.ts";
import { expectWithin } from "./reference-fixtures.ts";

/** Consecutive months from `first`, with the given values. */
function monthlySeries(first: string, values: readonly number[]) {
  const [year, month] = first.split("-").map(Number);
  return values.map((y, i) => {
    const index = year * 12 + (month - 1) + i;
    return { x: `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, "0")}`, y };
  });
}

// 2019-01 .. 2021-06: three pre-baseline months, the twelve baseline months, then fifteen more
// that run higher than the baseline.
const BEFORE = [50, 52, 49];
const BASELINE = [50, 53, 48, 51, 49, 52, 50, 47, 51, 53, 49, 50];
const AFTER = [55, 54, 56, 53, 55, 57, 54, 56, 62, 55, 54, 56, 55, 57, 54];
const SERIES = monthlySeries("2019-01", [...BEFORE, ...BASELINE, ...AFTER]);
const WINDOW = { baselineFrom: "2019-04-01", baselineTo: "2020-03-31" };

describe("spcForSeries", () => {
  it("takes the limits from the 12 baseline months and judges every month against them", () => {
    const result = spcForSeries(SERIES, { ...WINDOW, improvementDirection: "increase" });
    const expected = processLimits(BASELINE, BASELINE.map(() => true));
    expect(result.points.filter((point) => point.used_for_limits).map((point) => point.x)).toEqual(
      SERIES.slice(3, 15).map((point) => point.x),
    );
    for (const point of result.points) {
      expectWithin(point.mean, expected.mean!, 1e-12);
      expectWithin(point.upl, expected.upl!, 1e-12);
    }
    // the later, higher months break the rules against the baseline limits
    expect(result.points.find((point) => point.x === "2020-12")!.special_cause).toBe("outside_limits");
    expect(result.points.find((point) => point.x === "2020-05")!.special_cause).toBe("run");
    expect(result.variation).toBe("improvement_high");
  });

  it("uses every point when fewer than 12 baseline months have data", () => {
    const withoutOneBaselineMonth = SERIES.filter((point) => point.x !== "2019-08");
    const result = spcForSeries(withoutOneBaselineMonth, { ...WINDOW, improvementDirection: "increase" });
    expect(result.points.every((point) => point.used_for_limits)).toBe(true);
    const values = withoutOneBaselineMonth.map((point) => point.y);
    expectWithin(result.points[0].mean, processLimits(values, values.map(() => true)).mean!, 1e-12);
  });

  it("gives each rebase group its own limits: baseline months where there are 12, else all its points", () => {
    const result = spcForSeries(SERIES, { ...WINDOW, improvementDirection: "increase", rebaseMonths: ["2020-04"] });
    const before = result.points.filter((point) => point.rebase_group === 0);
    const after = result.points.filter((point) => point.rebase_group === 1);
    expect(before.map((point) => point.x).at(-1)).toBe("2020-03");
    expect(before.filter((point) => point.used_for_limits)).toHaveLength(12);
    expect(after.every((point) => point.used_for_limits)).toBe(true);
    expectWithin(after[0].mean, processLimits(AFTER, AFTER.map(() => true)).mean!, 1e-12);
    expect(after[0].short_group).toBe(false);
  });

  it("starts a rebase at the next month with data when the rebase month itself has none", () => {
    const gap = SERIES.filter((point) => point.x !== "2020-04");
    const result = spcForSeries(gap, { ...WINDOW, improvementDirection: "increase", rebaseMonths: ["2020-04"] });
    expect(result.points.find((point) => point.rebase_group === 1)!.x).toBe("2020-05");
    // a rebase given as a date falls in its month
    const asDate = spcForSeries(SERIES, { ...WINDOW, improvementDirection: "increase", rebaseMonths: ["2020-04-01"] });
    expect(asDate.points.find((point) => point.rebase_group === 1)!.x).toBe("2020-04");
    // the package's own behaviour, kept by the bare spc(): a date not in the data is ignored
    expect(spc(gap, { rebase: ["2020-04"] }).points.every((point) => point.rebase_group === 0)).toBe(true);
  });

  it("carries the target into assurance on the last group's limits", () => {
    const result = spcForSeries(SERIES, { ...WINDOW, improvementDirection: "increase", target: 40 });
    expect(result.assurance).toBe("pass");
    expect(result.points.at(-1)!.assurance).toBe("pass");
    const neutral = spcForSeries(SERIES, { ...WINDOW, improvementDirection: "neutral", target: 40 });
    expect(neutral.assurance).toBeNull();
    expect(neutral.variation).toBe("neither_high");
  });
});

describe("improvementDirectionOf", () => {
  it("maps the catalogue's directions", () => {
    expect(improvementDirectionOf("up")).toBe("increase");
    expect(improvementDirectionOf("down")).toBe("decrease");
    expect(improvementDirectionOf("context")).toBe("neutral");
  });
});
