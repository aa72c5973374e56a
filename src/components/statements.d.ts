/** Types for statements.js (plain JavaScript, so the site can import it unbundled). */
export type StatementRow = Record<string, string | number | boolean | null>;
export interface StatementDefinition {
  id: string;
  name: string;
  unit?: string;
  direction?: string;
  change_scale?: string;
  change_assessed?: boolean;
  [key: string]: unknown;
}
export interface StatementOptions {
  periodType?: string;
  baseline?: { from: string; to: string };
  disclosure?: unknown;
  emptyReasons?: Record<string, string>;
  partnerName?: (code: string) => string;
}
export function hiddenWords(disclosure: unknown, row?: { empty_reason?: string | null } | null): string;
export function periodOverlaps(period: string, periodType: string, window: { from: string; to: string } | null | undefined): boolean;
export function valueWords(row: StatementRow, definition: StatementDefinition): string;
export function changeWords(row: StatementRow, definition: StatementDefinition): string | null;
export function significanceWords(row: StatementRow, definition: StatementDefinition): string | null;
export function notAssessedWords(row: StatementRow, definition: StatementDefinition, options?: { overlapsBaseline?: boolean }): string;
export function missingSubmissionsWords(text: string | null | undefined, partnerName?: (code: string) => string): string[];
export function flagWords(row: StatementRow | null, options?: { partnerName?: (code: string) => string }): string[];
export function beforeAfterStatement(
  row: StatementRow | null,
  definition: StatementDefinition,
  options?: StatementOptions,
): { kind: "improved" | "worse" | "no_significant_change" | "not_assessed" | "hidden" | "empty"; text: string };
