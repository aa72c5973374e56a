import { describe, expect, it } from "vitest";
import { closeDb, one, openDb } from "../../loaders/duckdb.ts";
import { FULL_POSTCODE, identifierHeaders, isValidNhsNumber, nhsNumberSql, postcodeSql } from "../../loaders/identifiers.ts";

const NHS_VALID = ["9434765919", "943 476 5919", "943-476-5919", "9990000018", "4010232137"];
const NHS_INVALID = ["9434765918", "943476591", "94347659190", "abc4765919", "9990000026x", ""];

describe("direct identifiers", () => {
  it("checks NHS numbers with Modulus 11 (the Data Dictionary's worked example passes)", () => {
    for (const n of NHS_VALID) expect(isValidNhsNumber(n), n).toBe(true);
    for (const n of NHS_INVALID) expect(isValidNhsNumber(n), n).toBe(false);
    // check digit 10 means the number can never be issued
    expect(isValidNhsNumber("0000000060")).toBe(false);
  });
  it("recognises full UK postcodes, not districts or pseudonyms", () => {
    for (const p of ["SW1A 1AA", "sw1a1aa", "M1 1AE", "B33 8TH", "CR2 6XH", "DN55 1PT"]) expect(FULL_POSTCODE.test(p), p).toBe(true);
    for (const p of ["SW1A", "pk_0001abcd", "M1 1A", "12345678"]) expect(FULL_POSTCODE.test(p), p).toBe(false);
  });
  it("names identifier headers ignoring case, spaces, _ and -", () => {
    expect(identifierHeaders(["person_id", "NHS Number", "Date_of-Birth", " Postcode ", "ward"])).toEqual(["NHS Number", "Date_of-Birth", " Postcode "]);
  });
  it("computes the same answers in SQL as in TypeScript", async () => {
    const db = await openDb(":memory:");
    try {
      for (const n of [...NHS_VALID, ...NHS_INVALID]) {
        const { ok } = await one<{ ok: boolean | null }>(db, `select ${nhsNumberSql("$v")} as ok`, { v: n });
        expect(Boolean(ok), n).toBe(isValidNhsNumber(n));
      }
      for (const p of ["SW1A 1AA", "m1 1ae", "pk_0001abcd"]) {
        const { ok } = await one<{ ok: boolean }>(db, `select ${postcodeSql("$v")} as ok`, { v: p });
        expect(ok, p).toBe(FULL_POSTCODE.test(p.trim()));
      }
    } finally {
      closeDb(db);
    }
  });
});
