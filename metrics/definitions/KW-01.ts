import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { AS_AT_DATES, ON_REGISTER_AT } from "../shared-sql.ts";

/** Point in time: one row per person on the register at T, with a named keyworker assigned by T, or not. */
export const KW_01_SQL = `
with ${AS_AT_DATES},
${ON_REGISTER_AT}
select t as unit_date, person_id,
  keyworker_by_t::integer as numerator,
  1 as denominator
from on_register_at`;

export default defineMetric({
  id: "KW-01",
  name: "Named keyworker",
  family: "advance_care_planning",
  definition: {
    numerator: "People on the register at the period end T whose `keyworker_assigned_date` is on or before T.",
    denominator: "People on the palliative care register at T: an episode with `date_added <= T` and `date_removed` blank or after T, not died on or before T.",
    exclusions: "People not on the register at T, including those who died on or before T.",
    notes: [
      "Point in time: measured at T = the period end for every period type; a rolling-12 value is the value at its quarter's end, and the baseline is the value at `baseline.to`.",
      "The keyworker must be on an episode current at T (a keyworker of an earlier, ended episode does not count).",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["register", "people", "deaths"],
  unitDataset: "register",
  unitOfAnalysis: "register_person_at_date",
  dateBasis: "Point in time: the register at T = the last day of the period.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: null,
    source: "PHE/NEoLCIN, Palliative care co-ordination: core content (SCCI1580), item 8 'Key worker'",
    note: "A core EPaCCS item; no national figure was found.",
  },
  lookbackDays: 0,
  pointInTime: true,
  lookbackToDataFrom: true,
  sql: KW_01_SQL,
  parameters: ["data_from", "data_end", "baseline_to"],
});
