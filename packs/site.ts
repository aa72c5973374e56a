import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import type { AllianceConfig } from "../loaders/contract/config.ts";
import { sourcePaths } from "../published/source.ts";

/**
 * The packs are printed from the built site, so the site they open must be the one for this config's data and
 * this code. `build` stamps the site it builds with a hash of both; a pack command uses the site folder
 * (ALLIANCE_SITE_OUT, default dist/) when its stamp matches, and otherwise builds a fresh copy into a
 * temporary folder (the site in dist/ is never changed behind the user's back).
 */

export const ROOT = resolve(import.meta.dirname, "..");
export const STAMP_FILE = ".alliance-site-stamp";

/** The folder `build` writes the site to: ALLIANCE_SITE_OUT, or dist/ in the project. */
export function siteOutDir(): string {
  return resolve(ROOT, process.env.ALLIANCE_SITE_OUT ?? "dist");
}

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return []; // src/.observablehq is Framework's cache
    const path = join(dir, entry.name);
    return entry.isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * What the built site depends on: the config, the published outputs and database the loaders read (by size
 * and modification time: they are large), and the site's code (by content).
 */
export function siteStamp(config: AllianceConfig): string {
  const paths = sourcePaths(config);
  const hash = createHash("sha256");
  for (const file of [config.configPath, paths.values, paths.spc, paths.definitions, paths.db]) {
    const info = existsSync(file) ? statSync(file) : null;
    hash.update(`${resolve(file)} ${info ? `${info.size} ${info.mtimeMs}` : "missing"}\n`);
  }
  for (const file of [...filesUnder(join(ROOT, "src")), join(ROOT, "observablehq.config.ts")].sort()) {
    hash.update(`${relative(ROOT, file)} `).update(readFileSync(file)).update("\n");
  }
  return hash.digest("hex");
}

export function writeSiteStamp(siteDir: string, config: AllianceConfig): void {
  writeFileSync(join(siteDir, STAMP_FILE), `${siteStamp(config)}\n`);
}

/** Is the site in `siteDir` built from this config's current data and this code, with the board pack page? */
export function siteIsCurrent(siteDir: string, config: AllianceConfig): boolean {
  const stampFile = join(siteDir, STAMP_FILE);
  if (!existsSync(stampFile) || !existsSync(join(siteDir, "board-pack.html"))) return false;
  return readFileSync(stampFile, "utf8").trim() === siteStamp(config);
}

/** `observable build` of the site for a config into a folder (Framework clears it only inside the project). */
export function buildSiteInto(config: AllianceConfig, outDir: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "@observablehq", "framework", "dist", "bin", "observable.js"), "build"], {
      cwd: ROOT,
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ALLIANCE_CONFIG: config.configPath, ALLIANCE_SITE_OUT: outDir },
    });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(`site build failed: ${stderr.trim().split("\n").slice(-3).join(" | ")}`));
    });
  });
}

export interface PackSite {
  dir: string;
  /** built for this pack (and removed by dispose) rather than the stamped site folder */
  temporary: boolean;
  dispose(): void;
}

/** The built site to print packs from: the stamped site folder when current, else a fresh temporary build. */
export async function siteForPacks(config: AllianceConfig, onBuild: (dir: string) => void = () => {}): Promise<PackSite> {
  const dir = siteOutDir();
  if (siteIsCurrent(dir, config)) return { dir, temporary: false, dispose: () => {} };
  const temporary = mkdtempSync(join(tmpdir(), "alliance-pack-site-"));
  const out = join(temporary, "site");
  onBuild(dir);
  try {
    await buildSiteInto(config, out);
  } catch (e) {
    rmSync(temporary, { recursive: true, force: true });
    throw e;
  }
  return { dir: out, temporary: true, dispose: () => rmSync(temporary, { recursive: true, force: true }) };
}
