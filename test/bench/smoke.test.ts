import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * The benchmark's smoke run (tiny scale, nothing judged): every step it measures still runs end to end, and it
 * prints the summary lines in the promised shape. Timings are not tested; `npm run bench` reports them.
 */
describe("npm run bench -- --smoke", () => {
  it("runs every measured step and prints one line per case", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "bench", "run.ts"), "--smoke"], {
      cwd: ROOT,
      encoding: "utf8",
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true" },
    });
    expect(result.status, result.stderr.slice(-2000)).toBe(0);
    const lines = result.stdout.trim().split("\n");
    const summary = lines.filter((l) => l.startsWith("scale="));
    expect(summary.map((l) => l.split(" ")[0])).toEqual(["scale=tiny", "scale=tiny-incremental", "scale=tiny-new-quarter"]);
    for (const line of summary)
      expect(line).toMatch(/^scale=\S+ rows=\d+ ingest_s=\d+\.\d metrics_s=\d+\.\d total_s=\d+\.\d floor_s=\d+\.\d ratio=\d+\.\d\d peak_mb=\d+$/);
    expect(lines.slice(-3)).toEqual(summary);
    // the resent quarter is one file; the full run read every row
    const rows = Object.fromEntries(summary.map((l) => [l.split(" ")[0], Number(/rows=(\d+)/.exec(l)![1])]));
    expect(rows["scale=tiny-incremental"]).toBeLessThan(rows["scale=tiny"]! / 10);
    // the resent quarter recomputed some metrics and kept the rest
    expect(result.stderr).toMatch(/one quarter resent.*metrics: .*\(\d+ of 29 metrics recomputed; \d+ kept from an earlier run(, \d+ of them with changed inputs but the same units)?\)/);
  });
});
