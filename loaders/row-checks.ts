import type { DatasetSpec, FieldSpec } from "./contract/dataset-spec.ts";
import { ident, literal } from "./duckdb.ts";
import { KEY_FIELDS, identifierInIdSql, identifierInSql, nhsNumberSql, postcodeSql } from "./identifiers.ts";

/**
 * Generates, from a dataset spec, the one set-based query that checks every row of a batch of a dataset's files
 * against the contract and types it. DuckDB plans it once per batch, not once per file (planning this query
 * costs about a tenth of a second, more than checking a small file), and runs it over every row at once; the
 * result table holds `file_id`, `row_no`, one typed column per field (blank where an optional value was
 * invalid), and two lists of {field, message}: `errors` (the row is not loaded) and `warnings` (it loads with a
 * blank).
 *
 * The SQL text is built only from the spec and from constants; partner data reaches it only as table rows: the
 * values through `source`, each file's period folder through `files`.
 */

export const PRACTICES_TABLE = "known_practices";

/** The raw column holding each field, or null when the file has no such column. */
export type ColumnMap = Record<string, string | null>;

/** The column of the check query's source that holds a field's value as sent. */
export const sentColumn = (field: string) => `${field}__sent`;

const MAX_ECHO = 40;
/** How many of the rows sharing a key a message lists. */
const LISTED_DUPLICATE_ROWS = 5;

/**
 * The value as sent, quoted and shortened, for a message a data manager can act on; never a value that holds an
 * NHS number or a postcode (those are named, not shown).
 */
function echo(rawExpr: string): string {
  return `case ${identifierInSql(rawExpr)} when 'nhs_number' then '(not shown: it looks like an NHS number)'
    when 'postcode' then '(not shown: it looks like a postcode)'
    else '''' || left(${rawExpr}, ${MAX_ECHO}) || case when length(${rawExpr}) > ${MAX_ECHO} then '…' else '' end || '''' end`;
}

/**
 * Field types whose values are stored as sent (not matched to a code list): screened for identifiers first. So
 * are the person and carer keys: one that wraps an NHS number or a postcode (`NHS9434765919`) rejects its row.
 */
const SCREENED_TYPES = new Set(["text", "int", "decimal"]);
const isKey = (f: FieldSpec) => (KEY_FIELDS as readonly string[]).includes(f.name);
const isScreened = (f: FieldSpec) => SCREENED_TYPES.has(f.type) || isKey(f);

/** Why a screened value was not kept, without the value. */
function identifierMessage(looks: string): string {
  return `'looks like ' || case ${looks} when 'nhs_number' then 'an NHS number' else 'a postcode' end || ': not loaded, and not shown here'`;
}

/** 8 to 128 of A-Z a-z 0-9 _ -, at least one a letter (the length is checked separately, more cheaply). */
const ID_PATTERN = "[A-Za-z0-9_-]*[A-Za-z][A-Za-z0-9_-]*";

function typedExpression(field: FieldSpec, raw: string): string {
  switch (field.type) {
    case "id":
      return `case when length(${raw}) between 8 and 128 then case when regexp_full_match(${raw}, '${ID_PATTERN}') then ${raw} end end`;
    case "text":
      return `case when length(${raw}) <= 200 then ${raw} end`;
    case "code":
      if (field.codesFrom === "practices")
        return `(select p.code from ${PRACTICES_TABLE} p where p.code = upper(${raw}))`;
      return `[${field.codes!.map(literal).join(", ")}][list_position([${field.codes!.map((c) => literal(c.toUpperCase())).join(", ")}], upper(${raw}))]`;
    case "date":
      // Plain string tests before the parsers: this runs on every date of every row.
      return `case
        when length(${raw}) = 10 and substr(${raw}, 5, 1) = '-' and substr(${raw}, 8, 1) = '-' then try_cast(${raw} as date)
        when length(${raw}) between 8 and 10 and regexp_full_match(${raw}, '\\d{1,2}/\\d{1,2}/\\d{4}') then try_strptime(${raw}, '%d/%m/%Y')::date end`;
    case "datetime":
      return `case
        when regexp_full_match(${raw}, '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}') then try_strptime(replace(${raw}, 'T', ' '), '%Y-%m-%d %H:%M')
        when regexp_full_match(${raw}, '\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}') then try_strptime(replace(${raw}, 'T', ' '), '%Y-%m-%d %H:%M:%S')
        when regexp_full_match(${raw}, '\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}') then try_strptime(${raw}, '%d/%m/%Y %H:%M')
        when regexp_full_match(${raw}, '\\d{1,2}/\\d{1,2}/\\d{4} \\d{1,2}:\\d{2}:\\d{2}') then try_strptime(${raw}, '%d/%m/%Y %H:%M:%S') end`;
    case "int": {
      const range = [
        field.min !== undefined ? `${raw}::bigint >= ${field.min}` : null,
        field.max !== undefined ? `${raw}::bigint <= ${field.max}` : null,
        field.step !== undefined ? `${raw}::bigint % ${field.step} = 0` : null,
      ].filter(Boolean);
      // The cast is guarded by the pattern in an outer CASE: DuckDB does not promise the order of AND.
      return `case when regexp_full_match(${raw}, '[+-]?\\d{1,15}') then case when ${range.join(" and ") || "true"} then ${raw}::bigint end end`;
    }
    case "decimal": {
      const number = `try_cast(${raw} as double)`;
      const okPattern = `regexp_full_match(${raw}, '[+-]?(\\d+(\\.\\d*)?|\\.\\d+)')`;
      const min = field.min !== undefined ? ` and ${number} >= ${field.min}` : "";
      const max = field.max !== undefined ? ` and ${number} <= ${field.max}` : "";
      return `case when ${okPattern}${min}${max} then ${number} end`;
    }
  }
}

function invalidMessage(field: FieldSpec, raw: string): string {
  switch (field.type) {
    case "id":
      // Never echo a key: a badly formed one may be an identifier sent by mistake.
      return `'not a valid pseudonymised key (8 to 128 letters, digits, _ or -, with at least one letter)'`;
    case "text":
      return `'longer than 200 characters'`;
    case "code":
      if (field.codesFrom === "practices")
        return `'practice ' || ${echo(raw)} || ' is not a member practice in the alliance config'`;
      return `'not one of the codes ${field.codes!.join(", ")}: ' || ${echo(raw)}`;
    case "date":
      return `'not a date (YYYY-MM-DD or DD/MM/YYYY): ' || ${echo(raw)}`;
    case "datetime":
      return `'not a date-time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM): ' || ${echo(raw)}`;
    case "int": {
      const range =
        field.min !== undefined && field.max !== undefined
          ? ` from ${field.min} to ${field.max}${field.step ? ` in steps of ${field.step}` : ""}`
          : field.min !== undefined
            ? ` of at least ${field.min}`
            : "";
      return `'not a whole number${range}: ' || ${echo(raw)}`;
    }
    case "decimal": {
      const range =
        field.min !== undefined && field.max !== undefined
          ? ` from ${field.min} to ${field.max.toLocaleString("en-GB")}${field.max >= 100_000 ? " (a larger value is not plausible)" : ""}`
          : field.min !== undefined
            ? ` of at least ${field.min}`
            : "";
      return `'not a number${range}: ' || ${echo(raw)}`;
    }
  }
}

interface Issue {
  condition: string;
  field: string;
  message: string;
}

const issue = (condition: string, field: string, message: string): Issue => ({ condition, field, message });

const EMPTY_ISSUES = "[]::struct(field varchar, message varchar)[]";

/**
 * The list of {field, message} a row breaks. Almost every row breaks nothing, so the list is built only behind
 * one cheap OR of the conditions.
 */
function issueList(issues: Issue[]): string {
  if (!issues.length) return EMPTY_ISSUES;
  const entries = issues.map((i) => `case when ${i.condition} then {'field': ${literal(i.field)}, 'message': ${i.message}} end`);
  return `case when ${issues.map((i) => `(${i.condition})`).join(" or ")}
    then list_filter([${entries.join(",\n      ")}], x -> x is not null) else ${EMPTY_ISSUES} end`;
}

export interface CheckQueryOptions {
  spec: DatasetSpec;
  /**
   * the rows to check: `file_id`, `row_no` and, for every field of the spec, its text as sent in the column
   * `sentColumn(field)` (null for a file without that column)
   */
  source: string;
  /** each file's period folder: `file_id`, `period_start`, `period_end` (YYYY-MM-DD), `period_label` */
  files: string;
  /** the table to create with the checked rows */
  target: string;
}

/**
 * The check query. Steps: `source` trims and blanks the raw text, `typed` parses each field, `keyed` joins the
 * keys duplicated within each file, and the final select turns every broken rule into an error or a warning.
 */
export function buildCheckQuery({ spec, source, files, target }: CheckQueryOptions): string {
  const fields = spec.fields;
  const rawName = (f: FieldSpec) => ident(`${f.name}__raw`);
  const typed = (name: string) => ident(name);

  const sourceColumns = fields.map((f) => `nullif(trim(s.${ident(sentColumn(f.name))}), '') as ${rawName(f)}`);
  // Only an event's date is checked against its file's period folder.
  const periodRule = spec.kind === "event" && spec.eventDate !== undefined;
  // A value holding an NHS number or a postcode is never stored: its typed value is blank and the row says why.
  const looksName = (f: FieldSpec) => ident(`${f.name}__looks`);
  const screenColumns = fields
    .filter(isScreened)
    .map((f) => `${f.type === "text" || f.type === "id" ? identifierInIdSql(rawName(f)) : identifierInSql(rawName(f))} as ${looksName(f)}`);
  const typedColumns = fields.map((f) =>
    isScreened(f)
      ? `case when ${looksName(f)} is null then ${typedExpression(f, rawName(f))} end as ${typed(f.name)}`
      : `${typedExpression(f, rawName(f))} as ${typed(f.name)}`,
  );

  // Duplicated keys are few: group them once and join back, rather than a window over every row. Only the first
  // rows of each key are listed (a list of every row, joined back onto each of them, grows with the square).
  const keyColumns = spec.uniqueKey.map(typed);
  const duplicateKeys = keyColumns.length
    ? `duplicate_keys as (
  select file_id, ${keyColumns.join(", ")}, count(*) as key_rows,
    array_to_string(list_sort(min(row_no, ${LISTED_DUPLICATE_ROWS})), ', ') || case when count(*) > ${LISTED_DUPLICATE_ROWS} then ', …' else '' end as key_row_list
  from typed where ${keyColumns.map((k) => `${k} is not null`).join(" and ")}
  group by all having count(*) > 1
),
keyed as (
  select t.*, d.key_rows, d.key_row_list
  from typed t left join duplicate_keys d on d.file_id = t.file_id and ${keyColumns.map((k) => `d.${k} = t.${k}`).join(" and ")}
)`
    : `keyed as (select *, null::bigint as key_rows, null::varchar as key_row_list from typed)`;

  const errors: Issue[] = [];
  const warnings: Issue[] = [];
  const blankedWhen = new Map<string, string[]>();

  for (const f of fields) {
    const raw = rawName(f);
    const value = typed(f.name);
    const present = `${raw} is not null`;
    const looks = isScreened(f) ? looksName(f) : null;
    const invalid = `${present} and ${value} is null${looks ? ` and ${looks} is null` : ""}`;
    if (looks) {
      const held = `${looks} is not null`;
      if (f.required) errors.push(issue(held, f.name, identifierMessage(looks)));
      else warnings.push(issue(held, f.name, `${identifierMessage(looks)} || ' (loaded as blank)'`));
    }
    const conditionallyRequired = f.requiredWhenSet
      ? `${typed(f.requiredWhenSet)} is not null`
      : f.requiredWhen
        ? `${typed(f.requiredWhen.field)} in (${f.requiredWhen.equals.map(literal).join(", ")})`
        : null;
    const whenText = f.requiredWhenSet
      ? ` when ${f.requiredWhenSet} is set`
      : f.requiredWhen
        ? ` when ${f.requiredWhen.field} is ${f.requiredWhen.equals.join(" or ")}`
        : "";

    if (f.required) {
      // A file without a required column is refused before its rows are checked.
      errors.push(issue(`${raw} is null`, f.name, "'required value is blank'"));
      errors.push(issue(invalid, f.name, invalidMessage(f, raw)));
    } else if (conditionallyRequired) {
      errors.push(issue(`${raw} is null and ${conditionallyRequired}`, f.name, `'required${whenText}'`));
      errors.push(issue(`${invalid} and ${conditionallyRequired}`, f.name, invalidMessage(f, raw)));
      warnings.push(issue(`${invalid} and not coalesce(${conditionallyRequired}, false)`, f.name, `${invalidMessage(f, raw)} || ' (loaded as blank)'`));
    } else if (f.type === "code" && f.otherCodesPattern) {
      // Valid in shape but not on our list: loads as sent, with a warning.
      const other = `${invalid} and regexp_full_match(${raw}, ${literal(f.otherCodesPattern)})`;
      warnings.push(issue(other, f.name, `'not a listed code, loaded as sent: ' || ${echo(raw)}`));
      warnings.push(issue(`${invalid} and not regexp_full_match(${raw}, ${literal(f.otherCodesPattern)})`, f.name, `${invalidMessage(f, raw)} || ' (loaded as blank)'`));
    } else {
      warnings.push(issue(invalid, f.name, `${invalidMessage(f, raw)} || ' (loaded as blank)'`));
    }

    if (f.notBefore) {
      const other = typed(f.notBefore);
      const before = `${value} is not null and ${other} is not null and ${value} < ${other}`;
      const message = `strftime(${value}, '%Y-%m-%d') || ' is before ${f.notBefore} ' || strftime(${other}, '%Y-%m-%d')`;
      if (f.required) errors.push(issue(before, f.name, message));
      else {
        warnings.push(issue(before, f.name, `${message} || ' (loaded as blank)'`));
        blankedWhen.set(f.name, [...(blankedWhen.get(f.name) ?? []), before]);
      }
    }
  }

  if (periodRule) {
    const date = typed(spec.eventDate!);
    errors.push(
      issue(
        `${date} is not null and (${date}::date < period_start::date or ${date}::date > period_end::date)`,
        spec.eventDate!,
        `'dated ' || strftime(${date}, '%Y-%m-%d') || ', outside the period folder ' || period_label || ' (' || period_start || ' to ' || period_end || ')'`,
      ),
    );
  }
  if (spec.uniqueKey.length) {
    const keyText = spec.uniqueKey.join(" and ");
    errors.push(
      issue(
        "key_rows > 1",
        spec.uniqueKey[0]!,
        // The list of rows is made once per key, not once per row: a key may be on every row of the file.
        `'the same ${keyText} is on ' || key_rows || ' rows of this file (rows ' || key_row_list || '): none of them is loaded'`,
      ),
    );
  }

  const output = fields.map((f) => {
    const conditions = blankedWhen.get(f.name);
    if (conditions?.length) {
      return `case when ${conditions.map((c) => `(${c})`).join(" or ")} then null else ${typed(f.name)} end as ${typed(f.name)}`;
    }
    return typed(f.name);
  });

  // A key that is a direct identifier (the whole value an NHS number or a full postcode) refuses the whole file
  // (data contract); one that only wraps one rejects its row, above.
  const identifierColumns = fields
    .filter(isKey)
    .map(
      (f) =>
        `case when ${looksName(f)} is not null then case when coalesce(${nhsNumberSql(rawName(f))}, false) then 'nhs_number' when ${postcodeSql(rawName(f))} then 'postcode' end end as ${ident(`${f.name}__identifier`)},\n  `,
    );

  // Not materialized: the duplicate-key step needs only the key columns, so DuckDB computes those twice rather
  // than writing every typed column of every row to a temporary result (a fifth of the time on large files).
  return `create or replace table ${target} as
with source as not materialized (
  select s.file_id, s.row_no, ${sourceColumns.join(",\n    ")}${periodRule ? ", p.period_start, p.period_end, p.period_label" : ""}
  from ${source} s${periodRule ? ` join ${files} p on p.file_id = s.file_id` : ""}
),
screened as not materialized (
  select *${screenColumns.map((c) => `, ${c}`).join("")}
  from source
),
typed as not materialized (
  select *, ${typedColumns.join(",\n    ")}
  from screened
),
${duplicateKeys}
select file_id, row_no,
  ${output.join(",\n  ")},
  ${identifierColumns.join("")}
  ${issueList(errors)} as errors,
  ${issueList(warnings)} as warnings
from keyed`;
}
