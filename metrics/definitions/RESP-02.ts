import { defineMetric, PARTNER_BREAKDOWNS } from "../definition.ts";

/** One row per approved fast-track application: package in place within 2 days, or not. */
export const RESP_02_SQL = `
select f.application_date as unit_date, f.person_id, f.partner,
  coalesce(f.package_start_date <= f.application_date + 2, false)::integer as numerator,
  1 as denominator
from fast_track f
where f.outcome = 'approved'`;

export default defineMetric({
  id: "RESP-02",
  name: "Fast-track care in place within 48 hours",
  family: "responsiveness",
  definition: {
    numerator: "Approved fast-track applications made in the period with `package_start_date <= application_date + 2 days`.",
    denominator: "Approved fast-track applications made in the period (`outcome = approved`).",
    exclusions: "Applications declined, pending, or where the person died before a package started.",
    notes: [
      "An approved application without a package start date counts as not in time.",
      "Broken down by the submitting partner only.",
    ],
  },
  unit: "percent",
  direction: "up",
  interval: "wilson",
  datasets: ["fast_track"],
  unitDataset: "fast_track",
  unitOfAnalysis: "application",
  dateBasis: "Date of the fast-track application (`application_date`).",
  breakdowns: [...PARTNER_BREAKDOWNS],
  national: {
    value: null,
    period: null,
    source: "DHSC, Fast Track Pathway Tool for NHS Continuing Healthcare guidance; Birmingham and Solihull ICB",
    note: "National guidance asks for care 'without delay'; 48 hours is a local ICB norm. No national figure.",
  },
  lookbackDays: 0,
  pointInTime: false,
  followUpDays: 2,
  sql: RESP_02_SQL,
});
