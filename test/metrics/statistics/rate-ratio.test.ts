import { describe, expect, it } from "vitest";
import { rateRatio } from "../../../metrics/statistics/rate-ratio.ts";
import { expectWithin } from "./reference-fixtures.ts";

describe("rateRatio (log-normal interval)", () => {
  it("30 per 1,000 vs 20 per 1,000", () => {
    // RR = 1.5; se(ln RR) = sqrt(1/30 + 1/20) = 0.288675; 1.96 * se = 0.565802
    // 1.5 * exp(-0.565802) = 0.851865; 1.5 * exp(0.565802) = 2.641265
    const result = rateRatio(30, 1000, 20, 1000)!;
    expectWithin(result.ratio, 1.5, 1e-12);
    expectWithin(result.lower, 0.851865, 5e-6);
    expectWithin(result.upper, 2.641265, 5e-6);
  });

  it("12 in 400 vs 30 in 500 (different denominators)", () => {
    // RR = 0.03 / 0.06 = 0.5; se = sqrt(1/12 + 1/30) = 0.341565; 1.96 * se = 0.669455
    // 0.5 * exp(-0.669455) = 0.255994; 0.5 * exp(0.669455) = 0.976587
    const result = rateRatio(12, 400, 30, 500)!;
    expectWithin(result.ratio, 0.5, 1e-12);
    expectWithin(result.lower, 0.255994, 5e-6);
    expectWithin(result.upper, 0.976587, 5e-6);
  });

  it("is unaffected by a common multiplier on the denominators", () => {
    expect(rateRatio(12, 0.4, 30, 0.5)!.ratio).toBeCloseTo(0.5, 12);
  });

  it("gives no ratio when a count or denominator is 0 or missing", () => {
    expect(rateRatio(0, 100, 5, 100)).toBeNull();
    expect(rateRatio(5, 100, 0, 100)).toBeNull();
    expect(rateRatio(5, 0, 5, 100)).toBeNull();
    expect(rateRatio(5, 100, 5, 0)).toBeNull();
    expect(rateRatio(null, 100, 5, 100)).toBeNull();
  });
});
