import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { breakdownFileNames } from "../../published/breakdown-files.ts";
import { csvCell, toCsv } from "../../src/components/csv.js";
import { decodeColumns } from "../../src/components/data.js";
import { SCALED_BREAKDOWNS } from "../../src/components/labels.js";
import { tinyAlliance } from "../helpers/tiny-alliance.ts";
import { CHROMIUM, launchBrowser, type SiteBrowser } from "./browser.ts";
import { serveStatic, type StaticServer } from "./server.ts";

/**
 * The built site, end to end: a tiny generated alliance goes through `alliance build` (ingest, metrics, site,
 * packs) into a temporary folder, which a local static server serves to Debian's chromium. Every page is opened
 * and checked for console errors, requests off the origin and axe (WCAG 2.2 AA) violations; then the board
 * table, filters, downloads and the published files themselves. The build is shared with the pack tests
 * (test/helpers/tiny-alliance.ts): builds must not overlap.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const AXE = readFileSync(join(ROOT, "node_modules", "axe-core", "axe.min.js"), "utf8");
const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
/** Waiting for a redraw: polls end as soon as they pass; the limit is only there to end a page that never redraws. */
const REDRAW = { timeout: 600_000 };

/** Every page of the site, with what shows it has finished drawing. */
const PAGES = [
  { path: "/", ready: "table[data-table=board] tr[data-metric-id]" },
  { path: "/contract.html", ready: "table[data-table=rag-grid]" },
  ...["place-of-death", "preferred-place", "hospital-use", "identification", "advance-care-planning", "carers-bereavement", "responsiveness", "outcomes"].map((p) => ({
    path: `/families/${p}.html`,
    ready: "article[data-metric] figure.chart svg",
  })),
  { path: "/data-quality.html", ready: "figure[data-chart=dq-trend] svg" },
  { path: "/definitions.html", ready: "section.metric-definition" },
  { path: "/packs.html", ready: "a[data-pack=evidence]" },
  { path: "/board-pack.html", ready: "html[data-board-pack=ready] .pack-metric figure.chart svg" },
];

let site: string;
let metricsOut: string;
let allianceConfig: string;
let server: StaticServer;
let browser: SiteBrowser;
let siteBuildSeconds: number | null = null;
let packsSeconds: number | null = null;
let totalBuildSeconds = 0;
const weights = new Map<string, { requests: number; bytes: number; data: number }>();

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: install Debian's chromium (apt-get install chromium), as .ci/run does`);
  const alliance = await tinyAlliance();
  site = alliance.site;
  metricsOut = alliance.metricsOut;
  allianceConfig = alliance.config;
  totalBuildSeconds = alliance.buildSeconds;
  siteBuildSeconds = alliance.siteSeconds;
  packsSeconds = alliance.packsSeconds;
  server = await serveStatic(site);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (weights.size) {
    const lines = [...weights].map(([path, w]) => `  ${path.padEnd(34)} ${String(w.requests).padStart(3)} requests ${(w.bytes / 1024).toFixed(0).padStart(6)} kB (data ${(w.data / 1024).toFixed(0)} kB)`);
    console.log(
      `site build (tiny data): ingest + metrics + site + packs ${totalBuildSeconds.toFixed(1)} s, site alone ${siteBuildSeconds ?? "?"} s, packs ${packsSeconds ?? "?"} s\npage weights:\n${lines.join("\n")}`,
    );
  }
});

interface Visit {
  page: Page;
  consoleErrors: string[];
  offOrigin: string[];
  bytes: number;
  requests: number;
  data: number;
  /** the path of every request, in order */
  paths: string[];
}

/** Opens a page, recording every request, console error and byte served, and waits until it has drawn. */
async function visit(path: string, ready: string): Promise<Visit> {
  const page = await browser.context.newPage();
  const v: Visit = { page, consoleErrors: [], offOrigin: [], bytes: 0, requests: 0, data: 0, paths: [] };
  page.on("console", (m) => {
    if (m.type() === "error") v.consoleErrors.push(`${m.text()} (${m.location().url})`);
  });
  page.on("pageerror", (e) => v.consoleErrors.push(`uncaught: ${e.message}`));
  page.on("request", (r) => {
    const url = r.url();
    v.requests++;
    if (url.startsWith(`${server.origin}/`)) v.paths.push(new URL(url).pathname);
    if (!url.startsWith(`${server.origin}/`) && !url.startsWith("data:") && !url.startsWith("blob:")) v.offOrigin.push(url);
  });
  page.on("requestfailed", (r) => v.consoleErrors.push(`request failed: ${r.url()} ${r.failure()?.errorText ?? ""}`));
  page.on("response", async (r) => {
    if (r.status() >= 400) v.consoleErrors.push(`HTTP ${r.status()} ${r.url()}`);
    const length = Number(r.headers()["content-length"] ?? 0);
    v.bytes += length;
    if (r.url().includes("/_file/")) v.data += length;
  });
  await page.goto(`${server.origin}${path}`, { waitUntil: "networkidle", timeout: 0 });
  // no time limit on drawing, but a page that fails to draw says why at once instead of waiting for ever
  const drawn = page.locator(ready).first().waitFor({ state: "attached", timeout: 0 });
  drawn.catch(() => undefined); // once the page is closed after a failure, its wait ends too: not an error
  let poll: NodeJS.Timeout | undefined;
  const failed = new Promise<never>((_, reject) => {
    poll = setInterval(() => v.consoleErrors.length && reject(new Error(`${path} did not draw ${ready}: ${v.consoleErrors.join("; ")}`)), 250);
  });
  try {
    await Promise.race([drawn, failed]);
  } finally {
    clearInterval(poll);
  }
  await page.waitForLoadState("networkidle");
  return v;
}

async function axeViolations(page: Page) {
  // open every <details> so the tables inside are checked too
  await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
  await page.addScriptTag({ content: AXE });
  const result = await page.evaluate(async (tags) => {
    // @ts-expect-error axe is injected above
    return await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
  }, AXE_TAGS);
  return (result as { violations: { id: string; help: string; nodes: { target: string[] }[] }[] }).violations.map(
    (v) => `${v.id}: ${v.help} at ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`,
  );
}

describe("every page of the built site", () => {
  it.each(PAGES)("$path: no console errors, nothing off the origin, no axe violations, footer and date basis", async ({ path, ready }) => {
    const v = await visit(path, ready);
    try {
      expect(v.consoleErrors, "console errors").toEqual([]);
      expect(v.offOrigin, "requests to another origin").toEqual([]);
      expect(await axeViolations(v.page), "axe violations (WCAG 2.2 AA)").toEqual([]);
      const footer = await v.page.locator("#observablehq-footer").innerText();
      expect(footer).toMatch(/Data as of \d{1,2} \w+ \d{4}/);
      expect(footer).toMatch(/Disclosure control applied: .*1 to 7 people .*\*/s);
      expect(await v.page.locator("main").innerText()).toMatch(/date of death, not date of registration/);
      weights.set(path, { requests: v.requests, bytes: v.bytes, data: v.data });
      // a skip link first, to the main content
      const skip = v.page.locator("a.skip-link");
      expect(await skip.getAttribute("href")).toBe("#observablehq-main");
      expect(await v.page.evaluate(() => document.body.firstElementChild?.classList.contains("skip-link"))).toBe(true);
      // every link resolves as a plain static host serves it (the test server rewrites nothing)
      const hrefs = await v.page.evaluate(() => [...document.querySelectorAll("a[href]")].map((a) => (a as HTMLAnchorElement).href));
      for (const href of new Set(hrefs.filter((h) => h.startsWith(server.origin)).map((h) => h.split("#")[0]!))) {
        const status = (await fetch(href, { method: "HEAD" })).status;
        expect(status, `${href} linked from ${path}`).toBe(200);
      }
    } finally {
      await v.page.close();
    }
  });

  it.each(PAGES)("$path at 390 px: nothing wider than the screen, no axe violations, a labelled menu button that opens the menu", async ({ path, ready }) => {
    const v = await visit(path, ready);
    try {
      await v.page.setViewportSize({ width: 390, height: 844 });
      await v.page.waitForFunction(() => innerWidth === 390);
      const overflow = await v.page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      expect(overflow, "horizontal page overflow at 390 px").toBeLessThanOrEqual(0);
      // narrow, links wrap into running text (axe's link-in-text-block), so the phone layout is checked as well
      expect(await axeViolations(v.page), "axe violations at 390 px (WCAG 2.2 AA)").toEqual([]);
      const menu = v.page.getByRole("button", { name: "Menu", exact: true });
      expect(await menu.isVisible()).toBe(true);
      await expect.poll(() => menu.getAttribute("aria-expanded"), REDRAW).toBe("false");
      await menu.click();
      await expect.poll(() => menu.getAttribute("aria-expanded"), REDRAW).toBe("true");
      await v.page.locator("#observablehq-sidebar a", { hasText: "Contract metrics" }).waitFor({ state: "visible", timeout: 0 });
    } finally {
      await v.page.close();
    }
  });
});

function publishedValues(): Record<string, string>[] {
  return parse(readFileSync(join(metricsOut, "published", "metric_values.csv")), { columns: true, bom: true });
}

function catalogueIds(): string[] {
  const definitions = JSON.parse(readFileSync(join(metricsOut, "definitions.json"), "utf8"));
  return definitions.metrics.map((m: { id: string }) => m.id);
}

describe("board overview", () => {
  it("lists every catalogue metric, grouped by family, each with RAG, variation and assurance in words", async () => {
    const v = await visit("/", PAGES[0]!.ready);
    try {
      const ids = await v.page.locator("table[data-table=board] tr[data-metric-id]").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-metric-id")));
      expect(ids).toHaveLength(29);
      expect(new Set(ids)).toEqual(new Set(catalogueIds()));
      // the family data files (one per family page, and the data quality page's) hold every catalogue metric once
      const familyFiles = familyDataFiles();
      const held = familyFiles.flatMap((f) => Object.keys(JSON.parse(readFileSync(f, "utf8")).metrics));
      expect(held).toHaveLength(29);
      expect(new Set(held)).toEqual(new Set(catalogueIds()));
      const text = await v.page.locator("table[data-table=board]").innerText();
      for (const family of ["Place of death", "Hospital use and cost", "Carers and bereavement", "Data quality"]) expect(text).toContain(family);
      expect(text).toMatch(/Common cause|Special cause/);
      expect(text).toMatch(/Green|Amber|Red|No target/);
      // headlines are written from the data
      const headlines = await v.page.locator("main").innerText();
      expect(headlines).toMatch(/(rose|fell) from [\d.£,]+%? .*at baseline to [\d.£,]+%?, a significant (improvement|deterioration)/);
    } finally {
      await v.page.close();
    }
  });

  it("puts what needs attention and the Making Data Count matrix first, every metric once in the matrix", async () => {
    const v = await visit("/", PAGES[0]!.ready);
    try {
      const order = await v.page.evaluate(() => [...document.querySelectorAll("main h2")].map((h) => h.textContent ?? ""));
      expect(order[0]).toMatch(/^Needs attention/);
      expect(order[1]).toBe("Making Data Count summary");
      const inMatrix = await v.page.locator("table[data-table=mdc-matrix] td .metric-id").allTextContents();
      expect([...inMatrix].sort()).toEqual([...catalogueIds()].sort());
      // each matrix entry opens its metric on the family page for the quarter
      const href = await v.page.locator("table[data-table=mdc-matrix] td a").first().getAttribute("href");
      expect(href).toMatch(/^\.\/(families\/[a-z-]+|data-quality)\.html(\?metric=[A-Z]+-\d{2}&period=\d{4}-\d{2}-Q\d)?$/);
      // each metric that needs attention says why in words
      const items = v.page.locator("ul.attention > li");
      for (let i = 0; i < (await items.count()); i++) expect((await items.nth(i).locator("li.reason").allTextContents()).join(" ")).toMatch(/\w{4,}.*\./);
      // a rate carries its unit in the cell, and "No target" is text, not a badge
      const table = await v.page.locator("table[data-table=board]").innerText();
      expect(table).toMatch(/\d\.\d\d per decedent/);
      expect(await v.page.locator("table[data-table=board] .rag-none").count()).toBe(0);
    } finally {
      await v.page.close();
    }
  });

  it("keeps the chosen quarter in the address, so a shared link opens the same quarter", async () => {
    const v = await visit("/", PAGES[0]!.ready);
    try {
      const select = v.page.getByRole("combobox", { name: "Quarter", exact: true });
      const value = await select.locator("option").nth(3).getAttribute("value");
      const label = await select.locator("option").nth(3).innerText();
      await select.selectOption({ index: 3 });
      // the address names the chosen quarter ("2025-26-Q3" for the option "2025-26 Q3 (Oct to Dec 2025)")
      const chosen = label.split(" (")[0]!.replace(" ", "-");
      await expect.poll(() => new URL(v.page.url()).searchParams.get("period"), REDRAW).toBe(chosen);
      const shared = v.page.url();
      const caption = await v.page.locator("table[data-table=board] caption").innerText();
      const again = await visit(new URL(shared).pathname + new URL(shared).search, PAGES[0]!.ready);
      try {
        expect(await again.page.getByRole("combobox", { name: "Quarter", exact: true }).inputValue()).toBe(value);
        expect(await again.page.locator("table[data-table=board] caption").innerText()).toBe(caption);
      } finally {
        await again.page.close();
      }
    } finally {
      await v.page.close();
    }
  });

  it("a different quarter redraws the scorecard", async () => {
    const v = await visit("/", PAGES[0]!.ready);
    try {
      const caption = () => v.page.locator("table[data-table=board] caption").innerText();
      const before = await caption();
      const select = v.page.getByRole("combobox", { name: "Quarter", exact: true });
      const options = await select.locator("option").allTextContents();
      await select.selectOption({ index: 4 });
      await expect.poll(caption, REDRAW).not.toBe(before);
      expect(await caption()).toContain(options[4]!.split(" (")[0]!);
    } finally {
      await v.page.close();
    }
  });
});

describe("a metric family page", () => {
  const ready = "article[data-metric] figure.chart svg";
  /** The requests for PCN or practice figures: a metric's breakdown file, or the practices' names. */
  const scaledRequests = (v: Visit) => v.paths.filter((p) => /^\/_file\/data\/families\/[^/]+\/|^\/_file\/data\/practices\./.test(p));

  it("fetches no PCN or practice figures at first load; choosing the practice breakdown fetches that metric's and shows them", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      expect(scaledRequests(v), "requests for PCN or practice figures at first load").toEqual([]);
      expect(await v.page.locator("section[data-funnel=on-request]").count()).toBe(1);
      await v.page.getByRole("combobox", { name: "Breakdown by place" }).selectOption({ label: "GP practice" });
      const block = v.page.locator("[data-table-block=breakdown-table]");
      await expect.poll(async () => (await block.locator("caption").innerText()).includes("by GP practice"), REDRAW).toBe(true);
      expect(scaledRequests(v).map((p) => p.replace(/\.[0-9a-f]{8}\.json$/, ".json")).sort()).toEqual(["/_file/data/families/place-of-death/POD-01-practice.json", "/_file/data/practices.json"]);
      // every practice the published file has for the period, named as the alliance config names it
      const quarter = await v.page.getByRole("combobox", { name: "Quarter" }).evaluate((s) => (s as HTMLSelectElement).selectedOptions[0]!.textContent!);
      const period = quarter.split(" (")[0]!.replace(" ", "-");
      const published = publishedValues().filter((r) => r.metric_id === "POD-01" && r.period_type === "quarter" && r.period === period && r.breakdown === "practice");
      expect(published.length).toBeGreaterThan(1);
      expect(await block.locator("tbody tr").count()).toBe(published.length);
      const names = new Map<string, string>(JSON.parse(readFileSync(allianceConfig, "utf8")).practices.map((p: { code: string; name: string }) => [p.code, p.name]));
      const tableText = await block.locator("tbody").innerText();
      for (const r of published) expect(tableText).toContain(`${names.get(r.breakdown_value)} (${r.breakdown_value})`);
      // with the practices' figures at hand the funnel plot is drawn at once
      await v.page.locator("figure[data-chart=funnel] svg[role=img]").waitFor({ timeout: 0 });
    } finally {
      await v.page.close();
    }
  });

  it("lists the PCNs' SPC series before fetching them, and fetches that metric's PCN file when one is chosen", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      const series = v.page.getByRole("combobox", { name: "SPC series" });
      const pcnOption = (await series.locator("option").allTextContents()).find((t) => t.startsWith("Primary care network: "));
      expect(pcnOption, "a PCN series in the SPC series menu").toBeTruthy();
      expect(scaledRequests(v)).toEqual([]);
      await series.selectOption({ label: pcnOption! });
      // the chart, or the note saying every month of that series is hidden, names the PCN series
      await expect.poll(() => v.page.locator("article[data-metric]").innerText(), REDRAW).toMatch(/(monthly SPC chart|No monthly values to chart) for primary care network /);
      expect(scaledRequests(v).map((p) => p.replace(/\.[0-9a-f]{8}\.json$/, ".json"))).toEqual(["/_file/data/families/place-of-death/POD-01-pcn.json"]);
    } finally {
      await v.page.close();
    }
  });

  it("draws the funnel plot of practices when asked for, fetching only that metric's practice file", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      await v.page.getByRole("button", { name: "Show the funnel plot of practices" }).click();
      await v.page.locator("figure[data-chart=funnel] svg[role=img]").waitFor({ timeout: 0 });
      expect(await v.page.locator("section[data-funnel=on-request]").count()).toBe(0);
      expect(scaledRequests(v).map((p) => p.replace(/\.[0-9a-f]{8}\.json$/, ".json")).sort()).toEqual(["/_file/data/families/place-of-death/POD-01-practice.json", "/_file/data/practices.json"]);
    } finally {
      await v.page.close();
    }
  });

  it("redraws the breakdown chart when the breakdown filter changes, using the keyboard", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      const figure = v.page.locator("figure[data-chart=breakdown]");
      const labels = () => figure.locator("svg[role=img] text").allTextContents();
      const before = await labels();
      expect(before.join(" ")).toMatch(/North Mid-Shire|Eastbridge/);
      expect(await figure.locator(".chart-title").innerText()).toContain("by locality");
      // keyboard only: focus the select, move to the next option
      const select = v.page.getByRole("combobox", { name: "Breakdown by place" });
      await select.focus();
      await v.page.keyboard.press("ArrowDown");
      await expect.poll(async () => await figure.locator(".chart-title").innerText(), REDRAW).toContain("primary care network");
      const after = await labels();
      expect(after).not.toEqual(before);
      expect(after.join(" ")).toMatch(/[A-Z]+-PCN-\d/);
      // and the figure's text alternative follows the chart
      const svg = figure.locator("svg[role=img]");
      const described = await svg.getAttribute("aria-describedby");
      expect(await v.page.locator(`[id="${described}"]`).innerText()).toMatch(/groups/);
    } finally {
      await v.page.close();
    }
  });

  it("switches metric and SPC series, and shows Making Data Count icons with words", async () => {
    const v = await visit("/families/hospital-use.html", ready);
    try {
      // Inputs.select's option values are indices: choose by the visible label
      await v.page.getByRole("combobox", { name: "Metric", exact: true }).selectOption({ label: "Any emergency admission in last 90 days of life (HOSP-02)" });
      await v.page.locator("article[data-metric=HOSP-02] figure[data-chart=spc] svg[role=img]").waitFor({ timeout: 0 });
      const spcText = await v.page.locator("article[data-metric=HOSP-02]").innerText();
      // the limits are drawn and labelled where the published series has them; where disclosure control hid
      // them (a tiny alliance's months rest on few people), the chart says so instead of drawing nothing silently
      const spcRows: Record<string, string>[] = parse(readFileSync(join(metricsOut, "published", "spc.csv")), { columns: true, bom: true });
      const latest = spcRows.filter((r) => r.metric_id === "HOSP-02" && r.breakdown === "alliance" && r.value !== "").at(-1);
      if (latest?.centre) {
        expect(spcText).toMatch(/Mean /);
        expect(spcText).toMatch(/Upper limit|Lower limit/);
      } else expect(spcText).toMatch(/No mean or process limits/);
      const definition = JSON.parse(readFileSync(join(metricsOut, "definitions.json"), "utf8")).metrics.find((m: { id: string }) => m.id === "HOSP-02");
      if (definition.target) {
        expect(spcText).toMatch(new RegExp(`Target ${Math.round(definition.target.target * 100)}`));
        expect(spcText).toMatch(/Consistently passing|Consistently failing|Hit and miss|Assurance withheld|No assurance: /);
        expect(spcText).not.toMatch(/No target/);
      }
      expect(spcText).toMatch(/Common cause|Special cause/);
      const title = () => v.page.locator("figure[data-chart=spc] .chart-title").innerText();
      await v.page.getByRole("combobox", { name: "SPC series" }).selectOption({ index: 1 });
      await expect.poll(title, REDRAW).toMatch(/locality/);
    } finally {
      await v.page.close();
    }
  });

  it("downloads the breakdown table as CSV with the published rows, * for suppressed values", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      await v.page.getByRole("combobox", { name: "Breakdown by place" }).selectOption({ label: "GP practice" });
      const block = v.page.locator("[data-table-block=breakdown-table]");
      await expect.poll(async () => (await block.locator("caption").innerText()).includes("by GP practice"), REDRAW).toBe(true);
      const domRows = await block.locator("tbody tr").count();
      const [download] = await Promise.all([v.page.waitForEvent("download"), block.getByRole("button", { name: /Download CSV/ }).click()]);
      expect(download.suggestedFilename()).toMatch(/\.csv$/);
      const text = readFileSync((await download.path())!, "utf8");
      const rows: Record<string, string>[] = parse(text, { columns: true, bom: true });
      expect(rows.length).toBe(domRows);
      expect(rows.length).toBeGreaterThan(0);
      const { metric_id, period_type, period } = rows[0]!;
      expect(metric_id).toBe("POD-01");
      // the same rows as the published (disclosure-controlled) file
      const published = publishedValues().filter((r) => r.metric_id === metric_id && r.period_type === period_type && r.period === period && r.breakdown === "practice");
      expect(new Set(rows.map((r) => r.breakdown_value))).toEqual(new Set(published.map((r) => r.breakdown_value)));
      for (const row of rows) {
        const p = published.find((r) => r.breakdown_value === row.breakdown_value)!;
        if (p.suppressed === "true") {
          expect(row.value).toBe("*");
          expect(row.numerator).toBe("*");
        } else if (p.value === "") {
          expect(row.value).toBe("");
          expect(row.empty_reason).toBe(p.empty_reason);
        } else expect(Number(row.value)).toBeCloseTo(Number(p.value), 4);
      }
      // suppressed cells read * with the reason, never 0
      const suppressedCells = block.locator(".suppressed-value");
      if (published.some((r) => r.suppressed === "true")) {
        expect(await suppressedCells.count()).toBeGreaterThan(0);
        expect(await suppressedCells.first().innerText()).toMatch(/^\*[\s\S]*disclosure control/);
      }
    } finally {
      await v.page.close();
    }
  });

  it("downloads a chart as SVG and as PNG", async () => {
    const v = await visit("/families/place-of-death.html", ready);
    try {
      const figure = v.page.locator("figure[data-chart=spc]");
      const [svgDownload] = await Promise.all([v.page.waitForEvent("download"), figure.getByRole("button", { name: /Download SVG/ }).click()]);
      const svg = readFileSync((await svgDownload.path())!, "utf8");
      expect(svg).toMatch(/^<\?xml/);
      expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
      expect(svg).toMatch(/>Mean( [\d.]+%)?<\/text>/);
      // it stands alone: title, period and unit, key, source and as-of, and ARIA that points inside the file
      const title = await figure.locator(".chart-title").innerText();
      expect(svg).toContain(`>${title}</text>`);
      expect(svg).toMatch(/>Monthly, \w{3} \d{4} to \w{3} \d{4}; per cent/);
      expect(svg).toContain(">Common cause variation</text>");
      expect(svg).toMatch(/>Source: .*partner exports/);
      expect(svg).toMatch(/>Data as of \d{1,2} \w+ \d{4}/);
      const labelledBy = /<svg [^>]*aria-labelledby="([^"]+)"/.exec(svg)?.[1]?.split(" ") ?? [];
      expect(labelledBy.length).toBeGreaterThan(0);
      for (const id of labelledBy) expect(svg, `id ${id}`).toContain(`id="${id}"`);
      expect(svgDownload.suggestedFilename()).toMatch(/^[a-z0-9-]+[a-z0-9]\.svg$/);
      const [pngDownload] = await Promise.all([v.page.waitForEvent("download"), figure.getByRole("button", { name: /Download PNG/ }).click()]);
      const png = readFileSync((await pngDownload.path())!);
      expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      expect(png.length).toBeGreaterThan(5_000);
    } finally {
      await v.page.close();
    }
  });
});

describe("the packs page", () => {
  it("links a printable board pack for every quarter with data, each opening that quarter", async () => {
    const v = await visit("/packs.html", PAGES.find((p) => p.path === "/packs.html")!.ready);
    try {
      const quarters = [...new Set(publishedValues().filter((r) => r.period_type === "quarter" && r.breakdown === "alliance").map((r) => r.period))].sort();
      const links = await v.page.locator("a[data-pack-period]").evaluateAll((as) => as.map((a) => [a.getAttribute("data-pack-period"), a.getAttribute("href")]));
      expect(links.map(([q]) => q).sort()).toEqual(quarters);
      for (const [q, href] of links) expect(href).toBe(`./board-pack.html?period=${q}`);
      expect(await v.page.locator("main").innerText()).toMatch(/print it or save it as PDF/);
      const pack = await visit(`/board-pack.html?period=${quarters[2]}`, "html[data-board-pack=ready]");
      try {
        expect(await pack.page.locator(".board-pack").getAttribute("data-period")).toBe(quarters[2]);
      } finally {
        await pack.page.close();
      }
    } finally {
      await v.page.close();
    }
  });
});

describe("the board CSV download", () => {
  it("has one row per catalogue metric", async () => {
    const v = await visit("/", PAGES[0]!.ready);
    try {
      const block = v.page.locator("[data-table-block=board]");
      const [download] = await Promise.all([v.page.waitForEvent("download"), block.getByRole("button", { name: /Download CSV/ }).click()]);
      const rows: Record<string, string>[] = parse(readFileSync((await download.path())!, "utf8"), { columns: true, bom: true });
      expect(rows.map((r) => r.metric_id).sort()).toEqual([...catalogueIds()].sort());
    } finally {
      await v.page.close();
    }
  });
});

/** The family pages' first files (and the data quality page's): data/families/<family>.json, not the breakdown files. */
function familyDataFiles(): string[] {
  const folder = join(site, "_file", "data", "families");
  return readdirSync(folder, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(folder, e.name));
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("the published files (dist)", () => {
  it("carry no person or carer key, and no key column name", () => {
    const files = filesUnder(site);
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = readFileSync(file, "latin1");
      const where = relative(site, file);
      expect(text, where).not.toMatch(/\b(?:pk|ck)_[0-9A-Za-z]{6,}/);
      expect(text, where).not.toMatch(/person_id|carer_id/);
    }
  });

  it("refer to no other origin in their pages, scripts and styles (only SVG namespaces)", () => {
    for (const file of filesUnder(site).filter((f) => [".html", ".js", ".css"].includes(extname(f)))) {
      const urls = readFileSync(file, "utf8").match(/https?:\/\/[^\s"'`)<>]+/g) ?? [];
      expect(urls.filter((u) => !u.startsWith("http://www.w3.org/")), relative(site, file)).toEqual([]);
    }
  });

  it("keep PCNs and practices out of every family page's first file, each metric's in files of its own", () => {
    for (const file of familyDataFiles()) {
      for (const [id, m] of Object.entries(JSON.parse(readFileSync(file, "utf8")).metrics) as [string, { values: never; spc: never }][]) {
        const breakdowns = new Set([...decodeColumns(m.values), ...decodeColumns(m.spc)].map((r: { breakdown: string }) => r.breakdown));
        for (const b of SCALED_BREAKDOWNS) expect(breakdowns.has(b), `${relative(site, file)} ${id} ${b}`).toBe(false);
      }
    }
    // exactly the files breakdown-files.js lists, each holding its own metric and breakdown
    const folder = join(site, "_file", "data", "families");
    const files = filesUnder(folder).filter((f) => !familyDataFiles().includes(f));
    const names = files.map((f) => relative(folder, f).replace(/\.[0-9a-f]{8}\.json$/, ".json"));
    expect(names.sort()).toEqual([...breakdownFileNames()].sort());
    for (const [i, f] of files.entries()) {
      const { metric, breakdown } = JSON.parse(readFileSync(f, "utf8"));
      expect(names[i]).toMatch(new RegExp(`/${metric}-${breakdown}\\.json$`));
    }
    // and meta.json, which every page fetches, lists no practice
    const meta = filesUnder(join(site, "_file", "data")).find((f) => /\/meta\.[0-9a-f]{8}\.json$/.test(f))!;
    expect(JSON.parse(readFileSync(meta, "utf8")).practices).toBeUndefined();
  });

  it("keep every page's data lean", () => {
    const data = filesUnder(join(site, "_file")).map((f) => ({ f: relative(site, f), size: statSync(f).size }));
    for (const { f, size } of data) expect(size, f).toBeLessThan(2_000_000);
  });
});

describe("CSV cells are safe to open in Excel", () => {
  it("escapes a cell that would start a formula and is not a number", () => {
    expect(csvCell("=SUM(A1:A9)")).toBe("'=SUM(A1:A9)");
    expect(csvCell("+44 20 7946 0000")).toBe("'+44 20 7946 0000");
    expect(csvCell("-cmd|' /C calc'!A0")).toBe("'-cmd|' /C calc'!A0");
    expect(csvCell("@HYPERLINK(\"x\")")).toBe(`"'@HYPERLINK(""x"")"`);
    expect(csvCell("\tTAB")).toBe("'\tTAB");
    expect(csvCell("-0.25")).toBe("-0.25");
    expect(csvCell("+3")).toBe("+3");
    expect(csvCell(-0.0123)).toBe("-0.0123");
    expect(csvCell("1e-5")).toBe("1e-5");
    expect(csvCell("North, East")).toBe('"North, East"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(true)).toBe("true");
  });

  it("writes a header, CRLF lines and a byte-order mark", () => {
    const text = toCsv([{ a: "=1+1", b: 2 }], [{ key: "a", label: "A" }, { key: "b", label: "B" }]);
    expect(text).toBe("\ufeffA,B\r\n'=1+1,2\r\n");
  });
});
