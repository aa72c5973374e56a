import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { type LockHolder, holderIsAlive } from "./lock.ts";

/**
 * Work folders (`.metrics-*` beside the outputs) that a run builds its results in before moving them into place.
 * A run that is killed leaves its folder behind; each run, at its start, removes those whose owner is gone. The
 * owner (pid, host, start time) is written in the folder, so a folder of a run still going is never taken.
 */

const OWNER_FILE = "owner.json";

/** How old a folder without an owner file must be before it counts as left behind (one being created has none yet). */
export const UNOWNED_GRACE_MS = 10 * 60_000;

/** A new work folder `<parent>/<prefix>XXXXXX`, holding its owner's pid, host and start time. */
export function createWorkDir(parent: string, prefix: string, command: string): string {
  const dir = mkdtempSync(join(parent, prefix));
  const owner: LockHolder = { pid: process.pid, host: hostname(), startedAt: new Date().toISOString(), command };
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

function ownerOf(dir: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(join(dir, OWNER_FILE), "utf8")) as LockHolder;
  } catch {
    return null;
  }
}

/**
 * Removes the work folders under `parent` named `<prefix>*` whose owner is no longer running (on this host), and
 * those without an owner older than `graceMs` (left by a run killed before it wrote one, or by an older version).
 * Returns the names removed.
 */
export function removeStaleWorkDirs(parent: string, prefix: string, graceMs = UNOWNED_GRACE_MS, now = Date.now()): string[] {
  const removed: string[] = [];
  let entries;
  try {
    entries = readdirSync(parent, { withFileTypes: true });
  } catch {
    return removed;
  }
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(prefix)) continue;
    const dir = join(parent, entry.name);
    const owner = ownerOf(dir);
    let stale: boolean;
    if (owner) stale = owner.pid !== process.pid && !holderIsAlive(owner);
    else {
      try {
        stale = now - statSync(dir).mtimeMs > graceMs;
      } catch {
        continue; // removed meanwhile
      }
    }
    if (!stale) continue;
    rmSync(dir, { recursive: true, force: true });
    removed.push(entry.name);
  }
  return removed;
}
