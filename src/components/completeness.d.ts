/** Types for completeness.js (plain JavaScript, so the site can import it unbundled). */
export interface SubmissionLike {
  partner: string;
  dataset: string;
  period: string;
  due_date: string | null;
  submitted: string | null;
  arrival: string;
  resubmitted: boolean;
}
export interface PartnerStatus {
  code: string;
  name: string;
  expected: number;
  onTime: string[];
  late: { dataset: string; submitted: string | null; due_date: string | null; days: number | null }[];
  missing: string[];
  resubmitted: string[];
  status: "on_time" | "late" | "missing" | "not_expected";
  sentence: string;
}
export interface IncompleteFigure {
  id: string;
  name: string;
  periodTypes: string[];
  missing: { partner: string; period: string | null }[];
}
export function parseMissingSubmissions(text: string | null | undefined): { partner: string; period: string | null }[];
export function daysLate(submission: { submitted: string | null; due_date: string | null }): number | null;
export function partnerCompleteness(submissions: readonly SubmissionLike[], partners: readonly { code: string; name: string }[], period: string): PartnerStatus[];
export function incompleteFigures(rows: readonly Record<string, unknown>[], definitions: readonly { id: string; name: string }[]): IncompleteFigure[];
export function completenessSummary(figures: IncompleteFigure[], partnerStatus: PartnerStatus[], options?: { partnerName?: (code: string) => string; total?: number }): string;
