/** Types for csv.js (plain JavaScript, so the site can import it unbundled). */
export function csvCell(value: unknown): string;
export function toCsv(rows: Record<string, unknown>[], columns: { key?: string; label?: string; csv?: (row: any) => unknown }[]): string;
export function fileName(title: string, extension: string, maxLength?: number): string;
