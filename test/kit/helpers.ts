import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { tempDir } from "../helpers/exports.ts";

/** A valid NHS number (Modulus 11) from nine digits; null when those digits have no valid check digit. */
export function nhsNumber(nine: string): string | null {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(nine[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return null;
  return nine + String(check === 11 ? 0 : check);
}

/** The n-th valid NHS number after a base (deterministic, for fixtures). */
export function nthNhsNumber(n: number, base = 943476000): string {
  let found = -1;
  for (let i = 0; ; i++) {
    const candidate = nhsNumber(String(base + i).padStart(9, "0"));
    if (candidate && ++found === n) return candidate;
  }
}

export const SECRET = "alliance-test-secret-0123456789-abcdefghijklmnop";

export interface KitFixture {
  root: string;
  inputs: string;
  out: string;
  secretFile: string;
  mappingFile: string;
}

/** An input folder with the given files and mapping, a secret outside the output folder, and an output folder. */
export function kitFixture(files: Record<string, string>, mapping: unknown, secret = SECRET): KitFixture {
  const root = tempDir("alliance-kit-test-");
  const inputs = join(root, "extracts");
  mkdirSync(inputs, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(inputs, name), text);
  const mappingFile = join(inputs, "mapping.json");
  writeFileSync(mappingFile, JSON.stringify(mapping, null, 2));
  const secretFile = join(root, "secret.key");
  writeFileSync(secretFile, secret + "\n");
  return { root, inputs, out: join(root, "out"), secretFile, mappingFile };
}

export function readCsvRows(path: string): Record<string, string>[] {
  return parse(readFileSync(path, "utf8"), { columns: true, skip_empty_lines: true });
}

/** Every file under a folder, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
