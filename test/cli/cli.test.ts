import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { alliance } from "../helpers/cli.ts";
import { SMALL_CONFIG, csv, tempDir, writeExports } from "../helpers/exports.ts";

const oneLine = (s: string) => s.trim().split("\n").filter(Boolean);

describe("command line", () => {
  it("prints help for the program and each command", () => {
    const help = alliance(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/demo-data/);
    expect(help.stdout).toMatch(/ingest/);
    const ingestHelp = alliance(["ingest", "--help"]);
    expect(ingestHelp.status).toBe(0);
    expect(ingestHelp.stdout).toMatch(/--exports <dir>/);
  });

  it("exits 2 with a one-line reason on bad input, a missing folder or an invalid config", () => {
    const unknown = alliance(["frobnicate"]);
    expect(unknown.status).toBe(2);
    expect(oneLine(unknown.stderr)).toHaveLength(1);

    const badOption = alliance(["ingest", "--config", SMALL_CONFIG, "--bogus"]);
    expect(badOption.status).toBe(2);
    expect(oneLine(badOption.stderr)).toHaveLength(1);

    const missing = alliance(["check", "--config", SMALL_CONFIG, "--exports", "/nonexistent/exports"]);
    expect(missing.status).toBe(2);
    expect(oneLine(missing.stderr)).toEqual(["alliance: exports folder not found: /nonexistent/exports"]);

    const dir = tempDir();
    const badConfig = join(dir, "alliance.json");
    const config = JSON.parse(readFileSync(SMALL_CONFIG, "utf8"));
    config.partners[0].kind = "surgery";
    writeFileSync(badConfig, JSON.stringify(config));
    const invalid = alliance(["check", "--config", badConfig]);
    expect(invalid.status).toBe(2);
    expect(oneLine(invalid.stderr)).toHaveLength(1);
    expect(invalid.stderr).toMatch(/partners\[0\]\.kind/);
    expect(invalid.stderr).not.toMatch(/at .*\.ts/);

    const noConfig = alliance(["check", "--config", join(dir, "absent.json")]);
    expect(noConfig.status).toBe(2);
    expect(noConfig.stderr).toMatch(/cannot read config file/);

    const badPeriod = alliance(["demo-data", "--out", dir, "--as-of", "2024-Q3"]);
    expect(badPeriod.status).toBe(2);
    expect(oneLine(badPeriod.stderr)).toHaveLength(1);
  });

  it("exits 1 when the data has problems, 0 when clean, and writes the report and rejected rows", () => {
    const header = "person_id,date_of_death,place_of_death,usual_residence";
    const exportsDir = writeExports({ "GPFED/2024-25-Q1/deaths.csv": csv(header, "pk_aaaa0001,2024-05-01,home,home", "pk_aaaa0002,2024-05-01,moon,home") });
    const out = tempDir();
    const db = join(out, "alliance.duckdb");
    const report = join(out, "report.json");
    const withProblems = alliance(["ingest", "--config", SMALL_CONFIG, "--exports", exportsDir, "--db", db, "--report", report]);
    expect(withProblems.status).toBe(1);
    expect(existsSync(db)).toBe(true);
    const json = JSON.parse(readFileSync(report, "utf8"));
    expect(json.totals).toMatchObject({ rowsRead: 2, rowsLoaded: 1, rowsRejected: 1 });
    expect(readFileSync(join(out, "report-rejected-rows.csv"), "utf8")).toMatch(/GPFED\/2024-25-Q1\/deaths.csv,2,place_of_death,/);

    writeFileSync(join(exportsDir, "GPFED/2024-25-Q1/deaths.csv"), csv(header, "pk_aaaa0001,2024-05-01,home,home"));
    const clean = alliance(["check", "--config", SMALL_CONFIG, "--exports", exportsDir]);
    expect(clean.status).toBe(0);
    expect(clean.stderr).toMatch(/1 rows read, 1 loaded, 0 rejected/);
  });
});
