import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { inject } from "vitest";
import "./tiny-alliance-setup.ts";

/**
 * One tiny generated alliance through `alliance build` (ingest, metrics, site, and the site's packs), shared by
 * every test file that needs a built site: the first file to ask builds it (holding a lock folder), the others
 * wait for it. Builds must not overlap anyway: Framework keeps its loader cache in src/.observablehq.
 */

const ROOT = join(import.meta.dirname, "..", "..");

export interface TinyAlliance {
  /** the generated alliance: exports/, alliance.json, build/ */
  dir: string;
  config: string;
  /** the built site (ALLIANCE_SITE_OUT of the build) */
  site: string;
  metricsOut: string;
  /** ingest + metrics + site + packs */
  buildSeconds: number;
  /** `observable build` alone, as the build reported it */
  siteSeconds: number | null;
  /** the packs put in the site, as the build reported it */
  packsSeconds: number | null;
}

function run(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli", "main.ts"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ...env },
  });
  if (result.status !== 0) throw new Error(`alliance ${args[0]} exited ${result.status}: ${result.stderr.slice(-2000)}`);
  return result;
}

function build(root: string): TinyAlliance {
  const dir = join(root, "alliance");
  const site = join(root, "site");
  run(["demo-data", "--out", dir, "--scale", "tiny"]);
  const started = Date.now();
  const result = run(["build", "--config", join(dir, "alliance.json")], { ALLIANCE_SITE_OUT: site });
  const siteSeconds = /site: built into .* in ([\d.]+) s/.exec(result.stderr)?.[1];
  const packsSeconds = /packs: .* in ([\d.]+) s/.exec(result.stderr)?.[1];
  return {
    dir,
    config: join(dir, "alliance.json"),
    site,
    metricsOut: join(dir, "build", "metrics"),
    buildSeconds: (Date.now() - started) / 1000,
    siteSeconds: siteSeconds ? Number(siteSeconds) : null,
    packsSeconds: packsSeconds ? Number(packsSeconds) : null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function tinyAlliance(): Promise<TinyAlliance> {
  const root = inject("tinyAllianceRoot");
  const done = join(root, "built.json");
  const failed = join(root, "failed.txt");
  let builder = false;
  try {
    mkdirSync(join(root, "lock"));
    builder = true;
  } catch {
    // another test file is building it
  }
  if (builder) {
    try {
      writeFileSync(done, JSON.stringify(build(root)));
    } catch (e) {
      writeFileSync(failed, String((e as Error).message));
      throw e;
    }
  }
  // no time limit: the builder writes built.json or failed.txt, whatever happens to its build
  while (!existsSync(done)) {
    if (existsSync(failed)) throw new Error(`the shared tiny alliance build failed: ${readFileSync(failed, "utf8")}`);
    await sleep(500);
  }
  return JSON.parse(readFileSync(done, "utf8"));
}
