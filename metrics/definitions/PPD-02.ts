import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS } from "../shared-sql.ts";

/**
 * One row per decedent with a latest preferred place: the `ppod` records on the latest `recorded_date` on or
 * before death, `no_preference` dropped among them; achieved when any of them equals the place of death.
 */
export const PPD_02_SQL = `
with ${DECEDENTS},
ppod_before_death as (
  select d.person_id, d.date_of_death, d.place_of_death, c.recorded_date, c.preferred_place
  from decedents d
  join care_plans c on c.person_id = d.person_id and c.record_type = 'ppod' and c.recorded_date <= d.date_of_death
),
latest as (
  select * from ppod_before_death
  qualify recorded_date = max(recorded_date) over (partition by person_id)
),
preference as (
  select person_id, date_of_death,
    bool_or(preferred_place = place_of_death and preferred_place <> 'other') as achieved
  from latest
  where preferred_place is not null and preferred_place <> 'no_preference'
  group by person_id, date_of_death
)
select date_of_death as unit_date, person_id,
  achieved::integer as numerator,
  1 as denominator
from preference`;

export default defineMetric({
  id: "PPD-02",
  name: "Preferred place of death achieved",
  family: "preferred_place",
  definition: {
    numerator: "Decedents whose place of death equals their latest preferred place.",
    denominator: "Decedents with a latest preferred place: among the `ppod` records on the latest `recorded_date` on or before death, at least one is not `no_preference`.",
    exclusions: "Deaths of people aged 0-17; decedents with no `ppod` record before death, or whose latest records all say `no_preference`.",
    notes: [
      "Several records on the latest date: the preference is achieved if any of them (other than `no_preference`) equals the place of death.",
      "`other` never counts as achieved, even when the place of death is also `other`.",
      "An earlier stated preference does not count when the latest records say only `no_preference`.",
      "Not restricted to people on the register: any decedent with a preference counts.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "care_plans"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2013",
    source: "WISH innovation catalogue on Coordinate My Care, London (http://wish-qatar.org/innovation/innovation-catalogues/catalogue-item/catalogue-item&innovationID=18)",
    note: "79% of Coordinate My Care patients died in their preferred place (end of 2013); hospice audits report 60-80%. No England figure; context only.",
  },
  lookbackDays: 0,
  pointInTime: false,
  sql: PPD_02_SQL,
});
