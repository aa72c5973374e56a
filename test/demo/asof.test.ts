import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDemoData } from "../../demo/generate.ts";
import { listFiles, readJson, type Manifest } from "./helpers.ts";

let root: string;
let full: string;
let q3: string;
let early: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "demo-asof-"));
  full = join(root, "full");
  q3 = join(root, "q3");
  early = join(root, "early");
  await generateDemoData({ outDir: full, scale: "tiny" });
  await generateDemoData({ outDir: q3, scale: "tiny", asOf: "2024-25-Q3" });
  await generateDemoData({ outDir: early, scale: "tiny", asOf: "2018-19-Q2" });
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

const rows = (dir: string, rel: string): string[][] => {
  const buf = readFileSync(join(dir, "exports", rel));
  const text = rel.startsWith("COMMUNITY/") ? iconv.decode(buf, "windows-1252") : buf.toString("utf8").replace(/^\uFEFF/, "");
  return parse(text, { skip_empty_lines: true }) as string[][];
};
const sentOf = (dir: string, rel: string) => statSync(join(dir, "exports", rel)).mtime.toISOString().slice(0, 10);

describe("a tree as of 2024-25-Q3 (its due date, 30 January 2025)", () => {
  it("holds no quarter after 2024-25-Q3 and nothing sent after the due date", () => {
    const m = readJson<Manifest>(join(q3, "demo-manifest.json"));
    expect(m.cutoff).toBe("2025-01-30");
    const periods = new Set(listFiles(join(q3, "exports")).map((r) => r.split("/")[1]));
    expect([...periods].sort().at(-1)).toBe("2024-25-Q3");
    for (const f of m.files) expect(f.sent <= "2025-01-30", f.path).toBe(true);
  });

  it("omits late and unsent quarters, and holds late ones that had arrived", () => {
    expect(existsSync(join(q3, "exports/HOSPICE1/2024-25-Q3"))).toBe(false); // sent 14 Feb 2025
    expect(existsSync(join(full, "exports/HOSPICE1/2024-25-Q3/spc_contacts.csv"))).toBe(true);
    expect(existsSync(join(q3, "exports/HOSPICE2/2024-25-Q1"))).toBe(false); // never sent
    expect(existsSync(join(full, "exports/HOSPICE2/2024-25-Q1"))).toBe(false);
    expect(existsSync(join(q3, "exports/COMMUNITY/2022-23-Q3"))).toBe(false); // never sent
    expect(sentOf(q3, "ACUTE/2024-25-Q2/admissions.csv")).toBe("2025-01-18"); // 110 days late, but in by the cut-off
  });

  it("holds the first version of a quarter resubmitted later, the full tree the second", () => {
    for (const [rel, v1, v2] of [
      ["GPFED/2024-25-Q2/deaths.csv", "2024-10-18", "2025-03-09"],
      ["COMMUNITY/2024-25-Q2/referrals.csv", "2024-10-21", "2025-02-27"],
    ]) {
      expect(sentOf(q3, rel)).toBe(v1);
      expect(sentOf(full, rel)).toBe(v2);
    }
    // the second version knows more: late-registered deaths, first contacts and outcomes, fast-track decisions
    let n1 = 0;
    let n2 = 0;
    for (const d of ["deaths", "care_plans", "register"]) {
      const t1 = rows(q3, `GPFED/2024-25-Q2/${d}.csv`);
      const t2 = rows(full, `GPFED/2024-25-Q2/${d}.csv`);
      n1 += t1.length;
      n2 += t2.length;
      expect(t2.length, d).toBeGreaterThanOrEqual(t1.length);
      if (d !== "register") {
        const later = new Set(t2.map((r) => r.join(",")));
        for (const r of t1) expect(later.has(r.join(",")), `${d} ${r.join(",")}`).toBe(true);
      }
    }
    expect(n2).toBeGreaterThan(n1);
    // the community trust's second version: first contacts, fast-track decisions and late entries filled in
    let changed = false;
    for (const d of ["care_plans", "spc_contacts", "referrals", "carers", "outcomes", "fast_track"]) {
      const t1 = rows(q3, `COMMUNITY/2024-25-Q2/${d}.csv`);
      const t2 = rows(full, `COMMUNITY/2024-25-Q2/${d}.csv`);
      expect(t2.length, d).toBeGreaterThanOrEqual(t1.length);
      if (JSON.stringify(t1) !== JSON.stringify(t2)) changed = true;
    }
    expect(changed).toBe(true);
  });

  it("holds, for every submission in the same version in both trees, byte-identical files", () => {
    const mq = readJson<Manifest>(join(q3, "demo-manifest.json"));
    const mf = readJson<Manifest>(join(full, "demo-manifest.json"));
    const fullVersion = new Map(mf.files.map((f) => [f.path, f.version]));
    let same = 0;
    for (const f of mq.files) {
      if (fullVersion.get(f.path) !== f.version) continue;
      same++;
      expect(readFileSync(join(q3, "exports", f.path)).equals(readFileSync(join(full, "exports", f.path))), f.path).toBe(true);
    }
    expect(same).toBeGreaterThan(400);
  });
});

describe("a tree as of 2018-19-Q2", () => {
  it("holds the acute trust's first version of 2018-19-Q2, with an nhs_number column of valid test-range numbers", () => {
    expect(listFiles(join(early, "exports")).every((r) => /\/2018-19-Q[12]\//.test(r))).toBe(true);
    const t = rows(early, "ACUTE/2018-19-Q2/admissions.csv");
    const col = t[0].map((h) => h.trim().toLowerCase()).indexOf("nhs_number");
    expect(col).toBeGreaterThan(0);
    for (const r of t.slice(1)) {
      const n = r[col];
      expect(n).toMatch(/^999\d{7}$/);
      const sum = [...n.slice(0, 9)].reduce((s, d, i) => s + Number(d) * (10 - i), 0);
      const check = (11 - (sum % 11)) % 11;
      expect(check).not.toBe(10);
      expect(Number(n[9])).toBe(check);
    }
    const m = readJson<Manifest>(join(early, "demo-manifest.json"));
    expect(m.files.find((f) => f.path === "ACUTE/2018-19-Q2/admissions.csv")?.refused).toMatch(/nhs_number/);
    // the full tree holds the clean resubmission
    const clean = rows(full, "ACUTE/2018-19-Q2/admissions.csv");
    expect(clean[0].map((h) => h.trim().toLowerCase())).not.toContain("nhs_number");
    expect(sentOf(full, "ACUTE/2018-19-Q2/admissions.csv")).toBe("2018-12-14");
    expect(sentOf(early, "ACUTE/2018-19-Q2/admissions.csv")).toBe("2018-10-24");
  });
});
