import { defineMetric, PARTNER_BREAKDOWNS } from "../definition.ts";

/** One row per spell ending in death: the person has a deaths row dated within a day of discharge, or not. */
export const DQ_01_SQL = `
select coalesce(s.discharge_date, s.admission_date) as unit_date, s.person_id, s.partner,
  coalesce(abs(d.date_of_death - s.discharge_date) <= 1, false)::integer as numerator,
  1 as denominator
from spells s
left join deaths d on d.person_id = s.person_id
where s.discharge_method = '4'`;

export default defineMetric({
  id: "DQ-01",
  name: "Hospital deaths that link",
  family: "data_quality",
  definition: {
    numerator: "Spells ending in death (`discharge_method = 4`) whose person has a `deaths` row dated within one day of the discharge date.",
    denominator: "Spells ending in death in the period, per acute partner.",
    exclusions: "None: every spell ending in death counts, emergency or not.",
    notes: [
      "A spell ending in death with a blank discharge date is placed by its admission date and does not link.",
      "Broken down by the submitting (acute) partner only.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["admissions", "deaths"],
  unitDataset: "admissions",
  unitOfAnalysis: "spell_ending_in_death",
  dateBasis: "Discharge date of the spell ending in death (admission date when the discharge date is blank).",
  breakdowns: [...PARTNER_BREAKDOWNS],
  national: null,
  lookbackDays: 0,
  pointInTime: false,
  followUpDays: 1,
  sql: DQ_01_SQL,
});
