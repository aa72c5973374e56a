import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENT_EMERGENCY_SPELLS, DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: the number of emergency spells admitted in the last 365 days of life. */
export const HOSP_03_SQL = `
with ${DECEDENTS},
${DECEDENT_EMERGENCY_SPELLS},
last_year as (
  select person_id, count(*) as spells
  from decedent_emergency_spells
  where days_before_death < 365
  group by person_id
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  coalesce(s.spells, 0) as numerator,
  1 as denominator
from decedents d
left join last_year s on s.person_id = d.person_id`;

export default defineMetric({
  id: "HOSP-03",
  name: "Emergency admissions in last year of life",
  family: "hospital_use",
  definition: {
    numerator: "Emergency spells admitted in the last 365 days of life of each decedent (`date_of_death - 365 < admission_date <= date_of_death`).",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17. Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods are not counted.",
    notes: [
      "The interval treats the spell count as Poisson (Byar's method, exact below 10 spells); numerator_people counts decedents with at least one spell.",
    ],
  },
  unit: "per_decedent",
  direction: "down",
  interval: "byar",
  datasets: ["deaths", "people", "admissions"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death (the look-back is the 365 days ending on the day of death; a period whose look-back starts before the data is left empty).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: 2.92,
    period: "2016",
    source: "Marie Curie, emergency admissions in the last year of life (https://www.mariecurie.org.uk/blog/emergency-admissions-report/183441)",
    note: "Great Britain; the denominator behind 2.92 may be decedents with at least one admission, so the figure is likely higher than ours would be.",
  },
  lookbackDays: 365,
  pointInTime: false,
  sql: HOSP_03_SQL,
});
