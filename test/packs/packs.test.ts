import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { basename, join, relative } from "node:path";
import { parse } from "csv-parse/sync";
import JSZip from "jszip";
import { getDocumentProxy } from "unpdf";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { periodLabel, quarterLabel } from "../../src/components/data.js";
import { tempDir } from "../helpers/exports.ts";
import { type TinyAlliance, tinyAlliance } from "../helpers/tiny-alliance.ts";

/**
 * Both pack commands end to end on the tiny alliance the site tests build (its `build` also put the latest
 * quarter's packs in the site): the PDF's pages, text, contents and `*` cells; the evidence pack's CSVs
 * against the published metric_values and spc, its charts, statements and ZIP; and the refusals that write
 * nothing. The period is chosen from the data: the latest quarter with both a hidden and an incomplete
 * alliance figure, so the checks for `*` and "incomplete" have something to bite on.
 */

const ROOT = join(import.meta.dirname, "..", "..");
const HIDDEN_COLUMNS = ["numerator", "denominator", "numerator_people", "denominator_people", "value", "ci_lower", "ci_upper", "change", "change_lower", "change_upper", "change_assessment", "benchmark_assessment"];
const KEY = /\b(?:pk|ck)_[0-9A-Za-z]{6,}|person_id|carer_id/;

type Row = Record<string, string>;

let alliance: TinyAlliance;
let published: Row[];
let publishedSpc: Row[];
let definitions: { id: string; name: string }[];
let period: string;
let work: string;

function alliance_(args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", join(ROOT, "cli", "main.ts"), ...args, "--config", alliance.config], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: "true", ALLIANCE_SITE_OUT: alliance.site },
  });
  return { status: result.status, stderr: result.stderr, seconds: 0 };
}

function timed(args: string[]) {
  const started = Date.now();
  const result = alliance_(args);
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

const readCsv = (path: string): Row[] => parse(readFileSync(path), { columns: true, bom: true });
const key = (r: Row) => `${r.period_type}|${r.period}|${r.breakdown}|${r.breakdown_value}`;
const squash = (text: string) => text.replace(/\s+/g, " ");
const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * How full each page is: from the top of the printable area (16 mm margins, where the running header and footer
 * sit) down to the lowest line of text on it, as a share of the printable height. Charts count through their
 * axis labels, which are text.
 */
async function pageFill(path: string): Promise<number[]> {
  const doc = await getDocumentProxy(new Uint8Array(readFileSync(path)));
  const fills: number[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const page = await doc.getPage(i);
    const [, , , height] = page.view;
    const margin = (16 / 25.4) * 72;
    const top = height! - margin;
    const ys = (await page.getTextContent()).items
      .map((item: { str?: string; transform?: number[] }) => (item.str?.trim() && item.transform ? item.transform[5]! : null))
      .filter((y: number | null): y is number => y != null && y > margin && y < top);
    fills.push(ys.length ? (top - Math.min(...ys)) / (top - margin) : 0);
  }
  await doc.destroy();
  return fills;
}

/** Every page's text, in reading order, with runs of white space made single spaces. */
async function pdfPages(path: string): Promise<string[]> {
  const doc = await getDocumentProxy(new Uint8Array(readFileSync(path)));
  const pages: string[] = [];
  for (let i = 1; i <= doc.numPages; i++) {
    const content = await (await doc.getPage(i)).getTextContent();
    pages.push(squash(content.items.map((item: { str?: string; hasEOL?: boolean }) => (item.str !== undefined ? `${item.str}${item.hasEOL ? "\n" : " "}` : "")).join("")));
  }
  await doc.destroy();
  return pages;
}

/** The published cell as a pack must show it: `*` where disclosure control emptied it. */
function expected(row: Row, column: string): string {
  return row.suppressed === "true" && HIDDEN_COLUMNS.includes(column) && row[column] === "" ? "*" : row[column]!;
}

beforeAll(async () => {
  alliance = await tinyAlliance();
  published = readCsv(join(alliance.metricsOut, "published", "metric_values.csv")).filter((r) => r.period_type === "quarter" || r.period_type === "rolling12");
  publishedSpc = readCsv(join(alliance.metricsOut, "published", "spc.csv")).filter((r) => r.breakdown === "alliance");
  definitions = JSON.parse(readFileSync(join(alliance.metricsOut, "definitions.json"), "utf8")).metrics;
  const allianceRows = published.filter((r) => r.breakdown === "alliance");
  const quarters = [...new Set(allianceRows.filter((r) => r.period_type === "quarter").map((r) => r.period))].sort();
  const has = (q: string, test: (r: Row) => boolean) => allianceRows.some((r) => r.period === q && test(r));
  period = quarters.filter((q) => has(q, (r) => r.suppressed === "true") && has(q, (r) => r.incomplete === "true")).at(-1)!;
  work = tempDir("alliance-packs-");
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe("board-pack", () => {
  let pdf: string;
  let pages: string[];
  let run: ReturnType<typeof timed>;

  beforeAll(async () => {
    expect(period, "a quarter with hidden and incomplete alliance figures").toBeTruthy();
    pdf = join(work, "board.pdf");
    run = timed(["board-pack", "--period", period, "--out", pdf]);
    if (run.status !== 0) throw new Error(`board-pack exited ${run.status}: ${run.stderr}`);
    pages = await pdfPages(pdf);
    console.log(`board-pack on the tiny alliance: ${pages.length} pages in ${run.seconds.toFixed(1)} s`);
  });

  it("is an A4 PDF whose page count the command reports and every footer states", async () => {
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe("%PDF-");
    const reported = Number(/board-pack: (\d+) pages/.exec(run.stderr)?.[1]);
    expect(pages.length).toBe(reported);
    // cover, summary, a page per metric, KPIs, completeness and the definitions
    expect(pages.length).toBeGreaterThanOrEqual(definitions.length + 6);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain(`Page ${i + 1} of ${pages.length}`));
    const doc = await getDocumentProxy(new Uint8Array(readFileSync(pdf)));
    const [, , width, height] = (await doc.getPage(1)).view;
    // A4 is 595 x 842 points (chromium rounds its page size up to whole pixels)
    expect(Math.abs(width! - 595.3)).toBeLessThan(1.5);
    expect(Math.abs(height! - 841.9)).toBeLessThan(1.5);
    await doc.destroy();
  });

  it("has no near-blank page, the Making Data Count matrix on one page and the scorecard in at most two", async () => {
    const fills = await pageFill(pdf);
    console.log(`board-pack page fill: ${fills.map((f) => `${Math.round(f * 100)}%`).join(" ")}`);
    fills.forEach((fill, i) => expect(fill, `page ${i + 1} of ${fills.length} is ${Math.round(fill * 100)}% full`).toBeGreaterThanOrEqual(0.25));
    const start = (title: string) => pages.findIndex((p) => p.includes(title) && !p.includes("Contents"));
    // the matrix whole on one page: its caption, every row and its note
    const matrix = start("Making Data Count summary: variation and assurance");
    expect(matrix).toBeGreaterThan(0);
    for (const text of ["Special cause: concern", "Special cause: improvement", "Common cause variation", "No SPC", "Rows: the variation icon"]) expect(pages[matrix], text).toContain(text);
    // the scorecard's rows on at most two pages
    const scorecard = start("Board scorecard:");
    const firstFamily = start("4. Place of death");
    expect(scorecard).toBeGreaterThanOrEqual(matrix);
    expect(firstFamily - scorecard, "scorecard pages").toBeLessThanOrEqual(2);
    for (const m of definitions) expect(pages.slice(scorecard, firstFamily).join(" "), m.id).toContain(m.id);
  });

  it("names the alliance, the period and the production date, and every metric", () => {
    const all = pages.join(" ");
    const meta = JSON.parse(readFileSync(alliance.config, "utf8"));
    expect(pages[0]).toContain(meta.name);
    expect(pages[0]).toContain(`Palliative and end-of-life care outcomes: ${quarterLabel(period)}`);
    pages.forEach((text, i) => expect(text, `page ${i + 1}`).toContain(`Board pack: ${quarterLabel(period)}`));
    expect(pages[0]).toMatch(/Produced \d{1,2} \w+ \d{4}/);
    for (const m of definitions) expect(all, m.id).toContain(`${m.name} ${m.id}`);
  });

  it("has contents whose page numbers point at each section", () => {
    const sections = ["1. Summary: what needs attention", "2. Making Data Count summary", "3. Scorecard", "4. Place of death", "Contract KPIs", "Data completeness", "Appendix: Definitions"];
    for (const title of sections) {
      const m = new RegExp(`${escapeRegExp(title)} (\\d+)`).exec(pages[0]!);
      expect(m, `contents entry ${title}`).toBeTruthy();
      const page = Number(m![1]);
      expect(pages[page - 1], `${title} on page ${page}`).toContain(title);
    }
  });

  it("shows every hidden alliance figure of the period as *, and every other as its value", () => {
    const quarter = quarterLabel(period);
    const rolling = `Rolling ${periodLabel(period, "rolling12")}`;
    let hidden = 0;
    for (const m of definitions) {
      const page = pages.find((p) => p.includes(`${m.name}: alliance figures for ${quarterLabel(period, { short: true })}`));
      expect(page, `${m.id} has its page`).toBeTruthy();
      for (const [periodType, label] of [
        ["quarter", `Quarter ${quarter}`],
        ["rolling12", rolling],
      ] as const) {
        const row = published.find((r) => r.metric_id === m.id && r.breakdown === "alliance" && r.period_type === periodType && r.period === period)!;
        const star = new RegExp(`${escapeRegExp(label)} \\*`).test(page!);
        expect(star, `${m.id} ${periodType} (suppressed ${row.suppressed})`).toBe(row.suppressed === "true");
        if (row.suppressed === "true") hidden++;
      }
      // and in the Making Data Count table
      const quarterRow = published.find((r) => r.metric_id === m.id && r.breakdown === "alliance" && r.period_type === "quarter" && r.period === period)!;
      if (quarterRow.suppressed === "true") expect(pages.slice(1, 8).join(" "), `${m.id} in the summary`).toMatch(new RegExp(`${escapeRegExp(`${m.name} ${m.id}`)} \\*`));
    }
    expect(hidden, "the chosen period has hidden alliance figures").toBeGreaterThan(0);
  });

  it("says which figures are incomplete and whose submission was missing", () => {
    const incomplete = [...new Set(published.filter((r) => r.breakdown === "alliance" && r.period === period && r.incomplete === "true").map((r) => r.metric_id))];
    expect(incomplete.length).toBeGreaterThan(0);
    expect(pages[0]).toMatch(new RegExp(`${incomplete.length} of the ${definitions.length} metrics ha(s|ve) an incomplete figure for this period \\(${escapeRegExp(incomplete.join(", "))}\\)`));
    const completeness = pages.find((p) => /\d+\. Data completeness/.test(p) && p.includes("Figures marked Incomplete in this pack"))!;
    expect(completeness).toBeTruthy();
    for (const id of incomplete) expect(completeness).toContain(id);
    expect(completeness).toMatch(/was missing|were missing/);
    expect(run.stderr).toMatch(/board-pack: \d+ metric\(s\) with an incomplete figure \(missing submissions [A-Z0-9]+:\d{4}-\d{2}-Q\d/);
  });

  it("carries no person or carer key", () => {
    expect(pages.join(" ")).not.toMatch(KEY);
  });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

describe("evidence-pack", () => {
  let out: string;
  let run: ReturnType<typeof timed>;

  beforeAll(() => {
    out = join(work, `evidence-${period}`);
    run = timed(["evidence-pack", "--period", period, "--out", out]);
    if (run.status !== 0) throw new Error(`evidence-pack exited ${run.status}: ${run.stderr}`);
    console.log(`evidence-pack on the tiny alliance (every metric): ${run.seconds.toFixed(1)} s`);
  });

  it("has a folder per metric (every metric by default) with CSVs, charts, statement, definition, sources, and a README", () => {
    expect(readdirSync(out).filter((f) => statSync(join(out, f)).isDirectory()).sort()).toEqual(definitions.map((m) => m.id).sort());
    for (const m of definitions)
      for (const f of ["breakdowns.csv", "series.csv", "spc-monthly.csv", "statement.md", "definition.md", "sources.md"]) expect(existsSync(join(out, m.id, f)), `${m.id}/${f}`).toBe(true);
    const readme = readFileSync(join(out, "README.md"), "utf8");
    expect(readme).toContain("## How to cite it");
    expect(readme).toContain(quarterLabel(period));
    expect(readme).toMatch(/synthetic demonstration data/);
  });

  it("writes each metric's published rows for the period exactly, hidden cells as *", () => {
    let hidden = 0;
    for (const m of definitions) {
      const rows = readCsv(join(out, m.id, "breakdowns.csv"));
      const source = published.filter((r) => r.metric_id === m.id && r.period === period);
      expect(rows.map(key).sort(), m.id).toEqual(source.map(key).sort());
      const byKey = new Map(rows.map((r) => [key(r), r]));
      for (const p of source) {
        const r = byKey.get(key(p))!;
        for (const column of Object.keys(p)) expect(r[column], `${m.id} ${key(p)} ${column}`).toBe(expected(p, column));
        if (p.suppressed === "true") {
          expect(r.value).toBe("*");
          hidden++;
        }
      }
    }
    expect(hidden, "the period has hidden cells").toBeGreaterThan(0);
  });

  it("writes the alliance series up to the period, the monthly SPC points and a summary, all as published", () => {
    for (const m of definitions) {
      const series = readCsv(join(out, m.id, "series.csv"));
      const source = published.filter((r) => r.metric_id === m.id && r.breakdown === "alliance" && r.period <= period);
      expect(series.map(key).sort(), m.id).toEqual(source.map(key).sort());
      for (const r of series) {
        const p = source.find((s) => key(s) === key(r))!;
        for (const column of Object.keys(p)) expect(r[column], `${m.id} ${key(p)} ${column}`).toBe(expected(p, column));
      }
      const spc = readCsv(join(out, m.id, "spc-monthly.csv"));
      const last = published.find((r) => r.metric_id === m.id && r.period === period)!.period_end.slice(0, 7);
      const spcSource = publishedSpc.filter((r) => r.metric_id === m.id && r.month <= last);
      expect(spc.map((r) => r.month), m.id).toEqual(spcSource.map((r) => r.month));
      spc.forEach((r, i) => expect(r.value, `${m.id} ${r.month}`).toBe(spcSource[i]!.value === "" ? "*" : spcSource[i]!.value));
    }
    const summary = readCsv(join(out, "summary.csv"));
    expect(summary).toHaveLength(definitions.length * 2);
    for (const r of summary) {
      const p = published.find((s) => s.metric_id === r.metric_id && key(s) === key(r))!;
      expect(r.value, `${r.metric_id} ${r.period_type}`).toBe(expected(p, "value"));
    }
  });

  it("has the charts as SVG and PNG, a statement in plain English, and sources that name incomplete figures", () => {
    let charts = 0;
    for (const m of definitions) {
      for (const name of ["spc-chart", "trend-chart"]) {
        const svg = join(out, m.id, `${name}.svg`);
        if (!existsSync(svg)) continue;
        charts++;
        expect(readFileSync(svg, "utf8")).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
        const png = readFileSync(join(out, m.id, `${name}.png`));
        expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
      }
      const statement = readFileSync(join(out, m.id, "statement.md"), "utf8");
      const quarter = published.find((r) => r.metric_id === m.id && r.breakdown === "alliance" && r.period_type === "quarter" && r.period === period)!;
      if (quarter.suppressed === "true") expect(statement).toMatch(/hidden by disclosure control \(\*\)/);
      else if (quarter.value !== "" && quarter.ci_lower !== "") expect(statement).toMatch(/95% confidence interval/);
      if (quarter.change_assessment === "improved" || quarter.change_assessment === "worse") expect(statement).toMatch(/statistically significant/);
      const sources = readFileSync(join(out, m.id, "sources.md"), "utf8");
      if (quarter.incomplete === "true") expect(sources).toMatch(/\*\*incomplete\*\*: the submissions? expected from .* missing/);
    }
    expect(charts).toBeGreaterThanOrEqual(definitions.length);
  });

  it("zips the same files beside the folder", async () => {
    const zip = await JSZip.loadAsync(readFileSync(`${out}.zip`));
    const inZip = Object.values(zip.files).filter((f) => !f.dir);
    const onDisk = filesUnder(out).map((f) => relative(out, f)).sort();
    expect(inZip.map((f) => f.name.replace(`${basename(out)}/`, "")).sort()).toEqual(onDisk);
    for (const f of inZip.filter((f) => f.name.endsWith(".csv"))) expect(Buffer.from(await f.async("uint8array")).equals(readFileSync(join(out, f.name.replace(`${basename(out)}/`, ""))))).toBe(true);
  });

  it("carries no person or carer key", () => {
    for (const file of filesUnder(out).filter((f) => /\.(csv|md|json|svg)$/.test(f))) expect(readFileSync(file, "utf8"), relative(out, file)).not.toMatch(KEY);
  });

  it("writes only the chosen metrics, in any case, replacing a previous pack", () => {
    const chosen = join(work, "chosen");
    const first = alliance_(["evidence-pack", "--period", period, "--metrics", "POD-01", "--out", chosen]);
    expect(first.status, first.stderr).toBe(0);
    const second = alliance_(["evidence-pack", "--period", period, "--metrics", "hosp-02,PPD-02", "--out", chosen]);
    expect(second.status, second.stderr).toBe(0);
    expect(readdirSync(chosen).sort()).toEqual(["HOSP-02", "PPD-02", "README.md", "manifest.json", "summary.csv"]);
    expect(readdirSync(work).filter((f) => f.startsWith("."))).toEqual([]);
  });
});

describe("a period or metric that is not in the data", () => {
  it("stops with exit 2, one line listing what there is, and writes nothing", () => {
    const dir = tempDir("alliance-refused-");
    const board = alliance_(["board-pack", "--period", "2030-31-Q1", "--out", join(dir, "pack.pdf")]);
    expect(board.status).toBe(2);
    const reason = board.stderr.trim().split("\n").at(-1)!;
    expect(reason).toMatch(/^alliance: period 2030-31-Q1 is not in the data; available: \d{4}-\d{2}-Q\d … \d{4}-\d{2}-Q\d$/);
    const evidence = alliance_(["evidence-pack", "--period", period, "--metrics", "POD-01,NOPE-9", "--out", join(dir, "pack")]);
    expect(evidence.status).toBe(2);
    const line = evidence.stderr.trim().split("\n").at(-1)!;
    expect(line).toMatch(/^alliance: unknown metric NOPE-9; available: POD-01, /);
    for (const m of definitions) expect(line).toContain(m.id);
    const badPeriod = alliance_(["evidence-pack", "--period", "2030-31-Q1", "--out", join(dir, "pack")]);
    expect(badPeriod.status).toBe(2);
    expect(readdirSync(dir)).toEqual([]);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe("the packs the build put in the site", () => {
  it("are the latest quarter's board pack and evidence pack, listed for the packs page", async () => {
    const manifest = JSON.parse(readFileSync(join(alliance.site, "downloads", "packs.json"), "utf8"));
    const latest = [...new Set(published.filter((r) => r.breakdown === "alliance" && r.period_type === "quarter").map((r) => r.period))].sort().at(-1);
    expect(manifest.period).toBe(latest);
    const pdf = readFileSync(join(alliance.site, "downloads", manifest.board_pack.file));
    expect(pdf.length).toBe(manifest.board_pack.bytes);
    const doc = await getDocumentProxy(new Uint8Array(pdf));
    expect(doc.numPages).toBe(manifest.board_pack.pages);
    await doc.destroy();
    const zip = await JSZip.loadAsync(readFileSync(join(alliance.site, "downloads", manifest.evidence_pack.file)));
    expect(Object.keys(zip.files).filter((f) => f.endsWith("/statement.md"))).toHaveLength(definitions.length);
  });
});
