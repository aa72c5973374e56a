// The site's shared data: meta, definitions and the board file, loaded once per page, and the per-metric files
// (data/metrics/<ID>.json, members of the metrics.tar loader) fetched only when a page shows that metric.
import { FileAttachment } from "observablehq:stdlib";
import { decodeColumns, groupBy, longDate } from "./data.js";
import { chartSource } from "./downloads.js";

/**
 * One file per catalogue metric. FileAttachment needs a literal name, so the catalogue's ids are listed here;
 * a site test checks this list against definitions.json.
 */
export const METRIC_FILES = {
  "POD-01": FileAttachment("../data/metrics/POD-01.json"),
  "POD-02": FileAttachment("../data/metrics/POD-02.json"),
  "POD-03": FileAttachment("../data/metrics/POD-03.json"),
  "POD-04": FileAttachment("../data/metrics/POD-04.json"),
  "POD-05": FileAttachment("../data/metrics/POD-05.json"),
  "PPD-01": FileAttachment("../data/metrics/PPD-01.json"),
  "PPD-02": FileAttachment("../data/metrics/PPD-02.json"),
  "HOSP-01": FileAttachment("../data/metrics/HOSP-01.json"),
  "HOSP-02": FileAttachment("../data/metrics/HOSP-02.json"),
  "HOSP-03": FileAttachment("../data/metrics/HOSP-03.json"),
  "HOSP-04": FileAttachment("../data/metrics/HOSP-04.json"),
  "HOSP-05": FileAttachment("../data/metrics/HOSP-05.json"),
  "COST-01": FileAttachment("../data/metrics/COST-01.json"),
  "ID-01": FileAttachment("../data/metrics/ID-01.json"),
  "ID-02": FileAttachment("../data/metrics/ID-02.json"),
  "ID-03": FileAttachment("../data/metrics/ID-03.json"),
  "ACP-01": FileAttachment("../data/metrics/ACP-01.json"),
  "ACP-02": FileAttachment("../data/metrics/ACP-02.json"),
  "ACP-03": FileAttachment("../data/metrics/ACP-03.json"),
  "KW-01": FileAttachment("../data/metrics/KW-01.json"),
  "CAR-01": FileAttachment("../data/metrics/CAR-01.json"),
  "CAR-02": FileAttachment("../data/metrics/CAR-02.json"),
  "CAR-03": FileAttachment("../data/metrics/CAR-03.json"),
  "BRV-01": FileAttachment("../data/metrics/BRV-01.json"),
  "RESP-01": FileAttachment("../data/metrics/RESP-01.json"),
  "RESP-02": FileAttachment("../data/metrics/RESP-02.json"),
  "SPC-01": FileAttachment("../data/metrics/SPC-01.json"),
  "PROM-01": FileAttachment("../data/metrics/PROM-01.json"),
  "DQ-01": FileAttachment("../data/metrics/DQ-01.json"),
};

export const METRIC_IDS = Object.keys(METRIC_FILES);

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

/** A metric's values (quarter and rolling 12, every breakdown) and SPC series, decoded. */
export async function loadMetric(id) {
  const file = METRIC_FILES[id];
  if (!file) throw new Error(`no data file for metric ${id}`);
  const data = await file.json();
  return { id, values: decodeColumns(data.values), spc: decodeColumns(data.spc) };
}

/** The quarters that have an alliance row for any metric, oldest first. */
export function quartersOf(values) {
  return [...new Set(values.filter((d) => d.period_type === "quarter").map((d) => d.period))].sort();
}
