import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { UsageError } from "../loaders/ingest.ts";

/**
 * Writing packs so that nothing half-written is ever left at the target: everything is written beside it under
 * a hidden temporary name and renamed into place at the end (a rename within one folder is atomic); on failure
 * the temporary copy is removed and the previous pack, if any, is left as it was.
 */

/** The marker file that says a folder is an evidence pack, so replacing it cannot delete anything else. */
export const PACK_MARKER = "manifest.json";

const temporaryName = (target: string, tag: string) => join(dirname(target), `.${basename(target)}.${tag}-${process.pid}-${Date.now()}`);

/** Writes a file through a temporary file beside it, then renames it into place. */
export function writeFileAtomic(target: string, data: string | Uint8Array): void {
  const path = resolve(target);
  mkdirSync(dirname(path), { recursive: true });
  const partial = temporaryName(path, "partial");
  try {
    writeFileSync(partial, data);
    renameSync(partial, path);
  } finally {
    rmSync(partial, { force: true });
  }
}

/**
 * Checks, before any work, that a pack folder can be written: it does not exist, is empty, or holds a previous
 * evidence pack. Throws a UsageError (exit 2) otherwise.
 */
export function checkPackFolder(target: string): void {
  const path = resolve(target);
  if (!existsSync(path)) return;
  if (!statSync(path).isDirectory()) throw new UsageError(`--out ${target} exists and is not a folder`);
  const entries = readdirSync(path);
  if (entries.length && !entries.includes(PACK_MARKER)) throw new UsageError(`--out ${target} is a folder that holds something other than an evidence pack; choose a new or empty folder`);
}

/**
 * Writes a folder of files (relative path -> content) through a temporary folder beside the target, then swaps
 * it into place; a previous pack there is replaced only once the new one is complete.
 */
export function writeFolderAtomic(target: string, files: ReadonlyMap<string, string | Uint8Array>): void {
  const path = resolve(target);
  checkPackFolder(path);
  mkdirSync(dirname(path), { recursive: true });
  const partial = temporaryName(path, "partial");
  const previous = temporaryName(path, "previous");
  try {
    for (const [relative, content] of files) {
      const file = join(partial, relative);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, content);
    }
    if (existsSync(path)) renameSync(path, previous);
    try {
      renameSync(partial, path);
    } catch (e) {
      if (existsSync(previous)) renameSync(previous, path);
      throw e;
    }
  } finally {
    rmSync(partial, { recursive: true, force: true });
    rmSync(previous, { recursive: true, force: true });
  }
}
