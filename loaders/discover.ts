import { readdirSync, statSync } from "node:fs";
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

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".")) continue; // .DS_Store, editor swap files
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...walk(full));
    else if (entry.isFile()) out.push(full);
  }
  return out.sort();
}

export function describeLayoutProblem(
  parts: string[],
  config: AllianceConfig,
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
  if (partnerConfig.to && quarter.start > partnerConfig.to)
    return { ...base, refusal: `period ${period} is after partner ${partner} left the alliance (${partnerConfig.to})` };
  return { ...base, refusal: null };
}

export function discoverExports(exportsDir: string, config: AllianceConfig): ExportFile[] {
  const files: ExportFile[] = walk(exportsDir).map((absolutePath) => {
    const path = relative(exportsDir, absolutePath).split(/[\\/]/).join("/");
    const stat = statSync(absolutePath);
    return {
      path,
      absolutePath,
      sizeBytes: stat.size,
      modifiedAt: stat.mtime.toISOString(),
      ...describeLayoutProblem(path.split("/"), config),
    };
  });
  // The same dataset sent both as CSV and as XLSX for one period: we cannot tell which is meant.
  const key = (f: ExportFile) => `${f.partner}/${f.period}/${f.dataset}`;
  const counts = new Map<string, number>();
  for (const f of files) if (!f.refusal) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  for (const f of files)
    if (!f.refusal && (counts.get(key(f)) ?? 0) > 1)
      f.refusal = `both a .csv and an .xlsx were sent for ${f.dataset} in ${f.period}: it is ambiguous which one is meant`;
  return files;
}
