import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent: on the register before death, or not. */
export const ID_02_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH}
select d.date_of_death as unit_date, d.person_id, d.partner,
  (r.person_id is not null)::integer as numerator,
  1 as denominator
from decedents d
left join registered_before_death r on r.person_id = d.person_id`;

export default defineMetric({
  id: "ID-02",
  name: "Deaths identified on the register",
  family: "identification",
  definition: {
    numerator: "Decedents on the palliative care register before death: an episode with `date_added` before `date_of_death`.",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17.",
    notes: ["An episode added on the day of death does not count; one that ended before death does."],
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
    value: 0.126,
    period: "2015",
    source: "Stow et al., BJGP 2020 (https://pmc.ncbi.nlm.nih.gov/articles/PMC7643820)",
    note: "Decedents aged 75+ in English primary care (ResearchOne).",
  },
  lookbackDays: 0,
  pointInTime: false,
  sql: ID_02_SQL,
});
