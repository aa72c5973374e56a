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

/** A function naming a breakdown's values, using the alliance's own names for places and partners. */
export function labeller(meta) {
  const localities = new Map(meta.localities.map((l) => [l.code, l.name]));
  const practices = new Map(meta.practices.map((p) => [p.code, p.name]));
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
