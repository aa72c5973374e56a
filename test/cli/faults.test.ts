import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, symlinkSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { checkConfigMetrics } from "../../cli/config-match.ts";
import { ConfigError, loadConfig } from "../../loaders/contract/config.ts";
import { closeDb, openDb, rows } from "../../loaders/duckdb.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import { acquireLock, lockPathOf } from "../../loaders/lock.ts";
import { alliance } from "../helpers/cli.ts";
import { SMALL_CONFIG, checkFiles, csv, smallConfig, tempDir, writeExports } from "../helpers/exports.ts";

/** Faults around a run (issue 17): the report and database as one step, the lock, the config a database was built from. */

const DEATHS = "person_id,date_of_death,place_of_death,usual_residence";
const DEATH_FILE = "GPFED/2024-25-Q1/deaths.csv";

async function filesIn(dbPath: string) {
  const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
  try {
    return await rows<{ path: string; sha256: string; rows_loaded: number }>(db, "select path, sha256, rows_loaded from files order by path");
  } finally {
    closeDb(db);
  }
}

describe("the report and the database change together (item 5)", () => {
  it("a report that cannot be written leaves the database as it was, and the resubmission is reported later", async () => {
    const exportsDir = writeExports({ [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home") });
    const out = tempDir();
    const db = join(out, "alliance.duckdb");
    expect(alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db]).status).toBe(0);
    const before = await filesIn(db);

    writeFileSync(join(exportsDir, DEATH_FILE), csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home", "pk_aaaa0002,2024-05-02,home,home"));
    // A report folder that cannot be written (a file stands where the folder should be: read-only even for root)
    const blocked = join(out, "blocked");
    writeFileSync(blocked, "");
    const failed = alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db, "--report", join(blocked, "report.json")]);
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/cannot write the ingest report .*the database was left as it was/);
    expect(await filesIn(db)).toEqual(before);

    const report = join(out, "report.json");
    expect(alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db, "--report", report]).status).toBe(0);
    expect(JSON.parse(readFileSync(report, "utf8")).files[0]).toMatchObject({ status: "replaced", rowsLoaded: 2 });
    expect(readdirSync(out).filter((f) => f.includes(".tmp"))).toEqual([]);
  });
});

describe("one run at a time on a database (item 6)", () => {
  it("a second ingest exits 2 naming the one that holds the lock, and waits with --wait", async () => {
    const exportsDir = writeExports({ [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home") });
    const db = join(tempDir(), "alliance.duckdb");
    const release = await acquireLock(db, "ingest");
    try {
      const refused = alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db]);
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain(`is locked by ingest (pid ${process.pid} on ${hostname()}`);
      expect(existsSync(db)).toBe(false);

      // --wait: the second run starts once the first is done
      const waiting = spawn(process.execPath, ["--import", "tsx", "cli/main.ts", "ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db, "--wait"], {
        cwd: join(import.meta.dirname, "..", ".."),
        stdio: ["ignore", "ignore", "pipe"],
      });
      const exited = new Promise<number | null>((done) => waiting.on("exit", (code) => done(code)));
      await new Promise((done) => setTimeout(done, 1500));
      expect(existsSync(db)).toBe(false);
      release();
      expect(await exited).toBe(0);
      expect(await filesIn(db)).toHaveLength(1);
    } finally {
      release();
    }
  });
  it("takes over a lock whose holder is gone", async () => {
    const exportsDir = writeExports({ [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home") });
    const dir = tempDir();
    const db = join(dir, "alliance.duckdb");
    writeFileSync(lockPathOf(db), JSON.stringify({ pid: 2 ** 22 + 17, host: hostname(), startedAt: new Date().toISOString(), command: "ingest" }));
    mkdirSync(join(dir, ".ingest-killed"));
    const result = await ingestExports({ config: smallConfig(), exportsDir, dbPath: db });
    expect(result.report.totals.rowsLoaded).toBe(1);
    expect(existsSync(lockPathOf(db))).toBe(false);
    expect(existsSync(join(dir, ".ingest-killed"))).toBe(false); // a killed run's work folder is cleaned
  });
});

describe("metrics on a database built from another config (item 7)", () => {
  it("exits 2 naming what differs", () => {
    const exportsDir = writeExports({ [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home") });
    const out = tempDir();
    const db = join(out, "alliance.duckdb");
    expect(alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db]).status).toBe(0);
    const other = JSON.parse(readFileSync(SMALL_CONFIG, "utf8"));
    other.practices.push({ code: "A00003", name: "Three Surgery", pcn: "NORTH-PCN-1", locality: "NORTH" });
    other.targets = [];
    const otherPath = join(out, "other.json");
    writeFileSync(otherPath, JSON.stringify(other));
    const refused = alliance(["metrics", "--config", otherPath, "--db", db, "--out", join(out, "metrics")]);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/was built from another config .*differs in: practices\)/);
    expect(existsSync(join(out, "metrics"))).toBe(false);
  });
});

describe("impossible configs are refused (item 8)", () => {
  const configWith = (mutate: (c: any) => void) => {
    const config = JSON.parse(readFileSync(SMALL_CONFIG, "utf8"));
    mutate(config);
    const path = join(tempDir(), "alliance.json");
    writeFileSync(path, JSON.stringify(config));
    return path;
  };
  const check = (path: string) => alliance(["check", "--config", path, "--exports", writeExports({})]);
  const cases: Array<[string, (c: any) => void, RegExp]> = [
    ["dataFrom after the baseline", (c) => (c.dataFrom = "2024-07-01"), /baseline\.from: the baseline starts 2024-04-01, before the data does/],
    ["baseline after the contract", (c) => (c.baseline = { from: "2025-04-01", to: "2026-03-31" }), /baseline\.from: .*after the contract does/],
    ["a target of 75 for a percentage", (c) => (c.targets[0].target = 75), /targets\[0\]\.target: PPD-02 is a percentage, written as a fraction 0–1/],
    ["a PCN in two localities", (c) => (c.practices[1].pcn = "NORTH-PCN-1"), /practices\[1\]\.pcn: PCN NORTH-PCN-1 is in locality NORTH/],
    ["a dataset listed twice", (c) => c.partners[1].datasets.push("admissions"), /partners\[1\]\.datasets: dataset admissions is listed more than once/],
    ["duplicate locality codes", (c) => c.localities.push({ code: "NORTH", name: "North again" }), /localities: locality code NORTH appears more than once/],
    ["a name starting like a formula", (c) => (c.localities[0].name = "=HYPERLINK(\"http://x\")"), /localities\[0\]\.name: must not begin with =/],
  ];
  // In process, through what every command calls (one command line run below shows the exit status).
  const refusal = async (path: string) => {
    try {
      await checkConfigMetrics(loadConfig(path));
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      return (e as Error).message;
    }
    return "accepted";
  };
  for (const [name, mutate, message] of cases) {
    it(`refuses ${name}`, async () => {
      const reason = await refusal(configWith(mutate));
      expect(reason).toMatch(message);
      expect(reason).not.toMatch(/PRIMARY KEY|Cannot read properties/);
    });
  }
  it("exits 2 on such a config, and reads a config saved with a byte-order mark", () => {
    const result = check(configWith(cases[2]![1]));
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(cases[2]![2]);
    const path = join(tempDir(), "alliance.json");
    writeFileSync(path, `\ufeff${readFileSync(SMALL_CONFIG, "utf8")}`);
    expect(check(path).status).toBe(0);
  });
});

describe("a period folder in the future (item 9)", () => {
  it("is refused, and does not move the data's last period", async () => {
    const exportsDir = writeExports({
      [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home"),
      "GPFED/2030-31-Q1/deaths.csv": csv(DEATHS, "pk_aaaa0002,2030-05-01,home,home"),
      "GPFED/2024-25-Q2/deaths.csv": csv(DEATHS, "pk_aaaa0003,2024-08-01,home,home"),
    });
    const dbPath = join(tempDir(), "alliance.duckdb");
    const { report } = await ingestExports({ config: smallConfig(), exportsDir, dbPath, today: new Date("2024-08-15T12:00:00Z") });
    const byPath = Object.fromEntries(report.files.map((f) => [f.path, f]));
    expect(byPath["GPFED/2030-31-Q1/deaths.csv"]).toMatchObject({ status: "refused", reason: expect.stringMatching(/has not begun yet \(today is in 2024-25-Q2\)/) });
    expect(byPath["GPFED/2024-25-Q2/deaths.csv"]!.status).toBe("loaded"); // the current quarter is sent early, not refused
    const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    try {
      expect(await rows(db, "select value from meta where key = 'data_to_period'")).toEqual([{ value: "2024-25-Q2" }]);
    } finally {
      closeDb(db);
    }
  });
});

describe("formula injection in what partners open (item 10)", () => {
  it("neutralises file names and cells that start like a formula in the rejected-rows CSV", async () => {
    const exportsDir = writeExports({ "=cmd|' -C calc'!A0/2024-25-Q1/deaths.csv": "x", [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,+home,home") });
    const { rejectedRowsCsv } = await ingestExports({ config: smallConfig(), exportsDir, dbPath: null });
    const lines = rejectedRowsCsv.trim().split("\n").slice(1);
    expect(lines.length).toBe(2);
    for (const line of lines) expect(line, line).not.toMatch(/(^|,)"?[=+\-@]/);
    expect(rejectedRowsCsv).toContain("'=cmd");
  });
});

describe("what is not read is reported (low)", () => {
  it("reports hidden files, symbolic links and folders deeper than the layout", async () => {
    const exportsDir = writeExports({
      [DEATH_FILE]: csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home"),
      "GPFED/2024-25-Q1/.~lock.deaths.csv#": "x",
      "GPFED/2024-25-Q1/old/deaths.csv": csv(DEATHS),
    });
    symlinkSync(join(exportsDir, DEATH_FILE), join(exportsDir, "GPFED/2024-25-Q1/people.csv"));
    const { report } = await ingestExports({ config: smallConfig(), exportsDir, dbPath: null });
    expect(report.files.map((f) => f.path)).toEqual([DEATH_FILE]);
    expect(report.skipped).toEqual([
      { path: "GPFED/2024-25-Q1/.~lock.deaths.csv#", reason: expect.stringMatching(/hidden/) },
      { path: "GPFED/2024-25-Q1/old/", reason: expect.stringMatching(/deeper than/) },
      { path: "GPFED/2024-25-Q1/people.csv", reason: expect.stringMatching(/symbolic link/) },
    ]);
  });
  it("refuses an exports folder with no partner folder instead of walking it", () => {
    const result = alliance(["check", "--config", SMALL_CONFIG, "--exports", "/etc"]);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/holds no partner folder .*is it the exports folder\? Nothing was read/);
  });
  it("warns on a spell cost no spell could have", async () => {
    const reports = await checkFiles({
      "ACUTE/2024-25-Q1/admissions.csv": csv("spell_id,person_id,admission_date,admission_method,spell_cost_gbp", "S1,pk_aaaa0001,2024-05-01,21,9400000000", "S2,pk_aaaa0001,2024-05-01,21,250000"),
    });
    const r = reports["ACUTE/2024-25-Q1/admissions.csv"]!;
    expect(r.rowsLoaded).toBe(2);
    expect(r.warnings.filter((w) => w.field === "spell_cost_gbp").map((w) => w.row)).toEqual([1]);
  });
});

