import { addDays, isoDate, parseQuarter, quarterOfDate, quartersBetween, type Quarter } from "../../loaders/contract/periods.ts";

/**
 * The periods every metric is computed for: each calendar month, NHS financial-year quarter and rolling 12
 * months ending with a quarter, from the config's `dataFrom` to the end of the latest quarter in the data
 * (meta `data_to_period`); plus the baseline window, which the engine aggregates like a period.
 */

export const PERIOD_TYPES = ["month", "quarter", "rolling12"] as const;
export type PeriodType = (typeof PERIOD_TYPES)[number];

export interface Period {
  type: PeriodType | "baseline";
  /** `2024-11`, `2024-25-Q3` (also for the rolling 12 months ending then), `baseline` */
  label: string;
  /** ISO dates, inclusive */
  start: string;
  end: string;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

export function monthEnd(year: number, month: number): string {
  return isoDate(year, month, new Date(Date.UTC(year, month, 0)).getUTCDate());
}

/** The first day of the month `months` after the month of `date` (negative: before). */
export function addMonths(date: string, months: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return isoDate(Math.floor(index / 12), (index % 12) + 1, 1);
}

export function monthsBetween(from: string, to: string): Period[] {
  const out: Period[] = [];
  for (let start = `${from.slice(0, 7)}-01`; start <= to; start = addMonths(start, 1)) {
    const year = Number(start.slice(0, 4));
    const month = Number(start.slice(5, 7));
    out.push({ type: "month", label: `${year}-${pad2(month)}`, start, end: monthEnd(year, month) });
  }
  return out;
}

/** The rolling 12 months ending with quarter q: starts nine months before q does. */
export function rolling12Of(q: Quarter): Period {
  return { type: "rolling12", label: q.label, start: addMonths(q.start, -9), end: q.end };
}

export function buildPeriods(dataFrom: string, dataToPeriod: string): Period[] {
  const last = parseQuarter(dataToPeriod);
  if (!last) throw new Error(`meta data_to_period is not a quarter: '${dataToPeriod}'`);
  const quarters = quartersBetween(dataFrom, last.end);
  return [
    ...monthsBetween(quarters[0]!.start, last.end),
    ...quarters.map((q): Period => ({ type: "quarter", label: q.label, start: q.start, end: q.end })),
    ...quarters.map(rolling12Of),
  ];
}

export function baselinePeriod(baseline: { from: string; to: string }): Period {
  return { type: "baseline", label: "baseline", start: baseline.from, end: baseline.to };
}

/** A running number of quarters, so quarters can be counted apart. */
function quarterIndex(q: Quarter): number {
  return q.fyStart * 4 + q.quarter - 1;
}

/**
 * Provisional until two quarters after the period ends: a period whose last day is in quarter Q is final once
 * the data reach Q + 2 (late records arrive by resubmission until then).
 */
export function isProvisional(period: Period, dataToPeriod: string): boolean {
  const last = parseQuarter(dataToPeriod);
  if (!last) return true;
  return quarterIndex(last) < quarterIndex(quarterOfDate(period.end)) + 2;
}

/** The look-back of a value (the days before its period start it reaches to) begins before the data. */
export function lookbackBeforeData(period: Pick<Period, "start">, lookbackDays: number, dataFrom: string): boolean {
  return lookbackDays > 0 && addDays(period.start, -lookbackDays) < dataFrom;
}

export function overlaps(a: { start: string; end: string }, b: { start: string; end: string }): boolean {
  return a.start <= b.end && b.start <= a.end;
}
