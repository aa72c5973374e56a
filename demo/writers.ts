/**
 * Writing one partner file. CSVs are written by DuckDB's `COPY ... TO` straight from the facts tables (one COPY
 * per file, ordered, so the bytes are the same at any thread count); the partner quirks the contract allows are
 * applied on the way:
 *   GPFED     UTF-8 byte-order mark (written as part of the first header name)
 *   ACUTE     header names in other case with surrounding spaces (' Spell_ID ')
 *   COMMUNITY UK dates DD/MM/YYYY and date-times DD/MM/YYYY HH:MM, an extra unknown column `team_name` holding
 *             non-ASCII text, and the whole file in Windows-1252 (transcoded in a stream)
 *   BEREAVE   CRLF line ends and trailing blank lines
 * (HOSPICE2 sends .xlsx: see xlsx.ts.)
 */
import { appendFileSync, createReadStream, createWriteStream, rmSync } from "node:fs";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import type { DuckDBConnection } from "@duckdb/node-api";
import iconv from "iconv-lite";
import type { DatasetDef, FieldDef } from "./datasets.ts";

export interface FileContext {
  partner: string;
  period: string;
  quarterEnd: string;
  sent: string;
  withNhsNumber: boolean;
  seed: number;
}

export interface InjectedError {
  kind: string;
  field: string;
  /** 1-based data rows (the header is row 0) */
  rows: number[];
}

export interface FileResult {
  path: string;
  rows: number;
  errors: InjectedError[];
  refused?: string;
}

const ACUTE_HEADERS: Record<string, string> = {
  spell_id: " Spell_ID ",
  person_id: "Person_ID",
  admission_date: "ADMISSION_DATE",
  discharge_date: " Discharge_Date",
  admission_method: "Admission_Method ",
  discharge_method: "discharge_method",
  patient_classification: "Patient_Classification",
  admission_source: "Admission_Source",
  spell_cost_gbp: "Spell_Cost_GBP",
};

/** The field each injected error kind breaks. */
export const ERROR_FIELDS: Record<string, Record<string, string>> = {
  admissions: { impossible_date: "admission_date", discharge_before_admission: "discharge_date", duplicate_id: "spell_id" },
  spc_contacts: { duplicate_id: "contact_id", blank_required: "service" },
  deaths: { unknown_code: "place_of_death", optional_code_typo: "ppod_variance_reason" },
  care_plans: { outside_quarter: "recorded_date", blank_required: "preferred_place" },
  people: { unknown_practice: "practice_code" },
  referrals: { impossible_date: "received_at" },
};

const sqlString = (s: string) => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

export function substitute(sql: string, ctx: FileContext): string {
  return sql
    .replaceAll("{S}", `DATE '${ctx.sent}'`)
    .replaceAll("{QE}", `DATE '${ctx.quarterEnd}'`)
    .replaceAll("{P}", sqlString(ctx.period))
    .replaceAll("{PARTNER}", sqlString(ctx.partner));
}

function formatted(f: FieldDef, partner: string): string {
  const uk = partner === "COMMUNITY";
  let v: string;
  switch (f.type) {
    case "date":
      v = `strftime(${f.expr}, '${uk ? "%d/%m/%Y" : "%Y-%m-%d"}')`;
      break;
    case "datetime":
      v = `strftime(${f.expr}, '${uk ? "%d/%m/%Y %H:%M" : "%Y-%m-%dT%H:%M"}')`;
      break;
    case "int":
      v = `CAST(${f.expr} AS VARCHAR)`;
      break;
    case "decimal":
      v = `printf('%.2f', ${f.expr})`;
      break;
    default:
      v = f.expr;
  }
  return f.csvOverride ? `coalesce(${f.csvOverride}, ${v})` : v;
}

function header(partner: string, name: string, index: number): string {
  if (partner === "ACUTE") return ACUTE_HEADERS[name] ?? name;
  if (partner === "GPFED" && index === 0) return `\uFEFF${name}`;
  return name;
}

/**
 * ORDER BY binds to output column names first, and several outputs share a name with a facts column (e.g.
 * `received_at`, formatted as text): order by the facts table's own columns.
 */
export function orderBy(def: DatasetDef): string {
  return def.orderBy
    .split(",")
    .map((t) => `t.${t.trim()}`)
    .join(", ");
}

export function csvSelect(def: DatasetDef, ctx: FileContext): string {
  const cols = def.fields.map((f, i) => `${formatted(f, ctx.partner)} AS ${ident(header(ctx.partner, f.name, i))}`);
  if (ctx.partner === "COMMUNITY") cols.push(`team AS "team_name"`);
  if (ctx.withNhsNumber) cols.push(`nhs_num((hash(pid, 'nhs', ${ctx.seed}) % 1000000)::BIGINT) AS "nhs_number"`);
  return substitute(`SELECT ${cols.join(", ")} FROM ${def.table} t WHERE ${def.where} ORDER BY ${orderBy(def)}`, ctx);
}

/** Rows of the file carrying an injected error, numbered as in the file. */
export async function injectedErrors(c: DuckDBConnection, def: DatasetDef, ctx: FileContext): Promise<InjectedError[]> {
  const fields = ERROR_FIELDS[def.name];
  if (!fields) return [];
  const visible = def.name === "admissions" ? "(err <> 'discharge_before_admission' OR dis_known <= {S})" : "TRUE";
  const sql = substitute(
    `SELECT err, list(rn ORDER BY rn) AS rows FROM (
       SELECT err, ${visible} AS vis, row_number() OVER (ORDER BY ${orderBy(def)}) AS rn FROM ${def.table} t WHERE ${def.where})
     WHERE err IS NOT NULL AND vis GROUP BY err ORDER BY err`,
    ctx,
  );
  const rows = (await c.runAndReadAll(sql)).getRowsJS();
  return rows.map(([kind, list]) => ({
    kind: String(kind),
    field: fields[String(kind)] ?? "",
    rows: (list as unknown as (number | bigint)[]).map(Number),
  }));
}

export async function writeCsv(c: DuckDBConnection, def: DatasetDef, ctx: FileContext, path: string, work: string): Promise<FileResult> {
  const sql = csvSelect(def, ctx);
  const crlf = ctx.partner === "BEREAVE";
  const cp1252 = ctx.partner === "COMMUNITY";
  const target = cp1252 ? join(work, "transcode.csv") : path;
  const res = await c.runAndReadAll(`COPY (${sql}) TO ${sqlString(target)} (FORMAT csv, HEADER true${crlf ? ", NEW_LINE '\\r\\n'" : ""})`);
  const rows = Number(res.getRowsJS()[0]?.[0] ?? 0);
  if (cp1252) {
    await pipeline(createReadStream(target), iconv.decodeStream("utf8"), iconv.encodeStream("windows-1252"), createWriteStream(path));
    rmSync(target);
  }
  if (crlf) appendFileSync(path, "\r\n\r\n");
  return {
    path,
    rows,
    errors: await injectedErrors(c, def, ctx),
    ...(ctx.withNhsNumber ? { refused: "carries an nhs_number column (a direct identifier) holding valid NHS numbers" } : {}),
  };
}
