import { describe, expect, it } from "vitest";
import { compareBenchmark } from "../../../metrics/statistics/benchmark.ts";

describe("compareBenchmark", () => {
  it.each([
    { lower: 0.3, upper: 0.4, benchmark: 0.434, direction: "down", expected: "better" },
    { lower: 0.3, upper: 0.4, benchmark: 0.434, direction: "up", expected: "worse" },
    { lower: 0.45, upper: 0.5, benchmark: 0.434, direction: "down", expected: "worse" },
    { lower: 0.45, upper: 0.5, benchmark: 0.434, direction: "up", expected: "better" },
    { lower: 0.4, upper: 0.5, benchmark: 0.434, direction: "down", expected: "similar" },
    // an interval touching the benchmark does not exclude it
    { lower: 0.434, upper: 0.5, benchmark: 0.434, direction: "up", expected: "similar" },
    { lower: 0.3, upper: 0.434, benchmark: 0.434, direction: "up", expected: "similar" },
  ] as const)("[$lower, $upper] vs $benchmark ($direction) → $expected", ({ expected, ...input }) => {
    expect(compareBenchmark(input)).toBe(expected);
  });

  it("is empty without an interval, without a benchmark, or for a context metric", () => {
    expect(compareBenchmark({ lower: null, upper: null, benchmark: 0.4, direction: "up" })).toBeNull();
    expect(compareBenchmark({ lower: 0.3, upper: 0.5, benchmark: null, direction: "up" })).toBeNull();
    expect(compareBenchmark({ lower: 0.1, upper: 0.2, benchmark: 0.4, direction: "context" })).toBeNull();
  });
});
