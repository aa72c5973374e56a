import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calibrate, type Calibration } from "../../demo/calibrate.ts";
import { generateDemoData } from "../../demo/generate.ts";

// One run at the demo scale (350,000 people; about 15 s), read back independently of the product's loader.
let dir: string;
let cal: Calibration;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "demo-cal-"));
  await generateDemoData({ outDir: dir, scale: "demo" });
  cal = await calibrate(dir);
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

const between = (x: number | undefined, lo: number, hi: number, what: string) => {
  expect(x, what).toBeDefined();
  expect(x!, what).toBeGreaterThanOrEqual(lo);
  expect(x!, what).toBeLessThanOrEqual(hi);
};

describe("the demo alliance is calibrated (research/metrics.md §3)", () => {
  it("about 1% of the registered list dies each year, about 3,500 adults", () => {
    for (const fy of ["2019", "2021", "2022", "2023", "2024", "2025"]) {
      between(cal.deathRate[fy], 0.0085, 0.0115, `death rate ${fy}`);
      between(cal.deathsPerYear[fy], 3000, 4000, `deaths ${fy}`);
    }
    expect(cal.deathsPerYear["2020"]).toBeGreaterThan(cal.deathsPerYear["2019"] * 1.05); // COVID-19
  });

  it("has the pre-pandemic place-of-death mix in the baseline year and improves on it after", () => {
    const base = cal.placeOfDeath["2019"];
    between(base.hospital, 0.44, 0.49, "hospital");
    between(base.home, 0.21, 0.26, "home");
    between(base.care_home, 0.19, 0.24, "care home");
    between(base.hospice, 0.04, 0.07, "hospice");
    between(base.other, 0.015, 0.035, "other");
    expect(cal.placeOfDeath["2024"].home).toBeGreaterThan(base.home + 0.05);
    expect(cal.placeOfDeath["2024"].hospital).toBeLessThan(base.hospital - 0.05);
  });

  it("spikes deaths, and hospital deaths, in spring 2020 and winter 2020-21", () => {
    expect(cal.monthly["2020-04"].deaths).toBeGreaterThan(cal.monthly["2019-04"].deaths * 1.4);
    expect(cal.monthly["2021-01"].deaths).toBeGreaterThan(cal.monthly["2020-01"].deaths * 1.15);
    expect(cal.monthly["2020-04"].hospital).toBeGreaterThan(cal.monthly["2019-04"].hospital + 0.04);
  });

  it("holds about 0.4% of the list on the register at baseline, rising to 0.6-0.8%", () => {
    between(cal.registerPrevalence["2019-20-Q4"], 0.0035, 0.005, "baseline prevalence");
    between(cal.registerPrevalence["2025-26-Q4"], 0.006, 0.008, "later prevalence");
  });

  it("admits decedents as the national figures say, and less after the baseline", () => {
    const m = cal.metrics;
    between(m["HOSP-03"]["2019"], 2.0, 3.0, "emergency spells in the last year");
    between(m["HOSP-01"]["2019"], 0.05, 0.08, ">= 3 emergency spells in the last 90 days");
    between(m["HOSP-03>=3"]["2019"], 0.2, 0.33, ">= 3 emergency spells in the last year");
    between(m["LOS"]["2019"], 5.5, 7.5, "mean length of stay");
    between(m["LOS-sameday"]["2019"], 0.08, 0.2, "same-day spells");
    expect(m["HOSP-02"]["2024"]).toBeLessThan(m["HOSP-02"]["2019"] - 0.05);
  });

  it("shows the alliance effect on identification, planning and responsiveness", () => {
    const m = cal.metrics;
    const up = (id: string, lo: number, hi: number) => {
      expect(m[id]["2024"], id).toBeGreaterThan(m[id]["2019"] + 0.05);
      between(m[id]["2024"], lo, hi, id);
    };
    up("ID-02", 0.45, 0.65);
    up("ID-03", 0.7, 0.9);
    up("PPD-01", 0.6, 0.85);
    up("PPD-02", 0.7, 0.85);
    up("ACP-02", 0.6, 0.85);
    up("KW-01", 0.45, 0.8);
    up("CAR-01", 0.4, 0.7);
    up("SPC-01", 0.3, 0.6);
    up("RESP-01", 0.75, 0.95);
    up("RESP-02", 0.7, 0.9);
    up("BRV-01", 0.6, 0.85);
    up("POD-05", 0.5, 0.65);
    up("PROM-01", 0.6, 0.8);
    // hospital deaths that link to a GP death record: a few unrecorded, mis-dated or registered after the file was sent
    between(m["DQ-01"]["2023"], 0.9, 0.99, "DQ-01");
  });
});
