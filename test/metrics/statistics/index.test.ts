import { describe, expect, it } from "vitest";
import * as statistics from "../../../metrics/statistics/index.ts";

describe("metrics/statistics index", () => {
  it("re-exports the public functions", () => {
    for (const name of [
      "wilsonInterval",
      "exactPoissonInterval",
      "byarLimits",
      "rateInterval",
      "newcombeDifference",
      "rateRatio",
      "assessChange",
      "rag",
      "compareBenchmark",
      "processLimits",
      "spc",
      "spcForSeries",
      "improvementDirectionOf",
      "applyDisclosureControl",
    ] as const) {
      expect(typeof statistics[name], name).toBe("function");
    }
  });
});
