import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { pseudonymFor } from "../../kit/keys.ts";
import { csv } from "../helpers/exports.ts";
import { kitFixture, nthNhsNumber, readCsvRows, SECRET } from "./helpers.ts";

/**
 * The "Partner kit" worked example of ../shared/interfaces.md, its mapping copied here word for word, run on small
 * hand-made extracts spelt as the standards spell them. The death registrations carry only the ONS fields the
 * preset reads: no usual-residence column.
 */
const INTERFACES_MAPPING = {
  partner: "ACUTE",
  inputs: [
    { file: "apc_episodes.csv", dataset: "admissions", preset: "hes-apc" },
    { file: "pcmd.csv", dataset: "deaths", preset: "ons-deaths" },
    { file: "gp_events.csv", dataset: "register", preset: "gp-snomed", columns: { nhs_number: "patient_nhs", practice_code: "ods", code: "snomed", date: "event_date" } },
    {
      file: "people.csv",
      dataset: "people",
      columns: { nhs_number: "NHS No", practice_code: "Practice", sex: "Gender", date_of_birth: "DOB" },
      values: { sex: { M: "1", F: "2", U: "X" } },
    },
  ],
};

const PERIOD = "2024-25-Q3";
const [A, B, C, D, E] = [0, 1, 2, 3, 4].map((i) => nthNhsNumber(i + 40));

const EXTRACTS = {
  "apc_episodes.csv": csv(
    "NEWNHSNO,PROVSPNOPS,EPIORDER,EPISTART,EPIEND,ADMIDATE,DISDATE,ADMIMETH,ADMISORC,CLASSPAT,DISMETH,DISDEST",
    `${B},P1,01,2024-10-20,2024-10-24,2024-10-20,2024-10-28,21,19,1,8,98`,
    `${B},P1,02,2024-10-24,2024-10-28,2024-10-20,2024-10-28,21,19,1,4,79`,
  ),
  "pcmd.csv": csv(
    "DEC_NHS_NUMBER,REG_DATE_OF_DEATH,REG_DATE,POD_CODE,POD_NHS_ESTABLISHMENT,POD_ESTABLISHMENT_TYPE,S_UNDERLYING_COD_ICD10",
    `${A},20241103,20241108,H,,,C349`, // at home: the registration says this was the usual residence
    `${B},20241028,20241101,C1,1,01,I500`, // NHS hospital
    `${C},20241115,20241119,C2,2,83,C509`, // hospice
    `${D},20241202,20241206,C3,2,03,F03`, // non-NHS care home: resident or not, the registration does not say
    `${E},20241210,20241213,E,,,X599`, // elsewhere
  ),
  "gp_events.csv": csv("patient_nhs,ods,snomed,event_date", `${A},A00001,526631000000108,2024-06-01`, `${C},A00002,526631000000108,2024-07-15`),
  "people.csv": csv("NHS No,Practice,Gender,DOB,diagnosis_group", `${A},A00001,F,1941-02-14,cancer`, `${C},A00002,M,1950-07-30,cancer`),
};

describe("the interfaces.md worked example, exactly as written", () => {
  it("runs: home deaths get their usual residence from POD_CODE H; the rest are 'not in this extract', with the mapping line that fills them", async () => {
    const f = kitFixture(EXTRACTS, INTERFACES_MAPPING);
    const { alliance } = await import("../helpers/cli.ts");
    const r = alliance(["partner-kit", "--mapping", f.mappingFile, "--secret-file", f.secretFile, "--period", PERIOD, "--out", f.out]);
    expect(r.status, r.stderr).toBe(1); // written, with records left out (listed in the report)
    expect(r.stderr).toContain(`usual_residence is not in this extract for 4 records`);
    expect(r.stderr).toContain(`add "usual_residence": "<column>" (inputs[1].columns)`);

    const folder = join(f.out, "ACUTE", PERIOD);
    const deaths = readCsvRows(join(folder, "deaths.csv"));
    expect(deaths).toEqual([
      {
        person_id: pseudonymFor(Buffer.from(SECRET), A), date_of_death: "2024-11-03", registration_date: "2024-11-08", place_of_death: "home",
        usual_residence: "home", expected_death: "", external_cause: "N", cause_group: "cancer", ppod_variance_reason: "",
      },
    ]);
    const report = JSON.parse(readFileSync(join(folder, "kit-report.json"), "utf8"));
    const input = report.inputs[1];
    expect(input).toMatchObject({ file: "pcmd.csv", rowsRead: 5, rowsDropped: 0, recordsMade: 5, recordsDropped: 4, recordsWritten: 1 });
    expect(input.partlyNotInThisExtract).toEqual([
      { field: "usual_residence", records: 4, knownFor: "a death registration gives the usual residence only for a death at home (POD_CODE H)", add: `"usual_residence": "<column>" (inputs[1].columns)` },
    ]);
    expect(input.dropped.map((d: { row: number }) => d.row)).toEqual([2, 3, 4, 5]);
    for (const d of input.dropped) expect(d.reason).toMatch(/^no usual_residence for this record: not in this extract .*add "usual_residence": "<column>" under inputs\[1\]\.columns$/);
    expect(input.codes.usual_residence).toEqual([{ raw: "POD_CODE H (died at the usual residence)", code: "home", count: 1 }]);
    expect(input.notInThisExtract).toEqual(["expected_death", "ppod_variance_reason"]);
    // the other inputs of the example are written too
    expect(readCsvRows(join(folder, "admissions.csv"))).toHaveLength(1);
    expect(readCsvRows(join(folder, "register.csv"))).toHaveLength(2);
    expect(readCsvRows(join(folder, "people.csv")).map((p) => p.age_band)).toEqual(["75-84", "65-74"]);
  });

  it("writes every death once the mapping names a usual-residence column, as the message says; a filled column wins over POD_CODE", async () => {
    const withResidence = EXTRACTS["pcmd.csv"].trim().split("\n").map((line, i) => `${line},${i === 0 ? "RESIDENCE" : ["other", "home", "home", "care_home", "home"][i - 1]}`);
    const mapping = JSON.parse(JSON.stringify(INTERFACES_MAPPING));
    mapping.inputs[1].columns = { usual_residence: "RESIDENCE" };
    const f = kitFixture({ ...EXTRACTS, "pcmd.csv": csv(...withResidence) }, mapping);
    const { alliance } = await import("../helpers/cli.ts");
    const r = alliance(["partner-kit", "--mapping", f.mappingFile, "--secret-file", f.secretFile, "--period", PERIOD, "--out", f.out]);
    expect(r.status, r.stderr).toBe(0);
    const deaths = readCsvRows(join(f.out, "ACUTE", PERIOD, "deaths.csv"));
    expect(deaths.map((d) => [d.place_of_death, d.usual_residence])).toEqual([
      ["home", "other"], ["hospital", "home"], ["hospice", "home"], ["care_home", "care_home"], ["other", "home"],
    ]);
  });

  it("stops with exit 2 and the mapping line when the extract has no field at all to fill a required one", async () => {
    const noPod = csv("DEC_NHS_NUMBER,REG_DATE_OF_DEATH", `${A},20241103`);
    const f = kitFixture({ ...EXTRACTS, "pcmd.csv": noPod }, INTERFACES_MAPPING);
    const { alliance } = await import("../helpers/cli.ts");
    const r = alliance(["partner-kit", "--mapping", f.mappingFile, "--secret-file", f.secretFile, "--period", PERIOD, "--out", f.out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`deaths needs usual_residence, which no column of this extract holds`);
    expect(r.stderr).toContain(`add "usual_residence": "<column>" to inputs[1].columns`);
  });
});
