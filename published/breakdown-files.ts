/**
 * Writes src/components/breakdown-files.js, the family pages' list of their metrics' breakdown files:
 * `npx tsx published/breakdown-files.ts` after adding a metric or changing a metric's breakdowns (a test checks
 * the file is current). Framework publishes a file only when code names it in a literal FileAttachment, so the
 * names a page fetches on demand (chosen by metric and breakdown at run time) are written out here, one per
 * metric of the catalogue and scaled breakdown it has, exactly the files families.tar writes.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEFINITIONS } from "../metrics/definitions/index.ts";
import { breakdownFileName, familyFileName, familyInfo } from "../src/components/data.js";
import { SCALED_BREAKDOWNS } from "../src/components/labels.js";

export const BREAKDOWN_FILES_MODULE = fileURLToPath(new URL("../src/components/breakdown-files.js", import.meta.url));

/** Every breakdown file families.tar writes: "<family>/<metric>-<breakdown>.json", in catalogue order. */
export function breakdownFileNames(): string[] {
  return DEFINITIONS.flatMap((d) =>
    SCALED_BREAKDOWNS.filter((b) => (d.breakdowns as readonly string[]).includes(b)).map((b) => breakdownFileName(familyFileName(familyInfo(d.family)), d.id, b)),
  );
}

/** The text of src/components/breakdown-files.js. */
export function breakdownFilesModule(): string {
  const entries = breakdownFileNames().map((name) => `  "${name}": () => FileAttachment("../data/families/${name}"),`);
  return `// Written by \`npx tsx published/breakdown-files.ts\` from the metric catalogue: do not edit by hand.
// Each metric's file for each scaled breakdown (families.tar), by its name in the archive. Framework publishes
// only files named in a literal FileAttachment, and a family page picks one at run time, so all are listed.
import { FileAttachment } from "observablehq:stdlib";

export const BREAKDOWN_FILES = {
${entries.join("\n")}
};
`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeFileSync(BREAKDOWN_FILES_MODULE, breakdownFilesModule());
