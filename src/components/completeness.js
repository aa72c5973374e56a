// Data completeness in words: how each partner's expected submissions for a quarter arrived (on time, late or
// missing), and which published figures a missing submission leaves incomplete. Plain data and text (no DOM), so
// the board pack page and the evidence-pack command say the same thing.
import { longDate, quarterLabel } from "./data.js";

const DAY = 86_400_000;

/** The contract's datasets in words (data-contract.md), for every place a submission is named. */
export const DATASET_LABELS = {
  people: "People",
  register: "Palliative care register",
  practice_list: "Practice list sizes",
  deaths: "Deaths",
  care_plans: "Care plans",
  admissions: "Hospital admissions",
  spc_contacts: "Specialist palliative care contacts",
  referrals: "Referrals",
  carers: "Carers",
  outcomes: "Outcome measures",
  fast_track: "Fast-track applications",
};

export const datasetLabel = (dataset) => DATASET_LABELS[dataset] ?? String(dataset ?? "").replace(/_/g, " ");
/** The dataset's name inside a sentence ("late: carers and outcome measures"). */
const datasetNoun = (dataset) => datasetLabel(dataset).replace(/^./, (c) => c.toLowerCase());

/** "ACUTE:2024-25-Q2;HOSPICE2:2024-25-Q1" -> [{ partner: "ACUTE", period: "2024-25-Q2" }, …] */
export function parseMissingSubmissions(text) {
  return String(text ?? "")
    .split(";")
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => {
      const [partner, period] = t.split(":");
      return { partner, period: period ?? null };
    });
}

/** Whole days between the due date and the day it arrived (positive when late), or null. */
export function daysLate(submission) {
  if (!submission.submitted || !submission.due_date) return null;
  return Math.round((Date.parse(submission.submitted) - Date.parse(submission.due_date)) / DAY);
}

const list = (items) => (items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items.at(-1)}`);
const files = (n) => `${n} ${n === 1 ? "file" : "files"}`;

/**
 * One entry per configured partner for a quarter: its expected submissions and how they arrived, with a
 * sentence. submissions: expected_submissions rows (partner, dataset, period, due_date, submitted, arrival,
 * resubmitted); partners: [{ code, name }].
 */
export function partnerCompleteness(submissions, partners, period) {
  const quarter = quarterLabel(period, { short: true });
  return partners.map((partner) => {
    const rows = submissions.filter((s) => s.partner === partner.code && s.period === period).sort((a, b) => (a.dataset < b.dataset ? -1 : 1));
    const onTime = rows.filter((s) => s.arrival === "on_time").map((s) => s.dataset);
    const late = rows.filter((s) => s.arrival === "late").map((s) => ({ dataset: s.dataset, submitted: s.submitted, due_date: s.due_date, days: daysLate(s) }));
    const missing = rows.filter((s) => s.arrival === "missing").map((s) => s.dataset);
    const resubmitted = rows.filter((s) => s.resubmitted).map((s) => s.dataset);
    const parts = [];
    if (!rows.length) parts.push(`no files expected for ${quarter}.`);
    else if (onTime.length === rows.length)
      parts.push(rows.length === 1 ? `its one expected file for ${quarter} arrived on time.` : `${rows.length === 2 ? "both" : `all ${rows.length}`} expected files for ${quarter} arrived on time.`);
    else {
      const clauses = [`${files(rows.length)} expected for ${quarter}: ${onTime.length} on time`];
      // late files grouped by the day they arrived
      const byDay = new Map();
      for (const l of late) byDay.set(l.submitted, [...(byDay.get(l.submitted) ?? []), l]);
      for (const [day, group] of byDay) {
        const days = group[0].days;
        clauses.push(`late: ${list(group.map((l) => datasetNoun(l.dataset)))} (received ${longDate(day)}${days != null ? `, ${days} ${days === 1 ? "day" : "days"} after the due date` : ""}), loaded and included`);
      }
      if (missing.length) clauses.push(`missing: ${list(missing.map(datasetNoun))}, so figures that need ${missing.length === 1 ? "it" : "them"} are marked Incomplete`);
      parts.push(`${clauses.join("; ")}.`);
    }
    if (resubmitted.length) parts.push(`Resubmitted: ${list(resubmitted.map(datasetNoun))}.`);
    return {
      code: partner.code,
      name: partner.name,
      expected: rows.length,
      onTime,
      late,
      missing,
      resubmitted,
      status: missing.length ? "missing" : late.length ? "late" : rows.length ? "on_time" : "not_expected",
      sentence: `${partner.name}: ${parts.join(" ")}`,
    };
  });
}

/**
 * The figures of a period that rest on a missing submission, one entry per metric (catalogue order):
 * rows are the published alliance rows of the period (quarter and rolling 12 months).
 */
export function incompleteFigures(rows, definitions) {
  const out = [];
  for (const definition of definitions) {
    const flagged = rows.filter((r) => r.metric_id === definition.id && r.incomplete);
    if (!flagged.length) continue;
    const missing = new Map();
    for (const r of flagged) for (const m of parseMissingSubmissions(r.missing_submissions)) missing.set(`${m.partner}:${m.period}`, m);
    out.push({
      id: definition.id,
      name: definition.name,
      periodTypes: [...new Set(flagged.map((r) => r.period_type))],
      missing: [...missing.values()].sort((a, b) => (a.period === b.period ? (a.partner < b.partner ? -1 : 1) : a.period < b.period ? -1 : 1)),
    });
  }
  return out;
}

/** One sentence for the cover: how many figures are incomplete, and which partners' submissions are behind them. */
export function completenessSummary(figures, partnerStatus, { partnerName = (c) => c, total } = {}) {
  const late = partnerStatus.filter((p) => p.late.length);
  const missingNow = partnerStatus.filter((p) => p.missing.length);
  const parts = [];
  if (!figures.length) parts.push(`Every one of the ${total} figures rests on complete partner submissions.`);
  else {
    const behind = [...new Map(figures.flatMap((f) => f.missing).map((m) => [`${m.partner}:${m.period}`, m])).values()];
    parts.push(
      `${figures.length} of the ${total} metrics ${figures.length === 1 ? "has" : "have"} an incomplete figure for this period (${figures.map((f) => f.id).join(", ")}), because ${
        behind.length ? list(behind.map((m) => `${partnerName(m.partner)}'s submission for ${(m.period ?? "").replace(/-Q/, " Q")}`)) : "an expected submission"
      } ${behind.length === 1 ? "was" : "were"} missing. They are marked Incomplete wherever they appear.`,
    );
  }
  if (missingNow.length && !figures.length) parts.push(`Missing this quarter: ${list(missingNow.map((p) => `${p.name} (${list(p.missing)})`))}.`);
  if (late.length) parts.push(`Late this quarter, but loaded and included: ${list(late.map((p) => `${p.name} (${list(p.late.map((l) => l.dataset))})`))}.`);
  return parts.join(" ");
}
