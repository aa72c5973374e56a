import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";

/**
 * One row per person and calendar month with register days in it: the days on the register in the month
 * (the union of the person's episodes, each `[date_added, date_removed)`, stopping at death) and the emergency
 * spells admitted that month on a day the person was on the register. Quarters and rolling 12 months sum
 * their months.
 */
export const HOSP_05_SQL = `
with months as (
  select m::date as month_start, (m + interval 1 month - interval 1 day)::date as month_end
  from generate_series($data_from::date, $data_end::date, interval 1 month) g(m)
),
episodes as (
  select e.person_id, e.date_added as start_date,
    least(coalesce(e.date_removed, date '9999-12-31'), coalesce(d.date_of_death, date '9999-12-31')) as stop_date
  from register_episodes e
  left join deaths d on d.person_id = e.person_id
),
ordered as (
  select person_id, start_date, stop_date,
    max(stop_date) over (partition by person_id order by start_date, stop_date
      rows between unbounded preceding and 1 preceding) as previous_stop
  from episodes
  where start_date < stop_date
),
islands as (
  select person_id, start_date, stop_date,
    sum(case when previous_stop >= start_date then 0 else 1 end)
      over (partition by person_id order by start_date, stop_date rows unbounded preceding) as island
  from ordered
),
spans as (
  select person_id, min(start_date) as start_date, max(stop_date) as stop_date
  from islands
  group by person_id, island
),
register_days as (
  select s.person_id, m.month_start,
    sum(least(s.stop_date, m.month_end + 1) - greatest(s.start_date, m.month_start)) as days
  from spans s
  join months m on s.start_date <= m.month_end and s.stop_date > m.month_start
  group by s.person_id, m.month_start
),
spells_on_register as (
  select sp.person_id, date_trunc('month', sp.admission_date)::date as month_start, count(*) as spells
  from spells sp
  join spans s on s.person_id = sp.person_id and sp.admission_date >= s.start_date and sp.admission_date < s.stop_date
  where sp.is_emergency
  group by sp.person_id, date_trunc('month', sp.admission_date)::date
)
select r.month_start as unit_date, r.person_id,
  coalesce(sp.spells, 0) as numerator,
  r.days as denominator
from register_days r
left join spells_on_register sp on sp.person_id = r.person_id and sp.month_start = r.month_start`;

export default defineMetric({
  id: "HOSP-05",
  name: "Emergency admissions of people on the register",
  family: "hospital_use",
  definition: {
    numerator: "Emergency spells admitted in the period on a day the person was on the palliative care register.",
    denominator: "Person-days on the register in the period / 1,000: the union of each person's register episodes, stopping at death, clipped to the period.",
    exclusions: "Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods; days after removal from the register or after death.",
    notes: [
      "A person is on the register on day T when an episode has `date_added <= T` and `date_removed` blank or after T, and they have not died on or before T. So the day of removal and the day of death are not register days, and a spell admitted on the day of death is not counted.",
      "Overlapping episodes (for example two practices) count each day once.",
      "The unit is a person-month, so quarters and rolling 12 months add up their months; numerator and denominator are raw spells and person-days, value = 1000 x spells / person-days.",
      "numerator_people counts people with a counted spell; denominator_people counts people with at least one register day in the period.",
    ],
  },
  unit: "per_1000_register_days",
  direction: "down",
  interval: "byar",
  datasets: ["register", "people", "deaths", "admissions"],
  unitDataset: "register",
  unitOfAnalysis: "person_month",
  dateBasis: "Calendar day: register days fall in the month they are spent in, and a spell in the month of its admission date.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: null,
  lookbackDays: 0,
  pointInTime: false,
  sql: HOSP_05_SQL,
  parameters: ["data_from", "data_end"],
});
