import { isoDate, parseQuarter } from "../../loaders/contract/periods.ts";
import { monthEnd, type Period } from "./periods.ts";

/**
 * Matching a config benchmark to a value's period. A benchmark's `period` may be written as a calendar year
 * (`2022`), a financial year (`2022-23`), a quarter (`2022-23-Q3`) or a month (`2022-11`); it covers those dates.
 *
 * Rule: a value is compared with the benchmark of its metric whose period started most recently on or before
 * the value's period ends: the latest national figure that was already being measured when the period ended
 * (national figures are published a year or more late, so the latest one is the usual comparator, and a figure
 * for a later year is never used for an earlier period). Periods ending before every benchmark get none.
 */

export interface BenchmarkSpan {
  start: string;
  end: string;
}

export function benchmarkSpan(period: string): BenchmarkSpan | null {
  let m = /^(\d{4})$/.exec(period);
  if (m) return { start: `${m[1]}-01-01`, end: `${m[1]}-12-31` };
  m = /^(\d{4})-(\d{2})$/.exec(period);
  if (m) {
    const [year, second] = [Number(m[1]), Number(m[2])];
    if (second === (year + 1) % 100) return { start: isoDate(year, 4, 1), end: isoDate(year + 1, 3, 31) };
    if (second >= 1 && second <= 12) return { start: isoDate(year, second, 1), end: monthEnd(year, second) };
    return null;
  }
  const q = parseQuarter(period);
  return q ? { start: q.start, end: q.end } : null;
}

export interface Benchmark {
  metric: string;
  period: string;
  value: number;
  source: string;
}

export interface MatchedBenchmark extends Benchmark {
  span: BenchmarkSpan;
}

/** The metric's benchmarks with their spans; those whose period cannot be read go to `unreadable`. */
export function readBenchmarks(all: readonly Benchmark[], metric: string, unreadable: (b: Benchmark) => void): MatchedBenchmark[] {
  const out: MatchedBenchmark[] = [];
  for (const b of all) {
    if (b.metric !== metric) continue;
    const span = benchmarkSpan(b.period);
    if (span) out.push({ ...b, span });
    else unreadable(b);
  }
  return out;
}

export function benchmarkFor(benchmarks: readonly MatchedBenchmark[], period: Pick<Period, "end">): MatchedBenchmark | null {
  let best: MatchedBenchmark | null = null;
  for (const b of benchmarks) {
    if (b.span.start > period.end) continue;
    if (!best || b.span.start > best.span.start || (b.span.start === best.span.start && b.span.end < best.span.end)) best = b;
  }
  return best;
}
