import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";

/** One row per carer (and cared-for person): assessment offered within 28 days of identification, or not. */
export const CAR_02_SQL = `
select c.identified_date as unit_date, c.person_id, c.carer_id as people_key,
  coalesce(c.assessment_offered_date - c.identified_date <= 28, false)::integer as numerator,
  1 as denominator
from carers c`;

export default defineMetric({
  id: "CAR-02",
  name: "Carer assessment offered within 28 days",
  family: "carers_bereavement",
  definition: {
    numerator: "Carers identified in the period whose `assessment_offered_date` is no more than 28 days after their `identified_date`.",
    denominator: "Carers identified in the period (`identified_date` in the period).",
    exclusions: "None.",
    notes: [
      "A carer is a (`carer_id`, `person_id`) pair of the merged `carers` table: the same carer sent by two partners is one carer, taking the earliest date of each field.",
      "A date before the identified date (possible when partners' records are merged) counts as within 28 days.",
      "Breakdowns are by the cared-for person; numerator_people and denominator_people count distinct carers.",
      "Carers identified in the last 28 days of the data have not had 28 days yet: they are left out of numerator and denominator, and a period where they are more than 10% of its carers is empty (`follow_up_open`).",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["carers", "people"],
  unitDataset: "carers",
  unitOfAnalysis: "carer",
  dateBasis: "Date the carer was identified (`identified_date`).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: null,
  lookbackDays: 0,
  pointInTime: false,
  followUpDays: 28,
  sql: CAR_02_SQL,
});
