import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { AS_AT_DATES, ON_REGISTER_AT } from "../shared-sql.ts";

/** Point in time: one row per person on the register at T, with an ACP or ReSPECT record dated on or before T, or not. */
export const ACP_01_SQL = `
with ${AS_AT_DATES},
${ON_REGISTER_AT},
first_plan as (
  select person_id, min(recorded_date) as first_recorded
  from care_plans
  where record_type in ('acp', 'respect')
  group by person_id
)
select r.t as unit_date, r.person_id,
  coalesce(f.first_recorded <= r.t, false)::integer as numerator,
  1 as denominator
from on_register_at r
left join first_plan f on f.person_id = r.person_id`;

export default defineMetric({
  id: "ACP-01",
  name: "Advance care plan coverage",
  family: "advance_care_planning",
  definition: {
    numerator: "People on the register at the period end T with an `acp` or `respect` care-plan record (from any partner) dated on or before T.",
    denominator: "People on the palliative care register at T: an episode with `date_added <= T` and `date_removed` blank or after T, not died on or before T.",
    exclusions: "People not on the register at T, including those who died on or before T.",
    notes: [
      "Point in time: measured at T = the period end for every period type; a rolling-12 value is the value at its quarter's end, and the baseline is the value at `baseline.to`.",
      "A plan recorded at any time before T counts, however old.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["register", "people", "deaths", "care_plans"],
  unitDataset: "register",
  unitOfAnalysis: "register_person_at_date",
  dateBasis: "Point in time: the register and care-plan records at T = the last day of the period.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: null,
  lookbackDays: 0,
  pointInTime: true,
  lookbackToDataFrom: true,
  sql: ACP_01_SQL,
  parameters: ["data_from", "data_end", "baseline_to"],
});
