/**
 * A rough, independent read-back of a generated tree, for calibration checks (tests and `npx tsx demo/calibrate.ts DIR`).
 * Not the product's loader: it reads the CSVs with DuckDB, skips HOSPICE2's workbooks and ignores the injected
 * errors (rows that do not parse drop out), which is close enough for shares and rates.
 */
import { DuckDBInstance } from "@duckdb/node-api";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import iconv from "iconv-lite";

export interface Calibration {
  deathsPerYear: Record<string, number>;
  deathRate: Record<string, number>;
  placeOfDeath: Record<string, Record<string, number>>;
  registerPrevalence: Record<string, number>;
  metrics: Record<string, Record<string, number>>;
  /** deaths and the hospital share by calendar month */
  monthly: Record<string, { deaths: number; hospital: number }>;
}

const d = (x: string) => `coalesce(try_strptime(${x}, '%Y-%m-%d'), try_strptime(${x}, '%d/%m/%Y'))::DATE`;

export async function calibrate(dir: string): Promise<Calibration> {
  const ex = join(resolve(dir), "exports");
  // DuckDB's CSV reader has no Windows-1252: read the community trust's files through a UTF-8 copy
  const tmp = mkdtempSync(join(tmpdir(), "demo-calibrate-"));
  for (const period of readdirSync(join(ex, "COMMUNITY"))) {
    mkdirSync(join(tmp, "COMMUNITY", period), { recursive: true });
    for (const f of readdirSync(join(ex, "COMMUNITY", period)))
      writeFileSync(join(tmp, "COMMUNITY", period, f), iconv.decode(readFileSync(join(ex, "COMMUNITY", period, f)), "windows-1252"));
  }
  const db = await DuckDBInstance.create(":memory:");
  const c = await db.connect();
  const rows = async (sql: string) => (await c.runAndReadAll(sql)).getRowObjectsJS();
  const csv = (glob: string, names: string[]) =>
    `read_csv([${glob.split("|").map((g) => `'${g.startsWith("COMMUNITY") ? tmp : ex}/${g}'`).join(",")}], header = true, all_varchar = true, filename = true,
      names = [${names.map((n) => `'${n}'`).join(",")}], null_padding = true, ignore_errors = true)`;
  await c.run(`CREATE MACRO fy(d) AS (CASE WHEN month(d) >= 4 THEN year(d) ELSE year(d) - 1 END)`);
  const period = `regexp_extract(filename, '/(\\d{4}-\\d{2}-Q\\d)/', 1)`;
  const partner = `regexp_extract(filename, '/exports/([A-Z0-9_]+)/', 1)`;

  await c.run(`CREATE TABLE deaths AS SELECT DISTINCT ON (person_id) person_id, ${d("date_of_death")} AS dod, place_of_death AS place, external_cause
    FROM ${csv("GPFED/*/deaths.csv", ["person_id", "date_of_death", "registration_date", "place_of_death", "usual_residence", "expected_death", "external_cause", "cause_group", "ppod_variance_reason"])}
    WHERE place_of_death IN ('hospital','home','care_home','hospice','religious','other') ORDER BY person_id, ${period} DESC`);
  const lastPeople = (await rows(`SELECT max(${period}) AS p FROM ${csv("GPFED/*/people.csv", ["person_id"])}`))[0].p as string;
  await c.run(`CREATE TABLE people AS SELECT person_id, practice_code, age_band, imd_quintile FROM ${csv(`GPFED/${lastPeople}/people.csv`, ["person_id", "practice_code", "sex", "age_band", "ethnic_category", "imd_quintile", "diagnosis_group"])}`);
  await c.run(`CREATE TABLE dec AS SELECT d.*, fy(d.dod) AS fy FROM deaths d LEFT JOIN people p USING (person_id) WHERE coalesce(p.age_band, '') <> '0-17'`);
  await c.run(`CREATE TABLE plist AS SELECT ${period} AS period, practice_code, list_size::BIGINT AS list_size FROM ${csv("GPFED/*/practice_list.csv", ["practice_code", "list_size"])}`);
  await c.run(`CREATE TABLE reg AS SELECT person_id, ${d("date_added")} AS added, ${d("date_removed")} AS removed, ${d("keyworker_assigned_date")} AS kw
    FROM ${csv(`GPFED/${lastPeople}/register.csv`, ["person_id", "practice_code", "date_added", "date_removed", "removal_reason", "keyworker_assigned_date"])}`);
  await c.run(`CREATE TABLE regs AS SELECT ${period} AS period, person_id, ${d("date_added")} AS added, ${d("date_removed")} AS removed, ${d("keyworker_assigned_date")} AS kw
    FROM ${csv("GPFED/*/register.csv", ["person_id", "practice_code", "date_added", "date_removed", "removal_reason", "keyworker_assigned_date"])}`);
  await c.run(`CREATE TABLE adm AS SELECT DISTINCT ON (spell_id) spell_id, person_id, ${d("admission_date")} AS adm, ${d("discharge_date")} AS dis, admission_method AS method, patient_classification AS cls
    FROM ${csv("ACUTE/*/admissions.csv", ["spell_id", "person_id", "admission_date", "discharge_date", "admission_method", "discharge_method", "patient_classification", "admission_source", "discharge_destination", "spell_cost_gbp"])}
    ORDER BY spell_id, ${period} DESC`);
  await c.run(`CREATE TABLE cp AS SELECT person_id, record_type, ${d("recorded_date")} AS rdate, preferred_place AS pref
    FROM ${csv("GPFED/*/care_plans.csv|HOSPICE1/*/care_plans.csv", ["person_id", "record_type", "recorded_date", "preferred_place"])}
    UNION ALL SELECT person_id, record_type, ${d("recorded_date")}, preferred_place
    FROM ${csv("COMMUNITY/*/care_plans.csv", ["person_id", "record_type", "recorded_date", "preferred_place", "team_name"])}`);
  await c.run(`CREATE TABLE spc AS SELECT person_id, ${d("contact_date")} AS cdate FROM ${csv("HOSPICE1/*/spc_contacts.csv", ["contact_id", "person_id", "contact_date", "service", "contact_mode"])}
    UNION ALL SELECT person_id, ${d("contact_date")} FROM ${csv("COMMUNITY/*/spc_contacts.csv", ["contact_id", "person_id", "contact_date", "service", "contact_mode", "team_name"])}`);
  await c.run(`CREATE TABLE refl AS SELECT DISTINCT ON (referral_id) referral_id, try_strptime(received_at, '%d/%m/%Y %H:%M') AS rec, try_strptime(first_contact_at, '%d/%m/%Y %H:%M') AS fc, outcome
    FROM ${csv("COMMUNITY/*/referrals.csv", ["referral_id", "person_id", "received_at", "source", "urgency", "first_contact_at", "outcome", "team_name"])} ORDER BY referral_id, ${period} DESC`);
  await c.run(`CREATE TABLE ft AS SELECT DISTINCT ON (application_id) application_id, ${d("application_date")} AS app, ${d("package_start_date")} AS ps, outcome
    FROM ${csv("COMMUNITY/*/fast_track.csv", ["application_id", "person_id", "application_date", "package_start_date", "outcome", "team_name"])} ORDER BY application_id, ${period} DESC`);
  await c.run(`CREATE TABLE car AS SELECT carer_id, person_id, min(${d("identified_date")}) AS ident, min(${d("bereavement_contact_date")}) AS brv FROM (
      SELECT * FROM ${csv(`HOSPICE1/${lastPeople}/carers.csv`, ["carer_id", "person_id", "identified_date", "assessment_offered_date", "assessment_completed_date", "support_started_date", "bereavement_contact_date"])}
      UNION ALL BY NAME SELECT * FROM ${csv(`BEREAVE/${lastPeople}/carers.csv`, ["carer_id", "person_id", "identified_date", "assessment_offered_date", "assessment_completed_date", "support_started_date", "bereavement_contact_date"])}
      UNION ALL BY NAME SELECT * FROM ${csv(`COMMUNITY/${lastPeople}/carers.csv`, ["carer_id", "person_id", "identified_date", "assessment_offered_date", "assessment_completed_date", "support_started_date", "bereavement_contact_date", "team_name"])})
    GROUP BY ALL`);

  const out: Calibration = { deathsPerYear: {}, deathRate: {}, placeOfDeath: {}, registerPrevalence: {}, metrics: {}, monthly: {} };
  for (const r of await rows(`SELECT strftime(dod, '%Y-%m') AS m, count(*) AS n, avg((place = 'hospital')::INT) AS h FROM dec GROUP BY m ORDER BY m`))
    out.monthly[String(r.m)] = { deaths: Number(r.n), hospital: Number(r.h) };
  for (const r of await rows(`SELECT fy, count(*) AS n FROM dec GROUP BY fy ORDER BY fy`)) out.deathsPerYear[String(r.fy)] = Number(r.n);
  for (const r of await rows(`SELECT substr(period, 1, 4)::INT AS fy, avg(s) AS list FROM (SELECT period, sum(list_size) AS s FROM plist GROUP BY period) GROUP BY fy`)) {
    const n = out.deathsPerYear[String(r.fy)];
    if (n) out.deathRate[String(r.fy)] = n / Number(r.list);
  }
  for (const r of await rows(`SELECT fy, place, count(*) / sum(count(*)) OVER (PARTITION BY fy) AS share FROM dec GROUP BY fy, place ORDER BY fy, place`)) {
    (out.placeOfDeath[String(r.fy)] ??= {})[String(r.place)] = Number(r.share);
  }
  for (const r of await rows(`
    WITH q AS (SELECT DISTINCT period, (make_date(substr(period,1,4)::INT + (CASE WHEN right(period,1)='4' THEN 1 ELSE 0 END),
        CASE right(period,1) WHEN '1' THEN 6 WHEN '2' THEN 9 WHEN '3' THEN 12 ELSE 3 END, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS qe FROM plist),
    onreg AS (SELECT r.period, count(DISTINCT r.person_id) AS n FROM regs r JOIN q USING (period)
      LEFT JOIN deaths dd ON dd.person_id = r.person_id
      WHERE r.added <= q.qe AND (r.removed IS NULL OR r.removed > q.qe) AND (dd.dod IS NULL OR dd.dod > q.qe) GROUP BY r.period),
    l AS (SELECT period, sum(list_size) AS s FROM plist GROUP BY period)
    SELECT period, n / s AS prev FROM onreg JOIN l USING (period) ORDER BY period`))
    out.registerPrevalence[String(r.period)] = Number(r.prev);

  const metric = async (name: string, sql: string) => {
    for (const r of await rows(sql)) (out.metrics[name] ??= {})[String(r.fy)] = Number(r.v);
  };
  await c.run(`CREATE TABLE oc AS SELECT partner, episode_id, assessment_id, ${d("assessment_date")} AS adate, try_cast(ipos_total AS INT) AS ipos FROM (
      SELECT ${partner} AS partner, * FROM ${csv("HOSPICE1/*/outcomes.csv", ["assessment_id", "person_id", "episode_id", "assessment_date", "phase", "ipos_total", "akps"])}
      UNION ALL BY NAME SELECT ${partner} AS partner, * FROM ${csv("COMMUNITY/*/outcomes.csv", ["assessment_id", "person_id", "episode_id", "assessment_date", "phase", "ipos_total", "akps", "team_name"])})`);
  await metric("PROM-01", `SELECT fy(l) AS fy, avg((last < first)::INT) AS v FROM (
      SELECT partner, episode_id, arg_min(ipos, (adate, assessment_id)) AS first, arg_max(ipos, (adate, assessment_id)) AS last, max(adate) AS l, count(ipos) AS n
      FROM oc WHERE ipos IS NOT NULL GROUP BY ALL) WHERE n >= 2 GROUP BY ALL`);
  await metric("DQ-01", `SELECT fy(coalesce(a.dis, a.adm)) AS fy, avg((EXISTS (SELECT 1 FROM deaths x WHERE x.person_id = a.person_id AND abs(x.dod - a.dis) <= 1))::INT) AS v
      FROM (SELECT DISTINCT ON (spell_id) spell_id, person_id, ${d("admission_date")} AS adm, ${d("discharge_date")} AS dis, discharge_method
        FROM ${csv("ACUTE/*/admissions.csv", ["spell_id", "person_id", "admission_date", "discharge_date", "admission_method", "discharge_method", "patient_classification", "admission_source", "discharge_destination", "spell_cost_gbp"])}
        ORDER BY spell_id, ${period} DESC) a WHERE discharge_method = '4' GROUP BY ALL`);
  await c.run(`CREATE TABLE em AS SELECT a.person_id, a.adm, a.dis FROM adm a WHERE a.method IN ('21','22','23','24','25','2A','2B','2C','2D','28') AND a.cls NOT IN ('3','4')`);
  await c.run(`CREATE TABLE hx AS SELECT d.person_id, d.fy,
      count(e.adm) FILTER (WHERE e.adm > d.dod - 90 AND e.adm <= d.dod) AS n90,
      count(e.adm) FILTER (WHERE e.adm > d.dod - 365 AND e.adm <= d.dod) AS n365,
      coalesce(sum(least(coalesce(e.dis, d.dod), d.dod) - e.adm) FILTER (WHERE e.adm > d.dod - 90 AND e.adm <= d.dod), 0) AS bd90
    FROM dec d LEFT JOIN em e ON e.person_id = d.person_id GROUP BY d.person_id, d.fy`);
  await metric("HOSP-01", `SELECT fy, avg((n90 >= 3)::INT) AS v FROM hx GROUP BY fy`);
  await metric("HOSP-02", `SELECT fy, avg((n90 >= 1)::INT) AS v FROM hx GROUP BY fy`);
  await metric("HOSP-03", `SELECT fy, avg(n365) AS v FROM hx GROUP BY fy`);
  await metric("HOSP-03>=3", `SELECT fy, avg((n365 >= 3)::INT) AS v FROM hx GROUP BY fy`);
  await metric("HOSP-04", `SELECT fy, avg(bd90) AS v FROM hx GROUP BY fy`);
  await metric("LOS", `SELECT fy(adm) AS fy, avg(dis - adm) AS v FROM em WHERE dis IS NOT NULL GROUP BY fy`);
  await metric("LOS-sameday", `SELECT fy(adm) AS fy, avg((dis = adm)::INT) AS v FROM em WHERE dis IS NOT NULL GROUP BY fy`);
  await c.run(`CREATE TABLE onreg AS SELECT d.person_id, d.fy, min(r.added) AS first_added FROM dec d JOIN reg r ON r.person_id = d.person_id AND r.added < d.dod GROUP BY ALL`);
  await metric("ID-02", `SELECT d.fy, avg((o.person_id IS NOT NULL)::INT) AS v FROM dec d LEFT JOIN onreg o USING (person_id) GROUP BY d.fy`);
  await metric("ID-03", `SELECT o.fy, avg((d.dod - o.first_added >= 56)::INT) AS v FROM onreg o JOIN dec d USING (person_id) GROUP BY o.fy`);
  await metric("PPD-01", `SELECT o.fy, avg((EXISTS (SELECT 1 FROM cp WHERE cp.person_id = o.person_id AND record_type = 'ppod' AND rdate <= d.dod))::INT) AS v FROM onreg o JOIN dec d USING (person_id) GROUP BY o.fy`);
  await metric("ACP-02", `SELECT o.fy, avg((EXISTS (SELECT 1 FROM cp WHERE cp.person_id = o.person_id AND record_type IN ('acp','respect') AND rdate <= d.dod))::INT) AS v FROM onreg o JOIN dec d USING (person_id) GROUP BY o.fy`);
  await metric("ACP-03", `SELECT o.fy, avg((EXISTS (SELECT 1 FROM cp WHERE cp.person_id = o.person_id AND record_type = 'respect' AND rdate <= d.dod))::INT) AS v FROM onreg o JOIN dec d USING (person_id) GROUP BY o.fy`);
  await metric("CAR-01", `SELECT o.fy, avg((EXISTS (SELECT 1 FROM car WHERE car.person_id = o.person_id AND ident <= d.dod))::INT) AS v FROM onreg o JOIN dec d USING (person_id) GROUP BY o.fy`);
  await metric("PPD-02", `
    WITH last AS (SELECT d.person_id, d.fy, d.place, max(cp.rdate) AS ld FROM dec d JOIN cp ON cp.person_id = d.person_id AND cp.record_type = 'ppod' AND cp.rdate <= d.dod GROUP BY ALL),
    prefs AS (SELECT l.person_id, l.fy, l.place, list(cp.pref) FILTER (WHERE cp.pref <> 'no_preference') AS ps FROM last l JOIN cp ON cp.person_id = l.person_id AND cp.record_type = 'ppod' AND cp.rdate = l.ld GROUP BY ALL)
    SELECT fy, avg((list_contains(ps, place) AND place <> 'other')::INT) AS v FROM prefs WHERE len(ps) > 0 GROUP BY fy`);
  // home deaths in the most and the least deprived quintiles
  for (const qn of ["1", "5"])
    await metric(`POD-02:imd${qn}`, `SELECT fy, avg((place = 'home')::INT) AS v FROM dec JOIN people p USING (person_id) WHERE p.imd_quintile = '${qn}' GROUP BY fy`);
  await metric("POD-05", `SELECT fy, avg((place IN ('home','care_home','religious'))::INT) AS v FROM dec WHERE coalesce(external_cause, '') <> 'Y' GROUP BY fy`);
  await metric("SPC-01", `SELECT d.fy, avg((EXISTS (SELECT 1 FROM spc WHERE spc.person_id = d.person_id AND cdate > d.dod - 365 AND cdate <= d.dod))::INT) AS v FROM dec d GROUP BY d.fy`);
  await metric("RESP-01", `SELECT fy(rec::DATE) AS fy, avg((fc IS NOT NULL AND fc::DATE <= rec::DATE + 1)::INT) AS v FROM refl WHERE coalesce(outcome, '') <> 'died_before_contact' AND rec IS NOT NULL GROUP BY ALL`);
  await metric("RESP-02", `SELECT fy(app) AS fy, avg(coalesce(ps <= app + 2, FALSE)::INT) AS v FROM ft WHERE outcome = 'approved' GROUP BY ALL`);
  await metric("BRV-01", `SELECT fy(d.dod) AS fy, avg(coalesce(car.brv BETWEEN d.dod AND d.dod + 56, FALSE)::INT) AS v FROM car JOIN dec d USING (person_id) WHERE car.ident <= d.dod GROUP BY ALL`);
  await metric("KW-01", `
    WITH q AS (SELECT DISTINCT period, (make_date(substr(period,1,4)::INT + (CASE WHEN right(period,1)='4' THEN 1 ELSE 0 END), CASE right(period,1) WHEN '1' THEN 6 WHEN '2' THEN 9 WHEN '3' THEN 12 ELSE 3 END, 1) + INTERVAL 1 MONTH - INTERVAL 1 DAY)::DATE AS qe FROM plist WHERE right(period, 1) = '4')
    SELECT substr(q.period, 1, 4)::INT AS fy, avg(coalesce(r.kw <= q.qe, FALSE)::INT) AS v FROM reg r, q
    WHERE r.added <= q.qe AND (r.removed IS NULL OR r.removed > q.qe)
      AND NOT EXISTS (SELECT 1 FROM deaths x WHERE x.person_id = r.person_id AND x.dod <= q.qe) GROUP BY ALL`);
  c.closeSync();
  db.closeSync();
  rmSync(tmp, { recursive: true, force: true });
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const res = await calibrate(process.argv[2]);
  const fmt = (o: Record<string, number>) => Object.entries(o).map(([k, v]) => `${k}:${v < 10 ? v.toFixed(3) : v}`).join(" ");
  console.log("deaths/yr", fmt(res.deathsPerYear));
  console.log("death rate", fmt(res.deathRate));
  for (const [fy, m] of Object.entries(res.placeOfDeath)) console.log("POD", fy, fmt(m));
  console.log("register prevalence", fmt(res.registerPrevalence));
  for (const [k, m] of Object.entries(res.metrics)) console.log(k.padEnd(11), fmt(m));
}
