import { encodeColumns, query, runLoader, siteConfig, sourcePaths, SPC_KINDS, SPC_SELECT, VALUE_KINDS, VALUE_SELECT, withPublished, writeJson } from "../../published/source.ts";

/**
 * board.json: the alliance totals of every metric for every quarter and rolling 12 months (board scorecard,
 * headlines, contract RAG), and the alliance monthly SPC series (sparklines, variation and assurance icons).
 */
runLoader(async () => {
  const paths = sourcePaths(siteConfig());
  const payload = await withPublished(paths, async (db) => ({
    values: encodeColumns(
      await query(db, `select ${VALUE_SELECT} from metric_values
        where breakdown = 'alliance' and period_type in ('quarter', 'rolling12') order by metric_id, period_type, period`),
      VALUE_KINDS,
    ),
    spc: encodeColumns(
      await query(db, `select ${SPC_SELECT} from spc where breakdown = 'alliance' order by metric_id, month`),
      SPC_KINDS,
    ),
  }));
  writeJson(payload);
});
