import { describe, expect, it } from "vitest";
import { accurateMean, processLimits } from "../../../metrics/statistics/spc-limits.ts";
import { expectWithin } from "./reference-fixtures.ts";

const allUsed = (values: readonly number[]) => values.map(() => true);

describe("processLimits", () => {
  it("mean ± 2.66 mean moving ranges, 2-sigma lines at 2/3 of that", () => {
    // mean 58/5 = 11.6; moving ranges 2, 1, 2, 1 → 1.5; 2.66 * 1.5 = 3.99; (2 * 2.66 / 3) * 1.5 = 2.66
    const values = [10, 12, 11, 13, 12];
    const limits = processLimits(values, allUsed(values));
    expectWithin(limits.mean, 11.6, 1e-12);
    expectWithin(limits.meanMovingRange, 1.5, 1e-12);
    expectWithin(limits.lpl, 7.61, 1e-12);
    expectWithin(limits.upl, 15.59, 1e-12);
    expectWithin(limits.nlpl, 8.94, 1e-12);
    expectWithin(limits.nupl, 14.26, 1e-12);
  });

  it("drops a moving range of 3.267 mean moving ranges or more, unless screening is off", () => {
    // eight ranges of 1 and one of 30: mean 38/9 = 4.22, screen at 13.8, so only the 30 goes.
    const values = [10, 11, 10, 11, 10, 11, 10, 11, 10, 40];
    const screened = processLimits(values, allUsed(values));
    expectWithin(screened.mean, 13.4, 1e-12);
    expectWithin(screened.meanMovingRange, 1, 1e-12);
    expectWithin(screened.upl, 16.06, 1e-12);
    const unscreened = processLimits(values, allUsed(values), false);
    expectWithin(unscreened.meanMovingRange, 38 / 9, 1e-12);
  });

  it("uses only chosen points, and only ranges between consecutive chosen points", () => {
    // used: 1, 2, 6, 3 → mean 3; ranges |6-2| = 4 and |3-6| = 3 (1→2 skips an unused point) → 3.5
    const limits = processLimits([1, 5, 2, 6, 3], [true, false, true, true, true]);
    expectWithin(limits.mean, 3, 1e-12);
    expectWithin(limits.meanMovingRange, 3.5, 1e-12);
    expectWithin(limits.lpl, 3 - 2.66 * 3.5, 1e-12);
  });

  it("gives no limits for a flat series, as the package (every range is screened out)", () => {
    const limits = processLimits([5, 5, 5, 5], allUsed([5, 5, 5, 5]));
    expect(limits.mean).toBe(5);
    expect(limits.lpl).toBeNull();
    expect(limits.upl).toBeNull();
  });

  it("gives no limits without a moving range, and no mean without a chosen point", () => {
    expect(processLimits([4], [true])).toMatchObject({ mean: 4, lpl: null, upl: null });
    expect(processLimits([4, 5], [false, false])).toMatchObject({ mean: null, lpl: null });
  });
});

describe("accurateMean", () => {
  it("averages", () => {
    expect(accurateMean([1, 2, 3, 4])).toBe(2.5);
    expect(accurateMean([])).toBeNaN();
  });

  it("recovers the exact mean where a plain sum would round", () => {
    // 0.1 + 0.2 + 0.3 is 0.6000000000000001 in doubles; the residual pass corrects it.
    expect(accurateMean([0.1, 0.2, 0.3])).toBe(0.2);
  });
});
