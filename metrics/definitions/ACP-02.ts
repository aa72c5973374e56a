import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent on the register before death: an `acp` or `respect` care-plan record dated on or before death, or not. */
export const ACP_02_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH},
planned as (
  select distinct r.person_id
  from registered_before_death r
  join care_plans c on c.person_id = r.person_id and c.record_type in ('acp', 'respect') and c.recorded_date <= r.date_of_death
)
select r.date_of_death as unit_date, r.person_id,
  (p.person_id is not null)::integer as numerator,
  1 as denominator
from registered_before_death r
left join planned p on p.person_id = r.person_id`;

export default defineMetric({
  id: "ACP-02",
  name: "Advance care plan before death",
  family: "advance_care_planning",
  definition: {
    numerator: "Decedents on the register before death with an `acp` or `respect` care-plan record (from any partner) dated on or before the date of death.",
    denominator: "Decedents on the palliative care register before death: an episode with `date_added` before `date_of_death`.",
    exclusions: "Deaths of people aged 0-17; decedents never added to the register before death.",
    notes: ["A plan recorded on the day of death counts."],
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
    note: "No national figure for advance care plans; 22.7% of decedents aged 75+ had preferred priorities of care recorded (2015), a related measure.",
  },
  lookbackDays: 0,
  pointInTime: false,
  lookbackToDataFrom: true,
  sql: ACP_02_SQL,
});
