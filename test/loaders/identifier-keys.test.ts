import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { identifierInIdSql } from "../../loaders/identifiers.ts";

/** A keyed hash often holds ten digits in a row: only a number wrapped in non-hex letters or separators is an NHS number. */
describe("identifiers in keys", () => {
  it("finds wrapped NHS numbers and leaves hex hashes alone", async () => {
    const db = await (await DuckDBInstance.create(":memory:")).connect();
    const look = async (v: string) => (await db.runAndReadAll(`select ${identifierInIdSql("$v")} as x`, { v })).getRowObjects()[0]!.x;
    for (const v of ["NHS9434765919", "9434765919pk", "S-943 476 5919", "9434765919"]) expect(await look(v), v).toBe("nhs_number");
    // the demo's own keys that the first rule refused whole files for: ten digits inside a hex hash, passing Modulus 11
    for (const v of ["pk_caca0628912455ff", "pk_2f5a3d0d79019a40", "ck_a0628912455f12"]) expect(await look(v), v).toBeNull();
  });
});
