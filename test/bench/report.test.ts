import { describe, expect, it } from "vitest";
import { descendants, parentPid, statusFieldBytes } from "../../bench/measure.ts";
import { type CaseResult, formatLine, judgeTargets, type ScaleResults } from "../../bench/report.ts";

const GIB = 2 ** 30;
const step = (seconds: number, gib = 1) => ({ seconds, peakBytes: gib * GIB });

function full(name: string, rows: number, ingest: number, metrics: number, floor: number, site = 10): CaseResult {
  return { name, kind: "full", rows, files: 704, ingest: step(ingest), metrics: step(metrics, 2), site: step(site), floor: step(floor) };
}

describe("benchmark report", () => {
  it("prints the line the issue asks for, total = ingest + metrics and ratio = total / floor", () => {
    expect(formatLine(full("ics", 9_894_001, 30, 15, 20))).toBe(
      "scale=ics rows=9894001 ingest_s=30.0 metrics_s=15.0 total_s=45.0 floor_s=20.0 ratio=2.25 peak_mb=2048",
    );
  });

  it("says failed where a step that did not finish would have its figures, and misses the targets it rests on", () => {
    const national: CaseResult = { ...full("national", 376_283_900, 1273.7, 780, 441.7), failed: "metrics failed (exit 2): No space left on device" };
    expect(formatLine(national)).toBe(
      "scale=national rows=376283900 ingest_s=1273.7 metrics_s=failed total_s=failed floor_s=441.7 ratio=failed peak_mb=2048",
    );
    expect(judgeTargets([{ scale: "national", cases: [national] }])).toEqual([
      "target MISSED national (ingest + metrics, peak memory): metrics failed (exit 2): No space left on device",
    ]);
  });

  it("judges every target, met or missed", () => {
    const ics = full("ics", 10_000_000, 30, 15, 20, 10);
    const incremental: CaseResult = { ...ics, name: "ics-incremental", kind: "incremental", rows: 80_000, files: 1, ingest: step(2), metrics: step(3), site: null };
    const national = full("national", 400_000_000, 2000, 1000, 500);
    const newQuarter: CaseResult = { ...incremental, name: "ics-new-quarter", kind: "new-quarter", rows: 500_000, files: 22, ingest: step(3), metrics: step(5) };
    const results: ScaleResults[] = [
      { scale: "ics", cases: [ics, incremental, newQuarter] },
      { scale: "national", cases: [national] },
    ];
    expect(judgeTargets(results)).toEqual([
      "target MISSED national ingest + metrics within 3 × the floor: 6.00 ×",
      "target met    national peak memory at most 6 GiB in every step: 2.00 GiB",
      "target met    ics whole build (ingest + metrics + site) under 60 s: 55.0 s",
      "target MISSED ics incremental (one quarter resent) under 5% of a full run: 11.1%",
      "target met    ics new quarter under 20% of a full run: 17.8%",
      "target MISSED seconds per row at national at most 1.2 × ics: 1.67 ×",
    ]);
  });
});

describe("peak memory sampling", () => {
  it("reads VmHWM and VmRSS in bytes", () => {
    const status = "Name:\tnode\nVmPeak:\t 999 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\n";
    expect(statusFieldBytes(status, "VmHWM")).toBe(204800 * 1024);
    expect(statusFieldBytes(status, "VmRSS")).toBe(102400 * 1024);
    expect(statusFieldBytes("Name:\tzombie\n", "VmRSS")).toBe(0);
  });

  it("finds the parent pid even when the command name holds spaces and brackets", () => {
    expect(parentPid("4242 (node (loader) x) S 4200 4242 4200 0 -1")).toBe(4200);
  });

  it("walks a process tree", () => {
    const parents = new Map([[2, 1], [3, 2], [4, 2], [5, 9], [6, 4]]);
    expect(descendants(2, parents).sort()).toEqual([2, 3, 4, 6]);
  });
});
