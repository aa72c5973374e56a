import { z } from "zod";

/** The JSON ingest report of `interfaces.md`, as a zod schema so tests and tools can validate it. */

const issueSchema = z.object({ row: z.number().int().min(0), field: z.string().nullable(), message: z.string() });

/**
 * How many errors and warnings each file lists in `errors` and `warnings` (the first by row): a file of 1.5 M
 * rejected rows would otherwise make a report of hundreds of megabytes. Every one is in the rejected-rows CSV
 * and in the database's `row_issues`; `issueCounts` counts them all.
 */
export const LISTED_ISSUES_PER_FILE = 1000;
/** How many rows `issueCounts` names for each rule. */
export const ROWS_PER_RULE = 5;

/** Every issue of one severity, field and rule (the message with what the partner sent taken out), counted. */
const issueCountSchema = z.object({
  severity: z.enum(["error", "warning"]),
  field: z.string().nullable(),
  rule: z.string(),
  count: z.number().int(),
  /** the first rows (by number) breaking it */
  rows: z.array(z.number().int()),
});

export const fileReportSchema = z.object({
  path: z.string(),
  partner: z.string(),
  period: z.string(),
  dataset: z.string(),
  status: z.enum(["loaded", "replaced", "refused"]),
  reason: z.string().optional(),
  sha256: z.string(),
  rowsRead: z.number().int(),
  rowsLoaded: z.number().int(),
  rowsRejected: z.number().int(),
  /** the first LISTED_ISSUES_PER_FILE errors by row; `errorCount` says how many there are */
  errors: z.array(issueSchema),
  warnings: z.array(issueSchema),
  errorCount: z.number().int().optional(),
  warningCount: z.number().int().optional(),
  /** every error and warning counted by field and rule, with the first rows of each */
  issueCounts: z.array(issueCountSchema).optional(),
});

export const ingestReportSchema = z.object({
  exports: z.string(),
  files: z.array(fileReportSchema),
  /** what under the exports folder was not read (hidden files, symbolic links, folders deeper than the layout) */
  skipped: z.array(z.object({ path: z.string(), reason: z.string() })).optional(),
  totals: z.object({
    files: z.number().int(),
    refused: z.number().int(),
    replaced: z.number().int(),
    rowsRead: z.number().int(),
    rowsLoaded: z.number().int(),
    rowsRejected: z.number().int(),
    warnings: z.number().int(),
  }),
});

export type FileReport = z.infer<typeof fileReportSchema>;
export type IngestReport = z.infer<typeof ingestReportSchema>;
export type ReportIssue = z.infer<typeof issueSchema>;
export type IssueCount = z.infer<typeof issueCountSchema>;

export function totalsOf(files: FileReport[]): IngestReport["totals"] {
  return {
    files: files.length,
    refused: files.filter((f) => f.status === "refused").length,
    replaced: files.filter((f) => f.status === "replaced").length,
    rowsRead: files.reduce((s, f) => s + f.rowsRead, 0),
    rowsLoaded: files.reduce((s, f) => s + f.rowsLoaded, 0),
    rowsRejected: files.reduce((s, f) => s + f.rowsRejected, 0),
    warnings: files.reduce((s, f) => s + (f.warningCount ?? f.warnings.length), 0),
  };
}

/** One line for stderr: what the partners' data managers need to hear first. */
export function summariseReport(report: IngestReport): string {
  const t = report.totals;
  const parts = [
    `${t.files} file(s)`,
    `${t.rowsRead.toLocaleString("en-GB")} rows read`,
    `${t.rowsLoaded.toLocaleString("en-GB")} loaded`,
    `${t.rowsRejected.toLocaleString("en-GB")} rejected`,
    `${t.warnings.toLocaleString("en-GB")} warning(s)`,
  ];
  if (t.refused) parts.push(`${t.refused} file(s) refused`);
  if (t.replaced) parts.push(`${t.replaced} resubmission(s) replaced earlier files`);
  if (report.skipped?.length) parts.push(`${report.skipped.length} entr${report.skipped.length === 1 ? "y" : "ies"} not read (hidden, linked or too deep: see the report)`);
  return parts.join(", ");
}
