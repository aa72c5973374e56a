import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent on the register before death: first added at least 56 days before death, or not. */
export const ID_03_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH}
select date_of_death as unit_date, person_id,
  (date_of_death - first_added >= 56)::integer as numerator,
  1 as denominator
from registered_before_death`;

export default defineMetric({
  id: "ID-03",
  name: "Early identification",
  family: "identification",
  definition: {
    numerator: "Decedents first added to the register 56 days (8 weeks) or more before death (`date_of_death - first date_added >= 56`).",
    denominator: "Decedents on the palliative care register before death.",
    exclusions: "Deaths of people aged 0-17; decedents never added to the register before death.",
    notes: ["First added is the earliest `date_added` of any of the person's episodes."],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "register"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2015",
    source: "Stow et al., BJGP 2020 (https://pmc.ncbi.nlm.nih.gov/articles/PMC7643820)",
    note: "3.5% of decedents aged 75+ had been on the register for 12 months or more; no 8-week figure was found.",
  },
  lookbackDays: 0,
  pointInTime: false,
  sql: ID_03_SQL,
});
