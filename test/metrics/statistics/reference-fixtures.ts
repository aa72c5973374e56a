import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect } from "vitest";

const referenceFolder = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "reference");

export function readReferenceText(fileName: string): string {
  return readFileSync(join(referenceFolder, fileName), "utf8");
}

export function readReferenceJson<T>(fileName: string): T {
  return JSON.parse(readReferenceText(fileName)) as T;
}

/** The reference CSVs hold no quoted fields, so a plain split is exact; blank cells become null. */
export function readReferenceCsv(fileName: string): Array<Record<string, string | null>> {
  const [headerLine, ...lines] = readReferenceText(fileName).trim().split(/\r?\n/);
  const header = headerLine.split(",");
  return lines.map((line) => {
    const cells = line.split(",");
    expect(cells).toHaveLength(header.length);
    return Object.fromEntries(header.map((name, i) => [name, cells[i] === "" ? null : cells[i]]));
  });
}

export function numberOrNull(cell: string | null | undefined): number | null {
  return cell === null || cell === undefined ? null : Number(cell);
}

/** `|actual - expected| <= relative * |expected|`, the fixtures' stated tolerance rule. */
export function expectRelativelyClose(actual: number | null | undefined, expected: number, relative = 1e-9): void {
  expect(actual, `expected ${expected}`).toBeTypeOf("number");
  const difference = Math.abs((actual as number) - expected);
  expect(difference, `${actual} vs ${expected}`).toBeLessThanOrEqual(relative * Math.abs(expected));
}

export function expectWithin(actual: number | null | undefined, expected: number, tolerance: number): void {
  expect(actual, `expected ${expected}`).toBeTypeOf("number");
  expect(Math.abs((actual as number) - expected), `${actual} vs ${expected} (±${tolerance})`).toBeLessThanOrEqual(
    tolerance,
  );
}
