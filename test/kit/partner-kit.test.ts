import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { KitUsageError } from "../../kit/mapping.ts";
import { pseudonymFor } from "../../kit/keys.ts";
import { runPartnerKit } from "../../kit/run.ts";
import { csv } from "../helpers/exports.ts";
import { kitFixture, nthNhsNumber, readCsvRows, SECRET } from "./helpers.ts";

const PERIOD = "2024-25-Q3"; // October-December 2024
const run = (f: ReturnType<typeof kitFixture>, period = PERIOD) => runPartnerKit({ mappingFile: f.mappingFile, secretFile: f.secretFile, period, outDir: f.out });

const HES = "NEWNHSNO,PROVSPNOPS,EPIORDER,EPISTART,EPIEND,ADMIDATE,DISDATE,ADMIMETH,ADMISORC,CLASSPAT,DISMETH,DISDEST";
const [A, B, C, D] = [0, 1, 2, 3].map((i) => nthNhsNumber(i));

describe("hes-apc: episodes into provider spells", () => {
  it("takes the first episode's admission fields and the last episode's discharge fields; transfers stay spells of their own", async () => {
    const f = kitFixture(
      {
        "apc.csv": csv(
          HES,
          // spell S1: three episodes, sent out of order; admitted from a care home (55), discharged home
          `${A},S1,02,2024-10-03,2024-10-06,2024-10-01,2024-10-09,21,55,1,8,98`,
          `${A},S1,01,2024-10-01,2024-10-03,2024-10-01,2024-10-09,21,55,1,8,98`,
          `${A},S1,03,2024-10-06,2024-10-09,2024-10-01,2024-10-09,21,55,1,1,19`,
          // S2: the same person transferred to this provider (2B) the day S1 ends: a spell of its own
          `${A},S2,01,2024-10-09,2024-10-20,2024-10-09,2024-10-20,2B,51,1,1,19`,
          // S3: a non-emergency transfer (81) ending in death in hospital over two episodes
          `${B} ,S3,01,2024-11-01,2024-11-05,2024-11-01,2024-11-12,81,51,1,8,98`,
          `${B},S3,02,2024-11-05,2024-11-12,2024-11-01,2024-11-12,81,51,1,4,79`,
          // S4: still in hospital at the extract date (HES null date 1800-01-01, method 8, destination 98)
          `${C.slice(0, 3)} ${C.slice(3, 6)} ${C.slice(6)},S4,01,2024-12-20,,2024-12-20,1800-01-01,11,19,1,8,98`,
          // S5: admitted in the previous quarter: not in this period's export
          `${D},S5,01,2024-09-25,2024-10-02,2024-09-25,2024-10-02,22,19,1,1,19`,
        ),
      },
      { partner: "ACUTE", inputs: [{ file: "apc.csv", dataset: "admissions", preset: "hes-apc" }] },
    );
    const { report, folder } = await run(f);
    const spells = readCsvRows(join(folder, "admissions.csv"));
    const key = (n: string) => pseudonymFor(Buffer.from(SECRET), n);
    expect(spells).toEqual([
      { spell_id: "S1", person_id: key(A), admission_date: "2024-10-01", discharge_date: "2024-10-09", admission_method: "21", discharge_method: "1", patient_classification: "1", admission_source: "55", spell_cost_gbp: "", discharge_destination: "19" },
      { spell_id: "S2", person_id: key(A), admission_date: "2024-10-09", discharge_date: "2024-10-20", admission_method: "2B", discharge_method: "1", patient_classification: "1", admission_source: "51", spell_cost_gbp: "", discharge_destination: "19" },
      { spell_id: "S3", person_id: key(B), admission_date: "2024-11-01", discharge_date: "2024-11-12", admission_method: "81", discharge_method: "4", patient_classification: "1", admission_source: "51", spell_cost_gbp: "", discharge_destination: "79" },
      { spell_id: "S4", person_id: key(C), admission_date: "2024-12-20", discharge_date: "", admission_method: "11", discharge_method: "8", patient_classification: "1", admission_source: "19", spell_cost_gbp: "", discharge_destination: "98" },
    ]);
    const input = report.inputs[0]!;
    expect(input).toMatchObject({ rowsRead: 8, rowsUsed: 8, rowsDropped: 0, recordsMade: 5, recordsOutsidePeriod: 1, recordsWritten: 4, notInThisExtract: ["spell_cost_gbp"] });
    expect(input.notes).toEqual({ transfer_spells: 2, multi_episode_spells: 2, died_in_hospital: 1 });
    expect(input.codes.admission_source).toContainEqual({ raw: "55", code: "55", count: 1 });
    expect(report.exitCode).toBe(0);
  });
});

const ONS = "DEC_NHS_NUMBER,REG_DATE_OF_DEATH,REG_DATE,POD_CODE,POD_NHS_ESTABLISHMENT,POD_ESTABLISHMENT_TYPE,S_UNDERLYING_COD_ICD10,RESIDENCE";

/**
 * The PHE / OHID classification (2019), written out here from the published table rather than read from the
 * kit's own rule file, so the test checks the file: NHS (1) and non-NHS (2) establishment types.
 */
const OHID_RULE: [string, number[], string][] = [
  ["1", [1, 3, 18, 99], "hospital"],
  ["2", [1, 18, 19], "hospital"],
  ["1", [2, 4, 7, 10, 21], "care_home"],
  ["2", [3, 4, 7, 10, 14, 20, 22, 32, 33, 99], "care_home"],
  ["1", [83], "hospice"],
  ["2", [83], "hospice"],
  ["1", [5, 6, 8, 9, 11], "other"],
  ["2", [5, 8, 9, 11, 12, 13, 15, 16, 17, ...Array.from({ length: 9 }, (_, i) => 23 + i), ...Array.from({ length: 49 }, (_, i) => 34 + i)], "other"],
];

describe("ons-deaths: place of death by OHID's rule", () => {
  it("classifies every establishment type in the rule, home and elsewhere, and a religious establishment the mapping names", async () => {
    // The mapping names non-NHS type 40 a religious establishment here: its values take priority over the rule.
    const cases = OHID_RULE.flatMap(([nhs, types, place]) =>
      types.map((t) => ({ nhs, type: String(t).padStart(2, "0"), place: nhs === "2" && t === 40 ? "religious" : place, code: "X" })),
    );
    cases.push({ nhs: "", type: "", place: "home", code: "H" }, { nhs: "", type: "", place: "other", code: "E" });
    const lines = cases.map((c, i) => `${nthNhsNumber(i)},2024-11-${String((i % 28) + 1).padStart(2, "0")},20241205,${c.code},${c.nhs},${c.type},${i % 2 ? "C341" : "X59.9"},home`);
    const f = kitFixture(
      { "deaths.csv": csv(ONS, ...lines) },
      {
        partner: "GPFED",
        inputs: [{ file: "deaths.csv", dataset: "deaths", preset: "ons-deaths", columns: { usual_residence: "RESIDENCE" }, values: { place_of_death: { "2:40": "religious" } } }],
      },
    );
    const { report, folder } = await run(f);
    const out = readCsvRows(join(folder, "deaths.csv"));
    expect(out.length).toBe(cases.length);
    out.forEach((row, i) => expect(row.place_of_death, JSON.stringify(cases[i])).toBe(cases[i]!.place));
    expect(out[0]).toMatchObject({ date_of_death: "2024-11-01", registration_date: "2024-12-05", usual_residence: "home", external_cause: "Y", cause_group: "other" });
    expect(out[1]).toMatchObject({ external_cause: "N", cause_group: "cancer" });
    expect(report.inputs[0]!.notInThisExtract).toEqual(["expected_death", "ppod_variance_reason"]);
    expect(report.inputs[0]!.codes.place_of_death).toContainEqual({ raw: "establishment 2:83", code: "hospice", count: 1 });
  });
});

const GP = "nhs_number,practice_code,code,date,date_of_death";
const PALCARE = "526631000000108"; // On end of life care register
const PALCARE_2 = "1403151000000103"; // On palliative care register
const NO_LONGER = "1048611000000104"; // Palliative care not currently clinically indicated
const KEYWORKER = "719240009"; // Has end of life care key worker

describe("gp-snomed: register episodes and care plans from coded events", () => {
  it("opens an episode on PALCARE_COD, closes it on 'no longer indicated', opens another later, and closes one at death", async () => {
    const f = kitFixture(
      {
        "events.csv": csv(
          GP,
          `${A},A00001,${PALCARE},2024-01-10,`,
          `${A},A00001,${KEYWORKER},2024-02-01,`,
          `${A},A00001,${PALCARE_2},2024-03-01,`, // already on the register: not a new episode
          `${A},A00001,${NO_LONGER},2024-05-01,`,
          `${A},A00001,${PALCARE},2024-11-15,`,
          `${A},A00001,1107891000000106,2024-11-20,`, // ReSPECT
          `${B},A00002,${NO_LONGER},2024-02-01,2024-12-01`, // no open episode: nothing
          `${B},A00002,${PALCARE},2024-06-01,2024-12-01`,
          `${B},A00002,1095151000000107,2024-10-02,2024-12-01`, // Has end of life advance care plan (also PALCARE_COD)
          `${B},A00002,517161000000101,2024-10-03,2024-12-01`, // preferred place: undecided
          `${C},A00001,${PALCARE},2025-01-05,`, // after the period end: not yet on this snapshot
          `${C},A00001,123456,2024-10-05,`, // not in any list
        ),
      },
      {
        partner: "GPFED",
        inputs: [
          { file: "events.csv", dataset: "register", preset: "gp-snomed", columns: { date_of_death: "date_of_death" } },
          { file: "events.csv", dataset: "care_plans", preset: "gp-snomed" },
        ],
      },
    );
    const { report, folder } = await run(f);
    const key = (n: string) => pseudonymFor(Buffer.from(SECRET), n);
    expect(readCsvRows(join(folder, "register.csv"))).toEqual([
      { person_id: key(A), practice_code: "A00001", date_added: "2024-01-10", date_removed: "2024-05-01", removal_reason: "discharged", keyworker_assigned_date: "2024-02-01" },
      { person_id: key(A), practice_code: "A00001", date_added: "2024-11-15", date_removed: "", removal_reason: "", keyworker_assigned_date: "" },
      { person_id: key(B), practice_code: "A00002", date_added: "2024-06-01", date_removed: "2024-12-01", removal_reason: "died", keyworker_assigned_date: "" },
    ]);
    expect(readCsvRows(join(folder, "care_plans.csv"))).toEqual([
      { person_id: key(A), record_type: "respect", recorded_date: "2024-11-20", preferred_place: "" },
      { person_id: key(B), record_type: "acp", recorded_date: "2024-10-02", preferred_place: "" },
      { person_id: key(B), record_type: "ppod", recorded_date: "2024-10-03", preferred_place: "no_preference" },
    ]);
    expect(report.inputs[0]!.notes).toEqual({ episodes: 3, closed_no_longer_indicated: 1, closed_at_death: 1 });
  });
});

const PEOPLE = "NHS No,Practice,Gender,DOB,Died,Forename,Surname,Postcode,Ethnicity,IMD,Diagnosis";
const NAMES = ["Margaret", "Thistlewood", "Albert", "Quenby"];
const POSTCODES = ["LS1 4AP", "M13 9PL"];

/** Two partners and their extracts, sharing one person (A); every identifier in them is listed for the scan. */
function twoPartners(secret = SECRET) {
  const gp = kitFixture(
    {
      "people.csv": csv(
        PEOPLE,
        `${A.slice(0, 3)} ${A.slice(3, 6)} ${A.slice(6)},A00001,F,14/02/1941,,Margaret,Thistlewood,LS1 4AP,A,2,cancer`,
        `${B},A00002,M,1950-07-30,2024-11-03,Albert,Quenby,M13 9PL,B,5,organ_failure`,
        `9434765918,A00002,M,1950-07-30,,Albert,Quenby,M13 9PL,B,5,other`, // fails Modulus 11
      ),
    },
    {
      partner: "GPFED",
      inputs: [
        {
          file: "people.csv",
          dataset: "people",
          columns: { nhs_number: "NHS No", practice_code: "Practice", sex: "Gender", date_of_birth: "DOB", date_of_death: "Died", ethnic_category: "Ethnicity", imd_quintile: "IMD", diagnosis_group: "Diagnosis" },
          values: { sex: { M: "1", F: "2", U: "X" } },
        },
      ],
    },
    secret,
  );
  const acute = kitFixture(
    { "apc.csv": csv(HES, `${A},S9,01,2024-10-01,2024-10-02,2024-10-01,2024-10-02,21,19,1,1,19`) },
    { partner: "ACUTE", inputs: [{ file: "apc.csv", dataset: "admissions", preset: "hes-apc" }] },
    secret,
  );
  return { gp, acute };
}

describe("keys and identifiers", () => {
  it("gives the same person_id for the same NHS number at two partners, and another with a different secret", async () => {
    const { gp, acute } = twoPartners();
    const people = readCsvRows(join((await run(gp)).folder, "people.csv"));
    const spells = readCsvRows(join((await run(acute)).folder, "admissions.csv"));
    expect(people[0]!.person_id).toBe(spells[0]!.person_id);
    expect(people[0]!.person_id).toMatch(/^pk_[0-9a-f]{64}$/);
    expect(people[1]!.person_id).not.toBe(people[0]!.person_id);
    const other = twoPartners("a-different-alliance-secret-9876543210-zyxwv");
    const otherPeople = readCsvRows(join((await run(other.gp)).folder, "people.csv"));
    expect(otherPeople[0]!.person_id).not.toBe(people[0]!.person_id);
  });

  it("takes the age band at death or at the period end, maps codes, drops a failing NHS number by row only, and reports each code", async () => {
    const { gp } = twoPartners();
    const { report, folder } = await run(gp);
    const people = readCsvRows(join(folder, "people.csv"));
    // born 1941-02-14: 83 at 2024-12-31 (period end); born 1950-07-30, died 2024-11-03: 74
    expect(people.map((p) => [p.sex, p.age_band, p.practice_code])).toEqual([["2", "75-84", "A00001"], ["1", "65-74", "A00002"]]);
    const input = report.inputs[0]!;
    expect(input).toMatchObject({ rowsRead: 3, rowsDropped: 1, recordsWritten: 2, dropped: [{ row: 3, reason: "NHS number fails the Modulus 11 check" }] });
    expect(input.codes.sex).toEqual([{ raw: "F", code: "2", count: 1 }, { raw: "M", code: "1", count: 1 }]);
    expect(report.exitCode).toBe(1);
  });

  it("writes no NHS number (with or without spaces), date of birth, postcode or name in any file, report or message", async () => {
    const { gp, acute } = twoPartners();
    const { alliance } = await import("../helpers/cli.ts");
    const outputs: string[] = [];
    for (const f of [gp, acute]) {
      const r = alliance(["partner-kit", "--mapping", f.mappingFile, "--secret-file", f.secretFile, "--period", PERIOD, "--out", f.out]);
      expect(r.status, r.stderr).toBeLessThanOrEqual(1);
      outputs.push(r.stdout, r.stderr);
      const { filesUnder } = await import("./helpers.ts");
      for (const file of filesUnder(f.out)) outputs.push(readFileSync(file, "latin1"));
    }
    const spaced = (n: string) => `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`;
    const forbidden = [
      ...[A, B, "9434765918"].flatMap((n) => [n, spaced(n)]),
      "14/02/1941", "1941-02-14", "1950-07-30", "30/07/1950",
      ...POSTCODES, ...POSTCODES.map((p) => p.replace(" ", "")), ...NAMES,
      SECRET,
    ];
    const all = outputs.join("\n");
    expect(all.length).toBeGreaterThan(1000);
    for (const value of forbidden) expect(all.includes(value), `found '${value}'`).toBe(false);
    expect(all).not.toMatch(/\b\d{3}\s?\d{3}\s?\d{4}\b/);
  });
});

describe("usage errors: exit 2, nothing written", () => {
  const fixture = () => twoPartners().gp;
  it.each([
    ["missing", (f: ReturnType<typeof kitFixture>) => f.secretFile + ".nope", /secret file not found/],
    ["empty", (f: ReturnType<typeof kitFixture>) => (writeFileSync(f.secretFile, "\n"), f.secretFile), /secret file is empty/],
    ["too short", (f: ReturnType<typeof kitFixture>) => (writeFileSync(f.secretFile, "short-secret"), f.secretFile), /too short/],
    ["inside the output folder", (f: ReturnType<typeof kitFixture>) => {
      const inside = join(f.out, "keys", "secret.key");
      (require("node:fs") as typeof import("node:fs")).mkdirSync(join(f.out, "keys"), { recursive: true });
      writeFileSync(inside, SECRET);
      return inside;
    }, /inside the output folder/],
  ])("refuses a secret file that is %s", async (_name, secretFile, message) => {
    const f = fixture();
    const path = secretFile(f);
    await expect(runPartnerKit({ mappingFile: f.mappingFile, secretFile: path, period: PERIOD, outDir: f.out })).rejects.toThrow(message);
    expect(existsSync(join(f.out, "GPFED"))).toBe(false);
  });

  it("names the mapping field that is wrong, and a column missing from the file, through the command's exit 2", async () => {
    const f = kitFixture({ "x.csv": csv("nhs,practice", `${A},A00001`) }, { partner: "GPFED", inputs: [{ file: "x.csv", dataset: "people", columns: { nhs_number: "nhs", shoe_size: "x" } }] });
    await expect(run(f)).rejects.toThrow(/inputs\[0\]\.columns\.shoe_size: not a field of people/);
    const g = kitFixture({ "x.csv": csv("nhs,practice", `${A},A00001`) }, { partner: "GPFED", inputs: [{ file: "x.csv", dataset: "people", columns: { nhs_number: "nhs", practice_code: "practice" } }] });
    await expect(run(g)).rejects.toThrow(KitUsageError);
    await expect(run(g)).rejects.toThrow(/people needs sex, age_band, diagnosis_group, which no column of this extract holds/);
    const { alliance } = await import("../helpers/cli.ts");
    const r = alliance(["partner-kit", "--mapping", g.mappingFile, "--secret-file", g.secretFile, "--period", PERIOD, "--out", g.out]);
    expect(r.status).toBe(2);
    expect(existsSync(g.out)).toBe(false);
  });
});
