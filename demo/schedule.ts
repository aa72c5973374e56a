/**
 * The submission calendar: when each partner sent each quarter (and sent it again), which quarters never
 * arrived, and which version of each file a tree "as of" a given quarter holds.
 *
 * The planned cases below do not depend on the seed, so loader and metric tests can rely on them; a few more
 * late and resubmitted quarters are drawn from the seed on top.
 */
import { addDays, parseQuarter, quartersBetween, type Quarter } from "../loaders/contract/periods.ts";
import { intBetween, uniform } from "./rand.ts";
import { DATA_FROM, FIRST_PERIOD, LAST_PERIOD, PARTNERS, type PartnerCode } from "./scales.ts";

export const DUE_DAYS = 30;

export interface Version {
  no: number;
  /** ISO date the version was sent */
  sent: string;
  /** this version carried an `nhs_number` column (a direct identifier), so the whole file is refused */
  withNhsNumber?: boolean;
}

export type SubmissionKind = "on_time" | "late" | "missing" | "resubmitted" | "late_resubmitted";

export interface Submission {
  partner: PartnerCode;
  period: string;
  quarter: Quarter;
  versions: Version[];
  kind: SubmissionKind;
  /** why: planned cases carry a note; seeded ones say "seeded" */
  note: string;
}

interface Plan {
  v1?: number;
  v2?: number;
  missing?: boolean;
  nhs?: boolean;
  note: string;
}

/** Fixed cases (delays in days after quarter end). */
export const PLANNED: Record<string, Plan> = {
  "COMMUNITY 2022-23-Q3": { missing: true, note: "never sent (system migration)" },
  "HOSPICE2 2024-25-Q1": { missing: true, note: "never sent (staff absence)" },
  "HOSPICE1 2024-25-Q3": { v1: 45, note: "late: sent 45 days after quarter end" },
  "ACUTE 2024-25-Q2": { v1: 110, note: "late: sent 110 days after quarter end" },
  "BEREAVE 2020-21-Q1": { v1: 62, note: "late: COVID-19 disruption" },
  "ACUTE 2018-19-Q2": { v1: 24, v2: 75, nhs: true, note: "first version carried an nhs_number column (refused); resubmitted clean" },
  "GPFED 2024-25-Q2": { v1: 18, v2: 160, note: "resubmitted with late-registered deaths and late entries" },
  "HOSPICE1 2025-26-Q2": { v1: 112, note: "missing at its due date; sent late with the 2025-26-Q3 batch" },
  "COMMUNITY 2024-25-Q2": { v1: 21, v2: 150, note: "resubmitted with first contacts and fast-track decisions" },
};

const ON_TIME: Record<PartnerCode, [number, number]> = {
  GPFED: [8, 22],
  ACUTE: [15, 29],
  COMMUNITY: [12, 30],
  HOSPICE1: [5, 25],
  HOSPICE2: [18, 30],
  BEREAVE: [10, 30],
};

export const DATA_END = "2026-09-30";
/** "today" for the full tree: the due date of the last quarter */
export const TODAY = addDays(DATA_END, DUE_DAYS);

export function allPeriods(): Quarter[] {
  return quartersBetween(DATA_FROM, DATA_END);
}

export function buildSchedule(seed: number): Submission[] {
  const out: Submission[] = [];
  for (const q of allPeriods()) {
    for (const p of PARTNERS) {
      // a partner that joined part-way sends nothing for the quarters before it joined
      if ("from" in p && q.end < p.from) continue;
      const key = `${p.code} ${q.label}`;
      const plan = PLANNED[key];
      const [lo, hi] = ON_TIME[p.code];
      let v1 = intBetween(seed, lo, hi, "sent", key);
      let v2: number | undefined;
      let note = "";
      let missing = false;
      let nhs = false;
      if (plan) {
        note = plan.note;
        missing = !!plan.missing;
        nhs = !!plan.nhs;
        if (plan.v1 !== undefined) v1 = plan.v1;
        v2 = plan.v2;
      } else if (q.label !== LAST_PERIOD && q.label !== FIRST_PERIOD) {
        // a few seeded late and resubmitted quarters, never beyond "today"
        if (uniform(seed, "late", key) < 0.03) {
          const d = intBetween(seed, 35, 150, "lateDays", key);
          if (addDays(q.end, d) <= TODAY) {
            v1 = d;
            note = "seeded late";
          }
        }
        if (uniform(seed, "resub", key) < 0.05) {
          const d = Math.max(v1 + 20, intBetween(seed, 60, 250, "resubDays", key));
          if (addDays(q.end, d) <= TODAY) {
            v2 = d;
            note = note ? "seeded late and resubmitted" : "seeded resubmission";
          }
        }
      }
      const versions: Version[] = missing
        ? []
        : [
            { no: 1, sent: addDays(q.end, v1), ...(nhs ? { withNhsNumber: true } : {}) },
            ...(v2 !== undefined ? [{ no: 2, sent: addDays(q.end, v2) }] : []),
          ];
      const late = !missing && v1 > DUE_DAYS;
      const kind: SubmissionKind = missing
        ? "missing"
        : v2 !== undefined
          ? late
            ? "late_resubmitted"
            : "resubmitted"
          : late
            ? "late"
            : "on_time";
      out.push({ partner: p.code, period: q.label, quarter: q, versions, kind, note: note || (kind === "on_time" ? "" : "seeded") });
    }
  }
  return out;
}

/** The last day a tree "as of" quarter P can hold: P's due date. Without asOf, "today" (the last quarter's due date). */
export function cutoffFor(asOf: string | undefined): string {
  if (!asOf) return TODAY;
  const q = parseQuarter(asOf);
  if (!q) throw new Error(`invalid as-of period '${asOf}': expected a financial-year quarter such as 2024-25-Q3`);
  return addDays(q.end, DUE_DAYS);
}

/** The version of a submission current at the cutoff, or null when nothing had been sent by then. */
export function versionAt(s: Submission, cutoff: string): Version | null {
  let v: Version | null = null;
  for (const x of s.versions) if (x.sent <= cutoff) v = x;
  return v;
}
