import { describe, expect, it } from "vitest";
import { rag } from "../../../metrics/statistics/rag.ts";

describe("rag", () => {
  it.each([
    // higher is better, target 75%, tolerance 5 points
    { value: 0.8, target: 0.75, tolerance: 0.05, direction: "up", expected: "green" },
    { value: 0.75, target: 0.75, tolerance: 0.05, direction: "up", expected: "green" },
    { value: 0.72, target: 0.75, tolerance: 0.05, direction: "up", expected: "amber" },
    // exactly on the tolerance: 0.75 - 0.7 is 0.05000000000000004 in floating point
    { value: 0.7, target: 0.75, tolerance: 0.05, direction: "up", expected: "amber" },
    { value: 0.6999, target: 0.75, tolerance: 0.05, direction: "up", expected: "red" },
    // lower is better, target 40%
    { value: 0.38, target: 0.4, tolerance: 0.03, direction: "down", expected: "green" },
    { value: 0.4, target: 0.4, tolerance: 0.03, direction: "down", expected: "green" },
    { value: 0.43, target: 0.4, tolerance: 0.03, direction: "down", expected: "amber" },
    { value: 0.4301, target: 0.4, tolerance: 0.03, direction: "down", expected: "red" },
    // no tolerance: any miss is red
    { value: 0.74, target: 0.75, tolerance: null, direction: "up", expected: "red" },
    // units other than fractions: per 1,000 register days
    { value: 2.1, target: 2, tolerance: 0.1, direction: "down", expected: "amber" },
  ] as const)("$value vs target $target (±$tolerance, $direction) → $expected", ({ expected, ...input }) => {
    expect(rag(input)).toBe(expected);
  });

  it("is grey when suppressed, empty or a context metric", () => {
    expect(rag({ value: 0.9, target: 0.75, tolerance: 0.05, direction: "up", suppressed: true })).toBe("grey");
    expect(rag({ value: null, target: 0.75, tolerance: 0.05, direction: "up" })).toBe("grey");
    expect(rag({ value: 0.9, target: 0.75, tolerance: 0.05, direction: "context" })).toBe("grey");
  });

  it("is empty when there is no target", () => {
    expect(rag({ value: 0.9, target: null, tolerance: null, direction: "up" })).toBeNull();
    expect(rag({ value: null, target: undefined, tolerance: null, direction: "up", suppressed: true })).toBeNull();
  });
});
