import { existsSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { type AllianceConfig, loadConfig } from "../loaders/contract/config.ts";
import { rows } from "../loaders/duckdb.ts";
import { UsageError } from "../loaders/ingest.ts";
import { quarterLabel } from "../src/components/data.js";
import { querySubmissions } from "../published/quality.ts";
import { type Definitions, publicDefinitions, sourcePaths, withAllianceDb } from "../published/source.ts";
import { printBoardPack } from "./board-pack.ts";
import { type BoardPage, chromiumAvailable, startBoardPages } from "./board-page.ts";
import { exportCharts } from "./charts.ts";
import { buildEvidencePack, zipPack } from "./evidence-pack.ts";
import { checkPackFolder, writeFileAtomic, writeFolderAtomic } from "./files.ts";
import { compactQuarters } from "./periods.ts";
import { openPublished, type Published, publishedQuarters } from "../published/text.ts";
import { type PackSite, siteForPacks, siteOutDir, writeSiteStamp } from "./site.ts";

/**
 * The two pack commands and the build's packs for the site, end to end: check the request against the
 * published data (a period or metric that is not there stops everything before anything is written), take the
 * built site, open its board pack page in chromium, print or export, and write atomically.
 */

export interface Progress {
  step(name: string): void;
  note(message: string): void;
}

const silent: Progress = { step: () => {}, note: () => {} };

/** What a pack is made from: the config, its published outputs (open), definitions and the quarters in the data. */
interface PackData {
  config: AllianceConfig;
  published: Published;
  definitions: Definitions;
  quarters: string[];
}

async function openPackData(configFile: string): Promise<PackData> {
  const config = loadConfig(configFile);
  const paths = sourcePaths(config);
  const published = await openPublished(paths);
  try {
    return { config, published, definitions: publicDefinitions(paths), quarters: await publishedQuarters(published) };
  } catch (e) {
    published.close();
    throw e;
  }
}

/** A period must be a quarter with published data; the reason lists the ones there are. */
export function checkPeriod(period: string, quarters: readonly string[]): void {
  if (!quarters.length) throw new UsageError("the published outputs hold no quarter (run the metrics step first)");
  if (!quarters.includes(period)) throw new UsageError(`period ${period} is not in the data; available: ${compactQuarters(quarters)}`);
}

/** `--metrics POD-01,ppd-02` -> catalogue ids (default: all, in catalogue order); an unknown id stops with the list. */
export function chooseMetrics(definitions: Pick<Definitions, "metrics">, option: string | undefined): string[] {
  const catalogue = definitions.metrics.map((m) => m.id);
  if (option === undefined) return catalogue;
  const requested = option
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  if (!requested.length) throw new UsageError(`--metrics names no metric; available: ${catalogue.join(", ")}`);
  const byUpper = new Map(catalogue.map((id) => [id.toUpperCase(), id]));
  const unknown = requested.filter((id) => !byUpper.has(id.toUpperCase()));
  if (unknown.length) throw new UsageError(`unknown metric${unknown.length === 1 ? "" : "s"} ${unknown.join(", ")}; available: ${catalogue.join(", ")}`);
  const chosen = new Set(requested.map((id) => byUpper.get(id.toUpperCase())!));
  return catalogue.filter((id) => chosen.has(id));
}

/** The alliance figures of a period that are incomplete or hidden, for the summary on stderr. */
async function dataProblems(published: Published, period: string) {
  const result = await rows<{ metric_id: string; incomplete: string; missing_submissions: string | null; suppressed: string }>(
    published.db,
    `select metric_id, incomplete, missing_submissions, suppressed from metric_values where breakdown = 'alliance' and period = $period order by metric_id`,
    { period },
  );
  const incomplete = [...new Set(result.filter((r) => r.incomplete === "true").map((r) => r.metric_id))];
  const missing = [...new Set(result.flatMap((r) => (r.incomplete === "true" ? (r.missing_submissions ?? "").split(";").filter(Boolean) : [])))].sort();
  const hidden = result.filter((r) => r.suppressed === "true").length;
  return { incomplete, missing, hidden };
}

export function describeProblems(problems: { incomplete: string[]; missing: string[]; hidden: number }): string[] {
  const lines: string[] = [];
  if (problems.incomplete.length) lines.push(`${problems.incomplete.length} metric(s) with an incomplete figure (missing submissions ${problems.missing.join(", ")}): ${problems.incomplete.join(", ")}`);
  if (problems.hidden) lines.push(`${problems.hidden} alliance figure(s) hidden by disclosure control, shown as *`);
  return lines;
}

function isSynthetic(config: AllianceConfig): boolean {
  return existsSync(join(config.configDir, "demo-manifest.json"));
}

async function withBoardPage<T>(config: AllianceConfig, period: string, progress: Progress, work: (board: BoardPage) => Promise<T>, siteDir?: string): Promise<T> {
  let site: PackSite | null = null;
  if (!siteDir) {
    progress.step("site");
    site = await siteForPacks(config, (dir) => progress.note(`the site in ${dir} is not built from this config's current data and code; building a copy for the pack`));
  }
  try {
    progress.step("open");
    const pages = await startBoardPages(siteDir ?? site!.dir);
    try {
      const board = await pages.open(period);
      try {
        return await work(board);
      } finally {
        await board.close();
      }
    } finally {
      await pages.close();
    }
  } finally {
    site?.dispose();
  }
}

async function makeEvidence(board: BoardPage, data: PackData, config: AllianceConfig, period: string, metricIds: string[], produced: Date, progress: Progress) {
  progress.step("charts");
  const charts = await exportCharts(board, metricIds);
  progress.step("figures");
  const submissions = await withAllianceDb(sourcePaths(config), querySubmissions);
  return buildEvidencePack({ config, definitions: data.definitions, period, metricIds, published: data.published, submissions, charts, produced, synthetic: isSynthetic(config) });
}

export interface BoardPackResult {
  out: string;
  pages: number;
  bytes: number;
  seconds: number;
  problems: string[];
}

/** `board-pack --period P --out FILE.pdf` */
export async function runBoardPack(opts: { config: string; period: string; out: string }, progress: Progress = silent): Promise<BoardPackResult> {
  const started = Date.now();
  progress.step("check");
  const data = await openPackData(opts.config);
  try {
    checkPeriod(opts.period, data.quarters);
    const out = resolve(opts.out);
    if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${opts.out} is a folder; name the PDF file to write`);
    const problems = describeProblems(await dataProblems(data.published, opts.period));
    const result = await withBoardPage(data.config, opts.period, progress, (board) =>
      printBoardPack(board, { alliance: data.config.name, periodText: quarterLabel(opts.period), produced: new Date(), onStep: progress.step }),
    );
    progress.step("write");
    writeFileAtomic(out, result.pdf);
    return { out, pages: result.pages, bytes: result.pdf.length, seconds: (Date.now() - started) / 1000, problems };
  } finally {
    data.published.close();
  }
}

export interface EvidencePackResult {
  out: string;
  zip: string;
  files: number;
  metrics: number;
  bytes: number;
  seconds: number;
  problems: string[];
}

/** `evidence-pack --period P [--metrics ID,ID] --out DIR`: the folder, and DIR.zip beside it. */
export async function runEvidencePack(opts: { config: string; period: string; metrics?: string; out: string }, progress: Progress = silent): Promise<EvidencePackResult> {
  const started = Date.now();
  progress.step("check");
  const data = await openPackData(opts.config);
  try {
    checkPeriod(opts.period, data.quarters);
    const metricIds = chooseMetrics(data.definitions, opts.metrics);
    const out = resolve(opts.out);
    const zipPath = `${out}.zip`;
    checkPackFolder(out);
    if (existsSync(zipPath) && statSync(zipPath).isDirectory()) throw new UsageError(`${zipPath} is a folder; the pack's ZIP is written there`);
    const problems = describeProblems(await dataProblems(data.published, opts.period));
    const produced = new Date();
    const pack = await withBoardPage(data.config, opts.period, progress, (board) => makeEvidence(board, data, data.config, opts.period, metricIds, produced, progress));
    progress.step("zip");
    const zip = await zipPack(pack.files, basename(out), produced);
    progress.step("write");
    writeFolderAtomic(out, pack.files);
    writeFileAtomic(zipPath, zip);
    return { out, zip: zipPath, files: pack.files.size, metrics: metricIds.length, bytes: zip.length, seconds: (Date.now() - started) / 1000, problems };
  } finally {
    data.published.close();
  }
}

/** What the site's packs page reads (downloads/packs.json). */
export interface PacksManifest {
  period: string;
  produced: string;
  board_pack: { file: string; pages: number; bytes: number };
  evidence_pack: { file: string; metrics: number; bytes: number };
}

/**
 * After `build` has built the site: stamp it (so the pack commands know it is current) and put the latest
 * quarter's board pack and evidence pack ZIP in its downloads/ folder for the packs page.
 */
export async function buildPacksIntoSite(configFile: string, progress: Progress = silent): Promise<{ manifest: PacksManifest; seconds: number } | null> {
  const started = Date.now();
  const siteDir = siteOutDir();
  const data = await openPackData(configFile);
  try {
    writeSiteStamp(siteDir, data.config);
    if (!chromiumAvailable()) {
      progress.note("no packs for the site: chromium is not installed (apt-get install chromium)");
      return null;
    }
    const period = data.quarters.at(-1);
    if (!period) {
      progress.note("no packs for the site: the published outputs hold no quarter");
      return null;
    }
    const produced = new Date();
    const metricIds = chooseMetrics(data.definitions, undefined);
    const { pdf, evidence } = await withBoardPage(
      data.config,
      period,
      progress,
      async (board) => {
        const evidencePack = await makeEvidence(board, data, data.config, period, metricIds, produced, progress);
        const boardPack = await printBoardPack(board, { alliance: data.config.name, periodText: quarterLabel(period), produced, onStep: progress.step });
        return { pdf: boardPack, evidence: evidencePack };
      },
      siteDir,
    );
    progress.step("write");
    const boardFile = `board-pack-${period}.pdf`;
    const evidenceFile = `evidence-pack-${period}.zip`;
    const zip = await zipPack(evidence.files, `evidence-pack-${period}`, produced);
    writeFileAtomic(join(siteDir, "downloads", boardFile), pdf.pdf);
    writeFileAtomic(join(siteDir, "downloads", evidenceFile), zip);
    const manifest: PacksManifest = {
      period,
      produced: produced.toISOString().slice(0, 10),
      board_pack: { file: boardFile, pages: pdf.pages, bytes: pdf.pdf.length },
      evidence_pack: { file: evidenceFile, metrics: metricIds.length, bytes: zip.length },
    };
    writeFileAtomic(join(siteDir, "downloads", "packs.json"), `${JSON.stringify(manifest, null, 2)}\n`);
    return { manifest, seconds: (Date.now() - started) / 1000 };
  } finally {
    data.published.close();
  }
}
