import { describe, expect, it } from "vitest";
import { acceptingEntry, clipLimits, latestShift, median } from "../../../metrics/statistics/index.ts";

const points = (sides: Array<-1 | 0 | 1>, group = 0) => sides.map((s, i) => ({ x: `m${String(i).padStart(2, "0")}`, relative_to_mean: s, rebase_group: group }));

describe("latestShift", () => {
  it("finds the run of points on one side that ends the series, from its first month", () => {
    expect(latestShift(points([1, -1, 1, 1, 1, 1, 1, 1, 1]), 7)).toEqual({ side: "above", start: 2, points: 7, from: "m02", to: "m08" });
    expect(latestShift(points([-1, -1, -1, -1, -1, -1]), 6)).toMatchObject({ side: "below", points: 6 });
  });
  it("needs runLength points; a point on the centre line or the other side ends the run", () => {
    expect(latestShift(points([1, 1, 1, 1, 1, 1]), 7)).toBeNull();
    expect(latestShift(points([1, 1, 1, 1, 0, 1, 1, 1]), 7)).toBeNull();
    expect(latestShift(points([1, 1, 1, 1, 1, 1, 1, 0]), 7)).toBeNull();
  });
  it("does not reach back across a rebase", () => {
    const series = [...points([1, 1, 1, 1], 0), ...points([1, 1, 1], 1).map((p, i) => ({ ...p, x: `n${i}` }))];
    expect(latestShift(series, 7)).toBeNull();
  });
});

describe("acceptingEntry", () => {
  it("is a rebase at or after the run's first month, or a keep entry on or before it", () => {
    expect(acceptingEntry([{ month: "2023-04" }], "2023-04")).toBe("2023-04");
    expect(acceptingEntry([{ month: "2023-06" }], "2023-04")).toBe("2023-06");
    expect(acceptingEntry([{ month: "2023-03" }], "2023-04")).toBeNull();
    expect(acceptingEntry([{ month: "2021-04", keep: true }], "2023-04")).toBe("keep");
    expect(acceptingEntry([{ month: "2024-04", keep: true }], "2023-04")).toBeNull();
    expect(acceptingEntry([], "2023-04")).toBeNull();
  });
});

describe("clipLimits", () => {
  it("clips a percentage's limits to 0-100% and a rate's at 0, saying which", () => {
    expect(clipLimits(-0.02, 1.105, { min: 0, max: 1 })).toEqual({ lower: 0, upper: 1, clipped: "both" });
    expect(clipLimits(0.2, 1.1, { min: 0, max: 1 })).toEqual({ lower: 0.2, upper: 1, clipped: "upper" });
    expect(clipLimits(-3, 40, { min: 0, max: null })).toEqual({ lower: 0, upper: 40, clipped: "lower" });
    expect(clipLimits(0.2, 0.6, { min: 0, max: 1 })).toEqual({ lower: 0.2, upper: 0.6, clipped: null });
    expect(clipLimits(null, null, { min: 0, max: 1 })).toEqual({ lower: null, upper: null, clipped: null });
  });
});

describe("median", () => {
  it("of odd and even lists", () => {
    expect([median([3, 1, 2]), median([4, 1, 3, 2]), median([])]).toEqual([2, 2.5, null]);
  });
});
