import { querySubmissions, ruleOfMessage } from "../../published/quality.ts";
import { encodeColumns, query, runLoader, sanitiseText, siteConfig, sourcePaths, withAllianceDb, withPublished, writeJson } from "../../published/source.ts";

/**
 * data-quality.json: aggregates only, never a row or a key.
 *  - submissions: every expected submission (partner x dataset x quarter) with how it arrived and its row counts
 *  - reasons: rejected rows per partner, quarter, dataset, field and rule (the message with any echoed value
 *    taken out), the top reasons of each partner and quarter
 *  - refused: files refused whole, with the reason (which never echoes an identifier)
 *  - incomplete: for each missing submission (PARTNER:QUARTER), the metrics and periods it leaves incomplete
 *  - disclosure: per metric, the published cells and how many disclosure control hides, primary and secondary
 */

const TOP_REASONS = 5;

runLoader(async () => {
  const config = siteConfig();
  const paths = sourcePaths(config);
  const fromDb = await withAllianceDb(paths, async (db) => {
    const submissions = await querySubmissions(db);
    const reasons = await query<Record<string, unknown> & { field: string; rule: string }>(
      db,
      `with issues as (
         select f.partner, f.period, f.dataset, i.field, ${ruleOfMessage("i.message")} as rule,
           i.file_id, i.row_no
         from row_issues i join files f using (file_id)
         where i.severity = 'error' and i.row_no > 0
       ),
       counted as (
         select partner, period, dataset, field, rule, count(distinct (file_id, row_no))::double as rows
         from issues group by all
       )
       select * from counted
       qualify row_number() over (partition by partner, period order by rows desc, dataset, field, rule) <= ${TOP_REASONS}
       order by partner, period, rows desc`,
    );
    const refused = await query(
      db,
      `select partner, period, dataset, reason, strftime(submitted_at::date, '%Y-%m-%d') as submitted
       from files where status = 'refused' order by partner, period, dataset`,
    );
    return {
      submissions,
      reasons: reasons.map((r) => ({ ...r, field: sanitiseText(r.field ?? ""), rule: sanitiseText(r.rule) })),
      refused,
    };
  });

  const incomplete = await withPublished(paths, (db) =>
    query(
      db,
      `with tokens as (
         select metric_id, period_type, period, unnest(string_split(missing_submissions, ';')) as submission
         from metric_values
         where breakdown = 'alliance' and incomplete and period_type in ('quarter', 'rolling12') and missing_submissions is not null
       )
       select trim(submission) as submission, period_type, string_agg(distinct metric_id, ';' order by metric_id) as metrics,
         string_agg(distinct period, ';' order by period) as periods
       from tokens group by all order by submission, period_type`,
    ),
  );

  // Per metric, how many published cells disclosure control hides and why: counts only, never which cells.
  const disclosure = await withPublished(paths, (db) =>
    query(
      db,
      `select metric_id, count(*)::double as cells,
         count(*) filter (where empty_reason = 'suppressed')::double as primary_cells,
         count(*) filter (where empty_reason = 'suppressed_secondary')::double as secondary_cells
       from metric_values group by metric_id order by metric_id`,
    ),
  );

  writeJson({
    partners: config.partners.map((p) => ({ code: p.code, name: p.name, kind: p.kind, datasets: p.datasets })),
    submissions: encodeColumns(fromDb.submissions as unknown as Record<string, unknown>[], {
      partner: "string", dataset: "string", period: "string", due_date: "string", submitted: "string", arrival: "string",
      resubmitted: "boolean", rows_read: "count", rows_loaded: "count", rows_rejected: "count", refused_files: "count",
    }),
    reasons: fromDb.reasons,
    refused: fromDb.refused.map((r) => ({ ...r, reason: sanitiseText(String((r as { reason: unknown }).reason ?? "")) })),
    incomplete,
    disclosure,
  });
});
