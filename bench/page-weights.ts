/**
 * What each page of the built site costs its reader at first load, and what it would cost for all of England:
 * `npx tsx bench/page-weights.ts [DIST] [--scale demo]` (default dist/, built at the demo scale by `npm run
 * build`; --scale names the scale of demo/scales.ts the site was built from). Prints figures, judges nothing.
 * - every page opened in Debian's chromium from a local static server, as a reader opens it (no filter touched,
 *   no button pressed): the bytes of every response until the network is idle, split into HTML, JS and CSS,
 *   and data files (_file/), with the largest data file;
 * - a projection of each page's data to the national scale: the part of each data file that lists PCNs,
 *   practices or localities scaled by how many more of them the national alliance has (demo/scales.ts), the rest
 *   as measured (metric definitions, alliance totals, partners and equity groups do not grow with the alliance);
 * - the data files no page fetches at load (the per-metric PCN and practice files, fetched on demand), with the
 *   largest and its projection.
 * Bytes are as served, before any compression a host may add.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { scaleSpec, SCALES, type Scale } from "../demo/scales.ts";
import { launchBrowser } from "../packs/chromium.ts";
import { serveStatic } from "../packs/static-server.ts";
import { decodeColumns, FAMILIES } from "../src/components/data.js";

const { values, positionals } = parseArgs({ allowPositionals: true, options: { scale: { type: "string", default: "demo" } } });
const dist = resolve(positionals[0] ?? "dist");
const scale = values.scale as Scale;
if (!SCALES.includes(scale)) throw new Error(`--scale must be one of ${SCALES.join(", ")}`);

const PAGES = [
  "/index.html",
  "/contract.html",
  ...FAMILIES.filter((f) => f.path).map((f) => `/families/${f.path}.html`),
  "/data-quality.html",
  "/definitions.html",
  "/packs.html",
  "/board-pack.html",
];

/** How many localities, PCNs and practices a scale's alliance has. */
function places(s: Scale) {
  const localities = scaleSpec(s).localities;
  return { locality: localities.length, pcn: localities.reduce((n, l) => n + l.pcns, 0), practice: localities.reduce((n, l) => n + l.practices, 0) };
}
const built = places(scale);
const national = places("national");
/** How many times as many groups a breakdown has nationally as in the built site (1 for one that does not grow). */
const growth = (breakdown: string) => (breakdown in built ? national[breakdown as keyof typeof built] / built[breakdown as keyof typeof built] : 1);

type Table = { length: number; columns: Record<string, unknown> };
const size = (value: unknown) => Buffer.byteLength(JSON.stringify(value));

/** A column-encoded table's bytes at the national scale: its bytes per row, times its rows scaled by breakdown. */
function projectTable(table: Table): number {
  if (!table.length) return size(table);
  const perRow = size(table) / table.length;
  return decodeColumns(table).reduce((bytes: number, row: { breakdown?: string }) => bytes + perRow * growth(row.breakdown ?? "alliance"), 0);
}

/** A list of one breakdown's groups (or keys "pcn|code") at the national scale. */
const projectList = (list: unknown[], breakdown: string) => size(list) * growth(breakdown);

/** A data file's bytes at the national scale, from what it holds (see the header); unknown files as measured. */
function projectFile(name: string, bytes: Buffer): number {
  if (!name.endsWith(".json")) return bytes.length;
  const data = JSON.parse(bytes.toString("utf8"));
  const rest = (...keys: string[]) => bytes.length - keys.reduce((n, k) => n + (data[k] === undefined ? 0 : size(data[k])), 0);
  if (data.metrics && data.family) {
    // a family page's file: per metric, values and SPC tables (and the keys of its scaled SPC series)
    let projected = rest("metrics");
    for (const m of Object.values(data.metrics) as { values: Table; spc: Table; scaled_series?: string[] }[]) {
      const other = size(m) - size(m.values) - size(m.spc) - (m.scaled_series ? size(m.scaled_series) : 0);
      projected += other + projectTable(m.values) + projectTable(m.spc) + (m.scaled_series ? projectList(m.scaled_series, "pcn") : 0);
    }
    return projected;
  }
  if (data.breakdown && data.values) return bytes.length * growth(data.breakdown); // one metric, one breakdown
  if (/\/practices\.[0-9a-f]+\.json$/.test(name)) return bytes.length * growth("practice");
  if (data.localities && data.partners) {
    // meta.json: the places it lists grow, the rest does not
    return rest("localities", "pcns", "practices") + projectList(data.localities, "locality") + (data.pcns ? projectList(data.pcns, "pcn") : 0) + (data.practices ? projectList(data.practices, "practice") : 0);
  }
  return bytes.length;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const kB = (bytes: number) => `${(bytes / 1024).toFixed(0)} kB`;
const MB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;

const server = await serveStatic(dist);
const browser = await launchBrowser();
const fetchedAtLoad = new Set<string>();
console.log(`page weights at first load, ${dist} built at the ${scale} scale (${built.locality} localities, ${built.pcn} PCNs, ${built.practice} practices); national: ${national.locality}, ${national.pcn}, ${national.practice}`);
console.log(["page".padEnd(34), "requests", "HTML", "JS+CSS", "data", "total", "largest data file", "national data", "national total"].join(" | "));
try {
  for (const path of PAGES) {
    const page = await browser.context.newPage();
    const responses: Promise<{ url: string; bytes: Buffer }>[] = [];
    page.on("response", (r) => responses.push(r.body().then((bytes) => ({ url: new URL(r.url()).pathname, bytes }), () => ({ url: new URL(r.url()).pathname, bytes: Buffer.alloc(0) }))));
    await page.goto(server.origin + path, { waitUntil: "networkidle", timeout: 0 });
    await page.waitForTimeout(2000); // the cells that run after the first data arrive may fetch more
    await page.waitForLoadState("networkidle");
    const got = await Promise.all(responses);
    await page.close();
    let html = 0, code = 0, data = 0, projected = 0;
    let largest = { url: "", bytes: 0 };
    for (const { url, bytes } of got) {
      if (url.startsWith("/_file/")) {
        fetchedAtLoad.add(url);
        data += bytes.length;
        projected += projectFile(url, bytes);
        if (bytes.length > largest.bytes) largest = { url, bytes: bytes.length };
      } else if (url.endsWith(".js") || url.endsWith(".css")) code += bytes.length;
      else html += bytes.length;
    }
    const largestName = largest.url.replace(/^\/_file\/data\//, "").replace(/\.[0-9a-f]{8}\./, ".");
    console.log([path.padEnd(34), String(got.length).padStart(8), kB(html), kB(code), kB(data), kB(html + code + data), `${largestName} ${kB(largest.bytes)}`, MB(projected), MB(html + code + projected)].join(" | "));
  }
} finally {
  await browser.close();
  await server.close();
}
const onDemand = filesUnder(join(dist, "_file"))
  .map((f) => `/${relative(dist, f)}`)
  .filter((url) => !fetchedAtLoad.has(url) && url.endsWith(".json"));
if (onDemand.length) {
  const sized = onDemand.map((url) => ({ url, bytes: statSync(join(dist, url)).size, projected: projectFile(url, readFileSync(join(dist, url))) })).sort((a, b) => b.projected - a.projected);
  const top = sized[0]!;
  console.log(
    `data files no page fetches at load (fetched on demand): ${sized.length}, ${kB(sized.reduce((n, f) => n + f.bytes, 0))}; the largest ${top.url.replace(/^\/_file\/data\//, "").replace(/\.[0-9a-f]{8}\./, ".")} ${kB(top.bytes)}, nationally ${MB(top.projected)}`,
  );
}
