import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { closeDb, openDb, rows } from "../../loaders/duckdb.ts";
import { METRIC_VALUE_COLUMNS, SPC_COLUMNS } from "../../metrics/engine/columns.ts";
import { newcombeDifference, rateInterval, wilsonInterval } from "../../metrics/statistics/index.ts";
import { counts, type Outputs, pick, type Row, runScenario } from "./helpers.ts";
import { LINKED } from "./linked-scenario.ts";

/**
 * Every number below is worked out by hand from the rows in linked-scenario.ts (see its comments), then checked
 * against the engine's metric_values.csv. "Q2" is 2024-25-Q2 (July-September 2024).
 */

let out: Outputs;
beforeAll(async () => {
  out = await runScenario(LINKED);
});

const Q2 = "2024-25-Q2";
const Q3 = "2024-25-Q3";
const Q4 = "2024-25-Q4";
const NEXT = "2025-26-Q1";

const row = (metric: string, period: string, breakdown = "alliance", value = "all", type?: string) => pick(out.values, metric, period, breakdown, value, type);
const fraction = (r: Row) => [Number(r.numerator), Number(r.denominator)];
const num = (text: string) => (text === "" ? null : Number(text));

/** numerator / denominator and the value the engine shows, for a % metric. */
function expectProportion(r: Row, numerator: number, denominator: number) {
  expect(fraction(r)).toEqual([numerator, denominator]);
  expect(num(r.value)).toBe(numerator / denominator);
  const ci = wilsonInterval(numerator, denominator)!;
  expect([num(r.ci_lower), num(r.ci_upper)]).toEqual([ci.lower, ci.upper]);
  expect(r.empty_reason).toBe("");
}

describe("the run", () => {
  it("writes every output file, CSV and Parquet, raw and published, and warns about nothing here", () => {
    for (const file of ["metric_values.csv", "metric_values.parquet", "spc.csv", "spc.parquet", "definitions.json"])
      expect(existsSync(join(out.outDir, file)), file).toBe(true);
    for (const file of ["metric_values.csv", "metric_values.parquet", "spc.csv", "spc.parquet"])
      expect(existsSync(join(out.outDir, "published", file)), `published/${file}`).toBe(true);
    expect(out.result.warnings).toEqual([
      "3 expected submission(s) missing; values resting on them are flagged incomplete: ACUTE:2024-25-Q4 admissions, COMMUNITY:2024-25-Q4 referrals, HOSPICE2:2024-25-Q3 spc_contacts",
    ]);
    expect(out.result.rows).toBe(out.values.length);
    expect(out.published.length).toBe(out.values.length);
  });

  it("writes the Parquet copies with the same rows as the CSVs, typed as interfaces.md lays out", async () => {
    const db = await openDb(":memory:");
    try {
      for (const [file, columns, csvRows] of [
        ["metric_values", METRIC_VALUE_COLUMNS, out.values],
        ["spc", SPC_COLUMNS, out.spc],
        ["published/metric_values", METRIC_VALUE_COLUMNS, out.published],
        ["published/spc", SPC_COLUMNS, out.publishedSpc],
      ] as const) {
        const path = join(out.outDir, `${file}.parquet`);
        const schema = await rows<{ column_name: string; column_type: string }>(db, `select column_name, column_type from (describe select * from read_parquet($path))`, { path });
        expect(schema.map((c) => [c.column_name, c.column_type]), file).toEqual(Object.entries(columns));
        expect(Object.keys(csvRows[0]!), file).toEqual(Object.keys(columns));
        const [{ n }] = await rows<{ n: number }>(db, "select count(*)::integer as n from read_parquet($path)", { path });
        expect(n, file).toBe(csvRows.length);
      }
      const [first] = await rows<Record<string, unknown>>(
        db,
        `select metric_id, strftime(period_start, '%Y-%m-%d') as period_start, value, incomplete, missing_submissions from read_parquet($path)
         where metric_id = 'SPC-01' and period_type = 'quarter' and period = '2025-26-Q1' and breakdown = 'alliance'`,
        { path: join(out.outDir, "metric_values.parquet") },
      );
      expect(first).toEqual({ metric_id: "SPC-01", period_start: "2025-04-01", value: 0.5, incomplete: true, missing_submissions: "HOSPICE2:2024-25-Q3" });
    } finally {
      closeDb(db);
    }
  });

  it("computes all 29 metrics for every month, quarter and rolling 12 months of the data", () => {
    const ids = new Set(out.values.map((r) => r.metric_id));
    expect(ids.size).toBe(29);
    for (const id of ids) {
      const alliance = out.values.filter((r) => r.metric_id === id && r.breakdown === "alliance");
      expect(alliance.filter((r) => r.period_type === "month").length, id).toBe(15);
      expect(alliance.filter((r) => r.period_type === "quarter").length, id).toBe(5);
      expect(alliance.filter((r) => r.period_type === "rolling12").length, id).toBe(5);
    }
  });

  it("never writes NaN, and leaves a value empty only with a reason", () => {
    for (const r of out.values) {
      expect(Object.values(r).some((v) => /nan|infinity/i.test(v)), JSON.stringify(r)).toBe(false);
      expect(r.value === "", JSON.stringify(r)).toBe(r.empty_reason !== "");
      expect(r.numerator, JSON.stringify(r)).not.toBe("");
      expect(r.suppressed).toBe("false");
    }
  });
});

describe("place of death (decedents: adults dying in the period)", () => {
  it("counts the five adult decedents of Q2, the child left out and the death without a people row kept", () => {
    for (const id of ["POD-01", "POD-02", "POD-03", "POD-04"]) expectProportion(row(id, Q2), 1, 5);
    expect(counts(row("POD-01", Q2))).toMatchObject({ numerator_people: 1, denominator_people: 5 });
    // POD-05: the external-cause death leaves the denominator; home and care home count
    expectProportion(row("POD-05", Q2), 2, 4);
  });

  it("breaks down by the person's people row, 'unknown' without one", () => {
    expectProportion(row("POD-01", Q2, "locality", "NORTH"), 1, 2);
    expectProportion(row("POD-01", Q2, "locality", "SOUTH"), 0, 2);
    expectProportion(row("POD-01", Q2, "locality", "unknown"), 0, 1);
    expectProportion(row("POD-01", Q2, "pcn", "NORTH-PCN-1"), 1, 2);
    expectProportion(row("POD-01", Q2, "practice", "A00002"), 0, 2);
    expectProportion(row("POD-01", Q2, "imd_quintile", "unknown"), 0, 2); // blank quintile and no people row
    expectProportion(row("POD-01", Q2, "age_band", "85+"), 1, 1);
    expectProportion(row("POD-01", Q2, "ethnic_group", "white"), 1, 1);
    expectProportion(row("POD-01", Q2, "ethnic_group", "not_stated"), 0, 1);
    expectProportion(row("POD-01", Q2, "sex", "unknown"), 0, 1);
    expectProportion(row("POD-01", Q2, "diagnosis_group", "unknown"), 0, 1);
    expect(out.values.some((r) => r.metric_id === "POD-01" && r.breakdown_value === "0-17")).toBe(false);
    // every breakdown's cells add up to the alliance total
    for (const b of ["locality", "pcn", "practice", "imd_quintile", "age_band", "sex", "ethnic_group", "diagnosis_group"]) {
      const cells = out.values.filter((r) => r.metric_id === "POD-01" && r.period_type === "quarter" && r.period === Q2 && r.breakdown === b);
      expect(cells.reduce((s, r) => s + Number(r.denominator), 0), b).toBe(5);
    }
  });

  it("places decedents in months and rolling 12 months by date of death", () => {
    expectProportion(row("POD-01", "2024-08"), 1, 2);
    expectProportion(row("POD-01", "2024-09"), 0, 3);
    expectProportion(row("POD-01", Q4, "alliance", "all", "rolling12"), 2, 6);
    expectProportion(row("POD-01", NEXT, "alliance", "all", "rolling12"), 3, 8);
  });
});

describe("preferred place of death", () => {
  it("PPD-01: decedents on the register before death with a ppod record on or before death", () => {
    // register before death: pk_p0001, pk_p0003, pk_p0006 (pk_p0002 was added on the day of death)
    expectProportion(row("PPD-01", Q2), 2, 3); // pk_p0006's record is dated after death
  });

  it("PPD-02: the latest preference, same-day records, no_preference and 'other'", () => {
    // pk_p0001: latest day has hospital and no_preference -> hospital, died in hospital: achieved
    // pk_p0002: home, died at home: achieved (not on the register: still counts)
    // pk_p0003: latest record is no_preference only -> no preference, left out
    // pk_p0004: 'other', died elsewhere ('other'): never achieved
    expectProportion(row("PPD-02", Q2), 2, 3);
    expectProportion(row("PPD-02", Q2, "age_band", "50-64"), 0, 1);
    expect(out.values.some((r) => r.metric_id === "PPD-02" && r.period === Q2 && r.breakdown_value === "65-74")).toBe(false);
  });
});

describe("hospital use", () => {
  it("HOSP-01/02: emergency spells in the last 90 days, the day of death included, the 90th day before it not", () => {
    // pk_p0001: S02 (89 days before), S03, S04 (open at death), S05 (admitted and died the same day) = 4; S01 is
    // 90 days before; S06 elective; S07 a regular day attender. pk_p0002: S08 (S09 after death). pk_p0006: S10.
    expectProportion(row("HOSP-01", Q2), 1, 5);
    expectProportion(row("HOSP-02", Q2), 3, 5);
  });

  it("HOSP-04: bed days, same-day spells 0, a spell open at death or discharged after it closed at death", () => {
    // pk_p0001 7 + 0 + 5 + 0, pk_p0002 19 (discharged after death), pk_p0006 2
    const r = row("HOSP-04", Q2);
    expect(counts(r)).toEqual({ numerator: 33, denominator: 5, numerator_people: 3, denominator_people: 5 });
    expect(num(r.value)).toBe(6.6);
    const ci = rateInterval(33, 5)!;
    expect([num(r.ci_lower), num(r.ci_upper)]).toEqual([ci.lower, ci.upper]);
  });

  it("HOSP-03 and COST-01 over the last 365 days (exact interval below 10 spells; default cost for blanks)", () => {
    // pk_p0008: S11 (364 days before death) and S13; S12 is 365 days before
    const spells = row("HOSP-03", NEXT);
    expect(counts(spells)).toEqual({ numerator: 2, denominator: 2, numerator_people: 1, denominator_people: 2 });
    expect(num(spells.value)).toBe(1);
    const ci = rateInterval(2, 2)!;
    expect([num(spells.ci_lower), num(spells.ci_upper)]).toEqual([ci.lower, ci.upper]);
    const cost = row("COST-01", NEXT); // 1590 (blank cost) + 500
    expect(fraction(cost)).toEqual([2090, 2]);
    expect(num(cost.value)).toBe(1045);
    expect([cost.ci_lower, cost.ci_upper, cost.change_assessment]).toEqual(["", "", ""]);
    expectProportion(row("HOSP-01", NEXT), 0, 2); // a real 0, not an empty value
    expectProportion(row("HOSP-02", NEXT), 1, 2);
    expect(fraction(row("HOSP-04", NEXT))).toEqual([2, 2]);
  });

  it("leaves values whose look-back starts before the data empty, with their counts", () => {
    const early = row("HOSP-03", Q2); // 2024-07-01 - 365 days is before 2024-04-01
    expect([early.value, early.empty_reason]).toEqual(["", "lookback_before_data"]);
    expect(fraction(early)).toEqual([7, 5]);
    expect(fraction(row("COST-01", Q2))).toEqual([4380.5 + 1590 + 1590, 5]);
    expect(row("HOSP-01", "2024-25-Q1").empty_reason).toBe("lookback_before_data");
    expect(row("HOSP-01", "2024-06").empty_reason).toBe("lookback_before_data");
    expect(row("HOSP-01", "2024-07").empty_reason).toBe("zero_denominator"); // 2024-04-02 onwards: covered
    expect(row("SPC-01", Q2).empty_reason).toBe("lookback_before_data");
  });

  it("HOSP-05: spells on a register day per 1,000 person-days, episodes unioned and stopped at death", () => {
    // October 2024: pk_p0007, pk_p0010, pk_p0012 (two overlapping episodes, counted once), pk_p0013: 4 x 31 days;
    // S14 (pk_p0010) is the only emergency spell on the register.
    const october = row("HOSP-05", "2024-10");
    expect(counts(october)).toEqual({ numerator: 1, denominator: 124, numerator_people: 1, denominator_people: 4 });
    expect(num(october.value)).toBe(1000 / 124);
    const ci = rateInterval(1, 124, 1000)!;
    expect([num(october.ci_lower), num(october.ci_upper)]).toEqual([ci.lower, ci.upper]);
    // August: pk_p0001 9 days (died 08-10; S05 on the day of death is not on the register), six others 31 days;
    // S04 counts, S08 (pk_p0002, not on the register) does not.
    expect(counts(row("HOSP-05", "2024-08"))).toEqual({ numerator: 1, denominator: 195, numerator_people: 1, denominator_people: 7 });
    // the quarter adds up its months: 40 + 35 + 45 + 92 + 91 + 92 + 92 days; S03, S04, S10
    expect(fraction(row("HOSP-05", Q2))).toEqual([3, 487]);
    const next = row("HOSP-05", NEXT);
    expect([next.change_scale, num(next.change), next.change_lower, next.change_assessment]).toEqual(["ratio", 0, "", ""]);
  });
});

describe("identification and point-in-time metrics", () => {
  it("ID-02 and ID-03: on the register before death, and added 56 days or more before it", () => {
    expectProportion(row("ID-02", Q2), 3, 5);
    expectProportion(row("ID-03", Q2), 2, 3); // 70 and 148 days; pk_p0006 45 days
  });

  it("ID-01 at the period end: register people of practices that sent a list size for T's quarter", () => {
    // 31 August: pk_p0003, pk_p0010, pk_p0011, pk_p0012 (pk_p0006 and pk_p0013 have no people row)
    expectProportion(row("ID-01", "2024-08"), 4, 1800);
    // 30 September: pk_p0011 was removed that day, pk_p0003 and pk_p0006 had died
    expectProportion(row("ID-01", "2024-09"), 2, 1800);
    expectProportion(row("ID-01", Q2), 2, 1800);
    expect(counts(row("ID-01", Q2))).toMatchObject({ numerator_people: 2, denominator_people: 1800 });
    // a rolling-12 value is the value at its quarter's end, even where its 12 months start before the data
    expectProportion(row("ID-01", Q2, "alliance", "all", "rolling12"), 2, 1800);
    expectProportion(row("ID-01", Q2, "practice", "A00002"), 0, 800);
    // Q3: only A00001 sent a list size
    expectProportion(row("ID-01", Q3), 2, 1010);
    const south = row("ID-01", Q3, "locality", "SOUTH");
    expect([south.numerator, south.denominator, south.value, south.empty_reason]).toEqual(["0", "0", "", "zero_denominator"]);
    expect(row("ID-01", "2024-25-Q1").empty_reason).toBe("zero_denominator"); // no list sizes in Q1
    // the baseline is the value at baseline.to (2024-12-31)
    expect(num(row("ID-01", Q2).baseline_value)).toBe(2 / 1010);
    expect(new Set(out.values.filter((r) => r.metric_id === "ID-01").map((r) => r.breakdown))).toEqual(
      new Set(["alliance", "locality", "pcn", "practice"]),
    );
  });

  it("ACP-01 and KW-01 at the period end", () => {
    // 30 September: pk_p0010, pk_p0012, pk_p0013 on the register
    expectProportion(row("ACP-01", Q2), 1, 3); // pk_p0010's plan is dated 30 September itself
    expectProportion(row("ACP-01", Q3), 2, 3); // pk_p0012's ReSPECT form of 5 October
    expectProportion(row("KW-01", Q2), 2, 3); // pk_p0012's keyworker is on the second, current episode
    expectProportion(row("KW-01", Q3), 1, 3); // ... which ended on 15 October
    expectProportion(row("KW-01", Q2, "age_band", "unknown"), 0, 1);
  });
});

describe("advance care planning and carers", () => {
  it("ACP-02, ACP-03 and CAR-01 among decedents on the register before death", () => {
    expectProportion(row("ACP-02", Q2), 2, 3);
    expectProportion(row("ACP-03", Q2), 1, 3);
    expectProportion(row("CAR-01", Q2), 1, 3); // pk_p0006's carer was identified after the death
  });

  it("CAR-02 and CAR-03: carers identified in the period, merged across partners, counted as carers", () => {
    // ck_c0001 (identified 07-01 merging COMMUNITY and BEREAVE; offered day 28, support day 90), ck_c0002 (day 29),
    // ck_c0003 (no offer), ck_c0004 (offered day 0, support day 90)
    const offered = row("CAR-02", Q2);
    expect(counts(offered)).toEqual({ numerator: 2, denominator: 4, numerator_people: 2, denominator_people: 4 });
    expectProportion(offered, 2, 4);
    expectProportion(row("CAR-03", Q2), 2, 4);
    expectProportion(row("CAR-02", Q2, "age_band", "unknown"), 0, 1); // by the cared-for person (no people row)
  });

  it("BRV-01: carers of decedents identified by the death, contacted from the death to day 56", () => {
    // ck_c0001 day 56 (yes), ck_c0002 day 57 (no), ck_c0004 before the death (no); ck_c0003 identified after
    const r = row("BRV-01", Q2);
    expect(counts(r)).toEqual({ numerator: 1, denominator: 3, numerator_people: 1, denominator_people: 3 });
    expectProportion(row("BRV-01", Q2, "locality", "NORTH"), 1, 3);
  });
});

describe("responsiveness, outcomes and data quality", () => {
  it("RESP-01: contact on the day or the next calendar day, died-before-contact left out, by partner", () => {
    const r = row("RESP-01", Q2);
    expect(counts(r)).toEqual({ numerator: 2, denominator: 4, numerator_people: 1, denominator_people: 3 });
    expectProportion(row("RESP-01", Q2, "partner", "COMMUNITY"), 2, 4);
    expect(new Set(out.values.filter((r) => r.metric_id === "RESP-01").map((r) => r.breakdown))).toEqual(new Set(["alliance", "partner"]));
  });

  it("RESP-02: approved applications with the package started within two days", () => {
    expectProportion(row("RESP-02", Q2), 1, 3);
  });

  it("SPC-01: any specialist palliative care contact in the last 365 days of life", () => {
    expectProportion(row("SPC-01", NEXT), 1, 2); // pk_p0009's contacts are 365 days before and after the death
  });

  it("PROM-01: episodes by partner and episode id, first and last IPOS, recent episodes held back", () => {
    // HOSPICE2 E1 20 -> 15 (improved, last IPOS in August), COMMUNITY E1 10 -> 12 (same day, by assessment id),
    // HOSPICE2 E3 30 -> 30 (not improved); E2 has one IPOS; COMMUNITY E4 ends in the last 30 days of the data
    expectProportion(row("PROM-01", Q2), 1, 3);
    expectProportion(row("PROM-01", "2024-08"), 1, 1);
    expectProportion(row("PROM-01", "2024-07"), 0, 1);
    expectProportion(row("PROM-01", Q2, "age_band", "unknown"), 0, 1);
    expect(row("PROM-01", NEXT).empty_reason).toBe("zero_denominator");
  });

  it("DQ-01: spells ending in death that link to a death within a day, per acute partner", () => {
    expectProportion(row("DQ-01", Q2), 2, 3);
    expectProportion(row("DQ-01", Q2, "partner", "ACUTE"), 2, 3);
    expectProportion(row("DQ-01", Q3), 1, 1);
  });
});

describe("completeness, provisional values and comparisons", () => {
  it("flags a value incomplete when a submission behind it (period and look-back) is missing", () => {
    const spc = row("SPC-01", NEXT); // its 365-day look-back reaches HOSPICE2's missing Q3 contacts
    expect([spc.incomplete, spc.missing_submissions]).toEqual(["true", "HOSPICE2:2024-25-Q3"]);
    const hosp = row("HOSP-02", NEXT); // 90-day look-back reaches the missing Q4 admissions
    expect([hosp.incomplete, hosp.missing_submissions, hosp.value]).toEqual(["true", "ACUTE:2024-25-Q4", "0.5"]);
    const pod = row("POD-01", NEXT); // needs no admissions or contacts
    expect([pod.incomplete, pod.missing_submissions]).toEqual(["false", ""]);
  });

  it("gives a missing partner an explicit empty row saying the submission is missing, never 'no cases'", () => {
    for (const [b, v] of [["alliance", "all"], ["partner", "COMMUNITY"]]) {
      const r = row("RESP-01", Q4, b, v);
      expect([r.numerator, r.denominator, r.value, r.empty_reason, r.incomplete, r.missing_submissions]).toEqual([
        "0", "0", "", "missing_submission", "true", "COMMUNITY:2024-25-Q4",
      ]);
    }
    // RESP-01 and RESP-02 rest on their unit dataset alone: incomplete means it is missing, never "no cases"
    const resp = out.values.filter((r) => r.metric_id.startsWith("RESP") && r.incomplete === "true" && r.period_type !== "rolling12");
    expect(resp.length).toBeGreaterThan(0);
    expect(resp.filter((r) => r.empty_reason === "zero_denominator")).toEqual([]);
  });

  it("publishes a rolling-12 value only when all 12 months have data", () => {
    expect(row("POD-01", Q3, "alliance", "all", "rolling12").empty_reason).toBe("incomplete_rolling12"); // starts 2024-01
    const hosp = row("HOSP-02", Q4, "alliance", "all", "rolling12"); // no admissions at all for 2024-25-Q4
    expect([hosp.value, hosp.empty_reason, hosp.incomplete]).toEqual(["", "incomplete_rolling12", "true"]);
    expect(row("RESP-01", NEXT, "alliance", "all", "rolling12").empty_reason).toBe("incomplete_rolling12");
    // a missing partner among several sending the dataset does not empty the rolling 12 months
    expect(row("SPC-01", NEXT, "alliance", "all", "rolling12").empty_reason).toBe("lookback_before_data");
  });

  it("is provisional until two quarters after the period ends", () => {
    expect(row("POD-01", Q3).provisional).toBe("false");
    expect(row("POD-01", Q4).provisional).toBe("true");
    expect(row("POD-01", "2024-12").provisional).toBe("false");
    expect(row("POD-01", "2025-01").provisional).toBe("true");
  });

  it("compares with the pooled baseline: Newcombe difference, no assessment where the period overlaps it", () => {
    // baseline (July-December 2024): pk_p0001 and pk_p0007 of six decedents died in hospital
    const next = row("POD-01", NEXT);
    const d = newcombeDifference(1, 2, 2, 6)!;
    expect([num(next.baseline_value), next.change_scale, num(next.change), num(next.change_lower), num(next.change_upper)]).toEqual([
      2 / 6, "difference", d.difference, d.lower, d.upper,
    ]);
    expect(next.change_assessment).toBe("no_significant_change");
    const q2 = row("POD-01", Q2);
    expect([num(q2.change), q2.change_assessment]).toEqual([0.2 - 2 / 6, ""]);
    expect(row("POD-03", NEXT).change_assessment).toBe(""); // context metric
    expect(row("HOSP-01", NEXT).baseline_value).not.toBe("");
    expect(row("HOSP-03", NEXT).baseline_value).toBe(""); // the baseline's own look-back starts before the data
  });
});

describe("SPC", () => {
  it("charts the monthly alliance, locality and PCN series, skipping empty months", () => {
    const pod = out.spc.filter((r) => r.metric_id === "POD-01" && r.breakdown === "alliance");
    expect(pod.map((r) => r.month)).toEqual(["2024-08", "2024-09", "2024-11", "2025-05", "2025-06"]);
    expect(pod.map((r) => Number(r.value))).toEqual([0.5, 0, 1, 1, 0]);
    // five points resting on one or two people each: values only, no centre, limits or icons (too_few_cases)
    for (const r of pod)
      expect([r.centre, r.upper_limit, r.variation, r.assurance, r.rebase_group, r.short_group, r.withheld_reason]).toEqual([
        "", "", "", "", "0", "true", "too_few_cases",
      ]);
    expect(new Set(out.spc.map((r) => r.breakdown))).toEqual(new Set(["alliance", "locality", "pcn"]));
    expect(out.spc.some((r) => r.metric_id === "POD-01" && r.breakdown === "locality" && r.breakdown_value === "unknown")).toBe(true);
  });
});

describe("published copies", () => {
  it("hide cells resting on 1-7 people with their counts, interval and change, and say why", () => {
    const p = pick(out.published, "POD-01", Q2);
    expect(p.suppressed).toBe("true");
    expect([p.numerator, p.denominator, p.numerator_people, p.denominator_people, p.value, p.ci_lower, p.change]).toEqual(["", "", "", "", "", "", ""]);
    expect(p.empty_reason).toBe("suppressed");
    // ID-01: the list size is people too, but a practice with no one on the register reveals nothing
    const south = pick(out.published, "ID-01", Q2, "locality", "SOUTH");
    expect([south.suppressed, south.numerator, south.denominator, south.value]).toEqual(["false", "0", "800", "0"]);
    // empty values keep their own reason
    const resp = pick(out.published, "RESP-01", Q4);
    expect([resp.suppressed, resp.empty_reason, resp.incomplete]).toEqual(["false", "missing_submission", "true"]);
  });

  it("never publish a value of a suppressed month in the SPC copy", () => {
    const months = new Map(out.published.filter((r) => r.period_type === "month").map((r) => [`${r.metric_id}|${r.breakdown}|${r.breakdown_value}|${r.period}`, r]));
    expect(out.publishedSpc.length).toBe(out.spc.length);
    for (const s of out.publishedSpc) {
      const cell = months.get(`${s.metric_id}|${s.breakdown}|${s.breakdown_value}|${s.month}`)!;
      if (cell.suppressed === "true") expect([s.value, s.special_cause, s.variation]).toEqual(["", "", ""]);
      else expect(s.value).toBe(cell.value);
    }
  });
});
