/** Types for the pure helpers of charts.js (plain JavaScript, so the site can import it unbundled). */
export function tickFormat(unit: string, domain?: [number, number] | null): (value: number) => string;
export function nextMonth(month: string): string;
export function continuousMonths(series: { month: string; [key: string]: unknown }[]): { month: string; value: unknown; gap?: boolean; [key: string]: unknown }[];
