import { defineMetric, PARTNER_BREAKDOWNS } from "../definition.ts";

/** One row per referral (less those where the person died before contact): contacted by the next day, or not. */
export const RESP_01_SQL = `
select r.received_at::date as unit_date, r.person_id, r.partner,
  coalesce(r.first_contact_at::date between r.received_at::date and r.received_at::date + 1, false)::integer as numerator,
  1 as denominator
from referrals r
where coalesce(r.outcome, '') <> 'died_before_contact'`;

export default defineMetric({
  id: "RESP-01",
  name: "Referrals contacted by the next day",
  family: "responsiveness",
  definition: {
    numerator: "Referrals received in the period whose `first_contact_at` is on the day received or the next calendar day.",
    denominator: "Referrals received in the period, less those with outcome `died_before_contact`.",
    exclusions: "Referrals where the person died before contact.",
    notes: [
      "Calendar days, not 24 hours: a referral received at 23:50 and contacted at 08:00 two days later is not in time.",
      "A referral not yet contacted (blank `first_contact_at`) counts as not in time; a later resubmission can add the contact, so recent values stay provisional.",
      "Broken down by the submitting partner only.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["referrals"],
  unitDataset: "referrals",
  unitOfAnalysis: "referral",
  dateBasis: "Date the referral was received (`received_at`).",
  breakdowns: [...PARTNER_BREAKDOWNS],
  national: {
    value: 0.92,
    period: "2024",
    source: "AIHW, Palliative care outcome measures (PCOC, Australia 2024)",
    note: "Australia, not England: 92% of episodes started on the day of, or the day after, the date ready for care (benchmark 90%). A related measure, shown for context.",
  },
  lookbackDays: 0,
  pointInTime: false,
  followUpDays: 1,
  sql: RESP_01_SQL,
});
