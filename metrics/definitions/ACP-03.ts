import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent on the register before death: a `respect` (ReSPECT form) care-plan record dated on or before death, or not. */
export const ACP_03_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH},
planned as (
  select distinct r.person_id
  from registered_before_death r
  join care_plans c on c.person_id = r.person_id and c.record_type in ('respect') and c.recorded_date <= r.date_of_death
)
select r.date_of_death as unit_date, r.person_id,
  (p.person_id is not null)::integer as numerator,
  1 as denominator
from registered_before_death r
left join planned p on p.person_id = r.person_id`;

export default defineMetric({
  id: "ACP-03",
  name: "ReSPECT form before death",
  family: "advance_care_planning",
  definition: {
    numerator: "Decedents on the register before death with a `respect` (ReSPECT form) care-plan record (from any partner) dated on or before the date of death.",
    denominator: "Decedents on the palliative care register before death: an episode with `date_added` before `date_of_death`.",
    exclusions: "Deaths of people aged 0-17; decedents never added to the register before death.",
    notes: ["Only ReSPECT records count; an advance care plan alone does not."],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "register", "care_plans"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: null,
  lookbackDays: 0,
  pointInTime: false,
  lookbackToDataFrom: true,
  sql: ACP_03_SQL,
});
