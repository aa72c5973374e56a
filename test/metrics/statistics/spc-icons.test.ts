import { describe, expect, it } from "vitest";
import { assuranceOf, assuranceTypeOf, variationOf, type AssuranceType } from "../../../metrics/statistics/spc-icons.ts";
import type { ImprovementDirection } from "../../../metrics/statistics/spc-rules.ts";
import { readReferenceJson } from "./reference-fixtures.ts";

interface AssuranceCase {
  improvement_direction: ImprovementDirection;
  lpl: number;
  upl: number;
  target: number;
  expected: AssuranceType | null;
}

const assuranceCases = readReferenceJson<{ assurance: { cases: AssuranceCase[] } }>("spc_rule_unit_cases.json").assurance.cases;

describe("assurance against NHSRplotthedots' test-ptd_calculate_assurance_type.R", () => {
  it("checks all 9 cases", () => {
    expect(assuranceCases).toHaveLength(9);
  });

  it.each(assuranceCases)(
    "$improvement_direction, limits [$lpl, $upl], target $target → $expected",
    ({ improvement_direction, lpl, upl, target, expected }) => {
      expect(assuranceTypeOf(target, lpl, upl, improvement_direction)).toBe(expected);
    },
  );

  it("gives none without a target or without limits", () => {
    expect(assuranceTypeOf(null, 1, 3, "increase")).toBeNull();
    expect(assuranceTypeOf(2, null, null, "increase")).toBeNull();
  });

  it("uses our spc.csv names", () => {
    expect(assuranceOf("consistent_pass")).toBe("pass");
    expect(assuranceOf("consistent_fail")).toBe("fail");
    expect(assuranceOf("inconsistent")).toBe("hit_and_miss");
    expect(assuranceOf(null)).toBeNull();
  });
});

describe("variationOf", () => {
  it.each([
    ["common_cause", "increase", "common_cause"],
    ["special_cause_improvement", "increase", "improvement_high"],
    ["special_cause_improvement", "decrease", "improvement_low"],
    ["special_cause_concern", "increase", "concern_low"],
    ["special_cause_concern", "decrease", "concern_high"],
    ["special_cause_neutral_high", "neutral", "neither_high"],
    ["special_cause_neutral_low", "neutral", "neither_low"],
  ] as const)("%s with %s → %s", (pointType, direction, expected) => {
    expect(variationOf(pointType, direction)).toBe(expected);
  });
});
