import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import JSZip from "jszip";
import { afterAll, describe, expect, it } from "vitest";
import { exportSheetName } from "../../loaders/read-export.ts";
import { NotAWorkbookError, openWorkbook, partPath } from "../../loaders/xlsx-workbook.ts";

const dir = mkdtempSync(join(tmpdir(), "xlsx-workbook-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A workbook saved with its parts in `order` (the rest after), and the workbook's tab list rewritten by `tabs`. */
async function saved(name: string, order: string[], tabs: (workbookXml: string) => string = (x) => x): Promise<string> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Notes").addRow(["extract of", "HES APC"]);
  const data = wb.addWorksheet("admissions");
  data.addRow(["spell_id", "person_id", "admission_date"]);
  for (let i = 1; i <= 500; i++) data.addRow([`S${i}`, `P${i}`, `2024-10-${String((i % 28) + 1).padStart(2, "0")}`]);
  const zip = await JSZip.loadAsync(Buffer.from(await wb.xlsx.writeBuffer()));
  zip.file("xl/workbook.xml", tabs(await zip.file("xl/workbook.xml")!.async("string")));
  const names = Object.keys(zip.files).filter((n) => !zip.files[n]!.dir);
  const ordered = new JSZip();
  for (const part of [...order.filter((n) => names.includes(n)), ...names.filter((n) => !order.includes(n))]) ordered.file(part, await zip.file(part)!.async("uint8array"));
  const path = join(dir, name);
  writeFileSync(path, await ordered.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return path;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("openWorkbook", () => {
  it("names the sheets from the workbook even when its parts come after the sheets in the zip, with a slow reader", async () => {
    // sheets first, then shared strings, then the workbook and its rels: a one-pass reader must hold the sheets
    // back until it has read the names, and in CI under load ExcelJS's sometimes missed them (exceljs#3064)
    const path = await saved("late-workbook.xlsx", ["xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels"]);
    const workbook = await openWorkbook(path, { styles: "cache" });
    expect(workbook.sheetNames).toEqual(["Notes", "admissions"]);
    const rows: unknown[][] = [];
    for await (const row of workbook.rows("admissions")) {
      rows.push((row.values as unknown[]).slice(1));
      if (row.number % 100 === 0) await sleep(5); // a consumer that awaits between rows (an appender does)
    }
    expect(rows).toHaveLength(501);
    expect(rows[0]).toEqual(["spell_id", "person_id", "admission_date"]);
    expect(rows[500]).toEqual(["S500", "P500", "2024-10-25"]);
  });

  it("lists sheets in tab order, not in the order of their part files, so 'the first sheet' is the first tab", async () => {
    const swapTabs = (xml: string) => xml.replace(/(<sheet [^>]*name="Notes"[^>]*\/>)(<sheet [^>]*name="admissions"[^>]*\/>)/, "$2$1");
    const path = await saved("tabs-swapped.xlsx", [], swapTabs);
    const workbook = await openWorkbook(path, { styles: "ignore" });
    expect(workbook.sheetNames).toEqual(["admissions", "Notes"]);
    expect(exportSheetName(workbook.sheetNames, "people")).toBe("admissions");
    const notes: unknown[][] = [];
    for await (const row of workbook.rows("Notes")) notes.push((row.values as unknown[]).slice(1));
    expect(notes).toEqual([["extract of", "HES APC"]]);
  });

  it("reads one sheet after stopping early in another (stopping closes the part)", async () => {
    const workbook = await openWorkbook(await saved("early-stop.xlsx", []), { styles: "ignore" });
    for await (const row of workbook.rows("admissions")) {
      expect((row.values as unknown[]).slice(1)).toEqual(["spell_id", "person_id", "admission_date"]);
      break;
    }
    let count = 0;
    for await (const _ of workbook.rows("admissions")) count++;
    expect(count).toBe(501);
  });

  it("refuses a file that is not a zip, and a zip that is not a workbook, as not a workbook", async () => {
    const text = join(dir, "text.xlsx");
    writeFileSync(text, "contact_id,person_id\n");
    await expect(openWorkbook(text, { styles: "ignore" })).rejects.toBeInstanceOf(NotAWorkbookError);
    const other = new JSZip();
    other.file("readme.txt", "hello");
    const zip = join(dir, "zip.xlsx");
    writeFileSync(zip, await other.generateAsync({ type: "nodebuffer" }));
    await expect(openWorkbook(zip, { styles: "ignore" })).rejects.toThrow(/no xl\/workbook\.xml/);
  });
});

describe("exportSheetName and partPath", () => {
  it("picks the sheet named after the dataset in any case, else the first; none for a workbook without sheets", () => {
    expect(exportSheetName(["Notes", " Admissions "], "admissions")).toBe(" Admissions ");
    expect(exportSheetName(["Sheet1", "Notes"], "admissions")).toBe("Sheet1");
    expect(exportSheetName([], "admissions")).toBeUndefined();
  });
  it("resolves relative and absolute relationship targets", () => {
    expect(partPath("worksheets/sheet1.xml")).toBe("xl/worksheets/sheet1.xml");
    expect(partPath("/xl/worksheets/sheet3.xml")).toBe("xl/worksheets/sheet3.xml");
  });
});
