import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENT_EMERGENCY_SPELLS, DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: three or more emergency spells admitted in the last 90 days of life, or not. */
export const HOSP_01_SQL = `
with ${DECEDENTS},
${DECEDENT_EMERGENCY_SPELLS},
last_90_days as (
  select person_id, count(*) as spells
  from decedent_emergency_spells
  where days_before_death < 90
  group by person_id
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  (coalesce(s.spells, 0) >= 3)::integer as numerator,
  1 as denominator
from decedents d
left join last_90_days s on s.person_id = d.person_id`;

export default defineMetric({
  id: "HOSP-01",
  name: "Three or more emergency admissions in last 90 days of life",
  family: "hospital_use",
  definition: {
    numerator: "Decedents with three or more emergency spells admitted in the last 90 days of life (`date_of_death - 90 < admission_date <= date_of_death`).",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17. Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods are not counted.",
    notes: [
      "Emergency spell: admission method 21, 22, 23, 24, 25, 2A, 2B, 2C, 2D or 28 and patient classification not 3 or 4. Spells are counted from every acute partner.",
      "A spell admitted on the day of death is in the last 90 days.",
    ],
  },
  unit: "percent",
  direction: "down",
  interval: "wilson",
  datasets: ["deaths", "people", "admissions"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death (the look-back is the 90 days ending on the day of death; a period whose look-back starts before the data is left empty).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: 0.062,
    period: "2022",
    source: "OHID, Palliative and end of life care profile December 2023 update: statistical commentary (https://www.gov.uk/government/statistics/palliative-and-end-of-life-care-profiles-december-2023-data-update)",
    note: "England; 5.6% in 2009 and 7.1% in 2021 (Nuffield Trust QualityWatch).",
  },
  lookbackDays: 90,
  pointInTime: false,
  sql: HOSP_01_SQL,
});
