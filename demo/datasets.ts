/**
 * From the model to partner files: one "facts" table per dataset (every row any partner will ever send, with the
 * date each value became known and any injected error), and the SELECT that cuts one file out of it for a
 * (partner, period) submission sent on a given date.
 *
 * Event datasets: rows whose event date falls in the quarter and that were known when the version was sent.
 * Snapshot datasets: every record held at quarter end and known when sent; dates after the quarter end, or
 * learnt after sending, are blank.
 */
import type { DatasetName } from "../loaders/contract/datasets/index.ts";
import { COMMUNITY_QUALITY_DIP } from "./story.ts";

export type ValueType = "text" | "date" | "datetime" | "int" | "decimal";

export interface FieldDef {
  name: string;
  type: ValueType;
  /** typed SQL; may use {S} (sent date), {QE} (quarter end) */
  expr: string;
  /** replaces the formatted CSV value when set (string-level errors such as impossible dates) */
  csvOverride?: string;
}

export interface DatasetDef {
  name: DatasetName;
  kind: "event" | "snapshot";
  table: string;
  fields: FieldDef[];
  /** SQL condition selecting one file's rows; may use {S}, {QE}, {P}, {PARTNER} */
  where: string;
  orderBy: string;
}

/** Errors injected into the data the loader must catch (see the report and `demo-manifest.json`). */
export const ERROR_KINDS = {
  admissions: ["impossible_date", "discharge_before_admission", "duplicate_id"],
  spc_contacts: ["duplicate_id", "blank_required"],
  deaths: ["unknown_code", "optional_code_typo"],
  care_plans: ["outside_quarter", "blank_required"],
  people: ["unknown_practice"],
  referrals: ["impossible_date"],
} as const;

const KNOWN_EVENT = "partner = {PARTNER} AND period = {P} AND known <= {S}";

/**
 * Statements creating the facts tables (run after the model). They are not sorted: each file's COPY filters and
 * sorts its own rows, and scanning a column to filter is far cheaper than sorting 90 million wide rows.
 */
export function factsStatements(): { name: string; sql: string }[] {
  const st: { name: string; sql: string }[] = [];
  const add = (name: string, sql: string) => st.push({ name, sql });

  add(
    "facts_macros",
    `
CREATE OR REPLACE MACRO nhs9(x) AS (999000000 + (x % 1000000))::VARCHAR;
CREATE OR REPLACE MACRO nhs_cd(s) AS ((11 - (list_sum([substr(s, i, 1)::INT * (11 - i) for i in range(1, 10)]) % 11)) % 11);
CREATE OR REPLACE MACRO nhs_num(x) AS (CASE WHEN nhs_cd(nhs9(x)) <> 10 THEN nhs9(x) || nhs_cd(nhs9(x))::VARCHAR
  ELSE nhs9(x + 1) || nhs_cd(nhs9(x + 1))::VARCHAR END);
CREATE OR REPLACE MACRO in_range(d) AS (d BETWEEN DATE '2018-04-01' AND DATE '2026-09-30');
-- an error rate; 6% of rows for COMMUNITY in the quarters its extract broke
CREATE OR REPLACE MACRO err_rate(partner, period, rate) AS (CASE WHEN partner = 'COMMUNITY'
  AND period IN (${COMMUNITY_QUALITY_DIP.map((p) => `'${p}'`).join(", ")}) THEN 0.06 ELSE rate END);
`,
  );

  add(
    "facts_people",
    `
CREATE OR REPLACE TABLE f_people AS
SELECT 'GPFED' AS partner, pid(p.pnum) AS pid, pr.code, p.birth, p.sex, p.eth, p.imd, p.diag, p.dod, p.recorded, p.death_known,
  p.first_added, p.first_added_known, p.pnum,
  CASE WHEN uu(p.pnum, 'e_prac') < 0.001 THEN 'unknown_practice' END AS err
FROM person p JOIN prac pr USING (pidx)
WHERE (p.first_added IS NOT NULL AND p.first_added <= DATE '2026-09-30') OR (p.recorded AND in_range(p.dod))
`,
  );
  add(
    "facts_register",
    `
CREATE OR REPLACE TABLE f_register AS
SELECT 'GPFED' AS partner, pid(r.pnum) AS pid, pr.code, r.added, r.added_known, r.removed, r.removed_known, r.reason, r.kw, r.kw + r.kw_lag AS kw_known,
  NULL::VARCHAR AS err
FROM reg r JOIN prac pr USING (pidx)
WHERE r.added <= DATE '2026-09-30'
`,
  );
  add(
    "facts_practice_list",
    `
CREATE OR REPLACE TABLE f_practice_list AS
SELECT 'GPFED' AS partner, l.period, pr.code, l.list_size, DATE '1900-01-01' AS known, NULL::VARCHAR AS err
FROM plist l JOIN prac pr USING (pidx)
`,
  );
  add(
    "facts_deaths",
    `
CREATE OR REPLACE TABLE f_deaths AS
SELECT 'GPFED' AS partner, qlabel(dod_rec) AS period, pid(pnum) AS pid, dod_rec, greatest(registered, dod_rec) AS registered,
  place, res, expected, external_cause, cause_group,
  variance_reason, death_known AS known,
  CASE WHEN place = 'hospital' AND uu(pnum, 'e_place') < 0.002 THEN 'unknown_code'
    WHEN variance_reason IS NOT NULL AND uu(pnum, 'e_typo') < 0.03 THEN 'optional_code_typo' END AS err
FROM dec WHERE recorded AND in_range(dod_rec)
`,
  );
  add(
    "facts_care_plans",
    `
CREATE OR REPLACE TABLE f_care_plans AS
WITH a AS (
  SELECT c.partner, pid(c.pnum) AS pid, c.rk, c.rtype, c.pref, c.rdate, c.known, pr.team,
    CASE WHEN uu(rk, 'e_cpq') < 0.0015 AND rdate < DATE '2026-07-01' THEN 'outside_quarter'
      WHEN rtype = 'ppod' AND uu(rk, 'e_cpb') < err_rate(c.partner, qlabel(c.rdate), 0.0015) THEN 'blank_required' END AS err
  FROM cp2 c JOIN prac pr USING (pidx) WHERE in_range(c.rdate)
)
SELECT *, qlabel(CASE WHEN err = 'outside_quarter' THEN (rdate + INTERVAL 3 MONTH)::DATE ELSE rdate END) AS period FROM a
`,
  );
  add(
    "facts_admissions",
    `
CREATE OR REPLACE TABLE f_admissions AS
SELECT 'ACUTE' AS partner, qlabel(adm) AS period, spell_id, pid, adm, dis, method, dmethod, cls, source, ddest, cost,
  adm_known AS known, dis_known, cost_known, sk,
  CASE WHEN uu(sk, src || 'e_ad') < 0.0004 THEN 'impossible_date'
    WHEN dis > adm AND uu(sk, src || 'e_db') < 0.0004 THEN 'discharge_before_admission'
    WHEN uu(sk, src || 'e_dup') < 0.0004 THEN 'duplicate_id' END AS err,
  1 + floor(uu(sk, src || 'e_dbd') * 5)::INT AS err_days
FROM spell2
`,
  );
  add(
    "facts_spc_contacts",
    `
CREATE OR REPLACE TABLE f_spc_contacts AS
SELECT c.partner, qlabel(c.cdate) AS period, 'C' || upper(hx(c.ck, 'ct')) AS contact_id, pid(c.pnum) AS pid, c.cdate, c.service,
  CASE WHEN c.um < 0.02 THEN NULL WHEN c.service = 'telephone_advice' THEN 'telephone'
    WHEN c.um < 0.85 THEN 'face_to_face' WHEN c.um < 0.95 THEN 'telephone' ELSE 'video' END AS mode,
  c.cdate + (CASE WHEN uu(c.ck, 'ctk') < 0.97 THEN floor(uu(c.ck, 'ctk2') * 8) ELSE 30 + floor(uu(c.ck, 'ctk2') * 70) END)::INT AS known,
  pr.team, c.ck,
  CASE WHEN uu(c.ck, 'e_dup') < 0.0008 THEN 'duplicate_id'
    WHEN uu(c.ck, 'e_bl') < err_rate(c.partner, qlabel(c.cdate), 0.0008) THEN 'blank_required' END AS err
FROM ct c JOIN prac pr USING (pidx)
WHERE in_range(c.cdate)
`,
  );
  add(
    "facts_referrals",
    `
CREATE OR REPLACE TABLE f_referrals AS
SELECT 'COMMUNITY' AS partner, qlabel(r.received_at::DATE) AS period, 'R' || upper(hx(r.rk, 'rf')) AS referral_id, pid(r.pnum) AS pid,
  r.received_at, r.source, CASE WHEN r.urgent THEN 'urgent' ELSE 'routine' END AS urgency, r.first_contact_at, r.outcome, r.outcome_known,
  r.received_at::DATE + floor(uu(r.rk, 'rfk') * 2)::INT AS known, pr.team, r.rk,
  CASE WHEN uu(r.rk, 'e_rd') < err_rate('COMMUNITY', qlabel(r.received_at::DATE), 0.002) THEN 'impossible_date' END AS err
FROM refl r JOIN prac pr USING (pidx)
WHERE in_range(r.received_at::DATE)
`,
  );
  add(
    "facts_carers",
    `
CREATE OR REPLACE TABLE f_carers AS
SELECT c.partner, c.carer_id, pid(c.pnum) AS pid, c.ident, c.ident_known, c.offered, c.offered_known, c.completed, c.completed_known,
  c.support, c.support_known, c.bereavement, c.bereavement_known, pr.team, NULL::VARCHAR AS err
FROM car2 c JOIN prac pr USING (pidx)
WHERE c.ident <= DATE '2026-09-30'
`,
  );
  add(
    "facts_outcomes",
    `
CREATE OR REPLACE TABLE f_outcomes AS
SELECT o.partner, qlabel(o.adate) AS period, 'A' || upper(hx(o.ak, 'as')) AS assessment_id, pid(o.pnum) AS pid,
  'E' || upper(hx(o.ek, 'ep')) AS episode_id, o.adate, o.phase, o.ipos, o.akps,
  o.adate + floor(uu(o.ak, 'ok') * 8)::INT AS known, pr.team, NULL::VARCHAR AS err
FROM oc o JOIN prac pr USING (pidx)
WHERE in_range(o.adate)
`,
  );
  add(
    "facts_fast_track",
    `
CREATE OR REPLACE TABLE f_fast_track AS
SELECT 'COMMUNITY' AS partner, qlabel(f.app) AS period, 'FT' || upper(hx(f.pnum, 'ft')) AS application_id, pid(f.pnum) AS pid,
  f.app, f.pstart, f.pstart_known, f.outcome, f.outcome_known, f.app_known AS known, pr.team, NULL::VARCHAR AS err
FROM ftk f JOIN prac pr USING (pidx)
WHERE in_range(f.app)
`,
  );
  return st;
}

/**
 * Every injected error kind appears at least once in a quarter of the middle years, whatever the scale:
 * the row with the smallest hash among the eligible ones is marked when the rate drew none.
 */
export function forcedErrorStatements(): string[] {
  const window = `period BETWEEN '2020-21-Q1' AND '2022-23-Q2'`;
  const force = (table: string, kind: string, eligible: string, key: string) => `
UPDATE ${table} SET err = '${kind}' WHERE ${key} = (
  SELECT ${key} FROM ${table} WHERE err IS NULL AND ${eligible}
    AND NOT EXISTS (SELECT 1 FROM ${table} WHERE err = '${kind}')
  ORDER BY hash(${key}, '${kind}'), ${key} LIMIT 1)`;
  return [
    force("f_admissions", "impossible_date", window, "spell_id"),
    force("f_admissions", "discharge_before_admission", `${window} AND dis > adm`, "spell_id"),
    force("f_admissions", "duplicate_id", window, "spell_id"),
    force("f_spc_contacts", "duplicate_id", `${window} AND partner IN ('HOSPICE1', 'COMMUNITY')`, "contact_id"),
    force("f_spc_contacts", "blank_required", `${window} AND partner IN ('HOSPICE1', 'COMMUNITY')`, "contact_id"),
    force("f_deaths", "unknown_code", `${window} AND place = 'hospital'`, "pid"),
    force("f_deaths", "optional_code_typo", `${window} AND variance_reason IS NOT NULL`, "pid"),
    force("f_care_plans", "outside_quarter", `${window} AND partner = 'GPFED'`, "rk"),
    force("f_care_plans", "blank_required", `${window} AND partner = 'GPFED' AND rtype = 'ppod'`, "rk"),
    force("f_people", "unknown_practice", `first_added BETWEEN DATE '2020-04-01' AND DATE '2022-09-30'`, "pid"),
    force("f_referrals", "impossible_date", window, "referral_id"),
    // a forced outside-quarter row moves to the next quarter's file
    `UPDATE f_care_plans SET period = qlabel((rdate + INTERVAL 3 MONTH)::DATE) WHERE err = 'outside_quarter' AND period = qlabel(rdate)`,
    // duplicated rows: the extract ran twice
    `INSERT INTO f_admissions SELECT * FROM f_admissions WHERE err = 'duplicate_id'`,
    `INSERT INTO f_spc_contacts SELECT * FROM f_spc_contacts WHERE err = 'duplicate_id'`,
  ];
}

const within = (d: string, known: string) => `CASE WHEN ${d} <= {QE} AND ${known} <= {S} THEN ${d} END`;

export const DATASET_DEFS: Record<DatasetName, DatasetDef> = {
  people: {
    name: "people",
    kind: "snapshot",
    table: "f_people",
    fields: [
      { name: "person_id", type: "text", expr: "pid" },
      { name: "practice_code", type: "text", expr: "CASE WHEN err = 'unknown_practice' THEN 'Z99999' ELSE code END" },
      { name: "sex", type: "text", expr: "sex" },
      { name: "age_band", type: "text", expr: "ageband(birth, CASE WHEN dod <= {QE} THEN dod ELSE {QE} END)" },
      { name: "ethnic_category", type: "text", expr: "eth" },
      { name: "imd_quintile", type: "int", expr: "imd" },
      { name: "diagnosis_group", type: "text", expr: "diag" },
    ],
    where: "((first_added <= {QE} AND first_added_known <= {S}) OR (recorded AND dod <= {QE} AND death_known <= {S}))",
    orderBy: "pid",
  },
  register: {
    name: "register",
    kind: "snapshot",
    table: "f_register",
    fields: [
      { name: "person_id", type: "text", expr: "pid" },
      { name: "practice_code", type: "text", expr: "code" },
      { name: "date_added", type: "date", expr: "added" },
      { name: "date_removed", type: "date", expr: within("removed", "removed_known") },
      { name: "removal_reason", type: "text", expr: `CASE WHEN removed <= {QE} AND removed_known <= {S} THEN reason END` },
      { name: "keyworker_assigned_date", type: "date", expr: within("kw", "kw_known") },
    ],
    where: "added <= {QE} AND added_known <= {S}",
    orderBy: "pid, added",
  },
  practice_list: {
    name: "practice_list",
    kind: "event",
    table: "f_practice_list",
    fields: [
      { name: "practice_code", type: "text", expr: "code" },
      { name: "list_size", type: "int", expr: "list_size" },
    ],
    where: KNOWN_EVENT,
    orderBy: "code",
  },
  deaths: {
    name: "deaths",
    kind: "event",
    table: "f_deaths",
    fields: [
      { name: "person_id", type: "text", expr: "pid" },
      { name: "date_of_death", type: "date", expr: "dod_rec" },
      { name: "registration_date", type: "date", expr: "CASE WHEN registered <= {S} THEN registered END" },
      { name: "place_of_death", type: "text", expr: "CASE WHEN err = 'unknown_code' THEN 'hosp' ELSE place END" },
      { name: "usual_residence", type: "text", expr: "res" },
      { name: "expected_death", type: "text", expr: "expected" },
      { name: "external_cause", type: "text", expr: "external_cause" },
      { name: "cause_group", type: "text", expr: "cause_group" },
      {
        name: "ppod_variance_reason",
        type: "text",
        expr: `CASE WHEN err = 'optional_code_typo' THEN (CASE variance_reason WHEN 'rapid_deterioration' THEN 'rapid deterioration'
          WHEN 'clinical_need' THEN 'clinical-need' WHEN 'carer_unable' THEN 'carer unable' WHEN 'no_service_or_bed' THEN 'no service/bed'
          WHEN 'changed_mind' THEN 'changed_mnd' ELSE 'othr' END) ELSE variance_reason END`,
      },
    ],
    where: KNOWN_EVENT,
    orderBy: "pid",
  },
  care_plans: {
    name: "care_plans",
    kind: "event",
    table: "f_care_plans",
    fields: [
      { name: "person_id", type: "text", expr: "pid" },
      { name: "record_type", type: "text", expr: "rtype" },
      { name: "recorded_date", type: "date", expr: "rdate" },
      { name: "preferred_place", type: "text", expr: "CASE WHEN err = 'blank_required' THEN NULL ELSE pref END" },
    ],
    where: KNOWN_EVENT,
    orderBy: "pid, rdate, rtype, rk",
  },
  admissions: {
    name: "admissions",
    kind: "event",
    table: "f_admissions",
    fields: [
      { name: "spell_id", type: "text", expr: "spell_id" },
      { name: "person_id", type: "text", expr: "pid" },
      { name: "admission_date", type: "date", expr: "adm", csvOverride: "CASE WHEN err = 'impossible_date' THEN '31/02/' || year(adm)::VARCHAR END" },
      {
        name: "discharge_date",
        type: "date",
        expr: "CASE WHEN dis_known <= {S} THEN (CASE WHEN err = 'discharge_before_admission' THEN adm - err_days ELSE dis END) END",
      },
      { name: "admission_method", type: "text", expr: "method" },
      { name: "discharge_method", type: "text", expr: "CASE WHEN dis_known <= {S} THEN dmethod END" },
      { name: "patient_classification", type: "text", expr: "cls" },
      { name: "admission_source", type: "text", expr: "source" },
      { name: "discharge_destination", type: "text", expr: "CASE WHEN dis_known <= {S} THEN ddest END" },
      { name: "spell_cost_gbp", type: "decimal", expr: "CASE WHEN cost_known <= {S} THEN cost END" },
    ],
    where: KNOWN_EVENT,
    orderBy: "adm, spell_id, sk",
  },
  spc_contacts: {
    name: "spc_contacts",
    kind: "event",
    table: "f_spc_contacts",
    fields: [
      { name: "contact_id", type: "text", expr: "contact_id" },
      { name: "person_id", type: "text", expr: "pid" },
      { name: "contact_date", type: "date", expr: "cdate" },
      { name: "service", type: "text", expr: "CASE WHEN err = 'blank_required' THEN NULL ELSE service END" },
      { name: "contact_mode", type: "text", expr: "mode" },
    ],
    where: KNOWN_EVENT,
    orderBy: "cdate, contact_id, ck",
  },
  referrals: {
    name: "referrals",
    kind: "event",
    table: "f_referrals",
    fields: [
      { name: "referral_id", type: "text", expr: "referral_id" },
      { name: "person_id", type: "text", expr: "pid" },
      {
        name: "received_at",
        type: "datetime",
        expr: "received_at",
        csvOverride: "CASE WHEN err = 'impossible_date' THEN '30/02/' || year(received_at)::VARCHAR || strftime(received_at, ' %H:%M') END",
      },
      { name: "source", type: "text", expr: "source" },
      { name: "urgency", type: "text", expr: "urgency" },
      { name: "first_contact_at", type: "datetime", expr: "CASE WHEN first_contact_at::DATE <= {S} THEN first_contact_at END" },
      { name: "outcome", type: "text", expr: "CASE WHEN outcome_known <= {S} THEN outcome END" },
    ],
    where: KNOWN_EVENT,
    orderBy: "received_at, referral_id",
  },
  carers: {
    name: "carers",
    kind: "snapshot",
    table: "f_carers",
    fields: [
      { name: "carer_id", type: "text", expr: "carer_id" },
      { name: "person_id", type: "text", expr: "pid" },
      { name: "identified_date", type: "date", expr: "ident" },
      { name: "assessment_offered_date", type: "date", expr: within("offered", "offered_known") },
      { name: "assessment_completed_date", type: "date", expr: within("completed", "completed_known") },
      { name: "support_started_date", type: "date", expr: within("support", "support_known") },
      { name: "bereavement_contact_date", type: "date", expr: within("bereavement", "bereavement_known") },
    ],
    where: "partner = {PARTNER} AND ident <= {QE} AND ident_known <= {S}",
    orderBy: "carer_id, pid",
  },
  outcomes: {
    name: "outcomes",
    kind: "event",
    table: "f_outcomes",
    fields: [
      { name: "assessment_id", type: "text", expr: "assessment_id" },
      { name: "person_id", type: "text", expr: "pid" },
      { name: "episode_id", type: "text", expr: "episode_id" },
      { name: "assessment_date", type: "date", expr: "adate" },
      { name: "phase", type: "text", expr: "phase" },
      { name: "ipos_total", type: "int", expr: "ipos" },
      { name: "akps", type: "int", expr: "akps" },
    ],
    where: KNOWN_EVENT,
    orderBy: "episode_id, adate, assessment_id",
  },
  fast_track: {
    name: "fast_track",
    kind: "event",
    table: "f_fast_track",
    fields: [
      { name: "application_id", type: "text", expr: "application_id" },
      { name: "person_id", type: "text", expr: "pid" },
      { name: "application_date", type: "date", expr: "app" },
      { name: "package_start_date", type: "date", expr: "CASE WHEN pstart_known <= {S} THEN pstart END" },
      { name: "outcome", type: "text", expr: "CASE WHEN outcome_known <= {S} THEN outcome ELSE 'pending' END" },
    ],
    where: KNOWN_EVENT,
    orderBy: "app, application_id",
  },
};
