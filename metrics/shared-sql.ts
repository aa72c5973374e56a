/**
 * `with` steps that several definitions share, written once so the shared terms of the catalogue mean one thing
 * everywhere. Each is a named step (`name as (…)`) to put inside a definition's `with` list; a definition's SQL,
 * as exported to definitions.json, is therefore complete on its own against the core model.
 */

/**
 * Decedents (D): adults (`age_band` not `0-17`; unknown age, including no `people` row, counts as adult) whose
 * death is recorded. The period join keeps those whose `date_of_death` falls in the period.
 */
export const DECEDENTS = `decedents as (
  select d.partner, d.person_id, d.date_of_death, d.place_of_death, d.usual_residence, d.external_cause
  from deaths d
  left join people p on p.person_id = d.person_id
  where coalesce(p.age_band, '') <> '0-17'
)`;

/**
 * On the register before death: a register episode with `date_added` before `date_of_death`; `first_added` is
 * the earliest such date. Needs DECEDENTS.
 */
export const REGISTERED_BEFORE_DEATH = `registered_before_death as (
  select d.person_id, d.date_of_death, min(e.date_added) as first_added
  from decedents d
  join register_episodes e on e.person_id = d.person_id and e.date_added < d.date_of_death
  group by d.person_id, d.date_of_death
)`;

/**
 * Emergency spells (is_emergency: an emergency admission method and patient classification not 3 or 4) of
 * decedents, with the days from admission to death. Spells admitted after death are not in the last N days of
 * life, so they are dropped here. Needs DECEDENTS.
 */
export const DECEDENT_EMERGENCY_SPELLS = `decedent_emergency_spells as (
  select d.person_id, d.date_of_death, s.admission_date, s.discharge_date, s.spell_cost_gbp,
    d.date_of_death - s.admission_date as days_before_death
  from decedents d
  join spells s on s.person_id = d.person_id
  where s.is_emergency and s.admission_date <= d.date_of_death
)`;

/**
 * The dates T at which point-in-time metrics are measured: every month end from the data start to the data end
 * (quarter and rolling-12 ends are month ends) and the baseline's end.
 */
export const AS_AT_DATES = `as_at_dates as (
  select (m + interval 1 month - interval 1 day)::date as t
  from generate_series($data_from::date, $data_end::date, interval 1 month) g(m)
  union
  select $baseline_to::date
)`;

/**
 * On the register at T: a distinct person with an episode where `date_added <= T` and (`date_removed` blank or
 * `> T`), who has not died on or before T. `keyworker_by_t`: one of the episodes current at T had a named
 * keyworker assigned on or before T. Needs AS_AT_DATES.
 */
export const ON_REGISTER_AT = `on_register_at as (
  select a.t, e.person_id, bool_or(coalesce(e.keyworker_assigned_date <= a.t, false)) as keyworker_by_t
  from register_episodes e
  join as_at_dates a on e.date_added <= a.t and (e.date_removed is null or e.date_removed > a.t)
  left join deaths d on d.person_id = e.person_id
  where d.date_of_death is null or d.date_of_death > a.t
  group by a.t, e.person_id
)`;
