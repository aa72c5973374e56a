import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: died in hospital or not. */
export const POD_01_SQL = `
with ${DECEDENTS}
select date_of_death as unit_date, person_id, partner,
  (place_of_death = 'hospital')::integer as numerator,
  1 as denominator
from decedents`;

export default defineMetric({
  id: "POD-01",
  name: "Deaths in hospital",
  family: "place_of_death",
  definition: {
    numerator: "Decedents whose place of death is recorded as hospital (`place_of_death = hospital`).",
    denominator: "Decedents: adults whose date of death falls in the period, whether or not they were on the palliative care register.",
    exclusions: "Deaths of people aged 0-17. A person with no `people` row counts (as an adult) and shows as unknown in every breakdown.",
    notes: ["Only 3% of bereaved relatives said the person wanted to die in hospital (VOICES 2014), hence lower is better."],
  },
  unit: "percent",
  direction: "down",
  interval: "wilson",
  datasets: ["deaths", "people"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death` (ONS and OHID publish by registration date, so values will not reconcile exactly with Fingertips).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: { value: 0.434, period: "2022", source: "OHID, Palliative and end of life care profile December 2023 update: statistical commentary (https://www.gov.uk/government/statistics/palliative-and-end-of-life-care-profiles-december-2023-data-update)", note: "England, all ages, by registration; 46.9% in 2016 (PHE) and 57.9% in 2004." },
  lookbackDays: 0,
  pointInTime: false,
  sql: POD_01_SQL,
});
