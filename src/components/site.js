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
 * of the family, its values (quarter and rolling 12, every breakdown) and SPC series. file: its FileAttachment.
 */
export async function loadFamilyData(file) {
  const data = await file.json();
  return new Map(Object.entries(data.metrics).map(([id, m]) => [id, { id, values: decodeColumns(m.values), spc: decodeColumns(m.spc) }]));
}

/** The quarters that have an alliance row for any metric, oldest first. */
export function quartersOf(values) {
  return [...new Set(values.filter((d) => d.period_type === "quarter").map((d) => d.period))].sort();
}
