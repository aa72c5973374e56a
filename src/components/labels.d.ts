/** Types for labels.js (plain JavaScript, so the site can import it unbundled). */
export const BREAKDOWN_LABELS: Record<string, string>;
export const SCALED_BREAKDOWNS: string[];
export function labeller(meta: {
  localities: readonly { code: string; name: string }[];
  practices?: readonly { code: string; name: string }[];
  partners: readonly { code: string; name: string }[];
}): (breakdown: string | null, value: string | null) => string;
export const EMPTY_REASON_SHORT: Record<string, string>;
export const SPC_WITHHELD_WORDS: Record<string, string>;
export const LIMITS_CLIPPED_WORDS: Record<string, string>;
export function hiddenWords(row: { empty_reason?: string | null } | null | undefined, disclosure?: { suppress?: readonly number[] }): string;
export function emptyReasonWords(
  row: { empty_reason?: string | null; suppressed?: boolean; period?: string; period_type?: string; missing_submissions?: string | null } | null | undefined,
  definition?: { id?: string; follow_up_days?: number } | null,
  options?: { disclosure?: { suppress?: readonly number[] }; periodType?: string },
): string;
export function disclosureCountWords(
  counts: { cells: number; primary_cells: number; secondary_cells: number },
  disclosure?: { suppress?: readonly number[] },
): string;
export function spcSuggestionWords(suggestion: { side: string; month: string; run_points: number; run_to: string; accepted_by: string | null }, options?: { hasTarget?: boolean }): string;
export function listWords(words: string[]): string;
