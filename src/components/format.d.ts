/** Types for the pure helpers of format.js (plain JavaScript, so the site can import it unbundled). */
export function formatValue(value: number | null | undefined, unit: string, options?: { precise?: boolean; withUnit?: boolean }): string;
export function formatPair(a: number, b: number, unit: string): [string, string];
