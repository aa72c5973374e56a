import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type AllianceConfig, loadConfig } from "../../loaders/contract/config.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import type { FileReport } from "../../loaders/report.ts";

export const SMALL_CONFIG = join(import.meta.dirname, "..", "fixtures", "small", "alliance.json");

export function smallConfig(): AllianceConfig {
  return loadConfig(SMALL_CONFIG);
}

const created: string[] = [];

/** A new temporary folder, removed when the test file is done (see cleanup.ts). */
export function tempDir(prefix = "alliance-test-"): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes a tree of export files: keys are paths under the exports folder, values file contents. */
export function writeExports(files: Record<string, string | Buffer>, root = tempDir()): string {
  for (const [path, content] of Object.entries(files)) {
    const full = join(root, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return root;
}

/** Lines joined with CRLF-free newlines: a CSV as a partner would type it. */
export const csv = (...lines: string[]) => lines.join("\n") + "\n";

/** Checks the given files (nothing kept) and returns the report entry of each, by path. */
export async function checkFiles(files: Record<string, string | Buffer>, config = smallConfig()): Promise<Record<string, FileReport>> {
  const exportsDir = writeExports(files);
  const { report } = await ingestExports({ config, exportsDir, dbPath: null });
  return Object.fromEntries(report.files.map((f) => [f.path, f]));
}

/** Checks one file and returns its report entry. */
export async function checkOne(path: string, content: string | Buffer, config = smallConfig()): Promise<FileReport> {
  const reports = await checkFiles({ [path]: content }, config);
  const report = reports[path];
  if (!report) throw new Error(`no report for ${path}`);
  return report;
}

export const messagesFor = (report: FileReport, kind: "errors" | "warnings" = "errors") =>
  report[kind].map((e) => `${e.row}:${e.field}:${e.message}`);
