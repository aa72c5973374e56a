import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeDb, type Db, integerColumns, openDb } from "../../loaders/duckdb.ts";

let db: Db;
beforeAll(async () => {
  db = await openDb(":memory:");
});
afterAll(() => closeDb(db));

describe("integerColumns", () => {
  it("reads a query's INTEGER columns whole, across DuckDB's chunks, null as 0", async () => {
    const [n, half, odd] = await integerColumns(
      db,
      "select i::integer, case when i % 2 = 0 then (i // 2)::integer end, (i % 2 = 1)::integer from range(5000) t(i)",
    );
    expect(n!.length).toBe(5000);
    expect([...n!.slice(0, 3)]).toEqual([0, 1, 2]);
    expect(n![4999]).toBe(4999);
    expect([...half!.slice(4096, 4100)]).toEqual([2048, 0, 2049, 0]);
    expect(odd!.reduce((sum, x) => sum + x, 0)).toBe(2500);
  });

  it("refuses a column that is not INTEGER rather than reading it wrong", async () => {
    await expect(integerColumns(db, "select 1::bigint")).rejects.toThrow(/column 1 is BIGINT, not INTEGER/);
  });
});
