import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENT_EMERGENCY_SPELLS, DECEDENTS } from "../shared-sql.ts";

/**
 * One row per decedent: bed days of the emergency spells admitted in the last 90 days of life, each spell
 * `min(discharge_date or date_of_death, date_of_death) - admission_date` whole days.
 */
export const HOSP_04_SQL = `
with ${DECEDENTS},
${DECEDENT_EMERGENCY_SPELLS},
bed_days as (
  select person_id,
    sum(least(coalesce(discharge_date, date_of_death), date_of_death) - admission_date) as days
  from decedent_emergency_spells
  where days_before_death < 90
  group by person_id
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  coalesce(b.days, 0) as numerator,
  1 as denominator
from decedents d
left join bed_days b on b.person_id = d.person_id`;

export default defineMetric({
  id: "HOSP-04",
  name: "Emergency bed days in last 90 days of life",
  family: "hospital_use",
  definition: {
    numerator: "Bed days of the emergency spells admitted in the last 90 days of life: `min(discharge_date or date_of_death, date_of_death) - admission_date` in whole days per spell.",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17. Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods are not counted.",
    notes: [
      "A same-day spell has 0 bed days; a spell still open at death (blank discharge date) is closed at the date of death.",
      "A spell admitted within the 90 days counts all its bed days up to death, including days before the 90-day window would have started (it is not clipped: the catalogue counts bed days of the spells).",
      "Bed days are over-dispersed, so the Byar interval (which treats them as Poisson counts) is approximate; numerator_people counts decedents with at least one bed day.",
    ],
  },
  unit: "per_decedent",
  direction: "down",
  interval: "byar",
  datasets: ["deaths", "people", "admissions"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death (the look-back is the 90 days ending on the day of death; a period whose look-back starts before the data is left empty).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2016",
    source: "Marie Curie, emergency admissions in the last year of life (https://www.mariecurie.org.uk/blog/emergency-admissions-report/183441)",
    note: "No 90-day figure was found; over the last year of life decedents spent 19.35 emergency bed days (Great Britain 2016; England about 18).",
  },
  lookbackDays: 90,
  pointInTime: false,
  sql: HOSP_04_SQL,
});
