import { type Db, ident, rows } from "./duckdb.ts";

/**
 * Direct identifiers must never enter the alliance's database. A file that carries one is refused whole, and
 * the reason names the column and the kind of identifier, never the value.
 */

export const IDENTIFIER_HEADERS = [
  "nhsnumber", "nhsno", "name", "forename", "surname", "dob", "dateofbirth", "postcode", "address", "telephone", "email",
];

/**
 * Near misses of those names that a partner's system writes (`nhs.number`, `full name`, `Address Line 1`,
 * `phone`, `birth_date`), matched on the header with everything but letters and digits removed.
 */
const IDENTIFIER_HEADER_PATTERNS = [
  /nhsnumber|nhsno/,
  /^(full|first|last|given|family|middle|patient|person|carer|client|sur|fore)?names?$/,
  /^(home|street|postal)?address(line)?\d*$/,
  /^(tele|mobile|home|work)?(phone|tel|mobile)(number|no)?$/,
  /^(dob|dateofbirth|birthdate|birthday|dateofbirthddmmyyyy)$/,
  /^(post|zip)code$/,
  /^(e)?mail(address)?$/,
];

/** Header cells that name a direct identifier (lower-cased, with spaces, `_` and `-` removed), or a near miss. */
export function identifierHeaders(header: string[]): string[] {
  return header.filter((h) => {
    const name = h.toLowerCase();
    if (IDENTIFIER_HEADERS.includes(name.replace(/[\s_-]/g, ""))) return true;
    const letters = name.replace(/[^a-z0-9]/g, "");
    return IDENTIFIER_HEADER_PATTERNS.some((p) => p.test(letters));
  });
}

/** NHS number check digit (Modulus 11): the weighted sum of the first nine digits decides the tenth. */
export function isValidNhsNumber(text: string): boolean {
  const digits = text.replace(/[\s-]/g, "");
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

export const FULL_POSTCODE = /^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$/i;

/** The same two tests in SQL, for a whole column at once. */
export function nhsNumberSql(value: string): string {
  const digits = `regexp_replace(${value}, '[\\s-]', '', 'g')`;
  // Written out term by term: a lambda over a list per value is several times slower on a whole column.
  const sum = `(${Array.from({ length: 9 }, (_, i) => `substr(${digits}, ${i + 1}, 1)::integer * ${10 - i}`).join(" + ")})`;
  const check = `(11 - (${sum} % 11))`;
  return `(regexp_full_match(${digits}, '\\d{10}') and case when regexp_full_match(${digits}, '\\d{10}') then
    ${check} <> 10 and (case when ${check} = 11 then 0 else ${check} end) = substr(${digits}, 10, 1)::integer end)`;
}

export function postcodeSql(value: string): string {
  return `regexp_full_match(upper(trim(${value})), '[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}')`;
}

/** The key fields a direct identifier might be sent in by mistake. */
export const KEY_FIELDS = ["person_id", "carer_id"] as const;

/** A run of ten digits, as an NHS number is written (3-3-4, spaces or dashes allowed). */
const NHS_SHAPE = "[0-9]{3}[ -]?[0-9]{3}[ -]?[0-9]{4}";
/** A full postcode anywhere in a value. */
const POSTCODE_ANYWHERE = "[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}";
const POSTCODE_ANYWHERE_JS = new RegExp(POSTCODE_ANYWHERE, "i");
/**
 * In a key, a postcode counts as a word of its own (a keyed hash holds letters and digits in any order), its two
 * halves written together or apart as a key can hold them (`SW1A1AA`, `SW1A-1AA`, `SW1A_1AA`).
 */
const POSTCODE_WORD = "(^|[^A-Z0-9])[A-Z]{1,2}[0-9][A-Z0-9]?[ _-]?[0-9][A-Z]{2}([^A-Z0-9]|$)";

/**
 * Whether a value holds an NHS number anywhere: a run of exactly ten digits (3-3-4 spacing allowed), not part of
 * a longer number, that passes Modulus 11.
 */
export function containsNhsNumber(text: string): boolean {
  return text
    .replace(/(\d{3})[ -](\d{3})[ -](\d{4})/g, "$1$2$3")
    .split(/\D+/)
    .some((run) => run.length === 10 && isValidNhsNumber(run));
}

export function containsPostcode(text: string): boolean {
  return POSTCODE_ANYWHERE_JS.test(text);
}

/** 'an NHS number', 'a postcode' or null: what a value looks like, for a message that never shows the value. */
export function identifierIn(text: string): "an NHS number" | "a postcode" | null {
  return containsNhsNumber(text) ? "an NHS number" : containsPostcode(text) ? "a postcode" : null;
}

/** `containsNhsNumber` in SQL; the cheap pattern test first, as it runs on many values of every row. */
export function containsNhsNumberSql(value: string): string {
  const runs = `string_split_regex(regexp_replace(${value}, '([0-9]{3})[ -]([0-9]{3})[ -]([0-9]{4})', '\\1\\2\\3', 'g'), '[^0-9]+')`;
  return `(case when regexp_matches(${value}, '${NHS_SHAPE}') then len(list_filter(${runs}, d -> length(d) = 10 and coalesce(${nhsNumberSql("d")}, false))) > 0 else false end)`;
}

export function containsPostcodeSql(value: string): string {
  return `regexp_matches(upper(${value}), '${POSTCODE_ANYWHERE}')`;
}

/** 'nhs_number', 'postcode' or null, for a value that may hold either anywhere (a code, a number, a date). */
export function identifierInSql(value: string): string {
  // Length first: most values (a code, a small number) are too short to hold either, and this runs on every row.
  return `case when length(${value}) < 5 then null when length(${value}) >= 10 and ${containsNhsNumberSql(value)} then 'nhs_number'
    when ${containsPostcodeSql(value)} then 'postcode' end`;
}

/**
 * 'nhs_number', 'postcode' or null, for a key or an id (`spell_id`, …). These are letters and digits, and a keyed
 * hash often holds ten digits in a row, so an NHS number counts when it is the value's only digits, with
 * nothing but letters or separators around it and no hex letter next to it (`NHS9434765919`, `9434765919pk`,
 * `S-943 476 5919`; not `pk_caca0628912455ff`); a postcode
 * counts as a word of its own.
 */
export function identifierInIdSql(value: string): string {
  // Hex letters on either side mean the digits are part of a hash (`pk_caca0628912455ff`), not a wrapped number.
  const wrapped = `regexp_extract(${value}, '^[^0-9]*?(?:^|[^0-9a-fA-F])(${NHS_SHAPE})(?:[^0-9a-fA-F]|$)[^0-9]*$', 1)`;
  return `case when regexp_matches(${value}, '${NHS_SHAPE}') and coalesce(${nhsNumberSql(wrapped)}, false) then 'nhs_number'
    when regexp_matches(upper(${value}), '${POSTCODE_WORD}') then 'postcode' end`;
}

export interface IdentifierFinding {
  column: string;
  nhsNumbers: number;
  postcodes: number;
  /** the first few data rows holding one, so the partner can find them */
  rows: number[];
}

/**
 * Counts, per file, the identifiers the check query found among the keys (its `<key>__identifier` columns), in
 * a table of checked rows with `file_id`; a file without any is not in the map.
 */
export async function findIdentifierValues(db: Db, table: string, keyFields: string[]): Promise<Map<number, IdentifierFinding[]>> {
  const findings = new Map<number, IdentifierFinding[]>();
  for (const field of keyFields) {
    const column = ident(`${field}__identifier`);
    const perFile = await rows<{ file_id: number; nhs: number; postcodes: number; rows: number[] | null }>(
      db,
      `select file_id, count(*) filter (where ${column} = 'nhs_number')::integer as nhs,
              count(*) filter (where ${column} = 'postcode')::integer as postcodes,
              min(row_no, 5) as rows
       from ${table} where ${column} is not null group by file_id order by file_id`,
    );
    for (const counts of perFile)
      findings.set(counts.file_id, [
        ...(findings.get(counts.file_id) ?? []),
        { column: field, nhsNumbers: counts.nhs, postcodes: counts.postcodes, rows: [...(counts.rows ?? [])].map(Number).sort((a, b) => a - b) },
      ]);
  }
  return findings;
}

export function describeIdentifierFindings(headers: string[], values: IdentifierFinding[]): string | null {
  const reasons: string[] = [];
  if (headers.length)
    reasons.push(`the file has a column of direct identifiers (${headers.map((h) => `'${h}'`).join(", ")})`);
  for (const v of values) {
    const total = v.nhsNumbers + v.postcodes;
    const where = ` (row${v.rows.length > 1 ? "s" : ""} ${v.rows.join(", ")}${total > v.rows.length ? ", …" : ""})`;
    if (v.nhsNumbers) reasons.push(`${v.nhsNumbers} ${v.column} value(s) are NHS numbers, not pseudonymised keys${where}`);
    if (v.postcodes) reasons.push(`${v.postcodes} ${v.column} value(s) are full postcodes${v.nhsNumbers ? "" : where}`);
  }
  return reasons.length ? `refused: ${reasons.join("; ")}. Remove the identifiers and send the file again.` : null;
}

/**
 * Where, in a published text (JSON, CSV, SVG), an NHS number or a full postcode stands as a word of its own, or
 * -1. Digits inside a decimal number (a coordinate, a rate) or a hash are not an NHS number; postcodes are
 * looked for in capitals, as they are written.
 */
export function identifierPosition(text: string): number {
  for (const m of text.matchAll(/(?<![0-9A-Za-z.])\d{3}[ -]?\d{3}[ -]?\d{4}(?![0-9A-Za-z]|\.\d)/g)) if (isValidNhsNumber(m[0])) return m.index;
  const postcode = /(?<![A-Za-z0-9])[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}(?![A-Za-z0-9])/.exec(text);
  return postcode ? postcode.index : -1;
}
