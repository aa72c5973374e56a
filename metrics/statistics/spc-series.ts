import { spc, type CalculationPointFilter, type SpcInputPoint, type SpcResult } from "./spc.ts";
import type { ImprovementDirection } from "./spc-rules.ts";
import type { MetricDirection } from "./types.ts";

/** The catalogue's metric direction as an SPC improvement direction. */
export function improvementDirectionOf(direction: MetricDirection): ImprovementDirection {
  if (direction === "up") return "increase";
  if (direction === "down") return "decrease";
  return "neutral";
}

/** Limits come from baseline points only when a rebase group has at least this many of them. */
export const MINIMUM_BASELINE_POINTS = 12;

export interface SeriesSpcOptions {
  /** The config's baseline window, ISO dates (`2019-04-01`) or months, inclusive. */
  baselineFrom: string;
  baselineTo: string;
  improvementDirection: ImprovementDirection;
  target?: number | null;
  /** The config's rebase months for this metric (`2020-04`). */
  rebaseMonths?: readonly string[];
  /** The config's `spc.runLength` (7 or 6). */
  runLength?: number;
}

/**
 * The product's SPC for one monthly series: per rebase group, the limits come from the points
 * inside the baseline window when the group has at least 12 of them, otherwise from all of the
 * group's points. Every point is still judged by every rule.
 *
 * A rebase month with no data (months without a value are skipped upstream) moves to the next
 * month that has one, so the policy change still starts a new group. The bare `spc` follows the
 * package and ignores rebase dates missing from the data.
 */
export function spcForSeries(points: readonly SpcInputPoint[], options: SeriesSpcOptions): SpcResult {
  const inBaseline = baselineWindow(options.baselineFrom, options.baselineTo);
  const sortedXs = points.map((point) => point.x).sort();
  const rebase = (options.rebaseMonths ?? [])
    .map((month) => sortedXs.find((x) => onOrAfter(x, month)))
    .filter((x): x is string => x !== undefined);

  const baselineCounts = new Map<readonly SpcInputPoint[], number>();
  const calculationPoints: CalculationPointFilter = (point, _index, group) => {
    let count = baselineCounts.get(group);
    if (count === undefined) {
      count = group.filter((member) => inBaseline(member.x)).length;
      baselineCounts.set(group, count);
    }
    return count >= MINIMUM_BASELINE_POINTS ? inBaseline(point.x) : true;
  };

  return spc(points, {
    improvementDirection: options.improvementDirection,
    target: options.target ?? null,
    rebase,
    calculationPoints,
    runLength: options.runLength,
  });
}

/**
 * Months are compared as months (so `2020-03` is inside a window ending `2020-03-31`); full dates
 * are compared as dates.
 */
function baselineWindow(from: string, to: string): (x: string) => boolean {
  const fromMonth = from.slice(0, 7);
  const toMonth = to.slice(0, 7);
  return (x) => (x.length === 7 ? x >= fromMonth && x <= toMonth : x >= from && x <= to);
}

/** Compares on the shorter string's length, so a month is on or after any date within it. */
function onOrAfter(x: string, start: string): boolean {
  const length = Math.min(x.length, start.length);
  return x.slice(0, length) >= start.slice(0, length);
}
