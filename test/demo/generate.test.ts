import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "../../loaders/contract/config.ts";
import { generateDemoData } from "../../demo/generate.ts";
import { PLANNED, allPeriods } from "../../demo/schedule.ts";
import { PARTNERS } from "../../demo/scales.ts";
import { COMMUNITY_QUALITY_DIP, HOSPICE2_FROM } from "../../demo/story.ts";
import { checkFile, listFiles, readJson, readTreeFile, type Manifest, type TreeFile, type Violation } from "./helpers.ts";

let root: string;
let a: string;
let b: string;
let manifest: Manifest;
let files: TreeFile[];
let practiceCodes: Set<string>;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "demo-gen-"));
  a = join(root, "a");
  b = join(root, "b");
  const steps: string[] = [];
  const res = await generateDemoData({ outDir: a, scale: "tiny", seed: 1, onProgress: (s) => steps.push(s) });
  expect(res.configPath).toBe(join(a, "alliance.json"));
  expect(res.files).toBeGreaterThan(600);
  expect(steps).toContain("files");
  await generateDemoData({ outDir: b, scale: "tiny", seed: 1 });
  manifest = readJson<Manifest>(join(a, "demo-manifest.json"));
  expect(res.rows).toBe(manifest.totals.rows);
  const config = readJson<{ practices: { code: string }[] }>(join(a, "alliance.json"));
  practiceCodes = new Set(config.practices.map((p) => p.code));
  files = [];
  for (const rel of listFiles(join(a, "exports"))) files.push(await readTreeFile(join(a, "exports"), rel));
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("generateDemoData options", () => {
  it("refuses an unknown scale or a malformed as-of period with a one-line message", async () => {
    const out = join(tmpdir(), "demo-never-written");
    for (const bad of [
      { scale: "huge" as never },
      { asOf: "2024-Q3" },
      { asOf: "2024-26-Q3" },
      { asOf: "2031-32-Q1" },
    ]) {
      const err = await generateDemoData({ outDir: out, ...bad }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(Error);
      expect((err as Error).message).not.toContain("\n");
    }
  });
});

describe("a tiny tree", () => {
  it("is byte-identical, with identical mtimes, for the same seed", () => {
    const ra = listFiles(join(a, "exports"));
    expect(listFiles(join(b, "exports"))).toEqual(ra);
    for (const rel of [...ra.map((r) => `exports/${r}`), "alliance.json", "demo-manifest.json"]) {
      expect(readFileSync(join(b, rel)).equals(readFileSync(join(a, rel))), rel).toBe(true);
      expect(statSync(join(b, rel)).mtimeMs, rel).toBe(statSync(join(a, rel)).mtimeMs);
    }
  });

  it("does not depend on DuckDB's thread count", async () => {
    const c = join(root, "c");
    const before = process.env.DEMO_DUCKDB_THREADS;
    process.env.DEMO_DUCKDB_THREADS = "1";
    try {
      await generateDemoData({ outDir: c, scale: "tiny", seed: 1 });
    } finally {
      if (before === undefined) delete process.env.DEMO_DUCKDB_THREADS;
      else process.env.DEMO_DUCKDB_THREADS = before;
    }
    const ra = listFiles(join(a, "exports"));
    expect(listFiles(join(c, "exports"))).toEqual(ra);
    for (const rel of ra) expect(readFileSync(join(c, "exports", rel)).equals(readFileSync(join(a, "exports", rel))), rel).toBe(true);
  });

  it("writes a config that validates and points at the tree", () => {
    const json = readJson<Record<string, unknown>>(join(a, "alliance.json"));
    const config = parseConfig(json, join(a, "alliance.json"));
    expect(config.paths).toEqual({ exports: "exports", db: "build/alliance.duckdb", out: "build/metrics" });
    expect(config.partners.map((p) => p.code)).toEqual(["GPFED", "ACUTE", "COMMUNITY", "HOSPICE1", "HOSPICE2", "BEREAVE"]);
    expect(config.dataFrom).toBe("2018-04-01");
    expect(config.baseline).toEqual({ from: "2019-04-01", to: "2020-03-31" });
    expect(config.practices.length).toBeGreaterThanOrEqual(4);
    expect(config.practices.every((p) => /^[A-Z]\d{5}$/.test(p.code))).toBe(true);
    expect(config.rebase[0]).toMatchObject({ metric: "HOSP-02", month: "2020-04" });
    expect(config.targets.find((t) => t.metric === "PPD-02")).toEqual({ metric: "PPD-02", target: 0.75, tolerance: 0.05 });
    expect(config.benchmarks.find((x) => x.metric === "POD-01")?.value).toBe(0.434);
  });

  it("holds every partner × period × listed dataset from the partner's joining, except the planned missing submissions", () => {
    const present = new Set(listFiles(join(a, "exports")));
    const missing = Object.entries(PLANNED).filter(([, p]) => p.missing).map(([k]) => k);
    expect(missing).toEqual(["COMMUNITY 2022-23-Q3", "HOSPICE2 2024-25-Q1"]);
    const expected = new Set<string>();
    for (const q of allPeriods())
      for (const p of PARTNERS) {
        if (missing.includes(`${p.code} ${q.label}`)) continue;
        if ("from" in p && q.end < p.from) continue; // HOSPICE2 joined part-way
        for (const d of p.datasets) expected.add(`${p.code}/${q.label}/${d}.${p.code === "HOSPICE2" ? "xlsx" : "csv"}`);
      }
    expect(allPeriods()[0].label).toBe("2018-19-Q1");
    expect(allPeriods().at(-1)!.label).toBe("2026-27-Q2");
    expect([...present].sort()).toEqual([...expected].sort());
  });

  it("stamps each file with the date its version was sent", () => {
    const sent = new Map(manifest.files.map((f) => [f.path, f.sent]));
    for (const f of files) expect(new Date(f.mtimeMs).toISOString(), f.rel).toBe(`${sent.get(f.rel)}T12:00:00.000Z`);
    const late = manifest.submissions.find((s) => s.partner === "ACUTE" && s.period === "2024-25-Q2")!;
    expect(late.kind).toBe("late");
    expect(late.versions[0].sent).toBe("2025-01-18");
  });

  it("breaks the contract only where an error was injected, and injects every kind", () => {
    const found: Violation[] = [];
    for (const f of files) found.push(...checkFile(f, practiceCodes).violations);
    const expected: string[] = [];
    for (const f of manifest.files)
      for (const e of f.errors ?? []) for (const row of e.rows) expected.push(`${f.path}#${row}#${e.field}`);
    const got = found.map((v) => `${v.rel}#${v.row}#${v.field}`);
    expect([...new Set(got)].sort()).toEqual([...new Set(expected)].sort());
    const kinds = new Set(manifest.files.flatMap((f) => (f.errors ?? []).map((e) => `${f.path.split("/")[2].split(".")[0]}:${e.kind}`)));
    expect([...kinds].sort()).toEqual(
      [
        "admissions:discharge_before_admission", "admissions:duplicate_id", "admissions:impossible_date",
        "care_plans:blank_required", "care_plans:outside_quarter", "deaths:optional_code_typo", "deaths:unknown_code",
        "people:unknown_practice", "referrals:impossible_date", "spc_contacts:blank_required", "spc_contacts:duplicate_id",
      ].sort(),
    );
    const rows = files.reduce((s, f) => s + f.rows.length, 0);
    const errorRows = new Set(expected).size;
    expect(errorRows / rows).toBeGreaterThan(0.0005);
    expect(errorRows / rows).toBeLessThan(0.004);
  });

  it("applies the partner file quirks", () => {
    const raw = (rel: string) => readFileSync(join(a, "exports", rel));
    expect(raw("GPFED/2019-20-Q1/deaths.csv").subarray(0, 3).toString("hex")).toBe("efbbbf");
    expect(raw("ACUTE/2019-20-Q1/admissions.csv").toString("utf8").split("\n")[0]).toContain(" Spell_ID ,");
    const community = raw("COMMUNITY/2019-20-Q1/spc_contacts.csv");
    expect(community.includes(0x96)).toBe(true); // the en dash in Windows-1252
    expect(() => new TextDecoder("utf-8", { fatal: true }).decode(community)).toThrow();
    expect(community.toString("latin1").split("\n")[0]).toContain("team_name");
    expect(community.toString("latin1").split("\n")[1]).toMatch(/,\d{2}\/\d{2}\/2019,/);
    const ref = raw("COMMUNITY/2019-20-Q1/referrals.csv").toString("latin1");
    expect(ref).toMatch(/,\d{2}\/\d{2}\/2019 \d{2}:\d{2},/);
    const bereave = raw("BEREAVE/2019-20-Q1/carers.csv").toString("utf8");
    expect(bereave).toContain("\r\n");
    expect(bereave.endsWith("\r\n\r\n\r\n")).toBe(true);
    expect(readdirSync(join(a, "exports", "HOSPICE2", "2021-22-Q1")).sort()).toEqual(
      ["care_plans.xlsx", "carers.xlsx", "outcomes.xlsx", "spc_contacts.xlsx"],
    );
    const x = files.find((f) => f.rel === "HOSPICE2/2021-22-Q1/spc_contacts.xlsx")!;
    expect(x.header).toEqual(["contact_id", "person_id", "contact_date", "service", "contact_mode"]);
    expect(x.rows.length).toBeGreaterThan(0);
    expect(x.rows[0][2]).toMatch(/^2021-\d{2}-\d{2}$/); // a real Excel date cell, read back as a Date
  });

  it("keeps one person key across partners, and events before death", () => {
    const deaths = new Map<string, string>();
    for (const f of files.filter((x) => x.dataset === "deaths"))
      for (const v of checkFile(f, practiceCodes).values) if (/^\d{4}-\d{2}-\d{2}$/.test(v.date_of_death)) deaths.set(v.person_id, v.date_of_death);
    const iso = (s: string) => (/^\d{2}\/\d{2}\/\d{4}/.test(s) ? `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : s.slice(0, 10));
    const firstDate: Record<string, string> = {
      admissions: "admission_date", spc_contacts: "contact_date", care_plans: "recorded_date", outcomes: "assessment_date",
      referrals: "received_at", fast_track: "application_date",
    };
    const linked: Record<string, number> = {};
    let after = 0;
    let total = 0;
    for (const f of files) {
      const field = firstDate[f.dataset];
      if (!field) continue;
      for (const v of checkFile(f, practiceCodes).values) {
        const dod = deaths.get(v.person_id);
        if (!dod) continue;
        linked[f.dataset] = (linked[f.dataset] ?? 0) + 1;
        total++;
        const d = iso(v[field]);
        if (/^\d{4}-\d{2}-\d{2}$/.test(d) && d > dod) after++;
      }
    }
    for (const d of Object.keys(firstDate)) expect(linked[d], d).toBeGreaterThan(10);
    // the only events after a death are the few recorded with a date-of-death two or three days out
    expect(after / total).toBeLessThan(0.002);
  });

  it("tells the story's data-quality events: a partner joining part-way, a quarter sent late with the next batch, a quality dip", () => {
    const config = readJson<{ partners: { code: string; from?: string }[] }>(join(a, "alliance.json"));
    expect(config.partners.find((p) => p.code === "HOSPICE2")?.from).toBe(HOSPICE2_FROM);
    const hospice2 = readdirSync(join(a, "exports", "HOSPICE2")).sort();
    expect(hospice2[0]).toBe("2021-22-Q1");
    const late = manifest.submissions.find((s) => s.partner === "HOSPICE1" && s.period === "2025-26-Q2")!;
    expect(late.kind).toBe("late");
    // missing at its own due date (2025-10-30), sent before the next quarter's (2026-01-30)
    expect(late.versions[0].sent > "2025-10-30" && late.versions[0].sent <= "2026-01-30").toBe(true);
    // COMMUNITY's rejected rows jump in the two quarters its extract broke
    const errorRate = (periods: string[]) => {
      const fs = manifest.files.filter((f) => f.path.startsWith("COMMUNITY/") && periods.includes(f.path.split("/")[1]));
      const bad = fs.reduce((n, f) => n + (f.errors ?? []).reduce((m, e) => m + e.rows.length, 0), 0);
      return bad / fs.reduce((n, f) => n + f.rows, 0);
    };
    const dip = errorRate(COMMUNITY_QUALITY_DIP);
    const before = errorRate(["2024-25-Q1", "2024-25-Q2", "2024-25-Q3", "2024-25-Q4"]);
    expect(dip).toBeGreaterThan(before * 5);
  });

  it("uses the contract's newer codes: care-home admission sources 55/56 (retired ones early), discharge destination, religious place of death, registration date", () => {
    const values = (dataset: string, field: string, period: (p: string) => boolean) => {
      const out = new Map<string, number>();
      for (const f of files.filter((x) => x.dataset === dataset && period(x.period)))
        for (const v of checkFile(f, practiceCodes).values) out.set(v[field] ?? "", (out.get(v[field] ?? "") ?? 0) + 1);
      return out;
    };
    const early = values("admissions", "admission_source", (p) => p < "2019-20-Q1");
    const late = values("admissions", "admission_source", (p) => p >= "2023-24-Q1");
    expect((early.get("85") ?? 0) + (early.get("65") ?? 0) + (early.get("54") ?? 0)).toBeGreaterThan(0);
    expect(late.get("85") ?? 0).toBe(0);
    expect((late.get("55") ?? 0) + (late.get("56") ?? 0)).toBeGreaterThan(0);
    const dest = values("admissions", "discharge_destination", () => true);
    expect(dest.get("79") ?? 0).toBeGreaterThan(0);
    expect(dest.get("19") ?? 0).toBeGreaterThan(dest.get("79") ?? 0);
    const deaths = files.filter((x) => x.dataset === "deaths").flatMap((f) => checkFile(f, practiceCodes).values);
    const religious = deaths.filter((v) => v.place_of_death === "religious").length / deaths.length;
    expect(religious).toBeLessThan(0.006);
    const iso = (s: string) => (/^\d{2}\//.test(s) ? `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : s);
    const lags = deaths
      .filter((v) => v.registration_date)
      .map((v) => (Date.parse(iso(v.registration_date)) - Date.parse(iso(v.date_of_death))) / 86_400_000);
    expect(lags.length / deaths.length).toBeGreaterThan(0.9);
    expect(Math.min(...lags)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...lags)).toBeLessThanOrEqual(31);
    expect(lags.filter((d) => d >= 2 && d <= 7).length / lags.length).toBeGreaterThan(0.75);
  });

  it("sends snapshots that hold nothing dated after their quarter end", () => {
    for (const f of files.filter((x) => x.dataset === "register" || x.dataset === "carers")) {
      const end = `${f.period}`;
      const q = allPeriods().find((p) => p.label === end)!;
      for (const v of checkFile(f, practiceCodes).values)
        for (const [k, s] of Object.entries(v)) {
          if (!k.endsWith("_date") && k !== "date_added" && k !== "date_removed") continue;
          if (!s) continue;
          const d = /^\d{2}\//.test(s) ? `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}` : s;
          expect(d <= q.end, `${f.rel} ${k} ${s}`).toBe(true);
        }
    }
    const people = files.filter((f) => f.dataset === "people").map((f) => f.rows.length);
    expect(people.at(-1)!).toBeGreaterThan(people[0] * 3);
  });
});
