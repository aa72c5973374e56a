import { lstatSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import type { AllianceConfig } from "./contract/config.ts";
import { DATASET_NAMES, type DatasetName } from "./contract/datasets/index.ts";
import { type Quarter, parseQuarter, quarterOfDate } from "./contract/periods.ts";

/**
 * Finds every file under the exports folder and decides, from its place in the layout alone, whether it can be
 * read: `<PARTNER>/<PERIOD>/<dataset>.csv|.xlsx`. Everything else is reported, never silently skipped.
 */

export type FileFormat = "csv" | "xlsx";

export interface ExportFile {
  /** path relative to the exports folder, with forward slashes */
  path: string;
  absolutePath: string;
  partner: string;
  period: string;
  dataset: DatasetName | string;
  format: FileFormat | null;
  sizeBytes: number;
  modifiedAt: string;
  quarter: Quarter | null;
  /** set when the file cannot be read at all; it is then refused whole */
  refusal: string | null;
}

/** Something under the exports folder that was not read, and why: reported, never silently passed over. */
export interface SkippedEntry {
  path: string;
  reason: string;
}

export class UsageError extends Error {}

/** Partner / period / file: nothing deeper is part of the layout, so a deeper folder is reported, not walked. */
const LAYOUT_DEPTH = 3;

function walk(root: string, dir: string, depth: number, skipped: SkippedEntry[]): string[] {
  const out: string[] = [];
  const relativePath = (full: string) => relative(root, full).split(/[\\/]/).join("/");
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.name.startsWith(".")) {
      // .DS_Store, editor swap files: not exports, but said so
      skipped.push({ path: relativePath(full), reason: "a hidden file or folder (its name starts with '.'): not read" });
    } else if (entry.isSymbolicLink()) skipped.push({ path: relativePath(full), reason: "a symbolic link: not followed (send the file itself)" });
    else if (entry.isDirectory()) {
      if (depth + 1 >= LAYOUT_DEPTH) skipped.push({ path: `${relativePath(full)}/`, reason: "a folder deeper than <PARTNER>/<PERIOD>/: not read" });
      else out.push(...walk(root, full, depth + 1, skipped));
    } else if (entry.isFile()) out.push(full);
    else skipped.push({ path: relativePath(full), reason: "not a regular file: not read" });
  }
  return out.sort();
}

export function describeLayoutProblem(
  parts: string[],
  config: AllianceConfig,
  today: Date = new Date(),
): { partner: string; period: string; dataset: string; format: FileFormat | null; quarter: Quarter | null; refusal: string | null } {
  const [partner = "", period = "", fileName = "", ...rest] = parts;
  const extMatch = /^(.+)\.(csv|xlsx)$/i.exec(fileName);
  const dataset = extMatch ? extMatch[1]!.toLowerCase() : fileName.replace(/\.[^.]*$/, "");
  const format = extMatch ? (extMatch[2]!.toLowerCase() as FileFormat) : null;
  const quarter = parseQuarter(period);
  const base = { partner, period, dataset, format, quarter };
  if (parts.length !== 3 || rest.length)
    return { ...base, refusal: "not in the layout <PARTNER>/<PERIOD>/<dataset>.csv (or .xlsx)" };
  const partnerConfig = config.partners.find((p) => p.code === partner);
  if (!partnerConfig) return { ...base, refusal: `partner folder '${partner}' is not a partner in the alliance config` };
  if (!quarter)
    return { ...base, refusal: `period folder '${period}' is not a financial-year quarter written like 2024-25-Q3` };
  if (!format) return { ...base, refusal: "not a .csv or .xlsx file" };
  if (!(DATASET_NAMES as readonly string[]).includes(dataset))
    return { ...base, refusal: `'${dataset}' is not a dataset of the data contract` };
  if (!(partnerConfig.datasets as string[]).includes(dataset))
    return { ...base, refusal: `the alliance config does not list dataset ${dataset} for partner ${partner}` };
  const firstQuarter = quarterOfDate(partnerConfig.from && partnerConfig.from > config.dataFrom ? partnerConfig.from : config.dataFrom);
  if (quarter.end < firstQuarter.start)
    return { ...base, refusal: `period ${period} is before the partner's data starts (${firstQuarter.label})` };
  const current = quarterOfDate(today.toISOString().slice(0, 10));
  if (quarter.start > current.start)
    return { ...base, refusal: `period ${period} has not begun yet (today is in ${current.label}): a folder dated in the future is not read` };
  if (partnerConfig.to && quarter.start > partnerConfig.to)
    return { ...base, refusal: `period ${period} is after partner ${partner} left the alliance (${partnerConfig.to})` };
  return { ...base, refusal: null };
}

export function discoverExports(exportsDir: string, config: AllianceConfig, today?: Date): ExportFile[] {
  return discoverExportTree(exportsDir, config, today).files;
}

/**
 * The files of the exports tree, and what was not read. A tree with no partner folder at all is not an exports
 * folder (a mistyped `paths.exports`): refused before anything in it is read.
 */
export function discoverExportTree(exportsDir: string, config: AllianceConfig, today = new Date()): { files: ExportFile[]; skipped: SkippedEntry[] } {
  const top = readdirSync(exportsDir, { withFileTypes: true });
  const partners = new Set(config.partners.map((p) => p.code));
  if (top.length && !top.some((e) => e.isDirectory() && partners.has(e.name)))
    throw new UsageError(
      `${exportsDir} holds no partner folder (${[...partners].slice(0, 5).join(", ")}${partners.size > 5 ? ", …" : ""}): is it the exports folder? Nothing was read`,
    );
  const skipped: SkippedEntry[] = [];
  const files: ExportFile[] = walk(exportsDir, exportsDir, 0, skipped).map((absolutePath) => {
    const path = relative(exportsDir, absolutePath).split(/[\\/]/).join("/");
    const stat = lstatSync(absolutePath);
    return {
      path,
      absolutePath,
      sizeBytes: stat.size,
      modifiedAt: stat.mtime.toISOString(),
      ...describeLayoutProblem(path.split("/"), config, today),
    };
  });
  // The same dataset sent both as CSV and as XLSX for one period: we cannot tell which is meant.
  const key = (f: ExportFile) => `${f.partner}/${f.period}/${f.dataset}`;
  const counts = new Map<string, number>();
  for (const f of files) if (!f.refusal) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  for (const f of files)
    if (!f.refusal && (counts.get(key(f)) ?? 0) > 1)
      f.refusal = `both a .csv and an .xlsx were sent for ${f.dataset} in ${f.period}: it is ambiguous which one is meant`;
  return { files, skipped };
}
