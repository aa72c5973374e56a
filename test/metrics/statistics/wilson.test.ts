import { describe, expect, it } from "vitest";
import { wilsonInterval } from "../../../metrics/statistics/wilson.ts";
import { expectRelativelyClose, numberOrNull, readReferenceCsv } from "./reference-fixtures.ts";

const proportionRows = readReferenceCsv("phe_proportion.csv");
const wilsonFunctionRows = readReferenceCsv("phe_byars_wilson_functions.csv").filter((row) => row.function === "wilson");

describe("wilsonInterval against PHEindicatormethods' phe_proportion workbook", () => {
  it("covers every row of phe_proportion.csv", () => {
    expect(proportionRows).toHaveLength(46);
  });

  it.each(proportionRows.map((row) => [`${row.source_sheet} row ${row.source_row} @ ${row.confidence} x${row.multiplier}`, row]))(
    "%s",
    (_label, row) => {
      const multiplier = Number(row.multiplier);
      const interval = wilsonInterval(numberOrNull(row.numerator), numberOrNull(row.denominator), Number(row.confidence));
      if (row.lower === null) {
        // Missing input gives missing output, as in the package.
        expect(row.upper).toBeNull();
        expect(interval).toBeNull();
        return;
      }
      expect(interval).not.toBeNull();
      expectRelativelyClose(interval!.lower * multiplier, Number(row.lower));
      expectRelativelyClose(interval!.upper * multiplier, Number(row.upper));
    },
  );
});

describe("wilsonInterval against the package's bare wilson helpers", () => {
  it("covers every wilson row of phe_byars_wilson_functions.csv", () => {
    expect(wilsonFunctionRows).toHaveLength(9);
  });

  it.each(wilsonFunctionRows.map((row) => [`x=${row.x} n=${row.n} @ ${row.confidence}`, row]))("%s", (_label, row) => {
    const interval = wilsonInterval(Number(row.x), Number(row.n), Number(row.confidence));
    expect(interval).not.toBeNull();
    expectRelativelyClose(interval!.lower, Number(row.lower));
    expectRelativelyClose(interval!.upper, Number(row.upper));
  });
});

describe("wilsonInterval edge cases", () => {
  it("gives no interval for an empty denominator", () => {
    expect(wilsonInterval(0, 0)).toBeNull();
  });

  it("keeps 0 and n inside [0, 1]", () => {
    const none = wilsonInterval(0, 20)!;
    expect(none.lower).toBe(0);
    expect(none.upper).toBeGreaterThan(0);
    const all = wilsonInterval(20, 20)!;
    expect(all.upper).toBeCloseTo(1, 15);
    expect(all.lower).toBeLessThan(1);
  });

  it("gives 0 to 1 at 100% confidence", () => {
    expect(wilsonInterval(3, 9, 1)).toEqual({ lower: 0, upper: 1 });
  });

  it("rejects impossible counts rather than hiding an upstream bug", () => {
    expect(() => wilsonInterval(11, 10)).toThrow(RangeError);
    expect(() => wilsonInterval(-1, 10)).toThrow(RangeError);
  });
});
