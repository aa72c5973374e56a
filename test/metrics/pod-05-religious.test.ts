import { beforeAll, describe, expect, it } from "vitest";
import { counts, type Outputs, pick, runScenario } from "./helpers.ts";

/**
 * POD-05 follows OHID's deaths in usual place of residence: home, care home and religious establishment count;
 * hospital, hospice and other do not; an external cause leaves the denominator whatever the place.
 */
let out: Outputs;
beforeAll(async () => {
  out = await runScenario({
    lastPeriod: "2024-25-Q2",
    files: {
      "GPFED/2024-25-Q2/people": ["pk_p0001,A00001,1,85+,A,1,cancer", "pk_p0002,A00001,2,75-84,A,2,cancer", "pk_p0003,A00002,2,85+,A,3,other"],
      "GPFED/2024-25-Q2/deaths": [
        "pk_p0001,2024-08-10,religious,other,Y,N,cancer,",
        "pk_p0002,2024-08-12,home,home,Y,N,cancer,",
        "pk_p0003,2024-08-14,hospital,home,Y,N,other,",
        "pk_p0004,2024-08-16,hospice,home,,N,,",
        "pk_p0005,2024-08-18,religious,home,,Y,,",
        "pk_p0006,2024-08-20,care_home,care_home,,N,,",
      ],
    },
  });
});

describe("POD-05 deaths in usual place of residence", () => {
  it("counts a death in a religious establishment as in the usual place of residence", () => {
    expect(counts(pick(out.values, "POD-05", "2024-25-Q2"))).toMatchObject({ numerator: 3, denominator: 5 });
  });
  it("keeps a religious-establishment death out of home, care home, hospital and hospice deaths", () => {
    for (const id of ["POD-01", "POD-02", "POD-03", "POD-04"])
      expect(counts(pick(out.values, id, "2024-25-Q2")), id).toMatchObject({ numerator: 1, denominator: 6 });
  });
});
