import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { BREAKDOWN_FILES_MODULE, breakdownFileNames, breakdownFilesModule } from "../../published/breakdown-files.ts";
import { DEFINITIONS } from "../../metrics/definitions/index.ts";

describe("the family pages' list of breakdown files (src/components/breakdown-files.js)", () => {
  it("is what published/breakdown-files.ts writes from the catalogue as it is now", () => {
    expect(readFileSync(BREAKDOWN_FILES_MODULE, "utf8"), "run `npx tsx published/breakdown-files.ts`").toBe(breakdownFilesModule());
  });

  it("names a PCN and a practice file for each metric broken down by them, and none for the partner-based ones", () => {
    const names = breakdownFileNames();
    expect(names).toContain("place-of-death/POD-01-practice.json");
    expect(names).toContain("identification/ID-01-pcn.json");
    expect(names.some((n) => /\/(RESP|DQ)-\d+-/.test(n))).toBe(false);
    const scaled = DEFINITIONS.filter((d) => (d.breakdowns as readonly string[]).includes("practice"));
    expect(names.filter((n) => n.endsWith("-practice.json"))).toHaveLength(scaled.length);
  });
});
