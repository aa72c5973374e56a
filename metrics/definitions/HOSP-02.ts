import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENT_EMERGENCY_SPELLS, DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: any emergency spell admitted in the last 90 days of life, or not. */
export const HOSP_02_SQL = `
with ${DECEDENTS},
${DECEDENT_EMERGENCY_SPELLS},
last_90_days as (
  select distinct person_id
  from decedent_emergency_spells
  where days_before_death < 90
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  (s.person_id is not null)::integer as numerator,
  1 as denominator
from decedents d
left join last_90_days s on s.person_id = d.person_id`;

export default defineMetric({
  id: "HOSP-02",
  name: "Any emergency admission in last 90 days of life",
  family: "hospital_use",
  definition: {
    numerator: "Decedents with at least one emergency spell admitted in the last 90 days of life (`date_of_death - 90 < admission_date <= date_of_death`).",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17. Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods are not counted.",
    notes: ["A spell admitted on the day of death is in the last 90 days."],
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
    value: null,
    period: null,
    source: "BMC Palliative Care 2022 (https://bmcpalliatcare.biomedcentral.com/articles/10.1186/s12904-022-00927-2/tables/2)",
    note: "Used as an indicator of potentially inappropriate end-of-life care; no England figure was found.",
  },
  lookbackDays: 90,
  pointInTime: false,
  sql: HOSP_02_SQL,
});
