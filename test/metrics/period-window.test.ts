import { describe, expect, it } from "vitest";
import {
  changedMonths,
  linesByPeriod,
  periodsReached,
  periodsToAggregate,
  spcMonthLines,
} from "../../metrics/engine/period-window.ts";
import { baselinePeriod, buildPeriods } from "../../metrics/engine/periods.ts";

const periods = buildPeriods("2023-04-01", "2024-25-Q2");
const baseline = baselinePeriod({ from: "2023-04-01", to: "2024-03-31" });
const labels = (ps: ReadonlyArray<{ type: string; label: string }>) => ps.map((p) => `${p.type} ${p.label}`);

describe("changedMonths", () => {
  it("lists months with another digest or present in one run only, sorted", () => {
    expect(changedMonths({ "2024-05": "3:1", "2024-04": "2:9", "2024-06": "1:1" }, { "2024-04": "2:9", "2024-05": "3:2", "2024-07": "1:5" })).toEqual([
      "2024-05",
      "2024-06",
      "2024-07",
    ]);
  });
  it("is empty when nothing changed", () => {
    expect(changedMonths({ "2024-04": "2:9" }, { "2024-04": "2:9" })).toEqual([]);
  });
});

describe("periodsReached", () => {
  it("takes the month, its quarter and every rolling 12 months holding it", () => {
    expect(labels(periodsReached(periods, ["2024-05"]))).toEqual(["month 2024-05", "quarter 2024-25-Q1", "rolling12 2024-25-Q1", "rolling12 2024-25-Q2"]);
  });
  it("reaches the baseline when a changed month lies in it", () => {
    expect(periodsReached([...periods, baseline], ["2023-06"])).toContain(baseline);
    expect(periodsReached([...periods, baseline], ["2024-06"])).not.toContain(baseline);
  });
  it("reaches nothing for no months, or months outside every period", () => {
    expect(periodsReached(periods, [])).toEqual([]);
    expect(periodsReached(periods, ["2019-01"])).toEqual([]);
  });
});

describe("periodsToAggregate", () => {
  it("adds the months inside the reached periods and the baseline, and the baseline last", () => {
    const reached = periodsReached(periods, ["2024-08"]);
    const out = periodsToAggregate(periods, reached, baseline);
    expect(out.at(-1)).toBe(baseline);
    const months = out.filter((p) => p.type === "month").map((p) => p.label);
    // the rolling 12 months to 2024-25-Q2 runs from 2023-10; the baseline from 2023-04: every month to 2024-09
    expect(months[0]).toBe("2023-04");
    expect(months.at(-1)).toBe("2024-09");
    expect(labels(out.filter((p) => p.type !== "month" && p !== baseline))).toEqual(["quarter 2024-25-Q2", "rolling12 2024-25-Q2"]);
  });
});

describe("previous lines", () => {
  const line = (period_type: string, period: string, breakdown: string, value: string, suppressed = "false") =>
    ["POD-01", period_type, period, "2024-04-01", "2024-04-30", breakdown, "X", 1, 2, 1, 2, value, ...Array(16).fill(""), suppressed].join(",");

  it("groups a metric's lines by period, in order", () => {
    const lines = [line("month", "2024-04", "alliance", "50"), line("month", "2024-04", "pcn", "40"), line("quarter", "2024-25-Q1", "alliance", "45")];
    const grouped = linesByPeriod(lines);
    expect([...grouped.keys()]).toEqual(["month|2024-04", "quarter|2024-25-Q1"]);
    expect(grouped.get("month|2024-04")).toEqual(lines.slice(0, 2));
  });

  // denominator_people 2; the line leaves provisional and empty_reason blank
  const EXTRA = { denominator_people: 2, provisional: false, empty_reason: null };

  it("reads a quoted field back as written", () => {
    const quoted = line("month", "2024-04", "pcn", "12.5").replace(",X,", ',"PCN, ""East""",');
    expect(spcMonthLines([quoted])).toEqual([
      { period_type: "month", period: "2024-04", breakdown: "pcn", breakdown_value: 'PCN, "East"', value: 12.5, suppressed: false, ...EXTRA },
    ]);
  });

  it("reads back what SPC needs, for the SPC breakdowns only", () => {
    const lines = [line("month", "2024-04", "alliance", "0.1234567890123"), line("month", "2024-04", "practice", "40"), line("month", "2024-04", "pcn", "", "true")];
    expect(spcMonthLines(lines)).toEqual([
      { period_type: "month", period: "2024-04", breakdown: "alliance", breakdown_value: "X", value: 0.1234567890123, suppressed: false, ...EXTRA },
      { period_type: "month", period: "2024-04", breakdown: "pcn", breakdown_value: "X", value: null, suppressed: true, ...EXTRA },
    ]);
  });
});
