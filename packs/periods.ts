import { addDays, nextQuarter, parseQuarter, quartersBetween } from "../loaders/contract/periods.ts";

/**
 * Quarters in words for the packs' one-line errors and their completeness windows. Pure functions.
 */

/** Runs of consecutive quarters, "2018-19-Q1 … 2026-27-Q2", so a reason lists what is available on one line. */
export function compactQuarters(quarters: readonly string[]): string {
  const sorted = [...new Set(quarters)].sort();
  const runs: string[][] = [];
  for (const q of sorted) {
    const run = runs.at(-1);
    const previous = run ? parseQuarter(run.at(-1)!) : null;
    if (run && previous && nextQuarter(previous).label === q) run.push(q);
    else runs.push([q]);
  }
  return runs.map((r) => (r.length === 1 ? r[0]! : r.length === 2 ? `${r[0]}, ${r[1]}` : `${r[0]} … ${r.at(-1)}`)).join(", ");
}

/** The first day of the rolling 12 months ending with a quarter. */
export function rolling12Start(period: string): string {
  const q = parseQuarter(period);
  if (!q) throw new Error(`not a quarter: ${period}`);
  const end = new Date(`${q.end}T00:00:00Z`);
  return new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 11, 1)).toISOString().slice(0, 10);
}

/**
 * The quarters whose submissions a metric's figures for a period rest on: the rolling 12 months ending with it
 * and the look-back before them; a point-in-time metric rests on its quarter only.
 */
export function quartersBehind(period: string, { lookbackDays = 0, pointInTime = false }: { lookbackDays?: number; pointInTime?: boolean } = {}): string[] {
  const q = parseQuarter(period);
  if (!q) throw new Error(`not a quarter: ${period}`);
  if (pointInTime) return [q.label];
  return quartersBetween(addDays(rolling12Start(period), -lookbackDays), q.end).map((x) => x.label);
}

/** The last month of a quarter, "2024-12" for 2024-25-Q3. */
export function lastMonth(period: string): string {
  const q = parseQuarter(period);
  if (!q) throw new Error(`not a quarter: ${period}`);
  return q.end.slice(0, 7);
}
