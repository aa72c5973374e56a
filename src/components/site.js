// The site's shared data: meta, definitions and the board file, loaded once per page, and the decoding of a
// family page's own file (data/families/<path>.json, which the page names from its route parameter).
import { FileAttachment } from "observablehq:stdlib";
import { decodeColumns, groupBy, longDate } from "./data.js";
import { chartSource } from "./downloads.js";

let sitePromise = null;
let basicsPromise = null;

/** meta and definitions only (the definitions page needs no values). */
export function loadBasics() {
  basicsPromise ??= (async () => {
    const [meta, definitions] = await Promise.all([FileAttachment("../data/meta.json").json(), FileAttachment("../data/definitions.json").json()]);
    chartSource.alliance = meta.alliance;
    chartSource.asOf = longDate(meta.data_to_date);
    return { meta, definitions, byId: new Map(definitions.metrics.map((m) => [m.id, m])) };
  })();
  return basicsPromise;
}

/** meta, definitions (with a by-id map) and the board's alliance values and SPC series, decoded. */
export function loadSite() {
  sitePromise ??= (async () => {
    const [{ meta, definitions, byId }, board] = await Promise.all([loadBasics(), FileAttachment("../data/board.json").json()]);
    const values = decodeColumns(board.values);
    const spc = decodeColumns(board.spc);
    return {
      meta,
      definitions,
      byId,
      values,
      valuesByMetric: groupBy(values, "metric_id"),
      spcByMetric: groupBy(spc, "metric_id"),
    };
  })();
  return sitePromise;
}

/**
 * A family page's data file (data/families/<path>.json, a member of the families.tar loader), decoded: per metric
 * of the family, its values (quarter and rolling 12, every breakdown but the scaled ones), its SPC series (the
 * alliance and localities) and the keys of its SPC series in the scaled breakdowns. file: its FileAttachment.
 */
export async function loadFamilyData(file) {
  const data = await file.json();
  return new Map(Object.entries(data.metrics).map(([id, m]) => [id, { id, values: decodeColumns(m.values), spc: decodeColumns(m.spc), scaledSeries: m.scaled_series ?? [] }]));
}

const breakdownPromises = new Map();

/**
 * One metric's values and SPC series for one scaled breakdown (families.tar's <family>/<metric>-<breakdown>.json,
 * named as breakdownFileName names it), decoded; fetched once per page, when first asked for. files: the family
 * page's BREAKDOWN_FILES (breakdown-files.js, which only that page imports: Framework lists every file a module
 * names in each page that imports it).
 */
export function loadBreakdownFile(files, name) {
  const file = files[name];
  if (!file) return Promise.reject(new Error(`no breakdown file ${name} in breakdown-files.js`));
  if (!breakdownPromises.has(name)) breakdownPromises.set(name, file().json().then((d) => ({ values: decodeColumns(d.values), spc: decodeColumns(d.spc) })));
  return breakdownPromises.get(name);
}

let practicesPromise = null;

/** The member practices' codes and names (practices.json), fetched once, with the first practice figures. */
export function loadPractices() {
  practicesPromise ??= FileAttachment("../data/practices.json").json();
  return practicesPromise;
}

/** The quarters that have an alliance row for any metric, oldest first. */
export function quartersOf(values) {
  return [...new Set(values.filter((d) => d.period_type === "quarter").map((d) => d.period))].sort();
}
