import type { StepMeasure } from "./measure.ts";

/** The benchmark's table, its verdict on the targets, and its one line per case. Pure: tested without running. */

export interface CaseResult {
  /** `ics`, `ics-incremental`, `ics-new-quarter` */
  name: string;
  kind: "full" | "incremental" | "new-quarter";
  /** rows read by ingest: every row for a full run, the changed files' rows otherwise */
  rows: number;
  files: number;
  ingest: Pick<StepMeasure, "seconds" | "peakBytes">;
  metrics: Pick<StepMeasure, "seconds" | "peakBytes">;
  site: Pick<StepMeasure, "seconds" | "peakBytes"> | null;
  /** the whole scale's floor (the incremental cases carry their scale's) */
  floor: Pick<StepMeasure, "seconds" | "peakBytes">;
  /** why a step failed (its time and memory up to the failure are in its measure) */
  failed?: string;
}

export interface ScaleResults {
  scale: string;
  cases: CaseResult[];
}

const MB = 2 ** 20;
const GIB = 2 ** 30;

export const totalSeconds = (c: CaseResult) => c.ingest.seconds + c.metrics.seconds;
export const peakBytes = (c: CaseResult) => Math.max(c.ingest.peakBytes, c.metrics.peakBytes);

/** The case's line; a failed step reads `failed` where its figures would be (and in the total and ratio). */
export function formatLine(c: CaseResult): string {
  const total = totalSeconds(c);
  const figure = (text: string) => (c.failed ? "failed" : text);
  return [
    `scale=${c.name}`,
    `rows=${c.rows}`,
    `ingest_s=${c.ingest.seconds.toFixed(1)}`,
    `metrics_s=${figure(c.metrics.seconds.toFixed(1))}`,
    `total_s=${figure(total.toFixed(1))}`,
    `floor_s=${c.floor.seconds.toFixed(1)}`,
    `ratio=${figure((total / c.floor.seconds).toFixed(2))}`,
    `peak_mb=${Math.round(peakBytes(c) / MB)}`,
  ].join(" ");
}

function fullCase(results: ScaleResults[], scale: string): CaseResult | undefined {
  return results.find((r) => r.scale === scale)?.cases.find((c) => c.kind === "full");
}

export function formatTable(results: ScaleResults[]): string {
  const header = ["case", "rows", "files", "floor s", "ingest s", "metrics s", "site s", "total s", "× floor", "% of full", "peak MB (ingest / metrics / site)"];
  const body = results.flatMap((r) =>
    r.cases.map((c) => {
      const full = fullCase(results, r.scale)!;
      const mb = (m: Pick<StepMeasure, "peakBytes"> | null) => (m ? String(Math.round(m.peakBytes / MB)) : "—");
      return [
        c.name,
        c.rows.toLocaleString("en-GB"),
        String(c.files),
        c.kind === "full" ? c.floor.seconds.toFixed(1) : "—",
        c.ingest.seconds.toFixed(1),
        c.metrics.seconds.toFixed(1),
        c.site ? c.site.seconds.toFixed(1) : "—",
        totalSeconds(c).toFixed(1),
        c.kind === "full" ? (totalSeconds(c) / c.floor.seconds).toFixed(2) : "—",
        c.kind === "full" ? "100%" : `${((100 * totalSeconds(c)) / totalSeconds(full)).toFixed(1)}%`,
        `${mb(c.ingest)} / ${mb(c.metrics)} / ${mb(c.site)}`,
      ];
    }),
  );
  const failures = results.flatMap((r) => r.cases.filter((c) => c.failed).map((c) => `${c.name}: ${c.failed}`));
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...body.map(line), ...failures.map((f) => `FAILED ${f}`)].join("\n");
}

/** The targets, each met, missed or not measured in this run. */
export function judgeTargets(results: ScaleResults[]): string[] {
  const out: string[] = [];
  const verdict = (ok: boolean) => (ok ? "met   " : "MISSED");
  const national = fullCase(results, "national");
  const ics = fullCase(results, "ics");
  const icsIncremental = results.find((r) => r.scale === "ics")?.cases.find((c) => c.kind === "incremental");
  const icsNewQuarter = results.find((r) => r.scale === "ics")?.cases.find((c) => c.kind === "new-quarter");
  if (national?.failed) out.push(`target MISSED national (ingest + metrics, peak memory): ${national.failed}`);
  else if (national) {
    const ratio = totalSeconds(national) / national.floor.seconds;
    out.push(`target ${verdict(ratio <= 3)} national ingest + metrics within 3 × the floor: ${ratio.toFixed(2)} ×`);
    out.push(`target ${verdict(peakBytes(national) <= 6 * GIB)} national peak memory at most 6 GiB in every step: ${(peakBytes(national) / GIB).toFixed(2)} GiB`);
  } else out.push("target not measured: national scale (run with --scales including national)");
  if (ics) {
    const build = totalSeconds(ics) + (ics.site?.seconds ?? Number.NaN);
    out.push(`target ${verdict(build < 60)} ics whole build (ingest + metrics + site) under 60 s: ${build.toFixed(1)} s`);
  }
  if (ics && icsIncremental) {
    const share = totalSeconds(icsIncremental) / totalSeconds(ics);
    out.push(`target ${verdict(share < 0.05)} ics incremental (one quarter resent) under 5% of a full run: ${(100 * share).toFixed(1)}%`);
  }
  if (ics && icsNewQuarter) {
    const share = totalSeconds(icsNewQuarter) / totalSeconds(ics);
    out.push(`target ${verdict(share < 0.2)} ics new quarter under 20% of a full run: ${(100 * share).toFixed(1)}%`);
  }
  if (ics && national && !national.failed) {
    const perRow = (c: CaseResult) => totalSeconds(c) / c.rows;
    const growth = perRow(national) / perRow(ics);
    out.push(`target ${verdict(growth <= 1.2)} seconds per row at national at most 1.2 × ics: ${growth.toFixed(2)} ×`);
  }
  return out;
}
