import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: died in care home or not. */
export const POD_03_SQL = `
with ${DECEDENTS}
select date_of_death as unit_date, person_id, partner,
  (place_of_death = 'care_home')::integer as numerator,
  1 as denominator
from decedents`;

export default defineMetric({
  id: "POD-03",
  name: "Deaths in a care home",
  family: "place_of_death",
  definition: {
    numerator: "Decedents whose place of death is recorded as care home (`place_of_death = care_home`).",
    denominator: "Decedents: adults whose date of death falls in the period, whether or not they were on the palliative care register.",
    exclusions: "Deaths of people aged 0-17. A person with no `people` row counts (as an adult) and shows as unknown in every breakdown.",
    notes: ["A context measure: no direction is better, so no change, target or benchmark is judged better or worse."],
  },
  unit: "percent",
  direction: "context",
  interval: "wilson",
  datasets: ["deaths", "people"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death` (ONS and OHID publish by registration date, so values will not reconcile exactly with Fingertips).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: { value: 0.205, period: "2022", source: "OHID, Palliative and end of life care profile December 2023 update: statistical commentary (https://www.gov.uk/government/statistics/palliative-and-end-of-life-care-profiles-december-2023-data-update)", note: "England, all ages, by registration; 21.8% in 2016 (PHE)." },
  lookbackDays: 0,
  pointInTime: false,
  sql: POD_03_SQL,
});
