// Breakdowns in words: names for codes, and a sensible order for each breakdown.

export const BREAKDOWN_LABELS = {
  alliance: "Alliance",
  locality: "Locality",
  pcn: "Primary care network",
  practice: "GP practice",
  imd_quintile: "Deprivation (IMD quintile)",
  age_band: "Age band",
  sex: "Sex",
  ethnic_group: "Ethnic group",
  diagnosis_group: "Diagnosis group",
  partner: "Partner",
};

export const PLACE_BREAKDOWNS = ["locality", "pcn", "practice", "partner"];
export const EQUITY_BREAKDOWNS = ["imd_quintile", "ethnic_group", "age_band", "sex", "diagnosis_group"];
/**
 * The breakdowns whose number of groups grows with the alliance (England has about 1,250 PCNs and 6,300
 * practices, against a handful of localities): a family page's first file leaves them out, and each metric's
 * values for them are a file of their own, fetched only when the reader asks for that breakdown.
 */
export const SCALED_BREAKDOWNS = ["pcn", "practice"];

const SEX = { 1: "Male", 2: "Female", 9: "Indeterminate", X: "Not known", unknown: "Unknown" };
const ETHNIC = {
  white: "White",
  mixed: "Mixed or multiple ethnic groups",
  asian: "Asian or Asian British",
  black: "Black or Black British",
  other: "Other ethnic group",
  not_stated: "Not stated",
  unknown: "Unknown",
};
const DIAGNOSIS = {
  cancer: "Cancer",
  organ_failure: "Organ failure",
  frailty_dementia: "Frailty and dementia",
  neurological: "Neurological",
  other: "Other",
  unknown: "Unknown",
};
const IMD = { 1: "1 (most deprived)", 2: "2", 3: "3", 4: "4", 5: "5 (least deprived)", unknown: "Unknown" };

/**
 * A function naming a breakdown's values, using the alliance's own names for places and partners. The site's
 * meta.json has no practices (there are thousands nationally): a page passes them once it has fetched them.
 */
export function labeller(meta) {
  const localities = new Map(meta.localities.map((l) => [l.code, l.name]));
  const practices = new Map((meta.practices ?? []).map((p) => [p.code, p.name]));
  const partners = new Map(meta.partners.map((p) => [p.code, p.name]));
  return (breakdown, value) => {
    if (value == null) return "";
    if (value === "unknown") return "Unknown";
    switch (breakdown) {
      case "alliance":
        return "Alliance";
      case "locality":
        return localities.get(value) ?? value;
      case "practice":
        return practices.has(value) ? `${practices.get(value)} (${value})` : value;
      case "partner":
        return partners.get(value) ?? value;
      case "sex":
        return SEX[value] ?? value;
      case "ethnic_group":
        return ETHNIC[value] ?? value;
      case "diagnosis_group":
        return DIAGNOSIS[value] ?? value;
      case "imd_quintile":
        return IMD[value] ?? value;
      default:
        return value;
    }
  };
}

const ORDERS = {
  imd_quintile: ["1", "2", "3", "4", "5"],
  ethnic_group: Object.keys(ETHNIC),
  diagnosis_group: Object.keys(DIAGNOSIS),
  sex: ["1", "2", "9", "X"],
};

/** Sorts rows of one breakdown in its natural order (unknown last). */
export function sortBreakdown(rows, breakdown, label) {
  const order = ORDERS[breakdown];
  const rank = (v) => (v === "unknown" ? 1e6 : order ? (order.indexOf(v) === -1 ? 1e5 : order.indexOf(v)) : 0);
  return [...rows].sort((a, b) => rank(a.breakdown_value) - rank(b.breakdown_value) || String(label(a)).localeCompare(String(label(b)), "en-GB", { numeric: true }));
}

// ---------------------------------------------------------------------------------------------------------------
// Why a figure is empty or hidden, in words: the one place the site, the board pack and the evidence pack read
// them from (metrics' empty_reason and SPC withheld_reason codes).

/** Short reasons for an empty value (a table cell or a chart label). */
export const EMPTY_REASON_SHORT = {
  zero_denominator: "no cases in the period",
  lookback_before_data: "look-back starts before the data",
  incomplete_rolling12: "not all 12 months have data",
  follow_up_open: "too recent: follow-up time has not passed",
  missing_submission: "a partner's submission is missing (not zero)",
  suppressed: "hidden: a small number of people",
  suppressed_secondary: "hidden to protect a small number elsewhere",
};

/** What each metric with open follow-up counts, for "too recent" sentences. */
const FOLLOW_UP_UNITS = {
  "CAR-02": "carers identified",
  "CAR-03": "carers identified",
  "BRV-01": "carers of people who died",
  "RESP-01": "referrals received",
  "RESP-02": "fast-track applications made",
  "DQ-01": "hospital deaths",
};

const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "in September 2026", "in 2026-27 Q2", "in the 12 months to 2026-27 Q2" */
function inPeriod(period, periodType) {
  if (!period) return "in the period";
  if (/^\d{4}-\d{2}$/.test(period)) return `in ${monthWords(period)}`;
  const quarter = period.replace(/-Q/, " Q");
  return periodType === "rolling12" ? `in the 12 months to ${quarter}` : `in ${quarter}`;
}

function followUpWindow(days) {
  if (days === 56) return "8 weeks";
  if (days === 1) return "until the next day";
  return `${days} days`;
}

/** The hidden-cell wording: primary cells rest on few people; secondary ones protect a small number elsewhere. */
export function hiddenWords(row, disclosure) {
  const [lo, hi] = disclosure?.suppress ?? [1, 7];
  if (row?.empty_reason === "suppressed_secondary")
    return "hidden by disclosure control to protect a small number elsewhere (otherwise it could be worked out by subtraction)";
  return `hidden by disclosure control: it rests on ${lo} to ${hi} people`;
}

/**
 * Why a value is empty, as a phrase that completes "no value, because …" or stands after "No value: ".
 * definition: the metric's definitions.json entry (id, follow_up_days); row: its published row.
 */
export function emptyReasonWords(row, definition, { disclosure, periodType } = {}) {
  const reason = row?.empty_reason;
  if (row?.suppressed || reason === "suppressed" || reason === "suppressed_secondary") return hiddenWords(row, disclosure);
  if (reason === "follow_up_open") {
    const days = definition?.follow_up_days;
    const units = FOLLOW_UP_UNITS[definition?.id] ?? "cases";
    return days
      ? `too recent: ${units} ${inPeriod(row.period, periodType ?? row.period_type)} have not yet had ${followUpWindow(days)}`
      : EMPTY_REASON_SHORT.follow_up_open;
  }
  if (reason === "missing_submission") {
    const missing = row.missing_submissions ? ` (${row.missing_submissions.split(";").join(", ").replace(/:/g, " ")})` : "";
    return `an expected submission is missing${missing}, so this is not known: it is not zero`;
  }
  return EMPTY_REASON_SHORT[reason] ?? (reason ? reason.replace(/_/g, " ") : "no value reported");
}

/** Why an SPC chart shows no limits or no assurance icon. */
export const SPC_WITHHELD_WORDS = {
  too_few_cases: "too few cases for SPC: fewer than 12 points, or under 10 people a month; the values are shown without limits or icons",
  limits_out_of_date:
    "assurance not shown: the latest points sit on one side of the centre line, so the limits no longer describe the process; a recalculation is proposed",
  limits_suppressed: "limits not shown: they would reveal a month hidden to protect a small number",
};

const monthWords = (month) => (/^\d{4}-\d{2}$/.test(month ?? "") ? `${MONTHS[Number(month.slice(5, 7)) - 1]} ${month.slice(0, 4)}` : String(month ?? ""));

/**
 * An SPC recalculation the metrics run proposes (a row of spc_suggestions), in words, with the config line that
 * accepts it: "A sustained shift above the centre line from April 2023 (42 months, to September 2026) …".
 */
export function spcSuggestionWords(suggestion, { hasTarget = true } = {}) {
  const side = suggestion.side === "below" ? "below" : "above";
  const run = `${suggestion.run_points} months, to ${monthWords(suggestion.run_to)}`;
  if (suggestion.accepted_by === "keep") return `A sustained shift ${side} the centre line from ${monthWords(suggestion.month)} (${run}); the config keeps the limits as they are, with its reason.`;
  if (suggestion.accepted_by) return `A sustained shift ${side} the centre line from ${monthWords(suggestion.month)} (${run}); the config recalculates the limits at ${monthWords(suggestion.accepted_by)}.`;
  return `Proposed recalculation: a sustained shift ${side} the centre line from ${monthWords(suggestion.month)} (${run}). Until the alliance says what changed, the limits no longer describe the process${hasTarget ? " and the assurance icon is withheld" : ""}. To accept it, add this entry to spc.rebase in the alliance config, with the reason in your own words:`;
}

const LIST_WORDS = new Intl.ListFormat("en-GB", { style: "long", type: "conjunction" });

/** Words joined as a reader lists them: "a", "a and b", "a, b and c". */
export function listWords(words) {
  return LIST_WORDS.format(words);
}

/** Clipped limits, for the chart's note. */
export const LIMITS_CLIPPED_WORDS = {
  lower: "lower limit clipped at the lowest possible value",
  upper: "upper limit clipped at 100%",
  both: "limits clipped to the possible range",
};

/** Per metric, the hidden cells in words, without saying which: "12 of 9,600 figures hidden: 9 ..., 3 ...". */
export function disclosureCountWords({ cells, primary_cells: primary, secondary_cells: secondary }, disclosure) {
  const [lo, hi] = disclosure?.suppress ?? [1, 7];
  const count = (n) => Number(n).toLocaleString("en-GB");
  if (!primary && !secondary) return `none of ${count(cells)} figures hidden`;
  return `${count(primary + secondary)} of ${count(cells)} figures hidden: ${count(primary)} resting on ${lo} to ${hi} people, ${count(secondary)} hidden to protect a small number elsewhere`;
}
