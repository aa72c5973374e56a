import ExcelJS from "exceljs";
import type { DatasetSpec } from "../loaders/contract/dataset-spec.ts";
import { excelCellText, exportSheetName } from "../loaders/read-export.ts";
import { openWorkbook } from "../loaders/xlsx-workbook.ts";

/**
 * Native extracts saved from Excel. The kit reads the sheet the loaders would (the sheet named after the dataset,
 * else the first), header in row 1, through the same streaming reader (`loadXlsx` in loaders/read-export.ts, on
 * loaders/xlsx-workbook.ts), so a workbook never has to fit in memory.
 */

/** The header cells (row 1) of the sheet the kit will read; an empty list when that sheet has none. */
export async function readXlsxHeader(path: string, dataset: string): Promise<string[]> {
  const workbook = await openWorkbook(path, { styles: "ignore" });
  const sheetName = exportSheetName(workbook.sheetNames, dataset);
  let header: string[] = [];
  for await (const row of sheetName === undefined ? [] : workbook.rows(sheetName)) {
    if (row.number === 1) header = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => (excelCellText(v, "text") ?? "").trim());
    break; // only row 1 is wanted: stopping closes the sheet
  }
  while (header.length && !header.at(-1)) header.pop();
  return header;
}

/**
 * The spec `loadXlsx` reads a native extract with: the dataset's name (which sheet), and the input's date columns
 * under their own header names, so an Excel date cell, or a bare day number in one, becomes an ISO date.
 */
export function xlsxReadSpec(spec: DatasetSpec, header: string[], dateColumns: [position: number, type: "date" | "datetime"][]): DatasetSpec {
  const fields = new Map<string, "date" | "datetime">();
  for (const [i, type] of dateColumns) {
    const name = (header[i] ?? "").toLowerCase();
    if (name && !fields.has(name)) fields.set(name, type);
  }
  return { ...spec, fields: [...fields].map(([name, type]) => ({ name, type, required: false })) } as DatasetSpec;
}
