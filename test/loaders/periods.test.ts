import { describe, expect, it } from "vitest";
import { addDays, parseQuarter, quarterOfDate, quartersBetween, submissionDueDate } from "../../loaders/contract/periods.ts";

describe("NHS financial-year quarters", () => {
  it("parses labels into date ranges, Q4 falling in the later calendar year", () => {
    expect(parseQuarter("2024-25-Q1")).toMatchObject({ start: "2024-04-01", end: "2024-06-30" });
    expect(parseQuarter("2024-25-Q3")).toMatchObject({ start: "2024-10-01", end: "2024-12-31" });
    expect(parseQuarter("2024-25-Q4")).toMatchObject({ start: "2025-01-01", end: "2025-03-31" });
    expect(parseQuarter("2023-24-Q4")).toMatchObject({ start: "2024-01-01", end: "2024-03-31" });
    expect(parseQuarter("1999-00-Q2")).toMatchObject({ start: "1999-07-01", end: "1999-09-30" });
  });
  it("rejects malformed labels", () => {
    for (const bad of ["2024-26-Q1", "2024-25-Q5", "2024-Q3", "2024-25-q3", "24-25-Q1", ""]) expect(parseQuarter(bad)).toBeNull();
  });
  it("places dates in quarters", () => {
    expect(quarterOfDate("2024-04-01").label).toBe("2024-25-Q1");
    expect(quarterOfDate("2024-03-31").label).toBe("2023-24-Q4");
    expect(quarterOfDate("2025-01-15").label).toBe("2024-25-Q4");
    expect(quarterOfDate("2024-12-31").label).toBe("2024-25-Q3");
  });
  it("lists the quarters between two dates and their due dates", () => {
    const qs = quartersBetween("2018-04-01", "2026-09-30");
    expect(qs[0]!.label).toBe("2018-19-Q1");
    expect(qs.at(-1)!.label).toBe("2026-27-Q2");
    expect(qs).toHaveLength(34);
    expect(submissionDueDate(parseQuarter("2024-25-Q3")!, 30)).toBe("2025-01-30");
    expect(addDays("2024-02-28", 1)).toBe("2024-02-29");
  });
});
