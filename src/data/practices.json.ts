import { runLoader, siteConfig, writeJson } from "../../published/source.ts";

/**
 * practices.json: the member practices' codes and names, for naming them in a metric's practice breakdown and
 * funnel plot. A file of its own (not in meta.json) because England has about 6,300: a page fetches it only with
 * a metric's practice figures.
 */
runLoader(async () => {
  writeJson(siteConfig().practices.map((p) => ({ code: p.code, name: p.name })));
});
