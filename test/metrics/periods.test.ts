import { describe, expect, it } from "vitest";
import { benchmarkFor, benchmarkSpan, readBenchmarks } from "../../metrics/engine/benchmarks.ts";
import { addMonths, buildPeriods, isProvisional, lookbackBeforeData, rolling12Of } from "../../metrics/engine/periods.ts";
import { parseQuarter } from "../../loaders/contract/periods.ts";

describe("periods", () => {
  it("lists every month, NHS quarter and rolling 12 months from dataFrom to the data's last quarter", () => {
    const periods = buildPeriods("2024-04-01", "2025-26-Q1");
    const of = (type: string) => periods.filter((p) => p.type === type);
    expect(of("month").map((p) => p.label)).toEqual([
      "2024-04", "2024-05", "2024-06", "2024-07", "2024-08", "2024-09", "2024-10", "2024-11", "2024-12",
      "2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06",
    ]);
    expect(of("month")[10]).toEqual({ type: "month", label: "2025-02", start: "2025-02-01", end: "2025-02-28" });
    expect(of("quarter").map((p) => `${p.label} ${p.start} ${p.end}`)).toEqual([
      "2024-25-Q1 2024-04-01 2024-06-30",
      "2024-25-Q2 2024-07-01 2024-09-30",
      "2024-25-Q3 2024-10-01 2024-12-31",
      "2024-25-Q4 2025-01-01 2025-03-31",
      "2025-26-Q1 2025-04-01 2025-06-30",
    ]);
    expect(of("rolling12").map((p) => `${p.label} ${p.start} ${p.end}`)).toEqual([
      "2024-25-Q1 2023-07-01 2024-06-30",
      "2024-25-Q2 2023-10-01 2024-09-30",
      "2024-25-Q3 2024-01-01 2024-12-31",
      "2024-25-Q4 2024-04-01 2025-03-31",
      "2025-26-Q1 2024-07-01 2025-06-30",
    ]);
  });

  it("counts rolling 12 months and months across year ends", () => {
    expect(rolling12Of(parseQuarter("2024-25-Q4")!)).toEqual({ type: "rolling12", label: "2024-25-Q4", start: "2024-04-01", end: "2025-03-31" });
    expect(addMonths("2024-11-15", 3)).toBe("2025-02-01");
    expect(addMonths("2024-02-01", -2)).toBe("2023-12-01");
  });

  it("is provisional until two quarters after the period ends", () => {
    const q = (label: string) => ({ type: "quarter" as const, label, start: parseQuarter(label)!.start, end: parseQuarter(label)!.end });
    expect(isProvisional(q("2024-25-Q3"), "2025-26-Q1")).toBe(false);
    expect(isProvisional(q("2024-25-Q4"), "2025-26-Q1")).toBe(true);
    expect(isProvisional({ type: "month", label: "2024-12", start: "2024-12-01", end: "2024-12-31" }, "2025-26-Q1")).toBe(false);
    expect(isProvisional({ type: "month", label: "2025-01", start: "2025-01-01", end: "2025-01-31" }, "2025-26-Q1")).toBe(true);
  });

  it("finds look-backs that begin before the data", () => {
    expect(lookbackBeforeData({ start: "2024-06-01" }, 90, "2024-04-01")).toBe(true);
    expect(lookbackBeforeData({ start: "2024-07-01" }, 90, "2024-04-01")).toBe(false); // 2024-04-02
    expect(lookbackBeforeData({ start: "2025-04-01" }, 365, "2024-04-01")).toBe(false); // 2024-04-01 exactly
    expect(lookbackBeforeData({ start: "2025-03-01" }, 365, "2024-04-01")).toBe(true);
    expect(lookbackBeforeData({ start: "2024-04-01" }, 0, "2024-04-01")).toBe(false);
  });
});

describe("benchmark periods", () => {
  it("reads years, financial years, quarters and months", () => {
    expect(benchmarkSpan("2022")).toEqual({ start: "2022-01-01", end: "2022-12-31" });
    expect(benchmarkSpan("2022-23")).toEqual({ start: "2022-04-01", end: "2023-03-31" });
    expect(benchmarkSpan("2022-11")).toEqual({ start: "2022-11-01", end: "2022-11-30" });
    expect(benchmarkSpan("2024-25-Q3")).toEqual({ start: "2024-10-01", end: "2024-12-31" });
    expect(benchmarkSpan("last year")).toBeNull();
  });

  it("compares a period with the latest benchmark already running when it ended, never a later one", () => {
    const unreadable: string[] = [];
    const list = readBenchmarks(
      [
        { metric: "POD-01", period: "2019", value: 0.46, source: "a" },
        { metric: "POD-01", period: "2022", value: 0.434, source: "b" },
        { metric: "POD-02", period: "2022", value: 0.287, source: "c" },
        { metric: "POD-01", period: "soon", value: 0.4, source: "d" },
      ],
      "POD-01",
      (b) => unreadable.push(b.period),
    );
    expect(unreadable).toEqual(["soon"]);
    expect(benchmarkFor(list, { end: "2018-12-31" })).toBeNull();
    expect(benchmarkFor(list, { end: "2019-03-31" })?.value).toBe(0.46);
    expect(benchmarkFor(list, { end: "2021-12-31" })?.value).toBe(0.46);
    expect(benchmarkFor(list, { end: "2022-06-30" })?.value).toBe(0.434);
    expect(benchmarkFor(list, { end: "2025-03-31" })?.value).toBe(0.434);
  });
});
