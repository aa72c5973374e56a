import { FAMILIES } from "../components/data.js";
import { checkNoKeys, encodeColumns, query, readDefinitions, runLoader, siteConfig, sourcePaths, SPC_KINDS, SPC_SELECT, VALUE_KINDS, VALUE_SELECT, withPublished } from "../../published/source.ts";
import { tarArchive } from "./_lib/tar.ts";

/**
 * families.tar -> data/families/<family path>.json, one per metric family page (src/families/[family].md, and
 * data-quality.json for the data quality page): for
 * each of the family's metrics, its quarterly and rolling-12 values for every breakdown (trend, breakdown and
 * funnel charts, tables) and its monthly SPC series for the alliance, localities and PCNs. One archive so the
 * published CSVs are read once; a family page fetches only its own family.
 */
runLoader(async () => {
  const paths = sourcePaths(siteConfig());
  const metrics = readDefinitions(paths).metrics;
  const members = await withPublished(paths, async (db) => {
    // one pass over each CSV into memory tables, then a cheap filter per family
    await db.connection.run(`create table v as select ${VALUE_SELECT} from metric_values where period_type in ('quarter', 'rolling12')`);
    await db.connection.run(`create table s as select ${SPC_SELECT} from spc`);
    const out = [];
    for (const family of FAMILIES) {
      const byMetric: Record<string, { values: unknown; spc: unknown }> = {};
      for (const { id } of metrics.filter((m) => m.family === family.id)) {
        const values = await query(db, `select * from v where metric_id = $id order by period_type, period, breakdown, breakdown_value`, { id });
        const spc = await query(db, `select * from s where metric_id = $id order by breakdown, breakdown_value, month`, { id });
        byMetric[id] = { values: encodeColumns(values, VALUE_KINDS), spc: encodeColumns(spc, SPC_KINDS) };
      }
      // the data-quality family has its own page (data-quality.md) rather than a family page
      const name = `${family.path ?? family.id.replace(/_/g, "-")}.json`;
      out.push({ name, content: checkNoKeys(JSON.stringify({ family: family.id, metrics: byMetric }), name) });
    }
    return out;
  });
  process.stdout.write(tarArchive(members));
});
