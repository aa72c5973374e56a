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
