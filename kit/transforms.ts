import { TRANSFER_ADMISSION_METHODS } from "../loaders/contract/datasets/admissions.ts";
import type { DatasetSpec } from "../loaders/contract/dataset-spec.ts";
import { ident, literal } from "../loaders/duckdb.ts";
import type { PresetName } from "./presets.ts";

/**
 * The set-based SQL that turns one input (the table `mapped`: `row_no`, `person_id`, `carer_id`, every input
 * field as text after the code translations, and `<field>__raw` as sent) into contract rows. Each select gives
 * `row_no` (the first input row behind the record, for the report), the contract fields as text, and
 * `<field>__raw` for the code fields whose raw value is not simply the field itself.
 *
 * Parameters: $input_no (this input's number, for its code lookups), $period_start and $period_end.
 */

/** DuckDB macros the transforms share: dates in the forms national extracts use, and age bands. */
export const KIT_MACROS_SQL = `
create or replace temp macro kit_date(x) as
  coalesce(try_strptime(x, '%Y-%m-%d'), try_strptime(x, '%Y%m%d'), try_strptime(x, '%d/%m/%Y'),
    try_strptime(left(x, 10), '%Y-%m-%d'), try_strptime(left(x, 10), '%d/%m/%Y'))::date;
create or replace temp macro kit_iso(x) as coalesce(strftime(kit_date(x), '%Y-%m-%d'), x);
create or replace temp macro kit_age(born, ref) as
  date_diff('year', born, ref) - case when strftime(ref, '%m%d') < strftime(born, '%m%d') then 1 else 0 end;
create or replace temp macro kit_age_band(born, ref) as
  case when born is null or ref is null or born > ref then null
    when kit_age(born, ref) < 18 then '0-17' when kit_age(born, ref) < 50 then '18-49' when kit_age(born, ref) < 65 then '50-64'
    when kit_age(born, ref) < 75 then '65-74' when kit_age(born, ref) < 85 then '75-84' else '85+' end;
`;

export interface TransformContext {
  spec: DatasetSpec;
  /** the input fields some column holds */
  present: Set<string>;
  /** HES-style dates meaning "not known" */
  nullDates: string[];
}

export interface Transform {
  /** the contract fields this input fills, given the fields present */
  produces(ctx: TransformContext): Set<string>;
  /** rows to drop before the transform (a reason each), beyond the blank and invalid NHS numbers */
  dropSql?(ctx: TransformContext): string | null;
  sql(ctx: TransformContext): string;
  /** extra counts for the report (e.g. transfers kept as their own spells), over the transform's output `out` */
  notesSql?: string;
  /**
   * Contract fields the extract holds for some records only (field -> which records, in words). A record left
   * without one is reported as "not in this extract" for that field, never given a guessed value.
   */
  partial?(ctx: TransformContext): Record<string, string>;
}

const col = (name: string) => ident(name);
const has = (ctx: TransformContext, field: string) => ctx.present.has(field);
const orNull = (ctx: TransformContext, field: string, expr = col(field)) => (has(ctx, field) ? expr : "null");

/** Contract fields filled by name: a column of that name, or a key / age band the kit derives. */
function genericProduces(ctx: TransformContext): Set<string> {
  const out = new Set<string>();
  for (const f of ctx.spec.fields) {
    if (f.name === "person_id" && has(ctx, "nhs_number")) out.add(f.name);
    else if (f.name === "carer_id" && has(ctx, "carer_nhs_number")) out.add(f.name);
    else if (f.name === "age_band" && has(ctx, "date_of_birth")) out.add(f.name);
    else if (has(ctx, f.name)) out.add(f.name);
  }
  return out;
}

/** Any dataset whose input already holds contract fields by name: keys from NHS numbers, age band from DOB. */
const generic: Transform = {
  produces: genericProduces,
  sql(ctx) {
    const eventDate = ctx.spec.eventDate;
    const ageAt = [has(ctx, "date_of_death") ? "kit_date(date_of_death)" : null, eventDate && has(ctx, eventDate) ? `kit_date(${col(eventDate)})` : null, "$period_end::date"]
      .filter(Boolean)
      .join(", ");
    const columns = ctx.spec.fields.map((f) => {
      if (f.name === "person_id") return "person_id";
      if (f.name === "carer_id") return "carer_id";
      if (f.name === "age_band" && has(ctx, "date_of_birth"))
        return `coalesce(kit_age_band(kit_date(date_of_birth), coalesce(${ageAt})), ${orNull(ctx, "age_band")}) as age_band, 'date of birth' as age_band__raw`;
      if (!has(ctx, f.name)) return `null::varchar as ${col(f.name)}`;
      if (f.type === "date") return `kit_iso(${col(f.name)}) as ${col(f.name)}`;
      if (f.type === "code") return `${col(f.name)}, ${col(`${f.name}__raw`)}`;
      return col(f.name);
    });
    return `select row_no, ${columns.join(", ")} from mapped`;
  },
};

/**
 * HES APC: episodes into provider spells. The admission fields come from the spell's first episode (lowest
 * EPIORDER, then EPISTART), the discharge fields from its last; an unfinished spell's discharge stays blank.
 * Transfers in (admission method 2B or 81) are spells of their own, as the contract counts them, and counted in
 * the report.
 */
const hesApc: Transform = {
  produces(ctx) {
    const out = new Set(["spell_id", "person_id", "admission_date", "admission_method"]);
    for (const f of ["discharge_date", "discharge_method", "patient_classification", "admission_source", "discharge_destination", "spell_cost_gbp"])
      if (has(ctx, f)) out.add(f);
    return out;
  },
  dropSql: () =>
    `select row_no, 'the episodes of this spell carry different NHS numbers: none of them is used' as reason
     from mapped where spell_id in (select spell_id from mapped group by spell_id having count(distinct person_id) > 1)`,
  sql(ctx) {
    // Each date parsed once; HES's null dates (1800-01-01, 1801-01-01) are blank; text that is not a date is kept
    // as sent (the loaders then report it).
    const nulls = ctx.nullDates.map((d) => `'${d}'::date`).join(", ") || "null";
    const parsed = (field: string) => (has(ctx, field) ? `kit_date(${col(field)})` : "null::date");
    const text = (field: string) =>
      has(ctx, field) ? `case when ${field}_d in (${nulls}) then null when ${field}_d is not null then strftime(${field}_d, '%Y-%m-%d') else ${col(field)} end` : "null";
    // The first and last episode of a spell by (EPIORDER, EPISTART, row), as one sortable number: arg_min and
    // arg_max over it pick each spell's first and last episode in one pass, all their fields at once.
    const key = `least(greatest(episode_order_n, 0), 9999)::hugeint * 100000000000000000000::hugeint
      + coalesce(date_diff('day', DATE '1800-01-01', episode_start_d), 9999999)::hugeint * 10000000000::hugeint + row_no::hugeint`;
    const firstFields = ["admission_method", ...["patient_classification", "admission_source"].filter((f) => has(ctx, f))];
    const lastFields = ["discharge_method", "discharge_destination"].filter((f) => has(ctx, f));
    const pack = (fields: string[]) => fields.flatMap((f) => [`${col(f)} := ${col(f)}`, `${col(`${f}__raw`)} := ${col(`${f}__raw`)}`]).join(", ");
    const unpack = (struct: string, fields: string[], all: string[]) =>
      all.map((f) => (fields.includes(f) ? `${struct}.${col(f)} as ${col(f)}, ${struct}.${col(`${f}__raw`)} as ${col(`${f}__raw`)}` : `null as ${col(f)}, null as ${col(`${f}__raw`)}`)).join(",\n  ");
    return `
with episodes as (
  select *, coalesce(try_cast(${orNull(ctx, "episode_order")} as integer), 0) as episode_order_n, kit_date(episode_start) as episode_start_d,
    ${parsed("admission_date")} as admission_date_d, ${parsed("discharge_date")} as discharge_date_d
  from mapped
),
keyed as (
  select *, ${key} as episode_key,
    coalesce(${text("admission_date")}, strftime(episode_start_d, '%Y-%m-%d'), episode_start) as admission_date_clean,
    ${text("discharge_date")} as discharge_date_clean
  from episodes
),
spells as (
  select min(row_no) as row_no, spell_id, any_value(person_id) as person_id,
    arg_min(struct_pack(admission_date_clean := admission_date_clean, ${pack(firstFields)}), episode_key) as first_episode,
    arg_max(struct_pack(discharge_date_clean := discharge_date_clean${lastFields.length ? `, ${pack(lastFields)}` : ""}), episode_key) as last_episode,
    ${has(ctx, "spell_cost_gbp") ? `sum(try_cast(spell_cost_gbp as double))::varchar` : "null"} as spell_cost_gbp,
    count(*) as episodes
  from keyed
  group by spell_id
)
select row_no, spell_id, person_id,
  first_episode.admission_date_clean as admission_date,
  last_episode.discharge_date_clean as discharge_date,
  ${unpack("first_episode", firstFields, ["admission_method"])},
  ${unpack("last_episode", lastFields, ["discharge_method"])},
  ${unpack("first_episode", firstFields, ["patient_classification", "admission_source"])},
  ${unpack("last_episode", lastFields, ["discharge_destination"])},
  spell_cost_gbp, episodes
from spells`;
  },
  notesSql: `select count(*) filter (where admission_method in (${TRANSFER_ADMISSION_METHODS.map(literal).join(", ")}))::integer as transfer_spells,
    count(*) filter (where episodes > 1)::integer as multi_episode_spells,
    count(*) filter (where discharge_method = '4')::integer as died_in_hospital from out`,
};

/** ICD-10 V01-Y89 and U50.9: external causes (OHID's exclusion for deaths in usual place of residence). */
const EXTERNAL_CAUSE = `regexp_full_match(upper(replace(underlying_cause, '.', '')), '(V0[1-9]|V[1-9][0-9]|W[0-9]{2}|X[0-9]{2}|Y[0-8][0-9]|U509).*')`;

/**
 * Cause groups from the underlying cause, after the non-sudden cause groups of Etkind et al. (BMC Medicine
 * 2017): cancer C00-C97; organ failure heart disease I00-I52, chronic lung J40-J47 and J96, renal I12-I13,
 * N17, N18, N28, liver K70-K77; frailty and dementia F01, F03, G30, R54; neurological G10, G12.2, G20, G23.1,
 * G35, G90.3; any other cause other.
 */
const CAUSE_GROUP = `case
  when underlying_cause is null then null
  when regexp_full_match(icd, 'C[0-8][0-9].*|C9[0-7].*') then 'cancer'
  when regexp_full_match(icd, 'I[0-4][0-9].*|I5[0-2].*|J4[0-7].*|J96.*|N1[78].*|N28.*|K7[0-7].*') then 'organ_failure'
  when regexp_full_match(icd, 'F0[13].*|G30.*|R54.*') then 'frailty_dementia'
  when regexp_full_match(icd, 'G10.*|G122.*|G20.*|G231.*|G35.*|G903.*') then 'neurological'
  else 'other' end`;

/**
 * ONS deaths: POD_CODE H (the usual residence, not a communal establishment) is home; otherwise the
 * establishment (NHS or not, and its type) decides by the vendored rule, which the mapping's values can extend
 * (`place_of_death`: {"<POD_NHS_ESTABLISHMENT>:<POD_ESTABLISHMENT_TYPE>": code}); POD_CODE E (elsewhere) is other.
 * `external_cause` and `cause_group` come from the underlying cause unless the mapping names a column for them.
 *
 * `usual_residence`: a death registration says where the person usually lived only when they died there. ONS
 * codes POD_CODE H for a death at the deceased's usual residence when that is not a communal establishment, so
 * H is a usual residence at home. For any other place of death (a hospital, a hospice, elsewhere, and a care home
 * too, since OHID reports that many care-home deaths are of temporary residents) the registration's place fields
 * do not say where the person lived: such a record has no usual residence from this extract, unless the mapping
 * names a column for it (a mapped column wins wherever it is filled).
 */
const ONS_USUAL_RESIDENCE_KNOWN_FOR = "a death registration gives the usual residence only for a death at home (POD_CODE H)";

const onsDeaths: Transform = {
  produces(ctx) {
    const out = new Set(["person_id", "date_of_death", "place_of_death"]);
    if (has(ctx, "registration_date")) out.add("registration_date");
    if (has(ctx, "underlying_cause")) ["external_cause", "cause_group"].forEach((f) => out.add(f));
    if (has(ctx, "pod_code")) out.add("usual_residence");
    for (const f of ["usual_residence", "expected_death", "ppod_variance_reason", "external_cause", "cause_group"]) if (has(ctx, f)) out.add(f);
    return out;
  },
  partial: (ctx): Record<string, string> => (has(ctx, "pod_code") ? { usual_residence: ONS_USUAL_RESIDENCE_KNOWN_FOR } : {}),
  sql(ctx) {
    const establishment = `ltrim(${orNull(ctx, "pod_nhs_establishment")}, '0') || ':' || lpad(ltrim(${orNull(ctx, "pod_establishment_type")}, '0'), 2, '0')`;
    const pod = orNull(ctx, "pod_code", "upper(pod_code)");
    const kept = (field: string, fallback = "null") => (has(ctx, field) ? col(field) : fallback);
    const icd = has(ctx, "underlying_cause") ? "upper(replace(underlying_cause, '.', ''))" : "null";
    const residence = has(ctx, "usual_residence")
      ? `case when d.usual_residence is not null then d.usual_residence when ${pod} = 'H' then 'home' end`
      : `case when ${pod} = 'H' then 'home' end`;
    const residenceRaw = `case ${has(ctx, "usual_residence") ? "when d.usual_residence is not null then d.usual_residence__raw" : ""}
      when ${pod} = 'H' then 'POD_CODE H (died at the usual residence)' else '(not in this extract)' end`;
    return `
with deaths as (select *, ${establishment} as establishment, ${icd} as icd from mapped)
select d.row_no, d.person_id, kit_iso(d.date_of_death) as date_of_death, ${has(ctx, "registration_date") ? "kit_iso(d.registration_date)" : "null"} as registration_date,
  coalesce(case when ${pod} = 'H' then 'home' end, o.code, r.place_of_death, case when ${pod} = 'E' then 'other' end) as place_of_death,
  case when ${pod} in ('H', 'E') then 'POD_CODE ' || ${pod} when d.establishment is not null then 'establishment ' || d.establishment else '(blank)' end as place_of_death__raw,
  ${residence} as usual_residence, ${residenceRaw} as usual_residence__raw,
  ${kept("expected_death")} as expected_death,
  ${has(ctx, "underlying_cause") ? `coalesce(${kept("external_cause")}, case when underlying_cause is null then null when ${EXTERNAL_CAUSE} then 'Y' else 'N' end)` : kept("external_cause")} as external_cause,
  ${has(ctx, "underlying_cause") ? "left(icd, 3)" : "null"} as external_cause__raw,
  ${has(ctx, "underlying_cause") ? `coalesce(${kept("cause_group")}, ${CAUSE_GROUP})` : kept("cause_group")} as cause_group,
  ${has(ctx, "underlying_cause") ? "left(icd, 3)" : "null"} as cause_group__raw,
  ${kept("ppod_variance_reason")} as ppod_variance_reason
from deaths d
left join kit_place_rule r on r.establishment = d.establishment
left join kit_values o on o.input_no = $input_no and o.field = 'place_of_death' and o.raw = d.establishment`;
  },
};

/**
 * GP coded events into register episodes (QOF PC001): a PALCARE_COD event opens an episode unless one is open;
 * a later PALCARENI_COD event ("no longer indicated") closes it (removal reason discharged); a date of death,
 * where the extract holds one, closes an open episode (died). The keyworker date is the first "has end of life
 * care key worker" event within the episode. A snapshot at the period end: later events are not seen.
 */
const gpRegister: Transform = {
  produces: (ctx) => new Set(["person_id", "date_added", "date_removed", "removal_reason", "keyworker_assigned_date", ...(has(ctx, "practice_code") ? ["practice_code"] : [])]),
  sql(ctx) {
    const death = has(ctx, "date_of_death")
      ? `deaths as (select person_id, min(kit_date(date_of_death)) as died from mapped where kit_date(date_of_death) <= $period_end::date group by person_id)`
      : `deaths as (select null::varchar as person_id, null::date as died where false)`;
    return `
with events as (
  select m.row_no, m.person_id, ${orNull(ctx, "practice_code", "m.practice_code")} as practice_code, kit_date(m.date) as event_date, k.meaning
  from mapped m join kit_meanings k on k.input_no = $input_no and k.code = m.code
  where kit_date(m.date) <= $period_end::date
),
register_events as (
  select *, lag(meaning) over (partition by person_id order by event_date, meaning, row_no) as previous
  from events where meaning in ('register_add', 'register_ni')
),
numbered as (
  select *, sum((meaning = 'register_add' and coalesce(previous, 'register_ni') = 'register_ni')::integer)
    over (partition by person_id order by event_date, meaning, row_no rows unbounded preceding) as episode
  from register_events
),
episodes as (
  select person_id, episode, min(row_no) as row_no, min(event_date) filter (where meaning = 'register_add') as date_added,
    arg_min(practice_code, (event_date, row_no)) filter (where meaning = 'register_add') as practice_code,
    min(event_date) filter (where meaning = 'register_ni') as closed
  from numbered where episode > 0 group by person_id, episode
),
${death}
select e.row_no, e.person_id, e.practice_code, strftime(e.date_added, '%Y-%m-%d') as date_added,
  strftime(case when d.died is not null and (e.closed is null or d.died < e.closed) and d.died >= e.date_added then d.died else e.closed end, '%Y-%m-%d') as date_removed,
  case when d.died is not null and (e.closed is null or d.died < e.closed) and d.died >= e.date_added then 'died' when e.closed is not null then 'discharged' end as removal_reason,
  case when d.died is not null and (e.closed is null or d.died < e.closed) and d.died >= e.date_added then 'date of death' when e.closed is not null then 'PALCARENI_COD' end as removal_reason__raw,
  (select strftime(min(k.event_date), '%Y-%m-%d') from events k where k.person_id = e.person_id and k.meaning = 'keyworker'
     and k.event_date >= e.date_added and k.event_date <= coalesce(e.closed, $period_end::date)) as keyworker_assigned_date
from episodes e left join deaths d on d.person_id = e.person_id`;
  },
  notesSql: `select count(*)::integer as episodes, count(*) filter (where removal_reason = 'discharged')::integer as closed_no_longer_indicated,
    count(*) filter (where removal_reason = 'died')::integer as closed_at_death from out`,
};

/** GP coded events into care plans: ACP, ReSPECT and preferred-place codes (kit/codes/gp-care-plan-codes.csv). */
const gpCarePlans: Transform = {
  produces: () => new Set(["person_id", "record_type", "recorded_date", "preferred_place"]),
  sql: () => `
select m.row_no, m.person_id, case when k.meaning like 'ppod:%' then 'ppod' else k.meaning end as record_type, m.code as record_type__raw,
  kit_iso(m.date) as recorded_date,
  case when k.meaning like 'ppod:%' then substr(k.meaning, 6) end as preferred_place, m.code as preferred_place__raw
from mapped m join kit_meanings k on k.input_no = $input_no and k.code = m.code and (k.meaning in ('acp', 'respect') or k.meaning like 'ppod:%')`,
};

/** EPaCCS preferred place (1st choice) codes, or a SNOMED "no preference" state, as `ppod` care plans. */
const epaccs: Transform = {
  produces: () => new Set(["person_id", "record_type", "recorded_date", "preferred_place"]),
  sql: (ctx) => `
select m.row_no, m.person_id, 'ppod' as record_type, kit_iso(m.date) as recorded_date,
  coalesce(substr(k.meaning, 6), ${orNull(ctx, "preferred_place", "m.preferred_place")}) as preferred_place,
  coalesce(${has(ctx, "code") ? "case when k.meaning is not null then m.code end" : "null"}, ${orNull(ctx, "preferred_place", "m.preferred_place__raw")}) as preferred_place__raw
from mapped m
left join kit_meanings k on k.input_no = $input_no and k.code = ${orNull(ctx, "code", "m.code")} and k.meaning like 'ppod:%'
where k.meaning is not null or ${orNull(ctx, "preferred_place", "m.preferred_place")} is not null`,
};

export function transformFor(preset: PresetName | undefined, dataset: string): Transform {
  switch (preset) {
    case "hes-apc":
      return hesApc;
    case "ons-deaths":
      return onsDeaths;
    case "gp-snomed":
      return dataset === "register" ? gpRegister : gpCarePlans;
    case "epaccs":
      return epaccs;
    default:
      return generic;
  }
}
