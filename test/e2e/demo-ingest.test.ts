import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { generateDemoData } from "../../demo/generate.ts";
import { loadConfig } from "../../loaders/contract/config.ts";
import { closeDb, openDb, rows } from "../../loaders/duckdb.ts";
import { ingestExports } from "../../loaders/ingest.ts";
import { ingestReportSchema, type IngestReport } from "../../loaders/report.ts";
import { alliance } from "../helpers/cli.ts";
import { tempDir } from "../helpers/exports.ts";

/** The whole path on generated data: demo-data -> ingest, an as-of tree first and the final tree after it. */

const AS_OF = "2020-21-Q1";
/** the generator sends ACUTE's 2018-19-Q2 spells first with an nhs_number column, then resubmits them clean */
const AS_OF_WITH_IDENTIFIERS = "2018-19-Q2";
let root: string;
let asOfRoot: string;
let earlyRoot: string;

beforeAll(async () => {
  root = tempDir("alliance-e2e-");
  asOfRoot = tempDir("alliance-e2e-asof-");
  earlyRoot = tempDir("alliance-e2e-early-");
  await generateDemoData({ outDir: root, seed: 7, scale: "tiny" });
  await generateDemoData({ outDir: asOfRoot, seed: 7, scale: "tiny", asOf: AS_OF });
  await generateDemoData({ outDir: earlyRoot, seed: 7, scale: "tiny", asOf: AS_OF_WITH_IDENTIFIERS });
});

function reconciles(report: IngestReport) {
  for (const f of report.files) expect(f.rowsRead, f.path).toBe(f.rowsLoaded + f.rowsRejected);
  const t = report.totals;
  expect(t.rowsRead).toBe(t.rowsLoaded + t.rowsRejected);
  for (const f of report.files) expect(f.rowsRejected, f.path).toBeGreaterThanOrEqual(f.errors.length > 0 ? 1 : 0);
}

describe("demo data through ingest", () => {
  it("ingests the generated exports through the command line, and the report reconciles", () => {
    const db = join(root, "build", "alliance.duckdb");
    const report = join(root, "build", "report.json");
    const result = alliance(["ingest", "--config", join(root, "alliance.json"), "--report", report]);
    expect([0, 1]).toContain(result.status);
    const parsed = ingestReportSchema.parse(JSON.parse(readFileSync(report, "utf8")));
    reconciles(parsed);
    expect(parsed.totals.rowsLoaded).toBeGreaterThan(parsed.totals.rowsRejected * 50);
    // the generator's deliberate errors are caught, with file, row, field and reason
    const errors = parsed.files.flatMap((f) => f.errors.map((e) => ({ ...e, path: f.path })));
    expect(errors.length).toBeGreaterThan(0);
    for (const e of errors) {
      expect(e.row).toBeGreaterThan(0);
      expect(e.message.length).toBeGreaterThan(5);
    }
    expect(result.stderr).toMatch(/database: .*alliance\.duckdb/);
    void db;
  });

  it("refuses the first-sent file that carried NHS numbers, naming no value", async () => {
    const config = loadConfig(join(earlyRoot, "alliance.json"));
    const { report } = await ingestExports({ config, exportsDir: join(earlyRoot, "exports"), dbPath: null });
    reconciles(report);
    const refused = report.files.filter((f) => f.status === "refused");
    expect(refused.map((f) => f.path)).toEqual(["ACUTE/2018-19-Q2/admissions.csv"]);
    expect(refused[0]!.reason).toMatch(/direct identifiers \('nhs_number'\)/);
    expect(refused[0]!.rowsLoaded).toBe(0);
    expect(refused[0]!.rowsRejected).toBe(refused[0]!.rowsRead);
  });

  it("shows late arrivals and resubmissions between an as-of tree and the final tree", async () => {
    const config = loadConfig(join(asOfRoot, "alliance.json"));
    const dbPath = join(asOfRoot, "build", "alliance.duckdb");
    const first = await ingestExports({ config, exportsDir: join(asOfRoot, "exports"), dbPath });
    reconciles(first.report);

    const second = await ingestExports({ config, exportsDir: join(root, "exports"), dbPath });
    reconciles(second.report);
    expect(second.report.totals.replaced).toBeGreaterThan(0);
    const firstPaths = new Set(first.report.files.map((f) => f.path));
    const arrivedLater = second.report.files.filter((f) => !firstPaths.has(f.path));
    expect(arrivedLater.length).toBeGreaterThan(0);

    const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    try {
      const arrival = await rows<{ arrival: string; n: number }>(db, "select arrival, count(*)::integer as n from expected_submissions group by all order by all");
      const byArrival = Object.fromEntries(arrival.map((a) => [a.arrival, a.n]));
      expect(byArrival.on_time).toBeGreaterThan(0);
      expect(byArrival.late).toBeGreaterThan(0);
      expect(byArrival.missing).toBeGreaterThan(0);
      const resubmitted = await rows<{ n: number }>(db, "select count(*)::integer as n from expected_submissions where resubmitted");
      expect(resubmitted[0]!.n).toBeGreaterThan(0);
      // linkage: deaths link to people, and to spells before them
      const linked = await rows<{ deaths: number; with_person: number; with_spell: number }>(
        db,
        `select count(*)::integer as deaths,
           count(*) filter (where exists (select 1 from people p where p.person_id = d.person_id))::integer as with_person,
           count(*) filter (where exists (select 1 from spells s where s.person_id = d.person_id and s.admission_date <= d.date_of_death))::integer as with_spell
         from deaths d`,
      );
      expect(linked[0]!.deaths).toBeGreaterThan(100);
      expect(linked[0]!.with_person / linked[0]!.deaths).toBeGreaterThan(0.9);
      expect(linked[0]!.with_spell / linked[0]!.deaths).toBeGreaterThan(0.3);
    } finally {
      closeDb(db);
    }
  });
});
