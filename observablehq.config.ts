// Observable Framework configuration for the Alliance Outcomes site.
// No request may leave the origin: no Google Fonts (globalStylesheets), no observablehq.com footer link,
// and libraries are imported from node_modules, never from a CDN.
//
// The data loaders in src/data/ read the published (disclosure-controlled) outputs of the alliance config named
// in ALLIANCE_CONFIG (default data/alliance.json). Framework caches a loader's output until the loader file
// changes, not when the data change, so the cached outputs are dropped here whenever the data behind them do.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FAMILIES } from "./src/components/data.js";

const ROOT = import.meta.dirname;
const allianceConfigPath = resolve(process.env.ALLIANCE_CONFIG ?? join(ROOT, "data", "alliance.json"));
process.env.ALLIANCE_CONFIG = allianceConfigPath; // the loaders inherit the same absolute path

interface SiteSource {
  out: string | null;
  db: string | null;
  definitions: { data_to_period?: string; disclosure?: { suppress?: [number, number]; round_to?: number | null } } | null;
}

/** The config's output folder and database (relative paths resolve from the config's folder). */
function readSource(): SiteSource {
  try {
    const config = JSON.parse(readFileSync(allianceConfigPath, "utf8"));
    const base = dirname(allianceConfigPath);
    const out = resolve(base, config.paths.out);
    const db = resolve(base, config.paths.db);
    const definitionsFile = join(out, "definitions.json");
    const definitions = existsSync(definitionsFile) ? JSON.parse(readFileSync(definitionsFile, "utf8")) : null;
    return { out, db, definitions };
  } catch {
    return { out: null, db: null, definitions: null };
  }
}

const source = readSource();

/** Every file under a folder (the loaders and their shared code). */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/**
 * Drops cached loader outputs when the config, any file the loaders read, or any loader or its shared code has
 * changed since they ran. (`observable build` reuses a stale cached output rather than re-running its loader.)
 */
function invalidateLoaderCache(): void {
  const cacheDir = join(ROOT, "src", ".observablehq", "cache", "data");
  const inputs = [allianceConfigPath, ...filesUnder(join(ROOT, "src", "data")).sort(), ...filesUnder(join(ROOT, "published")).sort()];
  if (source.out) inputs.push(join(source.out, "published", "metric_values.csv"), join(source.out, "published", "spc.csv"), join(source.out, "definitions.json"));
  if (source.db) inputs.push(source.db);
  const stamp = inputs
    .map((file) => {
      const info = existsSync(file) ? statSync(file) : null;
      return `${file} ${info ? `${info.size} ${info.mtimeMs}` : "missing"}`;
    })
    .join("\n");
  const stampFile = join(ROOT, "src", ".observablehq", "cache", "alliance-data-stamp.txt");
  const previous = existsSync(stampFile) ? readFileSync(stampFile, "utf8") : null;
  if (previous === stamp) return;
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, stamp);
}

invalidateLoaderCache();

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** "2026-27-Q2" -> the last day of that quarter, written out ("30 September 2026"). */
function quarterEnd(period: string | undefined): string | null {
  const m = /^(\d{4})-\d{2}-Q([1-4])$/.exec(period ?? "");
  if (!m) return null;
  const year = Number(m[1]) + (m[2] === "4" ? 1 : 0);
  const ends = { "1": [5, 30], "2": [8, 30], "3": [11, 31], "4": [2, 31] } as const;
  const [month, day] = ends[m[2] as "1" | "2" | "3" | "4"];
  return new Date(Date.UTC(year, month, day)).toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
}

function footer(): string {
  const d = source.definitions;
  const asOf = quarterEnd(d?.data_to_period);
  const [lo, hi] = d?.disclosure?.suppress ?? [1, 7];
  const rounding = d?.disclosure?.round_to ? ` Other counts are rounded to the nearest ${d.disclosure.round_to}.` : "";
  const asOfText = asOf
    ? `Data as of ${escapeHtml(asOf)}: deaths and activity to the end of ${escapeHtml(d!.data_to_period!.replace(/-Q/, " Q"))}, by date of death or event (not registration).`
    : "Data as-of date not available: the metric outputs have not been built.";
  return `<div class="alliance-footer">
<p>${asOfText}</p>
<p>Disclosure control applied: any count, percentage or rate resting on ${lo} to ${hi} people is shown as <strong>*</strong>, and where one hidden cell could be worked out from a total the next smallest is hidden too.${rounding}</p>
<p>Alliance Outcomes: synthetic demonstration data. Built from the disclosure-controlled outputs only; no person-level data are published.</p>
</div>`;
}

/**
 * Fixes to Framework's page template that WCAG 2.2 AA needs and the config cannot set: the page language, a
 * viewport that lets people zoom, the sidebar's close control moved out of its list (a list may hold only list
 * items), a skip link, and a real, labelled menu button. Framework's sidebar toggle is a bare checkbox outside
 * every landmark, named only by a tooltip; it stays as the state the layout's CSS reads (and for mouse users on
 * a wide screen), hidden from assistive technology and the tab order, and the "Menu" button in the page header
 * (a banner landmark) drives it, saying whether the menu is open. Runs in <head>, before the page is drawn.
 */
// The favicon is a file (src/favicon.svg) that Framework copies and links from every page: a data: URI here
// is encoded a second time by Framework's head rewriting and no browser could read it.
const head = `<link rel="icon" href="favicon.svg" type="image/svg+xml">
<script>
document.documentElement.lang = "en-GB";
(function () {
  var viewport = document.querySelector('meta[name="viewport"]');
  if (viewport) viewport.setAttribute("content", "width=device-width, initial-scale=1");
  document.addEventListener("DOMContentLoaded", function () {
    var close = document.getElementById("observablehq-sidebar-close");
    if (close && close.parentElement && close.parentElement.tagName === "OL") close.parentElement.before(close);
    var main = document.getElementById("observablehq-main");
    if (main) {
      main.setAttribute("tabindex", "-1");
      var skip = document.createElement("a");
      skip.className = "skip-link";
      skip.href = "#observablehq-main";
      skip.textContent = "Skip to main content";
      document.body.prepend(skip);
    }
    var toggle = document.getElementById("observablehq-sidebar-toggle");
    var sidebar = document.getElementById("observablehq-sidebar");
    var button = document.getElementById("menu-button");
    if (toggle && sidebar && button) {
      toggle.setAttribute("aria-hidden", "true");
      toggle.setAttribute("tabindex", "-1");
      // Framework's own rule: an indeterminate toggle shows the sidebar only on a wide screen
      var wide = matchMedia("(min-width: calc(640px + 6rem + 272px))");
      var open = function () { return toggle.indeterminate ? wide.matches : toggle.checked; };
      var sync = function () { button.setAttribute("aria-expanded", String(open())); };
      button.addEventListener("click", function () {
        toggle.click();
        sync();
        if (open()) { var first = sidebar.querySelector("a"); if (first) first.focus(); }
      });
      toggle.addEventListener("change", sync);
      addEventListener("keydown", function (event) { if (event.code === "Escape") setTimeout(sync); });
      wide.addEventListener("change", sync);
      sync();
    }
  });
})();
</script>`;

/** The page header: the menu button (see head). */
const header = `<button type="button" id="menu-button" class="menu-button" aria-controls="observablehq-sidebar" aria-expanded="false"><svg width="18" height="18" viewBox="0 0 18 18" aria-hidden="true" focusable="false"><path d="M2 4h14M2 9h14M2 14h14" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>Menu</button>`;

/** The metric families with a page, in catalogue order: one parameterised page, src/families/[family].md. */
const familyPages = FAMILIES.filter((f) => f.path).map((f) => ({ name: f.title, path: `/families/${f.path}` }));

export default {
  root: "src",
  // dist/ unless ALLIANCE_SITE_OUT names another folder (the site tests build into a temporary one)
  output: process.env.ALLIANCE_SITE_OUT ?? "dist",
  title: "Alliance Outcomes",
  globalStylesheets: [],
  style: "style.css",
  head,
  header,
  footer: footer(),
  // Links end in .html, so every page resolves on any static host (python3 -m http.server, a file share, S3),
  // not only on servers that map /contract to contract.html.
  preserveExtension: true,
  search: false,
  pager: false,
  toc: false,
  // The .ts loaders run with this project's tsx, whatever PATH the build was started with.
  interpreters: { ".ts": [join(ROOT, "node_modules", ".bin", "tsx")] },
  dynamicPaths: familyPages.map((p) => p.path),
  pages: [
    { name: "Board overview", path: "/" },
    { name: "Contract metrics", path: "/contract" },
    {
      name: "Metric families",
      pages: familyPages,
    },
    { name: "Data quality", path: "/data-quality" },
    { name: "Definitions", path: "/definitions" },
    { name: "Board and evidence packs", path: "/packs" },
    { name: "Printable board pack", path: "/board-pack" },
  ],
};
