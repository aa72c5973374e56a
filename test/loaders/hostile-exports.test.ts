import { readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ingestExports, writeIngestReport } from "../../loaders/ingest.ts";
import { LISTED_ISSUES_PER_FILE } from "../../loaders/report.ts";
import { checkNoKeys } from "../../published/source.ts";
import { checkOne, csv, messagesFor, smallConfig, tempDir, writeExports } from "../helpers/exports.ts";

/**
 * Hostile and broken exports (issue 17): nothing lost (every record of a file is loaded or reported) and nothing
 * leaked (no NHS number or postcode in any file the product writes).
 */

const NHS = "9434765919";
const POSTCODE = "SW1A 1AA";
const PEOPLE = "person_id,practice_code,sex,age_band,ethnic_category,imd_quintile,diagnosis_group";
const SPELLS = "spell_id,person_id,admission_date,discharge_date,admission_method,patient_classification,spell_cost_gbp";
const Q1 = "GPFED/2024-25-Q1";

/** Every byte form an identifier may take in a file: as typed, without spaces, in UTF-16. */
function identifierForms(value: string): Buffer[] {
  const forms = new Set([value, value.replace(/\s/g, ""), value.replace(/\s/g, "-")]);
  // UTF-16 read as single bytes, as JSON writes it: every character followed by an escaped NUL
  const jsonEscaped = (v: string) => Buffer.from([...v].map((c) => `${c}\\u0000`).join(""));
  return [...forms].flatMap((v) => [Buffer.from(v, "utf8"), Buffer.from(v, "utf16le"), jsonEscaped(v)]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

/** Ingests the tree into a new database, writes the report, and returns every file written with its bytes. */
async function ingestAndCollect(files: Record<string, string | Buffer>) {
  const exportsDir = writeExports(files);
  const out = tempDir();
  const dbPath = join(out, "alliance.duckdb");
  const result = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
  writeIngestReport(join(out, "ingest-report.json"), result);
  return { report: result.report, written: filesUnder(out).map((path) => ({ path, bytes: readFileSync(path) })) };
}

function expectNoneOf(written: Array<{ path: string; bytes: Buffer }>, values: string[]) {
  expect(written.length).toBeGreaterThanOrEqual(3); // database, report, rejected rows
  for (const { path, bytes } of written)
    for (const value of values) for (const form of identifierForms(value)) expect(bytes.includes(form), `${value} in ${path}`).toBe(false);
}

describe("a file whose first row is a record, not a header (item 1)", () => {
  const record = [NHS, "M81001", "1", "85+", "A", "4", "cancer"];
  const forms: Record<string, Buffer> = {
    comma: Buffer.from(`${record.join(",")}\n${record.join(",")}\n`),
    semicolon: Buffer.from(`${record.join(";")}\n${record.join(";")}\n`),
    tab: Buffer.from(`${record.join("\t")}\n${record.join("\t")}\n`),
    "semicolon with header": Buffer.from(`${PEOPLE.replaceAll(",", ";")}\n${record.join(";")}\n`),
    "UTF-16": Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${record.join(",")}\r\n${record.join(",")}\r\n`, "utf16le")]),
    "UTF-16 without BOM": Buffer.from(`${PEOPLE}\r\n${record.join(",")}\r\n`, "utf16le"),
  };
  for (const [name, content] of Object.entries(forms)) {
    it(`is refused without echoing the record (${name})`, async () => {
      const { report, written } = await ingestAndCollect({ [`${Q1}/people.csv`]: content });
      const [file] = report.files;
      expect(file).toMatchObject({ status: "refused", rowsLoaded: 0 });
      expect(file!.rowsRead).toBe(1); // every form holds two lines: the first taken as the header, one record
      expect(file!.rowsRejected).toBe(1);
      expect(file!.reason).not.toMatch(/Invalid Input Error|state machine/);
      expect(file!.reason).not.toMatch(/M81001|85\+|cancer/);
      expectNoneOf(written, [NHS]);
    });
  }
  it("says why in words a data manager can act on", async () => {
    const headerless = await checkOne(`${Q1}/people.csv`, forms.comma!);
    expect(headerless.reason).toMatch(/looks like a record, not a header/);
    expect(headerless.rowsRead).toBe(1);
    expect((await checkOne(`${Q1}/people.csv`, forms.semicolon!)).reason).toMatch(/separated by semicolons/);
    expect((await checkOne(`${Q1}/people.csv`, forms.tab!)).reason).toMatch(/separated by tabs/);
    expect((await checkOne(`${Q1}/people.csv`, forms["UTF-16"]!)).reason).toMatch(/UTF-16/);
  });
  it("the site's leak guard stops an NHS number or a postcode, not decimals or codes", () => {
    expect(() => checkNoKeys(`{"reason":"it has: ${NHS}, M81001"}`)).toThrow(/NHS number/);
    expect(() => checkNoKeys(`{"reason":"it has: 943 476 5919"}`)).toThrow(/NHS number/);
    expect(() => checkNoKeys(`{"reason":"lives at ${POSTCODE}"}`)).toThrow(/postcode/);
    expect(checkNoKeys(`{"v":0.9434765919,"w":12.9434765919,"p":"M81001","q":"2024-25-Q3","id":"HOSP-02","sha256":"ab9434765919cd"}`)).toBeTruthy();
  });
});

describe("every physical record is loaded or reported (item 2)", () => {
  const good = (i: number) => `pk_good${String(i).padStart(6, "0")},A00001,1,85+,A,4,cancer`;
  it("an unclosed quote is one rejected row, not the rest of the file", async () => {
    const lines = [good(0), `pk_bad00001,"A00001,1,85+,A,4,cancer`, ...Array.from({ length: 3000 }, (_, i) => good(i + 1))];
    const r = await checkOne(`${Q1}/people.csv`, csv(PEOPLE, ...lines));
    expect(r).toMatchObject({ status: "loaded", rowsRead: 3002, rowsLoaded: 3001, rowsRejected: 1 });
    expect(messagesFor(r)).toEqual([expect.stringMatching(/^2:null:a double quote opened on this row is not closed/)]);
  });
  it("a line of 40 MB is one rejected row", async () => {
    const long = `pk_long0001,A00001,1,85+,A,4,${"x".repeat(40 * 1024 * 1024)}`;
    const r = await checkOne(`${Q1}/people.csv`, csv(PEOPLE, good(1), long, good(2), good(3)));
    expect(r).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 3, rowsRejected: 1 });
    expect(messagesFor(r)).toEqual([expect.stringMatching(/^2:null:the row is 40 MB long/)]);
  });
  it("numbers the rows between many rejected ones by their place in the file", async () => {
    // every even row has an unclosed quote; the last row, an odd one, has an unknown diagnosis
    const lines = Array.from({ length: 2001 }, (_, i) =>
      (i + 1) % 2 === 0 ? `pk_bad${String(i + 1).padStart(6, "0")},"A00001,1,85+,A,4,cancer` : good(i + 1),
    );
    lines[2000] = lines[2000]!.replace("cancer", "moon");
    lines[1998] = `${lines[1998]},extra`; // one the CSV reader rejects, among the rows the byte scan left out
    const r = await checkOne(`${Q1}/people.csv`, csv(PEOPLE, ...lines));
    expect(r).toMatchObject({ status: "loaded", rowsRead: 2001, rowsLoaded: 999, rowsRejected: 1002 });
    expect(r.errorCount).toBe(1002);
    expect(r.issueCounts!.find((c) => c.field === "diagnosis_group")).toMatchObject({ count: 1, rows: [2001] });
    expect(r.issueCounts!.find((c) => c.rule.startsWith("the row has more values"))).toMatchObject({ count: 1, rows: [1999] });
  });
  it("numbers rows after blank lines by their place in the file", async () => {
    const r = await checkOne(`${Q1}/people.csv`, `${PEOPLE}\n${good(1)}\n\n${good(2)}\n"\n${good(3).replace("cancer", "moon")}\n`);
    expect(r).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(messagesFor(r).map((m) => m.split(":").slice(0, 2).join(":"))).toEqual(["4:null", "5:diagnosis_group"]);
  });
});

describe("many rows sharing a key (item 3)", () => {
  it("are all rejected within a memory limit a quadratic check cannot meet", async () => {
    const rowsSharing = 20_000;
    const lines = Array.from({ length: rowsSharing }, (_, i) => `S1,pk_aaaa${String(i).padStart(6, "0")},2024-05-01,,21,1,`);
    const previous = process.env.ALLIANCE_MEMORY_LIMIT;
    process.env.ALLIANCE_MEMORY_LIMIT = "300MB";
    try {
      const exportsDir = writeExports({ "ACUTE/2024-25-Q1/admissions.csv": csv(SPELLS, ...lines) });
      const result = await ingestExports({ config: smallConfig(), exportsDir, dbPath: null });
      const r = result.report.files[0]!;
      expect(r).toMatchObject({ status: "loaded", rowsRead: rowsSharing, rowsLoaded: 0, rowsRejected: rowsSharing });
      expect(r.errors[0]!.message).toBe("the same spell_id is on 20000 rows of this file (rows 1, 2, 3, 4, 5, …): none of them is loaded");
      // The report lists the first rows and counts them all; the rejected-rows CSV has every one.
      expect(r.errors.map((e) => e.row)).toEqual(Array.from({ length: LISTED_ISSUES_PER_FILE }, (_, i) => i + 1));
      expect(r.errorCount).toBe(rowsSharing);
      expect(r.issueCounts!.filter((c) => c.severity === "error")).toEqual([
        { severity: "error", field: "spell_id", rule: "the same spell_id is on N rows of this file: none of them is loaded", count: rowsSharing, rows: [1, 2, 3, 4, 5] },
      ]);
      const csvLines = result.rejectedRowsCsv.trimEnd().split("\n");
      expect(csvLines.length).toBe(rowsSharing + 1);
      expect(csvLines[0]).toBe("file,row,field,reason");
      expect(csvLines[rowsSharing]).toBe(`ACUTE/2024-25-Q1/admissions.csv,${rowsSharing},spell_id,"${r.errors[0]!.message}"`);
    } finally {
      if (previous === undefined) delete process.env.ALLIANCE_MEMORY_LIMIT;
      else process.env.ALLIANCE_MEMORY_LIMIT = previous;
    }
  });
});

describe("an NHS number or postcode inside a value (item 4)", () => {
  it("rejects the rows whose person or carer key wraps one, naming row and field, and loads the rest", async () => {
    const { report, written } = await ingestAndCollect({
      [`${Q1}/people.csv`]: csv(
        PEOPLE,
        `NHS${NHS},A00001,1,85+,A,4,cancer`,
        `pk_aaaa0002,A00001,1,85+,A,4,cancer`,
        `${NHS}pk,A00001,1,85+,A,4,cancer`,
        `pk-${POSTCODE.replace(" ", "-")}-x,A00001,1,85+,A,4,cancer`,
      ),
      "BEREAVE/2024-25-Q1/carers.csv": csv("carer_id,person_id,identified_date", `ck_${NHS},pk_aaaa0002,2024-04-01`, "ck_aaaa0001,pk_aaaa0002,2024-04-01"),
    });
    const people = report.files.find((f) => f.dataset === "people")!;
    expect(people).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 1, rowsRejected: 3 });
    expect(messagesFor(people)).toEqual([
      "1:person_id:looks like an NHS number: not loaded, and not shown here",
      "3:person_id:looks like an NHS number: not loaded, and not shown here",
      "4:person_id:looks like a postcode: not loaded, and not shown here",
    ]);
    const carers = report.files.find((f) => f.dataset === "carers")!;
    expect(carers).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(messagesFor(carers)).toEqual(["1:carer_id:looks like an NHS number: not loaded, and not shown here"]);
    expectNoneOf(written, [NHS, POSTCODE]);
  });
  it("still refuses the whole file when a key is an NHS number or a postcode itself (data contract)", async () => {
    const { report, written } = await ingestAndCollect({
      [`${Q1}/people.csv`]: csv(PEOPLE, `NHS${NHS},A00001,1,85+,A,4,cancer`, `pk_aaaa0002,A00001,1,85+,A,4,cancer`, `${NHS.slice(0, 3)} ${NHS.slice(3, 6)} ${NHS.slice(6)},A00001,1,85+,A,4,cancer`),
    });
    expect(report.files[0]).toMatchObject({ status: "refused", rowsRead: 3, rowsLoaded: 0, rowsRejected: 3 });
    expect(report.files[0]!.reason).toMatch(/1 person_id value\(s\) are NHS numbers.*\(row 3\)/);
    expectNoneOf(written, [NHS]);
  });
  it("never stores or echoes one in a text, code or number field", async () => {
    const { report, written } = await ingestAndCollect({
      [`${Q1}/people.csv`]: csv(
        PEOPLE,
        `pk_aaaa0001,${NHS},1,85+,A,4,cancer`,
        `pk_aaaa0002,A00001,1,85+,${NHS},4,cancer`,
        `pk_aaaa0003,A00001,1,85+,A,${NHS},cancer`,
        `pk_aaaa0004,A00001,1,85+,A,x${POSTCODE}x,cancer`,
        `pk_aaaa0005,A00001,1,85+,${POSTCODE.replace(" ", "")},4,cancer`,
      ),
      "ACUTE/2024-25-Q1/admissions.csv": csv(
        SPELLS,
        `${NHS},pk_aaaa0001,2024-05-01,,21,1,`,
        `S-${NHS},pk_aaaa0002,2024-05-01,,21,1,`,
        `S3,pk_aaaa0003,2024-05-01,,21,1,${NHS}`,
        `S4,pk_aaaa0004,2024-05-01,,21,1,120.50`,
      ),
    });
    const people = report.files.find((f) => f.dataset === "people")!;
    expect(people).toMatchObject({ status: "loaded", rowsRead: 5, rowsLoaded: 4, rowsRejected: 1 });
    expect(people.errors).toEqual([{ row: 1, field: "practice_code", message: "practice (not shown: it looks like an NHS number) is not a member practice in the alliance config" }]);
    expect(people.warnings.map((w) => `${w.row}:${w.field}:${w.message}`)).toEqual([
      "2:ethnic_category:not one of the codes A, B, C, D, E, F, G, H, J, K, L, M, N, P, R, S, Z, 99: (not shown: it looks like an NHS number) (loaded as blank)",
      "3:imd_quintile:looks like an NHS number: not loaded, and not shown here (loaded as blank)",
      "4:imd_quintile:looks like a postcode: not loaded, and not shown here (loaded as blank)",
      "5:ethnic_category:not one of the codes A, B, C, D, E, F, G, H, J, K, L, M, N, P, R, S, Z, 99: (not shown: it looks like a postcode) (loaded as blank)",
    ]);
    const spells = report.files.find((f) => f.dataset === "admissions")!;
    expect(spells).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(messagesFor(spells)).toEqual([
      "1:spell_id:looks like an NHS number: not loaded, and not shown here",
      "2:spell_id:looks like an NHS number: not loaded, and not shown here",
    ]);
    expect(messagesFor(spells, "warnings")).toContain("3:spell_cost_gbp:looks like an NHS number: not loaded, and not shown here (loaded as blank)");
    expectNoneOf(written, [NHS, POSTCODE]);
  });
});

describe("near-miss identifier headers (low)", () => {
  for (const header of ["nhs.number", "full name", "Address Line 1", "phone", "birth_date", "NHS_No.", "Patient Name", "E-mail"]) {
    it(`refuses a file with a '${header}' column`, async () => {
      const r = await checkOne(`${Q1}/people.csv`, csv(`${PEOPLE},${header}`, "pk_aaaa0001,A00001,1,85+,A,4,cancer,x"));
      expect(r.status).toBe("refused");
      expect(r.reason).toMatch(/column of direct identifiers/);
    });
  }
  it("still accepts ordinary unknown columns", async () => {
    const r = await checkOne(`${Q1}/people.csv`, csv(`${PEOPLE},practice name,ward`, "pk_aaaa0001,A00001,1,85+,A,4,cancer,x,y"));
    expect(r.status).toBe("loaded");
  });
});

