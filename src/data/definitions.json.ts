import { readDefinitions, runLoader, sanitiseText, siteConfig, sourcePaths, writeJson } from "./_lib/source.ts";

/**
 * definitions.json for the site: every metric's definition as the metrics step exported it, without its SQL
 * (which names the key columns), and with key column names written in words.
 */
runLoader(async () => {
  const definitions = readDefinitions(sourcePaths(siteConfig()));
  const { sql_parameters: _parameters, ...rest } = definitions;
  const metrics = definitions.metrics.map(({ sql: _sql, sql_parameters: _sqlParameters, ...metric }) => metric);
  writeJson(JSON.parse(sanitiseText(JSON.stringify({ ...rest, metrics }))));
});
