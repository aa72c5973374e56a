import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestExports } from "../../loaders/ingest.ts";
import { runMetrics } from "../../metrics/engine/index.ts";
import { tempDir } from "../helpers/exports.ts";
import { buildDb, HEADERS, metricsConfig } from "./helpers.ts";
import { LINKED } from "./linked-scenario.ts";

const OUTPUTS = [
  "metric_values.csv",
  "spc.csv",
  "spc_suggestions.csv",
  "published/metric_values.csv",
  "published/spc.csv",
  "published/spc_suggestions.csv",
  "definitions.json",
];
const read = (dir: string) => OUTPUTS.map((f) => readFileSync(join(dir, f), "utf8"));

describe("incremental metrics", () => {
  it("recomputes only the metrics a resubmission touches, and writes what a run from scratch writes", async () => {
    const { dbPath, config, exportsDir } = await buildDb(LINKED);
    const outDir = tempDir("alliance-metrics-");
    const first = await runMetrics({ config, dbPath, outDir });
    expect(first.computed).toBe(first.total);
    const [firstRows] = read(outDir);

    const unchanged = await runMetrics({ config, dbPath, outDir });
    expect(unchanged.computed).toBe(0);

    // the acute trust resends 2024-25-Q2 with one spell withdrawn and another's discharge corrected
    const spells = [
      "S03,pk_p0001,2024-07-01,2024-07-02,21,1,1,19,200.5",
      "S04,pk_p0001,2024-08-05,,21,,1,19,",
      "S05,pk_p0001,2024-08-10,2024-08-10,21,4,1,19,0",
      "S08,pk_p0002,2024-08-01,2024-08-25,21,1,1,19,",
      "S10,pk_p0006,2024-09-01,2024-09-03,2D,1,1,19,",
      "S17,pk_p0004,2024-09-18,2024-09-21,11,4,1,19,",
      "S18,pk_p0011,2024-09-01,2024-09-03,11,4,1,19,",
    ];
    writeFileSync(join(exportsDir, "ACUTE/2024-25-Q2/admissions.csv"), [HEADERS.admissions, ...spells].join("\n") + "\n");
    await ingestExports({ config, exportsDir, dbPath });
    const incremental = await runMetrics({ config, dbPath, outDir });
    expect(incremental.computed).toBeGreaterThan(0);
    expect(incremental.computed).toBeLessThan(incremental.total);

    const scratchDir = tempDir("alliance-metrics-");
    const scratch = await runMetrics({ config, dbPath, outDir: scratchDir });
    expect(scratch.computed).toBe(scratch.total);
    const [a, b] = [read(outDir), read(scratchDir)];
    for (const [i, file] of OUTPUTS.entries()) expect(a[i], file).toBe(b[i]);
    // and the change did reach the outputs
    expect(a[0]).not.toBe(firstRows);
  });

  it("keeps a metric whose inputs changed but whose units did not, and writes what a run from scratch writes", async () => {
    const { dbPath, config, exportsDir } = await buildDb(LINKED);
    const outDir = tempDir("alliance-metrics-");
    await runMetrics({ config, dbPath, outDir });
    const before = read(outDir);

    // the acute trust resends 2025-26-Q1: the spell's discharge corrected, and a spell for pk_p0009 added
    const spells = ["S13,pk_p0008,2025-04-01,2025-04-09,21,1,1,19,500", "S19,pk_p0009,2025-06-01,2025-06-04,21,1,1,19,"];
    writeFileSync(join(exportsDir, "ACUTE/2025-26-Q1/admissions.csv"), [HEADERS.admissions, ...spells].join("\n") + "\n");
    await ingestExports({ config, exportsDir, dbPath });
    const incremental = await runMetrics({ config, dbPath, outDir });
    expect(incremental.computed).toBeGreaterThan(0);
    expect(incremental.computed).toBeLessThan(incremental.total);

    const scratchDir = tempDir("alliance-metrics-");
    await runMetrics({ config, dbPath, outDir: scratchDir });
    const [a, b] = [read(outDir), read(scratchDir)];
    for (const [i, file] of OUTPUTS.entries()) expect(a[i], file).toBe(b[i]);
    expect(a[0]).not.toBe(before[0]);

    // a third spell, for pk_p0010, who is alive: the decedent metrics read the spells, but their units are as they
    // were, so their partitions are kept once the units are digested
    spells.push("S20,pk_p0010,2025-05-02,2025-05-03,21,1,1,19,");
    writeFileSync(join(exportsDir, "ACUTE/2025-26-Q1/admissions.csv"), [HEADERS.admissions, ...spells].join("\n") + "\n");
    await ingestExports({ config, exportsDir, dbPath });
    const third = await runMetrics({ config, dbPath, outDir });
    expect(third.keptByUnits).toBeGreaterThan(0);
    expect(third.computed).toBeLessThan(incremental.computed);
    await runMetrics({ config, dbPath, outDir: scratchDir });
    const [c, d] = [read(outDir), read(scratchDir)];
    for (const [i, file] of OUTPUTS.entries()) expect(c[i], file).toBe(d[i]);
  });

  it("recomputes a metric whose partition is incomplete, and only that one", async () => {
    const { dbPath, config } = await buildDb(LINKED);
    const outDir = tempDir("alliance-metrics-");
    await runMetrics({ config, dbPath, outDir });
    const before = read(outDir);
    rmSync(join(outDir, "partitions", "POD-01", "published", "spc.parquet"));
    writeFileSync(join(outDir, "partitions", "HOSP-01", "partition.json"), "{ not json");
    const rerun = await runMetrics({ config, dbPath, outDir });
    expect(rerun.computed).toBe(2);
    const after = read(outDir);
    for (const [i, file] of OUTPUTS.entries()) expect(after[i], file).toBe(before[i]);
  });

  it("recomputes everything when the config changes", async () => {
    const { dbPath, config } = await buildDb(LINKED);
    const outDir = tempDir("alliance-metrics-");
    await runMetrics({ config, dbPath, outDir });
    const changed = metricsConfig({ targets: [{ metric: "POD-05", target: 0.5, tolerance: 0.05 }] });
    const rerun = await runMetrics({ config: changed, dbPath, outDir });
    expect(rerun.computed).toBe(rerun.total);
  });
});
