import { breakdownFileName, FAMILIES, familyFileName } from "../components/data.js";
import { SCALED_BREAKDOWNS } from "../components/labels.js";
import { checkNoKeys, encodeColumns, query, readDefinitions, runLoader, siteConfig, sourcePaths, SPC_KINDS, SPC_SELECT, VALUE_KINDS, VALUE_SELECT, withPublished } from "../../published/source.ts";
import { tarArchive } from "./_lib/tar.ts";

/**
 * families.tar -> data/families/<family>.json, one per metric family page (src/families/[family].md, and
 * data-quality.json for the data quality page), and data/families/<family>/<metric>-<breakdown>.json for each
 * scaled breakdown (PCN, practice) of each metric.
 *
 * A family file holds what a page's first view needs, and stays small at any scale: for each of the family's
 * metrics, its quarterly and rolling-12 values for every breakdown but the scaled ones (trend, breakdown charts,
 * tables), its monthly SPC series for the alliance and localities, and the keys of its SPC series in the scaled
 * breakdowns (so the SPC series menu lists them before they are fetched). A breakdown file holds one metric's
 * values and SPC series for one scaled breakdown; the page fetches it when the reader chooses that breakdown,
 * that SPC series or the practices' funnel plot (src/components/breakdown-files.js lists them for Framework).
 * One archive so the published CSVs are read once.
 */
const SCALED = SCALED_BREAKDOWNS.map((b) => `'${b}'`).join(", ");

runLoader(async () => {
  const paths = sourcePaths(siteConfig());
  const metrics = readDefinitions(paths).metrics;
  const members = await withPublished(paths, async (db) => {
    // one pass over each CSV into memory tables, then a cheap filter per metric
    await db.connection.run(`create table v as select ${VALUE_SELECT} from metric_values where period_type in ('quarter', 'rolling12')`);
    await db.connection.run(`create table s as select ${SPC_SELECT} from spc`);
    const out = [];
    const member = (name: string, payload: unknown) => ({ name, content: checkNoKeys(JSON.stringify(payload), name) });
    for (const family of FAMILIES) {
      const file = familyFileName(family);
      const byMetric: Record<string, { values: unknown; spc: unknown; scaled_series: string[] }> = {};
      for (const { id, breakdowns } of metrics.filter((m) => m.family === family.id)) {
        const values = await query(db, `select * from v where metric_id = $id and breakdown not in (${SCALED}) order by period_type, period, breakdown, breakdown_value`, { id });
        const spc = await query(db, `select * from s where metric_id = $id and breakdown not in (${SCALED}) order by breakdown, breakdown_value, month`, { id });
        const series = await query<{ key: string }>(db, `select distinct breakdown || '|' || breakdown_value as key from s where metric_id = $id and breakdown in (${SCALED}) order by breakdown, breakdown_value`, { id });
        byMetric[id] = { values: encodeColumns(values, VALUE_KINDS), spc: encodeColumns(spc, SPC_KINDS), scaled_series: series.map((r) => r.key) };
        // a file for every scaled breakdown the metric has, even an empty one: the page's list of files is
        // made from the catalogue, and Framework refuses a listed file that does not exist
        for (const breakdown of SCALED_BREAKDOWNS.filter((b) => (breakdowns as string[]).includes(b))) {
          const params = { id, breakdown };
          const scaledValues = await query(db, `select * from v where metric_id = $id and breakdown = $breakdown order by period_type, period, breakdown_value`, params);
          const scaledSpc = await query(db, `select * from s where metric_id = $id and breakdown = $breakdown order by breakdown_value, month`, params);
          out.push(member(breakdownFileName(file, id, breakdown), { metric: id, breakdown, values: encodeColumns(scaledValues, VALUE_KINDS), spc: encodeColumns(scaledSpc, SPC_KINDS) }));
        }
      }
      out.push(member(`${file}.json`, { family: family.id, metrics: byMetric }));
    }
    return out;
  });
  process.stdout.write(tarArchive(members));
});
