/** Types for the pure helpers of downloads.js (plain JavaScript, so the site can import it unbundled). */
export function wrapWords(text: string, perLine: number): string[];
export const chartSource: { alliance: string | null; asOf: string | null };
