import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: any specialist palliative care contact in the last 365 days of life, or not. */
export const SPC_01_SQL = `
with ${DECEDENTS},
seen as (
  select distinct d.person_id
  from decedents d
  join spc_contacts c on c.person_id = d.person_id
    and c.contact_date > d.date_of_death - 365 and c.contact_date <= d.date_of_death
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  (s.person_id is not null)::integer as numerator,
  1 as denominator
from decedents d
left join seen s on s.person_id = d.person_id`;

export default defineMetric({
  id: "SPC-01",
  name: "Specialist palliative care before death",
  family: "responsiveness",
  definition: {
    numerator: "Decedents with any `spc_contacts` row (hospice or community specialist palliative care, any service or mode) in the last 365 days of life (`date_of_death - 365 < contact_date <= date_of_death`).",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17.",
    notes: ["Placed with the responsiveness measures (access to specialist care); a contact on the day of death counts."],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "spc_contacts"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death (the look-back is the 365 days ending on the day of death; a period whose look-back starts before the data is left empty).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: null,
    source: "OpenSAFELY end-of-life care quality (GitHub opensafely/end-of-life-carequality), specialist palliative care code list",
    note: "No national figure was found.",
  },
  lookbackDays: 365,
  pointInTime: false,
  sql: SPC_01_SQL,
});
