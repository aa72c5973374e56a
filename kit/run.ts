import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { datasetSpec, type DatasetName } from "../loaders/contract/datasets/index.ts";
import type { DatasetSpec } from "../loaders/contract/dataset-spec.ts";
import { parseQuarter } from "../loaders/contract/periods.ts";
import { closeDb, type Db, ident, literal, one, openDb, rows, run } from "../loaders/duckdb.ts";
import { nhsNumberSql, postcodeSql } from "../loaders/identifiers.ts";
import { loadCsv, loadXlsx, readCsvHeader } from "../loaders/read-export.ts";
import { scanExtract } from "./csv-scan.ts";
import { checkSqlKeys, KEY_SQL, KEY_TABLE, registerSqlKeys } from "./keys.ts";
import { KIT_FIELDS, KitUsageError, loadMapping, type MappingInput } from "./mapping.ts";
import { CODES_DIR, presetByName, type Preset } from "./presets.ts";
import { readSecret } from "./secret.ts";
import { KIT_MACROS_SQL, transformFor, type Transform, type TransformContext } from "./transforms.ts";
import { readXlsxHeader, xlsxReadSpec } from "./xlsx.ts";

/**
 * `partner-kit`: the partner's own extracts in, conforming exports out, on the partner's machine. Everything is
 * checked (mapping, secret, files, columns) before anything is written; the work is set-based in an in-memory
 * DuckDB; outputs are written under temporary names and renamed into place. No NHS number, date of birth,
 * postcode or name is written, logged or echoed: messages name files, rows and fields, never values.
 */

export interface KitOptions {
  mappingFile: string;
  secretFile: string;
  period: string;
  outDir: string;
}

export interface DroppedRow {
  row: number;
  reason: string;
}

export interface CodeCount {
  raw: string;
  code: string | null;
  count: number;
}

export interface InputReport {
  file: string;
  dataset: DatasetName;
  preset: string | null;
  presetSource: string | null;
  columns: Record<string, string>;
  rowsRead: number;
  rowsUsed: number;
  rowsDropped: number;
  droppedByReason: Record<string, number>;
  /** first rows dropped, by row number (the header is row 0), never with the values */
  dropped: DroppedRow[];
  recordsMade: number;
  recordsOutsidePeriod: number;
  recordsDropped: number;
  recordsWritten: number;
  notInThisExtract: string[];
  /**
   * Required fields this extract holds for some records only: the records without one are not written (the kit
   * never guesses a required field), and `add` is the mapping line that would fill them.
   */
  partlyNotInThisExtract: PartlyMissing[];
  codes: Record<string, CodeCount[]>;
  notes: Record<string, number>;
}

export interface PartlyMissing {
  field: string;
  records: number;
  knownFor: string;
  add: string;
}

export interface KitReport {
  partner: string;
  period: string;
  kit: string;
  keys: string;
  inputs: InputReport[];
  outputs: { dataset: DatasetName; file: string; rows: number }[];
  exitCode: 0 | 1;
}

export interface KitResult {
  report: KitReport;
  reportPath: string;
  folder: string;
}

const MAX_LISTED_DROPS = 1000;
const WITHHELD = "(withheld: looks like an identifier)";

/** Header cells compared as the contract compares them, and more forgivingly: case, spaces, `_` and `-` ignored. */
const headerKey = (cell: string) => cell.toLowerCase().replace(/[\s_-]/g, "");

interface PlannedInput {
  index: number;
  input: MappingInput;
  path: string;
  format: "csv" | "xlsx";
  header: string[];
  spec: DatasetSpec;
  preset: Preset | null;
  transform: Transform;
  /** internal field -> column position in the file */
  positions: Map<string, number>;
  columns: Record<string, string>;
  ctx: TransformContext;
  notInThisExtract: string[];
  /** contract field -> which records the extract holds it for (in words) */
  partial: Record<string, string>;
  /** the fields whose codes the mapping or preset translates (their raw value differs from the value); set when staged */
  valueFields?: Set<string>;
}

function keyFieldsFor(spec: DatasetSpec): { person: boolean; carer: boolean } {
  return { person: spec.fields.some((f) => f.name === "person_id"), carer: spec.fields.some((f) => f.name === "carer_id") };
}

/** Resolves every column of one input against its header; any problem is a usage error, before anything is written. */
async function planInput(index: number, input: MappingInput, baseDir: string): Promise<PlannedInput> {
  const where = `inputs[${index}] (${input.file})`;
  const path = resolve(baseDir, input.file);
  if (!existsSync(path)) throw new KitUsageError(`${where}: file not found: ${path}`);
  const format = /\.csv$/i.test(path) ? "csv" : /\.xlsx$/i.test(path) ? "xlsx" : null;
  if (!format) throw new KitUsageError(`${where}: the kit reads CSV and XLSX extracts (.csv or .xlsx; save other formats as one of them)`);
  let header: string[];
  try {
    header = format === "csv" ? readCsvHeader(path) : await readXlsxHeader(path, input.dataset);
  } catch {
    throw new KitUsageError(`${where}: the file cannot be read as ${format === "csv" ? "a CSV file" : "an Excel workbook (.xlsx)"}`);
  }
  if (!header.length) throw new KitUsageError(`${where}: the file has no header row`);
  const byKey = new Map<string, number>();
  header.forEach((cell, i) => {
    if (!byKey.has(headerKey(cell))) byKey.set(headerKey(cell), i);
  });
  const spec = datasetSpec(input.dataset);
  const preset = input.preset ? presetByName(input.preset) : null;
  const keys = keyFieldsFor(spec);

  const wanted = new Map<string, { column: string; explicit: boolean }>();
  for (const [field, column] of Object.entries(preset?.columns ?? {})) wanted.set(field, { column, explicit: false });
  if (!preset) for (const f of [...spec.fields.map((f) => f.name), ...KIT_FIELDS]) if (byKey.has(headerKey(f))) wanted.set(f, { column: f, explicit: false });
  for (const [field, column] of Object.entries(input.columns)) wanted.set(field, { column, explicit: true });

  const positions = new Map<string, number>();
  const columns: Record<string, string> = {};
  for (const [field, { column, explicit }] of wanted) {
    const position = byKey.get(headerKey(column));
    if (position === undefined) {
      if (explicit) throw new KitUsageError(`${where}: column '${column}' (for ${field}) is not in the file's header`);
      continue;
    }
    positions.set(field, position);
    columns[field] = header[position]!;
  }
  const required = [...(preset?.required ?? []), ...(keys.person ? ["nhs_number"] : []), ...(keys.carer ? ["carer_nhs_number"] : [])];
  for (const field of required)
    if (!positions.has(field))
      throw new KitUsageError(`${where}: no column for ${field}${preset?.columns[field] ? ` (the ${preset.name} preset looks for '${preset.columns[field]}')` : ""}: name it under columns`);

  const ctx: TransformContext = { spec, present: new Set(positions.keys()), nullDates: preset?.nullDates ?? [] };
  const transform = transformFor(input.preset, input.dataset);
  const produced = transform.produces(ctx);
  const missingRequired = spec.fields.filter((f) => f.required && !produced.has(f.name)).map((f) => f.name);
  if (missingRequired.length)
    throw new KitUsageError(
      `${where}: ${input.dataset} needs ${missingRequired.join(", ")}, which no column of this extract holds (the kit never guesses a required field): ` +
        `add ${mappingLine(missingRequired)} to inputs[${index}].columns, naming the column of ${input.file} that holds each`,
    );
  const notInThisExtract = spec.fields.filter((f) => !produced.has(f.name)).map((f) => f.name);
  const partial = Object.fromEntries(
    Object.entries(transform.partial?.(ctx) ?? {}).filter(([field]) => spec.fields.some((f) => f.name === field && f.required)),
  );
  return { index, input, path, format, header, spec, preset, transform, positions, columns, ctx, notInThisExtract, partial };
}

/** The `columns` entries a partner adds to fill these fields, e.g. `"usual_residence": "<column>"`. */
const mappingLine = (fields: string[]) => fields.map((f) => `"${f}": "<column>"`).join(", ");

async function checkOptions(options: KitOptions) {
  const quarter = parseQuarter(options.period);
  if (!quarter) throw new KitUsageError(`--period must be a financial-year quarter such as 2024-25-Q3 (got '${options.period}')`);
  const { mapping, baseDir } = loadMapping(options.mappingFile);
  const outDir = resolve(options.outDir);
  const secret = readSecret(options.secretFile, outDir);
  const planned: PlannedInput[] = [];
  for (const [i, input] of mapping.inputs.entries()) planned.push(await planInput(i, input, baseDir));
  return { quarter, mapping, outDir, secret, planned };
}

async function loadCodeTables(db: Db, planned: PlannedInput[]): Promise<void> {
  await run(db, `create temp table kit_values (input_no integer, field varchar, raw varchar, code varchar, priority integer)`);
  await run(db, `create temp table kit_meanings (input_no integer, code varchar, meaning varchar)`);
  await run(
    db,
    `create temp table kit_place_rule as
     select ltrim(pod_nhs_establishment, '0') || ':' || lpad(ltrim(pod_establishment_type, '0'), 2, '0') as establishment, place_of_death
     from read_csv($path, header = true, all_varchar = true)`,
    { path: join(CODES_DIR, "ons-place-of-death.csv") },
  );
  for (const p of planned) {
    const entries: [string, string, string, number][] = [];
    for (const [field, map] of Object.entries(p.preset?.values ?? {})) for (const [raw, code] of Object.entries(map)) entries.push([field, raw, code, 0]);
    for (const [field, map] of Object.entries(p.input.values)) for (const [raw, code] of Object.entries(map)) entries.push([field, raw, code, 1]);
    if (entries.length)
      await run(
        db,
        `insert into kit_values select $input_no, e.field, upper(trim(e.raw)), e.code, e.priority
         from (select unnest(from_json($entries, '[{"field":"varchar","raw":"varchar","code":"varchar","priority":"integer"}]'), recursive := true)) e`,
        { input_no: p.index, entries: JSON.stringify(entries.map(([field, raw, code, priority]) => ({ field, raw, code, priority }))) },
      );
    if (p.input.preset === "gp-snomed" || p.input.preset === "epaccs") {
      const csv = (file: string) => join(CODES_DIR, file);
      await run(
        db,
        `insert into kit_meanings
         select $input_no, code, 'register_add' from read_csv($palcare, header = true, all_varchar = true)
         union all select $input_no, code, 'register_ni' from read_csv($palcareni, header = true, all_varchar = true)
         union all select $input_no, code, meaning from read_csv($plans, header = true, all_varchar = true)
         union all select $input_no, upper(trim(raw)), code from kit_values where input_no = $input_no and field = 'meaning'`,
        { input_no: p.index, palcare: csv("palcare_cod.csv"), palcareni: csv("palcareni_cod.csv"), plans: csv("gp-care-plan-codes.csv") },
      );
    }
  }
}

/** The input as text columns named by field, with `<field>__raw` kept beside each value the code map translates. */
async function stageInput(db: Db, p: PlannedInput, tempDir: string): Promise<{ rowsRead: number; structural: DroppedRow[] }> {
  // Rows are numbered by their place in the file as read: the reader must keep them in order.
  await run(db, "set preserve_insertion_order = true");
  const raw =
    p.format === "xlsx"
      ? await loadXlsx(db, p.path, xlsxReadSpec(p.spec, p.header, [...p.positions].flatMap(([field, position]) => (dateType(p, field) ? [[position, dateType(p, field)!] as [number, "date" | "datetime"]] : []))))
      : await loadCsv(db, p.path, Math.max(p.header.length, 1), tempDir, `kit${p.index}`, await scanExtract(p.path));
  const valueFields = new Set((await rows<{ field: string }>(db, "select distinct field from kit_values where input_no = $n", { n: p.index })).map((r) => r.field));
  p.valueFields = valueFields;
  // Each cell trimmed once, each code translated through a join, each NHS number's digits and check worked out
  // once: the drops, the keys and the joins all use them.
  const positions = [...new Set(p.positions.values())];
  const nhsFields = (["nhs_number", "carer_nhs_number"] as const).filter((f) => p.positions.has(f));
  const lookups = [...p.positions.keys()].filter((f) => valueFields.has(f));
  const lookupAlias = (field: string) => ident(`v_${field}`);
  const selects = [...p.positions].map(([field, position]) => {
    const text = `t${position}`;
    const mapped = valueFields.has(field) ? `coalesce(${lookupAlias(field)}.code, ${text})` : text;
    return valueFields.has(field) ? `${mapped} as ${ident(field)}, ${text} as ${ident(`${field}__raw`)}` : `${text} as ${ident(field)}`;
  });
  const digits = nhsFields.map(
    (f) => `case when chk_${f} is not null and chk_${f} <> 10 and (case when chk_${f} = 11 then 0 else chk_${f} end) = substr(d_${f}, 10, 1)::integer then d_${f} end as ${ident(`${f}__digits`)}`,
  );
  const sum = (d: string) => Array.from({ length: 9 }, (_, i) => `substr(${d}, ${i + 1}, 1)::integer * ${10 - i}`).join(" + ");
  await run(
    db,
    `create or replace temp table kit_src_${p.index} as
     with texts as (select row_no, ${positions.map((i) => `nullif(trim(c${i}), '') as t${i}`).join(", ")} from raw_rows),
     spaced as (select *${nhsFields.map((f) => `, ${digitsOf(`t${p.positions.get(f)}`)} as d_${f}`).join("")} from texts),
     checked as (select *${nhsFields.map((f) => `, case when regexp_full_match(d_${f}, '[0-9]{10}') then 11 - ((${sum(`d_${f}`)}) % 11) end as chk_${f}`).join("")} from spaced)
     select row_no, ${[...selects, ...digits].join(", ")} from checked
     ${lookups
       .map(
         (f) => `left join (select raw, arg_max(code, priority) as code from kit_values where input_no = ${p.index} and field = ${literal(f)} group by raw) ${lookupAlias(f)}
           on ${lookupAlias(f)}.raw = upper(t${p.positions.get(f)})`,
       )
       .join("\n")}`,
  );
  // The table is numbered now: the statements after this need not keep rows in insertion order (less memory).
  await run(db, "set preserve_insertion_order = false");
  await run(db, "drop table if exists raw");
  return { rowsRead: raw.rowsInTable + raw.structuralRejects.length, structural: raw.structuralRejects.map((r) => ({ row: r.row, reason: r.message })) };
}

/** An input field holding a date: a contract date field, or one of the kit's and the presets' own date fields. */
const KIT_DATE_FIELDS = new Set(["date_of_birth", "date_of_death", "date", "episode_start", "episode_end"]);
function dateType(p: PlannedInput, field: string): "date" | "datetime" | null {
  const type = p.spec.fields.find((f) => f.name === field)?.type;
  if (type === "date" || type === "datetime") return type;
  return KIT_DATE_FIELDS.has(field) ? "date" : null;
}

const digitsOf = (column: string) => `regexp_replace(${column}, '[\\s-]', '', 'g')`;

/** Rows without a valid NHS number: blank, or failing the Modulus 11 check. */
async function dropInvalidNhsNumbers(db: Db, p: PlannedInput): Promise<void> {
  const { person, carer } = keyFieldsFor(p.spec);
  const checks: [string, string][] = [];
  if (person) checks.push(["nhs_number", "NHS number"]);
  if (carer) checks.push(["carer_nhs_number", "carer's NHS number"]);
  for (const [field, label] of checks) {
    const column = ident(field);
    await run(
      db,
      `insert into kit_dropped select ${p.index}, row_no, case when ${column} is null then ${literal(`${label} is blank`)}
         else ${literal(`${label} fails the Modulus 11 check`)} end
       from kit_src_${p.index} where ${ident(`${field}__digits`)} is null`,
    );
  }
  if (p.positions.has("date"))
    await run(
      db,
      `insert into kit_dropped select ${p.index}, row_no, ${literal(`${p.columns.date} (for date) is not a date`)} from kit_src_${p.index}
       where "date" is not null and kit_date("date") is null`,
    );
  for (const field of p.preset?.required ?? [])
    if (!["nhs_number", "carer_nhs_number"].includes(field))
      await run(
        db,
        `insert into kit_dropped select ${p.index}, row_no, ${literal(`${p.columns[field]} (for ${field}) is blank`)} from kit_src_${p.index} where ${ident(field)} is null`,
      );
}

/**
 * Every distinct valid NHS number of every input, keyed once (HMAC-SHA-256 in the database), then joined back on
 * the ten digits as a number (a join on integers is several times faster than on text; ten digits, so one-to-one).
 */
async function buildKeys(db: Db, planned: PlannedInput[]): Promise<void> {
  const sources = planned.flatMap((p) =>
    (["nhs_number", "carer_nhs_number"] as const)
      .filter((f) => p.positions.has(f))
      .map((f) => `select ${ident(`${f}__digits`)} as digits from kit_src_${p.index} where ${ident(`${f}__digits`)} is not null`),
  );
  await run(
    db,
    `create temp table kit_keys as select d.digits::bigint as number, ${KEY_SQL("d.digits")} as pseudonym
     from (select distinct digits from (${sources.length ? sources.join(" union all ") : "select null::varchar as digits where false"})) d cross join ${KEY_TABLE}`,
  );
}

async function transformInput(db: Db, p: PlannedInput, periodParams: Record<string, string>): Promise<void> {
  const { person, carer } = keyFieldsFor(p.spec);
  const identifiers = new Set(["nhs_number", "carer_nhs_number", "date_of_birth"]);
  const fields = [...p.positions.keys()].filter((f) => !identifiers.has(f));
  const translated = fields.filter((f) => p.valueFields?.has(f));
  // Only what differs is copied: a field no code map translates is its own raw value, named so by the view.
  await run(
    db,
    `create or replace temp table kit_mapped as
     select s.row_no, ${person ? "pk.pseudonym" : "null::varchar"} as person_id, ${carer ? "ck.pseudonym" : "null::varchar"} as carer_id,
       ${[...(p.positions.has("date_of_birth") ? ["s.date_of_birth"] : []), ...fields.map((f) => `s.${ident(f)}`), ...translated.map((f) => `s.${ident(`${f}__raw`)}`)].join(", ")}
     from kit_src_${p.index} s
     ${person ? "left join kit_keys pk on pk.number = s.nhs_number__digits::bigint" : ""}
     ${carer ? "left join kit_keys ck on ck.number = s.carer_nhs_number__digits::bigint" : ""}
     anti join (select row_no from kit_dropped where input_no = ${p.index}) d on d.row_no = s.row_no`,
  );
  await run(db, `drop table kit_src_${p.index}`);
  const rawAliases = fields.filter((f) => !translated.includes(f)).map((f) => `, ${ident(f)} as ${ident(`${f}__raw`)}`).join("");
  await run(
    db,
    `create or replace temp view mapped as select *${rawAliases} from kit_mapped`,
  );
  const dropSql = p.transform.dropSql?.(p.ctx);
  if (dropSql) {
    await run(db, `insert into kit_dropped select ${p.index}, row_no, reason from (${dropSql})`);
    // (An explicit anti join: DuckDB runs "not exists" here as a delim join, several times slower.)
    await run(db, `delete from kit_mapped where row_no in (select row_no from kit_dropped where input_no = ${p.index})`);
  }
  const params = { input_no: p.index, ...periodParams };
  const sql = p.transform.sql(p.ctx);
  await run(db, `create or replace temp table out as ${sql}`, usedParams(sql, params));
  await run(db, `alter table out rename to kit_out_${p.index}`);
  // The staged rows (NHS number digits among them) are not needed again: freed now, not at the end.
  await run(db, "drop view mapped; drop table kit_mapped");
}

/** The transform's own counts (transfers, multi-episode spells, …) over the records written. */
async function transformNotes(db: Db, p: PlannedInput): Promise<Record<string, number>> {
  if (!p.transform.notesSql) return {};
  await run(db, `create or replace temp view out as select * from kit_out_${p.index}`);
  const notes = await one<Record<string, number>>(db, p.transform.notesSql);
  await run(db, "drop view out");
  return notes;
}

/** DuckDB refuses parameters a statement does not use: pass only those it names. */
function usedParams(sql: string, params: Record<string, string | number>): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([name]) => new RegExp(`\\$${name}\\b`).test(sql)));
}

/** Records outside the period (event datasets) and records missing a required contract field. */
async function settleRecords(db: Db, p: PlannedInput, periodParams: Record<string, string>) {
  const table = `kit_out_${p.index}`;
  const eventDate = p.spec.kind === "event" ? p.spec.eventDate : undefined;
  const made = (await one<{ n: number }>(db, `select count(*)::integer as n from ${table}`)).n;
  let outside = 0;
  if (eventDate) {
    const inPeriod = `try_cast(${ident(eventDate)} as date) between $period_start::date and $period_end::date`;
    outside = (await one<{ n: number }>(db, `select count(*)::integer as n from ${table} where not coalesce(${inPeriod}, false) and ${ident(eventDate)} is not null`, periodParams)).n;
    await run(db, `delete from ${table} where not coalesce(${inPeriod}, false) and ${ident(eventDate)} is not null`, periodParams);
  }
  const partlyMissing: PartlyMissing[] = [];
  for (const f of p.spec.fields.filter((f) => f.required)) {
    const knownFor = p.partial[f.name];
    const add = `"${f.name}": "<column>" under inputs[${p.index}].columns`;
    // A field the extract holds for some records only: the others are "not in this extract", never guessed.
    const reason = knownFor
      ? `no ${f.name} for this record: not in this extract (${knownFor}); to fill it add ${add}`
      : `no ${f.name} for this record (blank, or a code the mapping does not translate)`;
    if (knownFor) {
      const n = (await one<{ n: number }>(db, `select count(*)::integer as n from ${table} where ${ident(f.name)} is null`)).n;
      if (n) partlyMissing.push({ field: f.name, records: n, knownFor, add: `${mappingLine([f.name])} (inputs[${p.index}].columns)` });
    }
    await run(db, `insert into kit_dropped select ${p.index}, row_no, ${literal(reason)} from ${table} where ${ident(f.name)} is null`);
    await run(db, `delete from ${table} where ${ident(f.name)} is null`);
  }
  const written = (await one<{ n: number }>(db, `select count(*)::integer as n from ${table}`)).n;
  return { made, outside, written, partlyMissing };
}

/** raw -> contract code counts for every code field; values that look like identifiers are never listed. */
async function codeCounts(db: Db, p: PlannedInput): Promise<Record<string, CodeCount[]>> {
  const table = `kit_out_${p.index}`;
  const names = new Set((await rows<{ column_name: string }>(db, `select column_name from (describe ${table})`)).map((r) => r.column_name));
  const result: Record<string, CodeCount[]> = {};
  for (const f of p.spec.fields.filter((f) => f.type === "code")) {
    if (!names.has(f.name) || p.notInThisExtract.includes(f.name)) continue;
    const raw = names.has(`${f.name}__raw`) ? ident(`${f.name}__raw`) : ident(f.name);
    const looksPersonal = `coalesce(${nhsNumberSql("r")}, false) or coalesce(${postcodeSql("r")}, false) or kit_date(r) is not null`;
    result[f.name] = (
      await rows<CodeCount>(
        db,
        `select case when ${looksPersonal} then '${WITHHELD}' else coalesce(r, '(blank)') end as raw, code, sum(n)::integer as count
         from (select ${raw}::varchar as r, ${ident(f.name)}::varchar as code, count(*) as n from ${table} group by all)
         group by all order by count desc, raw, code`,
      )
    ).map((r) => ({ raw: r.raw, code: r.code, count: r.count }));
  }
  return result;
}

function atomicWrite(target: string, write: (temp: string) => void | Promise<void>): Promise<void> {
  const temp = `${target}.kit-tmp-${process.pid}`;
  return Promise.resolve(write(temp)).then(() => renameSync(temp, target));
}

export async function runPartnerKit(options: KitOptions): Promise<KitResult> {
  const { quarter, mapping, outDir, secret, planned } = await checkOptions(options);
  const folder = join(outDir, mapping.partner, quarter.label);
  const periodParams = { period_start: quarter.start, period_end: quarter.end };
  // Only a Windows-1252 extract is copied here (re-encoded as UTF-8), and the folder is removed at the end.
  const work = mkdtempSync(join(tmpdir(), "alliance-kit-"));
  const db = await openDb(":memory:", { threads: "2" });
  try {
    await registerSqlKeys(db, secret);
    await checkSqlKeys(db, secret);
    await run(db, KIT_MACROS_SQL);
    await run(db, "create temp table kit_dropped (input_no integer, row_no integer, reason varchar)");
    await loadCodeTables(db, planned);
    const staged = [];
    for (const p of planned) {
      staged.push(await stageInput(db, p, work));
      await dropInvalidNhsNumbers(db, p);
    }
    await buildKeys(db, planned);
    const reports: InputReport[] = [];
    for (const [i, p] of planned.entries()) {
      await transformInput(db, p, periodParams);
      const records = await settleRecords(db, p, periodParams);
      const notes = await transformNotes(db, p);
      const structural = staged[i]!.structural;
      // Counted in the database (a run may drop many rows); only the first rows listed come back here.
      const listed = await rows<{ row: number; reason: string }>(
        db,
        `select row_no as row, reason from kit_dropped where input_no = ${p.index} order by row_no limit ${MAX_LISTED_DROPS}`,
      );
      const allDrops = [...structural, ...listed].sort((a, b) => a.row - b.row);
      const byReason: Record<string, number> = {};
      for (const d of structural) byReason[d.reason] = (byReason[d.reason] ?? 0) + 1;
      for (const r of await rows<{ reason: string; n: number }>(db, `select reason, count(*)::integer as n from kit_dropped where input_no = ${p.index} group by reason order by reason`))
        byReason[r.reason] = (byReason[r.reason] ?? 0) + r.n;
      // Rows of the extract left out (records missing a required field, reasons "no …", are counted apart).
      const inputDrops = {
        size: structural.length + (await one<{ n: number }>(db, `select count(distinct row_no)::integer as n from kit_dropped where input_no = ${p.index} and not starts_with(reason, 'no ')`)).n,
      };
      reports.push({
        file: basename(p.path),
        dataset: p.input.dataset,
        preset: p.preset?.name ?? null,
        presetSource: p.preset ? `${p.preset.source} (${p.preset.version})` : null,
        columns: p.columns,
        rowsRead: staged[i]!.rowsRead,
        rowsUsed: staged[i]!.rowsRead - inputDrops.size,
        rowsDropped: inputDrops.size,
        droppedByReason: byReason,
        dropped: allDrops.slice(0, MAX_LISTED_DROPS),
        recordsMade: records.made,
        recordsOutsidePeriod: records.outside,
        recordsDropped: records.made - records.outside - records.written,
        recordsWritten: records.written,
        notInThisExtract: p.notInThisExtract,
        partlyNotInThisExtract: records.partlyMissing,
        codes: await codeCounts(db, p),
        notes,
      });
    }

    // Everything is known: now write, each file under a temporary name and renamed into place.
    mkdirSync(folder, { recursive: true });
    const outputs: KitReport["outputs"] = [];
    const datasets = [...new Set(planned.map((p) => p.input.dataset))];
    for (const dataset of datasets) {
      const spec = datasetSpec(dataset);
      const parts = planned.filter((p) => p.input.dataset === dataset);
      const fields = spec.fields.map((f) => ident(f.name)).join(", ");
      const union = parts.map((p) => `select ${p.index} as input_no, row_no, ${fields} from kit_out_${p.index}`).join(" union all ");
      const target = join(folder, `${dataset}.csv`);
      await atomicWrite(target, (temp) =>
        run(db, `copy (select ${fields} from (${union}) order by input_no, row_no) to ${literal(temp)} (header, delimiter ',', quote '"')`),
      );
      const n = (await one<{ n: number }>(db, `select count(*)::integer as n from (${union})`)).n;
      outputs.push({ dataset, file: `${dataset}.csv`, rows: n });
    }
    const anyDropped = reports.some((r) => r.rowsDropped > 0 || r.recordsDropped > 0);
    const report: KitReport = {
      partner: mapping.partner,
      period: quarter.label,
      kit: "Alliance Outcomes partner kit",
      keys: "person_id and carer_id are HMAC-SHA-256 of the NHS number keyed with the alliance's shared secret (pk_ + 64 hex)",
      inputs: reports,
      outputs,
      exitCode: anyDropped ? 1 : 0,
    };
    const reportPath = join(folder, "kit-report.json");
    await atomicWrite(reportPath, (temp) => writeFileSync(temp, JSON.stringify(report, null, 2) + "\n"));
    return { report, reportPath, folder };
  } finally {
    closeDb(db);
    rmSync(work, { recursive: true, force: true });
  }
}
