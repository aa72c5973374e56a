import { describe, expect, it } from "vitest";
import { spc, type SpcInputPoint, type SpcOptions, type SpcResult } from "../../../metrics/statistics/spc.ts";
import type { ImprovementDirection } from "../../../metrics/statistics/spc-rules.ts";
import { expectRelativelyClose, expectWithin, readReferenceJson } from "./reference-fixtures.ts";

// The package's icon file names, translated to our spc.csv names.
const VARIATION_NAMES: Record<string, string> = {
  common_cause: "common_cause",
  improvement_high: "improvement_high",
  improvement_low: "improvement_low",
  concern_high: "concern_high",
  concern_low: "concern_low",
  neutral_high: "neither_high",
  neutral_low: "neither_low",
};
const ASSURANCE_NAMES: Record<string, string> = { pass: "pass", fail: "fail", inconsistent: "hit_and_miss" };

type FacetValue = string | number;

/** Runs each facet separately, as the package does, keyed by facet ("no facet" when unfaceted). */
function spcByFacet(
  xs: readonly string[],
  ys: readonly number[],
  facets: readonly FacetValue[] | undefined,
  optionsFor: (facet: FacetValue) => SpcOptions,
): Map<FacetValue, SpcResult> {
  const inputs = new Map<FacetValue, SpcInputPoint[]>();
  xs.forEach((x, i) => {
    const facet = facets?.[i] ?? "no facet";
    if (!inputs.has(facet)) inputs.set(facet, []);
    inputs.get(facet)!.push({ x, y: ys[i] });
  });
  return new Map([...inputs].map(([facet, points]) => [facet, spc(points, optionsFor(facet))]));
}

/** Half a unit in the last printed place of a value shown to `digits` significant digits. */
function significantTolerance(value: number, digits: number): number {
  return 0.5 * 10 ** (Math.floor(Math.log10(Math.abs(value))) - (digits - 1));
}

// ---------------------------------------------------------------------------------------------
// spc_package_cases.json: what the package's own tests, snapshots and vignette assert.
// ---------------------------------------------------------------------------------------------

interface PackageCase {
  id: string;
  options: { improvement_direction?: ImprovementDirection; screen_outliers?: boolean; target?: number | null; facet?: boolean };
  input: { x: string[]; y: number[]; f?: FacetValue[] };
  expected: Record<string, unknown>;
  precision: string;
}

const packageCases = readReferenceJson<{ cases: PackageCase[] }>("spc_package_cases.json").cases;

/**
 * How precisely each case's source prints its numbers, read from its `precision` note. Keyed by id
 * so that a new case without a rule fails rather than being compared at the wrong precision.
 */
type Precision = { decimals: number } | { significant: number; lplSignificant?: number } | "exact";
const PRECISION_BY_CASE: Record<string, { precision: Precision; note: RegExp }> = {
  deviations_vignette_screened: { precision: { decimals: 2 }, note: /2 dp/ },
  deviations_vignette_unscreened: { precision: { decimals: 2 }, note: /2 dp/ },
  spc_standard_snapshot_r1: { precision: { significant: 7, lplSignificant: 6 }, note: /7 significant digits.*lpl printed to 6/ },
  spc_standard_snapshot_r2: { precision: { significant: 7 }, note: /7 significant digits/ },
  spc_standard_snapshot_r3: { precision: { significant: 7 }, note: /7 significant digits/ },
  summary_snapshot_unfaceted: { precision: { significant: 3 }, note: /3 significant digits/ },
  summary_snapshot_faceted: { precision: { significant: 3 }, note: /3 significant digits/ },
  two_in_three_opposite_sides: { precision: "exact", note: /exact/ },
  ...Object.fromEntries(
    ["icons_s1", "icons_s2", "icons_s3", "icons_s4", "icons_s5", "icons_s6", "icons_s7", "icons_s8", "icons_s9"].map((id) => [
      id,
      { precision: "exact" as const, note: /exact/ },
    ]),
  ),
};

function expectAtPrecision(actual: number | null, expected: number, precision: Precision, field: string): void {
  if (precision === "exact") {
    expect(actual).toBe(expected);
  } else if ("decimals" in precision) {
    expectWithin(actual, expected, 0.5 * 10 ** -precision.decimals + 1e-12);
  } else {
    const digits = field === "lpl" && precision.lplSignificant !== undefined ? precision.lplSignificant : precision.significant;
    expectWithin(actual, expected, significantTolerance(expected, digits) + 1e-15);
  }
}

let packageExpectationsChecked = 0;

function checkPackageCase(testCase: PackageCase): void {
  const { precision } = PRECISION_BY_CASE[testCase.id];
  const results = spcByFacet(testCase.input.x, testCase.input.y, testCase.input.f, () => ({
    improvementDirection: testCase.options.improvement_direction ?? "increase",
    screenOutliers: testCase.options.screen_outliers ?? true,
    target: testCase.options.target ?? null,
  }));
  const onlyResult = () => {
    expect(results.size).toBe(1);
    return [...results.values()][0];
  };

  for (const [key, expected] of Object.entries(testCase.expected)) {
    packageExpectationsChecked += 1;
    switch (key) {
      case "mean_col":
      case "lpl":
      case "upl": {
        const group = onlyResult().groups[0];
        expectAtPrecision(group[key === "mean_col" ? "mean" : key], expected as number, precision, key);
        break;
      }
      case "special_cause_points": {
        const flagged = onlyResult().points.flatMap((point, i) => (point.special_cause_flag ? [i + 1] : []));
        expect(flagged).toEqual(expected);
        break;
      }
      case "point_type_at":
        for (const [position, pointType] of Object.entries(expected as Record<string, string>)) {
          expect(onlyResult().points[Number(position) - 1].point_type).toBe(pointType);
        }
        break;
      case "all_other_points": {
        const listed = new Set(Object.keys(testCase.expected.point_type_at as Record<string, string>).map(Number));
        onlyResult().points.forEach((point, i) => {
          if (!listed.has(i + 1)) expect(point.point_type).toBe(expected);
        });
        break;
      }
      case "relative_to_mean_first15":
      case "relative_to_mean_first14": {
        const count = (expected as number[]).length;
        expect(onlyResult().points.slice(0, count).map((point) => point.relative_to_mean)).toEqual(expected);
        break;
      }
      case "outside_limits_first8":
        expect(onlyResult().points.slice(0, 8).map((point) => point.outside_limits)).toEqual(expected);
        break;
      case "close_to_limits_first8":
        expect(onlyResult().points.slice(0, 8).map((point) => point.close_to_limits)).toEqual(expected);
        break;
      case "y_first4_printed":
        // Confirms the regenerated rnorm() inputs are the package's (printed to 8 dp).
        (expected as number[]).forEach((printed, i) => expectWithin(testCase.input.y[i], printed, 5e-9));
        break;
      case "point_type_last2":
        expect(onlyResult().points.slice(-2).map((point) => point.point_type)).toEqual(expected);
        break;
      case "summary":
        for (const row of expected as Array<Record<string, number>>) {
          const result = results.get(row.f ?? "no facet")!;
          expect(result.groups).toHaveLength(1);
          const group = result.groups[0];
          expectAtPrecision(group.mean, row.mean_col, precision, "mean_col");
          expectAtPrecision(group.lpl, row.lpl, precision, "lpl");
          expectAtPrecision(group.upl, row.upl, precision, "upl");
          expect(group.n).toBe(row.n);
          expect(group.common_cause).toBe(row.common_cause);
          expect(group.special_cause_improvement).toBe(row.special_cause_improvement);
        }
        break;
      case "icons":
        expect(results.size).toBe((expected as unknown[]).length);
        for (const icon of expected as Array<{ f: FacetValue; variation_icon: string; assurance_icon: string | null }>) {
          const result = results.get(icon.f)!;
          expect(result.variation).toBe(VARIATION_NAMES[icon.variation_icon]);
          expect(result.assurance).toBe(icon.assurance_icon === null ? null : ASSURANCE_NAMES[icon.assurance_icon]);
        }
        break;
      default:
        throw new Error(`${testCase.id}: no check written for expected.${key}`);
    }
  }
}

describe("spc against NHSRplotthedots' own assertions (spc_package_cases.json)", () => {
  it("has a precision rule for each of the 17 cases, matching its note", () => {
    expect(packageCases).toHaveLength(17);
    for (const testCase of packageCases) {
      expect(PRECISION_BY_CASE[testCase.id], testCase.id).toBeDefined();
      expect(testCase.precision).toMatch(PRECISION_BY_CASE[testCase.id].note);
    }
  });

  it.each(packageCases.map((testCase) => [testCase.id, testCase] as const))("%s", (_id, testCase) => {
    checkPackageCase(testCase);
  });

  it("checked every expectation of every case", () => {
    const expectationCount = packageCases.reduce((sum, testCase) => sum + Object.keys(testCase.expected).length, 0);
    expect(expectationCount).toBe(39);
    expect(packageExpectationsChecked).toBe(expectationCount);
  });
});

// ---------------------------------------------------------------------------------------------
// spc_derived_cases.json: every column of every point, from a line-by-line translation of the R.
// ---------------------------------------------------------------------------------------------

interface DerivedCase {
  id: string;
  options: {
    improvement_direction?: ImprovementDirection;
    screen_outliers?: boolean;
    fix_after_n_points?: number;
    target?: number | Record<string, number>;
    rebase?: string[] | Record<string, string[]>;
  };
  input: Array<{ x: string; y: number; f?: FacetValue }>;
  expected_points: unknown[][];
  expected_summary: Array<{
    f: FacetValue;
    variation_icon: string;
    assurance_icon: string | null;
    assurance_type: string | null;
    groups: Array<{
      rebase_group: number;
      mean_col: number;
      lpl: number;
      upl: number;
      n: number;
      common_cause: number;
      special_cause_improvement: number;
      special_cause_concern: number;
      variation_type: string;
    }>;
  }>;
  signals: string[];
}

const derived = readReferenceJson<{ point_columns: string[]; cases: DerivedCase[] }>("spc_derived_cases.json");

function facetOption<T>(option: T | Record<string, T> | undefined, facet: FacetValue, isShared: (value: unknown) => value is T): T | undefined {
  if (option === undefined || isShared(option)) return option as T | undefined;
  return (option as Record<string, T>)[String(facet)];
}
const isNumber = (value: unknown): value is number => typeof value === "number";
const isStringArray = (value: unknown): value is string[] => Array.isArray(value);

function expectFloat(actual: number | null, expected: unknown, column: string): void {
  if (expected === null) {
    expect(actual, column).toBeNull();
  } else {
    expectRelativelyClose(actual, expected as number);
  }
}

let derivedPointsChecked = 0;

function checkDerivedCase(testCase: DerivedCase): void {
  const columns = derived.point_columns;
  const column = (row: unknown[], name: string) => row[columns.indexOf(name)];
  const targetFor = (facet: FacetValue) => facetOption(testCase.options.target, facet, isNumber) ?? null;

  const results = spcByFacet(
    testCase.input.map((point) => point.x),
    testCase.input.map((point) => point.y),
    testCase.input.some((point) => point.f !== undefined) ? testCase.input.map((point) => point.f!) : undefined,
    (facet) => ({
      improvementDirection: testCase.options.improvement_direction ?? "increase",
      screenOutliers: testCase.options.screen_outliers ?? true,
      fixAfterNPoints: testCase.options.fix_after_n_points ?? null,
      target: targetFor(facet),
      rebase: facetOption(testCase.options.rebase, facet, isStringArray) ?? [],
    }),
  );

  // Expected rows are ordered by facet then x, as the package arranges them.
  const rowsByFacet = new Map<FacetValue, unknown[][]>();
  for (const row of testCase.expected_points) {
    const facet = column(row, "f") as FacetValue;
    if (!rowsByFacet.has(facet)) rowsByFacet.set(facet, []);
    rowsByFacet.get(facet)!.push(row);
  }
  expect([...results.keys()].sort()).toEqual([...rowsByFacet.keys()].sort());

  const flattened: Array<{ special_cause_type: string }> = [];
  for (const [facet, rows] of rowsByFacet) {
    const points = results.get(facet)!.points;
    expect(points).toHaveLength(rows.length);
    rows.forEach((row, i) => {
      const point = points[i];
      const where = `${testCase.id} ${facet} ${point.x}`;
      expect(point.x, where).toBe(column(row, "x"));
      expect(point.y, where).toBe(column(row, "y"));
      expect(point.rebase_group, where).toBe(column(row, "rebase_group"));
      expect(point.short_group, where).toBe(column(row, "short_group_warning"));
      const fixY = column(row, "fix_y");
      expect(point.used_for_limits, where).toBe(fixY !== null);
      if (fixY !== null) expect(fixY, where).toBe(point.y);
      expectFloat(point.mean, column(row, "mean_col"), "mean_col");
      expectFloat(point.lpl, column(row, "lpl"), "lpl");
      expectFloat(point.upl, column(row, "upl"), "upl");
      expectFloat(point.nlpl, column(row, "nlpl"), "nlpl");
      expectFloat(point.nupl, column(row, "nupl"), "nupl");
      expect(point.outside_limits, where).toBe(column(row, "outside_limits"));
      expect(point.relative_to_mean, where).toBe(column(row, "relative_to_mean"));
      expect(point.close_to_limits, where).toBe(column(row, "close_to_limits"));
      expect(point.special_cause_type, where).toBe(column(row, "special_cause_type"));
      expect(point.special_cause_flag, where).toBe(column(row, "special_cause_flag"));
      expect(point.point_type, where).toBe(column(row, "point_type"));
      expect(targetFor(facet), where).toBe(column(row, "target"));
      flattened.push(point);
      derivedPointsChecked += 1;
    });
  }

  const signals = flattened.flatMap((point, i) =>
    point.special_cause_type === "Common Cause" ? [] : [`${i + 1}:${point.special_cause_type}`],
  );
  expect(signals).toEqual(testCase.signals);

  expect(results.size).toBe(testCase.expected_summary.length);
  for (const summary of testCase.expected_summary) {
    const result = results.get(summary.f)!;
    expect(result.variation).toBe(VARIATION_NAMES[summary.variation_icon]);
    expect(result.assurance).toBe(summary.assurance_icon === null ? null : ASSURANCE_NAMES[summary.assurance_icon]);
    expect(result.assurance_type).toBe(summary.assurance_type);
    expect(result.groups).toHaveLength(summary.groups.length);
    summary.groups.forEach((expectedGroup, g) => {
      const group = result.groups[g];
      expect(group.rebase_group).toBe(expectedGroup.rebase_group);
      expectRelativelyClose(group.mean, expectedGroup.mean_col);
      expectRelativelyClose(group.lpl, expectedGroup.lpl);
      expectRelativelyClose(group.upl, expectedGroup.upl);
      expect(group.n).toBe(expectedGroup.n);
      expect(group.common_cause).toBe(expectedGroup.common_cause);
      expect(group.special_cause_improvement).toBe(expectedGroup.special_cause_improvement);
      expect(group.special_cause_concern).toBe(expectedGroup.special_cause_concern);
      expect(group.variation_type).toBe(expectedGroup.variation_type);
    });
  }
}

describe("spc against the derived translation of the package (spc_derived_cases.json)", () => {
  it("has 29 cases and 658 points", () => {
    expect(derived.cases).toHaveLength(29);
    expect(derived.cases.reduce((sum, testCase) => sum + testCase.expected_points.length, 0)).toBe(658);
  });

  it.each(derived.cases.map((testCase) => [testCase.id, testCase] as const))("%s", (_id, testCase) => {
    checkDerivedCase(testCase);
  });

  it("checked all 658 points", () => {
    expect(derivedPointsChecked).toBe(658);
  });
});

describe("spc generalisation: calculationPoints", () => {
  it("choosing the first 12 points reproduces fixAfterNPoints = 12", () => {
    const fixedCase = derived.cases.find((testCase) => testCase.id === "fix_after_12")!;
    const input = fixedCase.input.map(({ x, y }) => ({ x, y }));
    const fixed = spc(input, { fixAfterNPoints: 12 });
    const chosen = spc(input, { calculationPoints: (_point, index) => index < 12 });
    expect(chosen).toEqual(fixed);
  });

  it("rejects fixAfterNPoints below the package's minimum of 12", () => {
    expect(() => spc([{ x: "2024-01", y: 1 }], { fixAfterNPoints: 6 })).toThrow(RangeError);
  });

  it("sorts by x and rejects two values for one period", () => {
    const result = spc([
      { x: "2024-02", y: 2 },
      { x: "2024-01", y: 1 },
    ]);
    expect(result.points.map((point) => point.x)).toEqual(["2024-01", "2024-02"]);
    expect(() => spc([{ x: "2024-01", y: 1 }, { x: "2024-01", y: 2 }])).toThrow(RangeError);
  });

  it("gives an empty result for an empty series", () => {
    expect(spc([])).toEqual({ points: [], groups: [], variation: null, assurance: null, assurance_type: null });
  });
});
