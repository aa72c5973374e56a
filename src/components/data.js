// Decoding the loaders' column-oriented JSON, and the periods the metric outputs use.

const BOOLEAN_COLUMNS = new Set(["incomplete", "provisional", "suppressed", "resubmitted", "short_group"]);

function expandRuns(runs, length) {
  const out = new Array(length);
  let i = 0;
  for (let r = 0; r < runs.length; r += 2) {
    const value = runs[r];
    for (let k = 0; k < runs[r + 1]; k++) out[i++] = value;
  }
  return out;
}

function decodeColumn(column, length) {
  if (column.dictionary) {
    const codes = column.codes ?? expandRuns(column.runs, length);
    return codes.map((code) => column.dictionary[code]);
  }
  if (column.runs) return expandRuns(column.runs, length);
  if (length === 0) return [];
  return column.text.split(",").map((s) => (s === "" ? null : Number(s)));
}

/** `{length, columns}` (see src/data/_lib/source.ts, encodeColumns) -> an array of row objects. */
export function decodeColumns(table) {
  const names = Object.keys(table.columns);
  const columns = names.map((name) => {
    const values = decodeColumn(table.columns[name], table.length);
    return BOOLEAN_COLUMNS.has(name) ? values.map((v) => v === 1 || v === true) : values;
  });
  const rows = new Array(table.length);
  for (let i = 0; i < table.length; i++) {
    const row = {};
    for (let j = 0; j < names.length; j++) row[names[j]] = columns[j][i];
    rows[i] = row;
  }
  return rows;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LONG_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

/** "2024-25-Q3" -> { fy: 2024, q: 3 } */
export function parseQuarter(period) {
  const m = /^(\d{4})-(\d{2})-Q([1-4])$/.exec(period ?? "");
  return m ? { fy: Number(m[1]), q: Number(m[3]) } : null;
}

/** First and last day of an NHS financial-year quarter, as UTC dates. */
export function quarterRange(period) {
  const p = parseQuarter(period);
  if (!p) return null;
  const startMonth = (3 + (p.q - 1) * 3) % 12; // Q1 April, Q4 January
  const year = p.q === 4 ? p.fy + 1 : p.fy;
  const start = new Date(Date.UTC(year, startMonth, 1));
  const end = new Date(Date.UTC(year, startMonth + 3, 0));
  return { start, end };
}

/** "2024-25-Q3" -> "2024-25 Q3 (Oct to Dec 2024)" */
export function quarterLabel(period, { short = false } = {}) {
  const r = quarterRange(period);
  if (!r) return period ?? "";
  const name = period.replace(/-Q/, " Q");
  if (short) return name;
  return `${name} (${MONTHS[r.start.getUTCMonth()]} to ${MONTHS[r.end.getUTCMonth()]} ${r.end.getUTCFullYear()})`;
}

/** A period of a given type, in words: a quarter, or the rolling 12 months ending with it. */
export function periodLabel(period, periodType, options) {
  if (periodType === "rolling12") {
    const r = quarterRange(period);
    if (!r) return period;
    const start = new Date(Date.UTC(r.end.getUTCFullYear(), r.end.getUTCMonth() - 11, 1));
    return `12 months ${MONTHS[start.getUTCMonth()]} ${start.getUTCFullYear()} to ${MONTHS[r.end.getUTCMonth()]} ${r.end.getUTCFullYear()}`;
  }
  if (periodType === "month") return monthLabel(period);
  return quarterLabel(period, options);
}

export function periodTypeLabel(periodType) {
  return periodType === "rolling12" ? "Rolling 12 months" : periodType === "month" ? "Month" : "Quarter";
}

/** "2024-11" -> Date (UTC, first of the month) */
export function monthDate(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m - 1, 1));
}

export function monthLabel(month) {
  const d = monthDate(month);
  return `${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** A date (ISO string or Date) in words: "30 September 2026". */
export function longDate(date) {
  if (!date) return "";
  const d = typeof date === "string" ? new Date(`${date.slice(0, 10)}T00:00:00Z`) : date;
  return `${d.getUTCDate()} ${LONG_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** The quarter containing a month ("2024-11" -> "2024-25-Q3"). */
export function quarterOfMonth(month) {
  const [y, m] = month.split("-").map(Number);
  const fy = m >= 4 ? y : y - 1;
  const q = m >= 4 ? Math.floor((m - 4) / 3) + 1 : 4;
  return `${fy}-${String((fy + 1) % 100).padStart(2, "0")}-Q${q}`;
}

/** The last month of a quarter ("2024-25-Q3" -> "2024-12"). */
export function lastMonthOfQuarter(period) {
  const r = quarterRange(period);
  return r ? `${r.end.getUTCFullYear()}-${String(r.end.getUTCMonth() + 1).padStart(2, "0")}` : null;
}

/** Does the period overlap a date window {from, to} (ISO dates)? */
export function quarterOverlaps(period, window) {
  const r = quarterRange(period);
  if (!r || !window) return false;
  const iso = (d) => d.toISOString().slice(0, 10);
  return iso(r.start) <= window.to && iso(r.end) >= window.from;
}

export function groupBy(rows, key) {
  const map = new Map();
  for (const row of rows) {
    const k = typeof key === "function" ? key(row) : row[key];
    let list = map.get(k);
    if (!list) map.set(k, (list = []));
    list.push(row);
  }
  return map;
}

/** The families in catalogue order, with their page path and title. */
export const FAMILIES = [
  { id: "place_of_death", title: "Place of death", path: "place-of-death", intro: "Where people die: in hospital, at home, in a care home or a hospice, and in their usual place of residence." },
  { id: "preferred_place", title: "Preferred place of death", path: "preferred-place", intro: "Whether people on the palliative care register had their preferred place of death recorded, and whether they died there." },
  { id: "hospital_use", title: "Hospital use and cost", path: "hospital-use", intro: "Emergency admissions and bed days in the last months of life, admissions of people on the register, and their cost." },
  { id: "identification", title: "Identification", path: "identification", intro: "How many people are identified as approaching the end of life: register size, deaths identified before death, and early identification." },
  { id: "advance_care_planning", title: "Advance care planning", path: "advance-care-planning", intro: "Advance care plans and ReSPECT forms, and named keyworkers for people on the register." },
  { id: "carers_bereavement", title: "Carers and bereavement", path: "carers-bereavement", intro: "Carers identified, assessed and supported, and bereavement contact after a death." },
  { id: "responsiveness", title: "Responsiveness", path: "responsiveness", intro: "How quickly services respond: referrals contacted by the next day, fast-track care within 48 hours, and specialist palliative care before death." },
  { id: "outcomes", title: "Outcomes", path: "outcomes", intro: "Symptom burden measured with the Integrated Palliative care Outcome Scale (IPOS)." },
  { id: "data_quality", title: "Data quality", path: null },
];

/** A family's data file in families.tar, without ".json" ("place-of-death"; the data quality family's "data-quality"). */
export function familyFileName(family) {
  return family.path ?? family.id.replace(/_/g, "-");
}

/** One metric's values and SPC series for one scaled breakdown: a member of families.tar ("place-of-death/POD-01-practice.json"). */
export function breakdownFileName(familyFile, metricId, breakdown) {
  return `${familyFile}/${metricId}-${breakdown}.json`;
}

export function familyInfo(id) {
  return FAMILIES.find((f) => f.id === id) ?? { id, title: id.replace(/_/g, " "), path: null };
}

/**
 * A link to one of the site's pages, with its .html extension, so it resolves on any static host (a plain file
 * server has no rewrite from /contract to /contract.html). observablehq.config.ts sets preserveExtension for the
 * links Framework writes; this is the same rule for the links the components write. `base` makes it relative to
 * the page that links ("./", "../").
 */
export function pageHref(path, base = "", { query = null, hash = null } = {}) {
  const search = query ? `?${new URLSearchParams(query)}` : "";
  return `${base}${path}.html${search}${hash ? `#${hash}` : ""}`;
}

/** Link from any page to a metric's family page (root-relative paths resolve against the page's base). */
export function familyHref(familyId, base = "") {
  const f = familyInfo(familyId);
  if (f.id === "data_quality") return pageHref("data-quality", base);
  return f.path ? pageHref(`families/${f.path}`, base) : null;
}
