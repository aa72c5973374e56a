import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS, REGISTERED_BEFORE_DEATH } from "../shared-sql.ts";

/** One row per decedent on the register before death: a carer identified on or before death, or not. */
export const CAR_01_SQL = `
with ${DECEDENTS},
${REGISTERED_BEFORE_DEATH},
with_carer as (
  select distinct r.person_id
  from registered_before_death r
  join carers c on c.person_id = r.person_id and c.identified_date <= r.date_of_death
)
select r.date_of_death as unit_date, r.person_id,
  (w.person_id is not null)::integer as numerator,
  1 as denominator
from registered_before_death r
left join with_carer w on w.person_id = r.person_id`;

export default defineMetric({
  id: "CAR-01",
  name: "Carer identified before death",
  family: "carers_bereavement",
  definition: {
    numerator: "Decedents on the register before death with a `carers` row (from any partner) whose `identified_date` is on or before the date of death.",
    denominator: "Decedents on the palliative care register before death: an episode with `date_added` before `date_of_death`.",
    exclusions: "Deaths of people aged 0-17; decedents never added to the register before death.",
    notes: ["The same carer sent by two partners is one carer, with the earliest identified date (core model)."],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "register", "carers"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death: a decedent falls in the month, quarter and rolling 12 months containing `date_of_death`.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: null,
    source: "RCGP / Marie Curie Daffodil Standards, standard 3 (carer support before and after death)",
    note: "Availability of carer support is a mandatory EPaCCS item; no national figure was found.",
  },
  lookbackDays: 0,
  pointInTime: false,
  lookbackToDataFrom: true,
  sql: CAR_01_SQL,
});
