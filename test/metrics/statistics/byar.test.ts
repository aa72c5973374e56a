import { describe, expect, it } from "vitest";
import { byarLimits, rateInterval } from "../../../metrics/statistics/byar.ts";
import { exactPoissonInterval } from "../../../metrics/statistics/exact-poisson.ts";
import { expectRelativelyClose, numberOrNull, readReferenceCsv } from "./reference-fixtures.ts";

const rateRows = readReferenceCsv("phe_rate_byars.csv");
const byarFunctionRows = readReferenceCsv("phe_byars_wilson_functions.csv").filter((row) => row.function === "byars");

describe("rateInterval against PHEindicatormethods' phe_rate workbook", () => {
  it("covers every row of phe_rate_byars.csv", () => {
    expect(rateRows).toHaveLength(49);
  });

  it.each(rateRows.map((row) => [`${row.source_sheet} row ${row.source_row} @ ${row.confidence} per ${row.multiplier} (${row.method})`, row]))(
    "%s",
    (_label, row) => {
      const interval = rateInterval(
        numberOrNull(row.numerator),
        numberOrNull(row.denominator),
        Number(row.multiplier),
        Number(row.confidence),
      );
      if (row.lower === null) {
        expect(row.upper).toBeNull();
        expect(interval).toBeNull();
        return;
      }
      // The workbook says which method applies; make sure the fixture agrees with our threshold.
      expect(row.method).toBe(Number(row.numerator) < 10 ? "Exact" : "Byars");
      expect(interval).not.toBeNull();
      expectRelativelyClose(interval!.lower, Number(row.lower));
      expectRelativelyClose(interval!.upper, Number(row.upper));
    },
  );
});

describe("byarLimits against the package's bare byars helpers", () => {
  it("covers every byars row of phe_byars_wilson_functions.csv", () => {
    expect(byarFunctionRows).toHaveLength(7);
  });

  it.each(byarFunctionRows.map((row) => [`x=${row.x} @ ${row.confidence}`, row]))("%s", (_label, row) => {
    const limits = byarLimits(Number(row.x), Number(row.confidence));
    expect(limits).not.toBeNull();
    if (row.lower === null) {
      // Row 14: x = 1 at 99.8% gives a negative Byar lower limit, which the package reports as NA.
      expect(limits!.lower).toBeNull();
    } else {
      expectRelativelyClose(limits!.lower, Number(row.lower));
    }
    expectRelativelyClose(limits!.upper, Number(row.upper));
  });
});

describe("zero events", () => {
  it("gives a lower limit of 0 and the exact upper limit -ln(alpha/2)", () => {
    const interval = rateInterval(0, 250, 1000)!;
    expect(interval.lower).toBe(0);
    // P(X = 0 | mu) = alpha / 2  =>  mu = -ln(0.025)
    expectRelativelyClose(interval.upper, (-Math.log(0.025) / 250) * 1000);
  });

  it("exact and bare Byar limits both start at 0", () => {
    expect(exactPoissonInterval(0)!.lower).toBe(0);
    expect(byarLimits(0)!.lower).toBe(0);
  });

  it("switches from exact to Byar at 10 events", () => {
    expect(rateInterval(9, 1)).toEqual(exactPoissonInterval(9));
    const byar = byarLimits(10)!;
    expect(rateInterval(10, 1)).toEqual({ lower: byar.lower, upper: byar.upper });
  });

  it("gives no interval for a missing or zero denominator", () => {
    expect(rateInterval(3, 0)).toBeNull();
    expect(rateInterval(3, null)).toBeNull();
    expect(rateInterval(null, 10)).toBeNull();
  });
});
