import { wilsonInterval } from "./wilson.ts";

/** A difference of two proportions with its confidence interval. */
export interface DifferenceWithInterval {
  difference: number;
  lower: number;
  upper: number;
}

/**
 * Newcombe's hybrid score interval (method 10 of Newcombe 1998, no continuity correction) for
 * p1 - p2 with p1 = x1/n1 and p2 = x2/n2 from independent samples. It combines the two Wilson
 * intervals, so it stays inside [-1, 1] and behaves at 0% and 100%, where a Wald interval fails.
 * Null when either denominator is empty or missing.
 */
export function newcombeDifference(
  x1: number | null | undefined,
  n1: number | null | undefined,
  x2: number | null | undefined,
  n2: number | null | undefined,
  confidence = 0.95,
): DifferenceWithInterval | null {
  const first = wilsonInterval(x1, n1, confidence);
  const second = wilsonInterval(x2, n2, confidence);
  // wilsonInterval has already rejected missing counts and empty denominators.
  if (first === null || second === null) return null;
  const p1 = (x1 as number) / (n1 as number);
  const p2 = (x2 as number) / (n2 as number);
  const difference = p1 - p2;
  return {
    difference,
    lower: difference - Math.sqrt((p1 - first.lower) ** 2 + (second.upper - p2) ** 2),
    upper: difference + Math.sqrt((first.upper - p1) ** 2 + (p2 - second.lower) ** 2),
  };
}
