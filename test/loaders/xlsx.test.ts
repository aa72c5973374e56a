import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { checkOne, messagesFor } from "../helpers/exports.ts";

async function workbook(sheets: { name: string; rows: unknown[][] }[]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
    ws.getColumn(3).numFmt = "dd/mm/yyyy";
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

const HEADER = ["contact_id", "person_id", "contact_date", "service", "contact_mode"];

describe("XLSX exports", () => {
  it("reads Excel date cells, text dates and the first sheet", async () => {
    const file = await workbook([
      {
        name: "Sheet1",
        rows: [
          HEADER,
          ["C1", "pk_aaaa0001", new Date(Date.UTC(2024, 3, 2)), "hospice_at_home", "face_to_face"],
          ["C2", "pk_aaaa0002", "03/04/2024", "Inpatient_Unit", null],
          ["C3", "pk_aaaa0003", new Date(Date.UTC(2024, 6, 2)), "hospice_at_home", null],
          [null, null, null, null, null],
          ["C4", "pk_aaaa0004", "2024-04-31", "day_hospice", null],
        ],
      },
    ]);
    const r = await checkOne("HOSPICE2/2024-25-Q1/spc_contacts.xlsx", file);
    expect(r).toMatchObject({ status: "loaded", rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(messagesFor(r)).toEqual([
      "3:contact_date:dated 2024-07-02, outside the period folder 2024-25-Q1 (2024-04-01 to 2024-06-30)",
      "5:contact_date:not a date (YYYY-MM-DD or DD/MM/YYYY): '2024-04-31'",
    ]);
  });
  it("prefers the sheet named after the dataset", async () => {
    const file = await workbook([
      { name: "Notes", rows: [["This workbook holds Q1 contacts"]] },
      { name: "spc_contacts", rows: [HEADER, ["C1", "pk_aaaa0001", new Date(Date.UTC(2024, 3, 2)), "outpatient", "video"]] },
    ]);
    const r = await checkOne("HOSPICE2/2024-25-Q1/spc_contacts.xlsx", file);
    expect(r).toMatchObject({ status: "loaded", rowsRead: 1, rowsLoaded: 1, errors: [], warnings: [] });
  });
  it("reads Excel serial day numbers in date fields as dates, whatever the cell's format", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("care_plans");
    ws.addRow(["person_id", "record_type", "recorded_date", "preferred_place"]);
    ws.addRow(["pk_aaaa0001", "ppod", 45384, "home"]); // 2024-04-02
    ws.addRow(["pk_aaaa0002", "acp", 45384.75, null]); // 2024-04-02 18:00
    const r = await checkOne("HOSPICE2/2024-25-Q1/care_plans.xlsx", Buffer.from(await wb.xlsx.writeBuffer()));
    expect(r).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 2, errors: [] });
  });
  it("rejects a row with values beyond the header, by its row, and loads the rest", async () => {
    const file = await workbook([
      {
        name: "spc_contacts",
        rows: [
          HEADER,
          ["C1", "pk_aaaa0001", new Date(Date.UTC(2024, 3, 2)), "outpatient", "video"],
          ["C2", "pk_aaaa0002", new Date(Date.UTC(2024, 3, 3)), "outpatient", "video", null, "stray note"],
          ["C3", "pk_aaaa0003", new Date(Date.UTC(2024, 3, 4)), "outpatient", "video"],
        ],
      },
    ]);
    const r = await checkOne("HOSPICE2/2024-25-Q1/spc_contacts.xlsx", file);
    expect(r).toMatchObject({ status: "loaded", rowsRead: 3, rowsLoaded: 2, rowsRejected: 1 });
    expect(messagesFor(r)).toEqual(["2:null:the row has values in columns that have no header"]);
  });
  it("refuses a file that is not a workbook", async () => {
    const r = await checkOne("HOSPICE2/2024-25-Q1/spc_contacts.xlsx", Buffer.from("contact_id,person_id\n"));
    expect(r.status).toBe("refused");
    expect(r.reason).toMatch(/cannot be read as XLSX/);
  });
});
