/** Types for the pure parts of board.js (plain JavaScript, so the site can import it unbundled). */
export interface AttentionReason {
  kind: "concern" | "red" | "amber" | "fail" | "worse" | "withheld" | "incomplete" | "empty";
  text: string;
}
export function attentionReasons(
  scorecardRow: { definition: Record<string, any>; row: Record<string, any> | null; point: Record<string, any> | null },
  meta: { partners?: { code: string; name: string }[]; empty_reasons?: Record<string, string> },
): AttentionReason[];
export function missingSubmissionsText(text: string | null | undefined, partners?: { code: string; name: string }[]): string;
