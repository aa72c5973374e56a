import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { runPartnerKit } from "../../kit/run.ts";
import { csv } from "../helpers/exports.ts";
import { kitFixture, nthNhsNumber } from "./helpers.ts";

const PERIOD = "2024-25-Q3";
const [A, B] = [0, 1].map((i) => nthNhsNumber(i + 70));
const HES = ["NEWNHSNO", "PROVSPNOPS", "EPIORDER", "EPISTART", "EPIEND", "ADMIDATE", "DISDATE", "ADMIMETH", "ADMISORC", "CLASSPAT", "DISMETH", "DISDEST"];
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
/** Excel's serial day number of a date (1900 date system), as a workbook saved without date styles holds it. */
const serial = (iso: string) => Date.parse(`${iso}T00:00:00Z`) / 86_400_000 + 25569;

const EPISODES: (string | number | Date)[][] = [
  // NHS numbers and episode orders as Excel numbers, dates as date cells, one date as a bare serial number
  [Number(A), "S1", 1, day("2024-10-01"), day("2024-10-03"), day("2024-10-01"), day("2024-10-09"), "21", "55", "1", "8", "98"],
  [Number(A), "S1", 2, day("2024-10-03"), serial("2024-10-09"), day("2024-10-01"), day("2024-10-09"), "21", "55", "1", "1", "19"],
  [Number(B), "S2", 1, day("2024-11-01"), day("2024-11-12"), day("2024-11-01"), day("2024-11-12"), "2B", "51", "1", "4", "79"],
];

const isoOf = (v: string | number | Date) =>
  v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === "number" && v > 40000 && v < 50000 ? new Date((v - 25569) * 86_400_000).toISOString().slice(0, 10) : String(v);

async function workbook(path: string, sheets: { name: string; rows: (string | number | Date)[][] }[]) {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
    for (const c of [4, 5, 6, 7]) ws.getColumn(c).numFmt = "dd/mm/yyyy";
  }
  await wb.xlsx.writeFile(path);
}

describe("XLSX native extracts", () => {
  it("reads a HES APC workbook (the sheet named after the dataset, Excel dates and numbers) exactly as the same extract saved as CSV", async () => {
    const asCsv = kitFixture(
      { "apc.csv": csv(HES.join(","), ...EPISODES.map((r) => r.map(isoOf).join(","))) },
      { partner: "ACUTE", inputs: [{ file: "apc.csv", dataset: "admissions", preset: "hes-apc" }] },
    );
    const asXlsx = kitFixture({}, { partner: "ACUTE", inputs: [{ file: "apc.xlsx", dataset: "admissions", preset: "hes-apc" }] });
    // a notes sheet first: the sheet named after the dataset is the one read, as the loaders read exports
    await workbook(join(asXlsx.inputs, "apc.xlsx"), [
      { name: "Notes", rows: [["extract of", "HES APC"], ["run", "2025-01-06"]] },
      { name: "admissions", rows: [HES, ...EPISODES] },
    ]);
    const fromCsv = await runPartnerKit({ mappingFile: asCsv.mappingFile, secretFile: asCsv.secretFile, period: PERIOD, outDir: asCsv.out });
    const fromXlsx = await runPartnerKit({ mappingFile: asXlsx.mappingFile, secretFile: asXlsx.secretFile, period: PERIOD, outDir: asXlsx.out });
    const written = readFileSync(join(fromXlsx.folder, "admissions.csv"), "utf8");
    expect(written).toBe(readFileSync(join(fromCsv.folder, "admissions.csv"), "utf8"));
    expect(written.trim().split("\n")).toHaveLength(3);
    expect(written).toContain(",2024-10-01,2024-10-09,21,1,1,55,,19");
    const input = fromXlsx.report.inputs[0]!;
    expect(input).toMatchObject({ file: "apc.xlsx", rowsRead: 3, rowsDropped: 0, recordsWritten: 2 });
    expect(input.notes).toMatchObject({ multi_episode_spells: 1, transfer_spells: 1, died_in_hospital: 1 });
    expect(fromXlsx.report.exitCode).toBe(0);
  });

  it("takes the age band from an Excel date of birth, maps codes, and drops a failing NHS number by row only", async () => {
    const f = kitFixture(
      {},
      {
        partner: "GPFED",
        inputs: [{
          file: "people.xlsx", dataset: "people",
          columns: { nhs_number: "NHS No", practice_code: "Practice", sex: "Gender", date_of_birth: "DOB", diagnosis_group: "Diagnosis" },
          values: { sex: { M: "1", F: "2" } },
        }],
      },
    );
    await workbook(join(f.inputs, "people.xlsx"), [
      { name: "Sheet1", rows: [["NHS No", "Practice", "Gender", "DOB", "Diagnosis"], [A, "A00001", "F", day("1941-02-14"), "cancer"], ["9434765918", "A00002", "M", day("1950-07-30"), "other"]] },
    ]);
    const { report, folder } = await runPartnerKit({ mappingFile: f.mappingFile, secretFile: f.secretFile, period: PERIOD, outDir: f.out });
    const people = readFileSync(join(folder, "people.csv"), "utf8");
    expect(people).toContain(",A00001,2,75-84,,,cancer");
    expect(people).not.toContain("1941");
    expect(report.inputs[0]).toMatchObject({ rowsRead: 2, rowsDropped: 1, dropped: [{ row: 2, reason: "NHS number fails the Modulus 11 check" }] });
  });

  it("refuses a file that is neither CSV nor XLSX, or not a workbook, with a usage error before anything is written", async () => {
    const f = kitFixture({ "apc.xls": "x", "bad.xlsx": "not a zip" }, { partner: "ACUTE", inputs: [{ file: "apc.xls", dataset: "admissions", preset: "hes-apc" }] });
    await expect(runPartnerKit({ mappingFile: f.mappingFile, secretFile: f.secretFile, period: PERIOD, outDir: f.out })).rejects.toThrow(/reads CSV and XLSX extracts/);
    const g = kitFixture({ "bad.xlsx": "not a zip" }, { partner: "ACUTE", inputs: [{ file: "bad.xlsx", dataset: "admissions", preset: "hes-apc" }] });
    await expect(runPartnerKit({ mappingFile: g.mappingFile, secretFile: g.secretFile, period: PERIOD, outDir: g.out })).rejects.toThrow(/cannot be read as an Excel workbook/);
  });
});
