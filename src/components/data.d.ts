/** Types for data.js (plain JavaScript, so the site can import it unbundled): the functions the packs use. */
export function parseQuarter(period: string): { fy: number; q: number } | null;
export function quarterRange(period: string): { start: Date; end: Date } | null;
export function quarterLabel(period: string, options?: { short?: boolean }): string;
export function periodLabel(period: string, periodType: string, options?: { short?: boolean }): string;
export function longDate(date: string | Date | null | undefined): string;
export function lastMonthOfQuarter(period: string): string | null;
export function quarterOfMonth(month: string): string;
export function pageHref(path: string, base?: string, options?: { query?: Record<string, string> | null; hash?: string | null }): string;
/** A metric family: its catalogue id, title, page path (null for one with no family page) and one-line intro. */
export interface Family { id: string; title: string; path: string | null; intro?: string }
export const FAMILIES: readonly Family[];
export function familyInfo(id: string): Family;
export function familyFileName(family: Family): string;
export function breakdownFileName(familyFile: string, metricId: string, breakdown: string): string;
/** A loader's column-encoded table (published/source.ts, encodeColumns) as rows. */
export function decodeColumns(table: { length: number; columns: Record<string, unknown> }): any[];
