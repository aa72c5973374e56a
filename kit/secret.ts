import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, relative, resolve, isAbsolute, sep } from "node:path";
import { KitUsageError } from "./mapping.ts";

/**
 * The alliance's shared secret, from a file the partner keeps. Its value is never printed, copied or written:
 * every message names the file, never what is in it.
 */

/** At least 32 characters: 128 bits or more of a random key written as text. */
export const MIN_SECRET_LENGTH = 32;

/** The path with as much of it resolved through symbolic links as exists (the output folder may not exist yet). */
function realish(path: string): string {
  let existing = resolve(path);
  const rest: string[] = [];
  while (!existsSync(existing) && dirname(existing) !== existing) {
    rest.unshift(existing.slice(dirname(existing).length + 1));
    existing = dirname(existing);
  }
  return resolve(realpathSync(existing), ...rest);
}

export function isInside(child: string, parent: string): boolean {
  const rel = relative(realish(parent), realish(child));
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** The secret's bytes (surrounding whitespace, such as the newline an editor adds, removed). */
export function readSecret(secretFile: string, outDir: string): Buffer {
  const path = resolve(secretFile);
  if (!existsSync(path)) throw new KitUsageError(`secret file not found: ${secretFile}`);
  if (!statSync(path).isFile()) throw new KitUsageError(`secret file is not a file: ${secretFile}`);
  if (isInside(path, outDir))
    throw new KitUsageError(`the secret file ${secretFile} is inside the output folder ${outDir}: keep it outside what you send`);
  const text = readFileSync(path, "utf8").trim();
  if (!text) throw new KitUsageError(`secret file is empty: ${secretFile}`);
  if (text.length < MIN_SECRET_LENGTH)
    throw new KitUsageError(`secret in ${secretFile} is too short: it needs at least ${MIN_SECRET_LENGTH} characters (the alliance issues it)`);
  return Buffer.from(text, "utf8");
}
