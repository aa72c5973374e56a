/** Types for labels.js (plain JavaScript, so the site can import it unbundled). */
export const BREAKDOWN_LABELS: Record<string, string>;
export function labeller(meta: {
  localities: readonly { code: string; name: string }[];
  practices: readonly { code: string; name: string }[];
  partners: readonly { code: string; name: string }[];
}): (breakdown: string | null, value: string | null) => string;
