import { describe, expect, it } from "vitest";
import {
  labelSpecialCauses,
  partOfSevenPointRun,
  partOfTwoInThree,
  pointTypeOf,
  sevenPointOneSideOfMean,
  sevenPointTrend,
  specialCauseRuleOf,
  twoInThree,
} from "../../../metrics/statistics/spc-rules.ts";
import { readReferenceJson } from "./reference-fixtures.ts";

interface VectorCase {
  input: number[];
  expected: number[];
}
interface TwoInThreeCase {
  v: number[];
  rtm: number[];
  expected: number[];
}
interface RuleUnitCases {
  seven_point_one_side_mean: { cases: VectorCase[] };
  part_of_seven_trend: { cases: VectorCase[] };
  seven_point_trend: { cases: VectorCase[] };
  two_in_three: { cases: TwoInThreeCase[] };
  part_of_two_in_three: { cases: TwoInThreeCase[] };
  special_cause_type_priority: {
    y: number[];
    relative_to_mean: number[];
    outside_limits: number[];
    part_seven_point_trend: number[];
    part_two_in_three: number[];
    part_seven_point_one_side: number[];
    expected: string[];
  };
  assurance: { cases: unknown[] };
}

const fixture = readReferenceJson<RuleUnitCases>("spc_rule_unit_cases.json");

describe("SPC rule helpers against NHSRplotthedots' inline test vectors", () => {
  it("has the expected number of cases in each section (none skipped)", () => {
    expect(fixture.seven_point_one_side_mean.cases).toHaveLength(5);
    expect(fixture.part_of_seven_trend.cases).toHaveLength(6);
    expect(fixture.seven_point_trend.cases).toHaveLength(7);
    expect(fixture.two_in_three.cases).toHaveLength(10);
    expect(fixture.part_of_two_in_three.cases).toHaveLength(6);
    expect(fixture.special_cause_type_priority.expected).toHaveLength(8);
  });

  it.each(fixture.seven_point_one_side_mean.cases.map((c, i) => [i, c] as const))("seven points one side of the mean #%i", (_i, c) => {
    expect(sevenPointOneSideOfMean(c.input)).toEqual(c.expected);
  });

  it.each(fixture.part_of_seven_trend.cases.map((c, i) => [i, c] as const))("part of a seven-point run #%i", (_i, c) => {
    expect(partOfSevenPointRun(c.input)).toEqual(c.expected);
  });

  it.each(fixture.seven_point_trend.cases.map((c, i) => [i, c] as const))("seven-point trend #%i", (_i, c) => {
    expect(sevenPointTrend(c.input)).toEqual(c.expected);
  });

  it.each(fixture.two_in_three.cases.map((c, i) => [i, c] as const))("two in three #%i", (_i, c) => {
    expect(twoInThree(c.v, c.rtm)).toEqual(c.expected);
  });

  it.each(fixture.part_of_two_in_three.cases.map((c, i) => [i, c] as const))("part of two in three #%i", (_i, c) => {
    expect(partOfTwoInThree(twoInThree(c.v, c.rtm), c.v)).toEqual(c.expected);
  });

  it("labels by priority: outside limits > trend > two in three > run", () => {
    const p = fixture.special_cause_type_priority;
    const labels = labelSpecialCauses({
      values: p.y,
      relativeToMean: p.relative_to_mean,
      outsideLimits: p.outside_limits,
      partOfTrend: p.part_seven_point_trend,
      partOfTwoInThree: p.part_two_in_three,
      partOfRun: p.part_seven_point_one_side,
    });
    expect(labels).toEqual(p.expected);
  });
});

describe("point types and rule names", () => {
  it("orients high and low by the improvement direction", () => {
    expect(pointTypeOf("Above UCL", "increase")).toBe("special_cause_improvement");
    expect(pointTypeOf("Above UCL", "decrease")).toBe("special_cause_concern");
    expect(pointTypeOf("7 Point Trend (Decreasing)", "decrease")).toBe("special_cause_improvement");
    expect(pointTypeOf("2 in 3 Below CL", "increase")).toBe("special_cause_concern");
    expect(pointTypeOf("7 Points Below CL", "neutral")).toBe("special_cause_neutral_low");
    expect(pointTypeOf("7 Points Above CL", "neutral")).toBe("special_cause_neutral_high");
    expect(pointTypeOf("Common Cause", "neutral")).toBe("common_cause");
  });

  it("names the rule for spc.csv", () => {
    expect(specialCauseRuleOf("Common Cause")).toBe("");
    expect(specialCauseRuleOf("Below LCL")).toBe("outside_limits");
    expect(specialCauseRuleOf("7 Point Trend (Increasing)")).toBe("trend");
    expect(specialCauseRuleOf("2 in 3 Above CL")).toBe("two_of_three");
    expect(specialCauseRuleOf("7 Points Below CL")).toBe("run");
  });
});
