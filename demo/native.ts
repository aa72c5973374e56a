import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { datasetSpec, type DatasetName } from "../loaders/contract/datasets/index.ts";
import { closeDb, type Db, ident, literal, openDb, rows, run } from "../loaders/duckdb.ts";
import type { MappingInput } from "../kit/mapping.ts";

/**
 * The demo alliance's extracts in native form: what each partner's own systems would hold before the partner
 * kit, written from the rows the contract-form demo loads (its deliberately broken rows are left out, as are
 * files the contract refuses): HES APC episodes (some spells split into two episodes), ONS death registrations,
 * GP coded events (SNOMED CT) for the register and care plans, EPaCCS preferred places, GP demographics with a
 * date of birth, and the other datasets with NHS numbers in place of the keys. Each person gets a synthetic NHS
 * number from the 999 test range (valid check digit, never issued to a patient).
 *
 * Layout: `<nativeDir>/<PARTNER>/<PERIOD>/*.csv` and a `mapping.json` beside them naming each file's preset,
 * columns and local codes, so that `partner-kit --mapping <that file> --period <PERIOD>` writes the partner's
 * exports for the quarter.
 */

/** The synthetic code this demo's death extract gives religious establishments (non-NHS, an "other" type). */
export const DEMO_RELIGIOUS_ESTABLISHMENT = "2:26";

const SEX_CODES = { M: "1", F: "2", I: "9", U: "X" };

interface NativeFile {
  name: string;
  select: string;
  input: Omit<MappingInput, "file">;
}

const iso = (column: string) => `strftime(${column}, '%Y-%m-%d')`;

/** Each contract field by its own name, keys as NHS numbers: the form most local extracts already have. */
function genericFile(dataset: DatasetName, fileId: number, name: string): NativeFile {
  const spec = datasetSpec(dataset);
  const columns = spec.fields.map((f) => {
    if (f.name === "person_id") return `p.nhs as "NHS Number"`;
    if (f.name === "carer_id") return `c.nhs as "Carer NHS Number"`;
    if (f.type === "date") return `${iso(`s.${ident(f.name)}`)} as ${ident(f.name)}`;
    if (f.type === "datetime") return `strftime(s.${ident(f.name)}, '%Y-%m-%dT%H:%M:%S') as ${ident(f.name)}`;
    return `s.${ident(f.name)}`;
  });
  const hasPerson = spec.fields.some((f) => f.name === "person_id");
  const hasCarer = spec.fields.some((f) => f.name === "carer_id");
  return {
    name,
    select: `select ${columns.join(", ")} from stg_${dataset} s
      ${hasPerson ? "join nhs_map p on p.id = s.person_id" : ""} ${hasCarer ? "join nhs_map c on c.id = s.carer_id" : ""}
      where s.file_id = ${fileId} order by s.row_no`,
    input: {
      dataset,
      columns: { ...(hasPerson ? { nhs_number: "NHS Number" } : {}), ...(hasCarer ? { carer_nhs_number: "Carer NHS Number" } : {}) },
      values: {},
    },
  };
}

function nativeFiles(dataset: DatasetName, fileId: number, periodEnd: string): NativeFile[] {
  switch (dataset) {
    case "admissions": {
      // A third of the spells of two days or more are two consultant episodes; every episode carries the spell's
      // admission date and discharge date, as in HES; an unfinished spell has HES's null date 1800-01-01.
      const spells = `with s as (
          select s.*, case when hash(s.spell_id) % 5 = 0 then substr(p.nhs, 1, 3) || ' ' || substr(p.nhs, 4, 3) || ' ' || substr(p.nhs, 7) else p.nhs end as nhs,
            s.discharge_date is not null and s.discharge_date >= s.admission_date + 2 and hash(s.spell_id) % 3 = 0 as two_episodes,
            s.admission_date + ((s.discharge_date - s.admission_date) // 2)::integer as middle
          from stg_admissions s join nhs_map p on p.id = s.person_id where s.file_id = ${fileId})`;
      const episode = (order: string, start: string, end: string, last: boolean, where: string) =>
        `select row_no, ${literal(order)} as ord, nhs as NEWNHSNO, spell_id as PROVSPNOPS, ${literal(order)} as EPIORDER, ${iso(start)} as EPISTART, ${iso(end)} as EPIEND,
           ${iso("admission_date")} as ADMIDATE, coalesce(${iso("discharge_date")}, '1800-01-01') as DISDATE, admission_method as ADMIMETH,
           admission_source as ADMISORC, patient_classification as CLASSPAT,
           ${last ? "discharge_method" : "'8'"} as DISMETH, ${last ? "discharge_destination" : "'98'"} as DISDEST,
           ${order === "01" ? "spell_cost_gbp" : "null"} as SPELL_COST
         from s where ${where}`;
      return [
        {
          name: "apc_episodes.csv",
          select: `${spells}
            select * exclude (row_no, ord) from (
              ${episode("01", "admission_date", "discharge_date", true, "not two_episodes")}
              union all ${episode("01", "admission_date", "middle", false, "two_episodes")}
              union all ${episode("02", "middle", "discharge_date", true, "two_episodes")}) order by row_no, ord desc`,
          input: { dataset, preset: "hes-apc", columns: { spell_cost_gbp: "SPELL_COST" }, values: {} },
        },
      ];
    }
    case "deaths":
      return [
        {
          name: "death_registrations.csv",
          select: `select p.nhs as DEC_NHS_NUMBER, strftime(s.date_of_death, '%Y%m%d') as REG_DATE_OF_DEATH, strftime(s.registration_date, '%Y%m%d') as REG_DATE,
              case s.place_of_death when 'home' then 'H' when 'other' then 'E' else 'C' end as POD_CODE,
              case s.place_of_death when 'hospital' then '1' when 'care_home' then '2' when 'hospice' then '2' when 'religious' then ${literal(DEMO_RELIGIOUS_ESTABLISHMENT.split(":")[0]!)} end as POD_NHS_ESTABLISHMENT,
              case s.place_of_death when 'hospital' then '01' when 'care_home' then '03' when 'hospice' then '83' when 'religious' then ${literal(DEMO_RELIGIOUS_ESTABLISHMENT.split(":")[1]!)} end as POD_ESTABLISHMENT_TYPE,
              case when s.external_cause = 'Y' then 'X599' when s.external_cause = 'N' then
                case s.cause_group when 'cancer' then 'C349' when 'organ_failure' then 'I500' when 'frailty_dementia' then 'F03' when 'neurological' then 'G20' else 'R99' end end
                as S_UNDERLYING_COD_ICD10,
              s.usual_residence as USUAL_RESIDENCE, s.expected_death as EXPECTED_DEATH, s.cause_group as CAUSE_GROUP, s.ppod_variance_reason as PPOD_VARIANCE_REASON
            from stg_deaths s join nhs_map p on p.id = s.person_id where s.file_id = ${fileId} order by s.row_no`,
          input: {
            dataset,
            preset: "ons-deaths",
            columns: { usual_residence: "USUAL_RESIDENCE", expected_death: "EXPECTED_DEATH", cause_group: "CAUSE_GROUP", ppod_variance_reason: "PPOD_VARIANCE_REASON" },
            values: { place_of_death: { [DEMO_RELIGIOUS_ESTABLISHMENT]: "religious" } },
          },
        },
      ];
    case "register":
      // On the register (PALCARE_COD), no longer indicated (PALCARENI_COD), key worker; a death closes the episode.
      return [
        {
          name: "gp_register_events.csv",
          select: `with s as (
              select s.*, p.nhs, max(case when s.removal_reason = 'died' then s.date_removed end) over (partition by s.person_id) as died
              from stg_register s join nhs_map p on p.id = s.person_id where s.file_id = ${fileId})
            select nhs as nhs_number, practice_code, code, ${iso("event_date")} as "date", ${iso("died")} as date_of_death from (
              select row_no, 1 as k, nhs, practice_code, '526631000000108' as code, date_added as event_date, died from s
              union all select row_no, 2, nhs, practice_code, '719240009', keyworker_assigned_date, died from s where keyworker_assigned_date is not null
              union all select row_no, 3, nhs, practice_code, '1048611000000104', date_removed, died from s where date_removed is not null and removal_reason <> 'died')
            order by row_no, k`,
          input: { dataset, preset: "gp-snomed", columns: { date_of_death: "date_of_death" }, values: {} },
        },
      ];
    case "care_plans":
      return [
        {
          name: "care_plan_events.csv",
          select: `select p.nhs as nhs_number, case s.record_type when 'acp' then '713603004' else '1107891000000106' end as code, ${iso("s.recorded_date")} as "date"
            from stg_care_plans s join nhs_map p on p.id = s.person_id where s.file_id = ${fileId} and s.record_type in ('acp', 'respect') order by s.row_no`,
          input: { dataset, preset: "gp-snomed", columns: {}, values: {} },
        },
        {
          name: "epaccs_preferences.csv",
          select: `select p.nhs as nhs_number,
              case s.preferred_place when 'home' then '21' when 'care_home' then '40' when 'hospice' then '30' when 'hospital' then '10' when 'other' then '50' end as preferred_place_of_death_1st_choice,
              case when s.preferred_place = 'no_preference' then '517161000000101' end as ppd_code, ${iso("s.recorded_date")} as date_recorded
            from stg_care_plans s join nhs_map p on p.id = s.person_id where s.file_id = ${fileId} and s.record_type = 'ppod' order by s.row_no`,
          input: { dataset, preset: "epaccs", columns: {}, values: {} },
        },
      ];
    case "people":
      // A date of birth that gives the contract's age band at death (or at the period end), as the GP record has.
      return [
        {
          name: "gp_demographics.csv",
          select: `with s as (
              select s.*, p.nhs, d.died from stg_people s join nhs_map p on p.id = s.person_id
              left join (select person_id, min(date_of_death) as died from stg_deaths where date_of_death <= '${periodEnd}'::date group by all) d on d.person_id = s.person_id
              where s.file_id = ${fileId})
            select nhs as "NHS Number", practice_code as "Practice",
              case sex when '1' then 'M' when '2' then 'F' when '9' then 'I' else 'U' end as "Sex",
              strftime((coalesce(died, '${periodEnd}'::date) - to_years(case age_band when '0-17' then 10 when '18-49' then 35 when '50-64' then 57
                when '65-74' then 70 when '75-84' then 80 else 90 end))::date, '%d/%m/%Y') as "Date of Birth",
              strftime(died, '%d/%m/%Y') as "Date of Death", ethnic_category as "Ethnicity", imd_quintile as "IMD quintile", diagnosis_group as "Diagnosis group"
            from s order by row_no`,
          input: {
            dataset,
            columns: {
              nhs_number: "NHS Number", practice_code: "Practice", sex: "Sex", date_of_birth: "Date of Birth", date_of_death: "Date of Death",
              ethnic_category: "Ethnicity", imd_quintile: "IMD quintile", diagnosis_group: "Diagnosis group",
            },
            values: { sex: SEX_CODES },
          },
        },
      ];
    default:
      return [genericFile(dataset, fileId, `${dataset}.csv`)];
  }
}

/** Synthetic NHS numbers from the 999 test range, one per key, with a valid Modulus 11 check digit. */
const NHS_MAP_SQL = `
create or replace temp table nhs_map as
with ids as (
  select distinct id from (
    select person_id as id from stg_people union all select person_id from stg_register union all select person_id from stg_deaths
    union all select person_id from stg_care_plans union all select person_id from stg_admissions union all select person_id from stg_spc_contacts
    union all select person_id from stg_referrals union all select person_id from stg_carers union all select carer_id from stg_carers
    union all select person_id from stg_outcomes union all select person_id from stg_fast_track)),
ranked as (select id, row_number() over (order by id) as n from ids),
candidates as (
  select base::varchar as nine,
    11 - list_sum(list_transform(range(1, 10), i -> substr(base::varchar, i::integer, 1)::integer * (11 - i))) % 11 as check_value
  from range(999000000, 1000000000) t(base)
),
valid as (
  select nine || case when check_value = 11 then '0' else check_value::varchar end as nhs, row_number() over (order by nine) as n
  from candidates where check_value <> 10
)
select r.id, v.nhs from ranked r join valid v using (n)`;

export interface NativeDemoResult {
  files: number;
  folders: number;
}

/**
 * Writes the native extracts of every file the contract-form database loaded. `dbPath` is that database (made
 * by `ingest` of the contract-form demo).
 */
export async function writeNativeDemo(dbPath: string, nativeDir: string, configPath: string): Promise<NativeDemoResult> {
  const db: Db = await openDb(dbPath, { access_mode: "read_only" });
  let files = 0;
  try {
    await run(db, NHS_MAP_SQL);
    const ids = await rows<{ n: number; nhs: number }>(db, "select count(*)::integer as n, count(nhs)::integer as nhs from nhs_map");
    if (ids[0]!.n !== ids[0]!.nhs) throw new Error("more people than synthetic NHS numbers in the test range");
    const loaded = await rows<{ file_id: number; partner: string; period: string; dataset: DatasetName; period_end: string }>(
      db,
      `select f.file_id, f.partner, f.period, f.dataset, strftime(q.period_end, '%Y-%m-%d') as period_end
       from files f join config_quarters q on q.period = f.period where f.status = 'loaded' order by f.partner, f.period, f.dataset`,
    );
    const folders = new Map<string, MappingInput[]>();
    for (const f of loaded) {
      const folder = join(nativeDir, f.partner, f.period);
      mkdirSync(folder, { recursive: true });
      const inputs = folders.get(folder) ?? [];
      for (const file of nativeFiles(f.dataset, f.file_id, f.period_end)) {
        await run(db, `copy (${file.select}) to ${literal(join(folder, file.name))} (header, delimiter ',', quote '"')`);
        inputs.push({ file: file.name, ...file.input } as MappingInput);
        files++;
      }
      folders.set(folder, inputs);
    }
    for (const [folder, inputs] of folders) {
      const partner = folder.split(/[\\/]/).at(-2)!;
      writeFileSync(join(folder, "mapping.json"), JSON.stringify({ partner, inputs }, null, 2) + "\n");
    }
    copyFileSync(configPath, join(nativeDir, "alliance.json"));
    return { files, folders: folders.size };
  } finally {
    closeDb(db);
  }
}
