/** Types for definitions.js (plain JavaScript, so the site can import it unbundled): what the packs use. */
export function definitionFields(metric: Record<string, unknown>): [string, string | string[]][];
