import { describe, expect, it } from "vitest";
import { assessChange } from "../../../metrics/statistics/assessment.ts";

describe("assessChange", () => {
  it.each([
    // difference scale: no change = 0
    { scale: "difference", lower: 0.01, upper: 0.2, direction: "up", expected: "improved" },
    { scale: "difference", lower: 0.01, upper: 0.2, direction: "down", expected: "worse" },
    { scale: "difference", lower: -0.2, upper: -0.01, direction: "up", expected: "worse" },
    { scale: "difference", lower: -0.2, upper: -0.01, direction: "down", expected: "improved" },
    { scale: "difference", lower: -0.05, upper: 0.2, direction: "up", expected: "no_significant_change" },
    { scale: "difference", lower: 0, upper: 0.2, direction: "up", expected: "no_significant_change" },
    // ratio scale: no change = 1
    { scale: "ratio", lower: 1.1, upper: 1.8, direction: "down", expected: "worse" },
    { scale: "ratio", lower: 0.5, upper: 0.9, direction: "down", expected: "improved" },
    { scale: "ratio", lower: 0.5, upper: 0.9, direction: "up", expected: "worse" },
    { scale: "ratio", lower: 0.8, upper: 1.2, direction: "down", expected: "no_significant_change" },
    { scale: "ratio", lower: 0.5, upper: 1, direction: "down", expected: "no_significant_change" },
    // a ratio interval wholly above 0 but containing 1 is not a change
    { scale: "ratio", lower: 0.2, upper: 3, direction: "up", expected: "no_significant_change" },
  ] as const)("$scale [$lower, $upper] with direction $direction → $expected", ({ expected, ...change }) => {
    expect(assessChange(change)).toBe(expected);
  });

  it("does not judge context metrics", () => {
    expect(assessChange({ scale: "difference", lower: 0.1, upper: 0.2, direction: "context" })).toBeNull();
  });

  it("does not judge a change without an interval", () => {
    expect(assessChange({ scale: "ratio", lower: null, upper: null, direction: "up" })).toBeNull();
    expect(assessChange({ scale: "ratio", lower: 1.2, upper: undefined, direction: "up" })).toBeNull();
  });
});
