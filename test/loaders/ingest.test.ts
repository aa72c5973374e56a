import { copyFileSync, existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { closeDb, openDb, rows } from "../../loaders/duckdb.ts";
import { coreSteps, ingestExports } from "../../loaders/ingest.ts";
import { csv, smallConfig, tempDir, writeExports } from "../helpers/exports.ts";

const PEOPLE = "person_id,practice_code,sex,age_band,ethnic_category,imd_quintile,diagnosis_group";
const DEATHS = "person_id,date_of_death,place_of_death,usual_residence";
const SPELLS = "spell_id,person_id,admission_date,discharge_date,admission_method,patient_classification";
const CARERS = "carer_id,person_id,identified_date,assessment_offered_date,support_started_date,bereavement_contact_date";

function baseTree() {
  return {
    "GPFED/2024-25-Q1/people.csv": csv(PEOPLE, "pk_aaaa0001,A00001,1,85+,A,1,cancer", "pk_aaaa0002,A00002,2,75-84,,3,organ_failure"),
    "GPFED/2024-25-Q2/people.csv": csv(PEOPLE, "pk_aaaa0001,A00002,1,85+,M,1,cancer", "pk_aaaa0003,A00001,9,50-64,Z,5,other"),
    "GPFED/2024-25-Q1/deaths.csv": csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home"),
    "GPFED/2024-25-Q2/deaths.csv": csv(DEATHS, "pk_aaaa0001,2024-07-03,hospital,home", "pk_aaaa0003,2024-08-01,hospice,home"),
    "ACUTE/2024-25-Q1/admissions.csv": csv(SPELLS, "S1,pk_aaaa0001,2024-06-01,,21,1", "S2,pk_aaaa0002,2024-06-02,2024-06-05,11,1"),
    "ACUTE/2024-25-Q2/admissions.csv": csv(SPELLS, "S1,pk_aaaa0001,2024-07-01,2024-07-03,21,1", "S3,pk_aaaa0001,2024-07-02,2024-07-02,21,3"),
    "COMMUNITY/2024-25-Q2/carers.csv": csv(CARERS, "ck_aaaa0001,pk_aaaa0001,2024-05-01,,2024-06-01,"),
    "BEREAVE/2024-25-Q2/carers.csv": csv(CARERS, "ck_aaaa0001,pk_aaaa0001,2024-04-20,2024-05-03,,2024-07-20", "ck_aaaa0002,pk_aaaa0003,2024-06-01,,,"),
    "BEREAVE/2024-25-Q1/carers.csv": csv(CARERS, "ck_aaaa0009,pk_aaaa0009,2024-04-01,,,"),
  };
}

async function tableDump(dbPath: string, tables: string[]): Promise<string> {
  const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
  try {
    const out: string[] = [];
    for (const t of tables) out.push(JSON.stringify(await rows(db, `select * from ${t} order by all`), (_k, v) => (typeof v === "bigint" ? String(v) : v)));
    return out.join("\n");
  } finally {
    closeDb(db);
  }
}

describe("ingest into the linked core model", () => {
  it("reconciles every file and links the datasets as the contract says", async () => {
    const exportsDir = writeExports(baseTree());
    const dbPath = join(tempDir(), "alliance.duckdb");
    const { report } = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    for (const f of report.files) expect(f.rowsRead, f.path).toBe(f.rowsLoaded + f.rowsRejected);
    expect(report.totals).toMatchObject({ files: 9, refused: 0, rowsRead: 15, rowsLoaded: 15, rowsRejected: 0 });

    const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    try {
      // snapshots: each partner's latest snapshot only (pk_aaaa0002 was dropped from Q2's)
      expect(await rows(db, "select person_id, practice_code, locality, ethnic_group from people order by 1")).toEqual([
        { person_id: "pk_aaaa0001", practice_code: "A00002", locality: "SOUTH", ethnic_group: "black" },
        { person_id: "pk_aaaa0003", practice_code: "A00001", locality: "NORTH", ethnic_group: "not_stated" },
      ]);
      // one death per person: the greatest period wins
      expect(await rows(db, "select person_id, strftime(date_of_death, '%Y-%m-%d') as d, place_of_death from deaths order by 1")).toEqual([
        { person_id: "pk_aaaa0001", d: "2024-07-03", place_of_death: "hospital" },
        { person_id: "pk_aaaa0003", d: "2024-08-01", place_of_death: "hospice" },
      ]);
      // spells: a spell resent in a later quarter is one spell; classification 3 is not emergency
      expect(await rows(db, "select spell_id, period, is_emergency from spells order by 1")).toEqual([
        { spell_id: "S1", period: "2024-25-Q2", is_emergency: true },
        { spell_id: "S2", period: "2024-25-Q1", is_emergency: false },
        { spell_id: "S3", period: "2024-25-Q2", is_emergency: false },
      ]);
      // carers: one carer across partners, earliest non-blank date of each field; latest snapshot per partner
      expect(
        await rows(db, `select carer_id, person_id, strftime(identified_date, '%Y-%m-%d') as identified, strftime(assessment_offered_date, '%Y-%m-%d') as offered,
          strftime(support_started_date, '%Y-%m-%d') as support, strftime(bereavement_contact_date, '%Y-%m-%d') as bereavement, partners from carers order by 1`),
      ).toEqual([
        { carer_id: "ck_aaaa0001", person_id: "pk_aaaa0001", identified: "2024-04-20", offered: "2024-05-03", support: "2024-06-01", bereavement: "2024-07-20", partners: "BEREAVE;COMMUNITY" },
        { carer_id: "ck_aaaa0002", person_id: "pk_aaaa0003", identified: "2024-06-01", offered: null, support: null, bereavement: null, partners: "BEREAVE" },
      ]);
      const missing = await rows<{ partner: string; dataset: string; period: string }>(
        db,
        "select partner, dataset, period from expected_submissions where arrival = 'missing' order by all",
      );
      expect(missing).toContainEqual({ partner: "GPFED", dataset: "register", period: "2024-25-Q1" });
      expect(missing).toContainEqual({ partner: "COMMUNITY", dataset: "carers", period: "2024-25-Q1" });
      expect(missing).not.toContainEqual({ partner: "GPFED", dataset: "deaths", period: "2024-25-Q2" });
    } finally {
      closeDb(db);
    }
  });

  it("is idempotent, and a resubmitted file replaces the earlier one without double counting", async () => {
    const exportsDir = writeExports(baseTree());
    const dbPath = join(tempDir(), "alliance.duckdb");
    const tables = ["people", "deaths", "spells", "carers", "submission_log", "files", "row_issues", "expected_submissions"];
    const first = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    const dumpOne = await tableDump(dbPath, tables);
    const second = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    expect(await tableDump(dbPath, tables)).toBe(dumpOne);
    expect(second.report).toEqual(first.report);

    writeFileSync(join(exportsDir, "ACUTE/2024-25-Q2/admissions.csv"), csv(SPELLS, "S1,pk_aaaa0001,2024-07-01,2024-07-04,21,1", "S3,pk_aaaa0001,2024-07-02,2024-07-02,21,3", "S4,pk_aaaa0003,2024-07-05,,22,1"));
    const third = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    const resent = third.report.files.find((f) => f.path === "ACUTE/2024-25-Q2/admissions.csv")!;
    expect(resent.status).toBe("replaced");
    expect(third.report.totals.replaced).toBe(1);
    const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    try {
      expect(await rows(db, "select spell_id, strftime(discharge_date, '%Y-%m-%d') as d from spells order by 1")).toEqual([
        { spell_id: "S1", d: "2024-07-04" },
        { spell_id: "S2", d: "2024-06-05" },
        { spell_id: "S3", d: "2024-07-02" },
        { spell_id: "S4", d: null },
      ]);
      // the log keeps both versions' hashes, so the resubmission stays visible
      const log = await rows<{ n: number }>(db, "select count(*)::integer as n from submission_log where partner = 'ACUTE' and period = '2024-25-Q2'");
      expect(log[0]!.n).toBe(2);
      const status = await rows(db, "select resubmitted from expected_submissions where partner = 'ACUTE' and period = '2024-25-Q2'");
      expect(status).toEqual([{ resubmitted: true }]);
    } finally {
      closeDb(db);
    }
  });

  it("leaves the previous database untouched when an ingest fails part-way", async () => {
    const exportsDir = writeExports(baseTree());
    const dir = tempDir();
    const dbPath = join(dir, "alliance.duckdb");
    await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    const before = readFileSync(dbPath);
    copyFileSync(dbPath, join(dir, "copy.duckdb"));
    writeFileSync(join(exportsDir, "GPFED/2024-25-Q2/deaths.csv"), csv(DEATHS, "pk_aaaa0005,2024-07-03,home,home"));
    let calls = 0;
    await expect(
      ingestExports({
        config: smallConfig(),
        exportsDir,
        dbPath,
        onProgress: () => {
          if (++calls === 4) throw new Error("disk full");
        },
      }),
    ).rejects.toThrow("disk full");
    expect(readFileSync(dbPath).equals(before)).toBe(true);
    const leftovers = (await import("node:fs")).readdirSync(dir).filter((f) => f.startsWith(".ingest-"));
    expect(leftovers).toEqual([]);
    expect(existsSync(`${dbPath}.wal`)).toBe(false);
  });

  it("loads nothing from a refused file", async () => {
    const exportsDir = writeExports({
      ...baseTree(),
      "GPFED/2024-25-Q2/deaths.csv": csv(`${DEATHS},postcode`, "pk_aaaa0001,2024-07-03,hospital,home,SW1A 1AA", "pk_aaaa0003,2024-08-01,hospice,home,M1 1AE"),
    });
    const dbPath = join(tempDir(), "alliance.duckdb");
    const { report } = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    expect(report.totals.refused).toBe(1);
    const db = await openDb(dbPath, { access_mode: "READ_ONLY" });
    try {
      expect(await rows(db, "select person_id from deaths")).toEqual([{ person_id: "pk_aaaa0001" }]);
      expect(await rows(db, "select count(*)::integer as n from stg_deaths where period = '2024-25-Q2'")).toEqual([{ n: 0 }]);
    } finally {
      closeDb(db);
    }
    expect(JSON.stringify(report)).not.toMatch(/SW1A|M1 1AE/);
  });

  it("applies a change to an event table by key, for every event step", () => {
    expect(coreSteps().filter((s) => s.event).map((s) => `${s.file}:${s.event!.key}`)).toEqual([
      "60_spells:spell_id",
      "70_spc_contacts:contact_id",
      "71_referrals:referral_id",
      "72_fast_track:application_id",
      "73_outcomes:assessment_id",
    ]);
  });

  it("re-reads only what changed, and ends with the same model as an ingest from scratch", async () => {
    const exportsDir = writeExports(baseTree());
    const dir = tempDir();
    const dbPath = join(dir, "alliance.duckdb");
    await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    const idsBefore = await tableDump(dbPath, ["(select file_id, path from files)"]);

    // a resubmission, a withdrawn file, a new file and a newly broken one
    writeFileSync(join(exportsDir, "ACUTE/2024-25-Q2/admissions.csv"), csv(SPELLS, "S1,pk_aaaa0001,2024-07-01,2024-07-09,21,1", "S5,pk_aaaa0003,2024-07-05,,22,1"));
    rmSync(join(exportsDir, "BEREAVE/2024-25-Q1/carers.csv"));
    writeExports({ "COMMUNITY/2024-25-Q1/carers.csv": csv(CARERS, "ck_aaaa0003,pk_aaaa0002,2024-05-02,,,") }, exportsDir);
    writeFileSync(join(exportsDir, "GPFED/2024-25-Q1/deaths.csv"), csv(DEATHS, "pk_aaaa0001,2024-05-01,home,home", "pk_aaaa0002,2024-13-01,home,home"));
    const incremental = await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    const scratchPath = join(dir, "scratch.duckdb");
    const scratch = await ingestExports({ config: smallConfig(), exportsDir, dbPath: scratchPath });

    const model = ["people", "register_episodes", "practice_lists", "deaths", "care_plans", "spells", "spc_contacts", "referrals", "fast_track", "outcomes", "carers", "dataset_versions",
      // the scratch database has no history, so it cannot know the resubmission
      "(select * exclude (resubmitted) from expected_submissions)"];
    expect(await tableDump(dbPath, model)).toBe(await tableDump(scratchPath, model));
    const issues = "(select f.path, i.row_no, i.severity, i.field, i.message from row_issues i join files f using (file_id))";
    expect(await tableDump(dbPath, [issues])).toBe(await tableDump(scratchPath, [issues]));
    const withoutStatus = (files: typeof scratch.report.files) => files.map(({ status: _status, ...rest }) => rest);
    expect(withoutStatus(incremental.report.files)).toEqual(withoutStatus(scratch.report.files));
    expect(incremental.report.files.find((f) => f.path === "ACUTE/2024-25-Q2/admissions.csv")!.status).toBe("replaced");

    // unchanged files kept their checked rows (same file ids); changed and new ones were read again
    const kept = JSON.parse(idsBefore.split("\n")[0]!) as Array<{ file_id: number; path: string }>;
    const after = JSON.parse((await tableDump(dbPath, ["(select file_id, path from files)"])).split("\n")[0]!) as Array<{ file_id: number; path: string }>;
    const idOf = (list: typeof kept, path: string) => list.find((f) => f.path === path)?.file_id;
    expect(idOf(after, "GPFED/2024-25-Q2/people.csv")).toBe(idOf(kept, "GPFED/2024-25-Q2/people.csv"));
    expect(idOf(after, "ACUTE/2024-25-Q2/admissions.csv")).toBeGreaterThan(Math.max(...kept.map((f) => f.file_id)));
    expect(idOf(after, "BEREAVE/2024-25-Q1/carers.csv")).toBeUndefined();

    // the later quarter of spells withdrawn: S1's earlier row wins again, S5 goes (event tables change by key)
    rmSync(join(exportsDir, "ACUTE/2024-25-Q2/admissions.csv"));
    await ingestExports({ config: smallConfig(), exportsDir, dbPath });
    rmSync(scratchPath);
    await ingestExports({ config: smallConfig(), exportsDir, dbPath: scratchPath });
    expect(await tableDump(dbPath, ["spells"])).toBe(await tableDump(scratchPath, ["spells"]));
    expect(await tableDump(dbPath, ["(select spell_id, period from spells)"])).toBe(
      JSON.stringify([{ spell_id: "S1", period: "2024-25-Q1" }, { spell_id: "S2", period: "2024-25-Q1" }]),
    );
  });
});
