import { query, readDefinitions, runLoader, siteConfig, sourcePaths, withAllianceDb, writeJson } from "../../published/source.ts";

/**
 * meta.json: the alliance, its partners and localities, data window, as-of dates and the disclosure rule. Every
 * page fetches it, so it lists nothing that grows with the alliance: the practices are practices.json, fetched
 * with a metric's practice figures.
 */
runLoader(async () => {
  const config = siteConfig();
  const paths = sourcePaths(config);
  const definitions = readDefinitions(paths);
  const received = await withAllianceDb(paths, (db) =>
    query<{ latest: string | null }>(db, "select strftime(max(submitted_at)::date, '%Y-%m-%d') as latest from files where status in ('loaded', 'replaced')"),
  );
  writeJson({
    alliance: config.name,
    data_from: definitions.data_from,
    data_to_period: definitions.data_to_period,
    data_to_date: (definitions.sql_parameters as { data_end?: { value?: string } } | undefined)?.data_end?.value ?? null,
    latest_submission: received[0]?.latest ?? null,
    baseline: config.baseline,
    contract: config.contract,
    due_days: config.submissions.dueDaysAfterQuarterEnd,
    disclosure: definitions.disclosure,
    empty_reasons: definitions.empty_reasons,
    date_basis: "date of death (for deaths) or of the event, not the date of registration",
    localities: config.localities,
    partners: config.partners.map((p) => ({ code: p.code, name: p.name, kind: p.kind, datasets: p.datasets, from: p.from ?? null, to: p.to ?? null })),
    targets: config.targets,
    rebase: config.rebase,
    built: new Date().toISOString().slice(0, 10),
  });
});
