import { describe, expect, it } from "vitest";
import {
  applyDisclosureControl,
  SECONDARY_SUPPRESSION_REASON,
  type DisclosureCell,
} from "../../../metrics/statistics/disclosure.ts";

interface MetricRow extends DisclosureCell {
  ci_lower: number | null;
  ci_upper: number | null;
  change: number | null;
  change_lower: number | null;
  change_upper: number | null;
  change_assessment: string | null;
  rag: string | null;
  incomplete: boolean;
}

/** A proportion cell whose people counts equal its counts (one row per decedent). */
function proportion(breakdownValue: string, numerator: number, denominator: number, extra: Partial<MetricRow> = {}): MetricRow {
  return {
    breakdown_value: breakdownValue,
    kind: "proportion",
    numerator,
    denominator,
    numerator_people: numerator,
    denominator_people: denominator,
    value: denominator === 0 ? null : numerator / denominator,
    ci_lower: 0.1,
    ci_upper: 0.9,
    change: 0.05,
    change_lower: -0.1,
    change_upper: 0.2,
    change_assessment: "no_significant_change",
    rag: "amber",
    incomplete: false,
    ...extra,
  };
}

const PRIMARY = "primary: fewer than 8 people";

describe("primary suppression", () => {
  it("hides a single small cell and everything derived from it", () => {
    const [published] = applyDisclosureControl([proportion("all", 3, 40)]);
    expect(published).toEqual({
      breakdown_value: "all",
      kind: "proportion",
      numerator: null,
      denominator: null,
      numerator_people: null,
      denominator_people: null,
      value: null,
      ci_lower: null,
      ci_upper: null,
      change: null,
      change_lower: null,
      change_upper: null,
      change_assessment: null,
      rag: "grey",
      incomplete: false,
      suppressed: true,
      suppression_reason: PRIMARY,
    });
  });

  it("judges the denominator's people too", () => {
    expect(applyDisclosureControl([proportion("all", 0, 6)])[0].suppressed).toBe(true);
  });

  it.each([
    [1, true],
    [7, true],
    [8, false],
  ])("a count of %i people: suppressed %s", (people, suppressed) => {
    expect(applyDisclosureControl([proportion("all", people, 100)])[0].suppressed).toBe(suppressed);
  });

  it("publishes zero cells: nobody can be identified in them", () => {
    const [none, empty] = applyDisclosureControl([proportion("all", 0, 40), proportion("NORTH", 0, 0)]);
    expect(none).toMatchObject({ suppressed: false, suppression_reason: null, numerator: 0, value: 0 });
    expect(empty).toMatchObject({ suppressed: false, numerator: 0, denominator: 0, value: null });
  });

  it("judges spells, bed days and pounds by the people behind them", () => {
    const spells: DisclosureCell = {
      breakdown_value: "all",
      kind: "per_decedent",
      numerator: 40, // 40 emergency spells ...
      denominator: 30,
      numerator_people: 5, // ... among 5 people
      denominator_people: 30,
      value: 40 / 30,
    };
    expect(applyDisclosureControl([spells])[0]).toMatchObject({ suppressed: true, value: null });
  });

  it("follows a configured range", () => {
    const [published] = applyDisclosureControl([proportion("all", 9, 100)], { suppress: [1, 9] });
    expect(published.suppression_reason).toBe("primary: fewer than 10 people");
  });

  it("leaves fields it does not know alone and adds none that were absent", () => {
    const bare: DisclosureCell = {
      breakdown_value: "all",
      kind: "proportion",
      numerator: 2,
      denominator: 50,
      numerator_people: 2,
      denominator_people: 50,
      value: 0.04,
    };
    expect(Object.keys(applyDisclosureControl([bare])[0]).sort()).toEqual(
      [...Object.keys(bare), "suppressed", "suppression_reason"].sort(),
    );
  });
});

describe("secondary suppression", () => {
  // The localities add up to the alliance total, so one hidden locality could be recovered.
  const table = [
    proportion("all", 120, 300),
    proportion("NORTH", 50, 110),
    proportion("SOUTH", 40, 95),
    proportion("EAST", 4, 12), // 4 people: primary
    proportion("WEST", 26, 83),
  ];

  it("also hides the next smallest cell by denominator people", () => {
    const published = applyDisclosureControl(table);
    expect(published.map((cell) => [cell.breakdown_value, cell.suppression_reason])).toEqual([
      ["all", null],
      ["NORTH", null],
      ["SOUTH", null],
      ["EAST", PRIMARY],
      ["WEST", SECONDARY_SUPPRESSION_REASON],
    ]);
    expect(published[4]).toMatchObject({ numerator: null, value: null, ci_lower: null, rag: "grey" });
    expect(published[0]).toMatchObject({ numerator: 120, value: 0.4 });
  });

  it("is not needed when two cells are already hidden", () => {
    const twoSmall = [
      proportion("all", 120, 300),
      proportion("NORTH", 50, 110),
      proportion("SOUTH", 40, 95),
      proportion("EAST", 4, 12),
      proportion("WEST", 3, 7),
      proportion("CENTRAL", 23, 76),
    ];
    const reasons = applyDisclosureControl(twoSmall).map((cell) => cell.suppression_reason);
    expect(reasons).toEqual([null, null, null, PRIMARY, PRIMARY, null]);
  });

  it("is not needed when the breakdown does not add up to the total", () => {
    // e.g. practices that sent no list size are missing from the practice breakdown
    const partial = [proportion("all", 150, 380), ...table.slice(1)];
    const reasons = applyDisclosureControl(partial).map((cell) => cell.suppression_reason);
    expect(reasons).toEqual([null, null, null, PRIMARY, null]);
  });

  it("is not needed when the total itself is hidden", () => {
    const tiny = [proportion("all", 6, 20), proportion("NORTH", 2, 9), proportion("SOUTH", 4, 11)];
    const reasons = applyDisclosureControl(tiny).map((cell) => cell.suppression_reason);
    expect(reasons).toEqual([PRIMARY, PRIMARY, PRIMARY]);
  });

  it("passes over empty cells, which protect nothing", () => {
    const withEmpty = [
      proportion("all", 64, 212),
      proportion("NORTH", 60, 200),
      proportion("SOUTH", 4, 12), // primary
      proportion("unknown", 0, 0),
    ];
    const reasons = applyDisclosureControl(withEmpty).map((cell) => cell.suppression_reason);
    expect(reasons).toEqual([null, SECONDARY_SUPPRESSION_REASON, PRIMARY, null]);
  });

  it("recognises a breakdown whose denominators add up even when its numerators do not", () => {
    // the hidden denominator (12) could be recovered as 100 - 60 - 28
    const published = applyDisclosureControl([
      proportion("all", 30, 100),
      proportion("NORTH", 20, 60),
      proportion("SOUTH", 2, 12), // primary
      proportion("EAST", 9, 28, { numerator: null }),
    ]);
    expect(published.map((cell) => cell.suppression_reason)).toEqual([null, null, PRIMARY, SECONDARY_SUPPRESSION_REASON]);
  });
});

describe("rounding to the nearest 5", () => {
  it("rounds every published count and recomputes the percentage from the rounded counts", () => {
    const [published] = applyDisclosureControl([proportion("all", 23, 47, { numerator_people: 23, denominator_people: 47 })], {
      roundTo: 5,
    });
    expect(published).toMatchObject({ numerator: 25, denominator: 45, numerator_people: 25, denominator_people: 45 });
    expect(published.value).toBe(25 / 45);
    // intervals stay as computed from unrounded counts
    expect(published.ci_lower).toBe(0.1);
    expect(published.suppressed).toBe(false);
  });

  it("keeps suppressed cells empty and zero cells zero", () => {
    const published = applyDisclosureControl([proportion("all", 0, 40), proportion("NORTH", 0, 3)], { roundTo: 5 });
    expect(published[0]).toMatchObject({ numerator: 0, denominator: 40, value: 0 });
    expect(published[1]).toMatchObject({ numerator: null, value: null, suppressed: true });
  });

  it("recomputes a rate per 1,000 register days with its multiplier", () => {
    const rate: DisclosureCell = {
      breakdown_value: "all",
      kind: "rate",
      numerator: 12,
      denominator: 4321,
      numerator_people: 11,
      denominator_people: 180,
      value: (1000 * 12) / 4321,
    };
    const [inferred] = applyDisclosureControl([rate], { roundTo: 5 });
    expect(inferred).toMatchObject({ numerator: 10, denominator: 4320, numerator_people: 10, denominator_people: 180 });
    expect(inferred.value).toBeCloseTo((1000 * 10) / 4320, 12);
    const [explicit] = applyDisclosureControl([{ ...rate, multiplier: 1000 }], { roundTo: 5 });
    expect(explicit.value).toBe((1000 * 10) / 4320);
  });

  it("rounds decedents but not pounds, and keeps £ per decedent consistent with them", () => {
    const cost: DisclosureCell = {
      breakdown_value: "all",
      kind: "currency",
      numerator: 123456.78,
      denominator: 52,
      numerator_people: 31,
      denominator_people: 52,
      value: 123456.78 / 52,
    };
    const [published] = applyDisclosureControl([cost], { roundTo: 5 });
    expect(published).toMatchObject({ numerator: 123456.78, denominator: 50, numerator_people: 30 });
    expect(published.value).toBe(123456.78 / 50);
  });

  it("rejects a rounding base that is not a positive whole number", () => {
    expect(() => applyDisclosureControl([proportion("all", 10, 20)], { roundTo: 0 })).toThrow(RangeError);
  });
});
