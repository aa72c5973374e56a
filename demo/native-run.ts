import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadConfig } from "../loaders/contract/config.ts";
import { ingestExports } from "../loaders/ingest.ts";
import { runPartnerKit, type KitReport } from "../kit/run.ts";
import { writeNativeDemo, type NativeDemoResult } from "./native.ts";

/**
 * `demo-data --native`: after the contract-form demo is written under `outDir`, ingest it (into a temporary
 * database) and write the same alliance's extracts in native form under `outDir/native/`.
 */
export async function writeNativeForm(outDir: string): Promise<NativeDemoResult> {
  const configPath = join(outDir, "alliance.json");
  const config = loadConfig(configPath);
  const work = mkdtempSync(join(tmpdir(), "alliance-native-"));
  try {
    const dbPath = join(work, "contract.duckdb");
    await ingestExports({ config, exportsDir: join(outDir, "exports"), dbPath });
    return await writeNativeDemo(dbPath, join(outDir, "native"), configPath);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs the partner kit on every partner and quarter folder of a native demo, into one exports folder. */
export async function kitEveryFolder(nativeDir: string, secretFile: string, exportsDir: string): Promise<KitReport[]> {
  mkdirSync(exportsDir, { recursive: true });
  const reports: KitReport[] = [];
  for (const partner of readdirSync(nativeDir, { withFileTypes: true }).filter((d) => d.isDirectory()))
    for (const period of readdirSync(join(nativeDir, partner.name)).sort()) {
      const mappingFile = join(nativeDir, partner.name, period, "mapping.json");
      reports.push((await runPartnerKit({ mappingFile, secretFile, period, outDir: exportsDir })).report);
    }
  return reports;
}
