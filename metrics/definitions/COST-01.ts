import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";
import { DECEDENT_EMERGENCY_SPELLS, DECEDENTS } from "../shared-sql.ts";

/** One row per decedent: the cost of emergency spells admitted in the last 365 days of life. */
export const COST_01_SQL = `
with ${DECEDENTS},
${DECEDENT_EMERGENCY_SPELLS},
last_year as (
  select person_id, sum(coalesce(spell_cost_gbp, $default_spell_cost::double)) as cost
  from decedent_emergency_spells
  where days_before_death < 365
  group by person_id
)
select d.date_of_death as unit_date, d.person_id, d.partner,
  coalesce(c.cost, 0) as numerator,
  1 as denominator
from decedents d
left join last_year c on c.person_id = d.person_id`;

export default defineMetric({
  id: "COST-01",
  name: "Cost of emergency admissions in last year of life",
  family: "hospital_use",
  definition: {
    numerator: "Sum of `spell_cost_gbp` of the emergency spells admitted in the last 365 days of life; a spell with no cost takes the config's default emergency spell cost (`costs.emergencySpellGbp`).",
    denominator: "Decedents: adults whose date of death falls in the period.",
    exclusions: "Deaths of people aged 0-17. Spells of regular day or night attenders (patient classification 3 or 4) and non-emergency admission methods are not counted.",
    notes: [
      "No interval and no significance judgement against the baseline (the change is shown as a ratio only); pounds are judged for disclosure by the people behind them (numerator_people: decedents with at least one costed spell).",
    ],
  },
  unit: "gbp_per_decedent",
  direction: "down",
  interval: "none",
  datasets: ["deaths", "people", "admissions"],
  unitDataset: "deaths",
  unitOfAnalysis: "decedent",
  dateBasis: "Date of death (the look-back is the 365 days ending on the day of death; a period whose look-back starts before the data is left empty).",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2016/17",
    source: "HFMA, reference cost data (https://www.hfma.org.uk/news/healthcare-finance/news-item/reference-cost-data-published); Marie Curie (2018)",
    note: "No per-decedent figure; a non-elective inpatient episode cost £1,590 (2016/17), and 1.6m emergency admissions in the last year of life cost £2.5bn in Great Britain (2016).",
  },
  lookbackDays: 365,
  pointInTime: false,
  sql: COST_01_SQL,
  parameters: ["default_spell_cost"],
});
