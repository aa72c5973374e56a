import { defineMetric, PERSON_BREAKDOWNS } from "../definition.ts";

/**
 * One row per IPOS episode (partner, episode_id) with IPOS at two or more assessments: last IPOS total lower than
 * the first, or not. First and last are ordered by (assessment_date, assessment_id); the episode belongs to the
 * period of its last IPOS, and episodes whose last IPOS is in the last 30 days of the data wait for the next run.
 */
export const PROM_01_SQL = `
with scored as (
  select partner, episode_id, person_id, assessment_id, assessment_date, ipos_total,
    row_number() over (partition by partner, episode_id order by assessment_date, assessment_id) as from_first,
    row_number() over (partition by partner, episode_id order by assessment_date desc, assessment_id desc) as from_last
  from outcomes
  where ipos_total is not null
),
episodes as (
  select partner, episode_id, count(*) as scored_assessments,
    max(case when from_last = 1 then person_id end) as person_id,
    max(case when from_last = 1 then assessment_date end) as last_date,
    max(case when from_first = 1 then ipos_total end) as first_ipos,
    max(case when from_last = 1 then ipos_total end) as last_ipos
  from scored
  group by partner, episode_id
)
select last_date as unit_date, person_id, partner,
  (last_ipos < first_ipos)::integer as numerator,
  1 as denominator
from episodes
where scored_assessments >= 2 and last_date <= $data_end::date - 30`;

export default defineMetric({
  id: "PROM-01",
  name: "Symptom burden improved (IPOS)",
  family: "outcomes",
  definition: {
    numerator: "Episodes whose last IPOS total is lower than their first.",
    denominator: "Episodes of specialist care (partner, `episode_id`) whose last IPOS falls in the period, with a non-blank IPOS total at two or more assessments.",
    exclusions: "Episodes with fewer than two IPOS scores; episodes whose last IPOS is in the last 30 days of the data (left for the next run).",
    notes: [
      "First and last IPOS are the first and last non-blank `ipos_total` ordered by (`assessment_date`, `assessment_id`); an unchanged score is not an improvement.",
      "The episode belongs to the period of its last IPOS (the catalogue's 'last assessment' read as the last scored assessment).",
      "Breakdowns are by the person cared for (the episode's person at its last IPOS).",
      "Patient-reported outcomes are to be agreed with commissioners: treat as provisional.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["outcomes", "people"],
  unitDataset: "outcomes",
  unitOfAnalysis: "ipos_episode",
  dateBasis: "Date of the episode's last IPOS assessment.",
  breakdowns: [...PERSON_BREAKDOWNS],
  national: {
    value: null,
    period: "2024",
    source: "AIHW, Palliative care outcome measures (PCOC, Australia 2024)",
    note: "Not comparable: in Australia about 50-54% of phases starting with moderate or severe fatigue, breathing or family/carer problems improved.",
  },
  lookbackDays: 0,
  pointInTime: false,
  sql: PROM_01_SQL,
  parameters: ["data_end"],
});
