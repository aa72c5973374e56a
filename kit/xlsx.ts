import ExcelJS from "exceljs";
import type { DatasetSpec } from "../loaders/contract/dataset-spec.ts";
import { excelCellText } from "../loaders/read-export.ts";

/**
 * Native extracts saved from Excel. The kit reads the sheet the loaders would (the sheet named after the dataset,
 * else the first), header in row 1, through the same streaming reader (`loadXlsx` in loaders/read-export.ts), so
 * a workbook never has to fit in memory.
 */

/**
 * The header cells (row 1) of the sheet the kit will read; an empty list when that sheet has none. Every sheet is
 * read through (the streaming reader hands the sheets over in turn), keeping only row 1 of each.
 */
export async function readXlsxHeader(path: string, dataset: string): Promise<string[]> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, { worksheets: "emit", sharedStrings: "cache", styles: "ignore", hyperlinks: "ignore", entries: "ignore" });
  let first: string[] | null = null;
  let named: string[] | null = null;
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string };
    const isNamed = (sheet.name ?? "").trim().toLowerCase() === dataset;
    let header: string[] = [];
    for await (const row of sheet) if (row.number === 1) header = (row.values as ExcelJS.CellValue[]).slice(1).map((v) => (excelCellText(v, "text") ?? "").trim());
    while (header.length && !header.at(-1)) header.pop();
    if (isNamed && !named) named = header;
    if (!first) first = header;
  }
  return named ?? first ?? [];
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
