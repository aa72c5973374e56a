import { describe, expect, it } from "vitest";
import { checkFiles, checkOne, csv, messagesFor } from "../helpers/exports.ts";

/** Every row rule of the contract, each on a small hand-written file: what loads, what is rejected, and why. */

const DEATHS = "person_id,date_of_death,place_of_death,usual_residence,expected_death,external_cause,cause_group,ppod_variance_reason,registration_date";
const death = (id: string, date = "2024-05-01", place = "home", rest = "home,Y,N,cancer,", registered = "") => `${id},${date},${place},${rest},${registered}`;
const Q1 = "GPFED/2024-25-Q1";

describe("types and code lists", () => {
  it("loads a clean file whole", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001"), death("pk_aaaa0002", "02/05/2024", "hospital")));
    expect(r).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 2, rowsRejected: 0, errors: [], warnings: [] });
  });
  it("rejects impossible and malformed dates, accepting ISO and UK forms", async () => {
    const r = await checkOne(
      `${Q1}/deaths.csv`,
      csv(DEATHS, death("pk_aaaa0001", "31/02/2024"), death("pk_aaaa0002", "2024-5-1"), death("pk_aaaa0003", "1/5/2024"), death("pk_aaaa0004", "May 1 2024")),
    );
    expect(messagesFor(r)).toEqual([
      "1:date_of_death:not a date (YYYY-MM-DD or DD/MM/YYYY): '31/02/2024'",
      "2:date_of_death:not a date (YYYY-MM-DD or DD/MM/YYYY): '2024-5-1'",
      "4:date_of_death:not a date (YYYY-MM-DD or DD/MM/YYYY): 'May 1 2024'",
    ]);
    expect(r.rowsLoaded).toBe(1);
  });
  it("takes codes case-insensitively and rejects unknown codes in required fields", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001", "2024-05-01", "HOSPITAL", "Home,y,n,Cancer,"), death("pk_aaaa0002", "2024-05-01", "hosp")));
    expect(r.rowsLoaded).toBe(1);
    expect(messagesFor(r)).toEqual(["2:place_of_death:not one of the codes hospital, home, care_home, hospice, religious, other: 'hosp'"]);
  });
  it("loads an invalid optional value as blank, with a warning", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001", "2024-05-01", "home", "home,Y,N,cancer,rapid_deteroration")));
    expect(r.rowsLoaded).toBe(1);
    expect(messagesFor(r, "warnings")).toEqual([
      "1:ppod_variance_reason:not one of the codes rapid_deterioration, clinical_need, changed_mind, carer_unable, no_service_or_bed, other: 'rapid_deteroration' (loaded as blank)",
    ]);
  });
  it("rejects a blank required value", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001", "2024-05-01", "")));
    expect(messagesFor(r)).toEqual(["1:place_of_death:required value is blank"]);
  });
  it("rejects keys that are not pseudonyms without echoing them", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("short"), death("12345678901"), death("pk aaaa 0003")));
    expect(r.rowsRejected).toBe(3);
    for (const e of r.errors) {
      expect(e.field).toBe("person_id");
      expect(e.message).not.toMatch(/short|12345678901|aaaa/);
    }
  });
  it("checks whole numbers, ranges and steps", async () => {
    const header = "assessment_id,person_id,episode_id,assessment_date,phase,ipos_total,akps";
    const r = await checkOne(
      "COMMUNITY/2024-25-Q1/outcomes.csv",
      csv(header, "A1,pk_aaaa0001,E1,2024-04-02,stable,12,50", "A2,pk_aaaa0001,E1,2024-04-03,stable,69,55", "A3,pk_aaaa0001,E1,2024-04-04,stable,1.5,x"),
    );
    expect(r.rowsLoaded).toBe(3);
    expect(messagesFor(r, "warnings")).toEqual([
      "2:akps:not a whole number from 10 to 100 in steps of 10: '55' (loaded as blank)",
      "2:ipos_total:not a whole number from 0 to 68: '69' (loaded as blank)",
      "3:akps:not a whole number from 10 to 100 in steps of 10: 'x' (loaded as blank)",
      "3:ipos_total:not a whole number from 0 to 68: '1.5' (loaded as blank)",
    ]);
  });
  it("requires list sizes above zero", async () => {
    const r = await checkOne(`${Q1}/practice_list.csv`, csv("practice_code,list_size", "A00001,0", "A00002,9000"));
    expect(messagesFor(r)).toEqual(["1:list_size:not a whole number of at least 1: '0'"]);
  });
  it("checks decimals (costs of at least 0) and date-times in both forms", async () => {
    const header = "referral_id,person_id,received_at,source,urgency,first_contact_at,outcome";
    const r = await checkOne(
      "COMMUNITY/2024-25-Q1/referrals.csv",
      csv(
        header,
        "R1,pk_aaaa0001,2024-04-02T09:30,gp,urgent,2024-04-02T11:00:00,accepted",
        "R2,pk_aaaa0001,02/04/2024 09:30,gp,urgent,03/04/2024 10:00,accepted",
        "R3,pk_aaaa0001,2024-04-02,gp,urgent,,accepted",
        "R4,pk_aaaa0001,2024-04-02 25:00,gp,urgent,,accepted",
      ),
    );
    expect(messagesFor(r)).toEqual([
      "3:received_at:not a date-time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM): '2024-04-02'",
      "4:received_at:not a date-time (YYYY-MM-DDTHH:MM or DD/MM/YYYY HH:MM): '2024-04-02 25:00'",
    ]);
    const spells = await checkOne(
      "ACUTE/2024-25-Q1/admissions.csv",
      csv(
        "spell_id,person_id,admission_date,discharge_date,admission_method,discharge_method,patient_classification,admission_source,spell_cost_gbp,discharge_destination",
        "S1,pk_aaaa0001,2024-04-01,2024-04-03,21,1,1,19,1590.50,19",
        "S2,pk_aaaa0001,2024-04-01,2024-04-03,21,1,1,19,-3,19",
        "S3,pk_aaaa0001,2024-04-01,2024-04-03,2a,1,1,19,£12,19",
      ),
    );
    expect(spells.rowsLoaded).toBe(3);
    expect(messagesFor(spells, "warnings")).toEqual([
      "2:spell_cost_gbp:not a number from 0 to 1,000,000 (a larger value is not plausible): '-3' (loaded as blank)",
      "3:spell_cost_gbp:not a number from 0 to 1,000,000 (a larger value is not plausible): '£12' (loaded as blank)",
    ]);
  });
  it("loads an unlisted two-character admission source as sent, with a warning", async () => {
    const r = await checkOne(
      "ACUTE/2024-25-Q1/admissions.csv",
      csv("spell_id,person_id,admission_date,admission_method,admission_source", "S1,pk_aaaa0001,2024-04-01,21,XZ", "S2,pk_aaaa0001,2024-04-01,21,XYZ"),
    );
    expect(r.rowsLoaded).toBe(2);
    expect(messagesFor(r, "warnings").filter((m) => m.includes("admission_source"))).toEqual([
      "1:admission_source:not a listed code, loaded as sent: 'XZ'",
      expect.stringMatching(/^2:admission_source:not one of the codes .*: 'XYZ' \(loaded as blank\)$/),
    ]);
  });
});

describe("current NHS codes (admission method 98, care-home sources, discharge destination, religious, registration date)", () => {
  const SPELLS = "spell_id,person_id,admission_date,discharge_date,admission_method,discharge_method,patient_classification,admission_source,spell_cost_gbp,discharge_destination";
  it("accepts method 98, sources 55/56 and the retired 54/65/85, and listed discharge destinations, without warnings", async () => {
    const r = await checkOne(
      "ACUTE/2024-25-Q1/admissions.csv",
      csv(
        SPELLS,
        "S1,pk_aaaa0001,2024-04-01,2024-04-02,98,1,1,55,,19",
        "S2,pk_aaaa0001,2024-04-03,2024-04-04,21,1,1,56,,56",
        "S3,pk_aaaa0001,2024-04-05,2024-04-06,21,1,1,54,,79",
        "S4,pk_aaaa0001,2024-04-07,2024-04-08,21,4,1,65,,79",
        "S5,pk_aaaa0001,2024-04-09,,21,,1,85,,",
      ),
    );
    expect(r).toMatchObject({ rowsLoaded: 5, errors: [], warnings: [] });
  });
  it("loads an unlisted two-character discharge destination with a warning, and blanks a malformed one", async () => {
    const r = await checkOne("ACUTE/2024-25-Q1/admissions.csv", csv(SPELLS, "S1,pk_aaaa0001,2024-04-01,2024-04-02,21,1,1,19,,Q1", "S2,pk_aaaa0001,2024-04-01,2024-04-02,21,1,1,19,,home"));
    expect(r.rowsLoaded).toBe(2);
    expect(messagesFor(r, "warnings")).toEqual([
      "1:discharge_destination:not a listed code, loaded as sent: 'Q1'",
      expect.stringMatching(/^2:discharge_destination:not one of the codes 19, 29, .*: 'home' \(loaded as blank\)$/),
    ]);
  });
  it("rejects admission method 97, which is not in the Data Dictionary", async () => {
    const r = await checkOne("ACUTE/2024-25-Q1/admissions.csv", csv(SPELLS, "S1,pk_aaaa0001,2024-04-01,2024-04-02,97,1,1,19,,19"));
    expect(messagesFor(r)).toEqual([expect.stringMatching(/^1:admission_method:not one of the codes 11, .*98, 99: '97'$/)]);
  });
  it("takes place of death religious, and a registration date on or after the death (an earlier one blanked)", async () => {
    const rest = "home,Y,N,cancer,";
    const r = await checkOne(
      `${Q1}/deaths.csv`,
      csv(
        DEATHS,
        death("pk_aaaa0001", "2024-05-01", "religious", rest, "2024-05-06"),
        death("pk_aaaa0002", "2024-05-01", "home", rest, "2024-05-01"),
        death("pk_aaaa0003", "2024-05-02", "home", rest, "2024-04-30"),
        death("pk_aaaa0004"),
      ),
    );
    expect(r).toMatchObject({ rowsLoaded: 4, errors: [] });
    expect(messagesFor(r, "warnings")).toEqual(["3:registration_date:2024-04-30 is before date_of_death 2024-05-02 (loaded as blank)"]);
  });
  it("loads deaths and spells sent without the optional new columns", async () => {
    const r = await checkFiles({
      [`${Q1}/deaths.csv`]: csv(DEATHS.replace(",registration_date", ""), "pk_aaaa0001,2024-05-01,home,home,Y,N,cancer,"),
      "ACUTE/2024-25-Q1/admissions.csv": csv(SPELLS.replace(",discharge_destination", ""), "S1,pk_aaaa0001,2024-04-01,2024-04-02,21,1,1,19,"),
    });
    for (const f of Object.values(r)) {
      expect(f).toMatchObject({ status: "loaded", rowsLoaded: 1, errors: [] });
      expect(messagesFor(f, "warnings")).toEqual([expect.stringMatching(/^0:(registration_date|discharge_destination):optional column .* is missing: loaded as blank$/)]);
    }
  });
});

describe("rules across fields", () => {
  it("rejects a required date before its partner date; blanks an optional one with a warning", async () => {
    const r = await checkOne(
      "ACUTE/2024-25-Q1/admissions.csv",
      csv("spell_id,person_id,admission_date,discharge_date,admission_method", "S1,pk_aaaa0001,2024-04-10,2024-04-09,21", "S2,pk_aaaa0001,2024-04-10,2024-04-10,21"),
    );
    expect(r.rowsLoaded).toBe(2);
    expect(messagesFor(r, "warnings")).toContain("1:discharge_date:2024-04-09 is before admission_date 2024-04-10 (loaded as blank)");
    const carers = await checkOne(
      "COMMUNITY/2024-25-Q1/carers.csv",
      csv("carer_id,person_id,identified_date,assessment_offered_date,assessment_completed_date", "ck_aaaa0001,pk_aaaa0001,2024-04-01,2024-04-10,2024-04-05"),
    );
    expect(messagesFor(carers, "warnings")).toContain("1:assessment_completed_date:2024-04-05 is before assessment_offered_date 2024-04-10 (loaded as blank)");
  });
  it("requires removal_reason when date_removed is set, and preferred_place for ppod records", async () => {
    const register = await checkOne(
      `${Q1}/register.csv`,
      csv("person_id,practice_code,date_added,date_removed,removal_reason", "pk_aaaa0001,A00001,2024-01-01,2024-05-01,", "pk_aaaa0002,A00001,2024-01-01,,", "pk_aaaa0003,A00001,2024-01-01,2024-05-01,died"),
    );
    expect(messagesFor(register)).toEqual(["1:removal_reason:required when date_removed is set"]);
    const plans = await checkOne(
      `${Q1}/care_plans.csv`,
      csv("person_id,record_type,recorded_date,preferred_place", "pk_aaaa0001,ppod,2024-04-02,", "pk_aaaa0001,acp,2024-04-02,", "pk_aaaa0001,ppod,2024-04-02,castle", "pk_aaaa0001,ppod,2024-04-02,No_Preference"),
    );
    expect(messagesFor(plans)).toEqual([
      "1:preferred_place:required when record_type is ppod",
      "3:preferred_place:not one of the codes home, care_home, hospice, hospital, other, no_preference: 'castle'",
    ]);
  });
  it("rejects event rows dated outside their period folder", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001", "2024-07-01"), death("pk_aaaa0002", "2024-03-31"), death("pk_aaaa0003", "2024-06-30")));
    expect(messagesFor(r)).toEqual([
      "1:date_of_death:dated 2024-07-01, outside the period folder 2024-25-Q1 (2024-04-01 to 2024-06-30)",
      "2:date_of_death:dated 2024-03-31, outside the period folder 2024-25-Q1 (2024-04-01 to 2024-06-30)",
    ]);
  });
  it("rejects every row that shares a key within a file", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001"), death("pk_aaaa0002"), death("pk_aaaa0001", "2024-05-02")));
    expect(r.rowsLoaded).toBe(1);
    expect(messagesFor(r)).toEqual([
      "1:person_id:the same person_id is on 2 rows of this file (rows 1, 3): none of them is loaded",
      "3:person_id:the same person_id is on 2 rows of this file (rows 1, 3): none of them is loaded",
    ]);
    const carers = await checkOne(
      "BEREAVE/2024-25-Q1/carers.csv",
      csv("carer_id,person_id,identified_date", "ck_aaaa0001,pk_aaaa0001,2024-04-01", "ck_aaaa0001,pk_aaaa0002,2024-04-01", "ck_aaaa0001,pk_aaaa0001,2024-04-03"),
    );
    expect(carers.rowsLoaded).toBe(1);
  });
  it("rejects practices the config does not know", async () => {
    const r = await checkOne(`${Q1}/people.csv`, csv("person_id,practice_code,sex,age_band,diagnosis_group", "pk_aaaa0001,A00001,1,85+,cancer", "pk_aaaa0002,Z99999,2,75-84,cancer", "pk_aaaa0003,a00002,2,75-84,cancer"));
    expect(messagesFor(r)).toEqual(["2:practice_code:practice 'Z99999' is not a member practice in the alliance config"]);
  });
});

describe("files and layout", () => {
  it("reports unknown columns and missing optional ones, and refuses a file lacking a required column", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv("person_id,date_of_death,place_of_death,usual_residence,ward", "pk_aaaa0001,2024-05-01,home,home,W1"));
    expect(r.rowsLoaded).toBe(1);
    expect(messagesFor(r, "warnings")).toContain("0:ward:unknown column 'ward' is not in the contract for deaths: ignored");
    expect(messagesFor(r, "warnings")).toContain("0:cause_group:optional column cause_group is missing: loaded as blank");
    const refused = await checkOne(`${Q1}/deaths.csv`, csv("person_id,date_of_death,usual_residence", "pk_aaaa0001,2024-05-01,home"));
    expect(refused).toMatchObject({ status: "refused", rowsRead: 1, rowsLoaded: 0, rowsRejected: 1 });
    expect(refused.reason).toMatch(/lacks required column\(s\) place_of_death/);
  });
  it("reads a BOM, header case and spaces, CRLF and trailing blank lines", async () => {
    const content = Buffer.from(`\uFEFF PERSON_ID , Date_Of_Death ,Place_of_death,USUAL_RESIDENCE\r\npk_aaaa0001,2024-05-01,home,home\r\npk_aaaa0002,2024-05-02,hospital,home\r\n\r\n\r\n`, "utf8");
    const r = await checkOne(`${Q1}/deaths.csv`, content);
    expect(r).toMatchObject({ status: "loaded", rowsRead: 2, rowsLoaded: 2 });
  });
  it("reads Windows-1252 files", async () => {
    const text = "spell_id,person_id,admission_date,admission_method,ward\r\nS1,pk_aaaa0001,2024-04-01,21,Pen-y-Bryn \x96 Caf\xe9\r\n";
    const r = await checkOne("ACUTE/2024-25-Q1/admissions.csv", Buffer.from(text, "latin1"));
    expect(r).toMatchObject({ status: "loaded", rowsLoaded: 1, rowsRejected: 0 });
  });
  it("rejects rows that do not fit the header, naming the row", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv("person_id,date_of_death,place_of_death,usual_residence", "pk_aaaa0001,2024-05-01,home,home", "pk_aaaa0002,2024-05-01,home,home,extra", "pk_aaaa0003,2024-05-01", "pk_aaaa0004,2024-05-01,home,home"));
    expect(r).toMatchObject({ rowsRead: 4, rowsLoaded: 2, rowsRejected: 2 });
    expect(messagesFor(r)).toEqual([
      "2:null:the row has more values than the header has columns (expected 4, found 5)",
      "3:null:the row has fewer values than the header has columns (expected 4, found 2)",
    ]);
  });
  it("refuses files outside the layout or not allowed for the partner", async () => {
    const reports = await checkFiles({
      "NOBODY/2024-25-Q1/deaths.csv": csv(DEATHS),
      "GPFED/2024-Q1/deaths.csv": csv(DEATHS),
      "ACUTE/2024-25-Q1/deaths.csv": csv(DEATHS),
      "GPFED/2024-25-Q1/death_register.csv": csv(DEATHS),
      "GPFED/2024-25-Q1/notes.txt": "hello",
      "GPFED/2023-24-Q4/deaths.csv": csv(DEATHS),
      "GPFED/deaths.csv": csv(DEATHS),
    });
    const reason = (p: string) => reports[p]!.reason;
    expect(reason("NOBODY/2024-25-Q1/deaths.csv")).toMatch(/partner folder 'NOBODY' is not a partner/);
    expect(reason("GPFED/2024-Q1/deaths.csv")).toMatch(/period folder '2024-Q1' is not a financial-year quarter/);
    expect(reason("ACUTE/2024-25-Q1/deaths.csv")).toMatch(/does not list dataset deaths for partner ACUTE/);
    expect(reason("GPFED/2024-25-Q1/death_register.csv")).toMatch(/'death_register' is not a dataset/);
    expect(reason("GPFED/2024-25-Q1/notes.txt")).toMatch(/not a \.csv or \.xlsx file/);
    expect(reason("GPFED/2023-24-Q4/deaths.csv")).toMatch(/before the partner's data starts/);
    expect(reason("GPFED/deaths.csv")).toMatch(/not in the layout/);
    for (const r of Object.values(reports)) expect(r.status).toBe("refused");
  });
  it("refuses an empty file and loads a header-only file as zero rows", async () => {
    const reports = await checkFiles({
      [`${Q1}/deaths.csv`]: "",
      [`${Q1}/register.csv`]: "\n\n",
      [`${Q1}/people.csv`]: csv("person_id,practice_code,sex,age_band,diagnosis_group"),
    });
    expect(reports[`${Q1}/deaths.csv`]).toMatchObject({ status: "refused", reason: "the file is empty: it has no header row", rowsRead: 0 });
    expect(reports[`${Q1}/register.csv`]).toMatchObject({ status: "refused", rowsRead: 0 });
    expect(reports[`${Q1}/people.csv`]).toMatchObject({ status: "loaded", rowsRead: 0, rowsLoaded: 0, rowsRejected: 0 });
  });
  it("refuses both files when a dataset is sent as CSV and XLSX", async () => {
    const reports = await checkFiles({ [`${Q1}/deaths.csv`]: csv(DEATHS), [`${Q1}/deaths.xlsx`]: Buffer.from("PK") });
    expect(Object.values(reports).map((r) => r.status)).toEqual(["refused", "refused"]);
    expect(reports[`${Q1}/deaths.csv`]!.reason).toMatch(/ambiguous/);
  });
});

describe("direct identifiers refuse the whole file, without echoing them", () => {
  it("refuses a file with an identifier column", async () => {
    const r = await checkOne(`${Q1}/deaths.csv`, csv(`${DEATHS},NHS Number`, `${death("pk_aaaa0001")},9434765919`));
    expect(r).toMatchObject({ status: "refused", rowsLoaded: 0, rowsRejected: 1 });
    expect(r.reason).toMatch(/column of direct identifiers \('NHS Number'\)/);
    expect(JSON.stringify(r)).not.toContain("9434765919");
  });
  it("refuses NHS numbers and postcodes sent as keys", async () => {
    const nhs = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("pk_aaaa0001"), death("943 476 5919")));
    expect(nhs).toMatchObject({ status: "refused", rowsRead: 2, rowsLoaded: 0, rowsRejected: 2 });
    expect(nhs.reason).toMatch(/1 person_id value\(s\) are NHS numbers/);
    expect(JSON.stringify(nhs)).not.toMatch(/943.?476.?5919/);
    const postcode = await checkOne("BEREAVE/2024-25-Q1/carers.csv", csv("carer_id,person_id,identified_date", "SW1A 1AA,pk_aaaa0001,2024-04-01"));
    expect(postcode.reason).toMatch(/1 carer_id value\(s\) are full postcodes/);
    expect(JSON.stringify(postcode)).not.toContain("SW1A");
    // a ten-digit number failing Modulus 11 is not an NHS number: an ordinary bad key
    const notNhs = await checkOne(`${Q1}/deaths.csv`, csv(DEATHS, death("9434765918")));
    expect(notNhs.status).toBe("loaded");
    expect(notNhs.rowsRejected).toBe(1);
  });
});
