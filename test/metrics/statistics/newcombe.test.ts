import { describe, expect, it } from "vitest";
import { newcombeDifference } from "../../../metrics/statistics/newcombe.ts";
import { expectWithin } from "./reference-fixtures.ts";

// z for 95%, to the precision needed for 4-decimal hand calculations.
const Z_SQUARED = 1.959963984540054 ** 2;

describe("newcombeDifference (Newcombe 1998, method 10)", () => {
  // Values published in Newcombe (1998) Statist. Med. 17:873-890, Table II, method 10, to 4 dp.
  // (Also asserted by the propint R package's test suite, which cites the same table.)
  it.each([
    { x1: 56, n1: 70, x2: 48, n2: 80, difference: 0.2, lower: 0.0524, upper: 0.3339 },
    { x1: 9, n1: 10, x2: 3, n2: 10, difference: 0.6, lower: 0.1705, upper: 0.809 },
  ])("reproduces the published interval for $x1/$n1 - $x2/$n2", ({ x1, n1, x2, n2, difference, lower, upper }) => {
    const result = newcombeDifference(x1, n1, x2, n2)!;
    expectWithin(result.difference, difference, 1e-12);
    expectWithin(result.lower, lower, 0.00005);
    expectWithin(result.upper, upper, 0.00005);
  });

  // Where a proportion is 0 or 1 its Wilson limits have closed forms (0/n: upper z²/(n+z²);
  // n/n: lower n/(n+z²)), so these intervals can be worked by hand independently of the code.
  it("0/10 - 0/20: from -z²/(20+z²) to z²/(10+z²)", () => {
    const result = newcombeDifference(0, 10, 0, 20)!;
    expect(result.difference).toBe(0);
    expectWithin(result.lower, -Z_SQUARED / (20 + Z_SQUARED), 1e-12); // -0.1611
    expectWithin(result.upper, Z_SQUARED / (10 + Z_SQUARED), 1e-12); // 0.2775
  });

  it("10/10 - 0/20: lower 1 - sqrt((1 - 10/(10+z²))² + (z²/(20+z²))²), upper 1", () => {
    const result = newcombeDifference(10, 10, 0, 20)!;
    const firstShortfall = 1 - 10 / (10 + Z_SQUARED);
    const secondUpper = Z_SQUARED / (20 + Z_SQUARED);
    expectWithin(result.lower, 1 - Math.sqrt(firstShortfall ** 2 + secondUpper ** 2), 1e-12); // 0.6791
    expectWithin(result.upper, 1, 1e-12);
  });

  it("is antisymmetric: swapping the groups negates and swaps the limits", () => {
    const forward = newcombeDifference(6, 7, 2, 7)!;
    const backward = newcombeDifference(2, 7, 6, 7)!;
    expectWithin(backward.difference, -forward.difference, 1e-15);
    expectWithin(backward.lower, -forward.upper, 1e-15);
    expectWithin(backward.upper, -forward.lower, 1e-15);
  });

  it("gives no interval when a group is empty", () => {
    expect(newcombeDifference(3, 10, 0, 0)).toBeNull();
    expect(newcombeDifference(null, 10, 3, 10)).toBeNull();
  });
});
