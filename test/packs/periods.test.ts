import { describe, expect, it } from "vitest";
import { compactQuarters, lastMonth, quartersBehind, rolling12Start } from "../../packs/periods.ts";

describe("quarters for the packs", () => {
  it("lists available quarters compactly, one run at a time", () => {
    const all = ["2018-19-Q1", "2018-19-Q2", "2018-19-Q3", "2018-19-Q4", "2019-20-Q1"];
    expect(compactQuarters(all)).toBe("2018-19-Q1 … 2019-20-Q1");
    expect(compactQuarters(["2019-20-Q1", "2018-19-Q1", "2018-19-Q2", "2020-21-Q3", "2020-21-Q4", "2021-22-Q1"])).toBe("2018-19-Q1, 2018-19-Q2, 2019-20-Q1, 2020-21-Q3 … 2021-22-Q1");
    expect(compactQuarters(["2024-25-Q3"])).toBe("2024-25-Q3");
    expect(compactQuarters([])).toBe("");
  });

  it("knows the quarters a figure rests on: the rolling 12 months and the look-back before them", () => {
    expect(rolling12Start("2024-25-Q3")).toBe("2024-01-01");
    expect(quartersBehind("2024-25-Q3")).toEqual(["2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3"]);
    expect(quartersBehind("2024-25-Q3", { lookbackDays: 90 })).toEqual(["2023-24-Q3", "2023-24-Q4", "2024-25-Q1", "2024-25-Q2", "2024-25-Q3"]);
    expect(quartersBehind("2024-25-Q3", { lookbackDays: 365 })[0]).toBe("2022-23-Q4");
    expect(quartersBehind("2024-25-Q3", { lookbackDays: 365, pointInTime: true })).toEqual(["2024-25-Q3"]);
    expect(lastMonth("2024-25-Q4")).toBe("2025-03");
  });
});
