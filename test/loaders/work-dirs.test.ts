import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runMetrics } from "../../metrics/engine/index.ts";
import { createWorkDir, removeStaleWorkDirs } from "../../loaders/work-dirs.ts";
import { buildDb } from "../metrics/helpers.ts";
import { tempDir } from "../helpers/exports.ts";

/** Work folders left by killed runs (issue 17, low): `.metrics-*` were never cleaned. */

/** A pid that was a process on this host a moment ago and is gone now. */
function deadPid(): number {
  const child = spawnSync("true");
  return child.pid!;
}

function workDir(parent: string, name: string, owner: { pid: number; host?: string } | null, ageMs = 0): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "metric_values.csv"), "partial\n");
  if (owner) writeFileSync(join(dir, "owner.json"), JSON.stringify({ host: hostname(), startedAt: new Date(Date.now() - ageMs).toISOString(), command: "metrics", ...owner }));
  if (ageMs) utimesSync(dir, new Date(Date.now() - ageMs), new Date(Date.now() - ageMs));
  return dir;
}

describe("stale work folders", () => {
  it("removes those whose run is gone, keeps those of runs still going and other folders", () => {
    const parent = tempDir();
    workDir(parent, ".metrics-dead01", { pid: deadPid() });
    workDir(parent, ".metrics-live01", { pid: process.ppid }); // the test runner's parent: alive
    workDir(parent, ".metrics-other1", { pid: deadPid(), host: "another-machine" }); // cannot tell: kept
    workDir(parent, ".metrics-old001", null, 3600_000); // killed before it wrote its owner
    workDir(parent, ".metrics-new001", null); // being created now
    workDir(parent, ".ingest-dead01", { pid: deadPid() }); // not this prefix
    const mine = createWorkDir(parent, ".metrics-", "metrics");
    expect(removeStaleWorkDirs(parent, ".metrics-").sort()).toEqual([".metrics-dead01", ".metrics-old001"]);
    expect(readdirSync(parent).sort()).toEqual(
      [".ingest-dead01", ".metrics-live01", ".metrics-new001", ".metrics-other1", mine.slice(parent.length + 1)].sort(),
    );
  });

  it("a metrics run removes the work folders of killed metrics runs and leaves none of its own", async () => {
    const { dbPath, config } = await buildDb({ files: {}, lastPeriod: "2024-25-Q1" });
    const outDir = tempDir("alliance-metrics-");
    const killed = workDir(outDir, ".metrics-kill01", { pid: deadPid() });
    const running = workDir(outDir, ".metrics-runs01", { pid: process.ppid });
    await runMetrics({ config, dbPath, outDir });
    expect(existsSync(killed)).toBe(false);
    expect(existsSync(running)).toBe(true);
    expect(readdirSync(outDir).filter((n) => n.startsWith(".metrics-"))).toEqual([".metrics-runs01"]);
    expect(existsSync(join(outDir, "metric_values.csv"))).toBe(true);
  });
});
