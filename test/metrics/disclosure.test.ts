import { beforeAll, describe, expect, it } from "vitest";
import { newcombeDifference, wilsonInterval } from "../../metrics/statistics/index.ts";
import { attackOutputs } from "./differencing-attacker.ts";
import { metricsConfig, type Outputs, pick, type Row, runScenario, type Scenario } from "./helpers.ts";

/**
 * Larger counts, for disclosure control, targets, benchmarks and significant changes. All deaths of 2024-25-Q2
 * are in July 2024 (the baseline is July-December 2024); all of 2025-26-Q1 in May 2025.
 *
 * July 2024: NORTH (A00001) 20 decedents, 10 in hospital and 10 at home; SOUTH (A00002) 9, 8 in hospital and 1
 * at home; 3 with no people row (locality unknown), at home. POD-01 = 18/32, POD-02 = 14/32.
 * May 2025: NORTH 25 and SOUTH 5, all at home. POD-01 = 0/30, POD-02 = 30/30.
 */
function scenario(): Scenario {
  const people: string[] = [];
  const july: string[] = [];
  const may: string[] = [];
  const add = (prefix: string, n: number, practice: string | null, place: string, deaths: string[], date: string) => {
    for (let i = 1; i <= n; i++) {
      const id = `pk_${prefix}${String(i).padStart(4, "0")}`;
      if (practice) people.push(`${id},${practice},1,85+,A,1,cancer`);
      deaths.push(`${id},${date},${place},home,,N,,`);
    }
  };
  add("nh", 10, "A00001", "hospital", july, "2024-07-10");
  add("nd", 10, "A00001", "home", july, "2024-07-11");
  add("sh", 8, "A00002", "hospital", july, "2024-07-12");
  add("sd", 1, "A00002", "home", july, "2024-07-13");
  add("ux", 3, null, "home", july, "2024-07-14");
  add("mn", 25, "A00001", "home", may, "2025-05-10");
  add("ms", 5, "A00002", "home", may, "2025-05-11");
  return {
    lastPeriod: "2025-26-Q1",
    files: {
      "GPFED/2025-26-Q1/people": people,
      "GPFED/2024-25-Q2/deaths": july,
      "GPFED/2025-26-Q1/deaths": may,
    },
  };
}

const TARGETS = [
  { metric: "POD-01", target: 0.55, tolerance: 0.02 },
  { metric: "POD-02", target: 0.5, tolerance: 0.05 },
];
const BENCHMARKS = [{ metric: "POD-01", period: "2022", value: 0.434, source: "OHID profile, 2022 data" }];

let out: Outputs;
let rounded: Outputs;
beforeAll(async () => {
  out = await runScenario({ ...scenario(), config: metricsConfig({ targets: TARGETS, benchmarks: BENCHMARKS }) });
  rounded = await runScenario({
    ...scenario(),
    config: metricsConfig({ targets: TARGETS, benchmarks: BENCHMARKS, disclosure: { suppress: [1, 7], roundTo: 5 } }),
  });
});

const Q2 = "2024-25-Q2";
const NEXT = "2025-26-Q1";
const shown = (r: Row) => [r.suppressed, r.numerator, r.denominator, r.value];

describe("targets, benchmarks and changes", () => {
  it("rates each value against its target: green, amber within the tolerance, red", () => {
    const pod1 = pick(out.values, "POD-01", Q2); // 0.5625 against <= 0.55: misses by 0.0125, tolerance 0.02
    expect([pod1.target, pod1.rag]).toEqual(["0.55", "amber"]);
    expect(pick(out.values, "POD-01", Q2, "locality", "NORTH").rag).toBe("green"); // 0.5
    expect(pick(out.values, "POD-01", Q2, "locality", "SOUTH").rag).toBe("red"); // 8/9
    expect(pick(out.values, "POD-02", Q2).rag).toBe("red"); // 0.4375 against >= 0.5, tolerance 0.05
    expect(pick(out.values, "POD-02", Q2, "locality", "NORTH").rag).toBe("green"); // exactly 0.5
    expect(pick(out.values, "POD-01", "2024-25-Q3").rag).toBe("grey"); // empty
    expect(pick(out.values, "POD-03", Q2).rag).toBe(""); // no target
  });

  it("compares with the latest benchmark by whether the interval excludes it", () => {
    const q2 = pick(out.values, "POD-01", Q2); // Wilson 18/32 contains 0.434
    expect([q2.benchmark_value, q2.benchmark_assessment]).toEqual(["0.434", "similar"]);
    const next = pick(out.values, "POD-01", NEXT); // 0/30: wholly below, and lower is better
    expect([next.benchmark_value, next.benchmark_assessment]).toEqual(["0.434", "better"]);
    expect(pick(out.values, "POD-02", NEXT).benchmark_value).toBe("");
  });

  it("judges a significant change with the metric's direction; none for context metrics", () => {
    const pod1 = pick(out.values, "POD-01", NEXT);
    const d = newcombeDifference(0, 30, 18, 32)!;
    expect([Number(pod1.baseline_value), Number(pod1.change), Number(pod1.change_lower), Number(pod1.change_upper)]).toEqual([
      18 / 32, d.difference, d.lower, d.upper,
    ]);
    expect(pod1.change_assessment).toBe("improved"); // fewer hospital deaths
    expect(pick(out.values, "POD-02", NEXT).change_assessment).toBe("improved"); // more home deaths
    expect(pick(out.values, "POD-03", NEXT).change_assessment).toBe(""); // context
    expect(pick(out.values, "POD-01", NEXT, "locality", "NORTH").change_assessment).toBe("improved");
  });
});

describe("disclosure control", () => {
  it("hides a small cell and, in every table linked to it, enough others that subtraction cannot give it back", () => {
    // POD-01 by locality in July 2024: unknown rests on 3 people (primary); SOUTH (9 people) is hidden so it
    // cannot be recovered from the total. In May 2025 SOUTH rests on 5 people and NORTH (25) goes with it; the
    // rolling 12 months to 2025-26-Q1 (published) less NORTH's 2024-25-Q2 would give NORTH's 2025-26-Q1 back, so
    // NORTH's 2024-25-Q2 is hidden too.
    expect(shown(pick(out.published, "POD-01", Q2, "locality", "unknown"))).toEqual(["true", "", "", ""]);
    expect(shown(pick(out.published, "POD-01", Q2, "locality", "SOUTH"))).toEqual(["true", "", "", ""]);
    expect(shown(pick(out.published, "POD-01", NEXT, "locality", "NORTH"))).toEqual(["true", "", "", ""]);
    expect(shown(pick(out.published, "POD-01", Q2, "locality", "NORTH"))).toEqual(["true", "", "", ""]);
    expect(pick(out.published, "POD-01", NEXT, "locality", "NORTH", "rolling12").suppressed).toBe("false");
    // the alliance total is never the cell chosen while another will do
    expect(shown(pick(out.published, "POD-01", Q2))).toEqual(["false", "18", "32", String(18 / 32)]);
    // primary and secondary cells say which they are
    expect(pick(out.published, "POD-01", Q2, "locality", "unknown").empty_reason).toBe("suppressed");
    const south = pick(out.published, "POD-01", Q2, "locality", "SOUTH");
    expect([south.rag, south.ci_lower, south.ci_upper, south.change, south.benchmark_assessment, south.empty_reason]).toEqual([
      "grey", "", "", "", "", "suppressed_secondary",
    ]);
    // the raw copy keeps everything, intervals from unrounded counts
    const raw = pick(out.values, "POD-01", Q2, "locality", "SOUTH");
    const ci = wilsonInterval(8, 9)!;
    expect([raw.suppressed, Number(raw.ci_lower), Number(raw.ci_upper)]).toEqual(["false", ci.lower, ci.upper]);
    expect(out.result.disclosure.secondary).toBeGreaterThan(0);
  });

  it("leaves no primary cell recoverable by the differencing attacker", () => {
    const config = JSON.parse(JSON.stringify(metricsConfig()));
    for (const o of [out, rounded]) {
      const result = attackOutputs(o.outDir, config);
      expect(result.primary).toBeGreaterThan(0);
      expect(result.examples).toEqual([]);
    }
  });

  it("hides a baseline resting on a hidden cell, and the change derived from it", () => {
    // age band 85+: its baseline (11 of 29 at home) rests on July 2024 alone, a hidden (secondary) cell: the
    // baseline value would be July's value, so it goes with the change
    expect(pick(out.published, "POD-02", "2024-07", "age_band", "85+").empty_reason).toBe("suppressed_secondary");
    const raw = pick(out.values, "POD-02", NEXT, "age_band", "85+");
    expect([raw.baseline_value, raw.change_assessment]).toEqual([String(11 / 29), "improved"]);
    const published = pick(out.published, "POD-02", NEXT, "age_band", "85+");
    expect([published.baseline_value, published.change_scale, published.change, published.change_lower, published.change_assessment]).toEqual([
      "", "", "", "", "",
    ]);
    // the alliance baseline rests on published months only and stays
    expect(pick(out.published, "POD-02", NEXT).baseline_value).toBe(String(14 / 32));
  });

  it("hides the SPC point of a hidden month, and the centre and limits of a group one of whose limit months is hidden", () => {
    const spc = out.publishedSpc.filter((r) => r.metric_id === "POD-01" && r.breakdown === "locality" && r.month === "2024-07");
    const by = Object.fromEntries(spc.map((r) => [r.breakdown_value, r]));
    expect([by.SOUTH!.value, by.unknown!.value, by.SOUTH!.suppressed, by.SOUTH!.empty_reason]).toEqual(["", "", "true", "suppressed_secondary"]);
    expect([by.SOUTH!.centre, by.SOUTH!.upper_limit, by.SOUTH!.lower_limit]).toEqual(["", "", ""]);
    const raw = out.spc.find((r) => r.metric_id === "POD-01" && r.breakdown === "locality" && r.breakdown_value === "SOUTH" && r.month === "2024-07")!;
    expect(raw.value).toBe(String(8 / 9));
  });

  it("rounds other counts to the nearest 5 when configured, and recomputes values and RAG from them", () => {
    const total = pick(rounded.published, "POD-01", Q2);
    expect(shown(total)).toEqual(["false", "20", "30", String(20 / 30)]);
    expect([total.numerator_people, total.denominator_people]).toEqual(["20", "30"]);
    expect(total.rag).toBe("red"); // 0.667 misses 0.55 by more than the tolerance
    const raw = pick(rounded.values, "POD-01", Q2);
    expect([raw.numerator, raw.denominator, raw.rag]).toEqual(["18", "32", "amber"]);
    // the interval still comes from the unrounded counts
    expect(total.ci_lower).toBe(raw.ci_lower);
    expect(pick(rounded.published, "POD-01", Q2, "locality", "SOUTH").suppressed).toBe("true");
  });
});
