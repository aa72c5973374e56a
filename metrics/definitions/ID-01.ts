import { defineMetric, PRACTICE_BREAKDOWNS } from "../definition.ts";
import { AS_AT_DATES, ON_REGISTER_AT } from "../shared-sql.ts";

/**
 * Point in time. Two kinds of unit at each date T: one row per person on the register at T whose practice (from
 * `people`) sent a list size for T's quarter (numerator), and one row per such practice carrying its list size
 * (denominator, people without a key).
 */
export const ID_01_SQL = `
with ${AS_AT_DATES},
${ON_REGISTER_AT},
lists as (
  select a.t, l.practice_code, sum(l.list_size) as list_size
  from practice_lists l
  join config_quarters q on q.period = l.period
  join as_at_dates a on a.t between q.period_start and q.period_end
  group by a.t, l.practice_code
),
registered_at_practice as (
  select r.t, r.person_id, p.practice_code
  from on_register_at r
  join people p on p.person_id = r.person_id
)
select r.t as unit_date, r.person_id, r.practice_code,
  1 as numerator, 0 as denominator, 0 as anonymous_people
from registered_at_practice r
semi join lists l on l.t = r.t and l.practice_code = r.practice_code
union all
select t as unit_date, null as person_id, practice_code,
  0 as numerator, list_size as denominator, list_size as anonymous_people
from lists`;

export default defineMetric({
  id: "ID-01",
  name: "Palliative care register size",
  family: "identification",
  definition: {
    numerator: "People on the palliative care register at the period end T (an episode with `date_added <= T` and `date_removed` blank or after T, not died on or before T), counted at the practice their `people` row names.",
    denominator: "Registered list size of the practices that sent a `practice_list` for T's quarter.",
    exclusions: "Practices that sent no list size for T's quarter (and their register patients); people on the register with no `people` row (their practice is unknown).",
    notes: [
      "Point in time: measured at T = the period end for every period type; a rolling-12 value is the value at its quarter's end, and the baseline is the value at `baseline.to`.",
      "A month uses the list size of the quarter containing its last day.",
      "All ages, as the QOF register. Breakdowns by practice, PCN and locality only.",
      "denominator_people is the list size (people without a pseudonymised key).",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["register", "people", "deaths", "practice_list"],
  unitDataset: "register",
  unitOfAnalysis: "register_person_at_date",
  dateBasis: "Point in time: the register and list size at T = the last day of the period.",
  breakdowns: [...PRACTICE_BREAKDOWNS],
  national: {
    value: null,
    period: "2023",
    source: "Greater Manchester Secure Data Environment code set README (GitHub UoM-Data-Science-Platforms/gm-sde); Keri Thomas, Guidelines in Practice",
    note: "0.34-0.46% of list on the register (Greater Manchester, February 2023, by GP system); about 1% of the population is in its last year of life ('find your 1%').",
  },
  lookbackDays: 0,
  pointInTime: true,
  sql: ID_01_SQL,
  parameters: ["data_from", "data_end", "baseline_to"],
});
