/**
 * Test helpers for the demo generator: read a generated tree back (CSV in UTF-8 or Windows-1252, XLSX) and
 * check every row against the contract's dataset specs with a small independent checker, so the tests can say
 * "every violation in the tree is one we injected on purpose".
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import iconv from "iconv-lite";
import { DATASETS, type DatasetName } from "../../loaders/contract/datasets/index.ts";
import type { DatasetSpec } from "../../loaders/contract/dataset-spec.ts";
import { isValidIsoDate, parseQuarter } from "../../loaders/contract/periods.ts";

export interface TreeFile {
  rel: string;
  partner: string;
  period: string;
  dataset: DatasetName;
  ext: "csv" | "xlsx";
  mtimeMs: number;
  header: string[];
  rows: string[][];
}

export function listFiles(exportsDir: string): string[] {
  const out: string[] = [];
  for (const partner of readdirSync(exportsDir).sort())
    for (const period of readdirSync(join(exportsDir, partner)).sort())
      for (const f of readdirSync(join(exportsDir, partner, period)).sort()) out.push(`${partner}/${period}/${f}`);
  return out;
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}

const pad = (n: number) => String(n).padStart(2, "0");

function cellText(v: ExcelJS.CellValue, numFmt: string | undefined): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    const d = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    return numFmt?.includes("h") ? `${d}T${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}` : d;
  }
  return String(v);
}

export async function readTreeFile(exportsDir: string, rel: string): Promise<TreeFile> {
  const [partner, period, file] = rel.split("/");
  const [dataset, ext] = file.split(".") as [DatasetName, "csv" | "xlsx"];
  const path = join(exportsDir, rel);
  const mtimeMs = statSync(path).mtimeMs;
  let table: string[][];
  if (ext === "xlsx") {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.worksheets[0];
    table = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      const cells: string[] = [];
      for (let i = 1; i <= ws.columnCount; i++) {
        const cell = row.getCell(i);
        cells.push(cellText(cell.value, cell.numFmt));
      }
      table.push(cells);
    });
  } else {
    const buf = readFileSync(path);
    const text = isUtf8(buf) ? buf.toString("utf8") : iconv.decode(buf, "windows-1252");
    table = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true, skip_empty_lines: true }) as string[][];
  }
  const [header = [], ...rows] = table;
  return { rel, partner, period, dataset, ext, mtimeMs, header: header.map((h) => h.trim().toLowerCase()), rows };
}

export interface Violation {
  rel: string;
  row: number;
  field: string;
  reason: string;
}

const ID = /^(?=.*[A-Za-z])[A-Za-z0-9_-]{8,128}$/;

function parseDate(s: string): string | null {
  if (isValidIsoDate(s)) return s;
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(s);
  if (m && isValidIsoDate(`${m[3]}-${m[2]}-${m[1]}`)) return `${m[3]}-${m[2]}-${m[1]}`;
  return null;
}

function parseDateTime(s: string): string | null {
  let m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2})?$/.exec(s);
  if (m && isValidIsoDate(m[1]) && Number(m[2]) < 24 && Number(m[3]) < 60) return `${m[1]}T${m[2]}:${m[3]}`;
  m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2})$/.exec(s);
  if (m && isValidIsoDate(`${m[3]}-${m[2]}-${m[1]}`) && Number(m[4]) < 24 && Number(m[5]) < 60)
    return `${m[3]}-${m[2]}-${m[1]}T${m[4]}:${m[5]}`;
  return null;
}

/** Every rule of the contract a row can break, per file (not across files). */
export function checkFile(f: TreeFile, practiceCodes: Set<string>): { violations: Violation[]; values: Record<string, string>[] } {
  const spec = DATASETS.find((d) => d.name === f.dataset) as DatasetSpec;
  const violations: Violation[] = [];
  const values: Record<string, string>[] = [];
  const idx = new Map(f.header.map((h, i) => [h, i]));
  const q = parseQuarter(f.period)!;
  const keys = new Map<string, number[]>();
  f.rows.forEach((cells, i) => {
    const row = i + 1;
    const v: Record<string, string> = {};
    for (const field of spec.fields) v[field.name] = (cells[idx.get(field.name) ?? -1] ?? "").trim();
    values.push(v);
    const bad = (field: string, reason: string) => violations.push({ rel: f.rel, row, field, reason });
    const norm: Record<string, string> = {};
    for (const field of spec.fields) {
      const s = v[field.name];
      if (s === "") {
        if (field.required) bad(field.name, "blank required");
        continue;
      }
      switch (field.type) {
        case "id":
          if (!ID.test(s)) bad(field.name, "bad id");
          break;
        case "code": {
          const ok = field.codesFrom
            ? practiceCodes.has(s)
            : field.codes!.some((c) => c.toLowerCase() === s.toLowerCase()) ||
              (field.otherCodesPattern ? new RegExp(field.otherCodesPattern).test(s) : false);
          if (!ok) bad(field.name, `unknown code '${s}'`);
          break;
        }
        case "date": {
          const d = parseDate(s);
          if (!d) bad(field.name, `not a date '${s}'`);
          else norm[field.name] = d;
          break;
        }
        case "datetime": {
          const d = parseDateTime(s);
          if (!d) bad(field.name, `not a date-time '${s}'`);
          else norm[field.name] = d;
          break;
        }
        case "int":
        case "decimal": {
          const n = Number(s);
          if (!Number.isFinite(n) || (field.type === "int" && !Number.isInteger(n))) bad(field.name, "not a number");
          else if ((field.min !== undefined && n < field.min) || (field.max !== undefined && n > field.max)) bad(field.name, "out of range");
          else if (field.step && n % field.step !== 0) bad(field.name, "not a step");
          break;
        }
      }
    }
    for (const field of spec.fields) {
      if (field.notBefore && norm[field.name] && norm[field.notBefore] && norm[field.name] < norm[field.notBefore])
        bad(field.name, `before ${field.notBefore}`);
      if (field.requiredWhenSet && v[field.requiredWhenSet] !== "" && v[field.name] === "") bad(field.name, "blank required");
      if (field.requiredWhen && field.requiredWhen.equals.includes(v[field.requiredWhen.field].toLowerCase()) && v[field.name] === "")
        bad(field.name, "blank required");
    }
    if (spec.eventDate && norm[spec.eventDate]) {
      const d = norm[spec.eventDate].slice(0, 10);
      if (d < q.start || d > q.end) bad(spec.eventDate, "outside the quarter");
    }
    if (spec.uniqueKey.length) {
      const k = spec.uniqueKey.map((n) => v[n]).join("\u0001");
      keys.set(k, [...(keys.get(k) ?? []), row]);
    }
  });
  if (spec.uniqueKey.length)
    for (const rows of keys.values())
      if (rows.length > 1) for (const row of rows) violations.push({ rel: f.rel, row, field: spec.uniqueKey[0], reason: "duplicate key" });
  return { violations, values };
}

export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, "utf8")) as T;
}

export interface Manifest {
  seed: number;
  scale: string;
  asOf: string | null;
  cutoff: string;
  totals: { files: number; rows: number };
  submissions: {
    partner: string;
    period: string;
    kind: string;
    note: string;
    versions: { no: number; sent: string; withNhsNumber?: boolean }[];
    inTree: number | null;
  }[];
  files: { path: string; version: number; sent: string; rows: number; refused?: string; errors?: { kind: string; field: string; rows: number[] }[] }[];
}
