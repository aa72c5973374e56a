import { isMissing, type MetricDirection } from "./types.ts";

export type BenchmarkAssessment = "better" | "similar" | "worse";

export interface IntervalAgainstBenchmark {
  lower: number | null | undefined;
  upper: number | null | undefined;
  benchmark: number | null | undefined;
  direction: MetricDirection;
}

/**
 * Compares a value with a benchmark (such as the England figure) by whether its 95% interval
 * excludes the benchmark: wholly on the good side is better, wholly on the bad side is worse,
 * containing it (including touching it) is similar. Null without an interval or benchmark, and
 * for context metrics, which have no good side.
 */
export function compareBenchmark({ lower, upper, benchmark, direction }: IntervalAgainstBenchmark): BenchmarkAssessment | null {
  if (direction === "context" || isMissing(lower) || isMissing(upper) || isMissing(benchmark)) return null;
  if (lower > benchmark) return direction === "up" ? "better" : "worse";
  if (upper < benchmark) return direction === "up" ? "worse" : "better";
  return "similar";
}
