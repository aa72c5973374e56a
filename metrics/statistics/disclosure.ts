/**
 * Disclosure control for the published copy of one table (metric × period type × period ×
 * breakdown): the alliance total (`breakdown_value` "all") plus the rows of one breakdown, as the
 * catalogue's "Disclosure control" section sets out.
 */

export type ValueKind = "proportion" | "rate" | "per_decedent" | "currency";

export interface DisclosureCell {
  /** "all" marks the alliance total that the breakdown's rows add up to. */
  breakdown_value: string;
  kind: ValueKind;
  numerator: number | null;
  denominator: number | null;
  /** Distinct people behind each count: what disclosure control judges. */
  numerator_people: number | null;
  denominator_people: number | null;
  value: number | null;
  /**
   * value = multiplier × numerator / denominator (1000 for rates per 1,000 register days). When
   * absent it is 1, except for rates, where it is read back from the unrounded value.
   */
  multiplier?: number;
}

export interface DisclosureConfig {
  /** People counts in this inclusive range are hidden; 0 never is. Default [1, 7]. */
  suppress?: readonly [number, number];
  /** Round every other published count to the nearest multiple of this (NHS Digital uses 5). */
  roundTo?: number | null;
  /**
   * Hide one more cell where a table's single hidden cell could be recovered from its total (default true).
   * The engine turns this off: it protects every linked relation at once (metrics/engine/disclosure.ts).
   */
  secondary?: boolean;
}

export interface DisclosureOutcome {
  suppressed: boolean;
  suppression_reason: string | null;
}

export type PublishedCell<T extends DisclosureCell> = T & DisclosureOutcome;

export const TOTAL_BREAKDOWN_VALUE = "all";
export const DEFAULT_SUPPRESSION_RANGE: readonly [number, number] = [1, 7];
export const SECONDARY_SUPPRESSION_REASON = "secondary: protects a suppressed cell";

/**
 * Fields computed from a cell's value or counts elsewhere (intervals come from unrounded counts):
 * left in place they would reveal a hidden value, so a suppressed cell empties any it carries.
 */
export const VALUE_DERIVED_FIELDS = [
  "ci_lower",
  "ci_upper",
  "change",
  "change_lower",
  "change_upper",
  "change_assessment",
  "benchmark_assessment",
] as const;

/** A float sum (pounds) may differ from the total in the last bits and still reveal the cell. */
const SUM_TOLERANCE = 1e-9;

export function primarySuppressionReason([lowest, highest]: readonly [number, number]): string {
  return lowest <= 1 ? `primary: fewer than ${highest + 1} people` : `primary: ${lowest} to ${highest} people`;
}

/**
 * Applies disclosure control to one table and returns the published cells in input order:
 *
 * 1. Primary: a cell whose numerator or denominator rests on a number of people inside the
 *    suppression range is hidden. Zero people reveals nothing and is published.
 * 2. Secondary: when the breakdown adds up to the published total (numerators or denominators)
 *    and exactly one of its cells is hidden, that cell could be recovered by subtraction, so the
 *    smallest other cell (by people in the denominator, preferring non-empty cells) is hidden too.
 * 3. Rounding (optional): every published count is rounded to the nearest `roundTo` and the value
 *    recomputed from the rounded numerator and denominator, so the published figures agree with
 *    each other. Pounds are not counts and stay as they are.
 *
 * A hidden cell loses its counts, people counts, value and value-derived fields; a RAG rating it
 * carries becomes grey.
 */
export function applyDisclosureControl<T extends DisclosureCell>(
  cells: readonly T[],
  config: DisclosureConfig = {},
): Array<PublishedCell<T>> {
  const range = config.suppress ?? DEFAULT_SUPPRESSION_RANGE;
  const roundTo = config.roundTo ?? null;
  if (!(range[0] <= range[1])) throw new RangeError(`suppression range [${range[0]}, ${range[1]}] is empty`);
  if (roundTo !== null && !(Number.isInteger(roundTo) && roundTo > 0)) {
    throw new RangeError(`roundTo must be a positive whole number, got ${roundTo}`);
  }

  const isSmall = (people: number | null) => people !== null && people > 0 && people >= range[0] && people <= range[1];
  const reasons: Array<string | null> = cells.map((cell) =>
    isSmall(cell.numerator_people) || isSmall(cell.denominator_people) ? primarySuppressionReason(range) : null,
  );

  const secondary = config.secondary === false ? null : secondarySuppressionIndex(cells, reasons);
  if (secondary !== null) reasons[secondary] = SECONDARY_SUPPRESSION_REASON;

  return cells.map((cell, i) => {
    const reason = reasons[i];
    if (reason !== null) return suppressedCell(cell, reason);
    const published = roundTo === null ? { ...cell } : roundedCell(cell, roundTo);
    return { ...published, suppressed: false, suppression_reason: null };
  });
}

function secondarySuppressionIndex<T extends DisclosureCell>(cells: readonly T[], reasons: ReadonlyArray<string | null>): number | null {
  const totals = cells.flatMap((cell, i) => (cell.breakdown_value === TOTAL_BREAKDOWN_VALUE ? [i] : []));
  if (totals.length > 1) throw new RangeError("a disclosure table has one total row, found several");
  // A hidden total cannot be subtracted from, and without a total nothing can be recovered.
  if (totals.length === 0 || reasons[totals[0]] !== null) return null;
  const total = cells[totals[0]];
  const members = cells.flatMap((cell, i) => (i === totals[0] ? [] : [i]));
  const hidden = members.filter((i) => reasons[i] !== null);
  if (hidden.length !== 1) return null;
  if (!addsUp(members.map((i) => cells[i].numerator), total.numerator) && !addsUp(members.map((i) => cells[i].denominator), total.denominator)) {
    return null;
  }

  const size = (cell: DisclosureCell) => cell.denominator_people ?? cell.numerator_people ?? cell.denominator ?? 0;
  const candidates = members.filter((i) => reasons[i] === null);
  // Hiding an empty cell protects nothing: a reader can guess it holds no one.
  const nonEmpty = candidates.filter((i) => size(cells[i]) > 0);
  const pool = nonEmpty.length > 0 ? nonEmpty : candidates;
  if (pool.length === 0) return null;
  return pool.reduce((smallest, i) => {
    const [a, b] = [cells[i], cells[smallest]];
    if (size(a) !== size(b)) return size(a) < size(b) ? i : smallest;
    return (a.numerator_people ?? 0) < (b.numerator_people ?? 0) ? i : smallest;
  });
}

function addsUp(parts: ReadonlyArray<number | null>, total: number | null): boolean {
  if (total === null) return false;
  const sum = parts.reduce<number>((running, part) => running + (part ?? 0), 0);
  return Math.abs(sum - total) <= SUM_TOLERANCE * Math.max(1, Math.abs(total));
}

function suppressedCell<T extends DisclosureCell>(cell: T, reason: string): PublishedCell<T> {
  const published: PublishedCell<T> = {
    ...cell,
    numerator: null,
    denominator: null,
    numerator_people: null,
    denominator_people: null,
    value: null,
    suppressed: true,
    suppression_reason: reason,
  };
  // The pass-through fields are not part of DisclosureCell, so reach them by name.
  const fields = published as unknown as Record<string, unknown>;
  for (const field of VALUE_DERIVED_FIELDS) {
    if (field in fields) fields[field] = null;
  }
  // A colour against the target would give away which side of it the hidden value lies.
  if (fields.rag !== undefined && fields.rag !== null) fields.rag = "grey";
  return published;
}

function roundToNearest(count: number | null, roundTo: number): number | null {
  return count === null ? null : Math.round(count / roundTo) * roundTo;
}

function roundedCell<T extends DisclosureCell>(cell: T, roundTo: number): T {
  const numerator = cell.kind === "currency" ? cell.numerator : roundToNearest(cell.numerator, roundTo);
  const denominator = roundToNearest(cell.denominator, roundTo);
  let value: number | null = null;
  // An empty value (zero denominator, look-back before the data) stays empty; a denominator that
  // rounds to nothing leaves nothing to divide by.
  if (cell.value !== null && numerator !== null && denominator !== null && denominator > 0) {
    value = (valueMultiplier(cell) * numerator) / denominator;
  }
  return {
    ...cell,
    numerator,
    denominator,
    numerator_people: roundToNearest(cell.numerator_people, roundTo),
    denominator_people: roundToNearest(cell.denominator_people, roundTo),
    value,
  };
}

function valueMultiplier(cell: DisclosureCell): number {
  if (cell.multiplier !== undefined) return cell.multiplier;
  const { kind, value, numerator, denominator } = cell;
  if (kind === "rate" && value !== null && numerator && denominator) return (value * denominator) / numerator;
  return 1;
}
