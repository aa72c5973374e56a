/**
 * HOSPICE2 sends Excel workbooks: the first (only) sheet named after the dataset, the header in row 1, real
 * Excel date cells for dates (and date-time cells for date-times). Written with exceljs's streaming writer, with
 * every timestamp inside the workbook pinned to the sent date so the bytes are reproducible.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import ExcelJS from "exceljs";
import type { DatasetDef } from "./datasets.ts";
import { injectedErrors, orderBy, substitute, type FileContext, type FileResult } from "./writers.ts";

export async function writeXlsx(c: DuckDBConnection, def: DatasetDef, ctx: FileContext, path: string, _work: string): Promise<FileResult> {
  const when = new Date(`${ctx.sent}T12:00:00Z`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = "Eastbridge Hospice";
  wb.lastModifiedBy = "Eastbridge Hospice";
  wb.created = when;
  wb.modified = when;

  const ws = wb.addWorksheet(def.name);
  ws.columns = def.fields.map((f) => ({
    header: f.name,
    key: f.name,
    width: f.type === "date" ? 12 : f.type === "datetime" ? 17 : Math.max(12, f.name.length + 2),
    ...(f.type === "date" ? { style: { numFmt: "yyyy-mm-dd" } } : f.type === "datetime" ? { style: { numFmt: "yyyy-mm-dd hh:mm" } } : {}),
  }));
  const cols = def.fields.map((f) => `${f.expr} AS "${f.name}"`).join(", ");
  const sql = substitute(`SELECT ${cols} FROM ${def.table} t WHERE ${def.where} ORDER BY ${orderBy(def)}`, ctx);
  const result = await c.stream(sql);
  let rows = 0;
  for await (const chunk of result.yieldRowsJs()) {
    for (const r of chunk) {
      ws.addRow(r.map((v) => (v === null || v === undefined ? null : typeof v === "bigint" ? Number(v) : v))).commit();
      rows++;
    }
  }
  ws.commit();
  await wb.commit();
  pinZipTimes(path, when);
  return { path, rows, errors: await injectedErrors(c, def, ctx) };
}

/**
 * The zip writer stamps entries with the time they were added; rewrite every entry's DOS date and time (local
 * headers and central directory) to `when` so the workbook's bytes depend only on its content.
 */
export function pinZipTimes(path: string, when: Date): void {
  const buf = readFileSync(path);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${path}: not a zip file`);
  const dosTime = (when.getUTCHours() << 11) | (when.getUTCMinutes() << 5) | Math.floor(when.getUTCSeconds() / 2);
  const dosDate = ((when.getUTCFullYear() - 1980) << 9) | ((when.getUTCMonth() + 1) << 5) | when.getUTCDate();
  const entries = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`${path}: bad central directory`);
    buf.writeUInt16LE(dosTime, p + 12);
    buf.writeUInt16LE(dosDate, p + 14);
    const local = buf.readUInt32LE(p + 42);
    if (buf.readUInt32LE(local) !== 0x04034b50) throw new Error(`${path}: bad local header`);
    buf.writeUInt16LE(dosTime, local + 10);
    buf.writeUInt16LE(dosDate, local + 12);
    p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  writeFileSync(path, buf);
}
