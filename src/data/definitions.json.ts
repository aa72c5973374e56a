import { publicDefinitions, runLoader, siteConfig, sourcePaths, writeJson } from "../../published/source.ts";

/**
 * definitions.json for the site: every metric's definition as the metrics step exported it, without its SQL
 * (which names the key columns), and with key column names written in words.
 */
runLoader(async () => {
  writeJson(publicDefinitions(sourcePaths(siteConfig())));
});
