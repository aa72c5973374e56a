import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../loaders/contract/config.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import { runMetrics } from "../../metrics/engine/index.ts";
import { generateDemoData } from "../../demo/generate.ts";
import { kitEveryFolder, writeNativeForm } from "../../demo/native-run.ts";
import type { KitReport } from "../../kit/run.ts";
import { tempDir } from "../helpers/exports.ts";
import { readCsv } from "../metrics/helpers.ts";

/**
 * The tiny demo alliance twice: as contract-form exports, and as native extracts (HES APC episodes, ONS death
 * registrations, GP SNOMED events, EPaCCS, GP demographics with dates of birth) through the partner kit. Both
 * ingest and compute the same metric values: the kit links people as the contract-form keys did.
 */
let contract: Record<string, string>[];
let native: Record<string, string>[];
let reports: KitReport[];

async function metricValues(configPath: string, exportsDir: string, dir: string) {
  const config = loadConfig(configPath);
  const dbPath = join(dir, "alliance.duckdb");
  await ingestExports({ config, exportsDir, dbPath });
  const outDir = join(dir, "metrics");
  await runMetrics({ config, dbPath, outDir });
  return readCsv(join(outDir, "metric_values.csv"));
}

beforeAll(async () => {
  const out = tempDir("alliance-native-");
  await generateDemoData({ outDir: out, scale: "tiny" });
  await writeNativeForm(out);
  contract = await metricValues(join(out, "alliance.json"), join(out, "exports"), tempDir());
  const secretFile = join(tempDir(), "alliance.key");
  writeFileSync(secretFile, "the-demo-alliance-shared-secret-0123456789\n");
  const kitExports = join(tempDir(), "exports");
  reports = await kitEveryFolder(join(out, "native"), secretFile, kitExports);
  native = await metricValues(join(out, "alliance.json"), kitExports, tempDir());
});

const key = (r: Record<string, string>) => [r.metric_id, r.period_type, r.period, r.breakdown, r.breakdown_value].join("|");

describe("native demo -> partner-kit -> ingest -> metrics", () => {
  it("drops no row of the native extracts", () => {
    const dropped = reports.flatMap((r) => r.inputs.filter((i) => i.rowsDropped || i.recordsDropped).map((i) => `${r.partner} ${r.period} ${i.file}: ${JSON.stringify(i.droppedByReason)}`));
    expect(dropped).toEqual([]);
  });
  it("gives the same metric values as the contract-form demo", () => {
    expect(contract.length).toBeGreaterThan(1000);
    const byKey = new Map(contract.map((r) => [key(r), r]));
    const differences: string[] = [];
    for (const r of native) {
      const c = byKey.get(key(r));
      if (!c) differences.push(`only in native: ${key(r)}`);
      else for (const column of Object.keys(c)) if (c[column] !== r[column]) differences.push(`${key(r)} ${column}: contract ${c[column]} native ${r[column]}`);
    }
    expect(native.length).toBe(contract.length);
    expect(differences.slice(0, 20)).toEqual([]);
  });
});
