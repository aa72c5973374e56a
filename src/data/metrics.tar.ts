import { checkNoKeys, encodeColumns, query, readDefinitions, runLoader, siteConfig, sourcePaths, SPC_KINDS, SPC_SELECT, VALUE_KINDS, VALUE_SELECT, withPublished } from "./_lib/source.ts";
import { tarArchive } from "./_lib/tar.ts";

/**
 * metrics.tar -> data/metrics/<ID>.json, one per metric: its quarterly and rolling-12 values for every breakdown
 * (trend, breakdown and funnel charts, tables) and its monthly SPC series for the alliance, localities and PCNs.
 * One archive so the published CSVs are read once; the family pages fetch only the metric on show.
 */
runLoader(async () => {
  const paths = sourcePaths(siteConfig());
  const ids = readDefinitions(paths).metrics.map((m) => m.id);
  const members = await withPublished(paths, async (db) => {
    // one pass over each CSV into memory tables, then a cheap filter per metric
    await db.connection.run(`create table v as select ${VALUE_SELECT} from metric_values where period_type in ('quarter', 'rolling12')`);
    await db.connection.run(`create table s as select ${SPC_SELECT} from spc`);
    const out = [];
    for (const id of ids) {
      const values = await query(db, `select * from v where metric_id = $id order by period_type, period, breakdown, breakdown_value`, { id });
      const spc = await query(db, `select * from s where metric_id = $id order by breakdown, breakdown_value, month`, { id });
      const content = JSON.stringify({ metric_id: id, values: encodeColumns(values, VALUE_KINDS), spc: encodeColumns(spc, SPC_KINDS) });
      out.push({ name: `${id}.json`, content: checkNoKeys(content, `${id}.json`) });
    }
    return out;
  });
  process.stdout.write(tarArchive(members));
});
