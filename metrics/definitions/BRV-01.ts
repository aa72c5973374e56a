import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENTS } from "../shared-sql.ts";

/** One row per carer of a decedent identified on or before the death: bereavement contact within 8 weeks, or not. */
export const BRV_01_SQL = `
with ${DECEDENTS}
select d.date_of_death as unit_date, d.person_id, c.carer_id as people_key,
  coalesce(c.bereavement_contact_date between d.date_of_death and d.date_of_death + 56, false)::integer as numerator,
  1 as denominator
from decedents d
join carers c on c.person_id = d.person_id and c.identified_date <= d.date_of_death`;

export default defineMetric({
  id: "BRV-01",
  name: "Bereavement contact within 8 weeks",
  family: "carers_bereavement",
  definition: {
    numerator: "Carers of decedents whose `bereavement_contact_date` is from the date of death to 56 days after it (inclusive).",
    denominator: "Carers of decedents (adults whose date of death falls in the period) identified on or before the date of death.",
    exclusions: "Carers identified after the death; carers of people aged 0-17.",
    notes: [
      "Breakdowns are by the decedent; numerator_people and denominator_people count distinct carers.",
      "Carers of people who died in the last 56 days of the data have not had 8 weeks yet: they are left out of numerator and denominator, and a period where they are more than 10% of its carers is empty (`follow_up_open`).",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["deaths", "people", "carers"],
  unitDataset: "deaths",
  unitOfAnalysis: "carer_of_decedent",
  dateBasis: "Date of death of the person cared for.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: null,
    source: "RCGP / Marie Curie Daffodil Standards, standards 3 and 7 (care after death)",
    note: "No national figure was found.",
  },
  lookbackDays: 0,
  pointInTime: false,
  followUpDays: 56,
  sql: BRV_01_SQL,
});
