import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { footerTemplate, headerTemplate } from "../../packs/board-pack.ts";
import { checkPackFolder, PACK_MARKER, writeFileAtomic, writeFolderAtomic } from "../../packs/files.ts";
import { checkPeriod, chooseMetrics } from "../../packs/run.ts";
import { tempDir as newTempDir } from "../helpers/exports.ts";

const made: string[] = [];
const tempDir = () => {
  const dir = newTempDir("alliance-pack-files-");
  made.push(dir);
  return dir;
};
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

describe("writing packs atomically", () => {
  it("writes a file through a temporary file and leaves nothing else behind", () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, "sub", "pack.pdf"), "one");
    writeFileAtomic(join(dir, "sub", "pack.pdf"), "two");
    expect(readFileSync(join(dir, "sub", "pack.pdf"), "utf8")).toBe("two");
    expect(readdirSync(join(dir, "sub"))).toEqual(["pack.pdf"]);
  });

  it("replaces a previous evidence pack whole, and refuses a folder that holds anything else", () => {
    const dir = tempDir();
    const out = join(dir, "pack");
    writeFolderAtomic(out, new Map([[PACK_MARKER, "{}"], ["A/a.csv", "1"], ["old.txt", "x"]]));
    writeFolderAtomic(out, new Map([[PACK_MARKER, "{}"], ["B/b.csv", "2"]]));
    expect(readdirSync(out).sort()).toEqual(["B", PACK_MARKER]);
    expect(readdirSync(dir)).toEqual(["pack"]);
    const other = join(dir, "documents");
    mkdirSync(other);
    writeFileSync(join(other, "letter.docx"), "mine");
    expect(() => checkPackFolder(other)).toThrow(/holds something other than an evidence pack/);
    expect(() => writeFolderAtomic(other, new Map([[PACK_MARKER, "{}"]]))).toThrow();
    expect(readFileSync(join(other, "letter.docx"), "utf8")).toBe("mine");
  });

  it("leaves the previous pack in place when writing the new one fails", () => {
    const dir = tempDir();
    const out = join(dir, "pack");
    writeFolderAtomic(out, new Map([[PACK_MARKER, "{}"], ["kept.csv", "1"]]));
    // a path that cannot be a file: the same name as a folder written before it
    expect(() => writeFolderAtomic(out, new Map([["A/x.csv", "1"], ["A", "not a folder"]]))).toThrow();
    expect(readdirSync(out).sort()).toEqual(["kept.csv", PACK_MARKER]);
    expect(readdirSync(dir)).toEqual(["pack"]);
    expect(existsSync(join(dir, "pack.zip"))).toBe(false);
  });
});

describe("checking what was asked for", () => {
  const definitions = { metrics: [{ id: "POD-01" }, { id: "PPD-02" }, { id: "HOSP-02" }] } as never;

  it("takes every metric by default, ids in any case, in catalogue order", () => {
    expect(chooseMetrics(definitions, undefined)).toEqual(["POD-01", "PPD-02", "HOSP-02"]);
    expect(chooseMetrics(definitions, "hosp-02, POD-01,POD-01")).toEqual(["POD-01", "HOSP-02"]);
  });

  it("stops on an unknown metric, listing the ids there are", () => {
    expect(() => chooseMetrics(definitions, "POD-01,NOPE-9")).toThrow("unknown metric NOPE-9; available: POD-01, PPD-02, HOSP-02");
    expect(() => chooseMetrics(definitions, " , ")).toThrow(/names no metric/);
  });

  it("stops on a period that is not in the data, listing the quarters there are", () => {
    expect(() => checkPeriod("2030-31-Q1", ["2018-19-Q1", "2018-19-Q2", "2018-19-Q3"])).toThrow("period 2030-31-Q1 is not in the data; available: 2018-19-Q1 … 2018-19-Q3");
    expect(() => checkPeriod("2018-19-Q2", ["2018-19-Q1", "2018-19-Q2"])).not.toThrow();
  });
});

describe("the PDF's running header and footer", () => {
  it("carry the alliance, the period, the date and the page numbers, with HTML escaped", () => {
    expect(headerTemplate("Smith & <Jones>", "2024-25 Q3")).toContain("Smith &amp; &lt;Jones&gt;</span><span>Board pack: 2024-25 Q3");
    const footer = footerTemplate(new Date("2026-08-16T10:00:00Z"));
    expect(footer).toContain("Produced 16 August 2026");
    expect(footer).toContain('Page <span class="pageNumber"></span> of <span class="totalPages"></span>');
  });
});
