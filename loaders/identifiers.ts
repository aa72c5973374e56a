import { type Db, ident, one } from "./duckdb.ts";

/**
 * Direct identifiers must never enter the alliance's database. A file that carries one is refused whole, and
 * the reason names the column and the kind of identifier, never the value.
 */

export const IDENTIFIER_HEADERS = [
  "nhsnumber", "nhsno", "name", "forename", "surname", "dob", "dateofbirth", "postcode", "address", "telephone", "email",
];

/** Header cells that name a direct identifier (lower-cased, with spaces, `_` and `-` removed). */
export function identifierHeaders(header: string[]): string[] {
  return header.filter((h) => IDENTIFIER_HEADERS.includes(h.toLowerCase().replace(/[\s_-]/g, "")));
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

/** 'nhs_number', 'postcode' or null, for one value. */
export function identifierKindSql(value: string): string {
  return `case when ${nhsNumberSql(value)} then 'nhs_number' when ${postcodeSql(value)} then 'postcode' end`;
}

export interface IdentifierFinding {
  column: string;
  nhsNumbers: number;
  postcodes: number;
}

/** Counts the identifiers the check query found among a file's keys (its `<key>__identifier` columns). */
export async function findIdentifierValues(db: Db, table: string, keyFields: string[]): Promise<IdentifierFinding[]> {
  const findings: IdentifierFinding[] = [];
  for (const field of keyFields) {
    const column = ident(`${field}__identifier`);
    const counts = await one<{ nhs: number; postcodes: number }>(
      db,
      `select count(*) filter (where ${column} = 'nhs_number')::integer as nhs,
              count(*) filter (where ${column} = 'postcode')::integer as postcodes
       from ${table}`,
    );
    if (counts.nhs || counts.postcodes) findings.push({ column: field, nhsNumbers: counts.nhs, postcodes: counts.postcodes });
  }
  return findings;
}

export function describeIdentifierFindings(headers: string[], values: IdentifierFinding[]): string | null {
  const reasons: string[] = [];
  if (headers.length)
    reasons.push(`the file has a column of direct identifiers (${headers.map((h) => `'${h}'`).join(", ")})`);
  for (const v of values) {
    if (v.nhsNumbers) reasons.push(`${v.nhsNumbers} ${v.column} value(s) are NHS numbers, not pseudonymised keys`);
    if (v.postcodes) reasons.push(`${v.postcodes} ${v.column} value(s) are full postcodes`);
  }
  return reasons.length ? `refused: ${reasons.join("; ")}. Remove the identifiers and send the file again.` : null;
}
