import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent on the register before death: any preferred-place record on or before death, or not. */
export const PPD_01_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH},
recorded as (
  select distinct r.person_id
  from registered_before_death r
  join care_plans c on c.person_id = r.person_id and c.record_type = 'ppod' and c.recorded_date <= r.date_of_death
)
select r.date_of_death as unit_date, r.person_id,
  (rec.person_id is not null)::integer as numerator,
  1 as denominator
from registered_before_death r
left join recorded rec on rec.person_id = r.person_id`;

export default defineMetric({
  id: "PPD-01",
  name: "Preferred place of death recorded",
  family: "preferred_place",
  definition: {
    numerator: "Decedents on the register before death with any `ppod` care-plan record (from any partner) dated on or before the date of death.",
    denominator: "Decedents on the palliative care register before death: an episode with `date_added` before `date_of_death`.",
    exclusions: "Deaths of people aged 0-17; decedents never added to the register before death.",
    notes: [
      "A `no_preference` record (asked, but unable or unwilling to state one) counts as recorded.",
      "On the register before death means any episode added before death, even one that ended before death.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "register", "care_plans"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2015",
    source: "Stow et al., BJGP 2020 (https://pmc.ncbi.nlm.nih.gov/articles/PMC7643820)",
    note: "13.0% of all decedents aged 75+ in primary care had a preferred place of death recorded (2015); a different denominator (all decedents, not those on the register), so shown for context only.",
  },
  lookbackDays: 0,
  pointInTime: false,
  lookbackToDataFrom: true,
  sql: PPD_01_SQL,
});
