import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { ruleOfMessage } from "../../published/quality.ts";

/** The data-quality page groups rejected rows by rule: the message with the row's own values taken out. */
async function rulesOf(messages: string[]): Promise<string[]> {
  const db = await (await DuckDBInstance.create(":memory:")).connect();
  const out: string[] = [];
  for (const message of messages) {
    const reader = await db.runAndReadAll(`select ${ruleOfMessage("message")} from (select $1::varchar as message)`, [message]);
    out.push(String(reader.getRows()[0]![0]));
  }
  db.closeSync();
  return out;
}

describe("the rule of a row issue's message", () => {
  it("takes out values, dates, quarters and row lists, leaving words and no placeholders", async () => {
    const rules = await rulesOf([
      "the same spell_id is on 3 rows of this file (rows 4, 9, 12, …): none of them is loaded",
      "not a date (YYYY-MM-DD or DD/MM/YYYY): '2024-13-01'",
      "practice 'M8X' is not a member practice in the alliance config",
      "dated 2023-01-02, outside the period folder 2023-24-Q1 (2023-04-01 to 2023-06-30)",
      "2024-01-02 is before admission_date 2024-03-01",
      "not a whole number 0 to 5: '9'",
      "looks like an NHS number: not loaded, and not shown here",
    ]);
    expect(rules).toEqual([
      "the same spell_id is on more than one row of this file: none of them is loaded",
      "not a date (YYYY-MM-DD or DD/MM/YYYY)",
      "practice is not a member practice in the alliance config",
      "dated outside its period folder's quarter",
      "dated before admission_date",
      "not a whole number 0 to 5",
      "looks like an NHS number: not loaded, and not shown here",
    ]);
    for (const rule of rules) expect(rule).not.toMatch(/\[(value|date|quarter)\]|\bN\b|'[^s]/);
  });

  it("groups two rows that differ only in their values under one rule", async () => {
    const [a, b] = await rulesOf(["not a date (YYYY-MM-DD or DD/MM/YYYY): 'x'", "not a date (YYYY-MM-DD or DD/MM/YYYY): '31/02/2024'"]);
    expect(a).toBe(b);
  });
});
